// Nested blocks of the covered providers' configurations (rdha/schema/provider_config.hpp),
// from `terraform providers schema -json` (provider_schemas.*.provider.block.block_types)
// of the same releases as the type facts: hashicorp/aws 5.100.0 has five, all nesting
// "list" (endpoints "set") with attributes only inside; hashicorp/random 3.6.3 has none.
// Provider arguments: https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs#argument-reference
#include "rdha/schema/provider_config.hpp"

#include <memory>

namespace rdha::schema {
namespace {

BlockFacts with_blocks(std::initializer_list<std::pair<const char*, Nesting>> blocks) {
  BlockFacts facts;
  for (const auto& [name, nesting] : blocks)
    facts.blocks.emplace(name, NestedBlockFacts{nesting, 0, 0, std::make_shared<const BlockFacts>()});
  return facts;
}

}  // namespace

const BlockFacts* provider_config_facts(std::string_view local_name) {
  static const BlockFacts aws = with_blocks({{"assume_role", Nesting::list},
                                             {"assume_role_with_web_identity", Nesting::list},
                                             {"default_tags", Nesting::list},
                                             {"endpoints", Nesting::set},
                                             {"ignore_tags", Nesting::list}});
  static const BlockFacts random;
  if (local_name == "aws") return &aws;
  if (local_name == "random") return &random;
  return nullptr;
}

}  // namespace rdha::schema
