// rdha/emit/output_check.hpp — is an output directory what a write would make it?
// (`rdha synth --check`). Reads only; with a manifest, files rdha does not own (overrides,
// .terraform/, state) are not looked at.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rdha {

/// @brief One file a write would change.
struct StaleFile {
  enum class Reason {
    missing,  ///< a write would create it
    stale,    ///< its bytes differ from what a write would put there
    extra     ///< rdha owns it (manifest) and a write would remove it; without a manifest,
              ///< any *.tf or *.tf.json a write would not produce (Terraform would load it)
  };
  std::string name;  ///< relative to the directory
  Reason reason;
};

/// @brief "missing", "stale" or "extra".
std::string_view to_string(StaleFile::Reason reason) noexcept;

/// @brief What a write of @p files into @p directory would change, sorted by name; empty
///        when the directory is fresh. Owned files are the manifest's
///        (kManifestFileName); without one (a fresh checkout: the manifest is not
///        committed), every *.tf and *.tf.json of the directory that a write would not
///        produce is extra, since Terraform loads it with the stack.
/// @throws EmitError when the manifest cannot be read or parsed, or a file cannot be read.
std::vector<StaleFile> compare_output(const std::map<std::string, std::string>& files,
                                      const std::filesystem::path& directory);

}  // namespace rdha
