resource "aws_default_security_group" "dr" {
  provider = aws.dr

  tags = {
    Name = "dr-default-sg-rdha"
  }
  vpc_id = var.vpc_dr_id
}

resource "aws_security_group" "dr_app" {
  provider = aws.dr

  description = "rdha application tier: attach to the app alongside its own groups to reach PostgreSQL"
  name        = "dr-app-sg-rdha"
  tags = {
    Name = "dr-app-sg-rdha"
  }
  vpc_id = var.vpc_dr_id
}

resource "aws_security_group" "dr_db" {
  provider = aws.dr

  description = "rdha PostgreSQL instances: port 5432 from the application tier only"
  name        = "dr-db-sg-rdha"
  tags = {
    Name = "dr-db-sg-rdha"
  }
  vpc_id = var.vpc_dr_id
}

resource "aws_vpc_security_group_egress_rule" "dr_app_to_db" {
  provider = aws.dr

  description                  = "PostgreSQL 5432 to the database group dr-db-sg-rdha"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.dr_db.id
  security_group_id            = aws_security_group.dr_app.id
  to_port                      = 5432
}

resource "aws_vpc_security_group_egress_rule" "dr_app_to_peer_db_1" {
  provider = aws.dr

  cidr_ipv4         = "10.0.3.0/24"
  description       = "PostgreSQL 5432 to the database subnet 10.0.3.0/24 of us-east-1"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.dr_app.id
  to_port           = 5432
}

resource "aws_vpc_security_group_egress_rule" "dr_app_to_peer_db_2" {
  provider = aws.dr

  cidr_ipv4         = "10.0.4.0/24"
  description       = "PostgreSQL 5432 to the database subnet 10.0.4.0/24 of us-east-1"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.dr_app.id
  to_port           = 5432
}

resource "aws_vpc_security_group_ingress_rule" "dr_db_from_app" {
  provider = aws.dr

  description                  = "PostgreSQL 5432 from the application tier group dr-app-sg-rdha"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.dr_app.id
  security_group_id            = aws_security_group.dr_db.id
  to_port                      = 5432
}

resource "aws_vpc_security_group_ingress_rule" "dr_db_from_peer_1" {
  provider = aws.dr

  cidr_ipv4         = "10.0.3.0/24"
  description       = "PostgreSQL 5432 from the application subnet 10.0.3.0/24 of us-east-1 (peered VPC)"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.dr_db.id
  to_port           = 5432
}

resource "aws_vpc_security_group_ingress_rule" "dr_db_from_peer_2" {
  provider = aws.dr

  cidr_ipv4         = "10.0.4.0/24"
  description       = "PostgreSQL 5432 from the application subnet 10.0.4.0/24 of us-east-1 (peered VPC)"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.dr_db.id
  to_port           = 5432
}

data "aws_iam_policy_document" "dr_flow_logs_assume" {
  provider = aws.dr

  statement {
    actions = ["sts:AssumeRole"]
    effect  = "Allow"
    sid     = "VpcFlowLogsAssumeRole"

    condition {
      test     = "StringEquals"
      values   = [var.data_caller_identity_current_account_id]
      variable = "aws:SourceAccount"
    }

    principals {
      identifiers = ["vpc-flow-logs.amazonaws.com"]
      type        = "Service"
    }
  }
}

resource "aws_iam_role" "dr_flow_logs" {
  provider = aws.dr

  assume_role_policy = data.aws_iam_policy_document.dr_flow_logs_assume.json
  description        = "VPC flow logs of the dr region (us-west-2) to CloudWatch Logs"
  name               = "dr-flow-logs-rdha"
}

data "aws_iam_policy_document" "kms_dr" {
  provider = aws.dr

  statement {
    actions   = ["kms:*"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "AccountAdministration"

    principals {
      identifiers = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:root"]
      type        = "AWS"
    }
  }

  statement {
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "UseViaRdsAndSecretsManager"

    condition {
      test     = "StringEquals"
      values   = ["rds.us-west-2.amazonaws.com", "secretsmanager.us-west-2.amazonaws.com"]
      variable = "kms:ViaService"
    }

    condition {
      test     = "StringEquals"
      values   = [var.data_caller_identity_current_account_id]
      variable = "kms:CallerAccount"
    }

    principals {
      identifiers = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:root"]
      type        = "AWS"
    }
  }

  statement {
    actions   = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "GrantsForAwsResources"

    condition {
      test     = "StringEquals"
      values   = ["rds.us-west-2.amazonaws.com", "secretsmanager.us-west-2.amazonaws.com"]
      variable = "kms:ViaService"
    }

    condition {
      test     = "StringEquals"
      values   = [var.data_caller_identity_current_account_id]
      variable = "kms:CallerAccount"
    }

    condition {
      test     = "Bool"
      values   = ["true"]
      variable = "kms:GrantIsForAWSResource"
    }

    principals {
      identifiers = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:root"]
      type        = "AWS"
    }
  }

  statement {
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "CloudWatchLogs"

    condition {
      test     = "ArnLike"
      values   = ["arn:${var.data_partition_current_partition}:logs:us-west-2:${var.data_caller_identity_current_account_id}:log-group:*"]
      variable = "kms:EncryptionContext:aws:logs:arn"
    }

    principals {
      identifiers = ["logs.us-west-2.amazonaws.com"]
      type        = "Service"
    }
  }

  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "AlarmAndEventPublishingToSns"

    principals {
      identifiers = ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com"]
      type        = "Service"
    }
  }
}

resource "aws_kms_replica_key" "dr" {
  provider = aws.dr

  deletion_window_in_days = 30
  description             = "rdha: DR-region replica of the multi-Region data-at-rest key"
  policy                  = data.aws_iam_policy_document.kms_dr.json
  primary_key_arn         = var.kms_key_primary_arn
  tags = {
    Name = "dr-kms-rdha"
  }
}

resource "aws_kms_alias" "dr" {
  provider = aws.dr

  name          = "alias/rds-rdha"
  target_key_id = aws_kms_replica_key.dr.key_id
}

data "aws_iam_policy_document" "dr_alarm_topic" {
  provider = aws.dr

  statement {
    actions   = ["sns:Publish"]
    effect    = "Allow"
    resources = [var.sns_topic_dr_arn]
    sid       = "CloudWatchAlarms"

    condition {
      test     = "StringEquals"
      values   = [var.data_caller_identity_current_account_id]
      variable = "aws:SourceAccount"
    }

    principals {
      identifiers = ["cloudwatch.amazonaws.com"]
      type        = "Service"
    }
  }

  statement {
    actions   = ["sns:Publish"]
    effect    = "Allow"
    resources = [var.sns_topic_dr_arn]
    sid       = "RdsEvents"

    condition {
      test     = "StringEquals"
      values   = [var.data_caller_identity_current_account_id]
      variable = "aws:SourceAccount"
    }

    principals {
      identifiers = ["events.rds.amazonaws.com"]
      type        = "Service"
    }
  }
}

data "aws_iam_policy_document" "dr_flow_logs" {
  provider = aws.dr

  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]
    effect    = "Allow"
    resources = [var.cloudwatch_log_group_dr_flow_logs_arn, "${var.cloudwatch_log_group_dr_flow_logs_arn}:*"]
    sid       = "WriteFlowLogs"
  }
}

resource "aws_iam_role_policy" "dr_flow_logs" {
  provider = aws.dr

  name   = "dr-flow-logs-rdha"
  policy = data.aws_iam_policy_document.dr_flow_logs.json
  role   = aws_iam_role.dr_flow_logs.id
}
