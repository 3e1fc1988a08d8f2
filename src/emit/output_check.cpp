// compare_output (rdha/emit/output_check.hpp): the files a write would create, change or
// remove, by the write's own ownership rules (atomic_write.hpp).
#include "rdha/emit/output_check.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "manifest.hpp"
#include "output_directory.hpp"
#include "rdha/emit/atomic_write.hpp"
#include "rdha/error.hpp"

namespace rdha {
namespace {

// The file's bytes; nullopt when there is no regular file.
std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw EmitError::unreadable(path.string(), std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw EmitError::unreadable(path.string(), std::strerror(errno));
  return text.str();
}

bool terraform_loads(const std::string& name) { return name.ends_with(".tf.json") || name.ends_with(".tf"); }

// The *.tf and *.tf.json files of the directory and of its modules/ subtree (the modules
// layout's child modules), relative to it; directories starting with "." (.terraform/)
// are not entered.
std::vector<std::string> terraform_files(const std::filesystem::path& directory) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec))
    if (terraform_loads(entry.path().filename().string()) && entry.is_regular_file(ec))
      out.push_back(entry.path().filename().string());
  const auto modules = directory / "modules";
  if (!std::filesystem::is_directory(std::filesystem::symlink_status(modules, ec))) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(modules, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec) && name.starts_with(".")) {
      it.disable_recursion_pending();
    } else if (terraform_loads(name) && it->is_regular_file(ec)) {
      out.push_back(it->path().lexically_relative(directory).generic_string());
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(StaleFile::Reason reason) noexcept {
  switch (reason) {
    case StaleFile::Reason::missing: return "missing";
    case StaleFile::Reason::stale: return "stale";
    case StaleFile::Reason::extra: return "extra";
  }
  return "?";
}

std::vector<StaleFile> compare_output(const std::map<std::string, std::string>& files,
                                      const std::filesystem::path& directory) {
  detail::refuse_unusable_path(directory);
  std::vector<StaleFile> out;
  for (const auto& [name, text] : files) {
    const auto current = read_file(directory / name);
    if (!current)
      out.push_back({name, StaleFile::Reason::missing});
    else if (*current != text)
      out.push_back({name, StaleFile::Reason::stale});
  }
  const auto manifest_path = directory / std::string(kManifestFileName);
  if (const auto manifest_text = read_file(manifest_path)) {
    for (const auto& name : detail::parse_manifest(*manifest_text, manifest_path.string()).files)
      if (!files.contains(name) && read_file(directory / name)) out.push_back({name, StaleFile::Reason::extra});
  } else {
    // No manifest, as in a fresh checkout (the manifest is per checkout, not committed):
    // rdha cannot tell its leftovers from other files, and Terraform loads every *.tf and
    // *.tf.json of the directory (either format's output, whichever is checked) and its
    // child modules load theirs, so each one a write would not produce is extra.
    for (const std::string& name : terraform_files(directory))
      if (!files.contains(name)) out.push_back({name, StaleFile::Reason::extra});
  }
  std::sort(out.begin(), out.end(), [](const StaleFile& a, const StaleFile& b) { return a.name < b.name; });
  return out;
}

}  // namespace rdha
