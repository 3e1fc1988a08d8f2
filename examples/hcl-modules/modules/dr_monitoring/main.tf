resource "aws_cloudwatch_log_group" "dr_flow_logs" {
  provider = aws.dr

  kms_key_id        = var.kms_replica_key_dr_arn
  name              = "dr-flow-logs-rdha"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "dr_replica_postgresql" {
  provider = aws.dr

  kms_key_id        = var.kms_replica_key_dr_arn
  name              = "/aws/rds/instance/dr-replica-rdha/postgresql"
  retention_in_days = 365
  tags = {
    Name = "dr-replica-postgresql-logs-rdha"
  }
}

resource "aws_cloudwatch_log_group" "dr_replica_upgrade" {
  provider = aws.dr

  kms_key_id        = var.kms_replica_key_dr_arn
  name              = "/aws/rds/instance/dr-replica-rdha/upgrade"
  retention_in_days = 365
  tags = {
    Name = "dr-replica-upgrade-logs-rdha"
  }
}

resource "aws_sns_topic" "dr" {
  provider = aws.dr

  kms_master_key_id = var.kms_replica_key_dr_arn
  name              = "dr-db-alarms-rdha"
  tags = {
    Name = "dr-db-alarms-rdha"
  }
}

resource "aws_sns_topic_policy" "dr" {
  provider = aws.dr

  arn    = aws_sns_topic.dr.arn
  policy = var.data_iam_policy_document_dr_alarm_topic_json
}

resource "aws_cloudwatch_metric_alarm" "dr_replica_connections" {
  provider = aws.dr

  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.dr.arn]
  alarm_description   = "dr-replica-rdha: more than 800 connections (80% of max_connections 1000)"
  alarm_name          = "dr-replica-connections-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_dr_replica_identifier
  }
  evaluation_periods = 3
  metric_name        = "DatabaseConnections"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.dr.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "dr-replica-connections-rdha"
  }
  threshold          = 800
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "dr_replica_cpu" {
  provider = aws.dr

  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.dr.arn]
  alarm_description   = "dr-replica-rdha: CPU above 80% for 3 x 60 s"
  alarm_name          = "dr-replica-cpu-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_dr_replica_identifier
  }
  evaluation_periods = 3
  metric_name        = "CPUUtilization"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.dr.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "dr-replica-cpu-rdha"
  }
  threshold          = 80.0
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "dr_replica_free_storage" {
  provider = aws.dr

  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.dr.arn]
  alarm_description   = "dr-replica-rdha: free storage below 10737418240 bytes"
  alarm_name          = "dr-replica-free-storage-rdha"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_dr_replica_identifier
  }
  evaluation_periods = 3
  metric_name        = "FreeStorageSpace"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.dr.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "dr-replica-free-storage-rdha"
  }
  threshold          = 10737418240
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "dr_replica_freeable_memory" {
  provider = aws.dr

  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.dr.arn]
  alarm_description   = "dr-replica-rdha: freeable memory below 1073741824 bytes"
  alarm_name          = "dr-replica-freeable-memory-rdha"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_dr_replica_identifier
  }
  evaluation_periods = 3
  metric_name        = "FreeableMemory"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.dr.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "dr-replica-freeable-memory-rdha"
  }
  threshold          = 1073741824
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "dr_replica_lag" {
  provider = aws.dr

  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.dr.arn]
  alarm_description   = "dr-replica-rdha: replica lag above 360 s, or no lag reported (replication broken)"
  alarm_name          = "dr-replica-lag-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_dr_replica_identifier
  }
  evaluation_periods = 3
  metric_name        = "ReplicaLag"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.dr.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "dr-replica-lag-rdha"
  }
  threshold          = 360.0
  treat_missing_data = "breaching"
}

resource "aws_db_event_subscription" "dr" {
  provider = aws.dr

  enabled          = true
  event_categories = ["failover", "failure", "low storage", "read replica"]
  name             = "dr-db-events-rdha"
  sns_topic        = aws_sns_topic.dr.arn
  source_ids       = [var.db_instance_dr_replica_identifier]
  source_type      = "db-instance"
  tags = {
    Name = "dr-db-events-rdha"
  }
}
