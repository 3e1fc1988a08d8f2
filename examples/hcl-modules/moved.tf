moved {
  from = aws_vpc.primary
  to   = module.primary_network.aws_vpc.primary
}

moved {
  from = aws_internet_gateway.primary
  to   = module.primary_network.aws_internet_gateway.primary
}

moved {
  from = aws_eip.primary_nat
  to   = module.primary_network.aws_eip.primary_nat
}

moved {
  from = aws_route_table.primary_private
  to   = module.primary_network.aws_route_table.primary_private
}

moved {
  from = aws_route_table.primary_public
  to   = module.primary_network.aws_route_table.primary_public
}

moved {
  from = aws_route.primary_public_default
  to   = module.primary_network.aws_route.primary_public_default
}

moved {
  from = aws_subnet.primary_private_1
  to   = module.primary_network.aws_subnet.primary_private_1
}

moved {
  from = aws_route_table_association.primary_private_1
  to   = module.primary_network.aws_route_table_association.primary_private_1
}

moved {
  from = aws_subnet.primary_private_2
  to   = module.primary_network.aws_subnet.primary_private_2
}

moved {
  from = aws_route_table_association.primary_private_2
  to   = module.primary_network.aws_route_table_association.primary_private_2
}

moved {
  from = aws_subnet.primary_public_1
  to   = module.primary_network.aws_subnet.primary_public_1
}

moved {
  from = aws_nat_gateway.primary
  to   = module.primary_network.aws_nat_gateway.primary
}

moved {
  from = aws_route.primary_private_default
  to   = module.primary_network.aws_route.primary_private_default
}

moved {
  from = aws_route_table_association.primary_public_1
  to   = module.primary_network.aws_route_table_association.primary_public_1
}

moved {
  from = aws_subnet.primary_public_2
  to   = module.primary_network.aws_subnet.primary_public_2
}

moved {
  from = aws_route_table_association.primary_public_2
  to   = module.primary_network.aws_route_table_association.primary_public_2
}

moved {
  from = aws_vpc_peering_connection.primary_to_dr
  to   = module.primary_network.aws_vpc_peering_connection.primary_to_dr
}

moved {
  from = aws_route.primary_private_to_peer
  to   = module.primary_network.aws_route.primary_private_to_peer
}

moved {
  from = aws_vpc_peering_connection_options.primary
  to   = module.primary_network.aws_vpc_peering_connection_options.primary
}

moved {
  from = aws_flow_log.primary
  to   = module.primary_network.aws_flow_log.primary
}

moved {
  from = aws_vpc.dr
  to   = module.dr_network.aws_vpc.dr
}

moved {
  from = aws_internet_gateway.dr
  to   = module.dr_network.aws_internet_gateway.dr
}

moved {
  from = aws_eip.dr_nat
  to   = module.dr_network.aws_eip.dr_nat
}

moved {
  from = aws_route_table.dr_private
  to   = module.dr_network.aws_route_table.dr_private
}

moved {
  from = aws_route_table.dr_public
  to   = module.dr_network.aws_route_table.dr_public
}

moved {
  from = aws_route.dr_public_default
  to   = module.dr_network.aws_route.dr_public_default
}

moved {
  from = aws_subnet.dr_private_1
  to   = module.dr_network.aws_subnet.dr_private_1
}

moved {
  from = aws_route_table_association.dr_private_1
  to   = module.dr_network.aws_route_table_association.dr_private_1
}

moved {
  from = aws_subnet.dr_private_2
  to   = module.dr_network.aws_subnet.dr_private_2
}

moved {
  from = aws_route_table_association.dr_private_2
  to   = module.dr_network.aws_route_table_association.dr_private_2
}

moved {
  from = aws_subnet.dr_public_1
  to   = module.dr_network.aws_subnet.dr_public_1
}

moved {
  from = aws_nat_gateway.dr
  to   = module.dr_network.aws_nat_gateway.dr
}

moved {
  from = aws_route.dr_private_default
  to   = module.dr_network.aws_route.dr_private_default
}

moved {
  from = aws_route_table_association.dr_public_1
  to   = module.dr_network.aws_route_table_association.dr_public_1
}

moved {
  from = aws_subnet.dr_public_2
  to   = module.dr_network.aws_subnet.dr_public_2
}

moved {
  from = aws_route_table_association.dr_public_2
  to   = module.dr_network.aws_route_table_association.dr_public_2
}

