output "cloudwatch_log_group_dr_flow_logs_arn" {
  description = "aws_cloudwatch_log_group.dr_flow_logs.arn."
  value       = aws_cloudwatch_log_group.dr_flow_logs.arn
}

output "cloudwatch_log_group_dr_replica_postgresql_id" {
  description = "aws_cloudwatch_log_group.dr_replica_postgresql.id."
  value       = aws_cloudwatch_log_group.dr_replica_postgresql.id
}

output "cloudwatch_log_group_dr_replica_upgrade_id" {
  description = "aws_cloudwatch_log_group.dr_replica_upgrade.id."
  value       = aws_cloudwatch_log_group.dr_replica_upgrade.id
}

output "sns_topic_dr_arn" {
  description = "aws_sns_topic.dr.arn."
  value       = aws_sns_topic.dr.arn
}
