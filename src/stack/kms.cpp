// The KMS module: a multi-Region customer-managed key, its DR replica, aliases and key
// policies; or, in aws_managed mode, only the lookup of the DR region's aws/rds key.
#include "rdha/stack/modules.hpp"

#include <map>
#include <string>
#include <vector>

namespace rdha::stack {
namespace {

using Document = aws::data::IamPolicyDocument;
using Statement = Document::Statement;

Statement::Principals principals(std::string type, const Arg<tf::Set<tf::String>>& identifiers) {
  Statement::Principals p;
  p.type(type).identifiers(identifiers);
  return p;
}

Statement::Condition condition(std::string test, std::string variable, const Arg<tf::List<tf::String>>& values) {
  Statement::Condition c;
  c.test(test).variable(variable).values(values);
  return c;
}

// The key policy for the key that lives in @p region. Every statement names its
// principal: the account root (which delegates to IAM policies in the account) or an
// AWS service, never "*". "Resource": "*" in a key policy means this key.
Document key_policy(Stack& stack, const std::string& local_name, const RegionContext& region,
                    const Providers& providers, bool dms) {
  const auto account = providers.caller.account_id();
  const auto partition = providers.partition.partition();
  const std::string& name = region.spec->name;
  const auto root = tmpl("arn:", partition, ":iam::", account, ":root");

  auto doc = stack.add<Document>(local_name, region.provider);

  // Without this the key could become unmanageable: the account keeps full control and
  // IAM policies in the account decide who may administer and use the key.
  Statement admin;
  admin.sid("AccountAdministration").effect("Allow").actions({"kms:*"}).resources({"*"});
  admin.principals(principals("AWS", {root}));
  doc.statement(admin);

  // Principals of the account may use the key only through RDS and Secrets Manager of
  // this region (encrypting storage, snapshots, replicas and the master secret).
  std::vector<Arg<tf::String>> services{"rds." + name + ".amazonaws.com", "secretsmanager." + name + ".amazonaws.com"};
  // The migration's DMS replication instance and endpoints encrypt with the key through DMS
  // (KmsKeyId of "CreateReplicationInstance" and "CreateEndpoint",
  // https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationInstance.html).
  if (dms) services.push_back("dms." + name + ".amazonaws.com");
  const Arg<tf::List<tf::String>> via_services = services;
  Statement use;
  use.sid("UseViaRdsAndSecretsManager").effect("Allow");
  use.actions({"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"});
  use.resources({"*"});
  use.principals(principals("AWS", {root}));
  use.condition(condition("StringEquals", "kms:ViaService", via_services));
  use.condition(condition("StringEquals", "kms:CallerAccount", {account}));
  doc.statement(use);

  // RDS creates grants for its own resources (replicas, automated backups); only
  // grants for AWS resources, through the same services.
  Statement grants;
  grants.sid("GrantsForAwsResources").effect("Allow");
  grants.actions({"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"});
  grants.resources({"*"});
  grants.principals(principals("AWS", {root}));
  grants.condition(condition("StringEquals", "kms:ViaService", via_services));
  grants.condition(condition("StringEquals", "kms:CallerAccount", {account}));
  grants.condition(condition("Bool", "kms:GrantIsForAWSResource", {"true"}));
  doc.statement(grants);

  // CloudWatch Logs (flow logs, the DB instances' exported logs): the service principal of
  // this region, only for log groups of this account and region, identified by the
  // encryption context Logs always sends ("Encrypt log data in CloudWatch Logs using AWS
  // KMS", Amazon CloudWatch Logs User Guide,
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
  Statement logs;
  logs.sid("CloudWatchLogs").effect("Allow");
  logs.actions({"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"});
  logs.resources({"*"});
  logs.principals(principals("Service", {"logs." + name + ".amazonaws.com"}));
  logs.condition(condition("ArnLike", "kms:EncryptionContext:aws:logs:arn",
                           {tmpl("arn:", partition, ":logs:", name, ":", account, ":log-group:*")}));
  doc.statement(logs);

  // CloudWatch alarms and RDS event subscriptions publish to the KMS-encrypted alarm
  // topics; SNS needs these two calls on their behalf. The topic policy scopes which
  // alarms and subscriptions may publish (source account / ARN), so no condition here.
  Statement publish;
  publish.sid("AlarmAndEventPublishingToSns").effect("Allow");
  publish.actions({"kms:Decrypt", "kms:GenerateDataKey*"});
  publish.resources({"*"});
  publish.principals(principals("Service", {"cloudwatch.amazonaws.com", "events.rds.amazonaws.com"}));
  doc.statement(publish);

  return doc;
}

}  // namespace

KmsKeys build_kms(Stack& stack, const HaStackSpec& spec, const Providers& providers) {
  KmsKeys keys;

  if (spec.database.kms_mode == KmsMode::aws_managed) {
    keys.customer_managed = false;
    if (!providers.dr) return keys;
    // A cross-region replica of an encrypted source must name a key of its own region;
    // the DR region's AWS-managed aws/rds key is looked up by alias. aws_kms_alias (data)
    // has no generated binding, hence the generic API.
    auto alias = stack.add(Kind::data, "aws_kms_alias", "dr_rds", providers.dr->provider);
    alias.set("name", kAwsManagedRdsKeyAlias);
    keys.dr_rds_default_arn = alias.attr<tf::String>("target_key_arn");
    return keys;
  }

  const std::string alias_name = Names(spec).kms_alias();
  const int deletion_window = spec.database.kms_deletion_window_days;

  auto primary_policy = key_policy(stack, "kms_primary", providers.primary, providers, migration_replicating(spec));
  auto key = stack.add<aws::KmsKey>("primary", providers.primary.provider);
  key.description("rdha: data at rest of the HA PostgreSQL stack (RDS, Secrets Manager, CloudWatch Logs, SNS)")
      .multi_region(true)
      .enable_key_rotation(true)
      .deletion_window_in_days(deletion_window)
      .policy(primary_policy.json_())
      .tags(std::map<std::string, std::string>{{"Name", providers.primary.names.kms_key()}});

  // The replica shares the key material (cross-region replicas and secret replicas can
  // decrypt with it) but has its own policy naming the DR region's services. Without a DR
  // region the key stays multi-Region all the same: adding the region later replicates it
  // instead of replacing it (multi_region forces a new key).
  std::optional<aws::KmsReplicaKey> replica;
  if (providers.dr) {
    auto dr_policy = key_policy(stack, "kms_dr", *providers.dr, providers, false);
    replica = stack.add<aws::KmsReplicaKey>("dr", providers.dr->provider);
    replica->description("rdha: DR-region replica of the multi-Region data-at-rest key")
        .primary_key_arn(key.arn())
        .deletion_window_in_days(deletion_window)
        .policy(dr_policy.json_())
        .tags(std::map<std::string, std::string>{{"Name", providers.dr->names.kms_key()}});
  }

  // Aliases are regional, so both regions use the same alias name.
  auto primary_alias = stack.add<aws::KmsAlias>("primary", providers.primary.provider);
  primary_alias.name(alias_name).target_key_id(key.key_id());
  if (replica) {
    auto dr_alias = stack.add<aws::KmsAlias>("dr", providers.dr->provider);
    dr_alias.name(alias_name).target_key_id(replica->key_id());
  }

  keys.customer_managed = true;
  keys.primary_key = key;
  keys.dr_key = replica;
  keys.primary_arn = key.arn();
  if (replica) keys.dr_arn = replica->arn();
  return keys;
}

}  // namespace rdha::stack