moved {
  from = aws_vpc_peering_connection_accepter.primary_to_dr
  to   = module.dr_network.aws_vpc_peering_connection_accepter.primary_to_dr
}

moved {
  from = aws_route.dr_private_to_peer
  to   = module.dr_network.aws_route.dr_private_to_peer
}

moved {
  from = aws_vpc_peering_connection_options.dr
  to   = module.dr_network.aws_vpc_peering_connection_options.dr
}

moved {
  from = aws_flow_log.dr
  to   = module.dr_network.aws_flow_log.dr
}

moved {
  from = aws_default_security_group.primary
  to   = module.primary_security.aws_default_security_group.primary
}

moved {
  from = aws_security_group.primary_app
  to   = module.primary_security.aws_security_group.primary_app
}

moved {
  from = aws_security_group.primary_db
  to   = module.primary_security.aws_security_group.primary_db
}

moved {
  from = aws_vpc_security_group_egress_rule.primary_app_to_db
  to   = module.primary_security.aws_vpc_security_group_egress_rule.primary_app_to_db
}

moved {
  from = aws_vpc_security_group_egress_rule.primary_app_to_peer_db_1
  to   = module.primary_security.aws_vpc_security_group_egress_rule.primary_app_to_peer_db_1
}

moved {
  from = aws_vpc_security_group_egress_rule.primary_app_to_peer_db_2
  to   = module.primary_security.aws_vpc_security_group_egress_rule.primary_app_to_peer_db_2
}

moved {
  from = aws_vpc_security_group_ingress_rule.primary_db_from_app
  to   = module.primary_security.aws_vpc_security_group_ingress_rule.primary_db_from_app
}

moved {
  from = aws_vpc_security_group_ingress_rule.primary_db_from_peer_1
  to   = module.primary_security.aws_vpc_security_group_ingress_rule.primary_db_from_peer_1
}

moved {
  from = aws_vpc_security_group_ingress_rule.primary_db_from_peer_2
  to   = module.primary_security.aws_vpc_security_group_ingress_rule.primary_db_from_peer_2
}

moved {
  from = aws_iam_role.primary_flow_logs
  to   = module.primary_security.aws_iam_role.primary_flow_logs
}

moved {
  from = aws_iam_role.rds_monitoring
  to   = module.primary_security.aws_iam_role.rds_monitoring
}

moved {
  from = aws_iam_role_policy_attachment.rds_monitoring
  to   = module.primary_security.aws_iam_role_policy_attachment.rds_monitoring
}

moved {
  from = aws_kms_key.primary
  to   = module.primary_security.aws_kms_key.primary
}

moved {
  from = aws_kms_alias.primary
  to   = module.primary_security.aws_kms_alias.primary
}

moved {
  from = aws_secretsmanager_secret.db_master_password
  to   = module.primary_security.aws_secretsmanager_secret.db_master_password
}

moved {
  from = aws_iam_role_policy.primary_flow_logs
  to   = module.primary_security.aws_iam_role_policy.primary_flow_logs
}

moved {
  from = aws_iam_role.rds_operations
  to   = module.primary_security.aws_iam_role.rds_operations
}

moved {
  from = aws_iam_role_policy.rds_operations
  to   = module.primary_security.aws_iam_role_policy.rds_operations
}

moved {
  from = aws_iam_role_policy.rds_operations_failover
  to   = module.primary_security.aws_iam_role_policy.rds_operations_failover
}

moved {
  from = aws_iam_role.terraform_execution
  to   = module.primary_security.aws_iam_role.terraform_execution
}

moved {
  from = aws_iam_role_policy.terraform_execution
  to   = module.primary_security.aws_iam_role_policy.terraform_execution
}

moved {
  from = random_password.db_master
  to   = module.primary_security.random_password.db_master
}

moved {
  from = aws_secretsmanager_secret_version.db_master_password
  to   = module.primary_security.aws_secretsmanager_secret_version.db_master_password
}

moved {
  from = aws_default_security_group.dr
  to   = module.dr_security.aws_default_security_group.dr
}

moved {
  from = aws_security_group.dr_app
  to   = module.dr_security.aws_security_group.dr_app
}

moved {
  from = aws_security_group.dr_db
  to   = module.dr_security.aws_security_group.dr_db
}

moved {
  from = aws_vpc_security_group_egress_rule.dr_app_to_db
  to   = module.dr_security.aws_vpc_security_group_egress_rule.dr_app_to_db
}

