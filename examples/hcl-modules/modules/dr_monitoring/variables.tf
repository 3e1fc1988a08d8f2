variable "data_iam_policy_document_dr_alarm_topic_json" {
  description = "data.aws_iam_policy_document.dr_alarm_topic.json of module dr_security."
  type        = string
}

variable "db_instance_dr_replica_identifier" {
  description = "aws_db_instance.dr_replica.identifier of module dr_database."
  type        = string
}

variable "kms_replica_key_dr_arn" {
  description = "aws_kms_replica_key.dr.arn of module dr_security."
  type        = string
}
