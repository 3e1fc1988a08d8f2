// The `rdha` command line: a thin wrapper over the library (see DESIGN.md for the
// interface). Exit codes: 0 ok, 1 findings / failed check, 2 bad input or any other
// error. Errors go to stderr; results to stdout.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "rdha/analysis/check.hpp"
#include "rdha/analysis/drill.hpp"
#include "rdha/analysis/plan_check.hpp"
#include "rdha/analysis/sarif.hpp"
#include "rdha/analysis/waiver.hpp"
#include "rdha/emit/block_lines.hpp"
#include "rdha/emit/graph_export.hpp"
#include "rdha/emit/output_check.hpp"
#include "rdha/emit/pipeline.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/emit/tf_output.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/bootstrap.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/migration.hpp"
#include "rdha/values/envelope.hpp"
#include "rdha/version.hpp"

namespace {

constexpr int kOk = 0;
constexpr int kFindings = 1;
constexpr int kBadInput = 2;

// A spec file is a few kilobytes; the cap stops a wrong path (`--config /dev/zero`, a
// disk image) from being read without end.
constexpr std::size_t kConfigSizeLimit = 1024 * 1024;

rdha::stack::HaStackSpec load_spec(const std::string& config_path) {
  if (config_path.empty()) return {};
  std::ifstream in(config_path, std::ios::binary);
  if (!in) throw rdha::SpecError::unreadable(config_path, std::strerror(errno));
  std::string text(kConfigSizeLimit + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw rdha::SpecError::unreadable(config_path, std::strerror(errno));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kConfigSizeLimit) throw rdha::SpecError::too_large(config_path, kConfigSizeLimit);
  return rdha::stack::spec_from_json_text(text, config_path);
}

// A JSON result on stdout, with the envelope every JSON output carries (tool, spec hash).
void print_json(const nlohmann::json& document, const std::optional<std::string>& spec_hash) {
  std::cout << rdha::with_envelope(document, spec_hash).dump(2) << "\n";
}

// --check: compare, write nothing; exit 1 listing each rdha-owned file a write would change.
int synth_check(const rdha::Stack& stack, const std::string& out_dir, rdha::TfOutputOptions options) {
  const auto stale = rdha::compare_output(rdha::rendered_tf(stack, options), out_dir);
  for (const auto& file : stale) std::cout << rdha::to_string(file.reason) << ": " << file.name << "\n";
  if (!stale.empty()) {
    std::cout << "rdha: " << out_dir << " is not what rdha synth writes; run rdha synth to update it\n";
    return kFindings;
  }
  std::cout << "rdha: " << out_dir << " is fresh\n";
  return kOk;
}

int synth(const std::string& config_path, const std::string& out_dir, bool check_only,
          rdha::TfOutputOptions options, rdha::Durability durability) {
  const rdha::Stack stack = rdha::stack::build_ha_stack(load_spec(config_path));
  if (check_only) return synth_check(stack, out_dir, options);
  const auto files = rdha::write_tf(stack, out_dir, options, durability);
  std::cout << "rdha: wrote " << files.size() << " files (" << stack.size() << " blocks) to " << out_dir << "\n";
  return kOk;
}

// The state bootstrap: the stack that creates the S3 backend's bucket, replica, keys,
// lock table and policy (docs/state.md). Its own state stays local.
int bootstrap(const std::string& config_path, const std::string& out_dir) {
  const rdha::Stack stack = rdha::stack::build_bootstrap_stack(load_spec(config_path));
  const auto files = rdha::write_tf_json(stack, out_dir);
  std::cout << "rdha: wrote " << files.size() << " files (" << stack.size() << " blocks) of the state bootstrap to "
            << out_dir << "\n";
  return kOk;
}

int graph(const std::string& config_path, const std::string& format, const rdha::GraphOptions& options) {
  const auto spec = load_spec(config_path);
  const rdha::Stack stack = rdha::stack::build_ha_stack(spec);
  if (format == "dot") std::cout << rdha::to_dot(stack, options);
  if (format == "mermaid") std::cout << rdha::to_mermaid(stack, options);
  if (format == "json") print_json(rdha::to_graph_json(stack, options), rdha::stack::spec_hash(spec));
  return kOk;
}

// The effective spec: the defaults, merged with the config file when one is given. Bare,
// without the JSON envelope: the output is itself a valid --config file.
int defaults(const std::string& config_path) {
  std::cout << rdha::stack::to_json(load_spec(config_path)).dump(2) << "\n";
  return kOk;
}

// The spec's check.waivers (in source), then those of --waivers FILE (external).
std::vector<rdha::analysis::Waiver> check_waivers(const rdha::stack::HaStackSpec& spec,
                                                   const std::string& waivers_file) {
  auto waivers = rdha::analysis::waivers_from_json(rdha::stack::to_json(spec)["check"]["waivers"], "check.waivers",
                                                   rdha::analysis::WaiverOrigin::in_source);
  if (!waivers_file.empty())
    for (auto& waiver : rdha::analysis::read_waivers_file(waivers_file)) waivers.push_back(std::move(waiver));
  return waivers;
}

// Everything synth checks — the spec, the graph, the provider schema facts — and the rules
// the spec's check.waivers name (rdha check would refuse an unknown one), writing nothing.
int validate(const std::string& config_path) {
  const auto spec = load_spec(config_path);
  std::vector<std::string> rule_ids;
  for (const auto& rule : rdha::analysis::RuleRegistry::builtin().rules()) rule_ids.push_back(rule.info.id);
  rdha::analysis::require_known_rules(check_waivers(spec, ""), rule_ids);
  const rdha::Stack stack = rdha::stack::build_ha_stack(spec);
  stack.validate();
  std::cout << "rdha: " << (config_path.empty() ? "the default spec" : config_path) << " is valid: "
            << stack.size() << " blocks, spec " << rdha::stack::spec_hash(spec) << "\n";
  return kOk;
}

// Policy findings; exit 1 when any is at least as severe as --fail-on (default: error).
int check(const std::string& config_path, const std::string& format, const std::string& today,
          const std::string& fail_on, const std::vector<std::string>& skip, const std::string& tf_dir,
          const std::string& waivers_file) {
  const auto spec = load_spec(config_path);
  const std::string hash = rdha::stack::spec_hash(spec);
  const rdha::Stack stack = rdha::stack::build_ha_stack(spec);
  rdha::analysis::CheckOptions options;
  options.name_suffix = spec.name_suffix;
  if (!today.empty()) options.today = rdha::analysis::Date::parse(today);
  options.skip = skip;
  options.waivers = check_waivers(spec, waivers_file);
  if (fail_on == "warning") options.fail_on = rdha::analysis::Severity::warning;
  if (fail_on == "never") options.fail_on = std::nullopt;
  const auto report = rdha::analysis::run_checks(stack, options);
  for (const auto& id : report.skipped) std::cerr << "rdha: skipped: " << id << "\n";
  // The text report lists them itself; JSON and SARIF go to files a person may never read.
  if (format != "text")
    for (const auto& waiver : report.unmatched_waivers)
      std::cerr << "rdha: warning: " << rdha::analysis::unmatched_warning(waiver) << "\n";
  if (format == "text") std::cout << rdha::analysis::format_text(report);
  if (format == "json") print_json(rdha::analysis::to_json(report), hash);
  if (format == "sarif") {
    auto log = rdha::analysis::to_sarif(report, rdha::analysis::RuleRegistry::builtin(),
                                        rdha::source_locations(rdha::block_lines(stack), tf_dir, config_path));
    // SARIF's top level is fixed (§3.13); a run's property bag (§3.8) takes the spec hash.
    log["runs"][0]["properties"]["spec_hash"] = hash;
    std::cout << log.dump(2) << "\n";
  }
  return report.failed() ? kFindings : kOk;
}

// The CI definition of the stack's repository, written into the repository root.
int pipeline(const std::string& config_path, const std::string& out_dir, const std::string& ci,
             const std::string& tf_dir) {
  rdha::PipelineOptions options;
  options.config_path = config_path;
  options.tf_dir = tf_dir;
  if (ci == "github") options.ci = rdha::stack::CiService::github;
  if (ci == "gitlab") options.ci = rdha::stack::CiService::gitlab;
  const auto spec = load_spec(config_path);
  if (options.ci && *options.ci != spec.pipeline.ci)
    std::cerr << "rdha: note: --ci " << ci << " differs from pipeline.ci \"" << rdha::stack::to_string(spec.pipeline.ci)
              << "\" of " << config_path << "; the role trusts pipeline.ci's jobs only, so set pipeline.ci to \"" << ci
              << "\" and apply before the pipeline runs\n";
  for (const auto& name : rdha::write_pipeline(spec, options, out_dir))
    std::cout << "rdha: wrote " << name << " to " << out_dir << "\n";
  return kOk;
}

// What survives the loss of an AZ or a region, and how to recover.
int drill(const std::string& config_path, const std::string& failure, const std::string& format) {
  const auto domain = rdha::analysis::FailureDomain::parse(failure);
  const auto spec = load_spec(config_path);
  if (rdha::stack::database_deferred_by_migration(spec))
    throw rdha::SpecError::invalid(
        {{"migration.phase", "is \"copy\": the stack has no database yet in phase copy (the primary is restored "
                             "from the snapshot copy in phase restore), so there is nothing to drill. Drill the spec "
                             "with migration.phase \"restore\" or \"done\"."}});
  const rdha::Stack stack = rdha::stack::build_ha_stack(spec);
  const auto report = rdha::analysis::simulate(stack, domain);
  if (format == "text") std::cout << rdha::analysis::format_text(report);
  if (format == "json") print_json(rdha::analysis::to_json(report), rdha::stack::spec_hash(spec));
  return kOk;
}

// The cutover runbook of the spec's migration section (docs/migration.md). The stack is built
// too, so a spec the stack refuses prints no runbook.
int migrate(const std::string& config_path, const std::string& format) {
  const auto spec = load_spec(config_path);
  const auto runbook = rdha::stack::migration_runbook(spec, config_path);
  (void)rdha::stack::build_ha_stack(spec);
  if (format == "text") std::cout << rdha::dr::format_text(runbook);
  if (format == "json") print_json(rdha::dr::to_json(runbook), rdha::stack::spec_hash(spec));
  return kOk;
}

// The plan gate: findings of a saved plan; exit 1 when any error finding is not waived.
// A plan is no spec: its JSON carries spec_hash null.
int plan_check(const std::string& plan_path, const std::string& format, const std::vector<std::string>& allows,
               const std::vector<std::string>& allow_files, const std::vector<std::string>& waiver_files) {
  rdha::analysis::PlanCheckOptions options;
  for (const auto& allow : allows) options.waivers.push_back(rdha::analysis::parse_waiver(allow));
  for (const auto& file : allow_files)
    for (auto& waiver : rdha::analysis::read_waiver_file(file)) options.waivers.push_back(std::move(waiver));
  for (const auto& file : waiver_files)
    for (auto& waiver : rdha::analysis::read_waivers_file(file)) options.waivers.push_back(std::move(waiver));
  const auto report = rdha::analysis::check_plan_file(plan_path, options);
  if (format == "text") std::cout << rdha::analysis::format_text(report);
  if (format == "json") print_json(rdha::analysis::to_json(report), std::nullopt);
  if (format == "sarif") std::cout << rdha::analysis::to_sarif(report).dump(2) << "\n";
  return report.blocked() ? kFindings : kOk;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* subcommand : app.get_subcommands({})) names.push_back(subcommand->get_name());
  return names;
}

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names = {"--help"};
  for (const auto* option : command.get_options())
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

