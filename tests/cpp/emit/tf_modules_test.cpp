// The modules layout (rdha/emit/tf_modules.hpp, docs/modules.md): the cut at module
// boundaries is exact (every body is the flat body once the rewrite is undone, every
// crossing edge is one output and one input), names are unique, sensitivity and providers
// are passed, no module-level depends_on, the output is deterministic, and the writer owns
// the modules/ subtree when the layout switches.
#include "rdha/emit/tf_modules.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "rdha/core/references.hpp"
#include "rdha/emit/atomic_write.hpp"
#include "rdha/emit/output_check.hpp"
#include "rdha/emit/tf_output.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/spec.hpp"
#include "testing/run_command.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

using nlohmann::json;
using testing::ScratchDir;

// The default stack, one with an ephemeral password (crossing from the security to the
// database module), and one with the DR region promoted, an ephemeral password and remote
// state (import, removed and moved blocks).
std::vector<Stack> stacks() {
  std::vector<Stack> out;
  out.push_back(stack::build_ha_stack({}));
  out.push_back(stack::build_ha_stack(stack::spec_from_json({{"database", {{"password_source", "ephemeral"}}}})));
  out.push_back(stack::build_ha_stack(stack::spec_from_json(
      {{"failover", {{"state", "dr_promoted"}, {"automatic", true}}},
       {"database", {{"password_source", "ephemeral"}}},
       {"state",
        {{"enabled", true},
         {"account_id", "123456789012"},
         {"bucket", "rdha-state-123456789012"},
         {"kms_key_id", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
         {"policy_arn", "arn:aws:iam::123456789012:policy/terraform-state-rdha"}}}})));
  return out;
}

std::string address_of(const TfBlock& block) {
  const std::string base = block.labels[0] + "." + block.labels[1];
  return block.type == "resource" ? base : block.type + "." + base;
}

// Every output of every module: name → flat expression ("aws_vpc.dr.id").
std::map<std::string, std::string> produced(const TfModuleLayout& layout) {
  std::map<std::string, std::string> out;
  for (const TfModule& module : layout.modules)
    if (module.files.contains("outputs"))
      for (const TfBlock& block : module.files.at("outputs")) {
        const std::string value = block.body.at("value").get<std::string>();
        EXPECT_TRUE(out.emplace(block.labels[0], value.substr(2, value.size() - 3)).second)
            << block.labels[0] << " is output by two modules";
      }
  return out;
}

// The value with each `var.N` of a crossing replaced by the flat expression it stands for.
json undo_rewrite(const json& value, const std::map<std::string, std::string>& expressions) {
  if (value.is_string()) {
    return rewrite_references(value.get<std::string>(),
                              [&](const FoundReference& reference, bool) -> std::optional<std::string> {
                                if (reference.root != RefRoot::variable) return std::nullopt;
                                const auto it = expressions.find(reference.name);
                                if (it == expressions.end()) return std::nullopt;
                                return it->second;
                              });
  }
  if (!value.is_structured()) return value;
  json out = value;
  for (auto& [key, element] : out.items()) element = undo_rewrite(element, expressions);
  return out;
}

json undo_block(const TfBlock& block, const std::map<std::string, std::string>& expressions) {
  json body = block.body;
  for (auto& [key, value] : body.items()) {
    if (key == "provider" || key == "lifecycle") continue;
    if (key != "depends_on") {
      value = undo_rewrite(value, expressions);
      continue;
    }
    for (auto& entry : value) {  // `var.N` of an `id` output: the address it stands for
      const std::string text = entry.get<std::string>();
      if (!text.starts_with("var.")) continue;
      const std::string expression = expressions.at(text.substr(4));
      EXPECT_TRUE(expression.ends_with(".id")) << expression;
      entry = expression.substr(0, expression.size() - 3);
    }
  }
  return body;
}

TEST(ModuleLayout, BodiesAreTheFlatBodies) {
  for (const Stack& stack : stacks()) {
    const TfFiles flat = tf_blocks(stack);
    const TfModuleLayout layout = tf_module_layout(flat);
    const auto expressions = produced(layout);
    std::map<std::string, json> flat_bodies;
    for (const auto& [file, blocks] : flat)
      for (const TfBlock& block : blocks)
        if (block.labels.size() == 2) flat_bodies[address_of(block)] = block.body;
    std::set<std::string> seen;
    for (const TfModule& module : layout.modules) {
      for (const TfBlock& block : module.files.at("main")) {
        const std::string address = address_of(block);
        ASSERT_TRUE(flat_bodies.contains(address)) << address;
        EXPECT_TRUE(seen.insert(address).second) << address << " is in two modules";
        EXPECT_EQ(undo_block(block, expressions), flat_bodies.at(address)) << module.name << ": " << address;
      }
    }
    EXPECT_EQ(seen.size(), flat_bodies.size()) << "every flat block is in exactly one module";
  }
}

TEST(ModuleLayout, EveryCrossingEdgeIsOneOutputAndOneInput) {
  for (const Stack& stack : stacks()) {
    const TfModuleLayout layout = tf_module_layout(stack);
    const auto expressions = produced(layout);
    std::map<std::string, std::string> producer_of;  // output name → module
    std::map<std::string, std::set<std::string>> addresses;  // module → its blocks
    for (const TfModule& module : layout.modules) {
      for (const TfBlock& block : module.files.at("main")) addresses[module.name].insert(address_of(block));
      if (module.files.contains("outputs"))
        for (const TfBlock& block : module.files.at("outputs")) producer_of[block.labels[0]] = module.name;
    }
    std::set<std::string> consumed;
    for (const TfModule& module : layout.modules) {
      // Every reference left in a body is to a block of the module itself.
      for (const TfBlock& block : module.files.at("main")) {
        std::vector<FoundReference> references;
        json arguments = block.body;
        arguments.erase("depends_on");
        arguments.erase("lifecycle");
        collect_references(arguments, references);
        for (const FoundReference& reference : references)
          if (reference.root != RefRoot::variable && reference.root != RefRoot::local) {
            EXPECT_TRUE(addresses[module.name].contains(reference.target()))
                << module.name << ": " << address_of(block) << " refers to " << reference.target();
          }
      }
      // Every input of a crossing is wired from the one module that outputs it.
      const TfBlock* call = nullptr;
      for (const TfBlock& block : layout.root.at("main"))
        if (block.labels[0] == module.name) call = &block;
      ASSERT_NE(call, nullptr) << module.name;
      if (!module.files.contains("variables")) continue;
      for (const TfBlock& variable : module.files.at("variables")) {
        if (variable.type != "variable" || !expressions.contains(variable.labels[0])) continue;
        const std::string& name = variable.labels[0];
        EXPECT_NE(producer_of.at(name), module.name) << name;
        EXPECT_EQ(call->body.at(name), "${module." + producer_of.at(name) + "." + name + "}");
        consumed.insert(name);
      }
    }
    // Every output has a consumer: another module, or a root output.
    std::string root_outputs;
    for (const TfBlock& block : layout.root.at("outputs")) root_outputs += block.body.dump();
    for (const auto& [name, producer] : producer_of)
      EXPECT_TRUE(consumed.contains(name) || root_outputs.find("module." + producer + "." + name) != std::string::npos)
          << name << " of " << producer << " is used by nobody";
  }
}

TEST(ModuleLayout, DefaultStackModulesAreRegionAndConcern) {
  const TfModuleLayout layout = tf_module_layout(stack::build_ha_stack({}));
  std::vector<std::string> names;
  for (const TfModule& module : layout.modules) names.push_back(module.name);
  EXPECT_EQ(names, (std::vector<std::string>{"primary_main", "primary_network", "dr_network", "primary_security",
                                             "dr_security", "primary_database", "dr_database", "primary_monitoring",
                                             "dr_monitoring", "primary_recovery", "dr_recovery"}));
}

TEST(ModuleLayout, EphemeralValuesStayEphemeralOnBothSides) {
  const TfModuleLayout layout = tf_module_layout(stacks()[1]);
  int found = 0;
  for (const TfModule& module : layout.modules)
    for (const auto& [file, blocks] : module.files)
      for (const TfBlock& block : blocks)
        if ((block.type == "variable" || block.type == "output") &&
            block.labels[0] == "ephemeral_secretsmanager_random_password_db_master_random_password") {
          EXPECT_EQ(block.body.value("ephemeral", false), true) << module.name << " " << block.type;
          EXPECT_EQ(block.body.value("sensitive", false), true) << module.name << " " << block.type;
          ++found;
        }
  EXPECT_EQ(found, 2) << "one output (primary_security), one input (primary_database)";
}

TEST(ModuleLayout, SensitiveAttributesStaySensitiveOnBothSides) {
  const TfModuleLayout layout = tf_module_layout(stack::build_ha_stack({}));
  bool found = false;
  for (const TfModule& module : layout.modules)
    for (const auto& [file, blocks] : module.files)
      for (const TfBlock& block : blocks)
        if ((block.type == "variable" || block.type == "output") && block.labels[0] == "password_db_master_result") {
          EXPECT_EQ(block.body.value("sensitive", false), true) << module.name << " " << block.type;
          found = true;
        }
  EXPECT_TRUE(found) << "random_password.db_master.result crosses into the database module";
}

TEST(ModuleLayout, ProvidersArePassedAndAliasesDeclared) {
  const TfModuleLayout layout = tf_module_layout(stack::build_ha_stack({}));
  for (const TfModule& module : layout.modules) {
    const TfBlock* call = nullptr;
    for (const TfBlock& block : layout.root.at("main"))
      if (block.labels[0] == module.name) call = &block;
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->body.at("source"), "./modules/" + module.name);
    ASSERT_TRUE(call->body.contains("providers")) << module.name;
    const json required = module.files.at("versions").front().body.at("required_providers");
    for (const auto& [key, value] : call->body.at("providers").items()) {
      EXPECT_EQ(key, value.get<std::string>());
      const std::string local = key.substr(0, key.find('.'));
      ASSERT_TRUE(required.contains(local)) << module.name << " " << key;
      if (key != local) {
        EXPECT_EQ(required.at(local).at("configuration_aliases"), json::array({key})) << module.name;
      }
    }
    if (module.name.starts_with("dr_")) {
      EXPECT_EQ(call->body.at("providers"), (json{{"aws.dr", "aws.dr"}}));
    }
  }
}

