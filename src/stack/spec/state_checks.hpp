// The rules of the spec's `state` section (remote state in S3) that relate its fields to
// each other and to the rest of the spec. Internal to src/stack/spec.
#pragma once

#include <vector>

#include "rdha/error.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack::fields {

/// @brief The problems of spec.state (bucket and key rules, the account in the bucket name,
///        the region among the stack's, the key ARN in the bucket's region and account, the
///        lock table with its locking, the policy attachment).
std::vector<Problem> state_problems(const HaStackSpec& spec);

/// @brief What `rdha bootstrap` needs beyond a valid spec: a bucket to create (the bucket's
///        own rules, its account among them, are state_problems').
std::vector<Problem> bootstrap_problems(const HaStackSpec& spec);

}  // namespace rdha::stack::fields
