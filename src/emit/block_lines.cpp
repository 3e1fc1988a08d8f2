// Block positions in the rendered Terraform JSON (rdha/emit/block_lines.hpp). The text is
// rdha's own rendering (2-space indent, one key per line), so a key's indentation gives its
// depth: a line `<indent>"key": {` or `[` opens a level; the keys on the way down form the
// block's path (array items add no key).
#include "rdha/emit/block_lines.hpp"

#include <string_view>
#include <vector>

#include "rdha/emit/tf_json.hpp"

namespace rdha {
namespace {

// The address of a path of keys, or "" when the path is not a block.
std::string address_of(const std::vector<std::string>& path) {
  if (path.empty()) return {};
  const std::string& kind = path[0];
  if (kind == "resource" && path.size() == 3) return path[1] + "." + path[2];
  if ((kind == "data" || kind == "ephemeral") && path.size() == 3) return kind + "." + path[1] + "." + path[2];
  if (kind == "output" && path.size() == 2) return "output." + path[1];
  if (kind == "variable" && path.size() == 2) return "var." + path[1];
  if (kind == "provider" && path.size() == 2) return "provider." + path[1];
  if (kind == "terraform" && path.size() == 1) return "terraform";
  if (kind == "terraform" && path.size() == 3 && path[1] == "backend") return "terraform.backend." + path[2];
  return {};
}

void scan(const std::string& file, std::string_view text, std::map<std::string, BlockLine>& out) {
  std::vector<std::pair<std::size_t, std::string>> open;  // (indent, key) of the levels above
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos || line[indent] != '"') continue;
    const std::size_t close = line.find("\": ", indent + 1);
    if (close == std::string_view::npos) continue;
    const char opener = line.size() > close + 3 ? line[close + 3] : '\0';
    if (opener != '{' && opener != '[') continue;
    while (!open.empty() && open.back().first >= indent) open.pop_back();
    open.emplace_back(indent, std::string(line.substr(indent + 1, close - indent - 1)));
    std::vector<std::string> path;
    for (const auto& [depth, key] : open) path.push_back(key);
    const std::string address = address_of(path);
    if (!address.empty()) out.try_emplace(address, BlockLine{file, number});
  }
}

}  // namespace

std::map<std::string, BlockLine> block_lines(const std::map<std::string, std::string>& rendered_files) {
  std::map<std::string, BlockLine> out;
  for (const auto& [file, text] : rendered_files) scan(file, text, out);
  return out;
}

std::map<std::string, BlockLine> block_lines(const Stack& stack) { return block_lines(rendered_tf_json(stack)); }

analysis::SourceLocations source_locations(const std::map<std::string, BlockLine>& blocks, const std::string& tf_dir,
                                           const std::string& spec_path) {
  const std::string prefix = tf_dir.empty() || tf_dir == "." ? "" : tf_dir + "/";
  analysis::SourceLocations out;
  for (const auto& [address, at] : blocks) out[address] = {prefix + at.file, at.line};
  out[""] = spec_path.empty() ? analysis::SourceLocation{prefix + "versions.tf.json", 1}
                              : analysis::SourceLocation{spec_path, 1};
  return out;
}

}  // namespace rdha
