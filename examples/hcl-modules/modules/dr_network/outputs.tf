output "subnet_dr_private_1_id" {
  description = "aws_subnet.dr_private_1.id."
  value       = aws_subnet.dr_private_1.id
}

output "subnet_dr_private_2_id" {
  description = "aws_subnet.dr_private_2.id."
  value       = aws_subnet.dr_private_2.id
}

output "vpc_dr_id" {
  description = "aws_vpc.dr.id."
  value       = aws_vpc.dr.id
}

output "vpc_peering_connection_accepter_primary_to_dr_id" {
  description = "aws_vpc_peering_connection_accepter.primary_to_dr.id."
  value       = aws_vpc_peering_connection_accepter.primary_to_dr.id
}
