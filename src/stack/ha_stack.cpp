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

}  // namespace

HaStack build_ha_stack_parts(const HaStackSpec& spec) {
  validate_or_throw(spec);
  Stack stack;
  Providers providers = add_providers(stack, spec);
  KmsKeys kms = build_kms(stack, spec, providers);
  RegionNetwork primary_network = build_network(stack, spec, providers.primary, kms.primary_arn);
  RegionNetwork dr_network = build_network(stack, spec, providers.dr, kms.dr_arn);
  Peering peering = build_peering(stack, spec, primary_network, dr_network);
  MasterSecret secret = build_secrets(stack, spec, providers, kms);
  RegionSecurity primary_security = build_security_groups(stack, spec, primary_network, dr_network);
  RegionSecurity dr_security = build_security_groups(stack, spec, dr_network, primary_network);
  IamRoles iam = build_iam(stack, spec, providers, kms);
  Database database = build_database(stack, spec, providers, primary_network, dr_network, primary_security,
                                     dr_security, kms, secret, iam);
  Monitoring monitoring = build_monitoring(stack, spec, providers, kms, database);
  std::optional<Failover> failover;
  if (spec.failover.enabled)
    failover = build_failover(stack, spec, providers, primary_network, dr_network, database, monitoring, iam);
  RemoteState remote_state = build_remote_state(stack, spec, providers, iam);
  HaStack parts{std::move(stack),    std::move(providers),        std::move(kms),         std::move(primary_network),
                std::move(dr_network), std::move(peering),        std::move(secret),      std::move(primary_security),
                std::move(dr_security), std::move(iam),           std::move(database),    std::move(monitoring),
                std::move(failover),   std::move(remote_state)};
  add_outputs(parts);
  return parts;
}

Stack build_ha_stack(const HaStackSpec& spec) { return std::move(build_ha_stack_parts(spec).stack); }

void add_outputs(HaStack& parts) {
  Stack& stack = parts.stack;
  const Database& db = parts.database;
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
                      "Secrets Manager secret holding the master credentials (replicated to the DR region).", true});
  } else {
    stack.add_output("master_secret_arn",
                     {Expr::raw(db.primary.master_user_secret()[0].text() + ".secret_arn").interpolated(),
                      "RDS-managed secret holding the master credentials.", true});
  }
  if (parts.kms.primary_arn)
    stack.add_output("kms_key_arns", {{{"primary", parts.kms.primary_arn->interpolated()},
                                       {"dr", parts.kms.dr_arn->interpolated()}},
                                      "Customer-managed KMS keys per region (multi-Region key and its replica).",
                                      false});
  stack.add_output("alarm_topic_arns", {{{"primary", parts.monitoring.primary_topic.arn().interpolated()},
                                         {"dr", parts.monitoring.dr_topic.arn().interpolated()}},
                                        "SNS alarm topic per region (alarms, RDS events, the pipeline's drift alert).",
                                        false});
  stack.add_output("vpc_ids", {{{"primary", parts.primary_network.vpc.id().interpolated()},
                                {"dr", parts.dr_network.vpc.id().interpolated()}},
                               "VPC per region.", false});
  stack.add_output("peering_connection_id",
                   {parts.peering.connection.id().interpolated(), "Cross-region VPC peering connection.", false});
  if (parts.failover) {
    const Failover& f = *parts.failover;
    const aws::Route53Record& writer = f.writer ? *f.writer : *f.writer_dr;
    stack.add_output("writer_dns_name",
                     {writer.fqdn().interpolated(),
                      "Writer's stable DNS name (private zone); it answers the DR instance once the failover "
                      "automation switches it.",
                      false});
    // None in the dr_promoted state of a stack without replicas: its only reader record
    // named the lost writer and left the configuration.
    const aws::Route53Record* reader =
        !f.readers.empty() ? &f.readers.front() : (f.reader_dr ? &*f.reader_dr : nullptr);
    if (reader != nullptr)
      stack.add_output("reader_dns_name",
                       {reader->fqdn().interpolated(),
                        "Readers' stable DNS name: the healthy same-region replicas, equally weighted, else the DR "
                        "instance.",
                        false});
    if (f.document)
      stack.add_output("failover_document_name",
                       {f.document->name().interpolated(),
                        "SSM Automation document of the region failover (DR region); DryRun=true by default.", false});
  }
}

}  // namespace rdha::stack
