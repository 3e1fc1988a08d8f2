resource "aws_cloudwatch_log_group" "primary_flow_logs" {
  kms_key_id        = var.kms_key_primary_arn
  name              = "primary-flow-logs-rdha"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "primary_postgresql" {
  kms_key_id        = var.kms_key_primary_arn
  name              = "/aws/rds/instance/primary-rdha/postgresql"
  retention_in_days = 365
  tags = {
    Name = "primary-postgresql-logs-rdha"
  }
}

resource "aws_cloudwatch_log_group" "primary_upgrade" {
  kms_key_id        = var.kms_key_primary_arn
  name              = "/aws/rds/instance/primary-rdha/upgrade"
  retention_in_days = 365
  tags = {
    Name = "primary-upgrade-logs-rdha"
  }
}

resource "aws_cloudwatch_log_group" "replica_1_postgresql" {
  kms_key_id        = var.kms_key_primary_arn
  name              = "/aws/rds/instance/replica-1-rdha/postgresql"
  retention_in_days = 365
  tags = {
    Name = "replica-1-postgresql-logs-rdha"
  }
}

resource "aws_cloudwatch_log_group" "replica_1_upgrade" {
  kms_key_id        = var.kms_key_primary_arn
  name              = "/aws/rds/instance/replica-1-rdha/upgrade"
  retention_in_days = 365
  tags = {
    Name = "replica-1-upgrade-logs-rdha"
  }
}

resource "aws_cloudwatch_log_group" "replica_2_postgresql" {
  kms_key_id        = var.kms_key_primary_arn
  name              = "/aws/rds/instance/replica-2-rdha/postgresql"
  retention_in_days = 365
  tags = {
    Name = "replica-2-postgresql-logs-rdha"
  }
}

resource "aws_cloudwatch_log_group" "replica_2_upgrade" {
  kms_key_id        = var.kms_key_primary_arn
  name              = "/aws/rds/instance/replica-2-rdha/upgrade"
  retention_in_days = 365
  tags = {
    Name = "replica-2-upgrade-logs-rdha"
  }
}

resource "aws_sns_topic" "primary" {
  kms_master_key_id = var.kms_key_primary_arn
  name              = "primary-db-alarms-rdha"
  tags = {
    Name = "primary-db-alarms-rdha"
  }
}

resource "aws_sns_topic_policy" "primary" {
  arn    = aws_sns_topic.primary.arn
  policy = var.data_iam_policy_document_primary_alarm_topic_json
}

resource "aws_cloudwatch_metric_alarm" "primary_connections" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "primary-rdha: more than 800 connections (80% of max_connections 1000)"
  alarm_name          = "primary-connections-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_primary_identifier
  }
  evaluation_periods = 3
  metric_name        = "DatabaseConnections"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "primary-connections-rdha"
  }
  threshold          = 800
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "primary_cpu" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "primary-rdha: CPU above 80% for 3 x 60 s"
  alarm_name          = "primary-cpu-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_primary_identifier
  }
  evaluation_periods = 3
  metric_name        = "CPUUtilization"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "primary-cpu-rdha"
  }
  threshold          = 80.0
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "primary_free_storage" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "primary-rdha: free storage below 10737418240 bytes"
  alarm_name          = "primary-free-storage-rdha"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_primary_identifier
  }
  evaluation_periods = 3
  metric_name        = "FreeStorageSpace"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "primary-free-storage-rdha"
  }
  threshold          = 10737418240
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "primary_freeable_memory" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "primary-rdha: freeable memory below 1073741824 bytes"
  alarm_name          = "primary-freeable-memory-rdha"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_primary_identifier
  }
  evaluation_periods = 3
  metric_name        = "FreeableMemory"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "primary-freeable-memory-rdha"
  }
  threshold          = 1073741824
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_1_connections" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-1-rdha: more than 800 connections (80% of max_connections 1000)"
  alarm_name          = "replica-1-connections-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_1_identifier
  }
  evaluation_periods = 3
  metric_name        = "DatabaseConnections"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-1-connections-rdha"
  }
  threshold          = 800
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_1_cpu" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-1-rdha: CPU above 80% for 3 x 60 s"
  alarm_name          = "replica-1-cpu-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_1_identifier
  }
  evaluation_periods = 3
  metric_name        = "CPUUtilization"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-1-cpu-rdha"
  }
  threshold          = 80.0
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_1_free_storage" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-1-rdha: free storage below 10737418240 bytes"
  alarm_name          = "replica-1-free-storage-rdha"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_1_identifier
  }
  evaluation_periods = 3
  metric_name        = "FreeStorageSpace"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-1-free-storage-rdha"
  }
  threshold          = 10737418240
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_1_freeable_memory" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-1-rdha: freeable memory below 1073741824 bytes"
  alarm_name          = "replica-1-freeable-memory-rdha"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_1_identifier
  }
  evaluation_periods = 3
  metric_name        = "FreeableMemory"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-1-freeable-memory-rdha"
  }
  threshold          = 1073741824
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_1_lag" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-1-rdha: replica lag above 360 s, or no lag reported (replication broken)"
  alarm_name          = "replica-1-lag-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_1_identifier
  }
  evaluation_periods = 3
  metric_name        = "ReplicaLag"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-1-lag-rdha"
  }
  threshold          = 360.0
  treat_missing_data = "breaching"
}

