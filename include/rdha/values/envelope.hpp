// rdha/values/envelope.hpp — what every JSON document rdha prints or writes carries at its
// top level, so that a consumer can tell which rdha, and which spec, produced it:
//   "tool":      {"name": "rdha", "version": "<rdha's version>"}
//   "spec_hash": "sha256:<hex>" of the effective spec (spec_hash() in rdha/stack/spec.hpp),
//                or null for an output that no spec went into (plan-check reads a plan only)
// (README, "JSON outputs").
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace rdha {

/// @brief {"name": "rdha", "version": "<version>"}.
nlohmann::json tool_json();

/// @brief @p document (an object) with "tool" and "spec_hash" set.
nlohmann::json with_envelope(nlohmann::json document, const std::optional<std::string>& spec_hash);

}  // namespace rdha
