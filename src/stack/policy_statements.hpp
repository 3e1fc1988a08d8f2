// Builders of IAM policy document statements, shared by the modules that write policies
// (IAM roles, the state bootstrap). Internal to src/stack.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "rdha/aws/aws.hpp"

namespace rdha::stack::policy {

using Document = aws::data::IamPolicyDocument;
using Statement = Document::Statement;
using Strings = std::vector<std::string>;
using Arns = std::vector<Arg<tf::String>>;

inline Arns literals(const Strings& values) {
  Arns out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

/// @brief An Allow statement of @p actions on @p resources.
inline Statement allow(std::string sid, const Strings& actions, const Arns& resources) {
  Statement s;
  s.sid(std::move(sid)).effect("Allow").actions(literals(actions)).resources(resources);
  return s;
}

inline Statement::Condition condition(std::string test, std::string variable, const Arg<tf::List<tf::String>>& values) {
  Statement::Condition c;
  c.test(std::move(test)).variable(std::move(variable)).values(values);
  return c;
}

inline Statement::Principals principals(std::string type, const Arg<tf::Set<tf::String>>& identifiers) {
  Statement::Principals p;
  p.type(std::move(type)).identifiers(identifiers);
  return p;
}

}  // namespace rdha::stack::policy