// "-1" is a (negative) value, as for `--depth -1`, which the option's own check then refuses:
// no option of rdha starts with a digit.
bool is_option(const std::string& argument) {
  return argument.size() > 1 && argument.front() == '-' && std::isdigit(static_cast<unsigned char>(argument[1])) == 0;
}

// Throws CliError for an unknown subcommand or option, naming the nearest known one (the
// parser's own messages neither suggest nor tell a subcommand typo from a missing one);
// returns the command ("rdha synth") the other argument errors are reported for.
std::string checked_command(const CLI::App& app, const std::vector<std::string>& arguments) {
  const auto first = std::find_if(arguments.begin(), arguments.end(), [](const auto& a) { return !is_option(a); });
  bool asks_for_help_or_version = false;
  for (auto it = arguments.begin(); it != first; ++it) {
    const bool known = *it == "--help" || *it == "-h" || *it == "--version";
    if (!known) throw rdha::CliError::unknown_option("rdha", *it, rdha::closest_match(*it, {"--help", "--version"}));
    asks_for_help_or_version = true;
  }
  if (first == arguments.end()) {
    if (asks_for_help_or_version) return "rdha";
    throw rdha::CliError::missing_subcommand(subcommand_names(app));
  }
  const auto subcommands = app.get_subcommands({});
  const auto found = std::find_if(subcommands.begin(), subcommands.end(), [&](auto* s) { return s->check_name(*first); });
  if (found == subcommands.end())
    throw rdha::CliError::unknown_subcommand(*first, rdha::closest_match(*first, subcommand_names(app)),
                                             subcommand_names(app));
  const CLI::App* command = *found;
  const std::string name = "rdha " + command->get_name();
  for (auto it = std::next(first); it != arguments.end() && *it != "--"; ++it) {
    if (!is_option(*it)) continue;
    const std::string option = it->substr(0, it->find('='));
    if (option == "-h" || option == "--help" || command->get_option_no_throw(option) != nullptr) continue;
    throw rdha::CliError::unknown_option(name, option, rdha::closest_match(option, option_names(*command)));
  }
  return name;
}

