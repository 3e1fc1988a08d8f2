variable "cloudwatch_log_group_dr_flow_logs_arn" {
  description = "aws_cloudwatch_log_group.dr_flow_logs.arn of module dr_monitoring."
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

variable "kms_key_primary_arn" {
  description = "aws_kms_key.primary.arn of module primary_security."
  type        = string
}

variable "sns_topic_dr_arn" {
  description = "aws_sns_topic.dr.arn of module dr_monitoring."
  type        = string
}

variable "vpc_dr_id" {
  description = "aws_vpc.dr.id of module dr_network."
  type        = string
}
