variable "cloudwatch_log_group_primary_postgresql_id" {
  description = "aws_cloudwatch_log_group.primary_postgresql.id of module primary_monitoring."
  type        = string
}

variable "cloudwatch_log_group_primary_upgrade_id" {
  description = "aws_cloudwatch_log_group.primary_upgrade.id of module primary_monitoring."
  type        = string
}

variable "cloudwatch_log_group_replica_1_postgresql_id" {
  description = "aws_cloudwatch_log_group.replica_1_postgresql.id of module primary_monitoring."
  type        = string
}

variable "cloudwatch_log_group_replica_1_upgrade_id" {
  description = "aws_cloudwatch_log_group.replica_1_upgrade.id of module primary_monitoring."
  type        = string
}

variable "cloudwatch_log_group_replica_2_postgresql_id" {
  description = "aws_cloudwatch_log_group.replica_2_postgresql.id of module primary_monitoring."
  type        = string
}

variable "cloudwatch_log_group_replica_2_upgrade_id" {
  description = "aws_cloudwatch_log_group.replica_2_upgrade.id of module primary_monitoring."
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

variable "kms_key_primary_arn" {
  description = "aws_kms_key.primary.arn of module primary_security."
  type        = string
}

variable "password_db_master_result" {
  description = "random_password.db_master.result of module primary_security."
  sensitive   = true
  type        = string
}

variable "security_group_primary_db_id" {
  description = "aws_security_group.primary_db.id of module primary_security."
  type        = string
}

variable "subnet_primary_private_1_id" {
  description = "aws_subnet.primary_private_1.id of module primary_network."
  type        = string
}

variable "subnet_primary_private_2_id" {
  description = "aws_subnet.primary_private_2.id of module primary_network."
  type        = string
}
