// The message factories of rdha/error.hpp: every user-visible failure text lives here.
#include "rdha/error.hpp"

#include <algorithm>
#include <tuple>
#include <fmt/format.h>

namespace rdha {
namespace {

std::string prefix(std::string_view kind, std::string_view code, const std::string& subject,
                   const std::string& message) {
  if (subject.empty()) return fmt::format("[rdha.{}.{}] {}", kind, code, message);
  return fmt::format("[rdha.{}.{}] ({}) {}", kind, code, subject, message);
}

std::vector<Problem> sorted(std::vector<Problem> problems) {
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return a.subject != b.subject ? a.subject < b.subject : a.message < b.message;
  });
  problems.erase(std::unique(problems.begin(), problems.end(),
                             [](const Problem& a, const Problem& b) {
                               return a.subject == b.subject && a.message == b.message;
                             }),
                 problems.end());
  return problems;
}

std::string list_problems(const std::vector<Problem>& problems) {
  std::string out = fmt::format("{} problem{} found:", problems.size(), problems.size() == 1 ? "" : "s");
  for (const auto& p : problems) out += fmt::format("\n  {}: {}", p.subject, p.message);
  return out;
}

std::string did_you_mean(const std::string& suggestion) {
  return suggestion.empty() ? std::string{} : fmt::format(" Did you mean \"{}\"?", suggestion);
}

}  // namespace

Error::Error(std::string_view kind, std::string_view code, std::string subject, std::string message)
    : std::runtime_error(prefix(kind, code, subject, message)),
      kind_(kind),
      code_(code),
      subject_(std::move(subject)),
      message_(std::move(message)) {}

// ---- SpecError ------------------------------------------------------------------------

SpecError::SpecError(std::string code, std::vector<Problem> problems)
    : Error("spec", code, problems.size() == 1 ? problems.front().subject : std::string{},
            problems.size() == 1 ? problems.front().message : list_problems(sorted(problems))),
      problems_(sorted(std::move(problems))) {}

SpecError SpecError::malformed_json(const std::string& source, std::size_t line, std::size_t column,
                                    const std::string& detail) {
  return SpecError("malformed_json",
                   {{source, fmt::format("is not valid JSON at line {}, column {}: {}. Fix the syntax "
                                         "(compare with the output of `rdha defaults`).",
                                         line, column, detail)}});
}

SpecError SpecError::unreadable(const std::string& path, const std::string& detail) {
  return SpecError("unreadable", {{path, fmt::format("cannot be read: {}.", detail)}});
}

SpecError SpecError::too_large(const std::string& path, std::size_t limit) {
  return SpecError("too_large", {{path, fmt::format("is larger than {} KiB, which no spec file is. Check the path "
                                                    "(a spec file looks like the output of `rdha defaults`).",
                                                    limit / 1024)}});
}

SpecError SpecError::invalid(std::vector<Problem> problems) {
  return SpecError("invalid", std::move(problems));
}

SpecError SpecError::unknown_rule(const std::string& field, const std::string& id,
                                  const std::vector<std::string>& nearest, std::string_view rule_list) {
  return SpecError("unknown_rule", {{field, fmt::format("\"{}\" is not a rule ID. The nearest: {}. {} lists every rule.",
                                                        id, fmt::join(nearest, ", "), rule_list)}});
}

SpecError SpecError::unknown_failure_domain(const std::string& domain, const std::vector<std::string>& regions,
                                            const std::vector<std::string>& azs) {
  return SpecError("unknown_failure_domain",
                   {{"fail", fmt::format("\"{}\" is not in the stack, so a drill of it shows nothing. The stack's "
                                         "regions: {}; its availability zones: {}.",
                                         domain, fmt::join(regions, ", "), fmt::join(azs, ", "))}});
}

// ---- GraphError -----------------------------------------------------------------------

GraphError::GraphError(std::string code, std::string subject, std::string message)
    : Error("graph", code, std::move(subject), std::move(message)) {}

GraphError GraphError::duplicate_address(const std::string& address) {
  return {"duplicate_address", address,
          "is declared twice. Give each block a unique local name within its type."};
}

