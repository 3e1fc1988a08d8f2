// rdha/emit/pipeline.hpp — the CI definition of the stack's repository (`rdha pipeline`,
// docs/pipeline.md): a fresh check of the committed output, fmt and validate, the policy
// check as SARIF, a saved plan gated by `rdha plan-check`, a manually approved apply of
// exactly that plan, and a scheduled drift plan that alerts the primary alarm topic.
// Authentication through the Terraform-execution role's OIDC trust (spec.pipeline).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rdha/stack/spec.hpp"

namespace rdha {

/// @brief What `rdha pipeline` takes besides the spec.
struct PipelineOptions {
  /// the spec file as the jobs see it: relative to the repository root, where the
  /// pipeline runs
  std::string config_path;
  std::string tf_dir = "terraform_out";        ///< the synthesised output, relative to the root
  std::optional<stack::CiService> ci;          ///< overrides spec.pipeline.ci
};

/// @brief The CI definition: ".github/workflows/rdha.yml" or ".gitlab-ci.yml" → its YAML.
///        Same spec and options, same bytes.
/// @throws SpecError when the spec is invalid, or pipeline or state is not enabled.
std::map<std::string, std::string> pipeline_files(const stack::HaStackSpec& spec, const PipelineOptions& options);

/// @brief pipeline_files() written into @p directory (the repository root) by the output
///        writer (write_files_atomically): only rdha's own files change. Returns the names.
std::vector<std::string> write_pipeline(const stack::HaStackSpec& spec, const PipelineOptions& options,
                                        const std::filesystem::path& directory);

}  // namespace rdha
