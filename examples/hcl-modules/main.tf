module "primary_main" {
  source = "./modules/primary_main"

  providers = {
    aws = aws
  }
}

module "primary_network" {
  source = "./modules/primary_network"

  providers = {
    aws = aws
  }

  cloudwatch_log_group_primary_flow_logs_arn       = module.primary_monitoring.cloudwatch_log_group_primary_flow_logs_arn
  iam_role_policy_primary_flow_logs_id             = module.primary_security.iam_role_policy_primary_flow_logs_id
  iam_role_primary_flow_logs_arn                   = module.primary_security.iam_role_primary_flow_logs_arn
  vpc_dr_id                                        = module.dr_network.vpc_dr_id
  vpc_peering_connection_accepter_primary_to_dr_id = module.dr_network.vpc_peering_connection_accepter_primary_to_dr_id
}

module "dr_network" {
  source = "./modules/dr_network"

  providers = {
    aws.dr = aws.dr
  }

  cloudwatch_log_group_dr_flow_logs_arn   = module.dr_monitoring.cloudwatch_log_group_dr_flow_logs_arn
  iam_role_dr_flow_logs_arn               = module.dr_security.iam_role_dr_flow_logs_arn
  iam_role_policy_dr_flow_logs_id         = module.dr_security.iam_role_policy_dr_flow_logs_id
  vpc_peering_connection_primary_to_dr_id = module.primary_network.vpc_peering_connection_primary_to_dr_id
}

module "primary_security" {
  source = "./modules/primary_security"

  providers = {
    aws    = aws
    random = random
  }

  cloudwatch_log_group_primary_flow_logs_arn = module.primary_monitoring.cloudwatch_log_group_primary_flow_logs_arn
  data_caller_identity_current_account_id    = module.primary_main.data_caller_identity_current_account_id
  data_partition_current_partition           = module.primary_main.data_partition_current_partition
  db_instance_primary_address                = module.primary_database.db_instance_primary_address
  kms_replica_key_dr_arn                     = module.dr_security.kms_replica_key_dr_arn
  sns_topic_primary_arn                      = module.primary_monitoring.sns_topic_primary_arn
  vpc_primary_id                             = module.primary_network.vpc_primary_id
}

module "dr_security" {
  source = "./modules/dr_security"

  providers = {
    aws.dr = aws.dr
  }

  cloudwatch_log_group_dr_flow_logs_arn   = module.dr_monitoring.cloudwatch_log_group_dr_flow_logs_arn
  data_caller_identity_current_account_id = module.primary_main.data_caller_identity_current_account_id
  data_partition_current_partition        = module.primary_main.data_partition_current_partition
  kms_key_primary_arn                     = module.primary_security.kms_key_primary_arn
  sns_topic_dr_arn                        = module.dr_monitoring.sns_topic_dr_arn
  vpc_dr_id                               = module.dr_network.vpc_dr_id
}

module "primary_database" {
  source = "./modules/primary_database"

  providers = {
    aws = aws
  }

  cloudwatch_log_group_primary_postgresql_id   = module.primary_monitoring.cloudwatch_log_group_primary_postgresql_id
  cloudwatch_log_group_primary_upgrade_id      = module.primary_monitoring.cloudwatch_log_group_primary_upgrade_id
  cloudwatch_log_group_replica_1_postgresql_id = module.primary_monitoring.cloudwatch_log_group_replica_1_postgresql_id
  cloudwatch_log_group_replica_1_upgrade_id    = module.primary_monitoring.cloudwatch_log_group_replica_1_upgrade_id
  cloudwatch_log_group_replica_2_postgresql_id = module.primary_monitoring.cloudwatch_log_group_replica_2_postgresql_id
  cloudwatch_log_group_replica_2_upgrade_id    = module.primary_monitoring.cloudwatch_log_group_replica_2_upgrade_id
  iam_role_policy_attachment_rds_monitoring_id = module.primary_security.iam_role_policy_attachment_rds_monitoring_id
  iam_role_rds_monitoring_arn                  = module.primary_security.iam_role_rds_monitoring_arn
  kms_key_primary_arn                          = module.primary_security.kms_key_primary_arn
  password_db_master_result                    = module.primary_security.password_db_master_result
  security_group_primary_db_id                 = module.primary_security.security_group_primary_db_id
  subnet_primary_private_1_id                  = module.primary_network.subnet_primary_private_1_id
  subnet_primary_private_2_id                  = module.primary_network.subnet_primary_private_2_id
}