moved {
  from = aws_vpc_security_group_egress_rule.dr_app_to_peer_db_1
  to   = module.dr_security.aws_vpc_security_group_egress_rule.dr_app_to_peer_db_1
}

moved {
  from = aws_vpc_security_group_egress_rule.dr_app_to_peer_db_2
  to   = module.dr_security.aws_vpc_security_group_egress_rule.dr_app_to_peer_db_2
}

moved {
  from = aws_vpc_security_group_ingress_rule.dr_db_from_app
  to   = module.dr_security.aws_vpc_security_group_ingress_rule.dr_db_from_app
}

moved {
  from = aws_vpc_security_group_ingress_rule.dr_db_from_peer_1
  to   = module.dr_security.aws_vpc_security_group_ingress_rule.dr_db_from_peer_1
}

moved {
  from = aws_vpc_security_group_ingress_rule.dr_db_from_peer_2
  to   = module.dr_security.aws_vpc_security_group_ingress_rule.dr_db_from_peer_2
}

moved {
  from = aws_iam_role.dr_flow_logs
  to   = module.dr_security.aws_iam_role.dr_flow_logs
}

moved {
  from = aws_kms_replica_key.dr
  to   = module.dr_security.aws_kms_replica_key.dr
}

moved {
  from = aws_kms_alias.dr
  to   = module.dr_security.aws_kms_alias.dr
}

moved {
  from = aws_iam_role_policy.dr_flow_logs
  to   = module.dr_security.aws_iam_role_policy.dr_flow_logs
}

moved {
  from = aws_db_parameter_group.primary
  to   = module.primary_database.aws_db_parameter_group.primary
}

moved {
  from = aws_db_subnet_group.primary
  to   = module.primary_database.aws_db_subnet_group.primary
}

moved {
  from = aws_db_instance.primary
  to   = module.primary_database.aws_db_instance.primary
}

moved {
  from = aws_db_instance.replica_1
  to   = module.primary_database.aws_db_instance.replica_1
}

moved {
  from = aws_db_instance.replica_2
  to   = module.primary_database.aws_db_instance.replica_2
}

moved {
  from = aws_db_parameter_group.dr
  to   = module.dr_database.aws_db_parameter_group.dr
}

moved {
  from = aws_db_subnet_group.dr
  to   = module.dr_database.aws_db_subnet_group.dr
}

moved {
  from = aws_db_instance.dr_replica
  to   = module.dr_database.aws_db_instance.dr_replica
}

moved {
  from = aws_db_instance_automated_backups_replication.dr
  to   = module.dr_database.aws_db_instance_automated_backups_replication.dr
}

moved {
  from = aws_cloudwatch_log_group.primary_flow_logs
  to   = module.primary_monitoring.aws_cloudwatch_log_group.primary_flow_logs
}

moved {
  from = aws_cloudwatch_log_group.primary_postgresql
  to   = module.primary_monitoring.aws_cloudwatch_log_group.primary_postgresql
}

moved {
  from = aws_cloudwatch_log_group.primary_upgrade
  to   = module.primary_monitoring.aws_cloudwatch_log_group.primary_upgrade
}

moved {
  from = aws_cloudwatch_log_group.replica_1_postgresql
  to   = module.primary_monitoring.aws_cloudwatch_log_group.replica_1_postgresql
}

moved {
  from = aws_cloudwatch_log_group.replica_1_upgrade
  to   = module.primary_monitoring.aws_cloudwatch_log_group.replica_1_upgrade
}

moved {
  from = aws_cloudwatch_log_group.replica_2_postgresql
  to   = module.primary_monitoring.aws_cloudwatch_log_group.replica_2_postgresql
}

moved {
  from = aws_cloudwatch_log_group.replica_2_upgrade
  to   = module.primary_monitoring.aws_cloudwatch_log_group.replica_2_upgrade
}

moved {
  from = aws_sns_topic.primary
  to   = module.primary_monitoring.aws_sns_topic.primary
}

moved {
  from = aws_sns_topic_policy.primary
  to   = module.primary_monitoring.aws_sns_topic_policy.primary
}

moved {
  from = aws_cloudwatch_metric_alarm.primary_connections
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.primary_connections
}

moved {
  from = aws_cloudwatch_metric_alarm.primary_cpu
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.primary_cpu
}

moved {
  from = aws_cloudwatch_metric_alarm.primary_free_storage
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.primary_free_storage
}