TEST(ModuleLayout, NoModuleLevelDependsOnAndCrossingDependsOnAreReferences) {
  for (const Stack& stack : stacks()) {
    const TfModuleLayout layout = tf_module_layout(stack);
    for (const TfBlock& call : layout.root.at("main")) EXPECT_FALSE(call.body.contains("depends_on")) << call.labels[0];
    for (const TfModule& module : layout.modules)
      for (const TfBlock& block : module.files.at("main"))
        if (block.body.contains("depends_on"))
          for (const auto& entry : block.body.at("depends_on")) {
            const std::string text = entry.get<std::string>();
            if (text.starts_with("var.")) continue;
            bool local = false;
            for (const TfBlock& other : module.files.at("main")) local = local || address_of(other) == text;
            EXPECT_TRUE(local) << module.name << ": depends_on " << text;
          }
  }
}

TEST(ModuleLayout, MovedBlocksTakeEveryManagedResourceToItsModule) {
  const TfModuleLayout layout = tf_module_layout(stack::build_ha_stack({}));
  std::set<std::string> moved;
  for (const TfBlock& block : layout.root.at("moved")) {
    const std::string from = block.body.at("from"), to = block.body.at("to");
    EXPECT_TRUE(to.starts_with("module.") && to.ends_with("." + from)) << from << " -> " << to;
    moved.insert(from);
  }
  for (const TfModule& module : layout.modules)
    for (const TfBlock& block : module.files.at("main"))
      EXPECT_EQ(moved.contains(address_of(block)), block.type == "resource") << address_of(block);
}

