// rdha/schema/provider_config.hpp — the nested blocks of a provider's own configuration
// (`provider "aws" { default_tags { ... } }`), which the type facts (schema.hpp) do not
// carry: the native syntax writes a block and an attribute differently.
#pragma once

#include <string_view>

#include "rdha/schema/schema.hpp"

namespace rdha::schema {

/// @brief The configuration body of the provider @p local_name ("aws", "random"): its
///        nested blocks (their bodies hold attributes only); nullptr for a provider the
///        facts do not cover.
const BlockFacts* provider_config_facts(std::string_view local_name);

}  // namespace rdha::schema