GraphError GraphError::unknown_reference(const std::string& from, const std::string& argument,
                                         const std::string& target) {
  return {"unknown_reference", from,
          fmt::format("argument \"{}\" references \"{}\", which is not declared in this stack. "
                      "Add it to the stack or fix the reference.",
                      argument, target)};
}

GraphError GraphError::unknown_attribute(const std::string& from, const std::string& argument,
                                         const std::string& target, const std::string& attribute,
                                         const std::string& suggestion) {
  return {"unknown_attribute", from,
          fmt::format("argument \"{}\" references attribute \"{}\" of \"{}\", which its type does "
                      "not have.{}",
                      argument, attribute, target, did_you_mean(suggestion))};
}

GraphError GraphError::unknown_provider(const std::string& address, const std::string& provider) {
  return {"unknown_provider", address,
          fmt::format("uses provider configuration \"{}\", which is not declared in this stack. "
                      "Declare it with Stack::add_provider first.",
                      provider)};
}

GraphError GraphError::ephemeral_in_persistent_argument(const std::string& address,
                                                        const std::string& argument,
                                                        const std::string& target) {
  return {"ephemeral_reference", address,
          fmt::format("argument \"{}\" references ephemeral \"{}\"; Terraform accepts ephemeral "
                      "values only in write-only arguments, provider blocks, locals and other "
                      "ephemeral blocks. Use the write-only variant of the argument (*_wo).",
                      argument, target)};
}

GraphError GraphError::invalid_name(const std::string& what, const std::string& name) {
  return {"invalid_name", name,
          fmt::format("is not a valid {} name: use letters, digits, underscores and hyphens, "
                      "starting with a letter or underscore.",
                      what)};
}

GraphError GraphError::backend_expression(const std::string& type, const std::string& argument,
                                          const std::string& value) {
  return {"backend_expression", "terraform.backend." + type,
          fmt::format("argument \"{}\" holds the template \"{}\"; a backend block takes literals only, as "
                      "Terraform reads it before evaluating anything. Give the value itself.",
                      argument, value)};
}

GraphError GraphError::foreign_reference(const std::string& address) {
  return {"foreign_reference", address,
          "is a handle from a different Stack. References may only be used within the stack "
          "that created them."};
}

GraphError GraphError::not_a_db_instance(const std::string& address) {
  return {"not_a_db_instance", address,
          "is not an aws_db_instance: a region failover promotes a cross-region DB instance replica. "
          "Pass the replica's node."};
}

GraphError GraphError::removed_but_declared(const std::string& address) {
  return {"removed_but_declared", address,
          "has a removed block but is still declared. Remove the resource from the stack, or drop the removed "
          "block."};
}

GraphError GraphError::import_target_missing(const std::string& address) {
  return {"import_target_missing", address,
          "is the target of an import block but no managed resource of the stack has this address. Declare the "
          "resource, or drop the import block."};
}

// ---- CycleError -----------------------------------------------------------------------

namespace {
std::string describe_cycles(const std::vector<std::vector<std::string>>& cycles,
                            const std::vector<std::string>& self_references) {
  std::string out = "the dependency graph is not acyclic:";
  for (const auto& cycle : cycles) out += "\n  Cycle: " + fmt::format("{}", fmt::join(cycle, " -> "));
  for (const auto& self : self_references) out += "\n  Self reference: " + self;
  out += "\nRemove one reference or depends_on entry from each cycle.";
  return out;
}
}  // namespace

CycleError::CycleError(std::vector<std::vector<std::string>> cycles,
                       std::vector<std::string> self_references)
    : GraphError("cycle", "", describe_cycles(cycles, self_references)),
      cycles_(std::move(cycles)),
      self_references_(std::move(self_references)) {}

// ---- SchemaError ----------------------------------------------------------------------

SchemaError::SchemaError(std::string code, std::string subject, std::string message)
    : Error("schema", code, std::move(subject), std::move(message)) {}

SchemaError SchemaError::unknown_type(const std::string& address, const std::string& type,
                                      const std::string& suggestion) {
  return {"unknown_type", address,
          fmt::format("has type \"{}\", which the provider schema does not define.{}", type,
                      did_you_mean(suggestion))};
}

