// The drill's runbook (drill_facts.hpp): ordered steps with exact AWS CLI commands for the
// stack's identifiers and regions, picked per scenario (runbook_steps.hpp) and ordered by
// phase; and the command pieces the scenarios share. Values that are not literal in the
// stack (ids AWS assigns) are looked up by name in the commands themselves, or appear as
// <placeholders> naming the resource they come from.
#include <algorithm>

#include "analysis/drill/runbook_steps.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

std::string events_command(const std::string& region, const std::string& id) {
  return rds_command("describe-events", region, "--source-type db-instance --source-identifier " + shell_quote(id) +
                                            " --duration 120 --query 'Events[].[Date,Message]' --output table");
}

std::string hardening_flags(const Stack& stack, const Resource& model, bool temporary) {
  std::string out;
  if (auto cls = literal_string(arg(model, "instance_class"))) out += " --db-instance-class " + shell_quote(*cls);
  if (literal_bool(arg(model, "multi_az")) == true) out += " --multi-az";
  out += " --no-publicly-accessible";
  if (literal_bool(arg(model, "iam_database_authentication_enabled")) == true) out += " --enable-iam-database-authentication";
  if (literal_bool(arg(model, "deletion_protection")) == true && !temporary) out += " --deletion-protection";
  if (literal_bool(arg(model, "copy_tags_to_snapshot")) == true) out += " --copy-tags-to-snapshot";
  if (literal_bool(arg(model, "auto_minor_version_upgrade")) == false) out += " --no-auto-minor-version-upgrade";
  if (auto interval = literal_number(arg(model, "monitoring_interval")); interval && *interval > 0) {
    out += " --monitoring-interval " + std::to_string(static_cast<int>(*interval));
    for (std::size_t role : targets_of(stack, model, "monitoring_role_arn"))
      if (auto name = literal_string(arg(stack.resource(role), "name")))
        out += " --monitoring-role-arn \"arn:${PARTITION}:iam::${ACCOUNT_ID}:role/" + *name + "\"";
  }
  if (literal_bool(arg(model, "performance_insights_enabled")) == true) out += " --enable-performance-insights";
  const auto exports = literal_strings(arg(model, "enabled_cloudwatch_logs_exports"));
  if (!exports.empty()) out += " --enable-cloudwatch-logs-exports " + join(exports, " ");
  return out;
}

std::string sg_lookup(const std::string& region, const std::vector<std::string>& names) {
  return "SG_IDS=$(aws ec2 describe-security-groups --region " + region + " --filters Name=group-name,Values=" +
         q(join(names, ",")) + " --query 'SecurityGroups[].GroupId' --output text)";
}

std::string cross_region_replica_command(const Stack& stack, const Resource& model, const std::string& region,
                                         const std::string& id, const std::string& source_region,
                                         const std::string& source_id) {
  const bool groups = !security_group_names(stack, model).empty();
  return rds(
      "create-db-instance-read-replica", region,
      "--db-instance-identifier " + q(id) + " --source-db-instance-identifier \"arn:${PARTITION}:rds:" +
          source_region + ":${ACCOUNT_ID}:db:" + source_id + "\" --source-region " + source_region +
          " --kms-key-id " + q(kms_key_for_region(stack, region)) + " --db-subnet-group-name " +
          q(referenced_name(stack, model, "db_subnet_group_name", "aws_db_subnet_group", "<DB subnet group name>")) +
          " --db-parameter-group-name " +
          q(referenced_name(stack, model, "parameter_group_name", "aws_db_parameter_group", "<parameter group name>")) +
          (groups ? " --vpc-security-group-ids $SG_IDS" : "") + hardening_flags(stack, model));
}

Runbook build_runbook(const DrillFacts& f) {
  Runbook rb;
  rb.title = "Recovery runbook: loss of " + f.domain.str();
  const bool is_region = f.domain.kind == FailureDomain::Kind::region;
  const bool nothing = f.affected_writers.empty() && f.lost_readers.empty() && f.lost_dr_replicas.empty() &&
                       f.lost_nats.empty() && f.failing_over.empty();
  if (nothing) {
    const std::string query =
        is_region ? "DBInstances[].[DBInstanceIdentifier,DBInstanceStatus]"
                  : "DBInstances[?AvailabilityZone=='" + f.domain.name + "' || SecondaryAvailabilityZone=='" +
                        f.domain.name + "'].[DBInstanceIdentifier,DBInstanceStatus]";
    add(rb, {"confirm-no-database-in-domain", StepPhase::assess,
             "Confirm no DB instance runs in " + f.domain.name,
             "The stack places no database role there; an empty result confirms nothing needs recovering.", f.region,
             "", {rds("describe-db-instances", f.region, "--query " + q(query) + " --output table")}, false});
    return rb;
  }
  if (is_region && f.promotion_target) region_promotion_steps(f, rb);
  else if (is_region && !f.affected_writers.empty()) region_outage_steps(f, rb);
  if (is_region) dr_region_lost_steps(f, rb);
  if (!is_region) az_loss_steps(f, rb);
  // Order by phase, keeping the order within a phase.
  std::stable_sort(rb.steps.begin(), rb.steps.end(),
                   [](const RunbookStep& a, const RunbookStep& b) { return a.phase < b.phase; });
  return rb;
}

}  // namespace rdha::analysis::detail
