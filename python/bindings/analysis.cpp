// The analyses: `check` (the policy rules, their findings, text / JSON / SARIF reports)
// and `drill` (what an AZ or region loss costs, the automatic recovery, the manual runbook
// of rdha/dr/runbook.hpp, RTO / RPO), as module functions and as Stack methods. Results are plain values copied out
// of the C++ reports: they hold nothing of the stack. Notebook rendering lives in Python
// (rdha/_display.py).
#include <fmt/format.h>

#include <map>
#include <string>

#include "bindings.hpp"
#include "rdha/analysis/check.hpp"
#include "rdha/analysis/drill.hpp"
#include "rdha/analysis/plan_check.hpp"
#include "rdha/analysis/sarif.hpp"
#include "rdha/dr/runbook.hpp"
#include "rdha/emit/block_lines.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::analysis {
// The results under their Python names.
struct Findings {
  CheckReport report;
  std::map<std::string, BlockLine> blocks;  // where the checked stack's blocks are written
};
struct Drill {
  DrillReport report;
};
struct PlanCheck {
  PlanCheckReport report;
};
}  // namespace rdha::analysis

// rdha::analysis::Date <-> datetime.date (the stub reads datetime.date).
namespace pybind11::detail {
template <>
struct type_caster<rdha::analysis::Date> {
  PYBIND11_TYPE_CASTER(rdha::analysis::Date, const_name("datetime.date"));

  bool load(handle source, bool /*convert*/) {
    if (!isinstance(source, module_::import("datetime").attr("date"))) return false;
    value = rdha::analysis::Date{source.attr("year").cast<int>(), source.attr("month").cast<int>(),
                                 source.attr("day").cast<int>()};
    return true;
  }
  static handle cast(const rdha::analysis::Date& source, return_value_policy /*policy*/, handle /*parent*/) {
    return module_::import("datetime").attr("date")(source.year, source.month, source.day).release();
  }
};
}  // namespace pybind11::detail

