output "db_instance_primary_address" {
  description = "aws_db_instance.primary.address."
  value       = aws_db_instance.primary.address
}

output "db_instance_primary_arn" {
  description = "aws_db_instance.primary.arn."
  value       = aws_db_instance.primary.arn
}

output "db_instance_primary_endpoint" {
  description = "aws_db_instance.primary.endpoint."
  value       = aws_db_instance.primary.endpoint
}

output "db_instance_primary_identifier" {
  description = "aws_db_instance.primary.identifier."
  value       = aws_db_instance.primary.identifier
}

output "db_instance_replica_1_address" {
  description = "aws_db_instance.replica_1.address."
  value       = aws_db_instance.replica_1.address
}

output "db_instance_replica_1_endpoint" {
  description = "aws_db_instance.replica_1.endpoint."
  value       = aws_db_instance.replica_1.endpoint
}

output "db_instance_replica_1_identifier" {
  description = "aws_db_instance.replica_1.identifier."
  value       = aws_db_instance.replica_1.identifier
}

output "db_instance_replica_2_address" {
  description = "aws_db_instance.replica_2.address."
  value       = aws_db_instance.replica_2.address
}

output "db_instance_replica_2_endpoint" {
  description = "aws_db_instance.replica_2.endpoint."
  value       = aws_db_instance.replica_2.endpoint
}

output "db_instance_replica_2_id" {
  description = "aws_db_instance.replica_2.id."
  value       = aws_db_instance.replica_2.id
}

output "db_instance_replica_2_identifier" {
  description = "aws_db_instance.replica_2.identifier."
  value       = aws_db_instance.replica_2.identifier
}