SchemaError SchemaError::unknown_argument(const std::string& address, const std::string& argument,
                                          const std::string& suggestion) {
  return {"unknown_argument", address,
          fmt::format("has no argument \"{}\".{}", argument, did_you_mean(suggestion))};
}

SchemaError SchemaError::wrong_type(const std::string& address, const std::string& argument,
                                    const std::string& expected, const std::string& value) {
  return {"wrong_type", address,
          fmt::format("argument \"{}\" must be {}, got {}.", argument, expected, value)};
}

SchemaError SchemaError::missing_required(const std::string& address, const std::string& argument) {
  return {"missing_required", address,
          fmt::format("is missing the required argument \"{}\". Set it before emitting.", argument)};
}

SchemaError SchemaError::computed_only(const std::string& address, const std::string& argument) {
  return {"computed_only", address,
          fmt::format("argument \"{}\" is computed by the provider and cannot be set.", argument)};
}

SchemaError SchemaError::block_count(const std::string& address, const std::string& block,
                                     std::size_t count, std::size_t min, std::size_t max) {
  const std::string bound = max == 0 ? fmt::format("at least {}", min)
                                     : fmt::format("between {} and {}", min, max);
  return {"block_count", address,
          fmt::format("has {} \"{}\" block(s); the schema allows {}.", count, block, bound)};
}

SchemaError SchemaError::secret_literal(const std::string& address, const std::string& argument) {
  return {"secret_literal", address,
          fmt::format("sensitive argument \"{}\" holds a literal value. Secrets must come from a "
                      "reference (random_password, an ephemeral resource, a variable), never be "
                      "written into the configuration.",
                      argument)};
}

SchemaError SchemaError::sensitive_output(const std::string& output, const std::string& attribute) {
  return {"sensitive_output", output,
          fmt::format("shows the sensitive attribute \"{}\" but is not marked sensitive. Set "
                      "sensitive = true on the output.",
                      attribute)};
}

// ---- EmitError ------------------------------------------------------------------------

EmitError::EmitError(std::string code, std::string subject, std::string message)
    : Error("emit", code, std::move(subject), std::move(message)) {}

EmitError EmitError::io(const std::string& path, const std::string& detail, bool had_previous_output) {
  return {"io", path,
          fmt::format("could not be written: {}. {}", detail,
                      had_previous_output ? "The previous output is unchanged." : "No output was written.")};
}

EmitError EmitError::unreadable(const std::string& path, const std::string& detail) {
  return {"unreadable", path, fmt::format("could not be read: {}.", detail)};
}

EmitError EmitError::interrupted(const std::string& path, const std::string& detail, std::string_view sentinel) {
  return {"interrupted", path,
          fmt::format("could not be written: {}. The write stopped half-way: Terraform refuses to load the output "
                      "directory (it holds {}) until rdha writes it again, which completes it.",
                      detail, sentinel)};
}

EmitError EmitError::not_a_directory(const std::string& path) {
  return {"not_a_directory", path, "exists and is not a directory. Choose another output path."};
}

EmitError EmitError::empty_path() {
  return {"empty_path", "", "the output directory path is empty. Give a directory, e.g. terraform_out."};
}

EmitError EmitError::standard_output_path() {
  return {"standard_output_path", "-",
          "is not an output directory: rdha writes several files, which standard output cannot hold. Give a "
          "directory, e.g. terraform_out (or ./- for a directory named \"-\")."};
}

EmitError EmitError::refused_directory(const std::string& path, const std::string& reason) {
  return {"refused_directory", path,
          fmt::format("is {}; rdha does not write Terraform files there. Choose a directory of its own, e.g. "
                      "./terraform_out.",
                      reason)};
}

EmitError EmitError::dangling_symlink(const std::string& path, const std::string& target) {
  return {"dangling_symlink", path,
          fmt::format("is a symbolic link to \"{}\", which does not exist. Create that directory or choose another "
                      "output path.",
                      target)};
}

EmitError EmitError::unsafe_subdirectory(const std::string& path, const std::string& what) {
  return {"unsafe_subdirectory", path,
          fmt::format("is {}; rdha writes only into directories of the output directory's own file system and "
                      "never through a symbolic link. Nothing was written. Move it away.",
                      what)};
}

