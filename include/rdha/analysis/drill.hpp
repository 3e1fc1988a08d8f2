// rdha/analysis/drill.hpp — `rdha drill`: what a stack loses and keeps when an
// availability zone or a whole region fails, how it recovers, and how long that takes.
//
// The drill reads only the graph: each resource's placement (region, AZ, role), the
// DB instances' arguments (multi_az, replicate_source_db, identifier, engine_version,
// availability_zone) and the references between resources. It works on the default HA
// stack and on user-composed stacks alike. Roles come from placement.role when set
// ("writer", "reader", "dr_replica"), else from the graph: an instance without
// replicate_source_db is a writer, a replica in its source's region a reader, one in
// another region a DR replica. JSON shape: docs/drill.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"
#include "rdha/dr/runbook.hpp"

namespace rdha::analysis {

/// @brief The failure to simulate: one availability zone or one region.
struct FailureDomain {
  enum class Kind { availability_zone, region };
  Kind kind = Kind::availability_zone;
  std::string name;  ///< "us-east-1a" or "us-east-1"

  /// @brief Parses "az:NAME" or "region:NAME". Throws SpecError (subject "fail") otherwise.
  static FailureDomain parse(std::string_view text);
  /// @brief "az:us-east-1a" / "region:us-east-1".
  std::string str() const;
  /// @brief The region the domain belongs to (an AZ's name without its letter suffix).
  std::string region() const;
};

/// @brief A duration range in seconds.
struct SecondsRange {
  int min = 0;
  int max = 0;
  bool operator==(const SecondsRange&) const = default;
};

/// @brief What happens to one database role.
struct DbRoleOutcome {
  std::string address;     ///< "aws_db_instance.primary"
  std::string role;        ///< "writer", "standby", "reader", "dr_replica"
  std::string identifier;  ///< RDS identifier ("primary-rdha"), "" if not literal
  std::string region;
  std::string availability_zone;  ///< "" when RDS chooses (Multi-AZ writer, no AZ given)
  /// lost: "replaced_automatically", "recreate" or "none";
  /// surviving: "unaffected", "multi_az_failover" or "promotion_target".
  std::string outcome;
  std::string note;  ///< one sentence on why / how
};

/// @brief A resource and what the failure means for it.
struct ResourceNote {
  std::string address;
  std::string note;  ///< "private egress of us-east-1 is gone (single NAT gateway)"
};

/// @brief Something AWS does on its own.
struct AutomaticAction {
  std::string target;  ///< resource address
  std::string action;  ///< "multi_az_failover", "standby_rebuild", "replicas_follow_new_writer"
  std::string description;
  std::optional<SecondsRange> seconds;  ///< typical duration, when known
};

/// @brief The outcome of one failure scenario.
struct DrillReport {
  FailureDomain scenario;
  std::string region;  ///< region of the failure domain
  std::vector<std::string> affected_resources;  ///< addresses placed in the domain
  std::vector<DbRoleOutcome> lost;
  std::vector<DbRoleOutcome> surviving;
  std::vector<ResourceNote> degraded;         ///< surviving resources that work in a reduced way
  std::vector<ResourceNote> recovery_assets;  ///< what the surviving side has for recovery (backups, alarms, secret replica)
  std::vector<AutomaticAction> automatic_actions;
  dr::Runbook runbook;  ///< the manual steps
  std::optional<std::string> promotion_target;  ///< address of the DR replica to promote
  bool total_outage = false;  ///< no database role survives and none can be promoted
  std::optional<SecondsRange> rto_seconds;  ///< none when there is no in-stack recovery path
  std::optional<SecondsRange> rpo_seconds;  ///< data-loss window, when it can be bounded
  std::string rto;  ///< the estimate in words
  std::string rpo;  ///< the data-loss window in words
  std::vector<std::string> assumptions;
  std::vector<std::string> warnings;
};

/// @brief Simulates the loss of @p domain. Throws SpecError (code unknown_failure_domain,
///        subject "fail") when the stack has nothing in it, listing its regions and AZs.
///
/// @code{.cpp}
/// rdha::Stack stack = rdha::stack::build_ha_stack({});
/// auto report = rdha::analysis::simulate(stack, rdha::analysis::FailureDomain::parse("region:us-east-1"));
/// std::cout << rdha::analysis::format_text(report);
/// @endcode
DrillReport simulate(const Stack& stack, const FailureDomain& domain);

/// @brief The drill for people: roles lost and surviving, automatic actions, estimates,
///        warnings, then the runbook.
std::string format_text(const DrillReport& report);

/// @brief The drill as JSON (see docs/drill.md).
nlohmann::json to_json(const DrillReport& report);

}  // namespace rdha::analysis
