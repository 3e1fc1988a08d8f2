resource "aws_db_parameter_group" "primary" {
  description = "rdha: hardened postgres17 settings (SSL only, connection cap, timeouts, logging)"
  family      = "postgres17"
  name        = "primary-postgres17-8d78-rdha"
  tags = {
    Name = "primary-postgres17-8d78-rdha"
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

resource "aws_db_subnet_group" "primary" {
  description = "rdha: private subnets of the primary region (us-east-1) for RDS"
  name        = "primary-db-subnets-rdha"
  subnet_ids  = [var.subnet_primary_private_1_id, var.subnet_primary_private_2_id]
  tags = {
    Name = "primary-db-subnets-rdha"
  }
}

resource "aws_db_instance" "primary" {
  allocated_storage                     = 100
  apply_immediately                     = false
  auto_minor_version_upgrade            = true
  backup_retention_period               = 7
  backup_window                         = "02:00-03:00"
  ca_cert_identifier                    = "rds-ca-rsa2048-g1"
  copy_tags_to_snapshot                 = true
  db_name                               = "appdb"
  db_subnet_group_name                  = aws_db_subnet_group.primary.name
  delete_automated_backups              = false
  deletion_protection                   = true
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  engine                                = "postgres"
  engine_version                        = "17"
  final_snapshot_identifier             = "primary-final-rdha"
  iam_database_authentication_enabled   = true
  identifier                            = "primary-rdha"
  instance_class                        = "db.r6g.large"
  kms_key_id                            = var.kms_key_primary_arn
  maintenance_window                    = "sun:04:00-sun:05:00"
  max_allocated_storage                 = 500
  monitoring_interval                   = 60
  monitoring_role_arn                   = var.iam_role_rds_monitoring_arn
  multi_az                              = true
  parameter_group_name                  = aws_db_parameter_group.primary.name
  password                              = var.password_db_master_result
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_primary_arn
  performance_insights_retention_period = 7
  port                                  = 5432
  publicly_accessible                   = false
  skip_final_snapshot                   = false
  storage_encrypted                     = true
  storage_type                          = "gp3"
  tags = {
    Name = "primary-rdha"
  }
  username               = "dbadmin"
  vpc_security_group_ids = [var.security_group_primary_db_id]

  depends_on = [var.iam_role_policy_attachment_rds_monitoring_id, var.cloudwatch_log_group_primary_postgresql_id, var.cloudwatch_log_group_primary_upgrade_id]
}

resource "aws_db_instance" "replica_1" {
  apply_immediately                     = false
  auto_minor_version_upgrade            = true
  availability_zone                     = "us-east-1a"
  backup_retention_period               = 7
  backup_window                         = "02:00-03:00"
  ca_cert_identifier                    = "rds-ca-rsa2048-g1"
  copy_tags_to_snapshot                 = true
  deletion_protection                   = true
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  iam_database_authentication_enabled   = true
  identifier                            = "replica-1-rdha"
  instance_class                        = "db.r6g.large"
  maintenance_window                    = "sun:05:00-sun:06:00"
  max_allocated_storage                 = 500
  monitoring_interval                   = 60
  monitoring_role_arn                   = var.iam_role_rds_monitoring_arn
  multi_az                              = false
  parameter_group_name                  = aws_db_parameter_group.primary.name
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_primary_arn
  performance_insights_retention_period = 7
  port                                  = 5432
  publicly_accessible                   = false
  replicate_source_db                   = aws_db_instance.primary.identifier
  skip_final_snapshot                   = true
  storage_encrypted                     = true
  storage_type                          = "gp3"
  tags = {
    Name = "replica-1-rdha"
  }
  vpc_security_group_ids = [var.security_group_primary_db_id]

  depends_on = [var.iam_role_policy_attachment_rds_monitoring_id, var.cloudwatch_log_group_replica_1_postgresql_id, var.cloudwatch_log_group_replica_1_upgrade_id]
}

resource "aws_db_instance" "replica_2" {
  apply_immediately                     = false
  auto_minor_version_upgrade            = true
  availability_zone                     = "us-east-1b"
  backup_retention_period               = 7
  backup_window                         = "02:00-03:00"
  ca_cert_identifier                    = "rds-ca-rsa2048-g1"
  copy_tags_to_snapshot                 = true
  deletion_protection                   = true
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  iam_database_authentication_enabled   = true
  identifier                            = "replica-2-rdha"
  instance_class                        = "db.r6g.large"
  maintenance_window                    = "sun:06:00-sun:07:00"
  max_allocated_storage                 = 500
  monitoring_interval                   = 60
  monitoring_role_arn                   = var.iam_role_rds_monitoring_arn
  multi_az                              = false
  parameter_group_name                  = aws_db_parameter_group.primary.name
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_primary_arn
  performance_insights_retention_period = 7
  port                                  = 5432
  publicly_accessible                   = false
  replicate_source_db                   = aws_db_instance.primary.identifier
  skip_final_snapshot                   = true
  storage_encrypted                     = true
  storage_type                          = "gp3"
  tags = {
    Name = "replica-2-rdha"
  }
  vpc_security_group_ids = [var.security_group_primary_db_id]

  depends_on = [var.iam_role_policy_attachment_rds_monitoring_id, aws_db_instance.replica_1, var.cloudwatch_log_group_replica_2_postgresql_id, var.cloudwatch_log_group_replica_2_upgrade_id]
}