EmitError EmitError::target_is_directory(const std::string& path) {
  return {"target_is_directory", path, "is a directory where rdha writes a file. Nothing was written. Move it away."};
}

EmitError EmitError::not_owned(const std::vector<std::string>& paths, std::string_view manifest) {
  if (paths.size() == 1)
    return {"not_owned", paths.front(),
            fmt::format("exists, and rdha did not write it: {} does not list it and it differs from what rdha writes "
                        "there. Nothing was written. Move it away, or delete it if it is an old output of rdha, then "
                        "run rdha again.",
                        manifest)};
  return {"not_owned", paths.front(),
          fmt::format("exists, and rdha did not write it, nor {}: {} lists none of them and they differ from what rdha "
                      "writes there. Nothing was written. Move them away, or delete them if they are an old output of "
                      "rdha, then run rdha again.",
                      fmt::join(paths.begin() + 1, paths.end(), ", "), manifest)};
}

EmitError EmitError::invalid_file_name(const std::string& name, const std::vector<std::string_view>& reserved) {
  return {"invalid_file_name", name,
          fmt::format("is not a file name rdha can write: it must be a relative path inside the output directory, "
                      "without empty, \".\" or \"..\" parts, and not one of rdha's reserved names ({}).",
                      fmt::join(reserved, ", "))};
}

EmitError EmitError::bad_manifest(const std::string& path, const std::string& detail) {
  return {"bad_manifest", path,
          fmt::format("is not a manifest rdha wrote: {}. rdha lists there the files it owns; restore it, or delete "
                      "it: rdha then treats the files in the directory as not its own.",
                      detail)};
}

EmitError EmitError::module_name_clash(const std::string& name, const std::string& first, const std::string& second) {
  return {"module_name_clash", name,
          fmt::format("would name both {} and {} in the modules layout (docs/modules.md, Names). Rename one of the "
                      "resources or variables, or write the flat layout (--layout flat).",
                      first, second)};
}

EmitError EmitError::uncuttable_reference(const std::string& address, const std::string& reference,
                                          const std::string& what) {
  return {"uncuttable_reference", address,
          fmt::format("refers to {} in another module, which the modules layout cannot express: {}. Write the flat "
                      "layout (--layout flat), or keep both resources in one concern and region.",
                      reference, what)};
}

// ---- PlanError ------------------------------------------------------------------------

PlanError::PlanError(std::string code, std::string subject, std::string message)
    : Error("plan", code, std::move(subject), std::move(message)) {}

PlanError PlanError::unreadable(const std::string& path, const std::string& detail) {
  return {"unreadable", path, fmt::format("cannot be read: {}.", detail)};
}

PlanError PlanError::too_large(const std::string& path, std::size_t limit) {
  return {"too_large", path,
          fmt::format("is larger than {} MiB, which no plan JSON is. Check the path (write the plan with "
                      "`terraform show -json PLANFILE > plan.json`).",
                      limit / (1024 * 1024))};
}

PlanError PlanError::malformed_json(const std::string& path, const std::string& detail) {
  return {"malformed_json", path,
          fmt::format("is not JSON ({}). Give the output of `terraform show -json PLANFILE`, not the plan file "
                      "itself or the text of `terraform plan`.",
                      detail)};
}

PlanError PlanError::not_a_plan(const std::string& path, const std::string& what) {
  return {"not_a_plan", path,
          fmt::format("is not a Terraform plan: {}. Save the plan with `terraform plan -out PLANFILE` and give "
                      "the output of `terraform show -json PLANFILE`.",
                      what)};
}

PlanError PlanError::unsupported_format(const std::string& path, const std::string& version) {
  return {"unsupported_format", path,
          fmt::format("has format_version \"{}\"; rdha reads the plan JSON format 1.x (Terraform 1.0 and later). "
                      "Write it with a Terraform of that line.",
                      version)};
}

PlanError PlanError::bad_field(const std::string& path, const std::string& field, const std::string& expected) {
  return {"bad_field", path,
          fmt::format("{} must be {}. The file is not the unchanged output of `terraform show -json`.", field,
                      expected)};
}

