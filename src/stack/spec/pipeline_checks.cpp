// The rules of the spec's `pipeline` section (pipeline_checks.hpp). Every rule names the
// field, the offending value and why; all run, none stops at the first.
//
// Sources: "Configuring OpenID Connect in Amazon Web Services" (GitHub Docs,
// https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services:
// the sub claim names repository, branch or environment; a wildcard in the trust lets other
// repositories assume the role); "Configure OpenID Connect in AWS to retrieve temporary
// credentials" (GitLab Docs, https://docs.gitlab.com/ci/cloud_services/aws/);
// "git-check-ref-format" (https://git-scm.com/docs/git-check-ref-format: branch names);
// "Events that trigger workflows", schedule (GitHub Docs,
// https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#schedule:
// POSIX cron, 5 fields).
#include "pipeline_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "problem_text.hpp"
#include "rdha/stack/pipeline.hpp"

namespace rdha::stack::fields {
namespace {

std::string q(std::string_view text) { return quote(text); }

bool has_wildcard(std::string_view value) { return value.find_first_of("*?[") != std::string_view::npos; }

std::vector<std::string_view> split_on(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0, end = 0; end != std::string_view::npos; start = end + 1) {
    end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  }
  return parts;
}

bool path_part_ok(std::string_view part) {
  return !part.empty() && part != "." && part != ".." && std::all_of(part.begin(), part.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

class PipelineChecker {
 public:
  explicit PipelineChecker(const HaStackSpec& spec) : spec_(spec), pipeline_(spec.pipeline) {}

  std::vector<Problem> run() {
    check_repository();
    check_branch();
    check_environment();
    check_schedule();
    check_provider();
    if (pipeline_.install_command.find_first_not_of(" \t") == std::string::npos)
      add("pipeline.install_command", "is empty; the CI jobs install rdha with it.");
    if (pipeline_.enabled) check_enabled();
    return std::move(problems_);
  }

 private:
  const HaStackSpec& spec_;
  const PipelineSpec& pipeline_;
  std::vector<Problem> problems_;

  void add(std::string subject, std::string message) { problems_.push_back({std::move(subject), std::move(message)}); }

  void check_repository() {
    const std::string& repository = pipeline_.repository;
    const std::string path = "pipeline.repository";
    if (repository.empty()) {
      if (pipeline_.enabled)
        add(path, "is empty while pipeline.enabled is true; name the repository whose jobs may assume the "
                  "Terraform-execution role.");
      return;
    }
    if (has_wildcard(repository)) {
      add(path, fmt::format("{} contains a wildcard; the trust policy names one repository exactly, or other "
                            "repositories could assume the Terraform-execution role.",
                            q(repository)));
      return;
    }
    const auto parts = split_on(repository, '/');
    const bool parts_ok = std::all_of(parts.begin(), parts.end(), path_part_ok);
    if (pipeline_.ci == CiService::github && (parts.size() != 2 || !parts_ok))
      add(path, fmt::format("{} is not a GitHub repository \"owner/name\" (letters, digits, - _ . in each part).",
                            q(repository)));
    if (pipeline_.ci == CiService::gitlab && (parts.size() < 2 || !parts_ok))
      add(path, fmt::format("{} is not a GitLab project path \"group[/subgroup]/project\" (letters, digits, - _ . "
                            "in each part).",
                            q(repository)));
  }

  void check_branch() {
    const std::string& branch = pipeline_.branch;
    const std::string path = "pipeline.branch";
    if (branch.empty()) {
      add(path, "is empty; name the branch whose pushes plan and apply, e.g. \"main\".");
      return;
    }
    if (has_wildcard(branch)) {
      add(path, fmt::format("{} contains a wildcard; the trust policy names one branch exactly.", q(branch)));
      return;
    }
    const bool bad_char = std::any_of(branch.begin(), branch.end(), [](char c) {
      return static_cast<unsigned char>(c) <= ' ' || c == 0x7f || std::string_view("~^:\\").find(c) != std::string_view::npos;
    });
    if (bad_char || branch.front() == '/' || branch.front() == '-' || branch.back() == '/' || branch.back() == '.' ||
        branch.find("..") != std::string::npos || branch.find("//") != std::string::npos ||
        branch.find("@{") != std::string::npos || branch.ends_with(".lock") || branch.starts_with("refs/"))
      add(path, fmt::format("{} is not a git branch name (no spaces, ~ ^ : \\, \"..\", \"//\", \"@{{\", leading "
                            "\"-\" or \"/\", trailing \"/\", \".\" or \".lock\"; without \"refs/heads/\").",
                            q(branch)));
  }

  void check_environment() {
    const std::string& environment = pipeline_.environment;
    const std::string path = "pipeline.environment";
    if (environment.empty()) {
      add(path, "is empty; the apply job runs in this environment, whose protection rules are the approval.");
      return;
    }
    const bool bad_char = std::any_of(environment.begin(), environment.end(), [](char c) {
      return static_cast<unsigned char>(c) < ' ' || c == '*' || c == '?' || c == '[' || c == ':' || c == '"';
    });
    if (bad_char || environment.size() > 255)
      add(path, fmt::format("{} is not an environment name for the trust policy: at most 255 characters, no "
                            "wildcards, \":\" or quotes.",
                            q(environment)));
  }

  void check_schedule() {
    const std::string& schedule = pipeline_.drift_schedule;
    std::vector<std::string_view> fields;
    std::string_view rest = schedule;
    while (!rest.empty()) {
      const auto start = rest.find_first_not_of(' ');
      if (start == std::string_view::npos) break;
      rest.remove_prefix(start);
      const auto end = rest.find(' ');
      fields.push_back(rest.substr(0, end));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    }
    const bool chars_ok = std::all_of(schedule.begin(), schedule.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
             std::string_view(" *,-/").find(c) != std::string_view::npos;
    });
    if (fields.size() != 5 || !chars_ok)
      add("pipeline.drift_schedule",
          fmt::format("{} is not a cron schedule of 5 fields (minute hour day-of-month month day-of-week, digits, "
                      "names and * , - /), e.g. {}.",
                      q(schedule), q("17 5 * * 1-5")));
  }

  // The provider's ARN ends in the issuer's host (and path): it must be the CI's issuer,
  // or the trust's condition keys name another provider's claims.
  void check_provider() {
    const std::string& arn = pipeline_.oidc_provider_arn;
    const auto slash = arn.find(":oidc-provider/");
    if (arn.empty() || slash == std::string::npos) return;
    const std::string issuer = ci_identity(pipeline_).issuer_host;
    if (arn.substr(slash + 15) != issuer)
      add("pipeline.oidc_provider_arn",
          fmt::format("{} is not the provider of {}'s issuer {}; its ARN ends in \"oidc-provider/{}\".", q(arn),
                      to_string(pipeline_.ci), q(issuer), issuer));
  }

  void check_enabled() {
    if (!spec_.state.enabled)
      add("pipeline.enabled",
          "is true while state.enabled is false; each CI job starts on a fresh runner, so local state would be "
          "lost. Enable remote state (rdha bootstrap, docs/state.md) first.");
    // The jobs run as the Terraform-execution role; the state bucket is reached only through
    // the bootstrap's policy attached to it (the bucket policy only denies plain HTTP: access
    // comes from identity policies, docs/state.md).
    if (spec_.state.enabled && spec_.state.policy_arn.empty())
      add("state.policy_arn",
          "is empty while pipeline.enabled is true; the pipeline's jobs run as the Terraform-execution role, which "
          "reads, writes and locks the state only with rdha bootstrap's policy attached: copy its policy_arn output "
          "here.");
    if (spec_.state.enabled && !spec_.state.execution_role_name.empty())
      add("state.execution_role_name",
          fmt::format("{} while pipeline.enabled is true; the pipeline assumes the stack's own Terraform-execution "
                      "role, so the state policy must be attached to it: leave this empty.",
                      q(spec_.state.execution_role_name)));
    if (spec_.database.password_source == PasswordSource::random)
      add("pipeline.enabled",
          "is true while database.password_source is \"random\"; the pipeline passes the saved plan between jobs "
          "as an artefact and a saved plan contains the random password, so the pipeline refuses random mode. Use "
          "\"ephemeral\" or \"rds_managed\".");
  }
};

}  // namespace

std::vector<Problem> pipeline_problems(const HaStackSpec& spec) { return PipelineChecker(spec).run(); }

}  // namespace rdha::stack::fields
