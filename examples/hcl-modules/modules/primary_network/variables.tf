variable "cloudwatch_log_group_primary_flow_logs_arn" {
  description = "aws_cloudwatch_log_group.primary_flow_logs.arn of module primary_monitoring."
  type        = string
}

variable "iam_role_policy_primary_flow_logs_id" {
  description = "aws_iam_role_policy.primary_flow_logs.id of module primary_security."
  type        = string
}

variable "iam_role_primary_flow_logs_arn" {
  description = "aws_iam_role.primary_flow_logs.arn of module primary_security."
  type        = string
}

variable "vpc_dr_id" {
  description = "aws_vpc.dr.id of module dr_network."
  type        = string
}

variable "vpc_peering_connection_accepter_primary_to_dr_id" {
  description = "aws_vpc_peering_connection_accepter.primary_to_dr.id of module dr_network."
  type        = string
}