moved {
  from = aws_cloudwatch_metric_alarm.primary_freeable_memory
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.primary_freeable_memory
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_1_connections
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_1_connections
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_1_cpu
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_1_cpu
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_1_free_storage
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_1_free_storage
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_1_freeable_memory
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_1_freeable_memory
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_1_lag
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_1_lag
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_2_connections
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_2_connections
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_2_cpu
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_2_cpu
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_2_free_storage
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_2_free_storage
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_2_freeable_memory
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_2_freeable_memory
}

moved {
  from = aws_cloudwatch_metric_alarm.replica_2_lag
  to   = module.primary_monitoring.aws_cloudwatch_metric_alarm.replica_2_lag
}

moved {
  from = aws_db_event_subscription.primary
  to   = module.primary_monitoring.aws_db_event_subscription.primary
}

moved {
  from = aws_cloudwatch_log_group.dr_flow_logs
  to   = module.dr_monitoring.aws_cloudwatch_log_group.dr_flow_logs
}

moved {
  from = aws_cloudwatch_log_group.dr_replica_postgresql
  to   = module.dr_monitoring.aws_cloudwatch_log_group.dr_replica_postgresql
}

moved {
  from = aws_cloudwatch_log_group.dr_replica_upgrade
  to   = module.dr_monitoring.aws_cloudwatch_log_group.dr_replica_upgrade
}

moved {
  from = aws_sns_topic.dr
  to   = module.dr_monitoring.aws_sns_topic.dr
}

moved {
  from = aws_sns_topic_policy.dr
  to   = module.dr_monitoring.aws_sns_topic_policy.dr
}

moved {
  from = aws_cloudwatch_metric_alarm.dr_replica_connections
  to   = module.dr_monitoring.aws_cloudwatch_metric_alarm.dr_replica_connections
}

moved {
  from = aws_cloudwatch_metric_alarm.dr_replica_cpu
  to   = module.dr_monitoring.aws_cloudwatch_metric_alarm.dr_replica_cpu
}

moved {
  from = aws_cloudwatch_metric_alarm.dr_replica_free_storage
  to   = module.dr_monitoring.aws_cloudwatch_metric_alarm.dr_replica_free_storage
}

moved {
  from = aws_cloudwatch_metric_alarm.dr_replica_freeable_memory
  to   = module.dr_monitoring.aws_cloudwatch_metric_alarm.dr_replica_freeable_memory
}

moved {
  from = aws_cloudwatch_metric_alarm.dr_replica_lag
  to   = module.dr_monitoring.aws_cloudwatch_metric_alarm.dr_replica_lag
}

moved {
  from = aws_db_event_subscription.dr
  to   = module.dr_monitoring.aws_db_event_subscription.dr
}

moved {
  from = aws_route53_zone.db
  to   = module.primary_recovery.aws_route53_zone.db
}

moved {
  from = aws_route53_health_check.writer
  to   = module.primary_recovery.aws_route53_health_check.writer
}

moved {
  from = aws_cloudwatch_metric_alarm.reader_1
  to   = module.primary_recovery.aws_cloudwatch_metric_alarm.reader_1
}

moved {
  from = aws_cloudwatch_metric_alarm.reader_2
  to   = module.primary_recovery.aws_cloudwatch_metric_alarm.reader_2
}

moved {
  from = aws_route53_health_check.reader_1
  to   = module.primary_recovery.aws_route53_health_check.reader_1
}

moved {
  from = aws_route53_health_check.reader_2
  to   = module.primary_recovery.aws_route53_health_check.reader_2
}

moved {
  from = aws_route53_record.reader_1
  to   = module.primary_recovery.aws_route53_record.reader_1
}

moved {
  from = aws_route53_record.reader_2
  to   = module.primary_recovery.aws_route53_record.reader_2
}

moved {
  from = aws_route53_record.reader_dr
  to   = module.primary_recovery.aws_route53_record.reader_dr
}

moved {
  from = aws_route53_record.writer
  to   = module.primary_recovery.aws_route53_record.writer
}

moved {
  from = aws_route53_record.writer_dr
  to   = module.primary_recovery.aws_route53_record.writer_dr
}

moved {
  from = aws_cloudwatch_metric_alarm.writer_failover
  to   = module.dr_recovery.aws_cloudwatch_metric_alarm.writer_failover
}

moved {
  from = aws_ssm_document.region_failover
  to   = module.dr_recovery.aws_ssm_document.region_failover
}
