resource "aws_default_security_group" "primary" {
  tags = {
    Name = "primary-default-sg-rdha"
  }
  vpc_id = var.vpc_primary_id
}

resource "aws_security_group" "primary_app" {
  description = "rdha application tier: attach to the app alongside its own groups to reach PostgreSQL"
  name        = "primary-app-sg-rdha"
  tags = {
    Name = "primary-app-sg-rdha"
  }
  vpc_id = var.vpc_primary_id
}

resource "aws_security_group" "primary_db" {
  description = "rdha PostgreSQL instances: port 5432 from the application tier only"
  name        = "primary-db-sg-rdha"
  tags = {
    Name = "primary-db-sg-rdha"
  }
  vpc_id = var.vpc_primary_id
}

resource "aws_vpc_security_group_egress_rule" "primary_app_to_db" {
  description                  = "PostgreSQL 5432 to the database group primary-db-sg-rdha"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.primary_db.id
  security_group_id            = aws_security_group.primary_app.id
  to_port                      = 5432
}

resource "aws_vpc_security_group_egress_rule" "primary_app_to_peer_db_1" {
  cidr_ipv4         = "10.1.3.0/24"
  description       = "PostgreSQL 5432 to the database subnet 10.1.3.0/24 of us-west-2"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.primary_app.id
  to_port           = 5432
}

resource "aws_vpc_security_group_egress_rule" "primary_app_to_peer_db_2" {
  cidr_ipv4         = "10.1.4.0/24"
  description       = "PostgreSQL 5432 to the database subnet 10.1.4.0/24 of us-west-2"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.primary_app.id
  to_port           = 5432
}

resource "aws_vpc_security_group_ingress_rule" "primary_db_from_app" {
  description                  = "PostgreSQL 5432 from the application tier group primary-app-sg-rdha"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.primary_app.id
  security_group_id            = aws_security_group.primary_db.id
  to_port                      = 5432
}

resource "aws_vpc_security_group_ingress_rule" "primary_db_from_peer_1" {
  cidr_ipv4         = "10.1.3.0/24"
  description       = "PostgreSQL 5432 from the application subnet 10.1.3.0/24 of us-west-2 (peered VPC)"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.primary_db.id
  to_port           = 5432
}

resource "aws_vpc_security_group_ingress_rule" "primary_db_from_peer_2" {
  cidr_ipv4         = "10.1.4.0/24"
  description       = "PostgreSQL 5432 from the application subnet 10.1.4.0/24 of us-west-2 (peered VPC)"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.primary_db.id
  to_port           = 5432
}

data "aws_iam_policy_document" "primary_flow_logs_assume" {
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

resource "aws_iam_role" "primary_flow_logs" {
  assume_role_policy = data.aws_iam_policy_document.primary_flow_logs_assume.json
  description        = "VPC flow logs of the primary region (us-east-1) to CloudWatch Logs"
  name               = "primary-flow-logs-rdha"
}

data "aws_iam_policy_document" "rds_monitoring_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    effect  = "Allow"
    sid     = "AssumedByEnhancedMonitoring"

    condition {
      test     = "StringEquals"
      values   = [var.data_caller_identity_current_account_id]
      variable = "aws:SourceAccount"
    }

    principals {
      identifiers = ["monitoring.rds.amazonaws.com"]
      type        = "Service"
    }
  }
}

resource "aws_iam_role" "rds_monitoring" {
  assume_role_policy = data.aws_iam_policy_document.rds_monitoring_trust.json
  description        = "rdha: lets RDS Enhanced Monitoring publish OS metrics to CloudWatch Logs"
  name               = "rds-monitoring-rdha"
  tags = {
    Name = "rds-monitoring-rdha"
  }
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  policy_arn = "arn:${var.data_partition_current_partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
  role       = aws_iam_role.rds_monitoring.name
}

