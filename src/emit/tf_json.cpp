// Terraform JSON documents of a Stack (rdha/emit/tf_json.hpp).
#include "rdha/emit/tf_json.hpp"

#include "rdha/emit/tf_blocks.hpp"
#include "rdha/emit/tf_output.hpp"

namespace rdha {
namespace {

// One block in the JSON syntax's shape: `resource`, `data` and `ephemeral` as an array of
// single-block objects (which keeps the topological order), provider configurations as
// an array per provider, `removed`, `import` and `moved` as arrays, the others (module
// calls too) as objects by name.
void add_block(nlohmann::json& document, const TfBlock& block) {
  nlohmann::json& slot = document[block.type];
  if (block.labels.size() == 2)
    slot.push_back({{block.labels[0], {{block.labels[1], block.body}}}});
  else if (block.type == "provider")
    slot[block.labels[0]].push_back(block.body);
  else if (block.labels.size() == 1)
    slot[block.labels[0]] = block.body;
  else if (block.type == "removed" || block.type == "import" || block.type == "moved")
    slot.push_back(block.body);
  else
    slot = block.body;  // terraform, locals
}

}  // namespace

std::map<std::string, nlohmann::json> to_tf_json(const Stack& stack) { return to_tf_json(tf_blocks(stack)); }

std::map<std::string, nlohmann::json> to_tf_json(const TfFiles& blocks_by_file) {
  std::map<std::string, nlohmann::json> files;
  for (const auto& [name, blocks] : blocks_by_file) {
    nlohmann::json& document = files[name + ".tf.json"] = nlohmann::json::object();
    for (const TfBlock& block : blocks) add_block(document, block);
  }
  return files;
}

std::string render(const nlohmann::json& document) { return document.dump(2) + "\n"; }

std::map<std::string, std::string> rendered_tf_json(const Stack& stack) { return rendered_tf_json(tf_blocks(stack)); }

std::map<std::string, std::string> rendered_tf_json(const TfFiles& blocks_by_file) {
  std::map<std::string, std::string> files;
  for (const auto& [name, document] : to_tf_json(blocks_by_file)) files[name] = render(document);
  return files;
}

std::vector<std::string> write_tf_json(const Stack& stack, const std::filesystem::path& directory) {
  return write_tf(stack, directory, TfFormat::json);
}

}  // namespace rdha
