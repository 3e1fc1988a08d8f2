// The peering module: cross-region VPC peering between the primary and DR networks, with
// routes to the peer VPC's CIDR and DNS resolution across the link.
#include "rdha/stack/modules.hpp"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "rdha/error.hpp"
#include "rdha/stack/cidr.hpp"

namespace rdha::stack {
namespace {

// Peering routes go to the peer VPC's CIDR only. A CIDR that does not parse, covers
// everything (/0) or overlaps the other VPC would route wrong traffic or be rejected by
// AWS; the spec validates this too, the module checks again for standalone use.
void check_cidrs(const RegionNetwork& primary, const RegionNetwork& dr) {
  std::vector<Problem> problems;
  const auto a = parse_cidr(primary.region.spec->vpc_cidr);
  const auto b = parse_cidr(dr.region.spec->vpc_cidr);
  for (const auto* network : {&primary, &dr}) {
    const auto cidr = parse_cidr(network->region.spec->vpc_cidr);
    if (!cidr || cidr->prefix == 0)
      problems.push_back({fmt::format("regions.{}.vpc_cidr", network->region.key),
                          fmt::format("\"{}\" cannot be a peering route destination; give the VPC's own CIDR block "
                                      "(e.g. \"10.1.0.0/16\").",
                                      network->region.spec->vpc_cidr)});
  }
  if (problems.empty() && a->overlaps(*b))
    problems.push_back({fmt::format("regions.{}.vpc_cidr", dr.region.key),
                        fmt::format("\"{}\" overlaps regions.{}.vpc_cidr \"{}\"; peered VPCs need disjoint CIDR blocks.",
                                    dr.region.spec->vpc_cidr, primary.region.key, primary.region.spec->vpc_cidr)});
  if (!problems.empty()) throw SpecError::invalid(std::move(problems));
}

}  // namespace

Peering build_peering(Stack& stack, const HaStackSpec& spec, const RegionNetwork& primary,
                      const RegionNetwork& dr) {
  check_cidrs(primary, dr);
  const std::map<std::string, std::string> tags{{"Name", Names(spec).peering()}};

  // Cross-region peering cannot be auto-accepted by the requester: the DR side accepts.
  auto connection = stack.add<aws::VpcPeeringConnection>("primary_to_dr", primary.region.provider);
  connection.vpc_id(primary.vpc.id())
      .peer_vpc_id(dr.vpc.id())
      .peer_region(dr.region.spec->name)
      .tags(tags);

  auto accepter = stack.add<aws::VpcPeeringConnectionAccepter>("primary_to_dr", dr.region.provider);
  accepter.vpc_peering_connection_id(connection.id()).auto_accept(true).tags(tags);

  // Routes to the peer CIDR in the private route tables only: the database and the
  // application tier live in private subnets; the public subnets hold just the NAT
  // gateway (and load balancers), which have no business reaching the peer VPC. Both
  // sides take the connection id from the accepter, so no route is created before the
  // connection is active.
  auto to_dr = stack.add<aws::Route>(primary.region.key + "_private_to_peer", primary.region.provider);
  to_dr.route_table_id(primary.private_route_table.id())
      .destination_cidr_block(dr.region.spec->vpc_cidr)
      .vpc_peering_connection_id(accepter.id());
  auto to_primary = stack.add<aws::Route>(dr.region.key + "_private_to_peer", dr.region.provider);
  to_primary.route_table_id(dr.private_route_table.id())
      .destination_cidr_block(primary.region.spec->vpc_cidr)
      .vpc_peering_connection_id(accepter.id());

  // Each VPC resolves the other's private DNS names (RDS endpoints) to private IPs. The
  // options can be set only on an active connection, each side by its own region's
  // provider: requester options in the primary region, accepter options in the DR region.
  auto requester_options = stack.add<aws::VpcPeeringConnectionOptions>(primary.region.key, primary.region.provider);
  aws::VpcPeeringConnectionOptions::Requester requester;
  requester.allow_remote_vpc_dns_resolution(true);
  requester_options.vpc_peering_connection_id(accepter.id()).requester(requester);

  auto accepter_options = stack.add<aws::VpcPeeringConnectionOptions>(dr.region.key, dr.region.provider);
  aws::VpcPeeringConnectionOptions::Accepter accepter_block;
  accepter_block.allow_remote_vpc_dns_resolution(true);
  accepter_options.vpc_peering_connection_id(accepter.id()).accepter(accepter_block);

  return Peering{connection, accepter};
}

}  // namespace rdha::stack
