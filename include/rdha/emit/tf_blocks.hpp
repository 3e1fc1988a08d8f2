// rdha/emit/tf_blocks.hpp — the configuration of a stack as files of ordered top-level
// blocks, the model both output formats render: Terraform JSON (tf_json.hpp) and the
// native syntax (tf_hcl.hpp).
//
// Every body is in Terraform's JSON syntax ("JSON Configuration Syntax",
// https://developer.hashicorp.com/terraform/language/syntax/json): strings of expression
// arguments are templates ("${aws_vpc.primary.id}"), meta-arguments are as that syntax
// spells them (`provider` "aws.dr", `depends_on` addresses, a `lifecycle` object), and
// a nested block is an object or a list of objects. Which file a block lands in, the
// order of the blocks and the meta-arguments are decided here, once, for both formats.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"

namespace rdha {

/// @brief One top-level block: `resource "aws_vpc" "primary" { ... }`.
struct TfBlock {
  std::string type;                 ///< terraform, provider, variable, locals, resource, data,
                                    ///< ephemeral, removed, import or output
  std::vector<std::string> labels;  ///< resource/data/ephemeral: TYPE, NAME; provider,
                                    ///< variable, output: NAME; the others: none
  nlohmann::json body;              ///< object, in the JSON syntax (see above)
};

/// @brief The blocks of each output file, by the file's name without its extension
///        ("versions", "providers", "variables", "network", ..., "main", "state",
///        "outputs"): the terraform block, provider configurations, variables then locals,
///        resources / data sources / ephemeral resources in topological order, removed then
///        import blocks, outputs by name.
using TfFiles = std::map<std::string, std::vector<TfBlock>>;

/// @brief The files of a validated stack. Throws what Stack::validate throws.
TfFiles tf_blocks(const Stack& stack);

}  // namespace rdha
