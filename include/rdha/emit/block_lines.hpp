// rdha/emit/block_lines.hpp — where each block of the emitted Terraform JSON starts.
//
// Code-scanning tools place a result on a file and a line ("SARIF support for code
// scanning", GitHub Docs: a result needs a physical location); rdha's findings name block
// addresses. This map joins them: for every block of the rendered files (exactly the bytes
// write_tf_json writes), the file name and the 1-based line of the block's name.
#pragma once

#include <map>
#include <string>

#include "rdha/analysis/sarif.hpp"
#include "rdha/core/stack.hpp"

namespace rdha {

/// @brief A position in an output file.
struct BlockLine {
  std::string file;  ///< output file name, e.g. "database.tf.json"
  int line = 0;      ///< 1-based line of the block's name
};

/// @brief Line of every block in rendered output text: resources "TYPE.NAME", data sources
///        "data.TYPE.NAME", ephemeral resources "ephemeral.TYPE.NAME", outputs
///        "output.NAME", variables "var.NAME", providers "provider.NAME" (the first
///        configuration), "terraform" and its backend "terraform.backend.TYPE".
std::map<std::string, BlockLine> block_lines(const std::map<std::string, std::string>& rendered_files);

/// @brief block_lines of the stack's rendered files (rendered_tf_json).
std::map<std::string, BlockLine> block_lines(const Stack& stack);

/// @brief The SARIF locations of @p blocks written under @p tf_dir (relative to the
///        repository root, e.g. "terraform_out"; "" or "." for the root): every address at
///        "<tf_dir>/<file>" and its line; findings outside any block ("" entry) at
///        @p spec_path line 1, or at the terraform block's file when there is no spec file.
analysis::SourceLocations source_locations(const std::map<std::string, BlockLine>& blocks, const std::string& tf_dir,
                                           const std::string& spec_path);

}  // namespace rdha
