// The IAM module: the Enhanced Monitoring, Terraform-execution and RDS-operations roles;
// no `*:*` grant, no wildcard principal, iam:PassRole scoped to the stack's roles.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/modules.hpp"
#include "testing/module_stack.hpp"

namespace rdha::stack {
namespace {

using testing::build_modules;
using testing::Module;
using testing::ModuleStack;

std::unique_ptr<ModuleStack> build(const HaStackSpec& spec = {}) { return build_modules(spec, Module::iam); }

const nlohmann::json& statements(const ModuleStack& s, std::string_view document) {
  return s.args("data.aws_iam_policy_document." + std::string(document)).at("statement");
}

// The statement with @p sid of @p document.
const nlohmann::json& statement(const ModuleStack& s, std::string_view document, std::string_view sid) {
  for (const auto& item : statements(s, document))
    if (item.value("sid", "") == sid) return item;
  throw std::runtime_error("no statement " + std::string(sid) + " in " + std::string(document));
}

// The policy documents this module writes (the KMS key policies are the kms module's).
const std::vector<std::string> kDocuments{"rds_monitoring_trust", "rds_operations_trust", "rds_operations",
                                          "terraform_execution_trust", "terraform_execution"};
const std::string kPartition = "${data.aws_partition.current.partition}";
const std::string kAccount = "${data.aws_caller_identity.current.account_id}";

std::vector<std::string> strings(const nlohmann::json& array) { return array.get<std::vector<std::string>>(); }

bool has_condition(const nlohmann::json& statement, std::string_view test, std::string_view variable,
                   const std::vector<std::string>& values) {
  for (const auto& c : statement.value("condition", nlohmann::json::array()))
    if (c["test"] == test && c["variable"] == variable && strings(c["values"]) == values) return true;
  return false;
}

TEST(Iam, EnhancedMonitoringRoleTrustsRdsMonitoringWithTheManagedPolicy) {
  auto s = build();
  const auto& role = s->args("aws_iam_role.rds_monitoring");
  EXPECT_EQ(role["name"], "rds-monitoring-rdha");
  EXPECT_EQ(role["assume_role_policy"], "${data.aws_iam_policy_document.rds_monitoring_trust.json}");
  const auto& trust = statements(*s, "rds_monitoring_trust");
  ASSERT_EQ(trust.size(), 1u);
  EXPECT_EQ(strings(trust[0]["actions"]), (std::vector<std::string>{"sts:AssumeRole"}));
  EXPECT_EQ(trust[0]["principals"],
            (nlohmann::json::array({{{"type", "Service"}, {"identifiers", {"monitoring.rds.amazonaws.com"}}}})));
  EXPECT_TRUE(has_condition(trust[0], "StringEquals", "aws:SourceAccount", {kAccount}));

  const auto& attachment = s->args("aws_iam_role_policy_attachment.rds_monitoring");
  EXPECT_EQ(attachment["role"], "${aws_iam_role.rds_monitoring.name}");
  EXPECT_EQ(attachment["policy_arn"],
            "arn:" + kPartition + ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
  EXPECT_EQ(s->iam->monitoring.str(), "aws_iam_role.rds_monitoring");
}

TEST(Iam, TerraformRoleTrustsTheAccountRootByDefault) {
  auto s = build();
  const auto& role = s->args("aws_iam_role.terraform_execution");
  EXPECT_EQ(role["name"], "terraform-execution-rdha");
  const auto& trust = statements(*s, "terraform_execution_trust");
  ASSERT_EQ(trust.size(), 1u);
  EXPECT_EQ(trust[0]["principals"],
            (nlohmann::json::array({{{"type", "AWS"}, {"identifiers", {"arn:" + kPartition + ":iam::" + kAccount + ":root"}}}})));
  const auto& policy = s->args("aws_iam_role_policy.terraform_execution");
  EXPECT_EQ(policy["name"], "terraform-execution-rdha");
  EXPECT_EQ(policy["role"], "${aws_iam_role.terraform_execution.id}");
  EXPECT_EQ(policy["policy"], "${data.aws_iam_policy_document.terraform_execution.json}");
  EXPECT_EQ(s->iam->terraform.str(), "aws_iam_role.terraform_execution");
}

TEST(Iam, TerraformRoleTrustsExactlyTheConfiguredPrincipals) {
  HaStackSpec spec;
  spec.security.terraform_principals = {"arn:aws:iam::123456789012:role/deployer",
                                        "arn:aws:iam::123456789012:user/ci"};
  auto s = build(spec);
  const auto& trust = statements(*s, "terraform_execution_trust");
  ASSERT_EQ(trust.size(), 1u);
  EXPECT_EQ(strings(trust[0]["principals"][0]["identifiers"]), spec.security.terraform_principals);
}

TEST(Iam, NoStatementGrantsEverythingOrTrustsEveryone) {
  auto s = build();
  const std::regex service_wide(R"(^[a-z0-9-]+:\*$)");
  for (const auto& document : kDocuments) {
    for (const auto& statement : statements(*s, document)) {
      const std::string sid = document + "/" + statement.value("sid", "");
      EXPECT_EQ(statement["effect"], "Allow") << sid;
      EXPECT_FALSE(statement.contains("not_actions")) << sid;
      EXPECT_FALSE(statement.contains("not_resources")) << sid;
      for (const auto& action : strings(statement["actions"])) {
        EXPECT_NE(action, "*") << sid;
        EXPECT_FALSE(std::regex_match(action, service_wide)) << sid << ": " << action;
      }
      for (const auto& p : statement.value("principals", nlohmann::json::array()))
        for (const auto& id : strings(p["identifiers"])) EXPECT_EQ(id.find('*'), std::string::npos) << sid;
    }
  }
}

TEST(Iam, UnscopedResourcesOnlyForReadsAndCallsWithoutResourceLevelPermissions) {
  auto s = build();
  const std::regex read(R"(^[a-z0-9-]+:(Describe|List|Get)[A-Za-z*]*$)");
  // Calls whose "Resource types" column is empty in the Service Authorization Reference
  // ("Actions, resources, and condition keys for Amazon Route 53",
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html;
  // likewise for AWS KMS and AWS Secrets Manager): they take only "*".
  const std::set<std::string> unscopable{"kms:CreateKey", "secretsmanager:GetRandomPassword",
                                         "route53:CreateHostedZone", "route53:CreateHealthCheck"};
  for (const auto& document : {"terraform_execution", "rds_operations"}) {
    for (const auto& statement : statements(*s, document)) {
      const std::string sid = std::string(document) + "/" + statement.value("sid", "");
      ASSERT_TRUE(statement.contains("resources")) << sid;
      if (strings(statement["resources"]) != std::vector<std::string>{"*"}) continue;
      bool global = true;  // Route 53 is global: its calls carry no requested region of the stack
      for (const auto& action : strings(statement["actions"])) {
        EXPECT_TRUE(std::regex_match(action, read) || unscopable.count(action) != 0) << sid << ": " << action;
        global = global && action.rfind("route53:", 0) == 0;
      }
      // ... and regional calls only in the stack's two regions.
      if (!global) {
        EXPECT_TRUE(has_condition(statement, "StringEquals", "aws:RequestedRegion", {"us-east-1", "us-west-2"}))
            << sid;
      }
    }
  }
}

TEST(Iam, PassRoleOnlyOnTheStacksRolesToTheirServices) {
  auto s = build();
  std::map<std::string, std::string> passed;  // resource → service
  for (const auto& document : kDocuments)
    for (const auto& statement : statements(*s, document)) {
      const auto actions = strings(statement["actions"]);
      if (std::find(actions.begin(), actions.end(), "iam:PassRole") == actions.end()) continue;
      EXPECT_EQ(actions, (std::vector<std::string>{"iam:PassRole"})) << statement.dump();
      const auto resources = strings(statement["resources"]);
      ASSERT_EQ(resources.size(), 1u);
      ASSERT_EQ(statement["condition"].size(), 1u);
      const auto& condition = statement["condition"][0];
      EXPECT_EQ(condition["test"], "StringEquals");
      EXPECT_EQ(condition["variable"], "iam:PassedToService");
      passed[resources[0]] = strings(condition["values"]).at(0);
    }
  EXPECT_EQ(passed, (std::map<std::string, std::string>{
                        {"${aws_iam_role.rds_monitoring.arn}", "monitoring.rds.amazonaws.com"},
                        {"${aws_iam_role.rds_operations.arn}", "ssm.amazonaws.com"},
                        {"arn:" + kPartition + ":iam::" + kAccount + ":role/*-flow-logs-rdha",
                         "vpc-flow-logs.amazonaws.com"}}));
}

TEST(Iam, TerraformPolicyCoversExactlyTheStacksServices) {
  const auto services_of = [](const ModuleStack& s) {
    std::set<std::string> services;
    for (const auto& statement : statements(s, "terraform_execution"))
      for (const auto& action : strings(statement["actions"])) services.insert(action.substr(0, action.find(':')));
    return services;
  };
  const std::set<std::string> core{"cloudwatch", "ec2", "iam", "kms", "logs", "rds", "secretsmanager", "sns"};
  HaStackSpec without_failover;
  without_failover.failover.enabled = false;
  EXPECT_EQ(services_of(*build(without_failover)), core);
  // Failover (on by default): the private zone and the automation document.
  auto s = build();
  std::set<std::string> with_failover = core;
  with_failover.insert({"route53", "ssm"});
  EXPECT_EQ(services_of(*s), with_failover);

  // Roles, alarms, topics and the secret: only names carrying the suffix.
  EXPECT_EQ(strings(statement(*s, "terraform_execution", "Alarms")["resources"]),
            (std::vector<std::string>{"arn:" + kPartition + ":cloudwatch:us-east-1:" + kAccount + ":alarm:*-rdha",
                                      "arn:" + kPartition + ":cloudwatch:us-west-2:" + kAccount + ":alarm:*-rdha"}));
  EXPECT_EQ(strings(statement(*s, "terraform_execution", "Secret")["resources"]),
            (std::vector<std::string>{
                "arn:" + kPartition + ":secretsmanager:us-east-1:" + kAccount + ":secret:*-rdha-*",
                "arn:" + kPartition + ":secretsmanager:us-west-2:" + kAccount + ":secret:*-rdha-*"}));
  // Only the Enhanced Monitoring managed policy may be attached.
  EXPECT_TRUE(has_condition(statement(*s, "terraform_execution", "AttachEnhancedMonitoringPolicyOnly"), "ArnEquals",
                            "iam:PolicyARN",
                            {"arn:" + kPartition + ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"}));
  // Keys are used only through RDS and Secrets Manager of the two regions.
  EXPECT_TRUE(has_condition(statement(*s, "terraform_execution", "KeyUseThroughServices"), "StringEquals",
                            "kms:ViaService",
                            {"rds.us-east-1.amazonaws.com", "rds.us-west-2.amazonaws.com",
                             "secretsmanager.us-east-1.amazonaws.com", "secretsmanager.us-west-2.amazonaws.com"}));
}

std::string role_arn(const std::string& name) { return "arn:" + kPartition + ":iam::" + kAccount + ":role/" + name; }

TEST(Iam, TerraformRoleChangesTheOtherRolesByNameAndOnlyReadsItself) {
  auto s = build();
  const std::vector<std::string> others{role_arn("rds-monitoring-rdha"), role_arn("rds-operations-rdha"),
                                        role_arn("primary-flow-logs-rdha"), role_arn("dr-flow-logs-rdha")};
  const auto& writes = statement(*s, "terraform_execution", "StackRoles");
  EXPECT_EQ(strings(writes["resources"]), others);
  EXPECT_EQ(strings(writes["actions"]),
            (std::vector<std::string>{"iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole",
                                      "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
                                      "iam:PutRolePolicy", "iam:DeleteRolePolicy"}));
  std::vector<std::string> readable = others;
  readable.push_back(role_arn("terraform-execution-rdha"));
  const auto& reads = statement(*s, "terraform_execution", "ReadStackRoles");
  EXPECT_EQ(strings(reads["resources"]), readable);
  for (const auto& action : strings(reads["actions"]))
    EXPECT_TRUE(action.starts_with("iam:Get") || action.starts_with("iam:List")) << action;
  // The managed policy only onto the Enhanced Monitoring role.
  EXPECT_EQ(strings(statement(*s, "terraform_execution", "AttachEnhancedMonitoringPolicyOnly")["resources"]),
            (std::vector<std::string>{"${aws_iam_role.rds_monitoring.arn}"}));
  // No statement that changes role policies or trust names a role by pattern.
  for (const auto& item : statements(*s, "terraform_execution")) {
    const auto actions = strings(item["actions"]);
    const bool changes_roles = std::any_of(actions.begin(), actions.end(), [](const std::string& action) {
      return action == "iam:PutRolePolicy" || action == "iam:UpdateAssumeRolePolicy" ||
             action == "iam:AttachRolePolicy";
    });
    if (!changes_roles) continue;
    for (const auto& resource : strings(item["resources"]))
      EXPECT_EQ(resource.find('*'), std::string::npos) << item.dump();
  }

  // The automatic trigger's role joins the managed ones.
  HaStackSpec automatic;
  automatic.failover.automatic = true;
  auto a = build(automatic);
  const auto managed = strings(statement(*a, "terraform_execution", "StackRoles")["resources"]);
  EXPECT_EQ(managed.back(), role_arn("failover-trigger-rdha"));
  EXPECT_EQ(managed.size(), 5u);
}

TEST(Iam, TerraformRoleManagesTheLogGroupsOfTheDbInstances) {
  auto s = build();
  const auto resources = strings(statement(*s, "terraform_execution", "LogGroups")["resources"]);
  for (const char* region : {"us-east-1", "us-west-2"})
    for (const std::string group : {"*-rdha", "/aws/rds/instance/*-rdha/*"}) {
      const std::string arn = "arn:" + kPartition + ":logs:" + region + ":" + kAccount + ":log-group:" + group;
      EXPECT_NE(std::find(resources.begin(), resources.end(), arn), resources.end()) << arn;
      EXPECT_NE(std::find(resources.begin(), resources.end(), arn + ":*"), resources.end()) << arn;
    }
  EXPECT_EQ(resources.size(), 8u);
}

TEST(Iam, RdsManagedPasswordLetsRdsCreateItsSecret) {
  HaStackSpec spec;
  spec.database.password_source = PasswordSource::rds_managed;
  auto s = build(spec);
  const auto resources = strings(statement(*s, "terraform_execution", "Secret")["resources"]);
  EXPECT_NE(std::find(resources.begin(), resources.end(),
                      "arn:" + kPartition + ":secretsmanager:us-east-1:" + kAccount + ":secret:rds!*"),
            resources.end());
}

TEST(Iam, TerraformPolicyFitsTheInlinePolicySizeLimit) {
  // IAM limits a role's inline policies to 10,240 characters (whitespace not counted).
  // Measure the document with realistic values for the references: a generous upper
  // bound of what Terraform renders.
  auto s = build();
  std::string text = s->args("data.aws_iam_policy_document.terraform_execution").dump();
  const auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
      text.replace(pos, from.size(), to);
  };
  replace_all(kPartition, "aws-us-gov");
  replace_all(kAccount, "123456789012");
  replace_all("${aws_iam_role.rds_monitoring.arn}", "arn:aws-us-gov:iam::123456789012:role/rds-monitoring-rdha");
  replace_all("${aws_iam_role.rds_operations.arn}", "arn:aws-us-gov:iam::123456789012:role/rds-operations-rdha");
  EXPECT_LT(text.size(), 10240u) << text.size();
}

TEST(Iam, OperationsRoleActsOnlyOnTheStacksInstances) {
  auto s = build();
  const auto& role = s->args("aws_iam_role.rds_operations");
  EXPECT_EQ(role["name"], "rds-operations-rdha");
  const auto& policy = s->args("aws_iam_role_policy.rds_operations");
  EXPECT_EQ(policy["name"], "rds-operations-rdha");
  EXPECT_EQ(policy["role"], "${aws_iam_role.rds_operations.id}");

  const auto& act = statement(*s, "rds_operations", "FailoverAndPromotion");
  EXPECT_EQ(strings(act["actions"]),
            (std::vector<std::string>{"rds:PromoteReadReplica", "rds:RebootDBInstance", "rds:ModifyDBInstance",
                                      "rds:CreateDBInstanceReadReplica"}));
  const auto resources = strings(act["resources"]);
  for (const auto* region : {"us-east-1", "us-west-2"})
    EXPECT_NE(std::find(resources.begin(), resources.end(),
                        "arn:" + kPartition + ":rds:" + region + ":" + kAccount + ":db:*-rdha"),
              resources.end())
        << region;
  // Customer-managed keys: exactly the stack's two keys, through RDS.
  EXPECT_EQ(strings(statement(*s, "rds_operations", "KeysThroughRds")["resources"]),
            (std::vector<std::string>{"${aws_kms_key.primary.arn}", "${aws_kms_replica_key.dr.arn}"}));
  EXPECT_EQ(strings(statement(*s, "rds_operations", "NotifyOperators")["actions"]),
            (std::vector<std::string>{"sns:Publish"}));

  // Assumed by the account's operators and by SSM Automation of this account only.
  const auto& trust = statements(*s, "rds_operations_trust");
  ASSERT_EQ(trust.size(), 2u);
  EXPECT_EQ(trust[0]["principals"][0]["type"], "AWS");
  EXPECT_EQ(trust[1]["principals"][0]["identifiers"], nlohmann::json::array({"ssm.amazonaws.com"}));
  EXPECT_TRUE(has_condition(trust[1], "StringEquals", "aws:SourceAccount", {kAccount}));
}

TEST(Iam, RolesAreGlobalButBoundToThePrimaryProvider) {
  auto s = build();
  for (std::size_t i = 0; i < s->stack.size(); ++i) {
    const Resource& node = s->stack.resource(i);
    const bool ours = node.address.type.rfind("aws_iam_role", 0) == 0 ||
                      (node.address.type == "aws_iam_policy_document" &&
                       std::find(kDocuments.begin(), kDocuments.end(), node.address.name) != kDocuments.end());
    if (ours) {
      EXPECT_EQ(node.provider, "aws") << node.address.str();
    }
  }
  const auto files = to_tf_json(s->stack);
  EXPECT_EQ(files.at("versions.tf.json")["terraform"]["required_version"], ">= 1.5.0");
}

}  // namespace
}  // namespace rdha::stack
