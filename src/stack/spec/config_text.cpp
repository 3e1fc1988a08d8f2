// Reading config text (config_text.hpp): nlohmann's parser drives a SAX reader that builds
// the document itself, so it can stop at the nesting limit, name keys given twice, and
// report a number beyond a double's range as bad input. nlohmann's own DOM builder would
// keep the last of two equal keys and end the input silently at a NUL byte.
#include "config_text.hpp"

#include <fmt/format.h>

#include <utility>

#include "problem_text.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack::fields {
namespace {

using nlohmann::json;

// nlohmann's out_of_range id for "number overflow parsing '...'".
constexpr int kNumberOverflow = 406;

// 1-based line and column of byte offset @p offset (0-based) in @p text.
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

// nlohmann's message without its "[json.exception...] parse error at line l, column c: "
// prefix (rdha reports the position itself).
std::string parse_error_detail(const std::string& what) {
  const auto column = what.find("column ");
  if (column != std::string::npos) {
    const auto colon = what.find(": ", column);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const auto bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

std::string index_path(const std::string& path, std::size_t index) { return fmt::format("{}[{}]", path, index); }

// The SAX interface nlohmann::json::sax_parse drives (see nlohmann/detail/input/json_sax.hpp).
class Reader {
 public:
  struct Failure {
    std::size_t position = 0;  // 1-based byte index, as nlohmann reports it
    std::string token;
    int id = 0;
    std::string what;
  };

  bool null() { return place(nullptr); }
  bool boolean(bool value) { return place(value); }
  bool number_integer(json::number_integer_t value) { return place(value); }
  bool number_unsigned(json::number_unsigned_t value) { return place(value); }
  bool number_float(json::number_float_t value, const json::string_t&) { return place(value); }
  bool string(json::string_t& value) { return place(std::move(value)); }
  bool binary(json::binary_t& value) { return place(json::binary(std::move(value))); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& key) {
    Frame& frame = frames_.back();
    if (frame.value->contains(key))
      duplicates.push_back({child_path(frame.path, key),
                            "is given twice in the same object; only one of the two values could be used. Remove one."});
    frame.key = std::move(key);
    return true;
  }

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    failure = Failure{position, token, error.id, error.what()};
    return false;
  }

  json document;
  std::vector<Problem> duplicates;
  std::optional<Failure> failure;
  std::optional<std::string> too_deep_at;

 private:
  struct Frame {
    json* value;       // the open object or array, inside `document`
    std::string path;  // its field path
    std::string key;   // an object's key whose value comes next
  };

  std::string next_path() const {
    if (frames_.empty()) return {};
    const Frame& frame = frames_.back();
    return frame.value->is_object() ? child_path(frame.path, frame.key) : index_path(frame.path, frame.value->size());
  }

  // Puts @p value where the document expects the next value; returns where it went. An
  // object's slot or an array's last element stays in place while it is open: nothing is
  // added to its parent until it closes.
  json* put(json value) {
    if (frames_.empty()) {
      document = std::move(value);
      return &document;
    }
    Frame& frame = frames_.back();
    if (frame.value->is_object()) {
      json& slot = (*frame.value)[frame.key];
      slot = std::move(value);
      return &slot;
    }
    frame.value->push_back(std::move(value));
    return &frame.value->back();
  }

  bool place(json value) {
    put(std::move(value));
    return true;
  }

  bool open(json container) {
    std::string path = next_path();
    if (frames_.size() >= kMaxConfigDepth) {
      too_deep_at = std::move(path);
      return false;  // stops the parser
    }
    json* value = put(std::move(container));
    frames_.push_back({value, std::move(path), {}});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  std::vector<Frame> frames_;
};

}  // namespace

Problem too_deep(const std::string& path) {
  return {path.empty() ? "config" : path,
          fmt::format("nests objects and arrays more than {} levels deep; a spec nests at most five (compare with "
                      "`rdha defaults`).",
                      kMaxConfigDepth)};
}

ConfigText parse_config_text(std::string_view text, std::string_view source) {
  const std::string name(source);
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const auto [line, column] = line_and_column(text, nul);
    throw SpecError::malformed_json(name, line, column, "a NUL byte, which JSON text never holds (is it a binary file?)");
  }
  Reader reader;
  json::sax_parse(text.begin(), text.end(), &reader);
  if (reader.too_deep_at) throw SpecError::invalid({too_deep(*reader.too_deep_at)});
  if (const auto& failure = reader.failure) {
    const auto [line, column] = line_and_column(text, failure->position == 0 ? 0 : failure->position - 1);
    const std::string number = failure->token.size() <= kQuotedLimit
                                   ? failure->token
                                   : std::string(utf8_prefix(failure->token, kQuotedLimit)) + "...";
    const std::string detail =
        failure->id == kNumberOverflow
            ? fmt::format("the number {} is beyond the range of a 64-bit floating-point number", number)
            : std::string(utf8_prefix(well_formed_utf8(parse_error_detail(failure->what)), 200));
    throw SpecError::malformed_json(name, line, column, detail);
  }
  return {std::move(reader.document), std::move(reader.duplicates)};
}

std::optional<std::string> first_too_deep(const json& document) {
  struct Open {
    const json* value;
    std::size_t depth;
    std::string path;
  };
  std::vector<Open> pending{{&document, 1, ""}};
  while (!pending.empty()) {
    Open open = std::move(pending.back());
    pending.pop_back();
    if (!open.value->is_structured()) continue;
    if (open.depth > kMaxConfigDepth) return open.path;
    if (open.value->is_object()) {
      for (const auto& [key, item] : open.value->items())
        if (item.is_structured()) pending.push_back({&item, open.depth + 1, child_path(open.path, key)});
    } else {
      for (std::size_t i = 0; i < open.value->size(); ++i)
        if ((*open.value)[i].is_structured())
          pending.push_back({&(*open.value)[i], open.depth + 1, index_path(open.path, i)});
    }
  }
  return std::nullopt;
}

}  // namespace rdha::stack::fields
