output "alarm_topic_arns" {
  description = "SNS alarm topic per region (alarms, RDS events, the pipeline's drift alert)."
  value = {
    dr      = module.dr_monitoring.sns_topic_dr_arn
    primary = module.primary_monitoring.sns_topic_primary_arn
  }
}

output "dr_endpoint" {
  description = "Endpoint of the cross-region DR replica (promote it on region loss)."
  value       = module.dr_database.db_instance_dr_replica_endpoint
}

output "failover_document_name" {
  description = "SSM Automation document of the region failover (DR region); DryRun=true by default."
  value       = module.dr_recovery.ssm_document_region_failover_name
}

output "kms_key_arns" {
  description = "Customer-managed KMS keys per region (multi-Region key and its replica)."
  value = {
    dr      = module.dr_security.kms_replica_key_dr_arn
    primary = module.primary_security.kms_key_primary_arn
  }
}

output "master_secret_arn" {
  description = "Secrets Manager secret holding the master credentials (replicated to the DR region)."
  sensitive   = true
  value       = module.primary_security.secretsmanager_secret_db_master_password_arn
}

output "peering_connection_id" {
  description = "Cross-region VPC peering connection."
  value       = module.primary_network.vpc_peering_connection_primary_to_dr_id
}

output "primary_address" {
  description = "Writer hostname."
  value       = module.primary_database.db_instance_primary_address
}

output "primary_endpoint" {
  description = "Writer endpoint (host:port); follows Multi-AZ failover."
  value       = module.primary_database.db_instance_primary_endpoint
}

output "reader_dns_name" {
  description = "Readers' stable DNS name: the healthy same-region replicas, equally weighted, else the DR instance."
  value       = module.primary_recovery.route53_record_reader_1_fqdn
}

output "reader_endpoints" {
  description = "Endpoints of the same-region read replicas, in spec order."
  value       = [module.primary_database.db_instance_replica_1_endpoint, module.primary_database.db_instance_replica_2_endpoint]
}

output "vpc_ids" {
  description = "VPC per region."
  value = {
    dr      = module.dr_network.vpc_dr_id
    primary = module.primary_network.vpc_primary_id
  }
}

output "writer_dns_name" {
  description = "Writer's stable DNS name (private zone); it answers the DR instance once the failover automation switches it."
  value       = module.primary_recovery.route53_record_writer_fqdn
}
