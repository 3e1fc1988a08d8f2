// The IAM module: the Enhanced Monitoring role, the Terraform-execution role with a
// least-privilege policy for exactly the services this stack uses, and the RDS
// operations role for failover and promotion runbooks.
//
// IAM is global; the roles and policy documents are bound to the primary provider.
// Resource ARNs are built from the partition and account data sources, scoped to the
// stack's two regions and, where AWS names are ours, to names ending in the name suffix.
// No statement grants `*:*` and no trust policy names a wildcard principal.
#include "pipeline_trust.hpp"
#include "policy_statements.hpp"
#include "rdha/stack/modules.hpp"
#include "rdha/stack/pipeline.hpp"

#include <map>
#include <string>
#include <vector>

namespace rdha::stack {
namespace {

using namespace policy;

// ARN builders over the partition, account, the two regions and the stack's names.
class ArnScope {
 public:
  ArnScope(const Names& names, const Providers& providers)
      : partition_(providers.partition.partition()),
        account_(providers.caller.account_id()),
        any_name_(names.any()),
        regions_{providers.primary.spec->name} {
    if (providers.dr) regions_.push_back(providers.dr->spec->name);
  }

  /// arn:<partition>:<service>:<region>:<account>:<resource> for each stack region.
  Arns regional(const std::string& service, const std::string& resource) const {
    Arns out;
    for (const auto& region : regions_)
      out.push_back(tmpl("arn:", partition_, ":", service, ":", region, ":", account_, ":", resource));
    return out;
  }
  /// The same for any name of the stack (then @p after, e.g. "-*").
  Arns regional_named(const std::string& service, const std::string& prefix, const std::string& after = "") const {
    return regional(service, prefix + any_name_ + after);
  }
  /// arn:<partition>:iam::<account>:<resource>
  Arg<tf::String> iam(const std::string& resource) const {
    return tmpl("arn:", partition_, ":iam::", account_, ":", resource);
  }
  /// "*-rdha": matches every name of the stack.
  const std::string& any_name() const { return any_name_; }
  Arg<tf::String> role(const std::string& name) const { return iam("role/" + name); }
  Arg<tf::String> root() const { return iam("root"); }
  Arg<tf::String> aws_managed_policy(const std::string& path) const {
    return tmpl("arn:", partition_, ":iam::aws:policy/", path);
  }
  const Attr<tf::String>& account() const { return account_; }
  const Attr<tf::String>& partition() const { return partition_; }
  /// "<service>.<region>.amazonaws.com" for each stack region (kms:ViaService values).
  Strings via(const Strings& services) const {
    Strings out;
    for (const auto& service : services)
      for (const auto& region : regions_) out.push_back(service + "." + region + ".amazonaws.com");
    return out;
  }
  const Strings& regions() const { return regions_; }

