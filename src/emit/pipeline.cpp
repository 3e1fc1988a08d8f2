// The CI definitions of `rdha pipeline` (rdha/emit/pipeline.hpp). The job steps are one
// list of commands both CI services run (GitHub `run:`, GitLab `script:`); only the
// authentication and the approval differ (docs/pipeline.md).
//
// Sources: "Workflow syntax for GitHub Actions" (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions:
// on, permissions, concurrency, environment, defaults.run.shell bash: `bash --noprofile --norc -eo pipefail {0}`);
// "Configuring OpenID Connect in Amazon Web Services" (GitHub Docs: `id-token: write`,
// aws-actions/configure-aws-credentials); "Managing environments for deployment" (GitHub
// Docs, https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment:
// required reviewers, deployment branches); "Uploading a SARIF file to GitHub"
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/uploading-a-sarif-file-to-github);
// "CI/CD YAML syntax reference" (GitLab Docs, https://docs.gitlab.com/ci/yaml/: rules,
// id_tokens, environment, when: manual, artifacts, resource_group); "Configure OpenID
// Connect in AWS to retrieve temporary credentials" (GitLab Docs,
// https://docs.gitlab.com/ci/cloud_services/aws/: assume-role-with-web-identity);
// "Command: plan" (Terraform, https://developer.hashicorp.com/terraform/cli/commands/plan:
// -detailed-exitcode 0 no changes, 1 error, 2 changes); "Publish" (Amazon SNS API
// Reference, https://docs.aws.amazon.com/sns/latest/api/API_Publish.html: messages up to
// 256 KB).
#include "rdha/emit/pipeline.hpp"

#include <filesystem>
#include <string_view>

#include "rdha/emit/atomic_write.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/names.hpp"
#include "rdha/stack/pipeline.hpp"
#include "yaml.hpp"

