// The findings of plan-check per resource change (plan_rules.hpp): stateful replacements,
// downtime, endpoint changes, weakened posture and pending reboots.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "analysis/plan/downtime_table.hpp"
#include "analysis/plan/plan_rules.hpp"
#include "analysis/plan/stateful_types.hpp"

namespace rdha::analysis::plan {
namespace {

constexpr const char* kRenamePages =
    "AWS provider 5.0 renames a DB instance in place (\"Terraform AWS Provider Version 5 Upgrade Guide\", "
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-5-upgrade) and RDS answers on "
    "the endpoint of the new name (\"Renaming a DB instance\", "
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_RenameInstance.html)";

Finding finding(const char* rule, Severity severity, const ResourceChange& change, std::string summary,
                std::string detail) {
  return {rule, severity, change.address, std::move(summary), std::move(detail), ""};
}

std::string waive_hint(const ResourceChange& change) {
  return fmt::format("Accept it with --allow '{}:REASON'.", change.address);
}

// Why Terraform deletes or replaces, from the plan's action_reason and replace_paths.
std::string why(const ResourceChange& change) {
  const std::string& reason = change.action_reason;
  const std::string paths = fmt::format("{}", fmt::join(change.replace_paths, ", "));
  if (reason == "replace_because_cannot_update")
    return paths.empty() ? "the provider cannot update it in place"
                         : fmt::format("the provider cannot update {} in place", paths);
  if (reason == "replace_because_tainted") return "the resource is tainted";
  if (reason == "replace_by_request") return "the plan was made with -replace for it";
  if (reason == "replace_by_triggers") return "its replace_triggered_by changed";
  if (reason == "delete_because_no_resource_config") return "its configuration was removed";
  if (reason == "delete_because_no_module") return "its module was removed";
  if (reason == "delete_because_count_index" || reason == "delete_because_each_key" ||
      reason == "delete_because_wrong_repetition")
    return "its count or for_each no longer has this instance";
  if (!paths.empty()) return fmt::format("of a change to {}", paths);
  return reason.empty() ? "the configuration asks for it" : reason;
}

std::string replacement_order(const ResourceChange& change) {
  return change.actions.front() == "create" ? "create before destroy" : "destroy before create";
}

void stateful_replace(const PlanDocument& plan, std::vector<Finding>& out) {
  for (const auto& change : plan.changes) {
    if (change.type == "aws_db_parameter_group" || !(change.replaces() || change.deletes())) continue;
    if (change.deletes() && holds_a_copy(change)) continue;  // a lost copy is a posture finding
    const StatefulType* type = stateful(change, plan);
    if (type == nullptr) continue;
    if (change.replaces())
      out.push_back(finding(kStatefulReplace, Severity::error, change,
                            fmt::format("Replaced ({}): {}.", replacement_order(change), type->holds),
                            fmt::format("Terraform replaces it because {}. The new {} is a new, empty object: what "
                                        "the old one holds is lost or unreadable unless restored deliberately. {}",
                                        why(change), change.type, waive_hint(change))));
    else
      out.push_back(finding(kStatefulReplace, Severity::error, change, fmt::format("Deleted: {}.", type->holds),
                            fmt::format("Terraform deletes it because {}. {}", why(change), waive_hint(change))));
  }
}

// A deposed object is the old object of an earlier create-before-destroy replacement whose
// delete did not happen; a plan only deletes it ("JSON Output Format": `deposed` marks a
// change to a deposed object of the instance rather than to its current object,
// https://developer.hashicorp.com/terraform/internals/json-format). Its deletion is
// reported as that, never as a change of the current object at the same address. A
// deposed replica or backup replication is only an old copy: the current one stays.
void deposed_objects(const PlanDocument& plan, std::vector<Finding>& out) {
  for (const auto& change : plan.deposed) {
    if (!change.deletes() || holds_a_copy(change)) continue;
    const StatefulType* type = stateful(change, plan);
    if (type == nullptr) continue;
    out.push_back(finding(
        kStatefulReplace, Severity::error, change,
        fmt::format("Deposed object {} deleted (left by an earlier create-before-destroy replacement): {}.",
                    change.deposed, type->holds),
        fmt::format("Terraform deletes the old object that an earlier replacement created a successor for but did "
                    "not delete; the current object at this address is not changed by it. What only the old object "
                    "holds is lost with it. {}",
                    waive_hint(change))));
  }
}

