// Synthetic stacks of realistic shape for the scale benchmarks (bench_graph, bench_emit).
//
// The graph is a run of "cells" of ten typed resources, the shape of one database tier:
// VPC → two subnets → security group → ingress rule (also pointing at the previous cell's
// group, so cells chain together) → DB subnet group (a list of references) → parameter
// group (nested `parameter` blocks) → DB instance (three references, one in a list) →
// SNS topic → CloudWatch alarm (a map and two lists holding references). Cells alternate
// between the primary and the DR provider configuration. Every resource except the VPC
// and the topic references one to three earlier ones; the stack validates cleanly.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "rdha/aws/aws.hpp"
#include "rdha/core/stack.hpp"

namespace rdha_bench {

/// @brief Resources per cell of the synthetic graph.
inline constexpr std::size_t kCellSize = 10;

/// @brief A stack of @p resources resources (rounded up to whole cells).
inline rdha::Stack synthetic_stack(std::size_t resources) {
  namespace aws = rdha::aws;
  using rdha::tmpl;
  rdha::Stack stack;
  stack.require_provider("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0");
  const rdha::ProviderRef regions[2] = {stack.add_provider("aws", "us-east-1"),
                                        stack.add_provider("aws", "us-west-2", "dr")};
  const char* azs[2][2] = {{"us-east-1a", "us-east-1b"}, {"us-west-2a", "us-west-2b"}};

  const std::size_t cells = (resources + kCellSize - 1) / kCellSize;
  aws::SecurityGroup previous_group;
  for (std::size_t c = 0; c < cells; ++c) {
    const std::string n = "c" + std::to_string(c);
    const std::string octet = std::to_string(c % 256);
    const auto& region = regions[c % 2];
    const auto& az = azs[c % 2];
    const std::map<std::string, std::string> tags{{"Cell", n}, {"Tier", "database"}};

    auto vpc = stack.add<aws::Vpc>(n, region);
    vpc.cidr_block("10." + octet + ".0.0/16").enable_dns_support(true).enable_dns_hostnames(true).tags(tags);

    auto subnet_a = stack.add<aws::Subnet>(n + "_a", region);
    subnet_a.vpc_id(vpc.id()).cidr_block("10." + octet + ".1.0/24").availability_zone(az[0]).tags(tags);
    auto subnet_b = stack.add<aws::Subnet>(n + "_b", region);
    subnet_b.vpc_id(vpc.id()).cidr_block("10." + octet + ".2.0/24").availability_zone(az[1]).tags(tags);

    auto group = stack.add<aws::SecurityGroup>(n, region);
    group.vpc_id(vpc.id()).name("db-" + n).description("PostgreSQL clients of " + n).tags(tags);

    auto ingress = stack.add<aws::VpcSecurityGroupIngressRule>(n, region);
    ingress.security_group_id(group.id())
        .referenced_security_group_id(previous_group.valid() ? previous_group.id() : group.id())
        .ip_protocol("tcp")
        .from_port(5432)
        .to_port(5432)
        .description("PostgreSQL from the neighbouring cell");

    auto subnet_group = stack.add<aws::DbSubnetGroup>(n, region);
    subnet_group.name("db-" + n).subnet_ids({subnet_a.id(), subnet_b.id()}).description("Private subnets of " + n);

    auto parameters = stack.add<aws::DbParameterGroup>(n, region);
    parameters.name("pg17-" + n).family("postgres17").tags({{"Vpc", vpc.id()}});
    for (const auto& [name, value] : {std::pair{"rds.force_ssl", "1"}, std::pair{"max_connections", "1000"},
                                      std::pair{"statement_timeout", "30000"}}) {
      aws::DbParameterGroup::Parameter p;
      p.name(name).value(value).apply_method("pending-reboot");
      parameters.parameter(p);
    }

    auto db = stack.add<aws::DbInstance>(n, region);
    db.identifier("db-" + n)
        .engine("postgres")
        .engine_version("17.4")
        .instance_class("db.r6g.large")
        .allocated_storage(100)
        .storage_encrypted(true)
        .multi_az(true)
        .backup_retention_period(14)
        .manage_master_user_password(true)
        .username("dbadmin")
        .db_subnet_group_name(subnet_group.name())
        .vpc_security_group_ids({group.id()})
        .parameter_group_name(parameters.name())
        .final_snapshot_identifier("db-" + n + "-final")
        .tags(tags);

    auto topic = stack.add<aws::SnsTopic>(n, region);
    topic.name("alarms-" + n).tags(tags);

    auto alarm = stack.add<aws::CloudwatchMetricAlarm>(n, region);
    alarm.alarm_name("cpu-" + n)
        .comparison_operator("GreaterThanThreshold")
        .evaluation_periods(3)
        .metric_name("CPUUtilization")
        .namespace_("AWS/RDS")
        .period(60)
        .statistic("Average")
        .threshold(80)
        .dimensions({{"DBInstanceIdentifier", db.identifier()}})
        .alarm_actions({topic.arn()})
        .ok_actions({topic.arn()})
        .alarm_description(tmpl("CPU of ", db.identifier(), " above 80%"));

    previous_group = group;
  }
  return stack;
}

/// @brief Adds one three-node cycle to a synthetic stack of at least two cells:
///        VPC c0 → ingress rule c1 → security group c0 → VPC c0.
inline void add_cycle(rdha::Stack& stack) {
  auto vpc = *stack.find("aws_vpc.c0");
  auto ingress = *stack.find("aws_vpc_security_group_ingress_rule.c1");
  vpc.depends_on(ingress);
}

}  // namespace rdha_bench