TEST(ModuleLayout, OutputIsDeterministic) {
  for (const TfFormat format : {TfFormat::json, TfFormat::hcl}) {
    const auto a = rendered_tf(stack::build_ha_stack({}), TfOutputOptions{format, TfLayout::modules});
    const auto b = rendered_tf(stack::build_ha_stack({}), TfOutputOptions{format, TfLayout::modules});
    EXPECT_EQ(a, b);
    EXPECT_TRUE(a.contains("modules/dr_network/README.md"));
    EXPECT_TRUE(a.contains(format == TfFormat::hcl ? "modules/dr_network/main.tf" : "modules/dr_network/main.tf.json"));
  }
}

// Two resources whose names would make the same input name.
TfFiles clashing_files() {
  TfFiles files;
  files["versions"].push_back({"terraform", {}, {{"required_version", ">= 1.11"}}});
  files["network"].push_back({"resource", {"aws_vpc", "a_b"}, {{"cidr_block", "10.0.0.0/16"}}});
  files["network"].push_back({"resource", {"aws_vpc", "a"}, {{"cidr_block", "10.1.0.0/16"}}});
  files["database"].push_back(
      {"resource", {"aws_db_subnet_group", "x"}, {{"name", "${aws_vpc.a_b.c}"}, {"description", "${aws_vpc.a.b_c}"}}});
  return files;
}

