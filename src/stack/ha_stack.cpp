// build_ha_stack (rdha/stack/ha_stack.hpp): the modules composed in dependency order,
// plus the outputs applications and operators read.
#include "rdha/stack/ha_stack.hpp"

#include <utility>

namespace rdha::stack {
namespace {

nlohmann::json list_of(const std::vector<aws::DbInstance>& instances) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& instance : instances) out.push_back(instance.endpoint().interpolated());
  return out;
}

// The database's outputs: endpoints and the master secret.
void add_database_outputs(HaStack& parts, const Database& db) {
  Stack& stack = parts.stack;
  stack.add_output("primary_endpoint", {db.primary.endpoint().interpolated(),
                                        "Writer endpoint (host:port); follows Multi-AZ failover.", false});
  stack.add_output("primary_address", {db.primary.address_().interpolated(), "Writer hostname.", false});
  stack.add_output("reader_endpoints",
                   {list_of(db.replicas), "Endpoints of the same-region read replicas, in spec order.", false});
  if (db.dr_replica)
    stack.add_output("dr_endpoint", {db.dr_replica->endpoint().interpolated(),
                                     "Endpoint of the cross-region DR replica (promote it on region loss).", false});
  if (parts.secret.secret) {
    stack.add_output("master_secret_arn",
                     {parts.secret.secret->arn().interpolated(),
                      parts.dr_network ? "Secrets Manager secret holding the master credentials (replicated to the DR region)."
                                       : "Secrets Manager secret holding the master credentials.",
                      true});
  } else {
    stack.add_output("master_secret_arn",
                     {Expr::raw(db.primary.master_user_secret()[0].text() + ".secret_arn").interpolated(),
                      "RDS-managed secret holding the master credentials.", true});
  }
}

}  // namespace

bool database_deferred_by_migration(const HaStackSpec& spec) {
  return spec.migration.enabled && spec.migration.phase == MigrationPhase::copy;
}

HaStack build_ha_stack_parts(const HaStackSpec& spec) {
  validate_or_throw(spec);
  Stack stack;
  Providers providers = add_providers(stack, spec);
  KmsKeys kms = build_kms(stack, spec, providers);
  RegionNetwork primary_network = build_network(stack, spec, providers.primary, kms.primary_arn);
  // Without a DR region (regions.dr.enabled false) nothing is built there.
  std::optional<RegionNetwork> dr_network;
  std::optional<Peering> peering;
  if (providers.dr) {
    dr_network = build_network(stack, spec, *providers.dr, kms.dr_arn);
    peering = build_peering(stack, spec, primary_network, *dr_network);
  }
  const RegionNetwork* dr = dr_network ? &*dr_network : nullptr;
  MasterSecret secret = build_secrets(stack, spec, providers, kms);
  RegionSecurity primary_security = build_security_groups(stack, spec, primary_network, dr);
  std::optional<RegionSecurity> dr_security;
  if (dr) dr_security = build_security_groups(stack, spec, *dr, &primary_network);
  IamRoles iam = build_iam(stack, spec, providers, kms);
  std::optional<aws::DbSnapshotCopy> migration_copy = add_migration_copy(stack, spec, providers.primary, kms);
  // The copy phase creates only the copy: an empty primary now would be replaced by the
  // restored one in the next phase, and the failover automation needs a database.
  std::optional<Database> database;
  if (!database_deferred_by_migration(spec))
    database = build_database(stack, spec, providers, primary_network, dr, primary_security,
                              dr_security ? &*dr_security : nullptr, kms, secret, iam, migration_copy);
  build_migration_replication(stack, spec, providers, primary_network, primary_security, kms, secret);
  const Database* db = database ? &*database : nullptr;
  Monitoring monitoring = build_monitoring(stack, spec, providers, kms, db);
  std::optional<Failover> failover;
  if (spec.failover.enabled && db != nullptr)
    failover = build_failover(stack, spec, providers, primary_network, dr, *db, monitoring, iam);
  RemoteState remote_state = build_remote_state(stack, spec, providers, iam);
  HaStack parts{std::move(stack),          std::move(providers),      std::move(kms),
                std::move(primary_network), std::move(dr_network),     std::move(peering),
                std::move(secret),         std::move(primary_security), std::move(dr_security),
                std::move(iam),            std::move(migration_copy), std::move(database),
                std::move(monitoring),     std::move(failover),       std::move(remote_state)};
  add_outputs(parts);
  return parts;
}

Stack build_ha_stack(const HaStackSpec& spec) { return std::move(build_ha_stack_parts(spec).stack); }

void add_outputs(HaStack& parts) {
  Stack& stack = parts.stack;
  if (parts.database) add_database_outputs(parts, *parts.database);
  // Per-region maps keep their shape without a DR region: only the "primary" key.
  if (parts.kms.primary_arn) {
    nlohmann::json keys = {{"primary", parts.kms.primary_arn->interpolated()}};
    if (parts.kms.dr_arn) keys["dr"] = parts.kms.dr_arn->interpolated();
    stack.add_output("kms_key_arns",
                     {keys,
                      parts.kms.dr_arn ? "Customer-managed KMS keys per region (multi-Region key and its replica)."
                                       : "Customer-managed KMS key of the primary region (multi-Region: a second "
                                         "region replicates it rather than replacing it).",
                      false});
  }
  nlohmann::json topics = {{"primary", parts.monitoring.primary_topic.arn().interpolated()}};
  if (parts.monitoring.dr_topic) topics["dr"] = parts.monitoring.dr_topic->arn().interpolated();
  stack.add_output("alarm_topic_arns",
                   {topics, "SNS alarm topic per region (alarms, RDS events, the pipeline's drift alert).", false});
  nlohmann::json vpcs = {{"primary", parts.primary_network.vpc.id().interpolated()}};
  if (parts.dr_network) vpcs["dr"] = parts.dr_network->vpc.id().interpolated();
  stack.add_output("vpc_ids", {vpcs, "VPC per region.", false});
  if (parts.peering)
    stack.add_output("peering_connection_id",
                     {parts.peering->connection.id().interpolated(), "Cross-region VPC peering connection.", false});
  if (parts.failover) {
    const Failover& f = *parts.failover;
    const aws::Route53Record& writer = f.writer ? *f.writer : *f.writer_dr;
    stack.add_output("writer_dns_name",
                     {writer.fqdn().interpolated(),
                      f.writer_dr ? "Writer's stable DNS name (private zone); it answers the DR instance once the "
                                    "failover automation switches it."
                                  : "Writer's stable DNS name (private zone).",
                      false});
    // None in the dr_promoted state of a stack without replicas: its only reader record
    // named the lost writer and left the configuration.
    const aws::Route53Record* reader =
        !f.readers.empty() ? &f.readers.front() : (f.reader_dr ? &*f.reader_dr : nullptr);
    if (reader != nullptr)
      stack.add_output("reader_dns_name",
                       {reader->fqdn().interpolated(),
                        f.reader_dr ? "Readers' stable DNS name: the healthy same-region replicas, equally weighted, "
                                      "else the DR instance."
                                    : "Readers' stable DNS name: the healthy same-region replicas, equally weighted.",
                        false});
    if (f.document)
      stack.add_output("failover_document_name",
                       {f.document->name().interpolated(),
                        "SSM Automation document of the region failover (DR region); DryRun=true by default.", false});
  }
}

}  // namespace rdha::stack