// When a downtime row's change takes effect, from the instance's values after the change.
std::string timing(Takes takes, const ResourceChange& change) {
  switch (takes) {
    case Takes::immediately:
      return "Takes effect immediately when applied, whatever apply_immediately says.";
    case Takes::next_reboot:
      return "Takes effect at the next reboot of the DB instance, which RDS does not perform for this change.";
    case Takes::apply_immediately_or_window:
      break;
  }
  if (change.will_be("apply_immediately") == true) return "Takes effect immediately when applied (apply_immediately = true).";
  const auto& window = change.will_be("maintenance_window");
  if (window.is_string() && !window.get<std::string>().empty())
    return fmt::format("Takes effect in the maintenance window {} (UTC) after the apply (apply_immediately = false).",
                       window.get<std::string>());
  return "Takes effect in the DB instance's next maintenance window, which RDS chose (apply_immediately = false, no "
         "maintenance_window set).";
}

void instance_downtime(const ResourceChange& change, std::vector<Finding>& out) {
  for (const auto& row : instance_downtime_rows()) {
    if (&row == &rename_row()) continue;  // one change, one finding: RDHA-PLAN-003 carries its downtime
    std::string what;
    if (!row.flags(change, row.setting.attribute, what)) continue;
    out.push_back(finding(kDowntime, Severity::error, change,
                          fmt::format("{} {}: downtime ({}).", row.setting.attribute, what, row.setting.setting),
                          fmt::format("{} ({}: \"{}\") {} {}", timing(row.setting.takes, change), row.setting.setting,
                                      row.setting.quote, row.setting.source, waive_hint(change))));
  }
}

// Parameters with apply_method pending-reboot that the change adds, changes or removes.
std::vector<std::string> static_parameters_changed(const ResourceChange& group) {
  const auto entries = [](const nlohmann::json& parameters) {
    std::set<std::string> out;
    if (!parameters.is_array()) return out;
    for (const auto& p : parameters)
      if (p.is_object() && p.contains("apply_method") && p["apply_method"] == "pending-reboot") out.insert(p.dump());
    return out;
  };
  const auto before = entries(group.was("parameter"));
  const auto after = entries(group.will_be("parameter"));
  std::set<std::string> names;
  for (const auto* side : {&before, &after})
    for (const auto& entry : *side)
      if (!before.contains(entry) || !after.contains(entry))
        if (const auto parameter = nlohmann::json::parse(entry); parameter.contains("name"))
          names.insert(render(parameter["name"]));
  return {names.begin(), names.end()};
}

// The DB instances of the plan that use @p group_name after the change, or (@p before)
// before it.
std::vector<std::string> instances_using(const PlanDocument& plan, const nlohmann::json& group_name,
                                         bool before = false) {
  std::vector<std::string> out;
  for (const auto* instance : plan.of_type("aws_db_instance")) {
    const auto& used = before ? instance->was("parameter_group_name") : instance->will_be("parameter_group_name");
    if (group_name.is_string() && used == group_name) out.push_back(instance->address);
  }
  return out;
}

std::string listed(const std::vector<std::string>& addresses) {
  return addresses.empty() ? "no DB instance of this plan" : fmt::format("{}", fmt::join(addresses, ", "));
}

void static_parameters(const PlanDocument& plan, const ResourceChange& group, std::vector<Finding>& out) {
  const auto names = static_parameters_changed(group);
  if (names.empty()) return;
  const DowntimeSetting& row = static_parameter_row();
  out.push_back(finding(kDowntime, Severity::error, group,
                        fmt::format("Static parameters changed ({}): a reboot of {} applies them.",
                                    fmt::join(names, ", "), listed(instances_using(plan, group.will_be("name")))),
                        fmt::format("{} (\"{}\") {} {}", timing(row.takes, group), row.quote, row.source,
                                    waive_hint(group))));
}

void downtime(const PlanDocument& plan, std::vector<Finding>& out) {
  for (const auto& change : plan.changes) {
    if (!change.updates()) continue;  // a replacement is a stateful finding, a creation interrupts nothing
    if (change.type == "aws_db_instance") instance_downtime(change, out);
    if (change.type == "aws_db_parameter_group") static_parameters(plan, change, out);
  }
}

// A new identifier renames the instance in place: a new endpoint and downtime from one
// change. The endpoint is what breaks clients, so RDHA-PLAN-003 is the one finding and
// its detail carries the downtime table's identifier row (when and the quoted note).
void endpoint_change(const PlanDocument& plan, std::vector<Finding>& out) {
  const DowntimeSetting& row = rename_row().setting;
  for (const auto* change : plan.of_type("aws_db_instance")) {
    if (!change->updates() || !change->changed("identifier")) continue;
    out.push_back(finding(
        kEndpointChange, Severity::error, *change,
        fmt::format("Endpoint changes: identifier {} (renamed in place, with downtime).", arrow(*change, "identifier")),
        fmt::format("{}: every client that connects to {} fails until it uses the new endpoint. {} ({}: \"{}\") {} {}",
                    kRenamePages, render(change->was("address")), timing(row.takes, *change), row.setting, row.quote,
                    row.source, waive_hint(*change))));
  }
}

bool turned(const ResourceChange& change, const char* attribute, bool from, bool to) {
  return change.was(attribute) == from && change.will_be(attribute) == to;
}