module "dr_database" {
  source = "./modules/dr_database"

  providers = {
    aws.dr = aws.dr
  }

  cloudwatch_log_group_dr_replica_postgresql_id = module.dr_monitoring.cloudwatch_log_group_dr_replica_postgresql_id
  cloudwatch_log_group_dr_replica_upgrade_id    = module.dr_monitoring.cloudwatch_log_group_dr_replica_upgrade_id
  db_instance_primary_arn                       = module.primary_database.db_instance_primary_arn
  db_instance_replica_2_id                      = module.primary_database.db_instance_replica_2_id
  iam_role_policy_attachment_rds_monitoring_id  = module.primary_security.iam_role_policy_attachment_rds_monitoring_id
  iam_role_rds_monitoring_arn                   = module.primary_security.iam_role_rds_monitoring_arn
  kms_replica_key_dr_arn                        = module.dr_security.kms_replica_key_dr_arn
  security_group_dr_db_id                       = module.dr_security.security_group_dr_db_id
  subnet_dr_private_1_id                        = module.dr_network.subnet_dr_private_1_id
  subnet_dr_private_2_id                        = module.dr_network.subnet_dr_private_2_id
}

module "primary_monitoring" {
  source = "./modules/primary_monitoring"

  providers = {
    aws = aws
  }

  data_iam_policy_document_primary_alarm_topic_json = module.primary_security.data_iam_policy_document_primary_alarm_topic_json
  db_instance_primary_identifier                    = module.primary_database.db_instance_primary_identifier
  db_instance_replica_1_identifier                  = module.primary_database.db_instance_replica_1_identifier
  db_instance_replica_2_identifier                  = module.primary_database.db_instance_replica_2_identifier
  kms_key_primary_arn                               = module.primary_security.kms_key_primary_arn
}

module "dr_monitoring" {
  source = "./modules/dr_monitoring"

  providers = {
    aws.dr = aws.dr
  }

  data_iam_policy_document_dr_alarm_topic_json = module.dr_security.data_iam_policy_document_dr_alarm_topic_json
  db_instance_dr_replica_identifier            = module.dr_database.db_instance_dr_replica_identifier
  kms_replica_key_dr_arn                       = module.dr_security.kms_replica_key_dr_arn
}

module "primary_recovery" {
  source = "./modules/primary_recovery"

  providers = {
    aws = aws
  }

  cloudwatch_metric_alarm_writer_failover_alarm_name = module.dr_recovery.cloudwatch_metric_alarm_writer_failover_alarm_name
  db_instance_dr_replica_address                     = module.dr_database.db_instance_dr_replica_address
  db_instance_primary_address                        = module.primary_database.db_instance_primary_address
  db_instance_replica_1_address                      = module.primary_database.db_instance_replica_1_address
  db_instance_replica_1_identifier                   = module.primary_database.db_instance_replica_1_identifier
  db_instance_replica_2_address                      = module.primary_database.db_instance_replica_2_address
  db_instance_replica_2_identifier                   = module.primary_database.db_instance_replica_2_identifier
  sns_topic_primary_arn                              = module.primary_monitoring.sns_topic_primary_arn
  vpc_dr_id                                          = module.dr_network.vpc_dr_id
  vpc_primary_id                                     = module.primary_network.vpc_primary_id
}

module "dr_recovery" {
  source = "./modules/dr_recovery"

  providers = {
    aws.dr = aws.dr
  }

  iam_role_rds_operations_arn = module.primary_security.iam_role_rds_operations_arn
  sns_topic_dr_arn            = module.dr_monitoring.sns_topic_dr_arn
}
