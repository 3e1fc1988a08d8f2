// rdha/emit/tf_modules.hpp — the modules layout: the flat files of tf_blocks.hpp cut into
// a root module that calls one child module per region and concern
// (`modules/primary_network`, `modules/dr_database`, ...).
//
// Every block keeps its labels and body; only references across a module boundary change:
// the producing module outputs the value, the consuming module declares it as an input
// variable (typed from the provider schema facts, `sensitive` and `ephemeral` kept) and
// reads `var.N`; the root wires `N = module.PRODUCER.N`. A `depends_on` across a boundary
// becomes a reference to the producer's `id` output (never a module-level depends_on,
// which defers every data source of the module). Provider configurations stay in the root
// and are passed with `providers = {}`; `moved` blocks take a flat state to the module
// addresses. How and why: docs/modules.md.
#pragma once

#include <string>
#include <vector>

#include "rdha/core/stack.hpp"
#include "rdha/emit/tf_blocks.hpp"

namespace rdha {

/// @brief One child module: its name ("dr_network", the directory under modules/), its
///        files ("versions", "variables", "main", "outputs") and its README.md text.
struct TfModule {
  std::string name;
  TfFiles files;
  std::string readme;
};

/// @brief The root module's files ("versions", "providers", "variables", "main" with the
///        module calls, "moved", "state", "outputs") and the child modules in call order.
struct TfModuleLayout {
  TfFiles root;
  std::vector<TfModule> modules;
};

/// @brief The module of a resource block: "<region label>_<file>", the label being the
///        provider alias ("aws.dr" → "dr") or "primary" for a default configuration.
std::string tf_module_of(const TfBlock& block, const std::string& file);

/// @brief The flat files @p flat (tf_blocks()) cut into modules. Throws EmitError when two
///        values would share one input name or a reference cannot cross (a
///        replace_triggered_by to another module).
TfModuleLayout tf_module_layout(const TfFiles& flat);

/// @brief tf_module_layout(tf_blocks(stack)). Throws what Stack::validate throws.
TfModuleLayout tf_module_layout(const Stack& stack);

}  // namespace rdha
