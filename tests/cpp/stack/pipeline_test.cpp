// Tests of the CI pipeline: the spec's pipeline section (rules with their exact text), the
// Terraform-execution role's OIDC trust (exact aud and subs, StringEquals) for GitHub and
// GitLab, the provider created or named, no finding on the stack's own trust, the CI
// definitions (deterministic, refusals) and `rdha synth --check`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rdha/analysis/check.hpp"
#include "rdha/emit/pipeline.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "testing/run_command.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

constexpr const char* kKey = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

HaStackSpec with_pipeline(CiService ci = CiService::github) {
  HaStackSpec spec;
  spec.database.password_source = PasswordSource::ephemeral;
  spec.state.enabled = true;
  spec.state.account_id = "123456789012";
  spec.state.bucket = "rdha-state-123456789012";
  spec.state.kms_key_id = kKey;
  spec.state.policy_arn = "arn:aws:iam::123456789012:policy/terraform-state-rdha";
  spec.pipeline.enabled = true;
  spec.pipeline.ci = ci;
  spec.pipeline.repository = ci == CiService::github ? "acme/db-stack" : "acme/platform/db-stack";
  return spec;
}

// The problems the pipeline section raises: its own fields and the state fields its jobs need.
std::vector<std::string> pipeline_messages(const HaStackSpec& spec) {
  std::vector<std::string> out;
  for (const auto& p : validate(spec))
    if (p.subject.starts_with("pipeline.") || p.subject.starts_with("state.")) out.push_back(p.subject + ": " + p.message);
  return out;
}

// The emitted block KIND.TYPE.NAME ("data", "aws_iam_policy_document", ...), or null.
json block(const Stack& stack, const std::string& kind, const std::string& type, const std::string& name) {
  for (const auto& [file, document] : to_tf_json(stack))
    for (const auto& entry : document.value(kind, json::array()))
      if (entry.contains(type) && entry.at(type).contains(name)) return entry.at(type).at(name);
  return nullptr;
}

json statement(const Stack& stack, const std::string& document, const std::string& sid) {
  const json doc = block(stack, "data", "aws_iam_policy_document", document);
  if (doc.is_null()) return nullptr;
  for (const auto& s : doc.at("statement"))
    if (s.value("sid", "") == sid) return s;
  return nullptr;
}

// ---- the spec ------------------------------------------------------------------------------

TEST(PipelineSpec, OffByDefaultAndValid) {
  EXPECT_FALSE(HaStackSpec{}.pipeline.enabled);
  EXPECT_TRUE(pipeline_messages(HaStackSpec{}).empty());
  EXPECT_TRUE(pipeline_messages(with_pipeline()).empty());
  EXPECT_TRUE(pipeline_messages(with_pipeline(CiService::gitlab)).empty());
}

TEST(PipelineSpec, EnabledRefusesRandomPasswordsAndLocalState) {
  HaStackSpec spec = with_pipeline();
  spec.database.password_source = PasswordSource::random;
  spec.state.enabled = false;
  EXPECT_EQ(pipeline_messages(spec),
            (std::vector<std::string>{
                "pipeline.enabled: is true while database.password_source is \"random\"; the pipeline passes the saved "
                "plan between jobs as an artefact and a saved plan contains the random password, so the pipeline "
                "refuses random mode. Use \"ephemeral\" or \"rds_managed\".",
                "pipeline.enabled: is true while state.enabled is false; each CI job starts on a fresh runner, so "
                "local state would be lost. Enable remote state (rdha bootstrap, docs/state.md) first."}));
  EXPECT_THROW(build_ha_stack(spec), SpecError);
}

TEST(PipelineSpec, JobsNeedTheStatePolicyOnTheStacksOwnRole) {
  HaStackSpec spec = with_pipeline();
  spec.state.policy_arn.clear();
  EXPECT_EQ(pipeline_messages(spec),
            (std::vector<std::string>{
                "state.policy_arn: is empty while pipeline.enabled is true; the pipeline's jobs run as the "
                "Terraform-execution role, which reads, writes and locks the state only with rdha bootstrap's policy "
                "attached: copy its policy_arn output here."}));
  EXPECT_THROW(build_ha_stack(spec), SpecError);
  spec = with_pipeline();
  spec.state.execution_role_name = "ci-deployer";
  EXPECT_EQ(pipeline_messages(spec),
            (std::vector<std::string>{
                "state.execution_role_name: \"ci-deployer\" while pipeline.enabled is true; the pipeline assumes the "
                "stack's own Terraform-execution role, so the state policy must be attached to it: leave this empty."}));
}

