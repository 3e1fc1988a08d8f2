variable "cloudwatch_log_group_dr_replica_postgresql_id" {
  description = "aws_cloudwatch_log_group.dr_replica_postgresql.id of module dr_monitoring."
  type        = string
}

variable "cloudwatch_log_group_dr_replica_upgrade_id" {
  description = "aws_cloudwatch_log_group.dr_replica_upgrade.id of module dr_monitoring."
  type        = string
}

variable "db_instance_primary_arn" {
  description = "aws_db_instance.primary.arn of module primary_database."
  type        = string
}

variable "db_instance_replica_2_id" {
  description = "aws_db_instance.replica_2.id of module primary_database."
  type        = string
}

variable "iam_role_policy_attachment_rds_monitoring_id" {
  description = "aws_iam_role_policy_attachment.rds_monitoring.id of module primary_security."
  type        = string
}

variable "iam_role_rds_monitoring_arn" {
  description = "aws_iam_role.rds_monitoring.arn of module primary_security."
  type        = string
}

variable "kms_replica_key_dr_arn" {
  description = "aws_kms_replica_key.dr.arn of module dr_security."
  type        = string
}

variable "security_group_dr_db_id" {
  description = "aws_security_group.dr_db.id of module dr_security."
  type        = string
}

variable "subnet_dr_private_1_id" {
  description = "aws_subnet.dr_private_1.id of module dr_network."
  type        = string
}

variable "subnet_dr_private_2_id" {
  description = "aws_subnet.dr_private_2.id of module dr_network."
  type        = string
}
