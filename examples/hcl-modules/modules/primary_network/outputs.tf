output "subnet_primary_private_1_id" {
  description = "aws_subnet.primary_private_1.id."
  value       = aws_subnet.primary_private_1.id
}

output "subnet_primary_private_2_id" {
  description = "aws_subnet.primary_private_2.id."
  value       = aws_subnet.primary_private_2.id
}

output "vpc_peering_connection_primary_to_dr_id" {
  description = "aws_vpc_peering_connection.primary_to_dr.id."
  value       = aws_vpc_peering_connection.primary_to_dr.id
}

output "vpc_primary_id" {
  description = "aws_vpc.primary.id."
  value       = aws_vpc.primary.id
}
