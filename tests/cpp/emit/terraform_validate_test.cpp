// Integration: a small two-region example emitted by the core library passes
// `terraform init` + `terraform validate` with the real hashicorp/aws provider (offline
// plugin dir; tests/terraform/validate.sh). Skipped, with the reason printed, when
// terraform is not installed.
#include <gtest/gtest.h>

#include "rdha/aws/aws.hpp"
#include "rdha/emit/tf_json.hpp"
#include "testing/run_command.hpp"

namespace rdha {
namespace {

TEST(TerraformValidate, TwoRegionExampleWithCrossProviderReference) {
  if (testing::run_command("command -v terraform").exit_code != 0)
    GTEST_SKIP() << "terraform not found on PATH: the integration check needs it";

  Stack stack;
  stack.require_provider("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0");
  auto east = stack.add_provider("aws", "us-east-1");
  auto west = stack.add_provider("aws", "us-west-2", "dr");
  auto primary = stack.add<aws::Vpc>("primary", east);
  primary.cidr_block("10.0.0.0/16").enable_dns_support(true);
  auto dr = stack.add<aws::Vpc>("dr", west);
  dr.cidr_block("10.1.0.0/16");
  // Requested in us-east-1, referring to a VPC managed through the aws.dr configuration.
  auto peering = stack.add<aws::VpcPeeringConnection>("primary_to_dr", east);
  peering.vpc_id(primary.id()).peer_vpc_id(dr.id()).peer_region("us-west-2");
  auto accepter = stack.add<aws::VpcPeeringConnectionAccepter>("primary_to_dr", west);
  accepter.vpc_peering_connection_id(peering.id()).auto_accept(true);
  stack.add_output("peering_id", {peering.id().interpolated(), "Cross-region peering", false});

  testing::ScratchDir scratch("validate");
  write_tf_json(stack, scratch.path() / "out");
  const auto result = testing::run_command(std::string(RDHA_SOURCE_DIR) + "/tests/terraform/validate.sh " +
                                           (scratch.path() / "out").string());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("valid (0 warning(s))"), std::string::npos) << result.out << result.err;
}

}  // namespace
}  // namespace rdha
