output "cloudwatch_metric_alarm_writer_failover_alarm_name" {
  description = "aws_cloudwatch_metric_alarm.writer_failover.alarm_name."
  value       = aws_cloudwatch_metric_alarm.writer_failover.alarm_name
}

output "ssm_document_region_failover_name" {
  description = "aws_ssm_document.region_failover.name."
  value       = aws_ssm_document.region_failover.name
}
