resource "aws_db_parameter_group" "dr" {
  provider = aws.dr

  description = "rdha: hardened postgres17 settings (SSL only, connection cap, timeouts, logging)"
  family      = "postgres17"
  name        = "dr-postgres17-8d78-rdha"
  tags = {
    Name = "dr-postgres17-8d78-rdha"
  }

  parameter {
    apply_method = "immediate"
    name         = "idle_in_transaction_session_timeout"
    value        = "60000"
  }

  parameter {
    apply_method = "immediate"
    name         = "lock_timeout"
    value        = "10000"
  }

  parameter {
    apply_method = "immediate"
    name         = "log_connections"
    value        = "1"
  }

  parameter {
    apply_method = "immediate"
    name         = "log_disconnections"
    value        = "1"
  }

  parameter {
    apply_method = "immediate"
    name         = "log_min_duration_statement"
    value        = "1000"
  }

  parameter {
    apply_method = "immediate"
    name         = "log_statement"
    value        = "ddl"
  }

  parameter {
    apply_method = "pending-reboot"
    name         = "max_connections"
    value        = "1000"
  }

  parameter {
    apply_method = "pending-reboot"
    name         = "rds.force_ssl"
    value        = "1"
  }

  parameter {
    apply_method = "immediate"
    name         = "ssl_min_protocol_version"
    value        = "TLSv1.2"
  }

  parameter {
    apply_method = "immediate"
    name         = "statement_timeout"
    value        = "30000"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_subnet_group" "dr" {
  provider = aws.dr

  description = "rdha: private subnets of the dr region (us-west-2) for RDS"
  name        = "dr-db-subnets-rdha"
  subnet_ids  = [var.subnet_dr_private_1_id, var.subnet_dr_private_2_id]
  tags = {
    Name = "dr-db-subnets-rdha"
  }
}

resource "aws_db_instance" "dr_replica" {
  provider = aws.dr

  apply_immediately                     = false
  auto_minor_version_upgrade            = true
  backup_retention_period               = 7
  backup_window                         = "02:00-03:00"
  ca_cert_identifier                    = "rds-ca-rsa2048-g1"
  copy_tags_to_snapshot                 = true
  db_subnet_group_name                  = aws_db_subnet_group.dr.name
  delete_automated_backups              = false
  deletion_protection                   = true
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  iam_database_authentication_enabled   = true
  identifier                            = "dr-replica-rdha"
  instance_class                        = "db.r6g.large"
  kms_key_id                            = var.kms_replica_key_dr_arn
  maintenance_window                    = "sun:07:00-sun:08:00"
  max_allocated_storage                 = 500
  monitoring_interval                   = 60
  monitoring_role_arn                   = var.iam_role_rds_monitoring_arn
  multi_az                              = true
  parameter_group_name                  = aws_db_parameter_group.dr.name
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_replica_key_dr_arn
  performance_insights_retention_period = 7
  port                                  = 5432
  publicly_accessible                   = false
  replicate_source_db                   = var.db_instance_primary_arn
  skip_final_snapshot                   = true
  storage_encrypted                     = true
  storage_type                          = "gp3"
  tags = {
    Name = "dr-replica-rdha"
  }
  vpc_security_group_ids = [var.security_group_dr_db_id]

  depends_on = [var.iam_role_policy_attachment_rds_monitoring_id, var.db_instance_replica_2_id, var.cloudwatch_log_group_dr_replica_postgresql_id, var.cloudwatch_log_group_dr_replica_upgrade_id]
}

resource "aws_db_instance_automated_backups_replication" "dr" {
  provider = aws.dr

  kms_key_id             = var.kms_replica_key_dr_arn
  retention_period       = 7
  source_db_instance_arn = var.db_instance_primary_arn

  depends_on = [aws_db_instance.dr_replica]
}