TEST(PipelineSpec, FieldErrorsNameFieldAndValue) {
  HaStackSpec spec = with_pipeline();
  spec.pipeline.repository = "acme/*";
  spec.pipeline.branch = "feature..x";
  spec.pipeline.drift_schedule = "17 5 * *";
  spec.pipeline.oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/gitlab.com";
  EXPECT_EQ(pipeline_messages(spec),
            (std::vector<std::string>{
                "pipeline.branch: \"feature..x\" is not a git branch name (no spaces, ~ ^ : \\, \"..\", \"//\", \"@{\", "
                "leading \"-\" or \"/\", trailing \"/\", \".\" or \".lock\"; without \"refs/heads/\").",
                "pipeline.drift_schedule: \"17 5 * *\" is not a cron schedule of 5 fields (minute hour day-of-month "
                "month day-of-week, digits, names and * , - /), e.g. \"17 5 * * 1-5\".",
                "pipeline.oidc_provider_arn: \"arn:aws:iam::123456789012:oidc-provider/gitlab.com\" is not the "
                "provider of github's issuer \"token.actions.githubusercontent.com\"; its ARN ends in "
                "\"oidc-provider/token.actions.githubusercontent.com\".",
                "pipeline.repository: \"acme/*\" contains a wildcard; the trust policy names one repository exactly, "
                "or other repositories could assume the Terraform-execution role."}));
  spec = with_pipeline();
  spec.pipeline.repository = "acme/platform/db-stack";
  EXPECT_EQ(pipeline_messages(spec),
            (std::vector<std::string>{"pipeline.repository: \"acme/platform/db-stack\" is not a GitHub repository "
                                      "\"owner/name\" (letters, digits, - _ . in each part)."}));
  spec.pipeline.repository.clear();
  EXPECT_EQ(pipeline_messages(spec),
            (std::vector<std::string>{"pipeline.repository: is empty while pipeline.enabled is true; name the "
                                      "repository whose jobs may assume the Terraform-execution role."}));
}

// ---- the trust -----------------------------------------------------------------------------

TEST(PipelineTrust, GithubSubsAreExactlyBranchAndEnvironment) {
  const Stack stack = build_ha_stack(with_pipeline());
  const json trust = statement(stack, "terraform_execution_trust", "AssumedByPipeline");
  ASSERT_FALSE(trust.is_null());
  EXPECT_EQ(trust.at("actions"), json({"sts:AssumeRoleWithWebIdentity"}));
  EXPECT_EQ(trust.at("principals"),
            json({{{"type", "Federated"}, {"identifiers", {"${aws_iam_openid_connect_provider.ci.arn}"}}}}));
  EXPECT_EQ(trust.at("condition"),
            json({{{"test", "StringEquals"},
                   {"variable", "token.actions.githubusercontent.com:aud"},
                   {"values", {"sts.amazonaws.com"}}},
                  {{"test", "StringEquals"},
                   {"variable", "token.actions.githubusercontent.com:sub"},
                   {"values", {"repo:acme/db-stack:ref:refs/heads/main", "repo:acme/db-stack:environment:production"}}}}));
  EXPECT_EQ(block(stack, "resource", "aws_iam_openid_connect_provider", "ci"),
            json({{"url", "https://token.actions.githubusercontent.com"}, {"client_id_list", {"sts.amazonaws.com"}}}));
  const json reads = statement(stack, "terraform_execution", "ReadPipelineIdentityProvider");
  EXPECT_EQ(reads.at("actions"), json({"iam:GetOpenIDConnectProvider", "iam:ListOpenIDConnectProviderTags"}));
  EXPECT_EQ(reads.at("resources"), json({"${aws_iam_openid_connect_provider.ci.arn}"}));
}

TEST(PipelineTrust, GitlabSubIsTheBranchOfTheProjectPath) {
  HaStackSpec spec = with_pipeline(CiService::gitlab);
  spec.pipeline.gitlab_url = "https://gitlab.example.com";
  spec.pipeline.oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
  const Stack stack = build_ha_stack(spec);
  EXPECT_FALSE(stack.index_of("aws_iam_openid_connect_provider.ci"));  // the named provider is used
  const json trust = statement(stack, "terraform_execution_trust", "AssumedByPipeline");
  EXPECT_EQ(trust.at("principals"),
            json({{{"type", "Federated"}, {"identifiers", {spec.pipeline.oidc_provider_arn}}}}));
  EXPECT_EQ(trust.at("condition"),
            json({{{"test", "StringEquals"}, {"variable", "gitlab.example.com:aud"}, {"values", {"https://gitlab.example.com"}}},
                  {{"test", "StringEquals"},
                   {"variable", "gitlab.example.com:sub"},
                   {"values", {"project_path:acme/platform/db-stack:ref_type:branch:ref:main"}}}}));
}

TEST(PipelineTrust, OffByDefaultAndTheStacksOwnTrustHasNoPipelineFinding) {
  const Stack plain = build_ha_stack(HaStackSpec{});
  EXPECT_FALSE(plain.index_of("aws_iam_openid_connect_provider.ci"));
  EXPECT_TRUE(statement(plain, "terraform_execution_trust", "AssumedByPipeline").is_null());
  // The jobs' credentials may last 4 hours (a long apply); the stack without a pipeline keeps STS's hour.
  EXPECT_FALSE(block(plain, "resource", "aws_iam_role", "terraform_execution").contains("max_session_duration"));
  EXPECT_EQ(block(build_ha_stack(with_pipeline()), "resource", "aws_iam_role", "terraform_execution")
                .at("max_session_duration"),
            4 * 3600);
  const auto report = analysis::run_checks(build_ha_stack(with_pipeline()), {});
  for (const auto& finding : report.findings) EXPECT_FALSE(finding.rule_id.starts_with("RDHA-PIPE")) << finding.rule_id;
}

