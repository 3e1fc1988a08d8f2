variable "data_iam_policy_document_primary_alarm_topic_json" {
  description = "data.aws_iam_policy_document.primary_alarm_topic.json of module primary_security."
  type        = string
}

variable "db_instance_primary_identifier" {
  description = "aws_db_instance.primary.identifier of module primary_database."
  type        = string
}

variable "db_instance_replica_1_identifier" {
  description = "aws_db_instance.replica_1.identifier of module primary_database."
  type        = string
}

variable "db_instance_replica_2_identifier" {
  description = "aws_db_instance.replica_2.identifier of module primary_database."
  type        = string
}

variable "kms_key_primary_arn" {
  description = "aws_kms_key.primary.arn of module primary_security."
  type        = string
}
