// rdha/analysis/waiver.hpp — a reviewer's acceptance of findings, shared by `rdha check` and
// `rdha plan-check`.
//
// A waiver names a rule, an address and a reason. It accepts the findings it matches: they
// stay in the report, marked waived with the reason, and no longer fail the run. Waivers come
// from the spec (`check.waivers`: in source) or from a file (`--waivers FILE`: external);
// both are a JSON list of {"rule", "address", "reason"} objects (docs/check.md, "Waivers").
// A waiver that matches nothing is reported, so that a stale one is noticed.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/analysis/finding.hpp"

namespace rdha::analysis {

/// @brief A reviewer's acceptance of the findings of one rule at matching addresses.
struct Waiver {
  /// The address: exact ("aws_db_instance.primary"); with `glob`, also a pattern where '*'
  /// matches any run of characters ("aws_db_instance.dr_*"), or "" for every address.
  std::string address;
  std::string reason;  ///< why it is accepted; echoed with each finding it waives; never empty
  /// only this rule's findings ("RDHA-DR-001"); empty: every rule's (plan-check's ADDRESS:REASON).
  std::string rule;
  WaiverOrigin origin = WaiverOrigin::external;
  /// where it is written, for messages: "check.waivers[0]", "waivers.json[2]", "--allow".
  std::string source;
  /// '*' in address is a glob and "" matches every address (check waivers, written as JSON);
  /// plan-check's --allow/--allow-file name one address exactly, because one '*' there would
  /// accept every blocking change of the plan, replacements of databases included.
  bool glob = true;

  /// @brief True when the waiver accepts @p finding.
  bool matches(const Finding& finding) const;
  bool operator==(const Waiver&) const = default;
};

/// @brief True when @p address matches @p pattern: equal, or '*' in @p pattern matching any
///        run of characters (none included); "" matches every address.
bool address_matches(std::string_view pattern, std::string_view address);

/// @brief Waivers from a JSON list of {"rule", "address" (optional), "reason"} objects;
///        @p field names the list in errors ("check.waivers", "waivers.json"). Throws SpecError
///        (code invalid) naming "<field>[i].<key>" for a wrong shape, a missing rule or an
///        empty reason.
std::vector<Waiver> waivers_from_json(const nlohmann::json& list, const std::string& field, WaiverOrigin origin);

/// @brief Reads a waiver file (`--waivers FILE`): the JSON list of waivers_from_json. Throws
///        SpecError (unreadable, too_large, malformed_json, invalid) naming @p path.
std::vector<Waiver> read_waivers_file(const std::string& path);

/// @brief Throws SpecError (code unknown_rule, subject "<source>.rule") for the first waiver
///        whose rule is not one of @p rule_ids, naming the nearest IDs and @p rule_list.
void require_known_rules(const std::vector<Waiver>& waivers, const std::vector<std::string>& rule_ids,
                         std::string_view rule_list = "docs/check.md");

/// @brief Marks each finding of @p findings that a waiver matches as waived (the first
///        matching waiver's reason and origin) and returns the waivers that matched none.
std::vector<Waiver> apply_waivers(const std::vector<Waiver>& waivers, std::vector<Finding>& findings);

/// @brief One waiver as JSON: {"rule", "address", "reason", "origin" ("in_source"/"external"), "source"}.
nlohmann::json to_json(const Waiver& waiver);

/// @brief The warning for a waiver that matched nothing: "waiver <source> (<rule> at <address>)
///        matches no finding; remove it or correct its rule or address".
std::string unmatched_warning(const Waiver& waiver);

}  // namespace rdha::analysis
