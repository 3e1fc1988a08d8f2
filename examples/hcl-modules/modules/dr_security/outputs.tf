output "data_iam_policy_document_dr_alarm_topic_json" {
  description = "data.aws_iam_policy_document.dr_alarm_topic.json."
  value       = data.aws_iam_policy_document.dr_alarm_topic.json
}

output "iam_role_dr_flow_logs_arn" {
  description = "aws_iam_role.dr_flow_logs.arn."
  value       = aws_iam_role.dr_flow_logs.arn
}

output "iam_role_policy_dr_flow_logs_id" {
  description = "aws_iam_role_policy.dr_flow_logs.id."
  value       = aws_iam_role_policy.dr_flow_logs.id
}

output "kms_replica_key_dr_arn" {
  description = "aws_kms_replica_key.dr.arn."
  value       = aws_kms_replica_key.dr.arn
}

output "security_group_dr_db_id" {
  description = "aws_security_group.dr_db.id."
  value       = aws_security_group.dr_db.id
}
