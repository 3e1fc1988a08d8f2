variable "cloudwatch_log_group_dr_flow_logs_arn" {
  description = "aws_cloudwatch_log_group.dr_flow_logs.arn of module dr_monitoring."
  type        = string
}

variable "iam_role_dr_flow_logs_arn" {
  description = "aws_iam_role.dr_flow_logs.arn of module dr_security."
  type        = string
}

variable "iam_role_policy_dr_flow_logs_id" {
  description = "aws_iam_role_policy.dr_flow_logs.id of module dr_security."
  type        = string
}

variable "vpc_peering_connection_primary_to_dr_id" {
  description = "aws_vpc_peering_connection.primary_to_dr.id of module primary_network."
  type        = string
}
