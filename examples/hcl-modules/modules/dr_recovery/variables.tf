variable "iam_role_rds_operations_arn" {
  description = "aws_iam_role.rds_operations.arn of module primary_security."
  type        = string
}

variable "sns_topic_dr_arn" {
  description = "aws_sns_topic.dr.arn of module dr_monitoring."
  type        = string
}
