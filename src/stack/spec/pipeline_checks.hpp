// The rules of the spec's `pipeline` section (the CI pipeline and its OIDC trust) that
// relate its fields to each other and to the rest of the spec. Internal to src/stack/spec.
#pragma once

#include <vector>

#include "rdha/error.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack::fields {

/// @brief The problems of spec.pipeline: the repository's shape for its CI and no
///        wildcards, the branch and environment names, the cron schedule, the provider ARN's
///        issuer; enabled, it needs remote state and refuses the random password source.
std::vector<Problem> pipeline_problems(const HaStackSpec& spec);

}  // namespace rdha::stack::fields