TEST(ModuleLayout, TwoValuesForOneNameAreRefused) {
  try {
    tf_module_layout(clashing_files());
    FAIL() << "expected EmitError";
  } catch (const EmitError& error) {
    EXPECT_EQ(error.code(), "module_name_clash");
    EXPECT_NE(std::string(error.what()).find("vpc_a_b_c"), std::string::npos) << error.what();
  }
}

TEST(ModuleLayout, ReplaceTriggeredByAcrossModulesIsRefused) {
  TfFiles files;
  files["versions"].push_back({"terraform", {}, {{"required_version", ">= 1.11"}}});
  files["network"].push_back({"resource", {"aws_vpc", "a"}, {{"cidr_block", "10.0.0.0/16"}}});
  files["database"].push_back(
      {"resource", {"aws_db_subnet_group", "x"}, {{"lifecycle", {{"replace_triggered_by", {"aws_vpc.a.id"}}}}}});
  EXPECT_THROW(tf_module_layout(files), EmitError);
}

// A reference into another module in a form the rewrite does not reach (here an index
// between the type and the name) is refused, not left dangling for validate to find.
TEST(ModuleLayout, ReferenceAcrossModulesInAnUnrewrittenFormIsRefused) {
  TfFiles files;
  files["versions"].push_back({"terraform", {}, {{"required_version", ">= 1.11"}}});
  files["network"].push_back({"resource", {"aws_vpc", "a"}, {{"cidr_block", "10.0.0.0/16"}}});
  files["database"].push_back({"resource", {"aws_db_subnet_group", "x"}, {{"name", "${aws_vpc[0].a.id}"}}});
  try {
    tf_module_layout(files);
    FAIL() << "expected EmitError";
  } catch (const EmitError& error) {
    EXPECT_EQ(error.code(), "uncuttable_reference");
    EXPECT_NE(std::string(error.what()).find("aws_vpc.a"), std::string::npos) << error.what();
  }
}