int standard_output_failed(int error) {
  std::cout.exceptions(std::ios::goodbit);  // the runtime's final flush must not throw again
  std::cerr << "rdha: " << rdha::CliError::standard_output(std::strerror(error != 0 ? error : EIO)).what() << "\n";
  return kBadInput;
}

// The footer of a subcommand's --help: an example, and what its exit codes mean
// (@p findings: when it exits 1; empty when it never does).
std::string help_footer(const std::string& example, const std::string& findings = "") {
  std::string footer = "\nExample:\n  " + example + "\n\nExit codes:\n  0  success\n";
  if (!findings.empty()) footer += "  1  " + findings + "\n";
  return footer + "  2  bad input (spec, arguments, files) or any other error; the message is on stderr\n";
}

int run(int argc, char** argv) {
  CLI::App app{"rdha: typed AWS resource graph → Terraform JSON for a multi-region HA PostgreSQL stack"};
  app.set_version_flag("--version", std::string(rdha::version()));
  app.require_subcommand(1);

  std::string config_path;
  std::string out_dir = "terraform_out";
  std::string format;

  auto* synth_cmd = app.add_subcommand("synth", "Write the stack's Terraform files (*.tf.json, or *.tf with --format hcl)");
  synth_cmd->add_option("--config", config_path, "Spec file (JSON); defaults when omitted")->check(CLI::ExistingFile);
  synth_cmd->add_option("--out", out_dir, "Output directory")->capture_default_str();
  std::string synth_format = "json";
  synth_cmd
      ->add_option("--format", synth_format,
                   "json (*.tf.json) or hcl (*.tf, as terraform fmt writes them); the other format's files rdha "
                   "wrote in --out are removed")
      ->check(CLI::IsMember({"json", "hcl"}))
      ->capture_default_str();
  std::string synth_layout = "flat";
  synth_cmd
      ->add_option("--layout", synth_layout,
                   "flat (every block in one root module) or modules (a root calling one module per region and "
                   "concern under modules/, docs/modules.md); the other layout's files rdha wrote in --out are removed")
      ->check(CLI::IsMember({"flat", "modules"}))
      ->capture_default_str();
  bool synth_check_only = false;
  synth_cmd->add_flag("--check", synth_check_only,
                      "Write nothing; exit 1 listing each rdha-owned file of --out that synth would change");
  bool synth_no_sync = false;
  synth_cmd->add_flag("--no-sync", synth_no_sync,
                      "Do not wait for the files to reach the disk (scratch output: a killed synth is still "
                      "repaired by the next one, a power failure may lose files)");
  synth_cmd->footer(help_footer("rdha synth --config stack.json --out terraform_out",
                                "with --check: a file of --out is not what synth writes"));

  // Its own option variables: --out has no default here, so a bootstrap never lands in
  // terraform_out/ by accident.
  std::string bootstrap_config;
  std::string bootstrap_out;
  auto* bootstrap_cmd =
      app.add_subcommand("bootstrap", "Write the state bootstrap stack: the S3 backend's bucket, replica and policy");
  bootstrap_cmd->add_option("--config", bootstrap_config, "Spec file (JSON) with a state section")
      ->check(CLI::ExistingFile)
      ->required();
  bootstrap_cmd->add_option("--out", bootstrap_out, "Output directory")->required();
  bootstrap_cmd->footer(help_footer("rdha bootstrap --config stack.json --out state_bootstrap"));

  std::string defaults_config;
  auto* defaults_cmd = app.add_subcommand(
      "defaults", "Print the effective spec as JSON: the defaults, merged with --config (a valid --config file)");
  defaults_cmd->add_option("--config", defaults_config, "Spec file (JSON) to merge over the defaults")
      ->check(CLI::ExistingFile);
  defaults_cmd->footer(help_footer("rdha defaults --config stack.json > effective.json"));

  std::string validate_config;
  auto* validate_cmd = app.add_subcommand(
      "validate", "Check the spec, the graph and the provider schema facts as synth does; write nothing");
  validate_cmd->add_option("--config", validate_config, "Spec file (JSON); the defaults when omitted")
      ->check(CLI::ExistingFile);
  validate_cmd->footer(help_footer("rdha validate --config stack.json"));
  std::string schema_format = "json";
  auto* schema_cmd = app.add_subcommand("schema", "Print the rules of the spec file: JSON Schema or the reference");
  schema_cmd->add_option("--format", schema_format, "json (JSON Schema, draft 2020-12) or markdown (docs/spec.md)")
      ->check(CLI::IsMember({"json", "markdown"}))
      ->capture_default_str();
  schema_cmd->footer(help_footer("rdha schema --format json > rdha-spec.schema.json"));

  auto* graph_cmd = app.add_subcommand("graph", "Print the dependency graph");
  graph_cmd->add_option("--config", config_path, "Spec file (JSON)")->check(CLI::ExistingFile);
  format = "dot";
  graph_cmd->add_option("--format", format, "dot, mermaid or json")
      ->check(CLI::IsMember({"dot", "mermaid", "json"}))
      ->capture_default_str();
  rdha::GraphOptions graph_options;
  graph_cmd->add_option("--region", graph_options.region,
                        "Only the blocks in this region (and the region-less blocks joined to them)");
  graph_cmd->add_option("--focus", graph_options.focus, "Only the blocks near this address (see --depth)");
  int graph_depth = 1;
  auto* graph_depth_option =
      graph_cmd->add_option("--depth", graph_depth, "With --focus: edges from it, either direction")->capture_default_str();
  bool no_edge_labels = false;
  graph_cmd->add_flag("--no-edge-labels", no_edge_labels, "Leave out the arguments edges are labelled with");
  graph_cmd->add_flag("--legend", graph_options.legend,
                      "Explain shapes, colours and edges (dot: a legend cluster, mermaid: comments, json: \"legend\")");
  graph_cmd->footer(help_footer("rdha graph --config stack.json --format dot | dot -Tsvg > graph.svg"));

  std::string check_format = "text";
  std::string today;
  auto* check_cmd = app.add_subcommand("check", "Check the stack against the HA/DR and security policy rules");
  check_cmd->add_option("--config", config_path, "Spec file (JSON)")->check(CLI::ExistingFile);
  check_cmd->add_option("--format", check_format, "text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  check_cmd
      ->add_option("--today", today, "Date (YYYY-MM-DD) the engine-support rules compare with; default: today (UTC)")
      ->check([](const std::string& value) {
        return rdha::analysis::Date::parse(value) ? std::string() : "expected a date YYYY-MM-DD, got " + value;
      });
  std::string fail_on = "error";
  check_cmd->add_option("--fail-on", fail_on, "Exit 1 on findings of this severity or worse: error, warning or never")
      ->check(CLI::IsMember({"error", "warning", "never"}))
      ->capture_default_str();
  std::string check_tf_dir = "terraform_out";
  check_cmd
      ->add_option("--tf-dir", check_tf_dir,
                   "Where the stack's *.tf.json files are committed, relative to the repository root: SARIF "
                   "results point at their blocks' lines")
      ->capture_default_str();
  std::vector<std::string> skip;
  check_cmd->add_option("--skip", skip, "RULE[,RULE]: rule IDs not to run (repeatable); echoed on stderr and in the report")
      ->delimiter(',')
      ->allow_extra_args(false);
  std::string check_waivers_file;
  check_cmd
      ->add_option("--waivers", check_waivers_file,
                   "JSON list of waivers {rule, address, reason}, as the spec's check.waivers (docs/check.md)")
      ->check(CLI::ExistingFile);
  check_cmd->footer(help_footer("rdha check --config stack.json --waivers waivers.json --format sarif > rdha.sarif",
                                "a finding no waiver accepts is at least as severe as --fail-on"));

  std::string failure;
  std::string drill_format = "text";
  auto* drill_cmd = app.add_subcommand("drill", "Simulate the loss of an availability zone or a region");
  drill_cmd->add_option("--config", config_path, "Spec file (JSON)")->check(CLI::ExistingFile);
  drill_cmd->add_option("--fail", failure, "az:NAME or region:NAME")->required();
  drill_cmd->add_option("--format", drill_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  drill_cmd->footer(help_footer("rdha drill --config stack.json --fail region:us-east-1"));

  std::string migrate_config;
  std::string migrate_format = "text";
  auto* migrate_cmd =
      app.add_subcommand("migrate", "Print the cutover runbook that moves the existing database into the stack");
  migrate_cmd->add_option("--config", migrate_config, "Spec file (JSON or YAML) with an enabled migration section")
      ->required()
      ->check(CLI::ExistingFile);
  migrate_cmd->add_option("--format", migrate_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  migrate_cmd->footer(help_footer("rdha migrate --config stack.json --format json"));

  std::string pipeline_config;
  std::string pipeline_out;
  std::string pipeline_ci;
  std::string pipeline_tf_dir = "terraform_out";
  auto* pipeline_cmd = app.add_subcommand(
      "pipeline", "Write the CI definition of the stack's repository (run from the repository root)");
  pipeline_cmd->add_option("--config", pipeline_config, "Spec file (JSON) with pipeline and state enabled; its path as given is the one the jobs use")
      ->check(CLI::ExistingFile)
      ->required();
  pipeline_cmd->add_option("--out", pipeline_out, "Repository root to write .github/workflows/rdha.yml or .gitlab-ci.yml into")
      ->required();
  pipeline_cmd->add_option("--ci", pipeline_ci, "github or gitlab; overrides pipeline.ci")
      ->check(CLI::IsMember({"github", "gitlab"}));
  pipeline_cmd->add_option("--tf-dir", pipeline_tf_dir, "The synthesised output the jobs plan, relative to the root")
      ->capture_default_str();
  pipeline_cmd->footer(help_footer("rdha pipeline --config stack.json --out ."));

  std::string plan_path;
  std::string plan_format = "text";
  std::vector<std::string> allows;
  std::vector<std::string> allow_files;
  auto* plan_cmd = app.add_subcommand(
      "plan-check", "Gate a saved Terraform plan: stateful replacements, downtime, endpoint changes, weaker HA/DR");
  plan_cmd->add_option("PLAN_JSON", plan_path, "Output of `terraform show -json PLANFILE`")->required();
  plan_cmd->add_option("--format", plan_format, "text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  plan_cmd->add_option("--allow", allows, "ADDRESS[#RULE]:REASON: accept the findings at ADDRESS (of RULE only, when given; repeatable)")
      ->allow_extra_args(false);
  plan_cmd->add_option("--allow-file", allow_files, "File of waivers, one ADDRESS REASON per line, # comments")
      ->allow_extra_args(false);
  std::vector<std::string> plan_waiver_files;
  plan_cmd
      ->add_option("--waivers", plan_waiver_files,
                   "JSON list of waivers {rule, address, reason}, as rdha check's (repeatable; docs/check.md)")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  plan_cmd->footer(help_footer("terraform show -json tfplan > tfplan.json && rdha plan-check tfplan.json",
                               "an error finding no waiver accepts"));

  try {
    const std::string command = checked_command(app, {argv + 1, argv + argc});
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
      throw rdha::CliError::bad_arguments(command, e.what());
    }
    if (synth_cmd->parsed())
      return synth(config_path, out_dir, synth_check_only,
                   {*rdha::tf_format_named(synth_format), *rdha::tf_layout_named(synth_layout)},
                   synth_no_sync ? rdha::Durability::no_sync : rdha::Durability::durable);
    if (pipeline_cmd->parsed()) return pipeline(pipeline_config, pipeline_out, pipeline_ci, pipeline_tf_dir);
    if (bootstrap_cmd->parsed()) return bootstrap(bootstrap_config, bootstrap_out);
    if (defaults_cmd->parsed()) return defaults(defaults_config);
    if (validate_cmd->parsed()) return validate(validate_config);
    if (schema_cmd->parsed()) {
      if (schema_format == "json") std::cout << rdha::stack::spec_json_schema().dump(2) << "\n";
      if (schema_format == "markdown") std::cout << rdha::stack::spec_reference_markdown();
      return kOk;
    }
    if (graph_cmd->parsed()) {
      if (graph_depth_option->count() > 0) graph_options.depth = graph_depth;
      graph_options.edge_labels = !no_edge_labels;
      return graph(config_path, format, graph_options);
    }
    if (check_cmd->parsed()) return check(config_path, check_format, today, fail_on, skip, check_tf_dir, check_waivers_file);
    if (drill_cmd->parsed()) return drill(config_path, failure, drill_format);
    if (migrate_cmd->parsed()) return migrate(migrate_config, migrate_format);
    if (plan_cmd->parsed()) return plan_check(plan_path, plan_format, allows, allow_files, plan_waiver_files);
  } catch (const rdha::Error& e) {
    std::cerr << "rdha: " << e.what() << "\n";
    return kBadInput;
  }
  return kBadInput;
}

// Results that did not reach standard output (a full disk, `> /dev/full`) are an error, not
// a silent success. A failed write throws (main sets std::cout's exception mask) while
// errno still says why; what is still buffered is flushed and the descriptor closed here,
// on the one exit path, so that no command's output can be lost unnoticed.
int with_standard_output_closed(int code) {
  std::cout.flush();
  if (std::fflush(stdout) != 0) return standard_output_failed(errno);
  // Closing reports what a file system defers to close (NFS); the stream stays open for the
  // runtime's own final flush, which then has nothing left to write.
  if (::close(STDOUT_FILENO) != 0 && errno != EBADF) return standard_output_failed(errno);
  return code;
}

}  // namespace

// Nothing escapes to std::terminate: whatever the library or a dependency throws becomes
// a message and exit code 2.
int main(int argc, char** argv) {
  std::cout.exceptions(std::ios::badbit);
  try {
    return with_standard_output_closed(run(argc, argv));
  } catch (const std::ios_base::failure&) {
    return standard_output_failed(errno);  // first: nothing may touch errno before
  } catch (const std::bad_alloc&) {
    std::cerr << "rdha: " << rdha::InternalError::out_of_memory().what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "rdha: " << rdha::InternalError::unexpected(e.what()).what() << "\n";
  } catch (...) {
    std::cerr << "rdha: " << rdha::InternalError::unexpected("an exception of unknown type").what() << "\n";
  }
  return kBadInput;
}
