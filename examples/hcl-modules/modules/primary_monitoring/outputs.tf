output "cloudwatch_log_group_primary_flow_logs_arn" {
  description = "aws_cloudwatch_log_group.primary_flow_logs.arn."
  value       = aws_cloudwatch_log_group.primary_flow_logs.arn
}

output "cloudwatch_log_group_primary_postgresql_id" {
  description = "aws_cloudwatch_log_group.primary_postgresql.id."
  value       = aws_cloudwatch_log_group.primary_postgresql.id
}

output "cloudwatch_log_group_primary_upgrade_id" {
  description = "aws_cloudwatch_log_group.primary_upgrade.id."
  value       = aws_cloudwatch_log_group.primary_upgrade.id
}

output "cloudwatch_log_group_replica_1_postgresql_id" {
  description = "aws_cloudwatch_log_group.replica_1_postgresql.id."
  value       = aws_cloudwatch_log_group.replica_1_postgresql.id
}

output "cloudwatch_log_group_replica_1_upgrade_id" {
  description = "aws_cloudwatch_log_group.replica_1_upgrade.id."
  value       = aws_cloudwatch_log_group.replica_1_upgrade.id
}

output "cloudwatch_log_group_replica_2_postgresql_id" {
  description = "aws_cloudwatch_log_group.replica_2_postgresql.id."
  value       = aws_cloudwatch_log_group.replica_2_postgresql.id
}

output "cloudwatch_log_group_replica_2_upgrade_id" {
  description = "aws_cloudwatch_log_group.replica_2_upgrade.id."
  value       = aws_cloudwatch_log_group.replica_2_upgrade.id
}

output "sns_topic_primary_arn" {
  description = "aws_sns_topic.primary.arn."
  value       = aws_sns_topic.primary.arn
}
