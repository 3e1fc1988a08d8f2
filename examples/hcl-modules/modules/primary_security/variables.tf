variable "cloudwatch_log_group_primary_flow_logs_arn" {
  description = "aws_cloudwatch_log_group.primary_flow_logs.arn of module primary_monitoring."
  type        = string
}

variable "data_caller_identity_current_account_id" {
  description = "data.aws_caller_identity.current.account_id of module primary_main."
  type        = string
}

variable "data_partition_current_partition" {
  description = "data.aws_partition.current.partition of module primary_main."
  type        = string
}

variable "db_instance_primary_address" {
  description = "aws_db_instance.primary.address of module primary_database."
  type        = string
}

variable "kms_replica_key_dr_arn" {
  description = "aws_kms_replica_key.dr.arn of module dr_security."
  type        = string
}

variable "sns_topic_primary_arn" {
  description = "aws_sns_topic.primary.arn of module primary_monitoring."
  type        = string
}

variable "vpc_primary_id" {
  description = "aws_vpc.primary.id of module primary_network."
  type        = string
}