resource "aws_cloudwatch_metric_alarm" "replica_2_connections" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-2-rdha: more than 800 connections (80% of max_connections 1000)"
  alarm_name          = "replica-2-connections-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_2_identifier
  }
  evaluation_periods = 3
  metric_name        = "DatabaseConnections"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-2-connections-rdha"
  }
  threshold          = 800
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_2_cpu" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-2-rdha: CPU above 80% for 3 x 60 s"
  alarm_name          = "replica-2-cpu-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_2_identifier
  }
  evaluation_periods = 3
  metric_name        = "CPUUtilization"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-2-cpu-rdha"
  }
  threshold          = 80.0
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_2_free_storage" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-2-rdha: free storage below 10737418240 bytes"
  alarm_name          = "replica-2-free-storage-rdha"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_2_identifier
  }
  evaluation_periods = 3
  metric_name        = "FreeStorageSpace"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-2-free-storage-rdha"
  }
  threshold          = 10737418240
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_2_freeable_memory" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-2-rdha: freeable memory below 1073741824 bytes"
  alarm_name          = "replica-2-freeable-memory-rdha"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_2_identifier
  }
  evaluation_periods = 3
  metric_name        = "FreeableMemory"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-2-freeable-memory-rdha"
  }
  threshold          = 1073741824
  treat_missing_data = "missing"
}

resource "aws_cloudwatch_metric_alarm" "replica_2_lag" {
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.primary.arn]
  alarm_description   = "replica-2-rdha: replica lag above 360 s, or no lag reported (replication broken)"
  alarm_name          = "replica-2-lag-rdha"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_2_identifier
  }
  evaluation_periods = 3
  metric_name        = "ReplicaLag"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.primary.arn]
  period             = 60
  statistic          = "Average"
  tags = {
    Name = "replica-2-lag-rdha"
  }
  threshold          = 360.0
  treat_missing_data = "breaching"
}

resource "aws_db_event_subscription" "primary" {
  enabled          = true
  event_categories = ["failover", "failure", "low storage", "read replica"]
  name             = "primary-db-events-rdha"
  sns_topic        = aws_sns_topic.primary.arn
  source_ids       = [var.db_instance_primary_identifier, var.db_instance_replica_1_identifier, var.db_instance_replica_2_identifier]
  source_type      = "db-instance"
  tags = {
    Name = "primary-db-events-rdha"
  }
}