namespace rdha::python {

using namespace rdha::analysis;
using namespace rdha::dr;

namespace {

std::string quoted(const std::string& text) { return py::repr(py::str(text)).cast<std::string>(); }

std::optional<std::pair<int, int>> pair_of(const std::optional<SecondsRange>& range) {
  if (!range) return std::nullopt;
  return std::make_pair(range->min, range->max);
}

// `today`: None (the system clock's UTC date), a datetime.date or "YYYY-MM-DD". A
// malformed string is a SpecError on the field "today", as `rdha check --today` rejects it.
CheckOptions options_of(const py::object& today, const std::string& name_suffix) {
  CheckOptions options;
  options.name_suffix = name_suffix;
  if (today.is_none()) return options;
  if (py::isinstance(today, py::module_::import("datetime").attr("date"))) {
    options.today = today.cast<Date>();
    return options;
  }
  if (!py::isinstance<py::str>(today))
    throw py::type_error(fmt::format("today: expected None, a datetime.date or a str YYYY-MM-DD, got {}",
                                     type_name_of(today)));
  const auto text = today.cast<std::string>();
  options.today = Date::parse(text);
  if (!options.today)
    throw SpecError::invalid({{"today", "\"" + text + "\" is not a date: use YYYY-MM-DD (e.g. 2026-11-26)."}});
  return options;
}

// `fail`: a FailureDomain or its text "az:NAME" / "region:NAME" (parse errors are the
// C++ SpecError on the field "fail").
FailureDomain domain_of(const py::object& fail) {
  if (py::isinstance<FailureDomain>(fail)) return fail.cast<FailureDomain>();
  if (py::isinstance<py::str>(fail)) return FailureDomain::parse(fail.cast<std::string>());
  throw py::type_error(fmt::format(
      "fail: expected \"az:NAME\", \"region:NAME\" or a FailureDomain, got {}", type_name_of(fail)));
}

std::string fspath(const py::object& path) { return py::str(py::module_::import("os").attr("fspath")(path)); }

// `waivers`: the spec's check.waivers (WaiverSpec items) or dicts of the same keys, in
// source; then those of `waivers_file` (the JSON list of `rdha check --waivers`), external.
std::vector<Waiver> waivers_of(const py::object& waivers, const py::object& waivers_file) {
  nlohmann::json list = nlohmann::json::array();
  if (!waivers.is_none())
    for (const auto& item : waivers)
      list.push_back(py::isinstance<stack::WaiverSpec>(item) ? stack::fields::encode(item.cast<stack::WaiverSpec>())
                                                             : to_json_value(item, "waivers"));
  auto out = waivers_from_json(list, "waivers", WaiverOrigin::in_source);
  if (!waivers_file.is_none())
    for (auto& waiver : read_waivers_file(fspath(waivers_file))) out.push_back(std::move(waiver));
  return out;
}

// `fail_on`: "error", "warning" or "never", as `rdha check --fail-on`.
Findings check(const Stack& stack, const py::object& today, const std::string& name_suffix,
               const std::vector<std::string>& skip, const std::string& fail_on, const py::object& waivers,
               const py::object& waivers_file) {
  CheckOptions options = options_of(today, name_suffix);
  options.skip = skip;
  options.waivers = waivers_of(waivers, waivers_file);
  if (fail_on == "warning") options.fail_on = Severity::warning;
  else if (fail_on == "never") options.fail_on = std::nullopt;
  else if (fail_on != "error")
    throw SpecError::invalid({{"fail_on", "\"" + fail_on + "\" is not one of \"error\", \"warning\", \"never\"."}});
  CheckReport report = run_checks(stack, options);
  return Findings{std::move(report), block_lines(stack)};
}

Drill drill(const Stack& stack, const py::object& fail) {
  return Drill{simulate(stack, domain_of(fail))};
}

// A rule of `rdha check` or of `rdha plan-check`, or nullptr.
const RuleInfo* find_rule(const std::string& id) {
  if (const Rule* rule = RuleRegistry::builtin().find(id)) return &rule->info;
  for (const auto& rule : plan_rules())
    if (rule.id == id) return &rule;
  return nullptr;
}

const RuleInfo& rule_info(const std::string& id) {
  const RuleInfo* rule = find_rule(id);
  if (rule == nullptr) throw py::key_error(fmt::format("no rule has the ID {}", quoted(id)));
  return *rule;
}

// __iter__ over a copy of the items, typed Iterator[item] in the stub.
template <class Class, class Items>
void def_iter(Class& cls, const char* item, Items items) {
  using T = typename Class::type;
  py::options options;
  options.disable_function_signatures();
  cls.def(
      "__iter__", [items](const T& self) { return py::iter(py::cast(items(self))); },
      (std::string("__iter__(self) -> Iterator[") + item + "]").c_str());
}

py::object display(const char* function, const py::object& self) {
  return py::module_::import("rdha._display").attr(function)(self);
}

constexpr const char* kCheckDoc =
    "Runs every built-in policy rule over the stack's graph; returns the Findings sorted by severity, rule ID and "
    "address. today (datetime.date or \"YYYY-MM-DD\"; default: today in UTC) is the date the engine-support rules "
    "compare with; a malformed date raises SpecError. name_suffix (the spec's name_suffix, \"-rdha\" by default) is "
    "the suffix every resource's name or Name tag must end in. skip: rule IDs not to run (an unknown one raises "
    "SpecError naming the nearest); fail_on: \"error\" (default), \"warning\" or \"never\", the least severity "
    "that makes Findings.failed true, as `rdha check --fail-on`. waivers: the spec's check.waivers (or dicts "
    "{rule, address, reason}); waivers_file: a JSON list of them (`rdha check --waivers`). A waived finding stays, "
    "with Finding.waived the reason, and never fails; Findings.unmatched_waivers lists the waivers that matched "
    "nothing; an unknown rule raises SpecError naming the nearest.";
constexpr const char* kDrillDoc =
    "Simulates the loss of one availability zone (\"az:us-east-1a\") or one region (\"region:us-east-1\"): roles "
    "lost and surviving, what AWS does on its own, the manual runbook, RTO and RPO. A malformed failure domain "
    "raises SpecError.";

// str(Severity.error) == "error", as in the reports.
void bind_enums(py::module_& m) {
  py::enum_<Severity> severity(m, "Severity", "How bad a finding is: error (a check with errors fails), warning or info.");
  severity.value("error", Severity::error).value("warning", Severity::warning).value("info", Severity::info);
  def_enum_by_name(severity);
  // Declaration order, most severe first: sorted(findings, key=lambda f: f.severity) lists
  // errors, then warnings, then infos.
  def_enum_order(severity);
  py::enum_<StepPhase> phase(m, "StepPhase", "When a runbook step runs: assess, recover, verify or failback.");
  phase.value("assess", StepPhase::assess)
      .value("recover", StepPhase::recover)
      .value("verify", StepPhase::verify)
      .value("failback", StepPhase::failback);
  def_enum_by_name(phase);
}

void bind_rules(py::module_& m) {
  py::class_<ScannerCheck> scanner(m, "ScannerCheck", "The same check in a public scanner (checkov, trivy).");
  def_eq(scanner, [](const ScannerCheck& a, const ScannerCheck& b) { return a == b; });
  scanner.def_readonly("scanner", &ScannerCheck::scanner, "\"checkov\" or \"trivy\".")
      .def_readonly("id", &ScannerCheck::id, "The scanner's check ID, e.g. \"CKV_AWS_16\".")
      .def("__hash__", [](const ScannerCheck& s) { return py::hash(py::make_tuple(s.scanner, s.id)); })
      .def("__repr__", [](const ScannerCheck& s) {
        return fmt::format("ScannerCheck(scanner={}, id={})", quoted(s.scanner), quoted(s.id));
      });

  py::class_<RuleInfo> rule(m, "Rule", "A built-in policy rule: its stable ID, policy, default severity and help.");
  def_eq(rule, [](const RuleInfo& a, const RuleInfo& b) { return a.id == b.id; });
  rule.def_readonly("id", &RuleInfo::id, "Stable ID, e.g. \"RDHA-HA-001\".")
      .def_readonly("name", &RuleInfo::name, "PascalCase identifier, e.g. \"WriterMultiAz\".")
      .def_readonly("title", &RuleInfo::title, "The policy in one line, e.g. \"The writer is Multi-AZ\".")
      .def_readonly("severity", &RuleInfo::severity, "Default severity of its findings.")
      .def_readonly("category", &RuleInfo::category,
                    "\"ha\", \"dr\", \"monitoring\", \"security\", \"network\", \"iam\" or \"engine\".")
      .def_readonly("description", &RuleInfo::description, "Why the policy matters.")
      .def_readonly("help", &RuleInfo::help, "How to comply in general.")
      .def_readonly("scanners", &RuleInfo::scanners, "Equivalent public scanner checks (may be empty).")
      .def("__hash__", [](const RuleInfo& r) { return py::hash(py::str(r.id)); })
      .def("__repr__", [](const RuleInfo& r) {
        return fmt::format("<Rule {} ({}): {}>", r.id, to_string(r.severity), r.title);
      });

  m.def(
      "rules",
      [] {
        std::vector<RuleInfo> out;
        for (const auto& r : RuleRegistry::builtin().rules()) out.push_back(r.info);
        return out;
      },
      "The built-in policy rules, in registry order (SARIF's rule index).");
  m.def("rule", &rule_info, py::arg("rule_id"), "The built-in rule with this ID; KeyError when there is none.");
}

void bind_findings(py::module_& m) {
  py::class_<Finding> finding(m, "Finding", "One violation of a rule by one resource.");
  def_eq(finding, [](const Finding& a, const Finding& b) { return a == b; });
  finding.def_readonly("rule_id", &Finding::rule_id, "The ID of the rule reporting it, e.g. \"RDHA-HA-001\".")
      .def_readonly("severity", &Finding::severity, "The rule's severity, or lower for a milder case.")
      .def_readonly("address", &Finding::address, "The resource address, e.g. \"aws_db_instance.primary\".")
      .def_readonly("summary", &Finding::summary, "What is wrong, in one line.")
      .def_readonly("detail", &Finding::detail, "Why it matters and how to fix it.")
      .def_readonly("waived", &Finding::waived, "The reviewer's reason when a waiver accepted it, else \"\".")
      .def_property_readonly(
          "rule", [](const Finding& f) { return rule_info(f.rule_id); }, "The rule reporting it.")
      .def_property_readonly(
          "title", [](const Finding& f) { return rule_info(f.rule_id).title; }, "The rule's policy in one line.")
      .def_property_readonly(
          "category", [](const Finding& f) { return rule_info(f.rule_id).category; }, "The rule's category.")
      .def(
          "to_json",
          [](const Finding& f) { return to_json(f, find_rule(f.rule_id)); },
          "The finding as one entry of the \"findings\" list in the report's JSON.")
      .def("__hash__",
           [](const Finding& f) { return py::hash(py::make_tuple(f.rule_id, f.address, f.summary, f.detail)); })
      .def("__repr__", [](const Finding& f) {
        return fmt::format("Finding(rule_id={}, severity={}, address={}, summary={})", quoted(f.rule_id),
                           to_string(f.severity), quoted(f.address), quoted(f.summary));
      });

  py::class_<Findings> findings(m, "Findings", R"doc(The result of check(): the findings, as a read-only sequence, and the run.

    findings = stack.check(today="2026-11-26")
    for f in findings:
        print(f.severity, f.rule_id, f.address, f.summary)
    findings.failed                     # what makes `rdha check` exit 1
    findings.to_sarif()                 # SARIF 2.1.0 for code scanning

In a notebook it renders as a table of the findings.)doc");
  def_iter(findings, "Finding", [](const Findings& self) { return self.report.findings; });
  findings.def("__len__", [](const Findings& self) { return self.report.findings.size(); })
      .def(
          "__getitem__",
          [](const Findings& self, py::ssize_t index) {
            const auto size = static_cast<py::ssize_t>(self.report.findings.size());
            if (index < 0) index += size;
            if (index < 0 || index >= size) throw py::index_error("finding index out of range");
            return self.report.findings[static_cast<std::size_t>(index)];
          },
          py::arg("index"))
      .def_property_readonly(
          "findings", [](const Findings& self) { return self.report.findings; },
          "All findings, errors first, then by rule ID, then by address.")
      .def_property_readonly(
          "rules_run", [](const Findings& self) { return self.report.rules_run; }, "How many rules ran.")
      .def_property_readonly(
          "today", [](const Findings& self) { return self.report.today; },
          "The date the engine-support rules compared with.")
      .def_property_readonly(
          "has_errors", [](const Findings& self) { return self.report.has_errors(); },
          "True when any finding is an error.")
      .def_property_readonly(
          "failed", [](const Findings& self) { return self.report.failed(); },
          "True when any finding is at least as severe as fail_on (`rdha check --fail-on` then exits 1).")
      .def_property_readonly(
          "skipped", [](const Findings& self) { return self.report.skipped; }, "IDs of the rules skipped, not run.")
      .def_property_readonly(
          "waived", [](const Findings& self) { return self.report.waived(); }, "How many findings a waiver accepted.")
      .def_property_readonly(
          "unmatched_waivers",
          [](const Findings& self) {
            std::vector<std::string> out;
            for (const auto& waiver : self.report.unmatched_waivers) out.push_back(unmatched_warning(waiver));
            return out;
          },
          "A warning per waiver that matched no finding (stale, or a misspelt address).")
      .def(
          "count", [](const Findings& self, Severity severity) { return self.report.count(severity); },
          py::arg("severity"), "Number of findings of this severity that no waiver accepted.")
      .def(
          "of_rule",
          [](const Findings& self, const std::string& rule_id) {
            std::vector<Finding> out;
            for (const auto& f : self.report.findings)
              if (f.rule_id == rule_id) out.push_back(f);
            return out;
          },
          py::arg("rule_id"), "The findings of one rule.")
      .def(
          "to_text", [](const Findings& self) { return format_text(self.report); },
          "The report `rdha check` prints: one block per finding, then the summary line.")
      .def(
          "to_json", [](const Findings& self) { return to_json(self.report); },
          "The report as `rdha check --format json` writes it (docs/check.md): summary, findings, today, tool.")
      .def(
          "to_sarif",
          [](const Findings& self, const PathArg& tf_dir) {
            return to_sarif(self.report, RuleRegistry::builtin(),
                            source_locations(self.blocks, tf_dir.path.generic_string(), ""));
          },
          py::arg("tf_dir") = "terraform_out",
          "The report as a SARIF 2.1.0 log (`rdha check --format sarif`): each result at the line of its block in "
          "the file rdha synth writes under tf_dir (relative to the repository root).")
      .def("__repr__",
           [](const Findings& self) {
             const auto& r = self.report;
             const auto counted = [](std::size_t n, const char* word) {
               return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
             };
             return fmt::format("<Findings: {}, {}, {} info ({} rules, engine support as of {})>",
                                counted(r.count(Severity::error), "error"), counted(r.count(Severity::warning), "warning"),
                                r.count(Severity::info), r.rules_run, r.today.str());
           })
      .def(
          "_repr_html_", [](const py::object& self) { return display("findings_repr_html", self).cast<std::string>(); },
          "The findings as an HTML table for notebooks.");

  py::options options;
  options.disable_function_signatures();  // today accepts a date or its text
  m.def(
      "check",
      [](const Stack& stack, const py::object& today, const std::string& name_suffix,
         const std::vector<std::string>& skip, const std::string& fail_on, const py::object& waivers,
         const py::object& waivers_file) { return check(stack, today, name_suffix, skip, fail_on, waivers, waivers_file); },
      py::arg("stack"), py::arg("today") = py::none(), py::arg("name_suffix") = CheckOptions{}.name_suffix,
      py::arg("skip") = std::vector<std::string>{}, py::arg("fail_on") = "error", py::arg("waivers") = py::none(),
      py::arg("waivers_file") = py::none(),
      (std::string("check(stack: Stack, today: Union[datetime.date, str, None] = None, name_suffix: str = "
                   "'-rdha', skip: list[str] = [], fail_on: str = 'error', waivers: Optional[Iterable[Union["
                   "WaiverSpec, Dict[str, str]]]] = None, waivers_file: Union[str, os.PathLike[str], None] = None) "
                   "-> Findings\n\n") +
       kCheckDoc)
          .c_str());
}

template <class T>
std::string repr_role(const char* class_name, const T& o) {
  return fmt::format("{}(address={}, role={}, outcome={})", class_name, quoted(o.address), quoted(o.role),
                     quoted(o.outcome));
}

void bind_drill_parts(py::module_& m) {
  py::class_<FailureDomain> domain(m, "FailureDomain", "The failure to simulate: one availability zone or one region.");
  def_eq(domain, [](const FailureDomain& a, const FailureDomain& b) { return a.kind == b.kind && a.name == b.name; });
  domain
      .def(py::init([](const std::string& text) { return FailureDomain::parse(text); }), py::arg("text"),
           "Parses \"az:NAME\" or \"region:NAME\"; SpecError otherwise.")
      .def_property_readonly(
          "kind",
          [](const FailureDomain& d) { return d.kind == FailureDomain::Kind::region ? "region" : "az"; },
          "\"az\" or \"region\".")
      .def_readonly("name", &FailureDomain::name, "The zone or region name, e.g. \"us-east-1a\" or \"us-east-1\".")
      .def_property_readonly("region", &FailureDomain::region, "The region the domain belongs to.")
      .def("__str__", &FailureDomain::str)
      .def("__hash__", [](const FailureDomain& d) { return py::hash(py::str(d.str())); })
      .def("__repr__", [](const FailureDomain& d) { return fmt::format("FailureDomain({})", quoted(d.str())); });

  py::class_<DbRoleOutcome>(m, "DbRoleOutcome", "What a failure does to one database role.")
      .def_readonly("address", &DbRoleOutcome::address, "The DB instance address, e.g. \"aws_db_instance.primary\".")
      .def_readonly("role", &DbRoleOutcome::role, "\"writer\", \"standby\", \"reader\" or \"dr_replica\".")
      .def_readonly("identifier", &DbRoleOutcome::identifier, "RDS identifier (\"\" when not a literal).")
      .def_readonly("region", &DbRoleOutcome::region)
      .def_readonly("availability_zone", &DbRoleOutcome::availability_zone, "\"\" when RDS chooses.")
      .def_readonly("outcome", &DbRoleOutcome::outcome,
                    "For a lost role \"replaced_automatically\", \"recreate\" or \"none\"; for a surviving one "
                    "\"unaffected\", \"multi_az_failover\" or \"promotion_target\".")
      .def_readonly("note", &DbRoleOutcome::note, "Why, or how it recovers.")
      .def("__repr__", [](const DbRoleOutcome& o) { return repr_role("DbRoleOutcome", o); });

  py::class_<ResourceNote>(m, "ResourceNote", "A resource and what the failure means for it.")
      .def_readonly("address", &ResourceNote::address)
      .def_readonly("note", &ResourceNote::note)
      .def("__repr__", [](const ResourceNote& n) {
        return fmt::format("ResourceNote(address={}, note={})", quoted(n.address), quoted(n.note));
      });

  py::class_<AutomaticAction>(m, "AutomaticAction", "Something AWS does on its own after the failure.")
      .def_readonly("target", &AutomaticAction::target, "The resource address.")
      .def_readonly("action", &AutomaticAction::action,
                    "\"multi_az_failover\", \"standby_rebuild\" or \"replicas_follow_new_writer\".")
      .def_readonly("description", &AutomaticAction::description)
      .def_property_readonly(
          "seconds", [](const AutomaticAction& a) { return pair_of(a.seconds); },
          "Typical duration (min, max) in seconds, when known.")
      .def("__repr__", [](const AutomaticAction& a) {
        return fmt::format("AutomaticAction(target={}, action={})", quoted(a.target), quoted(a.action));
      });

  py::class_<RunbookStep>(m, "RunbookStep", "One step of a runbook, with its exact shell commands.")
      .def_readonly("id", &RunbookStep::id, "Stable kebab-case ID, e.g. \"promote-dr-replica\".")
      .def_readonly("phase", &RunbookStep::phase)
      .def_readonly("title", &RunbookStep::title, "Imperative one-liner.")
      .def_readonly("description", &RunbookStep::description, "What it does, what to expect, when to stop.")
      .def_readonly("region", &RunbookStep::region, "The AWS region the commands act on (\"\" if none).")
      .def_readonly("target", &RunbookStep::target, "The resource address it acts on (\"\" if none).")
      .def_readonly("commands", &RunbookStep::commands, "Shell lines (AWS CLI), in order.")
      .def_readonly("irreversible", &RunbookStep::irreversible, "Cannot be undone (promotion, deletion).")
      .def_readonly("automated", &RunbookStep::automated, "Also a step of the stack's failover automation.")
      .def("__repr__", [](const RunbookStep& s) {
        return fmt::format("RunbookStep(id={}, phase={}, title={})", quoted(s.id), to_string(s.phase), quoted(s.title));
      });

  py::class_<Runbook> runbook(m, "Runbook", "An ordered recovery procedure; iterating yields its steps.");
  def_iter(runbook, "RunbookStep", [](const Runbook& r) { return r.steps; });
  runbook.def_readonly("title", &Runbook::title)
      .def_readonly("steps", &Runbook::steps)
      .def("__len__", [](const Runbook& r) { return r.steps.size(); })
      .def(
          "to_text", [](const Runbook& r) { return format_text(r); }, "Numbered steps with their commands.")
      .def(
          "to_json", [](const Runbook& r) { return to_json(r); }, "The steps as a list of dicts.")
      .def("__repr__", [](const Runbook& r) { return fmt::format("<Runbook {}: {} steps>", quoted(r.title), r.steps.size()); });
}

void bind_drill(py::module_& m) {
  bind_drill_parts(m);
  py::class_<Drill>(m, "Drill", R"doc(The result of drill(): what one failure loses and keeps, and how to recover.

    d = stack.drill(fail="region:us-east-1")
    d.promotion_target                  # "aws_db_instance.dr_replica"
    d.rto_seconds                       # (min, max), None without an in-stack recovery path
    for step in d.manual_steps:
        print(step.title, *step.commands, sep="\n  ")

In a notebook it renders as a summary and the runbook.)doc")
      .def_property_readonly(
          "scenario", [](const Drill& d) { return d.report.scenario; }, "The failure domain simulated.")
      .def_property_readonly(
          "region", [](const Drill& d) { return d.report.region; }, "Region of the failure domain.")
      .def_property_readonly(
          "affected_resources", [](const Drill& d) { return d.report.affected_resources; },
          "Addresses placed in the failure domain.")
      .def_property_readonly(
          "lost", [](const Drill& d) { return d.report.lost; }, "Database roles lost.")
      .def_property_readonly(
          "surviving", [](const Drill& d) { return d.report.surviving; }, "Database roles that survive.")
      .def_property_readonly(
          "degraded", [](const Drill& d) { return d.report.degraded; },
          "Surviving resources that work in a reduced way.")
      .def_property_readonly(
          "recovery_assets", [](const Drill& d) { return d.report.recovery_assets; },
          "What the surviving side has for recovery (backups, alarms, the secret replica).")
      .def_property_readonly(
          "automatic_actions", [](const Drill& d) { return d.report.automatic_actions; },
          "What AWS does on its own.")
      .def_property_readonly(
          "runbook", [](const Drill& d) { return d.report.runbook; }, "The manual recovery procedure.")
      .def_property_readonly(
          "manual_steps", [](const Drill& d) { return d.report.runbook.steps; }, "The runbook's steps.")
      .def_property_readonly(
          "promotion_target", [](const Drill& d) { return d.report.promotion_target; },
          "Address of the DR replica to promote, if any.")
      .def_property_readonly(
          "total_outage", [](const Drill& d) { return d.report.total_outage; },
          "No database role survives and none can be promoted.")
      .def_property_readonly(
          "rto_seconds", [](const Drill& d) { return pair_of(d.report.rto_seconds); },
          "Recovery time (min, max) in seconds; None when there is no in-stack recovery path.")
      .def_property_readonly(
          "rpo_seconds", [](const Drill& d) { return pair_of(d.report.rpo_seconds); },
          "Data-loss window (min, max) in seconds, when it can be bounded.")
      .def_property_readonly(
          "rto", [](const Drill& d) { return d.report.rto; }, "The recovery-time estimate in words.")
      .def_property_readonly(
          "rpo", [](const Drill& d) { return d.report.rpo; }, "The data-loss window in words.")
      .def_property_readonly(
          "assumptions", [](const Drill& d) { return d.report.assumptions; }, "What the estimates assume.")
      .def_property_readonly(
          "warnings", [](const Drill& d) { return d.report.warnings; }, "Gaps the drill found.")
      .def(
          "to_text", [](const Drill& d) { return format_text(d.report); }, "The report `rdha drill` prints.")
      .def(
          "to_json", [](const Drill& d) { return to_json(d.report); },
          "The report as `rdha drill --format json` writes it (docs/drill.md).")
      .def("__repr__",
           [](const Drill& d) {
             const auto& r = d.report;
             return fmt::format("<Drill {}: {} lost, {} surviving, {} manual steps{}>", r.scenario.str(), r.lost.size(),
                                r.surviving.size(), r.runbook.steps.size(), r.total_outage ? ", total outage" : "");
           })
      .def(
          "_repr_html_", [](const py::object& self) { return display("drill_repr_html", self).cast<std::string>(); },
          "Summary and runbook as HTML for notebooks.");

  {
    py::options options;
    options.disable_function_signatures();  // fail accepts a str or a FailureDomain
    m.def(
        "drill", [](const Stack& stack, const py::object& fail) { return drill(stack, fail); }, py::arg("stack"),
        py::arg("fail"),
        (std::string("drill(stack: Stack, fail: Union[FailureDomain, str]) -> Drill\n\n") + kDrillDoc).c_str());
  }
}

// `plan`: a path (str or os.PathLike) to `terraform show -json` output, or that output
// already parsed (a dict). Waivers in the order of `rdha plan-check`: --allow, --allow-file,
// --waivers.
PlanCheck plan_check(const py::object& plan, const std::vector<std::string>& allow, const py::object& allow_file,
                     const py::object& waivers_file) {
  PlanCheckOptions options;
  for (const auto& text : allow) options.waivers.push_back(parse_waiver(text, "allow"));
  if (!allow_file.is_none())
    for (auto& waiver : read_waiver_file(fspath(allow_file))) options.waivers.push_back(std::move(waiver));
  if (!waivers_file.is_none())
    for (auto& waiver : read_waivers_file(fspath(waivers_file))) options.waivers.push_back(std::move(waiver));
  if (py::isinstance<py::dict>(plan)) return PlanCheck{check_plan(to_json_value(plan, "plan"), options, "plan")};
  if (py::isinstance<py::str>(plan) || py::hasattr(plan, "__fspath__"))
    return PlanCheck{check_plan_file(fspath(plan), options)};
  throw py::type_error(fmt::format("plan: expected a path or the dict of `terraform show -json`, got {}",
                                   type_name_of(plan)));
}

void bind_plan_check(py::module_& m) {
  py::class_<PlanCheck> result(m, "PlanCheck", R"doc(The result of plan_check(): the findings of a saved plan.

    result = rdha.plan_check("plan.json", allow=["aws_db_instance.primary:CAB-42"])
    for f in result:
        print(f.severity, f.rule_id, f.address, f.summary, f.waived)
    result.blocked                      # what makes `rdha plan-check` exit 1
    result.to_sarif()                   # SARIF 2.1.0, waived findings suppressed)doc");
  def_iter(result, "Finding", [](const PlanCheck& self) { return self.report.findings; });
  result.def("__len__", [](const PlanCheck& self) { return self.report.findings.size(); })
      .def_property_readonly(
          "findings", [](const PlanCheck& self) { return self.report.findings; },
          "All findings, blocking first, then warnings, then waived; by rule ID and address.")
      .def_property_readonly(
          "blocked", [](const PlanCheck& self) { return self.report.blocked(); },
          "True when an error finding is not waived (`rdha plan-check` then exits 1).")
      .def_property_readonly(
          "blocking", [](const PlanCheck& self) { return self.report.blocking(); }, "Error findings not waived.")
      .def_property_readonly(
          "waived", [](const PlanCheck& self) { return self.report.waived(); }, "Findings a waiver accepted.")
      .def_property_readonly(
          "changes", [](const PlanCheck& self) { return self.report.changes; },
          "Resource changes that change something (not no-op, read or forget).")
      .def_property_readonly(
          "source", [](const PlanCheck& self) { return self.report.source; }, "The plan file (\"plan\" for a dict).")
      .def_property_readonly(
          "terraform_version", [](const PlanCheck& self) { return self.report.terraform_version; },
          "The Terraform version that wrote the plan.")
      .def(
          "to_text", [](const PlanCheck& self) { return format_text(self.report); },
          "The report `rdha plan-check` prints.")
      .def(
          "to_json", [](const PlanCheck& self) { return to_json(self.report); },
          "The report as `rdha plan-check --format json` writes it (docs/plan-check.md).")
      .def(
          "to_sarif", [](const PlanCheck& self) { return to_sarif(self.report); },
          "The report as a SARIF 2.1.0 log (`rdha plan-check --format sarif`).")
      .def("__repr__", [](const PlanCheck& self) {
        const auto& r = self.report;
        return fmt::format("<PlanCheck {}: {} blocking, {} waived, {} warnings ({} changes)>", r.source, r.blocking(),
                           r.waived(), r.count(Severity::warning), r.changes);
      });

  m.def("plan_rules", [] { return plan_rules(); }, "The rules of plan-check (RDHA-PLAN-001 to -006).");
  py::options options;
  options.disable_function_signatures();  // plan accepts a path or a dict
  m.def("plan_check", &plan_check, py::arg("plan"), py::arg("allow") = std::vector<std::string>{},
        py::arg("allow_file") = py::none(), py::arg("waivers_file") = py::none(),
        "plan_check(plan: Union[str, os.PathLike[str], dict[str, Any]], allow: list[str] = [], allow_file: "
        "Union[str, os.PathLike[str], None] = None, waivers_file: Union[str, os.PathLike[str], None] = None) "
        "-> PlanCheck\n\n"
        "Checks a saved Terraform plan (the output of `terraform show -json PLANFILE`, as a path or a dict) for "
        "replaced or deleted stateful resources, changes that reboot or interrupt a DB instance, endpoint changes and "
        "a weaker HA/DR posture. allow: waivers \"ADDRESS:REASON\"; allow_file: a file of \"ADDRESS REASON\" lines; "
        "waivers_file: a JSON list of waivers {rule, address, reason} (`rdha plan-check --waivers`, docs/check.md). "
        "Input that is not a plan raises PlanError.");
}

}  // namespace

void bind_analysis(py::module_& m, StackClass& stack) {
  bind_enums(m);
  bind_rules(m);
  bind_findings(m);
  bind_drill(m);
  bind_plan_check(m);

  py::options options;
  options.disable_function_signatures();  // today / fail accept several types
  stack
      .def(
          "check",
          [](const Stack& self, const py::object& today, const std::string& name_suffix,
             const std::vector<std::string>& skip, const std::string& fail_on, const py::object& waivers,
             const py::object& waivers_file) {
            return check(self, today, name_suffix, skip, fail_on, waivers, waivers_file);
          },
          py::arg("today") = py::none(), py::arg("name_suffix") = CheckOptions{}.name_suffix,
          py::arg("skip") = std::vector<std::string>{}, py::arg("fail_on") = "error", py::arg("waivers") = py::none(),
          py::arg("waivers_file") = py::none(),
          (std::string("check(self, today: Union[datetime.date, str, None] = None, name_suffix: str = '-rdha', "
                       "skip: list[str] = [], fail_on: str = 'error', waivers: Optional[Iterable[Union[WaiverSpec, "
                       "Dict[str, str]]]] = None, waivers_file: Union[str, os.PathLike[str], None] = None) "
                       "-> Findings\n\n") +
           kCheckDoc)
              .c_str())
      .def(
          "drill", [](const Stack& self, const py::object& fail) { return drill(self, fail); }, py::arg("fail"),
          (std::string("drill(self, fail: Union[FailureDomain, str]) -> Drill\n\n") + kDrillDoc).c_str());
}

}  // namespace rdha::python