PlanError PlanError::bad_waiver(const std::string& source, const std::string& text, const std::string& problem) {
  return {"bad_waiver", source,
          fmt::format("waiver \"{}\" {}. Write a waiver as ADDRESS:REASON (--allow) or ADDRESS REASON (one per "
                      "line of --allow-file), e.g. aws_db_instance.primary:approved in change review.",
                      text, problem)};
}

// ---- CliError -------------------------------------------------------------------------

CliError::CliError(std::string code, std::string subject, std::string message)
    : Error("cli", code, std::move(subject), std::move(message)) {}

CliError CliError::missing_subcommand(const std::vector<std::string>& subcommands) {
  return {"missing_subcommand", "rdha",
          fmt::format("needs a subcommand: {}. Run rdha --help for what each does.", fmt::join(subcommands, ", "))};
}

CliError CliError::unknown_subcommand(const std::string& word, const std::string& suggestion,
                                      const std::vector<std::string>& subcommands) {
  return {"unknown_subcommand", word,
          fmt::format("is not a subcommand of rdha.{} The subcommands: {}.", did_you_mean(suggestion),
                      fmt::join(subcommands, ", "))};
}

CliError CliError::unknown_option(const std::string& command, const std::string& option,
                                  const std::string& suggestion) {
  return {"unknown_option", option,
          fmt::format("is not an option of {}.{} Run {} --help for its options.", command, did_you_mean(suggestion),
                      command)};
}

CliError CliError::bad_arguments(const std::string& command, const std::string& detail) {
  return {"bad_arguments", command, fmt::format("{}. Run {} --help for its options.", detail, command)};
}

CliError CliError::standard_output(const std::string& detail) {
  return {"standard_output", "standard output",
          fmt::format("could not be written: {}. The output is incomplete.", detail)};
}

// ---- InternalError --------------------------------------------------------------------

InternalError::InternalError(std::string code, std::string message)
    : Error("internal", code, "", std::move(message)) {}

InternalError InternalError::unexpected(const std::string& detail) {
  return {"unexpected",
          fmt::format("unexpected error: {}. This is a bug in rdha; please report it with the input that caused it.",
                      detail)};
}

InternalError InternalError::out_of_memory() {
  return {"out_of_memory", "rdha ran out of memory. The input is far larger than any spec or stack should be."};
}

// ---- ValidationError ------------------------------------------------------------------

namespace {
std::vector<Problem> problems_of(const std::vector<Error>& failures) {
  std::vector<Problem> problems;
  for (const Error& failure : failures)
    problems.push_back({failure.subject(), fmt::format("[rdha.{}.{}] {}", failure.kind(), failure.code(),
                                                       failure.message())});
  return sorted(std::move(problems));
}

// One problem reads as the failure itself; several as the list of all of them.
Error summary_of(const std::vector<Error>& failures, const std::vector<Problem>& problems) {
  if (problems.size() == 1) return failures.front();
  return Error("validation", "failed", "", list_problems(problems));
}
}  // namespace

ValidationError::ValidationError(const std::vector<Error>& failures)
    : ValidationError(failures, problems_of(failures)) {}

ValidationError::ValidationError(const std::vector<Error>& failures, std::vector<Problem> problems)
    : Error(summary_of(failures, problems)), problems_(std::move(problems)) {}

// ---- closest_match --------------------------------------------------------------------

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

std::vector<std::string> nearest_matches(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t count) {
  // Equally near candidates: the one sharing the longer prefix first ("RDHA-DR-01" is
  // nearer to RDHA-DR-002 than to RDHA-DB-001), then by name.
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> ranked;
  for (const auto& candidate : candidates) {
    const auto [differs, _] = std::mismatch(word.begin(), word.end(), candidate.begin(), candidate.end());
    const auto shared = static_cast<std::size_t>(differs - word.begin());
    ranked.emplace_back(edit_distance(word, candidate), word.size() - shared, candidate);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> nearest;
  for (std::size_t i = 0; i < ranked.size() && i < count; ++i) nearest.push_back(std::get<2>(ranked[i]));
  return nearest;
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A typo is at most a third of the word (and at least two edits) away.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance || (d == best_distance && candidate < best)) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace rdha
