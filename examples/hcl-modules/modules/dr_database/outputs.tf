output "db_instance_dr_replica_address" {
  description = "aws_db_instance.dr_replica.address."
  value       = aws_db_instance.dr_replica.address
}

output "db_instance_dr_replica_endpoint" {
  description = "aws_db_instance.dr_replica.endpoint."
  value       = aws_db_instance.dr_replica.endpoint
}

output "db_instance_dr_replica_identifier" {
  description = "aws_db_instance.dr_replica.identifier."
  value       = aws_db_instance.dr_replica.identifier
}