namespace rdha {
namespace {

using detail::Yaml;
using stack::CiService;
using stack::HaStackSpec;

constexpr std::string_view kGithubFile = ".github/workflows/rdha.yml";
constexpr std::string_view kGitlabFile = ".gitlab-ci.yml";
constexpr std::string_view kRunner = "ubuntu-24.04";
constexpr int kPlanRetentionDays = 5;

// A step's commands: one line each, or one multi-line script.
struct Step {
  std::string name;
  std::string run;  // empty: a `uses:` step (GitHub only)
};

// The drift plan: exit 0 without changes; with changes (2) the summary goes to the
// alarm topic and the job fails with 2; on an error the log's tail goes there and the job
// fails with its status. `set +e` keeps the status under GitHub's `bash -e`. The message
// is the "Plan:" line and the changed addresses, well under SNS's 256 KB.
constexpr std::string_view kDriftScript =
    "set +e\n"
    "terraform -chdir=\"$TF_DIR\" plan -detailed-exitcode -lock=false -no-color > drift.log 2>&1\n"
    "status=$?\n"
    "set -e\n"
    "if [ \"$status\" -eq 0 ]; then\n"
    "  echo \"rdha: no drift\"\n"
    "  exit 0\n"
    "fi\n"
    "if [ \"$status\" -eq 2 ]; then\n"
    "  { grep -E '^Plan:' drift.log || true; grep -E '^  # ' drift.log | head -n 200 || true; } > drift-summary.txt\n"
    "  aws sns publish --region \"$AWS_REGION\" --topic-arn \"$ALERT_TOPIC_ARN\" --subject \"rdha: drift detected\" "
    "--message file://drift-summary.txt\n"
    "  exit 2\n"
    "fi\n"
    "tail -n 50 drift.log > drift-summary.txt\n"
    "aws sns publish --region \"$AWS_REGION\" --topic-arn \"$ALERT_TOPIC_ARN\" --subject \"rdha: drift check failed\" "
    "--message file://drift-summary.txt\n"
    "exit \"$status\"\n";

// The commands of every job, one home for both CI services.
struct Commands {
  Step install;
  Step fresh{"Output is fresh", "rdha synth --config \"$RDHA_CONFIG\" --out \"$TF_DIR\" --check"};
  Step format{"Format", "terraform -chdir=\"$TF_DIR\" fmt -check -recursive"};
  Step validate{"Validate", "terraform -chdir=\"$TF_DIR\" init -backend=false\nterraform -chdir=\"$TF_DIR\" validate"};
  Step policy{"Policy check", "rdha check --config \"$RDHA_CONFIG\" --tf-dir \"$TF_DIR\" --format sarif > rdha.sarif"};
  Step init{"Init", "terraform -chdir=\"$TF_DIR\" init"};
  Step plan{"Plan", "terraform -chdir=\"$TF_DIR\" plan -out=tfplan"};
  Step plan_json{"Plan as JSON", "terraform -chdir=\"$TF_DIR\" show -json tfplan > \"$TF_DIR/tfplan.json\""};
  Step gate{"Plan gate", "rdha plan-check \"$TF_DIR/tfplan.json\""};
  Step apply{"Apply the reviewed plan", "terraform -chdir=\"$TF_DIR\" apply tfplan"};
  Step drift{"Drift plan", std::string(kDriftScript)};
};

// What the definitions say about the stack, each read from its home.
struct Facts {
  CiService ci;
  std::string config;
  std::string tf_dir;
  std::string region;
  std::string role_arn;
  std::string alert_topic_arn;
  std::string terraform_version;  // the minimum of the stack's required_version
  std::string branch;
  std::string environment;
  std::string schedule;
  stack::CiIdentity identity;
  Commands commands;
};

// ">= 1.11.0" → "1.11.0"
std::string minimum_version(const std::string& constraint) {
  const auto start = constraint.find_first_of("0123456789");
  const auto end = constraint.find_first_not_of("0123456789.", start);
  return start == std::string::npos ? constraint : constraint.substr(start, end - start);
}

// The pipeline runs from the repository root: its paths must be relative and stay inside it.
void require_repository_path(const char* option, const std::string& path) {
  const std::filesystem::path p(path);
  bool climbs = false;
  for (const auto& part : p) climbs = climbs || part == "..";
  if (path.empty() || p.is_absolute() || climbs)
    throw SpecError::invalid(
        {{option, "\"" + path + "\" is not a path inside the repository; the CI jobs run from its root, so give the "
                  "path relative to it (run rdha pipeline from the root), without \"..\"."}});
}

Facts facts_of(HaStackSpec spec, const PipelineOptions& options) {
  require_repository_path("config_path", options.config_path);
  require_repository_path("tf_dir", options.tf_dir);
  if (options.ci) spec.pipeline.ci = *options.ci;
  const Stack stack = stack::build_ha_stack(spec);  // validates: pipeline needs state, refuses random
  if (!spec.pipeline.enabled)
    throw SpecError::invalid({{"pipeline.enabled",
                               "is false; rdha pipeline writes the CI definition of an enabled pipeline (the stack "
                               "then carries the OIDC trust its jobs authenticate with)."}});
  const stack::Names names(spec);
  Facts f{.ci = spec.pipeline.ci,
          .config = options.config_path,
          .tf_dir = options.tf_dir,
          .region = stack::state_region(spec),
          .role_arn = "arn:aws:iam::" + spec.state.account_id + ":role/" + names.terraform_execution(),
          .alert_topic_arn = "arn:aws:sns:" + spec.regions.primary.name + ":" + spec.state.account_id + ":" +
                             names.region(stack::RegionRole::primary).alarm_topic(),
          .terraform_version = minimum_version(stack.required_version()),
          .branch = spec.pipeline.branch,
          .environment = spec.pipeline.environment,
          .schedule = spec.pipeline.drift_schedule,
          .identity = stack::ci_identity(spec.pipeline),
          .commands = {}};
  f.commands.install = {"Install rdha", spec.pipeline.install_command};
  return f;
}

constexpr std::string_view kHeader =
    "# Generated by `rdha pipeline` (docs/pipeline.md); regenerate it rather than edit it.\n"
    "# The saved plan travels between jobs as an artefact. It holds no secret: the spec's\n"
    "# pipeline refuses database.password_source \"random\", the one mode whose password a plan\n"
    "# would contain.\n";

Yaml environment_variables(const Facts& f) {
  Yaml env = Yaml::map();
  env.set("RDHA_CONFIG", Yaml::text(f.config))
      .set("TF_DIR", Yaml::text(f.tf_dir))
      .set("AWS_REGION", Yaml::text(f.region))
      .set("ROLE_ARN", Yaml::text(f.role_arn))
      .set("ALERT_TOPIC_ARN", Yaml::text(f.alert_topic_arn))
      .set("TF_IN_AUTOMATION", Yaml::text("1"))
      .set("TF_INPUT", Yaml::text("0"))
      .set("CHECKPOINT_DISABLE", Yaml::text("1"));
  return env;
}

// ---- GitHub Actions ----------------------------------------------------------------------

Yaml run_step(const Step& step) { return Yaml::map().set("name", Yaml::text(step.name)).set("run", Yaml::text(step.run + "\n")); }

Yaml uses_step(std::string name, std::string action, Yaml with = Yaml::map()) {
  Yaml step = Yaml::map();
  step.set("name", Yaml::text(std::move(name))).set("uses", Yaml::text(std::move(action)));
  return with.render().empty() ? step : step.set("with", std::move(with));
}

Yaml permissions(bool id_token) {
  Yaml p = Yaml::map();
  p.set("contents", Yaml::text("read"));
  if (id_token) p.set("id-token", Yaml::text("write"));
  return p;
}

Yaml checkout() { return uses_step("Check out", "actions/checkout@v4"); }

// The jobs that read or change the state run one at a time; a run waiting for the apply's
// approval holds the group, so the pull-request checks stay outside it (GitHub keeps one
// pending run per group and cancels the one before).
Yaml state_lock_group() {
  return Yaml::map().set("group", Yaml::text("rdha-terraform")).set("cancel-in-progress", Yaml::boolean(false));
}

// The runner image's system Python is externally managed (PEP 668): rdha is installed into
// the Python this step sets up.
Yaml setup_python() {
  return uses_step("Set up Python", "actions/setup-python@v5", Yaml::map().set("python-version", Yaml::text("3.11")));
}

Yaml setup_terraform(const Facts& f) {
  return uses_step("Set up Terraform", "hashicorp/setup-terraform@v3",
                   Yaml::map()
                       .set("terraform_version", Yaml::text(f.terraform_version))
                       .set("terraform_wrapper", Yaml::boolean(false)));
}

Yaml aws_credentials() {
  return uses_step("AWS credentials", "aws-actions/configure-aws-credentials@v4",
                   Yaml::map()
                       .set("role-to-assume", Yaml::text("${{ env.ROLE_ARN }}"))
                       .set("aws-region", Yaml::text("${{ env.AWS_REGION }}"))
                       .set("role-duration-seconds", Yaml::integer(stack::kPipelineSessionSeconds)));
}

constexpr std::string_view kOnBranch = "github.event_name == 'push' || github.event_name == 'workflow_dispatch'";

std::string github_workflow(const Facts& f) {
  const Commands& c = f.commands;
  Yaml branches = Yaml::map().set("branches", Yaml::texts({f.branch}));
  Yaml on = Yaml::map();
  on.set("pull_request", branches)
      .set("push", branches)
      .set("schedule", Yaml::list().add(Yaml::map().set("cron", Yaml::text(f.schedule))))
      .set("workflow_dispatch", Yaml::map());

  Yaml check = Yaml::map();
  check.set("if", Yaml::text("github.event_name != 'schedule'"))
      .set("runs-on", Yaml::text(std::string(kRunner)))
      .set("permissions", permissions(false).set("security-events", Yaml::text("write")))
      .set("steps", Yaml::list()
                        .add(checkout())
                        .add(setup_terraform(f))
                        .add(setup_python())
                        .add(run_step(c.install))
                        .add(run_step(c.fresh))
                        .add(run_step(c.format))
                        .add(run_step(c.validate))
                        .add(run_step(c.policy))
                        .add(uses_step("Upload policy results", "github/codeql-action/upload-sarif@v3",
                                       Yaml::map()
                                           .set("sarif_file", Yaml::text("rdha.sarif"))
                                           .set("category", Yaml::text("rdha")))
                                 .set("if", Yaml::text("always()"))));

  Yaml plan = Yaml::map();
  plan.set("needs", Yaml::text("check"))
      .set("if", Yaml::text(std::string(kOnBranch)))
      .set("runs-on", Yaml::text(std::string(kRunner)))
      .set("permissions", permissions(true))
      .set("concurrency", state_lock_group())
      .set("steps", Yaml::list()
                        .add(checkout())
                        .add(setup_terraform(f))
                        .add(setup_python())
                        .add(run_step(c.install))
                        .add(aws_credentials())
                        .add(run_step(c.init))
                        .add(run_step(c.plan))
                        .add(run_step(c.plan_json))
                        .add(run_step(c.gate))
                        .add(uses_step("Keep the plan", "actions/upload-artifact@v4",
                                       Yaml::map()
                                           .set("name", Yaml::text("tfplan"))
                                           .set("path", Yaml::text("${{ env.TF_DIR }}/tfplan\n"
                                                                   "${{ env.TF_DIR }}/.terraform.lock.hcl\n"))
                                           .set("include-hidden-files", Yaml::boolean(true))
                                           .set("retention-days", Yaml::integer(kPlanRetentionDays)))));

  Yaml apply = Yaml::map();
  apply.set("needs", Yaml::text("plan"))
      .set("if", Yaml::text(std::string(kOnBranch)))
      .set("runs-on", Yaml::text(std::string(kRunner)))
      .set("environment", Yaml::text(f.environment))
      .set("permissions", permissions(true))
      .set("concurrency", state_lock_group())
      .set("steps", Yaml::list()
                        .add(checkout())
                        .add(setup_terraform(f))
                        .add(aws_credentials())
                        .add(uses_step("Fetch the plan", "actions/download-artifact@v4",
                                       Yaml::map()
                                           .set("name", Yaml::text("tfplan"))
                                           .set("path", Yaml::text("${{ env.TF_DIR }}"))))
                        .add(run_step(c.init))
                        .add(run_step(c.apply)));

  Yaml drift = Yaml::map();
  drift.set("if", Yaml::text("github.event_name == 'schedule'"))
      .set("runs-on", Yaml::text(std::string(kRunner)))
      .set("permissions", permissions(true))
      .set("concurrency", state_lock_group())
      .set("steps", Yaml::list()
                        .add(checkout())
                        .add(setup_terraform(f))
                        .add(aws_credentials())
                        .add(run_step(c.init))
                        .add(run_step(c.drift)));

  Yaml doc = Yaml::map();
  doc.set("name", Yaml::text("rdha"))
      .set("on", std::move(on))
      .set("permissions", permissions(false))
      .set("env", environment_variables(f))
      .set("defaults", Yaml::map().set("run", Yaml::map().set("shell", Yaml::text("bash"))))
      .set("jobs", Yaml::map()
                       .set("check", std::move(check))
                       .set("plan", std::move(plan))
                       .set("apply", std::move(apply))
                       .set("drift", std::move(drift)));
  return std::string(kHeader) + doc.render();
}

// ---- GitLab CI/CD ------------------------------------------------------------------------

// The jobs' image is hashicorp/terraform (Alpine); the tools the steps need besides
// Terraform come from its package manager. pip installs into the system Python, which
// Alpine marks externally managed (PIP_BREAK_SYSTEM_PACKAGES allows it in the throwaway
// container).
constexpr std::string_view kGitlabTools = "apk add --no-cache aws-cli python3 py3-pip grep";

// GitLab's documented exchange of the job's ID token for the role's credentials.
// The assignment fails the job when the exchange fails (an `export $(...)` would hide it).
constexpr std::string_view kGitlabAssumeRole =
    "CREDENTIALS=$(aws sts assume-role-with-web-identity --role-arn \"$ROLE_ARN\" --role-session-name "
    "\"gitlab-$CI_PROJECT_ID-$CI_PIPELINE_ID\" --web-identity-token \"$AWS_WEB_IDENTITY_TOKEN\" --duration-seconds "
    "$SESSION_SECONDS --query \"Credentials.[AccessKeyId,SecretAccessKey,SessionToken]\" --output text)";
constexpr std::string_view kGitlabExportCredentials =
    "set -- $CREDENTIALS && export AWS_ACCESS_KEY_ID=\"$1\" AWS_SECRET_ACCESS_KEY=\"$2\" AWS_SESSION_TOKEN=\"$3\"";

// A step's commands as `script:` items: a one-line command per line; a script with
// control flow stays one block.
void add_script(Yaml& script, const Step& step) {
  if (step.run.find("\nif ") != std::string::npos || step.run.starts_with("set +e")) {
    script.add(Yaml::text(step.run));
    return;
  }
  std::size_t start = 0;
  while (start < step.run.size()) {
    const auto end = step.run.find('\n', start);
    script.add(Yaml::text(step.run.substr(start, end == std::string::npos ? std::string::npos : end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

Yaml script_of(const std::vector<const Step*>& steps) {
  Yaml script = Yaml::list();
  for (const Step* step : steps) add_script(script, *step);
  return script;
}

Yaml rule(const std::string& condition, std::string_view when = "") {
  Yaml r = Yaml::map().set("if", Yaml::text(condition));
  if (!when.empty()) r.set("when", Yaml::text(std::string(when)));
  return r;
}

std::string gitlab_ci(const Facts& f) {
  const Commands& c = f.commands;
  const std::string scheduled = "$CI_PIPELINE_SOURCE == \"schedule\"";
  const std::string on_branch = "$CI_COMMIT_BRANCH == \"" + f.branch + "\"";
  Yaml with_role = Yaml::map().set(
      "AWS_WEB_IDENTITY_TOKEN", Yaml::map().set("aud", Yaml::text(f.identity.audience)));
  const auto authenticated = [&](Yaml job) {
    return job.set("id_tokens", with_role)
        .set("before_script", Yaml::texts({std::string(kGitlabTools), std::string(kGitlabAssumeRole),
                                           std::string(kGitlabExportCredentials)}))
        .set("resource_group", Yaml::text("rdha-terraform"));
  };

  Yaml check = Yaml::map();
  check.set("stage", Yaml::text("check"))
      .set("rules", Yaml::list()
                        .add(rule(scheduled, "never"))
                        .add(rule("$CI_PIPELINE_SOURCE == \"merge_request_event\" && "
                                  "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME == \"" + f.branch + "\""))
                        .add(rule(on_branch)))
      .set("script", script_of({&c.install, &c.fresh, &c.format, &c.validate, &c.policy}))
      .set("artifacts", Yaml::map()
                            .set("when", Yaml::text("always"))
                            .set("paths", Yaml::texts({"rdha.sarif"}))
                            .set("expire_in", Yaml::text("30 days")));

  Yaml plan = Yaml::map();
  plan.set("stage", Yaml::text("plan")).set("needs", Yaml::texts({"check"}));
  plan = authenticated(std::move(plan));
  plan.set("rules", Yaml::list().add(rule(scheduled, "never")).add(rule(on_branch)))
      .set("script", script_of({&c.install, &c.init, &c.plan, &c.plan_json, &c.gate}))
      .set("artifacts", Yaml::map()
                            .set("paths", Yaml::texts({"$TF_DIR/tfplan", "$TF_DIR/.terraform.lock.hcl"}))
                            .set("expire_in", Yaml::text(std::to_string(kPlanRetentionDays) + " days")));

  Yaml apply = Yaml::map();
  apply.set("stage", Yaml::text("apply")).set("needs", Yaml::texts({"plan"}));
  apply = authenticated(std::move(apply));
  apply.set("environment", Yaml::map().set("name", Yaml::text(f.environment)))
      .set("rules", Yaml::list().add(rule(scheduled, "never")).add(rule(on_branch, "manual")))
      .set("allow_failure", Yaml::boolean(false))
      .set("script", script_of({&c.init, &c.apply}));

  Yaml drift = Yaml::map();
  drift.set("stage", Yaml::text("drift"));
  drift = authenticated(std::move(drift));
  drift.set("rules", Yaml::list().add(rule(scheduled))).set("script", script_of({&c.init, &c.drift}));

  Yaml variables = environment_variables(f);
  variables.set("PIP_BREAK_SYSTEM_PACKAGES", Yaml::text("1"))
      .set("SESSION_SECONDS", Yaml::text(std::to_string(stack::kPipelineSessionSeconds)));
  Yaml doc = Yaml::map();
  doc.set("stages", Yaml::texts({"check", "plan", "apply", "drift"}))
      .set("variables", std::move(variables))
      .set("default", Yaml::map()
                          .set("image", Yaml::map()
                                            .set("name", Yaml::text("hashicorp/terraform:" + f.terraform_version))
                                            .set("entrypoint", Yaml::texts({""})))
                          .set("before_script", Yaml::texts({std::string(kGitlabTools)})))
      .set("check", std::move(check))
      .set("plan", std::move(plan))
      .set("apply", std::move(apply))
      .set("drift", std::move(drift));
  return std::string(kHeader) +
         "# GitLab has no SARIF code-scanning upload: the policy check's rdha.sarif is kept as an\n"
         "# artefact of the check job. The drift job runs on a pipeline schedule set up in the\n"
         "# project (Build > Pipeline schedules) with cron \"" + f.schedule + "\".\n" + doc.render();
}

}  // namespace

std::map<std::string, std::string> pipeline_files(const HaStackSpec& spec, const PipelineOptions& options) {
  const Facts f = facts_of(spec, options);
  if (f.ci == CiService::github) return {{std::string(kGithubFile), github_workflow(f)}};
  return {{std::string(kGitlabFile), gitlab_ci(f)}};
}

std::vector<std::string> write_pipeline(const HaStackSpec& spec, const PipelineOptions& options,
                                        const std::filesystem::path& directory) {
  const auto files = pipeline_files(spec, options);
  write_files_atomically(files, directory);
  std::vector<std::string> names;
  for (const auto& [name, text] : files) names.push_back(name);
  return names;
}

}  // namespace rdha
