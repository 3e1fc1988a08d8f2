output "data_caller_identity_current_account_id" {
  description = "data.aws_caller_identity.current.account_id."
  value       = data.aws_caller_identity.current.account_id
}

output "data_partition_current_partition" {
  description = "data.aws_partition.current.partition."
  value       = data.aws_partition.current.partition
}