data "aws_iam_policy_document" "kms_primary" {
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
      values   = ["rds.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"]
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
      values   = ["rds.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"]
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
      values   = ["arn:${var.data_partition_current_partition}:logs:us-east-1:${var.data_caller_identity_current_account_id}:log-group:*"]
      variable = "kms:EncryptionContext:aws:logs:arn"
    }

    principals {
      identifiers = ["logs.us-east-1.amazonaws.com"]
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

resource "aws_kms_key" "primary" {
  deletion_window_in_days = 30
  description             = "rdha: data at rest of the HA PostgreSQL stack (RDS, Secrets Manager, CloudWatch Logs, SNS)"
  enable_key_rotation     = true
  multi_region            = true
  policy                  = data.aws_iam_policy_document.kms_primary.json
  tags = {
    Name = "primary-kms-rdha"
  }
}

resource "aws_kms_alias" "primary" {
  name          = "alias/rds-rdha"
  target_key_id = aws_kms_key.primary.key_id
}

resource "aws_secretsmanager_secret" "db_master_password" {
  description             = "Master credentials of the rdha PostgreSQL primary (username, password, engine, host, port, dbname)"
  kms_key_id              = aws_kms_key.primary.arn
  name                    = "db-master-password-rdha"
  recovery_window_in_days = 30
  tags = {
    Name = "db-master-password-rdha"
  }

  replica {
    kms_key_id = var.kms_replica_key_dr_arn
    region     = "us-west-2"
  }
}

data "aws_iam_policy_document" "primary_alarm_topic" {
  statement {
    actions   = ["sns:Publish"]
    effect    = "Allow"
    resources = [var.sns_topic_primary_arn]
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
    resources = [var.sns_topic_primary_arn]
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

data "aws_iam_policy_document" "primary_flow_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]
    effect    = "Allow"
    resources = [var.cloudwatch_log_group_primary_flow_logs_arn, "${var.cloudwatch_log_group_primary_flow_logs_arn}:*"]
    sid       = "WriteFlowLogs"
  }
}

resource "aws_iam_role_policy" "primary_flow_logs" {
  name   = "primary-flow-logs-rdha"
  policy = data.aws_iam_policy_document.primary_flow_logs.json
  role   = aws_iam_role.primary_flow_logs.id
}

data "aws_iam_policy_document" "rds_operations" {
  statement {
    actions   = ["rds:DescribeDBInstances", "rds:DescribeEvents", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:DescribeAlarms"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "Observe"

    condition {
      test     = "StringEquals"
      values   = ["us-east-1", "us-west-2"]
      variable = "aws:RequestedRegion"
    }
  }

  statement {
    actions   = ["rds:PromoteReadReplica", "rds:RebootDBInstance", "rds:ModifyDBInstance", "rds:CreateDBInstanceReadReplica"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:rds:us-east-1:${var.data_caller_identity_current_account_id}:db:*-rdha", "arn:${var.data_partition_current_partition}:rds:us-west-2:${var.data_caller_identity_current_account_id}:db:*-rdha", "arn:${var.data_partition_current_partition}:rds:us-east-1:${var.data_caller_identity_current_account_id}:subgrp:*-rdha", "arn:${var.data_partition_current_partition}:rds:us-west-2:${var.data_caller_identity_current_account_id}:subgrp:*-rdha", "arn:${var.data_partition_current_partition}:rds:us-east-1:${var.data_caller_identity_current_account_id}:pg:*-rdha", "arn:${var.data_partition_current_partition}:rds:us-west-2:${var.data_caller_identity_current_account_id}:pg:*-rdha", "arn:${var.data_partition_current_partition}:rds:us-east-1:${var.data_caller_identity_current_account_id}:og:default:postgres-*", "arn:${var.data_partition_current_partition}:rds:us-west-2:${var.data_caller_identity_current_account_id}:og:default:postgres-*"]
    sid       = "FailoverAndPromotion"
  }

  statement {
    actions   = ["kms:CreateGrant", "kms:DescribeKey"]
    effect    = "Allow"
    resources = [aws_kms_key.primary.arn, var.kms_replica_key_dr_arn]
    sid       = "KeysThroughRds"

    condition {
      test     = "StringEquals"
      values   = ["rds.us-east-1.amazonaws.com", "rds.us-west-2.amazonaws.com"]
      variable = "kms:ViaService"
    }
  }

  statement {
    actions   = ["sns:Publish"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:sns:us-east-1:${var.data_caller_identity_current_account_id}:*-rdha", "arn:${var.data_partition_current_partition}:sns:us-west-2:${var.data_caller_identity_current_account_id}:*-rdha"]
    sid       = "NotifyOperators"
  }

  statement {
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    effect    = "Allow"
    resources = [aws_kms_key.primary.arn, var.kms_replica_key_dr_arn]
    sid       = "EncryptedNotifications"

    condition {
      test     = "StringEquals"
      values   = ["sns.us-east-1.amazonaws.com", "sns.us-west-2.amazonaws.com"]
      variable = "kms:ViaService"
    }
  }
}

data "aws_iam_policy_document" "rds_operations_failover" {
  statement {
    actions   = ["cloudwatch:PutMetricData"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "SwitchWriter"

    condition {
      test     = "StringEquals"
      values   = ["RDHA/Failover"]
      variable = "cloudwatch:namespace"
    }
  }

  statement {
    actions   = ["ssm:SendAutomationSignal"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:ssm:us-west-2:${var.data_caller_identity_current_account_id}:automation-execution/*"]
    sid       = "ApprovePromotion"
  }
}

data "aws_iam_policy_document" "rds_operations_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    effect  = "Allow"
    sid     = "AssumedByAccountOperators"

    principals {
      identifiers = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:root"]
      type        = "AWS"
    }
  }

  statement {
    actions = ["sts:AssumeRole"]
    effect  = "Allow"
    sid     = "AssumedBySsmAutomation"

    condition {
      test     = "StringEquals"
      values   = [var.data_caller_identity_current_account_id]
      variable = "aws:SourceAccount"
    }

    principals {
      identifiers = ["ssm.amazonaws.com"]
      type        = "Service"
    }
  }
}

resource "aws_iam_role" "rds_operations" {
  assume_role_policy = data.aws_iam_policy_document.rds_operations_trust.json
  description        = "rdha: failover and promotion runbooks for the PostgreSQL instances"
  name               = "rds-operations-rdha"
  tags = {
    Name = "rds-operations-rdha"
  }
}

resource "aws_iam_role_policy" "rds_operations" {
  name   = "rds-operations-rdha"
  policy = data.aws_iam_policy_document.rds_operations.json
  role   = aws_iam_role.rds_operations.id
}

resource "aws_iam_role_policy" "rds_operations_failover" {
  name   = "rds-operations-failover-rdha"
  policy = data.aws_iam_policy_document.rds_operations_failover.json
  role   = aws_iam_role.rds_operations.id
}

data "aws_iam_policy_document" "terraform_execution" {
  statement {
    actions   = ["ec2:Describe*", "rds:Describe*", "rds:ListTagsForResource", "kms:ListAliases", "kms:CreateKey", "secretsmanager:GetRandomPassword", "logs:DescribeLogGroups", "cloudwatch:DescribeAlarms", "sns:ListTopics"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "ReadAndUnscopableCalls"

    condition {
      test     = "StringEquals"
      values   = ["us-east-1", "us-west-2"]
      variable = "aws:RequestedRegion"
    }
  }

  statement {
    actions   = ["ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute", "ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway", "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress", "ec2:CreateNatGateway", "ec2:DeleteNatGateway", "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute", "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:CreateVpcPeeringConnection", "ec2:AcceptVpcPeeringConnection", "ec2:DeleteVpcPeeringConnection", "ec2:ModifyVpcPeeringConnectionOptions", "ec2:CreateFlowLogs", "ec2:DeleteFlowLogs", "ec2:CreateTags", "ec2:DeleteTags"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:ec2:us-east-1:${var.data_caller_identity_current_account_id}:*", "arn:${var.data_partition_current_partition}:ec2:us-west-2:${var.data_caller_identity_current_account_id}:*"]
    sid       = "Network"
  }

  statement {
    actions   = ["rds:CreateDBInstance", "rds:CreateDBInstanceReadReplica", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:RebootDBInstance", "rds:PromoteReadReplica", "rds:CreateDBSnapshot", "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup", "rds:DeleteDBParameterGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource", "rds:StartDBInstanceAutomatedBackupsReplication", "rds:StopDBInstanceAutomatedBackupsReplication", "rds:CreateEventSubscription", "rds:ModifyEventSubscription", "rds:DeleteEventSubscription", "rds:AddSourceIdentifierToSubscription", "rds:RemoveSourceIdentifierFromSubscription"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:rds:us-east-1:${var.data_caller_identity_current_account_id}:*", "arn:${var.data_partition_current_partition}:rds:us-west-2:${var.data_caller_identity_current_account_id}:*"]
    sid       = "Database"
  }

  statement {
    actions   = ["iam:CreateServiceLinkedRole"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS"]
    sid       = "RdsServiceLinkedRole"

    condition {
      test     = "StringEquals"
      values   = ["rds.amazonaws.com"]
      variable = "iam:AWSServiceName"
    }
  }

  statement {
    actions   = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:UpdateKeyDescription", "kms:ReplicateKey", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:kms:us-east-1:${var.data_caller_identity_current_account_id}:key/*", "arn:${var.data_partition_current_partition}:kms:us-west-2:${var.data_caller_identity_current_account_id}:key/*", "arn:${var.data_partition_current_partition}:kms:us-east-1:${var.data_caller_identity_current_account_id}:alias/*-rdha", "arn:${var.data_partition_current_partition}:kms:us-west-2:${var.data_caller_identity_current_account_id}:alias/*-rdha"]
    sid       = "Keys"
  }

  statement {
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:kms:us-east-1:${var.data_caller_identity_current_account_id}:key/*", "arn:${var.data_partition_current_partition}:kms:us-west-2:${var.data_caller_identity_current_account_id}:key/*"]
    sid       = "KeyUseThroughServices"

    condition {
      test     = "StringEquals"
      values   = ["rds.us-east-1.amazonaws.com", "rds.us-west-2.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com", "secretsmanager.us-west-2.amazonaws.com"]
      variable = "kms:ViaService"
    }
  }

  statement {
    actions   = ["secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret", "secretsmanager:UpdateSecretVersionStage", "secretsmanager:ListSecretVersionIds", "secretsmanager:GetResourcePolicy", "secretsmanager:ReplicateSecretToRegions", "secretsmanager:RemoveRegionsFromReplication", "secretsmanager:TagResource", "secretsmanager:UntagResource"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:secretsmanager:us-east-1:${var.data_caller_identity_current_account_id}:secret:*-rdha-*", "arn:${var.data_partition_current_partition}:secretsmanager:us-west-2:${var.data_caller_identity_current_account_id}:secret:*-rdha-*"]
    sid       = "Secret"
  }

  statement {
    actions   = ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup", "logs:UntagLogGroup", "logs:ListTagsLogGroup"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:logs:us-east-1:${var.data_caller_identity_current_account_id}:log-group:*-rdha", "arn:${var.data_partition_current_partition}:logs:us-west-2:${var.data_caller_identity_current_account_id}:log-group:*-rdha", "arn:${var.data_partition_current_partition}:logs:us-east-1:${var.data_caller_identity_current_account_id}:log-group:*-rdha:*", "arn:${var.data_partition_current_partition}:logs:us-west-2:${var.data_caller_identity_current_account_id}:log-group:*-rdha:*", "arn:${var.data_partition_current_partition}:logs:us-east-1:${var.data_caller_identity_current_account_id}:log-group:/aws/rds/instance/*-rdha/*", "arn:${var.data_partition_current_partition}:logs:us-west-2:${var.data_caller_identity_current_account_id}:log-group:/aws/rds/instance/*-rdha/*", "arn:${var.data_partition_current_partition}:logs:us-east-1:${var.data_caller_identity_current_account_id}:log-group:/aws/rds/instance/*-rdha/*:*", "arn:${var.data_partition_current_partition}:logs:us-west-2:${var.data_caller_identity_current_account_id}:log-group:/aws/rds/instance/*-rdha/*:*"]
    sid       = "LogGroups"
  }

  statement {
    actions   = ["sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:ListSubscriptionsByTopic", "sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:sns:us-east-1:${var.data_caller_identity_current_account_id}:*-rdha", "arn:${var.data_partition_current_partition}:sns:us-west-2:${var.data_caller_identity_current_account_id}:*-rdha", "arn:${var.data_partition_current_partition}:sns:us-east-1:${var.data_caller_identity_current_account_id}:*-rdha:*", "arn:${var.data_partition_current_partition}:sns:us-west-2:${var.data_caller_identity_current_account_id}:*-rdha:*"]
    sid       = "AlarmTopics"
  }

  statement {
    actions   = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:cloudwatch:us-east-1:${var.data_caller_identity_current_account_id}:alarm:*-rdha", "arn:${var.data_partition_current_partition}:cloudwatch:us-west-2:${var.data_caller_identity_current_account_id}:alarm:*-rdha"]
    sid       = "Alarms"
  }

  statement {
    actions   = ["route53:CreateHostedZone", "route53:CreateHealthCheck", "route53:GetChange"]
    effect    = "Allow"
    resources = ["*"]
    sid       = "PrivateZoneCreate"
  }

  statement {
    actions   = ["route53:GetHostedZone", "route53:DeleteHostedZone", "route53:UpdateHostedZoneComment", "route53:ListResourceRecordSets", "route53:ChangeResourceRecordSets", "route53:AssociateVPCWithHostedZone", "route53:DisassociateVPCFromHostedZone", "route53:GetHealthCheck", "route53:UpdateHealthCheck", "route53:DeleteHealthCheck", "route53:ChangeTagsForResource", "route53:ListTagsForResource"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:route53:::hostedzone/*", "arn:${var.data_partition_current_partition}:route53:::healthcheck/*", "arn:${var.data_partition_current_partition}:ec2:us-east-1:${var.data_caller_identity_current_account_id}:vpc/*", "arn:${var.data_partition_current_partition}:ec2:us-west-2:${var.data_caller_identity_current_account_id}:vpc/*"]
    sid       = "PrivateZone"
  }

  statement {
    actions   = ["ssm:CreateDocument", "ssm:UpdateDocument", "ssm:DeleteDocument", "ssm:DescribeDocument", "ssm:GetDocument", "ssm:DescribeDocumentPermission", "ssm:UpdateDocumentDefaultVersion", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:ssm:us-east-1:${var.data_caller_identity_current_account_id}:document/*-rdha", "arn:${var.data_partition_current_partition}:ssm:us-west-2:${var.data_caller_identity_current_account_id}:document/*-rdha"]
    sid       = "FailoverDocument"
  }

  statement {
    actions   = ["iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/rds-monitoring-rdha", "arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/rds-operations-rdha", "arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/primary-flow-logs-rdha", "arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/dr-flow-logs-rdha"]
    sid       = "StackRoles"
  }

  statement {
    actions   = ["iam:GetRole", "iam:ListRoleTags", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/rds-monitoring-rdha", "arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/rds-operations-rdha", "arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/primary-flow-logs-rdha", "arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/dr-flow-logs-rdha", "arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/terraform-execution-rdha"]
    sid       = "ReadStackRoles"
  }

  statement {
    actions   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
    effect    = "Allow"
    resources = [aws_iam_role.rds_monitoring.arn]
    sid       = "AttachEnhancedMonitoringPolicyOnly"

    condition {
      test     = "ArnEquals"
      values   = ["arn:${var.data_partition_current_partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"]
      variable = "iam:PolicyARN"
    }
  }

  statement {
    actions   = ["iam:PassRole"]
    effect    = "Allow"
    resources = [aws_iam_role.rds_monitoring.arn]
    sid       = "PassEnhancedMonitoringRole"

    condition {
      test     = "StringEquals"
      values   = ["monitoring.rds.amazonaws.com"]
      variable = "iam:PassedToService"
    }
  }

  statement {
    actions   = ["iam:PassRole"]
    effect    = "Allow"
    resources = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:role/*-flow-logs-rdha"]
    sid       = "PassFlowLogsRoles"

    condition {
      test     = "StringEquals"
      values   = ["vpc-flow-logs.amazonaws.com"]
      variable = "iam:PassedToService"
    }
  }

  statement {
    actions   = ["iam:PassRole"]
    effect    = "Allow"
    resources = [aws_iam_role.rds_operations.arn]
    sid       = "PassOperationsRoleToSsm"

    condition {
      test     = "StringEquals"
      values   = ["ssm.amazonaws.com"]
      variable = "iam:PassedToService"
    }
  }
}

data "aws_iam_policy_document" "terraform_execution_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    effect  = "Allow"
    sid     = "AssumedByDeployers"

    principals {
      identifiers = ["arn:${var.data_partition_current_partition}:iam::${var.data_caller_identity_current_account_id}:root"]
      type        = "AWS"
    }
  }
}

resource "aws_iam_role" "terraform_execution" {
  assume_role_policy = data.aws_iam_policy_document.terraform_execution_trust.json
  description        = "rdha: runs Terraform for the HA PostgreSQL stack with least privilege"
  name               = "terraform-execution-rdha"
  tags = {
    Name = "terraform-execution-rdha"
  }
}

resource "aws_iam_role_policy" "terraform_execution" {
  name   = "terraform-execution-rdha"
  policy = data.aws_iam_policy_document.terraform_execution.json
  role   = aws_iam_role.terraform_execution.id
}

resource "random_password" "db_master" {
  length      = 16
  lower       = true
  min_lower   = 1
  min_numeric = 1
  min_upper   = 1
  numeric     = true
  special     = false
  upper       = true
}

resource "aws_secretsmanager_secret_version" "db_master_password" {
  secret_id     = aws_secretsmanager_secret.db_master_password.id
  secret_string = jsonencode({ username = "dbadmin", password = random_password.db_master.result, engine = "postgres", host = var.db_instance_primary_address, port = 5432, dbname = "appdb" })
}
