// Terraform JSON emission: layout, ordering, meta-arguments, determinism, atomic writes.
#include "rdha/emit/tf_json.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rdha/error.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

Stack example_stack() {
  Stack stack;
  stack.require_provider("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0");
  auto east = stack.add_provider("aws", "us-east-1");
  auto west = stack.add_provider("aws", "us-west-2", "dr", {{"default_tags", {{"tags", {{"Project", "rdha"}}}}}});
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary", east);
  vpc.set("cidr_block", "10.0.0.0/16");
  auto dr = stack.add(Kind::resource, "aws_vpc", "dr", west);
  dr.set("cidr_block", "10.1.0.0/16");
  auto peering = stack.add(Kind::resource, "aws_vpc_peering_connection", "primary_to_dr", east);
  peering.set("vpc_id", vpc.attr("id"));
  peering.set("peer_vpc_id", dr.attr("id"));
  peering.set("peer_region", "us-west-2");
  auto sg = stack.add(Kind::resource, "aws_security_group", "db", east);
  sg.set("vpc_id", vpc.attr("id"));
  Lifecycle lifecycle;
  lifecycle.create_before_destroy = true;
  lifecycle.ignore_changes = {"tags"};
  sg.lifecycle(lifecycle);
  sg.depends_on(peering);
  stack.add_output("vpc_id", {vpc.attr("id").interpolated(), "Primary VPC", false});
  return stack;
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Emit, SplitsByConcernWithBlocksInTopologicalOrder) {
  auto files = to_tf_json(example_stack());
  std::vector<std::string> names;
  for (const auto& [name, doc] : files) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"network.tf.json", "outputs.tf.json", "providers.tf.json",
                                             "security.tf.json", "versions.tf.json"}));
  const auto& network = files["network.tf.json"]["resource"];
  ASSERT_EQ(network.size(), 3u);
  EXPECT_TRUE(network[0].contains("aws_vpc") && network[0]["aws_vpc"].contains("dr"));
  EXPECT_TRUE(network[1]["aws_vpc"].contains("primary"));
  EXPECT_TRUE(network[2].contains("aws_vpc_peering_connection"));
}

TEST(Emit, MetaArgumentsUseTerraformJsonSyntax) {
  auto files = to_tf_json(example_stack());
  const auto& dr = files["network.tf.json"]["resource"][0]["aws_vpc"]["dr"];
  EXPECT_EQ(dr["provider"], "aws.dr");
  const auto& sg = files["security.tf.json"]["resource"][0]["aws_security_group"]["db"];
  EXPECT_EQ(sg["depends_on"], nlohmann::json::array({"aws_vpc_peering_connection.primary_to_dr"}));
  EXPECT_EQ(sg["lifecycle"], (nlohmann::json{{"create_before_destroy", true}, {"ignore_changes", {"tags"}}}));
  EXPECT_FALSE(files["network.tf.json"]["resource"][1]["aws_vpc"]["primary"].contains("provider"));
  EXPECT_EQ(files["providers.tf.json"]["provider"]["aws"][1]["alias"], "dr");
  EXPECT_EQ(files["versions.tf.json"]["terraform"]["required_version"], ">= 1.5.0");
  EXPECT_EQ(files["outputs.tf.json"]["output"]["vpc_id"]["value"], "${aws_vpc.primary.id}");
}

TEST(Emit, SameStackSameBytes) {
  auto first = to_tf_json(example_stack());
  auto second = to_tf_json(example_stack());
  for (const auto& [name, doc] : first) EXPECT_EQ(render(doc), render(second[name])) << name;
}

class EmitDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("rdha-emit-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(EmitDirectory, WritesFilesAndKeepsUnmanagedOnes) {
  const fs::path out = root_ / "terraform_out";
  fs::create_directories(out / ".terraform");
  std::ofstream(out / "terraform.tfstate") << "{\"state\": true}";
  std::ofstream(out / ".terraform" / "marker") << "x";
  // One of rdha's file names, not written now, and no manifest says rdha wrote it: kept.
  std::ofstream(out / "database.tf.json") << "stale";
  write_tf_json(example_stack(), out);
  EXPECT_EQ(read(out / "terraform.tfstate"), "{\"state\": true}");
  EXPECT_EQ(read(out / ".terraform" / "marker"), "x");
  EXPECT_EQ(read(out / "database.tf.json"), "stale");
  EXPECT_TRUE(fs::exists(out / "network.tf.json"));
  for (const auto& entry : fs::directory_iterator(root_))
    EXPECT_EQ(entry.path().filename(), "terraform_out") << "stray staging directory left behind";
}

TEST_F(EmitDirectory, InvalidStackLeavesPreviousOutputIntact) {
  const fs::path out = root_ / "terraform_out";
  write_tf_json(example_stack(), out);
  const std::string before = read(out / "network.tf.json");
  Stack broken = example_stack();
  broken.add(Kind::resource, "aws_subnet", "no_vpc");
  EXPECT_THROW(write_tf_json(broken, out), ValidationError);
  EXPECT_EQ(read(out / "network.tf.json"), before);
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator{}), 1);
}

TEST_F(EmitDirectory, RefusesAFileInPlaceOfTheDirectory) {
  const fs::path out = root_ / "not_a_dir";
  std::ofstream(out) << "keep me";
  EXPECT_THROW(write_tf_json(example_stack(), out), EmitError);
  EXPECT_EQ(read(out), "keep me");
}

}  // namespace
}  // namespace rdha
