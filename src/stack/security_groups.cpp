// The security module: per region an application-tier security group (or existing ones)
// and the DB security group that admits only the PostgreSQL port from the app tier, in its
// own region by group and from the peer region by CIDR.
//
// After a failover the writer may be in the other region (the DR instance after a region or
// a database loss), so each DB group also admits the peer region's application subnets, and
// each app group may reach the peer's DB subnets. By CIDR: "You can't reference the
// security group of a peer VPC that's in a different Region. Instead, use the CIDR block of
// the peer VPC" ("Update your security groups to reference peer security groups", VPC
// Peering Guide, https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html).
// The DB groups carry no egress rules: "Security groups are stateful — if you send a request
// from your instance, the response traffic for that request is allowed to flow in regardless
// of inbound security group rules" ("Control traffic to your AWS resources using security
// groups", https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html), so
// answers to admitted connections need none; replication runs over AWS's network.
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

// A rule of @p group on the PostgreSQL @p port for one CIDR block of the peered VPC (a group
// of another region cannot be referenced); Rule is the ingress or the egress rule type.
template <class Rule>
void add_cidr_rule(Stack& stack, const ProviderRef& provider, const std::string& local, const Arg<tf::String>& group,
                   const std::string& cidr, int port, const std::string& description) {
  auto rule = stack.add<Rule>(local, provider);
  rule.security_group_id(group).cidr_ipv4(cidr).ip_protocol("tcp").from_port(port).to_port(port).description(description);
}

}  // namespace

RegionSecurity build_security_groups(Stack& stack, const HaStackSpec& spec, const RegionNetwork& network,
                                     const RegionNetwork* peer) {
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

  // One ingress rule per app-tier group of the region: SG references, not CIDRs, so only
  // members of the app tier reach the database.
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
    // The peer region's databases, by their subnets (the DB subnet group there).
    const std::vector<std::string> no_subnets;
    const auto& peer_db_subnets = peer ? peer->region.spec->private_subnets : no_subnets;
    for (std::size_t i = 0; i < peer_db_subnets.size(); ++i)
      add_cidr_rule<aws::VpcSecurityGroupEgressRule>(
          stack, provider, key + "_app_to_peer_db_" + std::to_string(i + 1), app.id(), peer_db_subnets[i], port,
          "PostgreSQL " + port_text + " to the database subnet " + peer_db_subnets[i] + " of " + peer->region.spec->name);
    out.app = app;
  }

  const std::vector<std::string>& existing = network.region.existing_app_security_group_ids;
  for (std::size_t i = 0; i < existing.size(); ++i)
    admit(key + "_db_from_existing_" + std::to_string(i + 1), existing[i], "existing application group " + existing[i]);

  // The peer region's application subnets (security.cross_region_app_cidrs).
  if (peer == nullptr) return out;
  const auto& peer_apps = peer->region.cross_region_app_cidrs;
  for (std::size_t i = 0; i < peer_apps.size(); ++i)
    add_cidr_rule<aws::VpcSecurityGroupIngressRule>(
        stack, provider, key + "_db_from_peer_" + std::to_string(i + 1), db.id(), peer_apps[i], port,
        "PostgreSQL " + port_text + " from the application subnet " + peer_apps[i] + " of " + peer->region.spec->name +
            " (peered VPC)");

  return out;
}

}  // namespace rdha::stack