void posture(const PlanDocument& plan, std::vector<Finding>& out) {
  for (const auto& change : plan.changes) {
    const auto report = [&](std::string summary, std::string detail) {
      out.push_back(finding(kPostureWeakened, Severity::error, change, std::move(summary),
                            std::move(detail) + " " + waive_hint(change)));
    };
    if (change.deletes() && holds_a_copy(change)) {
      if (change.type == "aws_db_instance_automated_backups_replication") {
        report("Automated-backup replication removed: no backups in the DR region.",
               "Without replicated backups, a point-in-time restore after a region loss is impossible.");
      } else {
        const auto source = render(change.was("replicate_source_db"));
        const bool cross_region = source.rfind("arn:", 0) == 0;  // a cross-region source is named by its ARN
        report(cross_region ? "The cross-region DR replica is removed." : "A read replica is removed.",
               cross_region ? fmt::format("Nothing outside the source's region holds a copy of {} that can be "
                                          "promoted: losing that region becomes a total outage.", source)
                            : fmt::format("{} loses a reader: read capacity drops and the readers' failover has one "
                                          "instance fewer.", source));
      }
      continue;
    }
    if (change.type != "aws_db_instance" || !change.updates()) continue;
    const auto& before = change.was("backup_retention_period");
    const auto& after = change.will_be("backup_retention_period");
    if (before.is_number() && after.is_number() && after < before)
      report(fmt::format("Backups shortened: backup_retention_period {} → {} days.", before.dump(), after.dump()),
             "Point-in-time recovery reaches back only as far as the retention period.");
    if (turned(change, "deletion_protection", true, false))
      report("Deletion protection turned off.", "A delete (or a replacement) of the instance is no longer refused.");
    if (turned(change, "multi_az", true, false))
      report("Multi-AZ turned off.", "Without a standby, losing the instance's availability zone stops it.");
    if (turned(change, "skip_final_snapshot", false, true))
      report("skip_final_snapshot turned on: no final snapshot when the instance is deleted.",
             "A later delete or replacement leaves no snapshot to restore from.");
  }
}

void reboot_pending(const PlanDocument& plan, std::vector<Finding>& out) {
  std::set<nlohmann::json> replaced_groups;
  for (const auto* group : plan.of_type("aws_db_parameter_group")) {
    if (!group->replaces()) continue;
    replaced_groups.insert(group->will_be("name"));
    const auto users = instances_using(plan, group->was("name"), /*before=*/true);
    if (group->actions.front() == "delete" && !users.empty()) {
      // Destroy first: the old group is still attached, and RDS refuses the delete.
      out.push_back(finding(
          kRebootPending, Severity::error, *group,
          fmt::format("Replaced (destroy before create) while {} use it: the apply fails.", listed(users)),
          fmt::format("Terraform replaces it because {} and deletes the old group first, but \"The DB parameter "
                      "group to be deleted can't be associated with any DB instances\" (\"DeleteDBParameterGroup\", "
                      "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBParameterGroup.html). "
                      "Give it lifecycle create_before_destroy (rdha's own groups have it) so the instances move to "
                      "the new group before the old one is deleted.",
                      why(*group))));
      continue;
    }
    out.push_back(finding(
        kRebootPending, Severity::warning, *group,
        fmt::format("Replaced ({}): reboot pending for static parameters of {}.", replacement_order(*group),
                    listed(instances_using(plan, group->will_be("name")))),
        fmt::format("Terraform replaces it because {}. The instances switch to the new group without downtime; RDS "
                    "applies its parameter settings only after a manual reboot (\"Settings for DB instances\", DB "
                    "parameter group, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
                    "USER_ModifyInstance.Settings.html). Reboot them in a maintenance window.",
                    why(*group))));
  }
  for (const auto* instance : plan.of_type("aws_db_instance")) {
    if (!instance->updates() || !instance->changed("parameter_group_name")) continue;
    if (replaced_groups.contains(instance->will_be("parameter_group_name"))) continue;  // reported on the group
    out.push_back(finding(
        kRebootPending, Severity::warning, *instance,
        fmt::format("parameter_group_name {}: reboot pending.", arrow(*instance, "parameter_group_name")),
        "The association takes effect at once without downtime; RDS applies the new group's parameter settings only "
        "after a manual reboot (\"Settings for DB instances\", DB parameter group, "
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ModifyInstance.Settings.html)."));
  }
}

}  // namespace

std::vector<Finding> find_changes(const PlanDocument& plan) {
  std::vector<Finding> out;
  stateful_replace(plan, out);
  deposed_objects(plan, out);
  downtime(plan, out);
  endpoint_change(plan, out);
  posture(plan, out);
  reboot_pending(plan, out);
  return out;
}

}  // namespace rdha::analysis::plan
