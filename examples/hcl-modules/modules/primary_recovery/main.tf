resource "aws_route53_zone" "db" {
  comment = "rdha: stable names of the PostgreSQL writer and readers"
  name    = "db.rdha.internal"
  tags = {
    Name = "db-zone-rdha"
  }

  vpc {
    vpc_id     = var.vpc_primary_id
    vpc_region = "us-east-1"
  }

  vpc {
    vpc_id     = var.vpc_dr_id
    vpc_region = "us-west-2"
  }
}

resource "aws_route53_health_check" "writer" {
  cloudwatch_alarm_name           = var.cloudwatch_metric_alarm_writer_failover_alarm_name
  cloudwatch_alarm_region         = "us-west-2"
  insufficient_data_health_status = "LastKnownStatus"
  tags = {
    Name = "writer-failover-rdha"
  }
  type = "CLOUDWATCH_METRIC"
}

resource "aws_cloudwatch_metric_alarm" "reader_1" {
  actions_enabled     = true
  alarm_actions       = [var.sns_topic_primary_arn]
  alarm_description   = "replica-1-rdha is out of reader.db.rdha.internal: it stopped replicating (ReplicaLag -1) or reporting"
  alarm_name          = "replica-1-replicating-rdha"
  comparison_operator = "LessThanThreshold"
  datapoints_to_alarm = 3
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_1_identifier
  }
  evaluation_periods = 3
  metric_name        = "ReplicaLag"
  namespace          = "AWS/RDS"
  ok_actions         = [var.sns_topic_primary_arn]
  period             = 60
  statistic          = "Minimum"
  tags = {
    Name = "replica-1-replicating-rdha"
  }
  threshold          = 0
  treat_missing_data = "breaching"
}

resource "aws_cloudwatch_metric_alarm" "reader_2" {
  actions_enabled     = true
  alarm_actions       = [var.sns_topic_primary_arn]
  alarm_description   = "replica-2-rdha is out of reader.db.rdha.internal: it stopped replicating (ReplicaLag -1) or reporting"
  alarm_name          = "replica-2-replicating-rdha"
  comparison_operator = "LessThanThreshold"
  datapoints_to_alarm = 3
  dimensions = {
    DBInstanceIdentifier = var.db_instance_replica_2_identifier
  }
  evaluation_periods = 3
  metric_name        = "ReplicaLag"
  namespace          = "AWS/RDS"
  ok_actions         = [var.sns_topic_primary_arn]
  period             = 60
  statistic          = "Minimum"
  tags = {
    Name = "replica-2-replicating-rdha"
  }
  threshold          = 0
  treat_missing_data = "breaching"
}

resource "aws_route53_health_check" "reader_1" {
  cloudwatch_alarm_name           = aws_cloudwatch_metric_alarm.reader_1.alarm_name
  cloudwatch_alarm_region         = "us-east-1"
  insufficient_data_health_status = "Unhealthy"
  tags = {
    Name = "replica-1-replicating-rdha"
  }
  type = "CLOUDWATCH_METRIC"
}

resource "aws_route53_health_check" "reader_2" {
  cloudwatch_alarm_name           = aws_cloudwatch_metric_alarm.reader_2.alarm_name
  cloudwatch_alarm_region         = "us-east-1"
  insufficient_data_health_status = "Unhealthy"
  tags = {
    Name = "replica-2-replicating-rdha"
  }
  type = "CLOUDWATCH_METRIC"
}

resource "aws_route53_record" "reader_1" {
  health_check_id = aws_route53_health_check.reader_1.id
  name            = "reader.db.rdha.internal"
  records         = [var.db_instance_replica_1_address]
  set_identifier  = var.db_instance_replica_1_identifier
  ttl             = 30
  type            = "CNAME"
  zone_id         = aws_route53_zone.db.zone_id

  weighted_routing_policy {
    weight = 1
  }
}

resource "aws_route53_record" "reader_2" {
  health_check_id = aws_route53_health_check.reader_2.id
  name            = "reader.db.rdha.internal"
  records         = [var.db_instance_replica_2_address]
  set_identifier  = var.db_instance_replica_2_identifier
  ttl             = 30
  type            = "CNAME"
  zone_id         = aws_route53_zone.db.zone_id

  weighted_routing_policy {
    weight = 1
  }
}

resource "aws_route53_record" "reader_dr" {
  name           = "reader.db.rdha.internal"
  records        = [var.db_instance_dr_replica_address]
  set_identifier = "dr-replica-rdha"
  ttl            = 30
  type           = "CNAME"
  zone_id        = aws_route53_zone.db.zone_id

  weighted_routing_policy {
    weight = 0
  }
}

resource "aws_route53_record" "writer" {
  health_check_id = aws_route53_health_check.writer.id
  name            = "writer.db.rdha.internal"
  records         = [var.db_instance_primary_address]
  set_identifier  = "primary"
  ttl             = 30
  type            = "CNAME"
  zone_id         = aws_route53_zone.db.zone_id

  failover_routing_policy {
    type = "PRIMARY"
  }
}

resource "aws_route53_record" "writer_dr" {
  name           = "writer.db.rdha.internal"
  records        = [var.db_instance_dr_replica_address]
  set_identifier = "dr"
  ttl            = 30
  type           = "CNAME"
  zone_id        = aws_route53_zone.db.zone_id

  failover_routing_policy {
    type = "SECONDARY"
  }

  depends_on = [aws_route53_record.writer]
}
