// The security module: per region an application-tier security group (or existing ones)
// and the DB security group that admits only the PostgreSQL port from the app tier.
//
// Groups carry no inline rules: every rule is its own aws_vpc_security_group_*_rule
// resource with a description, and a group created without inline egress loses AWS's
// default allow-all egress rule, so only the rules below exist. Descriptions use only the
// characters EC2 accepts (letters, digits, spaces and ._-:/()#,@[]+=;{}!$*).
#include "rdha/stack/modules.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rdha::stack {
namespace {

std::map<std::string, std::string> name_tag(const std::string& name) { return {{"Name", name}}; }

}  // namespace

RegionSecurity build_security_groups(Stack& stack, const HaStackSpec& spec, const RegionNetwork& network,
                                     const RegionNetwork& peer) {
  const std::string& key = network.region.key;
  const ProviderRef& provider = network.region.provider;
  const int port = spec.database.port;
  const std::string port_text = std::to_string(port);

  const std::string db_name = network.region.names.db_security_group();
  auto db = stack.add<aws::SecurityGroup>(key + "_db", provider);
  db.name(db_name)
      .description("rdha PostgreSQL instances: port " + port_text + " from the application tier only")
      .vpc_id(network.vpc.id())
      .tags(name_tag(db_name));

  RegionSecurity out{std::nullopt, db};

  // One ingress rule per app-tier group: SG references, not CIDRs, so only members of
  // the app tier reach the database. The peer region's apps are not admitted: SG
  // references do not cross regions and a peer CIDR would admit every host there;
  // after a regional failover the apps run in the DR region behind its own app group.
  const auto admit = [&](const std::string& local, const Arg<tf::String>& source, const std::string& what) {
    auto rule = stack.add<aws::VpcSecurityGroupIngressRule>(local, provider);
    rule.security_group_id(db.id())
        .referenced_security_group_id(source)
        .ip_protocol("tcp")
        .from_port(port)
        .to_port(port)
        .description("PostgreSQL " + port_text + " from " + what);
  };

  if (spec.security.create_app_security_groups) {
    const std::string app_name = network.region.names.app_security_group();
    auto app = stack.add<aws::SecurityGroup>(key + "_app", provider);
    app.name(app_name)
        .description("rdha application tier: attach to the app alongside its own groups to reach PostgreSQL")
        .vpc_id(network.vpc.id())
        .tags(name_tag(app_name));
    admit(key + "_db_from_app", app.id(), "the application tier group " + app_name);

    // The app's other traffic is the app team's (its own groups); this group only opens
    // the way to the database.
    auto egress = stack.add<aws::VpcSecurityGroupEgressRule>(key + "_app_to_db", provider);
    egress.security_group_id(app.id())
        .referenced_security_group_id(db.id())
        .ip_protocol("tcp")
        .from_port(port)
        .to_port(port)
        .description("PostgreSQL " + port_text + " to the database group " + db_name);
    out.app = app;
  }

  const std::vector<std::string>& existing = network.region.existing_app_security_group_ids;
  for (std::size_t i = 0; i < existing.size(); ++i)
    admit(key + "_db_from_existing_" + std::to_string(i + 1), existing[i], "existing application group " + existing[i]);

  // Stateful groups answer admitted connections without egress rules; these only let the
  // engine open PostgreSQL connections (dblink, postgres_fdw) inside the stack's two VPCs.
  // Cross-region replication runs over AWS's network, not through these groups.
  const auto egress_to = [&](const std::string& local, const Arg<tf::String>& cidr, const std::string& what) {
    auto rule = stack.add<aws::VpcSecurityGroupEgressRule>(local, provider);
    rule.security_group_id(db.id())
        .cidr_ipv4(cidr)
        .ip_protocol("tcp")
        .from_port(port)
        .to_port(port)
        .description("PostgreSQL " + port_text + " to " + what);
  };
  egress_to(key + "_db_to_vpc", network.vpc.cidr_block(), "the " + network.region.spec->name + " VPC");
  egress_to(key + "_db_to_peer", peer.vpc.cidr_block(), "the peer VPC in " + peer.region.spec->name);

  return out;
}

}  // namespace rdha::stack
