variable "cloudwatch_metric_alarm_writer_failover_alarm_name" {
  description = "aws_cloudwatch_metric_alarm.writer_failover.alarm_name of module dr_recovery."
  type        = string
}

variable "db_instance_dr_replica_address" {
  description = "aws_db_instance.dr_replica.address of module dr_database."
  type        = string
}

variable "db_instance_primary_address" {
  description = "aws_db_instance.primary.address of module primary_database."
  type        = string
}

variable "db_instance_replica_1_address" {
  description = "aws_db_instance.replica_1.address of module primary_database."
  type        = string
}

variable "db_instance_replica_1_identifier" {
  description = "aws_db_instance.replica_1.identifier of module primary_database."
  type        = string
}

variable "db_instance_replica_2_address" {
  description = "aws_db_instance.replica_2.address of module primary_database."
  type        = string
}

variable "db_instance_replica_2_identifier" {
  description = "aws_db_instance.replica_2.identifier of module primary_database."
  type        = string
}

variable "sns_topic_primary_arn" {
  description = "aws_sns_topic.primary.arn of module primary_monitoring."
  type        = string
}

variable "vpc_dr_id" {
  description = "aws_vpc.dr.id of module dr_network."
  type        = string
}

variable "vpc_primary_id" {
  description = "aws_vpc.primary.id of module primary_network."
  type        = string
}
