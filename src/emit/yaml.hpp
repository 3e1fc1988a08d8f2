// A small YAML writer for the CI definitions (pipeline.cpp): block mappings in insertion
// order, block sequences, and scalars written so that any YAML 1.1 or 1.2 reader reads
// back exactly the string, integer or boolean given. Same tree, same bytes. Internal to
// src/emit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rdha::detail {

class Yaml {
 public:
  /// @brief A string scalar: plain when that reads back as the same string, else
  ///        double-quoted; text with a newline becomes a literal block (`|`).
  static Yaml text(std::string value);
  static Yaml integer(std::int64_t value);
  static Yaml boolean(bool value);
  static Yaml map();
  static Yaml list();
  /// @brief A list of string scalars.
  static Yaml texts(const std::vector<std::string>& values);

  /// @brief Adds @p key (a mapping) and returns *this.
  Yaml& set(std::string key, Yaml value);
  /// @brief Appends @p value (a sequence) and returns *this.
  Yaml& add(Yaml value);

  /// @brief The document: the tree, a trailing newline.
  std::string render() const;

 private:
  enum class Kind { scalar, mapping, sequence };
  Kind kind_ = Kind::scalar;
  std::string scalar_;  // the scalar as written (quoted, plain or a literal block's text)
  bool block_ = false;  // a literal block scalar
  std::vector<std::pair<std::string, Yaml>> entries_;
  std::vector<Yaml> items_;

  void render(std::string& out, int indent) const;
  void render_value_after(std::string& out, int indent) const;
};

}  // namespace rdha::detail
