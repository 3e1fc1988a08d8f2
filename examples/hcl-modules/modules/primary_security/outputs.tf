output "data_iam_policy_document_primary_alarm_topic_json" {
  description = "data.aws_iam_policy_document.primary_alarm_topic.json."
  value       = data.aws_iam_policy_document.primary_alarm_topic.json
}

output "iam_role_policy_attachment_rds_monitoring_id" {
  description = "aws_iam_role_policy_attachment.rds_monitoring.id."
  value       = aws_iam_role_policy_attachment.rds_monitoring.id
}

output "iam_role_policy_primary_flow_logs_id" {
  description = "aws_iam_role_policy.primary_flow_logs.id."
  value       = aws_iam_role_policy.primary_flow_logs.id
}

output "iam_role_primary_flow_logs_arn" {
  description = "aws_iam_role.primary_flow_logs.arn."
  value       = aws_iam_role.primary_flow_logs.arn
}

output "iam_role_rds_monitoring_arn" {
  description = "aws_iam_role.rds_monitoring.arn."
  value       = aws_iam_role.rds_monitoring.arn
}

output "iam_role_rds_operations_arn" {
  description = "aws_iam_role.rds_operations.arn."
  value       = aws_iam_role.rds_operations.arn
}

output "kms_key_primary_arn" {
  description = "aws_kms_key.primary.arn."
  value       = aws_kms_key.primary.arn
}

output "password_db_master_result" {
  description = "random_password.db_master.result."
  sensitive   = true
  value       = random_password.db_master.result
}

output "secretsmanager_secret_db_master_password_arn" {
  description = "aws_secretsmanager_secret.db_master_password.arn."
  value       = aws_secretsmanager_secret.db_master_password.arn
}

output "security_group_primary_db_id" {
  description = "aws_security_group.primary_db.id."
  value       = aws_security_group.primary_db.id
}
