// The rules of plan-check as metadata (plan_rules() in rdha/analysis/plan_check.hpp): what
// SARIF's tool.driver lists and the JSON report's titles come from.
#include "analysis/plan/plan_rules.hpp"

#include "rdha/analysis/plan_check.hpp"

namespace rdha::analysis {

const std::vector<RuleInfo>& plan_rules() {
  using plan::kDowntime, plan::kEndpointChange, plan::kPostureWeakened, plan::kRebootPending,
      plan::kStatefulReplace, plan::kUnusedWaiver;
  static const std::vector<RuleInfo> rules = {
      {kStatefulReplace, "StatefulReplace", "The plan replaces or deletes no resource that holds data", Severity::error,
       "replace",
       "A replaced DB instance, KMS key, secret, snapshot, backup replication, DB subnet group in use or private zone "
       "is a new, empty object: the data, backups or keys of the old one are gone or unreadable. Terraform shows such "
       "a change as one line among many.",
       "Change the configuration so the resource is updated in place, or restore from a snapshot deliberately and "
       "waive the finding with --allow ADDRESS:REASON.", {}},
      {kDowntime, "Downtime", "The plan reboots or interrupts no DB instance unannounced", Severity::error, "downtime",
       "Some DB instance settings take effect only through a reboot or an outage (RDS User Guide, \"Settings for DB "
       "instances\"); the plan does not say so. The finding says when it happens: at once with apply_immediately, "
       "else in the maintenance window.",
       "Schedule the change (apply_immediately = false applies it in the maintenance window) and waive the finding, "
       "or leave the setting as it is.", {}},
      {kEndpointChange, "EndpointChange", "The plan changes no DB instance endpoint", Severity::error, "endpoint",
       "A new identifier renames the DB instance in place (AWS provider 5.0 and later) and RDS gives it a new "
       "endpoint: every client that connects by the old one fails.",
       "Keep the identifier, or move the clients to the new endpoint (or a DNS name that follows it) and waive the "
       "finding.", {}},
      {kPostureWeakened, "PostureWeakened", "The plan keeps the HA/DR posture", Severity::error, "posture",
       "Removing a read replica or the DR replica, shortening backups, turning off deletion protection or Multi-AZ, "
       "skipping the final snapshot or removing the replication of backups weakens what the stack survives.",
       "Keep the setting, or waive the finding when the reduced posture is intended.", {}},
      {kRebootPending, "RebootPending", "A new parameter group waits for a reboot", Severity::warning, "reboot",
       "A DB parameter group replaced create-before-destroy (or another group associated with an instance) leaves the "
       "instances in pending-reboot: RDS applies the new group's static and dynamic parameter settings only after a "
       "manual reboot.",
       "Reboot the instances in a maintenance window after the apply (a Multi-AZ instance can reboot with failover).", {}},
      {kUnusedWaiver, "UnusedWaiver", "Every waiver matches a finding", Severity::warning, "waiver",
       "A waiver that matches no finding of the plan is stale: it was written for another change, or the address is "
       "misspelt, and it would silently accept a later change at that address.",
       "Remove the waiver, or correct its address to the one the plan names.", {}},
  };
  return rules;
}

}  // namespace rdha::analysis
