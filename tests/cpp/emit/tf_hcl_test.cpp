// Terraform native-syntax output (rdha/emit/tf_hcl.hpp): the same files and order as the
// JSON output, nested blocks from the schema facts, meta-arguments, determinism, and with
// terraform on PATH: `terraform fmt` finds nothing to change and every value means the same
// in both syntaxes.
#include "rdha/emit/tf_hcl.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "rdha/emit/tf_json.hpp"
#include "rdha/emit/tf_output.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "testing/run_command.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

using nlohmann::json;
using testing::run_command;
using testing::ScratchDir;

void write_file(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

bool has_terraform() { return run_command("command -v terraform").exit_code == 0; }

const std::string kTerraformEnv = "CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 ";

Stack example_stack() {
  Stack stack;
  stack.require_provider("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0");
  auto east = stack.add_provider("aws", "us-east-1");
  auto west = stack.add_provider("aws", "us-west-2", "dr", {{"default_tags", {{"tags", {{"Project", "rdha"}}}}}});
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary", east);
  vpc.set("cidr_block", "10.0.0.0/16");
  vpc.set("tags", Arg<tf::Dynamic>::from_json({{"Name", "primary"}, {"kubernetes.io/role", "db"}}));
  auto params = stack.add(Kind::resource, "aws_db_parameter_group", "pg", west);
  params.set("family", "postgres17");
  params.set("parameter", Arg<tf::Dynamic>::from_json(json::array(
                              {{{"name", "log_min_duration_statement"}, {"value", "500"}},
                               {{"name", "rds.force_ssl"}, {"value", "1"}, {"apply_method", "pending-reboot"}}})));
  Lifecycle lifecycle;
  lifecycle.create_before_destroy = true;
  lifecycle.ignore_changes = {"tags"};
  lifecycle.replace_triggered_by = {"aws_vpc.primary.id"};
  params.lifecycle(lifecycle);
  params.depends_on(vpc);
  auto subnet = stack.add(Kind::resource, "aws_subnet", "a", east);
  subnet.set("vpc_id", vpc.attr("id"));
  subnet.set("cidr_block", Expr::raw("cidrsubnet(aws_vpc.primary.cidr_block, 8, count.index)"));
  subnet.count(2);
  stack.add_local("name", "db-${var.suffix}");
  stack.add_variable("suffix", {"string", json("$${literal}"), "Name suffix, like \"-prod\"", false, true});
  stack.add_output("vpc_id", {vpc.attr("id").interpolated(), "Primary VPC", false});
  return stack;
}

TEST(HclOutput, SameFilesAsTheJsonOutputWithTheTfExtension) {
  const Stack stack = example_stack();
  std::vector<std::string> json_names, hcl_names;
  for (const auto& [name, text] : rendered_tf_json(stack)) json_names.push_back(name.substr(0, name.size() - 5));
  for (const auto& [name, text] : rendered_tf_hcl(stack)) hcl_names.push_back(name);
  EXPECT_EQ(hcl_names, json_names);
}

TEST(HclOutput, BlocksAttributesAndMetaArguments) {
  const auto files = rendered_tf_hcl(example_stack());
  EXPECT_EQ(files.at("providers.tf"),
            "provider \"aws\" {\n"
            "  region = \"us-east-1\"\n"
            "}\n"
            "\n"
            "provider \"aws\" {\n"
            "  alias  = \"dr\"\n"
            "  region = \"us-west-2\"\n"
            "\n"
            "  default_tags {\n"
            "    tags = {\n"
            "      Project = \"rdha\"\n"
            "    }\n"
            "  }\n"
            "}\n");
  // tags is a map attribute, parameter a nested block (the facts say so); count first,
  // depends_on and lifecycle last, references bare.
  EXPECT_EQ(files.at("network.tf"),
            "resource \"aws_vpc\" \"primary\" {\n"
            "  cidr_block = \"10.0.0.0/16\"\n"
            "  tags = {\n"
            "    Name                 = \"primary\"\n"
            "    \"kubernetes.io/role\" = \"db\"\n"
            "  }\n"
            "}\n"
            "\n"
            "resource \"aws_subnet\" \"a\" {\n"
            "  count = 2\n"
            "\n"
            "  cidr_block = cidrsubnet(aws_vpc.primary.cidr_block, 8, count.index)\n"
            "  vpc_id     = aws_vpc.primary.id\n"
            "}\n");
  EXPECT_EQ(files.at("database.tf"),
            "resource \"aws_db_parameter_group\" \"pg\" {\n"
            "  provider = aws.dr\n"
            "\n"
            "  family = \"postgres17\"\n"
            "\n"
            "  parameter {\n"
            "    name  = \"log_min_duration_statement\"\n"
            "    value = \"500\"\n"
            "  }\n"
            "\n"
            "  parameter {\n"
            "    apply_method = \"pending-reboot\"\n"
            "    name         = \"rds.force_ssl\"\n"
            "    value        = \"1\"\n"
            "  }\n"
            "\n"
            "  depends_on = [aws_vpc.primary]\n"
            "\n"
            "  lifecycle {\n"
            "    create_before_destroy = true\n"
            "    ignore_changes        = [tags]\n"
            "    replace_triggered_by  = [aws_vpc.primary.id]\n"
            "  }\n"
            "}\n");
  // The default and the description are literal text, the local a template.
  EXPECT_EQ(files.at("variables.tf"),
            "variable \"suffix\" {\n"
            "  default     = \"$$${literal}\"\n"
            "  description = \"Name suffix, like \\\"-prod\\\"\"\n"
            "  type        = string\n"
            "}\n"
            "\n"
            "locals {\n"
            "  name = \"db-${var.suffix}\"\n"
            "}\n");
  EXPECT_EQ(files.at("outputs.tf"),
            "output \"vpc_id\" {\n"
            "  description = \"Primary VPC\"\n"
            "  value       = aws_vpc.primary.id\n"
            "}\n");
  EXPECT_EQ(files.at("versions.tf"),
            "terraform {\n"
            "  required_version = \">= 1.5.0\"\n"
            "\n"
            "  required_providers {\n"
            "    aws = {\n"
            "      source  = \"hashicorp/aws\"\n"
            "      version = \">= 5.100.0, < 6.0.0\"\n"
            "    }\n"
            "  }\n"
            "}\n");
}

TEST(HclOutput, TypesWithoutFactsWriteEveryArgumentAsAnAttribute) {
  Stack stack;
  stack.add_provider("null", "");
  auto trigger = stack.add(Kind::resource, "null_resource", "t");
  trigger.set("triggers", Arg<tf::Dynamic>::from_json({{"a", "1"}}));
  trigger.set("empty_block_or_map", Arg<tf::Dynamic>::from_json(json::object()));
  EXPECT_EQ(rendered_tf_hcl(stack).at("main.tf"),
            "resource \"null_resource\" \"t\" {\n"
            "  empty_block_or_map = {}\n"
            "  triggers = {\n"
            "    a = \"1\"\n"
            "  }\n"
            "}\n");
}

TEST(HclOutput, TheDefaultStackRendersTheSameBytesEveryTime) {
  const auto first = rendered_tf_hcl(stack::build_ha_stack({}));
  EXPECT_EQ(rendered_tf_hcl(stack::build_ha_stack({})), first);
  ScratchDir scratch("hcl-determinism");
  write_tf_hcl(stack::build_ha_stack({}), scratch.path() / "a");
  write_tf(stack::build_ha_stack({}), scratch.path() / "b", TfFormat::hcl);
  for (const auto& [name, text] : first) {
    EXPECT_EQ(testing::read_file(scratch.path() / "a" / name), text) << name;
    EXPECT_EQ(testing::read_file(scratch.path() / "b" / name), text) << name;
  }
}

TEST(HclOutput, SwitchingFormatRemovesOnlyTheOtherFormatsFilesRdhaWrote) {
  ScratchDir scratch("hcl-switch");
  const fs::path out = scratch.path() / "out";
  const Stack stack = example_stack();
  const auto json_names = write_tf_json(stack, out);
  write_file(out / "override.tf", "# the user's own\n");
  write_file(out / "extra.tf.json", "{}\n");
  const auto hcl_names = write_tf_hcl(stack, out);
  for (const auto& name : json_names) EXPECT_FALSE(fs::exists(out / name)) << name;
  for (const auto& name : hcl_names) EXPECT_TRUE(fs::exists(out / name)) << name;
  EXPECT_EQ(testing::read_file(out / "override.tf"), "# the user's own\n");
  EXPECT_EQ(testing::read_file(out / "extra.tf.json"), "{}\n");
  write_tf_json(stack, out);
  for (const auto& name : hcl_names) EXPECT_FALSE(fs::exists(out / name)) << name;
  EXPECT_TRUE(fs::exists(out / "override.tf"));
}

TEST(HclOutput, TheDefaultStackIsWhatTerraformFmtWrites) {
  if (!has_terraform()) GTEST_SKIP() << "terraform not found on PATH: the format check needs it";
  ScratchDir scratch("hcl-fmt");
  write_tf_hcl(stack::build_ha_stack({}), scratch.path() / "out");
  write_tf_hcl(example_stack(), scratch.path() / "example");
  for (const char* dir : {"out", "example"}) {
    const auto result = run_command(kTerraformEnv + "terraform fmt -check -diff -no-color " + (scratch.path() / dir).string());
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_EQ(result.out, "") << dir;
  }
}

// Every value means the same in both syntaxes: `terraform console` evaluates the locals of
// the JSON output and of the native output to the same JSON.
TEST(HclOutput, TrickyValuesMeanTheSameInBothSyntaxes) {
  if (!has_terraform()) GTEST_SKIP() << "terraform not found on PATH: the round trip needs it";
  const json cases = {
      {"nested_templates", "${upper(\"a\")}-${lower(\"B\")}"},
      {"directive", "%{ if 1 == 1 }yes%{ else }no%{ endif }"},
      {"escaped", "$${not_interpolated} and %%{ nor this } $$$${x}"},
      {"quotes_backslashes", "say \"hi\" C:\\dir \\n"},
      {"control", "tab\there\rcr\x01"},
      {"newlines", "line1\nline2"},
      {"document", "{\n  \"a\": \"${upper(\"x\")}\",\n\n  \"b\": [1, 2],\n  \"c\": \"{{ Param }}\"\n}\n"},
      {"unicode", "Zürich → 東京 ✓"},
      {"number_string", "5432"},
      {"bool_string", "true"},
      {"number", 5432},
      {"fraction", 0.25},
      {"flag", false},
      {"nothing", nullptr},
      {"empty_list", json::array()},
      {"empty_map", json::object()},
      {"list_of_objects", json::array({{{"k", "v"}, {"n", 1}}, json::object()})},
      {"keys", {{"kubernetes.io/role", "db"}, {"with space", 1}, {"null", "n"}, {"9", 9}, {"a-b", "${1 + 1}"}}},
      {"whole", "${[1, \"two\"]}"},
      {"strip", "a  ${~ \"b\" ~}  c"},
      {"string_in_interpolation", "${\"in ${upper(\"x\")} side }\"}"},
  };
  Stack stack;
  json all = cases;
  // The SSM Automation document the stack publishes: a new string would be a new version.
  Stack ha = stack::build_ha_stack({});
  // Its references become function calls (a console has no state), still interpolations.
  const std::string document = ha.find("aws_ssm_document.region_failover")->node().arguments.at("content");
  all["ssm_document"] = std::regex_replace(document, std::regex(R"(\$\{(aws_|data\.)[^}]*\})"), "${upper(\"ref\")}");
  ASSERT_NE(all["ssm_document"], document);
  stack.add_local("cases", all);
  ScratchDir scratch("hcl-roundtrip");
  write_tf_json(stack, scratch.path() / "json");
  write_tf_hcl(stack, scratch.path() / "hcl");
  const auto evaluate = [&](const char* dir) {
    // In a subshell: run_command gives the whole command /dev/null as its input.
    return run_command("(cd " + (scratch.path() / dir).string() + " && echo 'jsonencode(local.cases)' | " +
                       kTerraformEnv + "terraform console)");
  };
  const auto from_json = evaluate("json");
  const auto from_hcl = evaluate("hcl");
  ASSERT_EQ(from_json.exit_code, 0) << from_json.out << from_json.err;
  ASSERT_EQ(from_hcl.exit_code, 0) << from_hcl.out << from_hcl.err << testing::read_file(scratch.path() / "hcl/variables.tf");
  EXPECT_EQ(from_hcl.out, from_json.out) << testing::read_file(scratch.path() / "hcl/variables.tf");
  EXPECT_NE(from_json.out.find("A-b"), std::string::npos) << from_json.out << from_json.err;
}

}  // namespace
}  // namespace rdha