// ---- the CI definitions --------------------------------------------------------------------

TEST(PipelineFiles, DeterministicAndNamedByCi) {
  PipelineOptions options{.config_path = "rdha.json"};
  const auto first = pipeline_files(with_pipeline(), options);
  EXPECT_EQ(first, pipeline_files(with_pipeline(), options));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first.begin()->first, ".github/workflows/rdha.yml");
  EXPECT_NE(first.begin()->second.find("  RDHA_CONFIG: rdha.json\n"), std::string::npos);
  options.ci = CiService::gitlab;
  EXPECT_EQ(pipeline_files(with_pipeline(), options).begin()->first, ".gitlab-ci.yml");
}

TEST(PipelineFiles, PathsAreInsideTheRepository) {
  PipelineOptions options;
  options.config_path = "/home/me/rdha.json";
  try {
    pipeline_files(with_pipeline(), options);
    FAIL() << "an absolute config path was accepted";
  } catch (const SpecError& e) {
    EXPECT_EQ(e.problems().at(0).subject, "config_path");
    EXPECT_EQ(e.problems().at(0).message,
              "\"/home/me/rdha.json\" is not a path inside the repository; the CI jobs run from its root, so give the "
              "path relative to it (run rdha pipeline from the root), without \"..\".");
  }
  options.config_path = "rdha.json";
  options.tf_dir = "../elsewhere";
  EXPECT_THROW(pipeline_files(with_pipeline(), options), SpecError);
  options.tf_dir = "infra/terraform_out";
  EXPECT_EQ(pipeline_files(with_pipeline(), options).size(), 1u);
}

TEST(PipelineFiles, RefusesADisabledPipeline) {
  HaStackSpec spec = with_pipeline();
  spec.pipeline.enabled = false;
  try {
    pipeline_files(spec, {.config_path = "rdha.json"});
    FAIL() << "no error";
  } catch (const SpecError& e) {
    EXPECT_EQ(e.problems().at(0).message,
              "is false; rdha pipeline writes the CI definition of an enabled pipeline (the stack then carries the "
              "OIDC trust its jobs authenticate with).");
  }
}

// ---- rdha synth --check ----------------------------------------------------------------------

TEST(SynthCheck, FreshStaleMissingExtraAndUnownedFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("rdha-synth-check-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string out = " --out " + dir.string();
  EXPECT_EQ(rdha::testing::run_cli("synth" + out).exit_code, 0);
  auto result = rdha::testing::run_cli("synth --check" + out);
  EXPECT_EQ(result.exit_code, 0) << result.out;

  std::ofstream(dir / "override_override.tf.json") << "{}";  // not rdha's: ignored
  std::filesystem::create_directories(dir / ".terraform");
  std::ofstream(dir / ".terraform" / "x") << "x";
  result = rdha::testing::run_cli("synth --check" + out);
  EXPECT_EQ(result.exit_code, 0) << result.out;

  std::ofstream(dir / "network.tf.json", std::ios::app) << " ";
  std::filesystem::remove(dir / "outputs.tf.json");
  result = rdha::testing::run_cli("synth --check" + out);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("stale: network.tf.json\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("missing: outputs.tf.json\n"), std::string::npos) << result.out;

  // A spec without the failover section's files: the owned recovery file is extra.
  EXPECT_EQ(rdha::testing::run_cli("synth" + out).exit_code, 0);
  const auto config = dir.string() + ".json";
  std::ofstream(config) << R"({"failover": {"enabled": false}})";
  result = rdha::testing::run_cli("synth --check --config " + config + out);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("extra: "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("stale: "), std::string::npos) << result.out;

  // A fresh checkout has no manifest: a leftover *.tf.json, which Terraform would load, is
  // extra; other files are not looked at.
  EXPECT_EQ(rdha::testing::run_cli("synth" + out).exit_code, 0);
  std::filesystem::remove(dir / ".rdha-manifest.json");
  EXPECT_EQ(rdha::testing::run_cli("synth --check" + out).exit_code, 1);  // the override is loaded too
  std::filesystem::remove(dir / "override_override.tf.json");
  EXPECT_EQ(rdha::testing::run_cli("synth --check" + out).exit_code, 0);
  std::ofstream(dir / "old_failover.tf.json") << "{}";
  result = rdha::testing::run_cli("synth --check" + out);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("extra: old_failover.tf.json\n"), std::string::npos) << result.out;
  std::filesystem::remove_all(dir);
  std::filesystem::remove(config);
}

}  // namespace
}  // namespace rdha::stack
