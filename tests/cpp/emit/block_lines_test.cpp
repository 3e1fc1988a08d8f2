// Block positions in the rendered files: each address maps to the line that opens its block,
// in the file that holds it; nested keys and JSON strings that look like blocks are not blocks.
#include "rdha/emit/block_lines.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(BlockLines, EveryBlockOfTheDefaultStackOpensOnItsLine) {
  const Stack stack = stack::build_ha_stack(stack::HaStackSpec{});
  const auto files = rendered_tf_json(stack);
  const auto lines = block_lines(files);
  std::size_t resources = 0;
  for (const auto& [file, document] : to_tf_json(stack))
    for (const auto& block : document.value("resource", nlohmann::json::array()))
      for (const auto& [type, named] : block.items())
        for (const auto& [name, body] : named.items()) {
          const std::string address = type + "." + name;
          ASSERT_TRUE(lines.contains(address)) << address;
          const BlockLine& at = lines.at(address);
          EXPECT_EQ(at.file, file) << address;
          const auto text = lines_of(files.at(file));
          ASSERT_LE(at.line, static_cast<int>(text.size())) << address;
          EXPECT_EQ(text[at.line - 1].substr(text[at.line - 1].find_first_not_of(' ')), "\"" + name + "\": {")
              << address;
          // The type's key is the line above: the name is the block's, not a nested key's.
          EXPECT_NE(text[at.line - 2].find("\"" + type + "\": {"), std::string::npos) << address;
          ++resources;
        }
  EXPECT_GT(resources, 100u);
  EXPECT_EQ(lines.at("terraform").file, "versions.tf.json");
  EXPECT_EQ(lines.at("output.primary_endpoint").file, "outputs.tf.json");
  EXPECT_TRUE(lines.contains("data.aws_caller_identity.current"));
  EXPECT_TRUE(lines.contains("provider.aws"));
}

TEST(BlockLines, NestedKeysAndStringsAreNotBlocks) {
  const std::string text =
      "{\n"
      "  \"resource\": [\n"
      "    {\n"
      "      \"aws_iam_role\": {\n"
      "        \"ops\": {\n"
      "          \"assume_role_policy\": \"{\\\"a\\\": {}}\",\n"
      "          \"lifecycle\": {\n"
      "            \"ignore_changes\": [\n"
      "            ]\n"
      "          }\n"
      "        },\n"
      "        \"second\": {\n"
      "        }\n"
      "      }\n"
      "    }\n"
      "  ],\n"
      "  \"terraform\": {\n"
      "    \"backend\": {\n"
      "      \"s3\": {\n"
      "      }\n"
      "    }\n"
      "  }\n"
      "}\n";
  const auto lines = block_lines({{"x.tf.json", text}});
  EXPECT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines.at("aws_iam_role.ops").line, 5);
  EXPECT_EQ(lines.at("aws_iam_role.second").line, 12);
  EXPECT_EQ(lines.at("terraform").line, 17);
  EXPECT_EQ(lines.at("terraform.backend.s3").line, 19);
}

}  // namespace
}  // namespace rdha