// Whole objects, locals reading across modules, root variables and an alias other than dr.
TEST(ModuleLayout, WholeObjectsLocalsVariablesAndOtherAliases) {
  TfFiles files;
  files["versions"].push_back(
      {"terraform", {}, {{"required_version", ">= 1.11"}, {"required_providers", {{"aws", {{"source", "hashicorp/aws"}}}}}}});
  files["variables"].push_back({"variable", {"env"}, {{"type", "string"}, {"default", "prod"}}});
  files["variables"].push_back({"locals", {}, {{"name", "${var.env}-${aws_vpc.w.id}"}, {"tag", "${local.name}"}}});
  files["network"].push_back({"resource", {"aws_vpc", "w"}, {{"provider", "aws.west"}, {"cidr_block", "10.0.0.0/16"}}});
  files["database"].push_back({"resource",
                               {"aws_db_subnet_group", "x"},
                               {{"name", "${local.tag}"}, {"subnet_ids", {"${aws_vpc.w}"}}, {"description", "${aws_vpc.w[\"id\"]}"}}});
  const TfModuleLayout layout = tf_module_layout(files);
  ASSERT_EQ(layout.modules.size(), 2u);
  const TfModule& network = layout.modules[0];  // concern order: network before database
  const TfModule& database = layout.modules[1];
  EXPECT_EQ(database.name, "primary_database");
  EXPECT_EQ(network.name, "west_network");

  const json& body = database.files.at("main").front().body;
  EXPECT_EQ(body.at("subnet_ids"), json::array({"${var.vpc_w}"}));
  EXPECT_EQ(body.at("description"), "${var.vpc_w[\"id\"]}");
  std::map<std::string, json> variables;
  json locals;
  for (const TfBlock& block : database.files.at("variables")) {
    if (block.type == "variable") variables[block.labels[0]] = block.body;
    if (block.type == "locals") locals = block.body;
  }
  EXPECT_TRUE(variables.at("vpc_w").at("type").get<std::string>().starts_with("object({ "));
  EXPECT_FALSE(variables.at("env").contains("default")) << "the root passes the value";
  EXPECT_EQ(variables.at("vpc_w_id"), (json{{"type", "string"}, {"description", "aws_vpc.w.id of module west_network."}}));
  EXPECT_EQ(locals, (json{{"name", "${var.env}-${var.vpc_w_id}"}, {"tag", "${local.name}"}}));

  const TfBlock& call = layout.root.at("main").at(0);
  EXPECT_EQ(call.labels[0], "west_network");
  EXPECT_EQ(call.body.at("providers"), (json{{"aws.west", "aws.west"}}));
  EXPECT_EQ(network.files.at("versions").front().body.at("required_providers").at("aws").at("configuration_aliases"),
            json::array({"aws.west"}));
  const TfBlock& database_call = layout.root.at("main").at(1);
  EXPECT_EQ(database_call.body.at("env"), "${var.env}");
  EXPECT_EQ(database_call.body.at("vpc_w"), "${module.west_network.vpc_w}");
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(ModuleLayout, SwitchingLayoutRemovesOnlyTheOtherLayoutsFilesRdhaWrote) {
  ScratchDir scratch("modules-switch");
  const fs::path out = scratch.path() / "out";
  const Stack stack = stack::build_ha_stack({});
  const auto flat = write_tf(stack, out, TfOutputOptions{TfFormat::json, TfLayout::flat});
  write_file(out / "override.tf", "# the user's own\n");
  const auto modules = write_tf(stack, out, TfOutputOptions{TfFormat::hcl, TfLayout::modules});
  for (const auto& name : flat)
    if (std::find(modules.begin(), modules.end(), name) == modules.end()) {
      EXPECT_FALSE(fs::exists(out / name)) << name;
    }
  for (const auto& name : modules) EXPECT_TRUE(fs::exists(out / name)) << name;
  EXPECT_TRUE(compare_output(rendered_tf(stack, TfOutputOptions{TfFormat::hcl, TfLayout::modules}), out).empty());
  write_file(out / "modules" / "dr_network" / "notes.txt", "mine\n");

  write_tf(stack, out, TfOutputOptions{TfFormat::json, TfLayout::flat});
  for (const auto& name : modules)
    if (name.starts_with("modules/")) {
      EXPECT_FALSE(fs::exists(out / name)) << name;
    }
  EXPECT_FALSE(fs::exists(out / "modules" / "primary_network")) << "an emptied directory rdha created is removed";
  EXPECT_EQ(testing::read_file(out / "modules" / "dr_network" / "notes.txt"), "mine\n");
  EXPECT_EQ(testing::read_file(out / "override.tf"), "# the user's own\n");
}

TEST(ModuleLayout, CheckWithoutManifestFindsLeftoverModuleFiles) {
  ScratchDir scratch("modules-check");
  const fs::path out = scratch.path() / "out";
  const Stack stack = stack::build_ha_stack({});
  const TfOutputOptions options{TfFormat::json, TfLayout::modules};
  write_tf(stack, out, options);
  fs::remove(out / std::string(kManifestFileName));
  write_file(out / "modules" / "old" / "main.tf", "# left over\n");
  write_file(out / "modules" / "primary_network" / ".terraform" / "x.tf", "# not entered\n");
  const auto stale = compare_output(rendered_tf(stack, options), out);
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0].name, "modules/old/main.tf");
  EXPECT_EQ(stale[0].reason, StaleFile::Reason::extra);
}

}  // namespace
}  // namespace rdha