 private:
  Attr<tf::String> partition_;
  Attr<tf::String> account_;
  std::string any_name_;
  Strings regions_;
};

Arns concat(Arns a, const Arns& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A trust policy for a service principal, bound to this account (confused deputy).
Document service_trust(Stack& stack, const std::string& local, const ProviderRef& provider, std::string sid,
                       std::string service, const ArnScope& arns) {
  auto doc = stack.add<Document>(local, provider);
  Statement s;
  s.sid(sid).effect("Allow").actions({"sts:AssumeRole"});
  s.principals(principals("Service", {std::move(service)}));
  s.condition(condition("StringEquals", "aws:SourceAccount", {arns.account()}));
  doc.statement(s);
  return doc;
}

aws::IamRole role(Stack& stack, const std::string& local, const std::string& name, const ProviderRef& provider,
                  const std::string& description, const Document& trust) {
  auto r = stack.add<aws::IamRole>(local, provider);
  r.name(name)
      .description(description)
      .assume_role_policy(trust.json_())
      .tags(std::map<std::string, std::string>{{"Name", name}});
  return r;
}

// The roles the Terraform-execution role creates and changes: every role of the stack but
// itself (the IAM role names of Names::all()).
Strings managed_role_names(const HaStackSpec& spec, const Names& names) {
  Strings out{names.rds_monitoring(), names.rds_operations()};
  out.push_back(names.region(RegionRole::primary).flow_logs());
  if (spec.regions.dr.enabled) out.push_back(names.region(RegionRole::dr).flow_logs());
  if (spec.failover.enabled && spec.failover.automatic && spec.database.dr_replica.enabled)
    out.push_back(names.failover_trigger());
  if (migration_replicating(spec)) {
    out.push_back(names.migration_dms_secrets_role());
    // The account's DMS service roles, by the names DMS requires (migration_replication.cpp).
    if (spec.migration.dms.create_service_roles) out.insert(out.end(), {kDmsVpcRoleName, kDmsCloudwatchLogsRoleName});
  }
  return out;
}

// What Terraform needs to create, read, update and delete exactly this stack's resources.
Document terraform_policy(Stack& stack, const HaStackSpec& spec, const Names& names, const Providers& providers,
                          const ArnScope& arns, const aws::IamRole& monitoring, const aws::IamRole& operations,
                          const std::optional<PipelineProvider>& pipeline) {
  auto doc = stack.add<Document>("terraform_execution", providers.primary.provider);

  // Reads and the few calls with no resource-level permissions, in the two regions only.
  Statement reads = allow("ReadAndUnscopableCalls",
                          {"ec2:Describe*", "rds:Describe*", "rds:ListTagsForResource", "kms:ListAliases",
                           "kms:CreateKey", "secretsmanager:GetRandomPassword", "logs:DescribeLogGroups",
                           "cloudwatch:DescribeAlarms", "sns:ListTopics"},
                          {"*"});
  reads.condition(condition("StringEquals", "aws:RequestedRegion", literals(arns.regions())));
  doc.statement(reads);

  // VPCs, subnets, gateways, routes, security groups, peering and flow logs of the account
  // in the two regions (peering spans both).
  doc.statement(allow("Network",
                      {"ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:CreateSubnet",
                       "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute", "ec2:CreateInternetGateway",
                       "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
                       "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress",
                       "ec2:CreateNatGateway", "ec2:DeleteNatGateway", "ec2:CreateRouteTable",
                       "ec2:DeleteRouteTable", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable",
                       "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute", "ec2:CreateSecurityGroup",
                       "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress",
                       "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
                       "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules",
                       "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
                       "ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:CreateVpcPeeringConnection",
                       "ec2:AcceptVpcPeeringConnection", "ec2:DeleteVpcPeeringConnection",
                       "ec2:ModifyVpcPeeringConnectionOptions", "ec2:CreateFlowLogs", "ec2:DeleteFlowLogs",
                       "ec2:CreateTags", "ec2:DeleteTags"},
                      arns.regional("ec2", "*")));

  // DB instances, replicas, subnet and parameter groups, event subscriptions and backup
  // replication of the account in the two regions. Not suffix-scoped: RDS also checks
  // the default option group and automated-backup ARNs, which are not ours to name.
  doc.statement(allow("Database",
                      {"rds:CreateDBInstance", "rds:CreateDBInstanceReadReplica", "rds:ModifyDBInstance",
                       "rds:DeleteDBInstance", "rds:RebootDBInstance", "rds:PromoteReadReplica",
                       "rds:CreateDBSnapshot", "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup",
                       "rds:DeleteDBSubnetGroup", "rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup",
                       "rds:DeleteDBParameterGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource",
                       "rds:StartDBInstanceAutomatedBackupsReplication",
                       "rds:StopDBInstanceAutomatedBackupsReplication", "rds:CreateEventSubscription",
                       "rds:ModifyEventSubscription", "rds:DeleteEventSubscription",
                       "rds:AddSourceIdentifierToSubscription", "rds:RemoveSourceIdentifierFromSubscription"},
                      arns.regional("rds", "*")));

  // RDS creates its service-linked role on first use in an account.
  Statement slr = allow("RdsServiceLinkedRole", {"iam:CreateServiceLinkedRole"},
                        {arns.iam("role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS")});
  slr.condition(condition("StringEquals", "iam:AWSServiceName", {"rds.amazonaws.com"}));
  doc.statement(slr);

  // Key administration (new keys have unknown ids, hence key/*) and the stack's aliases.
  Strings key_actions{"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"};
  if (spec.database.kms_mode == KmsMode::customer_managed)
    key_actions.insert(key_actions.end(),
                       {"kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:UpdateKeyDescription", "kms:ReplicateKey",
                        "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CreateAlias",
                        "kms:UpdateAlias", "kms:DeleteAlias"});
  doc.statement(allow("Keys", key_actions, concat(arns.regional("kms", "key/*"), arns.regional_named("kms", "alias/"))));

  // Encryption with the keys only on behalf of RDS and Secrets Manager (encrypted
  // instances and replicas, the secret and its replica).
  Statement use = allow("KeyUseThroughServices",
                        {"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant"},
                        arns.regional("kms", "key/*"));
  // With migration by replication, DMS uses the key for its instance and endpoints on the
  // caller's behalf (the key policy admits dms.<region> too, kms.cpp).
  const Strings key_services = migration_replicating(spec) ? Strings{"rds", "secretsmanager", "dms"}
                                                           : Strings{"rds", "secretsmanager"};
  use.condition(condition("StringEquals", "kms:ViaService", literals(arns.via(key_services))));
  doc.statement(use);

  // The master secret (its ARN ends in the name plus "-" and six random characters) or,
  // with rds_managed, the secret RDS creates on the caller's behalf ("rds!db-...").
  Arns secrets = arns.regional_named("secretsmanager", "secret:", "-*");
  if (spec.database.password_source == PasswordSource::rds_managed)
    secrets = concat(std::move(secrets), arns.regional("secretsmanager", "secret:rds!*"));
  doc.statement(allow("Secret",
                      {"secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
                       "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                       "secretsmanager:UpdateSecret", "secretsmanager:UpdateSecretVersionStage",
                       "secretsmanager:ListSecretVersionIds", "secretsmanager:GetResourcePolicy",
                       "secretsmanager:ReplicateSecretToRegions", "secretsmanager:RemoveRegionsFromReplication",
                       "secretsmanager:TagResource", "secretsmanager:UntagResource"},
                      secrets));

  // The flow-log groups ("<region key>-flow-logs" + suffix) and the groups of the DB
  // instances' exported logs ("/aws/rds/instance/<identifier>/<log type>", identifiers
  // ending in the suffix), which the stack creates before RDS would.
  Arns log_groups;
  for (const std::string& group : {arns.any_name(), "/aws/rds/instance/" + arns.any_name() + "/*"})
    log_groups = concat(std::move(log_groups), concat(arns.regional("logs", "log-group:" + group),
                                                      arns.regional("logs", "log-group:" + group + ":*")));
  doc.statement(allow("LogGroups",
                      {"logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy",
                       "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey",
                       "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup",
                       "logs:UntagLogGroup", "logs:ListTagsLogGroup"},
                      log_groups));

  // The alarm topics and their subscriptions ("<topic ARN>:<id>").
  doc.statement(allow("AlarmTopics",
                      {"sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes",
                       "sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes",
                       "sns:SetSubscriptionAttributes", "sns:ListSubscriptionsByTopic", "sns:TagResource",
                       "sns:UntagResource", "sns:ListTagsForResource"},
                      concat(arns.regional_named("sns", ""), arns.regional_named("sns", "", ":*"))));

  doc.statement(allow("Alarms",
                      {"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource",
                       "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource"},
                      arns.regional_named("cloudwatch", "alarm:")));

  // Failover: the private zone, its records and their health checks (ids are AWS-assigned:
  // hostedzone/*, healthcheck/*; creating one has no resource-level permission), the
  // automation document, and with the automatic trigger its EventBridge rule.
  if (spec.failover.enabled) {
    doc.statement(allow("PrivateZoneCreate", {"route53:CreateHostedZone", "route53:CreateHealthCheck",
                                              "route53:GetChange"}, {"*"}));
    doc.statement(allow("PrivateZone",
                        {"route53:GetHostedZone", "route53:DeleteHostedZone", "route53:UpdateHostedZoneComment",
                         "route53:ListResourceRecordSets", "route53:ChangeResourceRecordSets",
                         "route53:AssociateVPCWithHostedZone", "route53:DisassociateVPCFromHostedZone",
                         "route53:GetHealthCheck", "route53:UpdateHealthCheck", "route53:DeleteHealthCheck",
                         "route53:ChangeTagsForResource", "route53:ListTagsForResource"},
                        concat({tmpl("arn:", arns.partition(), ":route53:::hostedzone/*"),
                                tmpl("arn:", arns.partition(), ":route53:::healthcheck/*")},
                               arns.regional("ec2", "vpc/*"))));
    if (spec.database.dr_replica.enabled)
      doc.statement(allow("FailoverDocument",
                          {"ssm:CreateDocument", "ssm:UpdateDocument", "ssm:DeleteDocument", "ssm:DescribeDocument",
                           "ssm:GetDocument", "ssm:DescribeDocumentPermission", "ssm:UpdateDocumentDefaultVersion",
                           "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"},
                          arns.regional_named("ssm", "document/")));
    if (spec.failover.automatic && spec.database.dr_replica.enabled)
      doc.statement(allow("FailoverTriggerRule",
                          {"events:PutRule", "events:DeleteRule", "events:DescribeRule", "events:PutTargets",
                           "events:RemoveTargets", "events:ListTargetsByRule", "events:TagResource",
                           "events:UntagResource", "events:ListTagsForResource"},
                          arns.regional_named("events", "rule/")));
  }

  // The other roles of the stack, each by its exact name, never a pattern that matches
  // this role too: a role allowed iam:PutRolePolicy or iam:UpdateAssumeRolePolicy on
  // itself can grant itself anything ("AWS IAM Privilege Escalation Methods",
  // https://github.com/RhinoSecurityLabs/AWS-IAM-Privilege-Escalation). On itself it may
  // only read, as a refresh does: changes to this role and its policy are applied by an
  // administrator. It can still widen another stack role and make it assumable; what
  // closes that too is in docs/security.md.
  Arns managed;
  for (const std::string& name : managed_role_names(spec, names)) managed.push_back(arns.role(name));
  doc.statement(allow("StackRoles",
                      {"iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy",
                       "iam:TagRole", "iam:UntagRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy"},
                      managed));
  // The account's DMS service roles are read even when the stack does not create them (the
  // plan looks them up: migration_replication.cpp).
  Arns read_roles = concat(managed, {arns.role(names.terraform_execution())});
  if (migration_replicating(spec) && !spec.migration.dms.create_service_roles)
    read_roles = concat(std::move(read_roles), {arns.role(kDmsVpcRoleName), arns.role(kDmsCloudwatchLogsRoleName)});
  doc.statement(allow("ReadStackRoles",
                      {"iam:GetRole", "iam:ListRoleTags", "iam:ListRolePolicies", "iam:GetRolePolicy",
                       "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"},
                      read_roles));

  if (pipeline) {
    doc.statement(pipeline_provider_reads(*pipeline));
    // The pipeline's drift job publishes its alert to the alarm topics (docs/pipeline.md),
    // which are encrypted with the stack's keys: the publisher needs kms:GenerateDataKey
    // and kms:Decrypt through SNS ("Key management", Amazon SNS Developer Guide,
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
    doc.statement(allow("PipelineDriftAlert", {"sns:Publish"}, arns.regional_named("sns", "")));
    if (spec.database.kms_mode == KmsMode::customer_managed) {
      Statement alert_keys =
          allow("PipelineDriftAlertKeys", {"kms:GenerateDataKey", "kms:Decrypt"}, arns.regional("kms", "key/*"));
      alert_keys.condition(condition("StringEquals", "kms:ViaService", literals(arns.via({"sns"}))));
      doc.statement(alert_keys);
    }
  }

  // The one managed policy the stack attaches, to the one role that takes it.
  Statement attach = allow("AttachEnhancedMonitoringPolicyOnly", {"iam:AttachRolePolicy", "iam:DetachRolePolicy"},
                           {monitoring.arn()});
  attach.condition(condition("ArnEquals", "iam:PolicyARN",
                             {arns.aws_managed_policy("service-role/AmazonRDSEnhancedMonitoringRole")}));
  doc.statement(attach);

  // iam:PassRole only on the stack's roles, each only to the service that uses it.
  const auto pass = [&](std::string sid, const Arg<tf::String>& role_arn, std::string service) {
    Statement s = allow(std::move(sid), {"iam:PassRole"}, {role_arn});
    s.condition(condition("StringEquals", "iam:PassedToService", {std::move(service)}));
    doc.statement(s);
  };
  pass("PassEnhancedMonitoringRole", monitoring.arn(), "monitoring.rds.amazonaws.com");
  pass("PassFlowLogsRoles", arns.role(names.region("*").flow_logs()), "vpc-flow-logs.amazonaws.com");
  pass("PassOperationsRoleToSsm", operations.arn(), "ssm.amazonaws.com");
  if (migration_replicating(spec)) {
    // The migration's DMS replication instance, endpoints and task. DMS's Describe calls
    // support no resource-level permissions ("Actions, resources, and condition keys for AWS
    // Database Migration Service", https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsdatabasemigrationservice.html),
    // so they are limited to the regions.
    Statement dms_reads = allow("MigrationDmsReads", {"dms:Describe*"}, {"*"});
    dms_reads.condition(condition("StringEquals", "aws:RequestedRegion", literals(arns.regions())));
    doc.statement(dms_reads);
    doc.statement(allow("MigrationDms",
                        {"dms:CreateReplicationSubnetGroup", "dms:ModifyReplicationSubnetGroup",
                         "dms:DeleteReplicationSubnetGroup", "dms:CreateReplicationInstance",
                         "dms:ModifyReplicationInstance", "dms:DeleteReplicationInstance", "dms:CreateEndpoint",
                         "dms:ModifyEndpoint", "dms:DeleteEndpoint", "dms:CreateReplicationTask",
                         "dms:ModifyReplicationTask", "dms:DeleteReplicationTask", "dms:AddTagsToResource",
                         "dms:RemoveTagsFromResource", "dms:ListTagsForResource"},
                        arns.regional("dms", "*")));
    pass("PassMigrationDmsSecretsRole", arns.role(names.migration_dms_secrets_role()), "dms.amazonaws.com");
    if (spec.migration.dms.create_service_roles) {
      Statement attach_dms = allow("AttachDmsServiceRolePoliciesOnly", {"iam:AttachRolePolicy", "iam:DetachRolePolicy"},
                                   {arns.role(kDmsVpcRoleName), arns.role(kDmsCloudwatchLogsRoleName)});
      attach_dms.condition(condition("ArnEquals", "iam:PolicyARN",
                                     {arns.aws_managed_policy("service-role/AmazonDMSVPCManagementRole"),
                                      arns.aws_managed_policy("service-role/AmazonDMSCloudWatchLogsRole")}));
      doc.statement(attach_dms);
    }
  }
  if (spec.failover.enabled && spec.failover.automatic && spec.database.dr_replica.enabled)
    pass("PassFailoverTriggerRole", arns.role(names.failover_trigger()), "events.amazonaws.com");
  return doc;
}

// Failover and promotion runbooks: observe, promote, reboot with failover, modify
// (backup retention after a promotion), re-create a replica; on this stack's instances.
Document operations_policy(Stack& stack, const Providers& providers, const KmsKeys& kms, const ArnScope& arns) {
  auto doc = stack.add<Document>("rds_operations", providers.primary.provider);
  Statement observe = allow("Observe",
                            {"rds:DescribeDBInstances", "rds:DescribeEvents", "cloudwatch:GetMetricData",
                             "cloudwatch:GetMetricStatistics", "cloudwatch:DescribeAlarms"},
                            {"*"});
  observe.condition(condition("StringEquals", "aws:RequestedRegion", literals(arns.regions())));
  doc.statement(observe);

  // Instances, subnet groups and parameter groups are named with the suffix; a new
  // replica also uses the engine's default option group.
  Arns instances = concat(arns.regional_named("rds", "db:"), arns.regional_named("rds", "subgrp:"));
  instances = concat(std::move(instances), arns.regional_named("rds", "pg:"));
  instances = concat(std::move(instances), arns.regional("rds", "og:default:postgres-*"));
  doc.statement(allow("FailoverAndPromotion",
                      {"rds:PromoteReadReplica", "rds:RebootDBInstance", "rds:ModifyDBInstance",
                       "rds:CreateDBInstanceReadReplica"},
                      instances));

  // RDS uses the stack's keys for a re-created (encrypted) replica.
  Arns keys = arns.regional("kms", "key/*");
  if (kms.primary_arn && kms.dr_arn) keys = {*kms.primary_arn, *kms.dr_arn};
  Statement use = allow("KeysThroughRds", {"kms:CreateGrant", "kms:DescribeKey"}, keys);
  use.condition(condition("StringEquals", "kms:ViaService", literals(arns.via({"rds"}))));
  doc.statement(use);

  doc.statement(allow("NotifyOperators", {"sns:Publish"}, arns.regional_named("sns", "")));
  // The topics are encrypted with the stack's keys: "The publisher must have the
  // kms:GenerateDataKey and kms:Decrypt permissions" ("Key management", Amazon SNS Developer
  // Guide, https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html), through SNS
  // of each key's region only ("AWS KMS condition keys", kms:ViaService,
  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
  if (kms.primary_arn && kms.dr_arn) {
    Statement notify_keys = allow("EncryptedNotifications", {"kms:GenerateDataKey", "kms:Decrypt"},
                                  {*kms.primary_arn, *kms.dr_arn});
    notify_keys.condition(condition("StringEquals", "kms:ViaService", literals(arns.via({"sns"}))));
    doc.statement(notify_keys);
  }
  return doc;
}

}  // namespace

IamRoles build_iam(Stack& stack, const HaStackSpec& spec, const Providers& providers, const KmsKeys& kms) {
  const ProviderRef& provider = providers.primary.provider;
  const Names names(spec);
  const ArnScope arns(names, providers);

  // Enhanced Monitoring: RDS assumes it to publish OS metrics to CloudWatch Logs.
  auto monitoring_trust = service_trust(stack, "rds_monitoring_trust", provider, "AssumedByEnhancedMonitoring",
                                       "monitoring.rds.amazonaws.com", arns);
  auto monitoring = role(stack, "rds_monitoring", names.rds_monitoring(), provider,
                         "rdha: lets RDS Enhanced Monitoring publish OS metrics to CloudWatch Logs", monitoring_trust);
  auto attachment = stack.add<aws::IamRolePolicyAttachment>("rds_monitoring", provider);
  attachment.role_(monitoring.name()).policy_arn(
      arns.aws_managed_policy("service-role/AmazonRDSEnhancedMonitoringRole"));

  // RDS operations: assumed by operators of the account (as IAM allows them) and by SSM
  // Automation runbooks.
  auto operations_trust = stack.add<Document>("rds_operations_trust", provider);
  Statement operators;
  operators.sid("AssumedByAccountOperators").effect("Allow").actions({"sts:AssumeRole"});
  operators.principals(principals("AWS", {arns.root()}));
  operations_trust.statement(operators);
  Statement ssm;
  ssm.sid("AssumedBySsmAutomation").effect("Allow").actions({"sts:AssumeRole"});
  ssm.principals(principals("Service", {"ssm.amazonaws.com"}));
  ssm.condition(condition("StringEquals", "aws:SourceAccount", {arns.account()}));
  operations_trust.statement(ssm);
  auto operations = role(stack, "rds_operations", names.rds_operations(), provider,
                         "rdha: failover and promotion runbooks for the PostgreSQL instances", operations_trust);
  auto operations_doc = operations_policy(stack, providers, kms, arns);
  auto operations_inline = stack.add<aws::IamRolePolicy>("rds_operations", provider);
  operations_inline.name(names.rds_operations()).role_(operations.id()).policy(operations_doc.json_());

  // Terraform execution: assumed by the configured deployers, else by the account (whose
  // IAM policies then decide who may assume it).
  Arns deployers;
  for (const auto& principal : spec.security.terraform_principals) deployers.emplace_back(principal);
  if (deployers.empty()) deployers.push_back(arns.root());
  auto terraform_trust = stack.add<Document>("terraform_execution_trust", provider);
  Statement deploy;
  deploy.sid("AssumedByDeployers").effect("Allow").actions({"sts:AssumeRole"});
  deploy.principals(principals("AWS", deployers));
  terraform_trust.statement(deploy);
  // The CI pipeline's jobs (spec.pipeline), through web identity.
  std::optional<PipelineProvider> pipeline = build_pipeline_provider(stack, spec, provider);
  if (pipeline) terraform_trust.statement(pipeline_trust_statement(spec, *pipeline));
  auto terraform = role(stack, "terraform_execution", names.terraform_execution(), provider,
                        "rdha: runs Terraform for the HA PostgreSQL stack with least privilege", terraform_trust);
  if (pipeline) terraform.max_session_duration(kPipelineSessionSeconds);
  auto terraform_doc = terraform_policy(stack, spec, names, providers, arns, monitoring, operations, pipeline);
  auto terraform_inline = stack.add<aws::IamRolePolicy>("terraform_execution", provider);
  terraform_inline.name(names.terraform_execution()).role_(terraform.id()).policy(terraform_doc.json_());

  std::optional<aws::IamOpenidConnectProvider> ci_provider;
  if (pipeline) ci_provider = pipeline->provider;
  return IamRoles{monitoring, terraform, operations, attachment, ci_provider};
}

}  // namespace rdha::stack
