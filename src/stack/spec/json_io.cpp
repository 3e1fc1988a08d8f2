// HaStackSpec <-> JSON: output of every field (fields::encode), strict input merged over the defaults.
//
// Input is read in three steps: config text is parsed within the limits of a spec
// (config_text.cpp: nesting depth, keys given twice, NUL bytes, numbers beyond a double);
// the config is merged over to_json(defaults) as a JSON Merge Patch; the merged document
// is decoded field by field through the field table, collecting every unknown key and
// wrong type instead of stopping at the first.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "config_text.hpp"
#include "problem_text.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/spec.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack {
namespace {

using fields::child_path;
using fields::Constraints;
using fields::kIsSpecStruct;
using nlohmann::json;

template <class T>
struct IsStringMap : std::false_type {};
template <>
struct IsStringMap<std::map<std::string, std::string>> : std::true_type {};

// Subject of problems with the document as a whole.
constexpr const char* kRootSubject = "config";

std::string subject_of(const std::string& path) { return path.empty() ? kRootSubject : path; }

// The value as JSON text, shortened (never inside a character) so a huge object cannot
// flood the message. Invalid UTF-8 (a C++ caller's string) is replaced, not thrown over.
std::string render(const json& value) {
  const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() <= 80) return text;
  return std::string(fields::utf8_prefix(text, 77)) + "...";
}

// ---- input ---------------------------------------------------------------------------------

class Decoder {
 public:
  std::vector<Problem> problems;

  template <class T>
  void decode(const json& in, const std::string& path, T& out) {
    if constexpr (kIsSpecStruct<T>) {
      decode_struct(in, path, out);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (in.is_string())
        out = in.get<std::string>();
      else
        wrong_type(path, "a string", in);
    } else if constexpr (std::is_same_v<T, bool>) {
      if (in.is_boolean())
        out = in.get<bool>();
      else
        wrong_type(path, "a boolean (true or false)", in);
    } else if constexpr (std::is_integral_v<T>) {
      decode_integer(in, path, out);
    } else if constexpr (std::is_floating_point_v<T>) {
      if (in.is_number())
        out = in.get<T>();
      else
        wrong_type(path, "a number", in);
    } else if constexpr (std::is_enum_v<T>) {
      decode_enum(in, path, out);
    } else if constexpr (fields::IsList<T>::value) {
      if (!in.is_array()) return wrong_type(path, "an array", in);
      T items;
      for (std::size_t i = 0; i < in.size(); ++i) {
        typename T::value_type item{};
        decode(in[i], fmt::format("{}[{}]", path, i), item);
        items.push_back(std::move(item));
      }
      out = std::move(items);
    } else if constexpr (IsStringMap<T>::value) {
      if (!in.is_object()) return wrong_type(path, "an object of strings", in);
      T entries;
      for (const auto& [key, value] : in.items()) {
        if (value.is_string())
          entries[key] = value.template get<std::string>();
        else
          wrong_type(child_path(path, key), "a string", value);
      }
      out = std::move(entries);
    } else {
      static_assert(!sizeof(T), "no JSON decoding for this field type");
    }
  }

 private:
  struct KeyLister {
    std::vector<std::string> keys;
    template <class T>
    void field(std::string_view key, T&, std::string_view, const Constraints& = {}) {
      keys.emplace_back(key);
    }
  };

  struct FieldReader {
    Decoder& decoder;
    const json& in;
    const std::string& path;
    template <class T>
    void field(std::string_view key, T& value, std::string_view, const Constraints& rule = {}) {
      const auto it = in.find(key);
      if (it == in.end() || it->is_null()) {
        // Absent means "keep the default"; only array items (no default) require keys.
        if (rule.required) decoder.problems.push_back({child_path(path, key), "is required here and missing."});
        return;
      }
      decoder.decode(*it, child_path(path, key), value);
    }
  };

  template <class T>
  void decode_struct(const json& in, const std::string& path, T& out) {
    if (!in.is_object()) return wrong_type(path, "an object", in);
    KeyLister lister;
    fields::describe(lister, out);
    for (const auto& [key, value] : in.items()) {
      if (std::find(lister.keys.begin(), lister.keys.end(), key) != lister.keys.end()) continue;
      const std::string suggestion = closest_match(key, lister.keys);
      const std::string hint = suggestion.empty() ? fmt::format(" Known keys here: {}.", fmt::join(lister.keys, ", "))
                                                  : fmt::format(" Did you mean \"{}\"?", suggestion);
      problems.push_back({child_path(path, key), fmt::format("is not a known key (value {}).{}", render(value), hint)});
    }
    FieldReader reader{*this, in, path};
    fields::describe(reader, out);
  }

  template <class T>
  void decode_integer(const json& in, const std::string& path, T& out) {
    if (!in.is_number_integer()) return wrong_type(path, "an integer", in);
    const bool fits = in.is_number_unsigned()
                          ? in.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                          : in.get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                                in.get<std::int64_t>() <= std::numeric_limits<T>::max();
    if (!fits)
      return problems.push_back(
          {subject_of(path), fmt::format("must be an integer between {} and {}, got {}.", std::numeric_limits<T>::min(),
                                         std::numeric_limits<T>::max(), render(in))});
    out = in.get<T>();
  }

  template <class E>
  void decode_enum(const json& in, const std::string& path, E& out) {
    const auto& names = fields::spec_enum<E>().values;
    const std::string choices = fmt::format("one of \"{}\"", fmt::join(names, "\", \""));
    if (!in.is_string()) return wrong_type(path, choices, in);
    const auto text = in.get<std::string>();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == text) {
        out = static_cast<E>(i);
        return;
      }
    }
    const std::string suggestion = closest_match(text, std::vector<std::string>(names.begin(), names.end()));
    problems.push_back(
        {subject_of(path), fmt::format("must be {}, got {}.{}", choices, render(in),
                                       suggestion.empty() ? "" : fmt::format(" Did you mean \"{}\"?", suggestion))});
  }

  void wrong_type(const std::string& path, std::string_view expected, const json& got) {
    problems.push_back({subject_of(path), fmt::format("must be {}, got {}.", expected, render(got))});
  }
};

// Fields whose name or shape changed: the problem names the new field, so an old config
// fails with the fix instead of a bare "unknown key" or "wrong type".
std::vector<Problem> retired_fields(const json& config) {
  std::vector<Problem> out;
  const auto at = [&](const char* section, const char* key) -> const json* {
    const auto s = config.find(section);
    if (s == config.end() || !s->is_object()) return nullptr;
    const auto k = s->find(key);
    return k == s->end() || k->is_null() ? nullptr : &*k;
  };
  if (const json* old = at("failover", "max_replica_lag_seconds"))
    out.push_back({"failover.max_replica_lag_seconds",
                   fmt::format("was replaced by failover.max_data_loss_seconds (value {}): the automation no longer "
                               "refuses on the DR replica's last lag, which grows one second per second once the "
                               "primary region is gone; it estimates the data loss and asks for approval above "
                               "max_data_loss_seconds.",
                               render(*old))});
  if (const json* old = at("monitoring", "notification_endpoints"); old != nullptr && old->is_array())
    out.push_back({"monitoring.notification_endpoints",
                   fmt::format("is a list ({}); it is per region now: {{\"primary\": [...], \"dr\": [...]}}. An SQS "
                               "queue or Lambda function of the primary region cannot serve the DR region's topic "
                               "while the primary region is down.",
                               render(*old))});
  return out;
}

}  // namespace

json to_json(const HaStackSpec& spec) { return fields::encode(spec); }

namespace {

// Decodes @p config merged over the defaults and validates the result; @p problems holds
// what was already found in the config text, reported together with the rest.
HaStackSpec read_config(const json& config, std::vector<Problem> problems) {
  if (!config.is_object())
    throw SpecError::invalid({{kRootSubject, fmt::format("must be a JSON object, got {}.", render(config))}});
  if (auto retired = retired_fields(config); !retired.empty()) throw SpecError::invalid(std::move(retired));
  json merged = to_json(HaStackSpec{});
  merged.merge_patch(config);

  Decoder decoder;
  HaStackSpec spec;
  decoder.decode(merged, "", spec);
  problems.insert(problems.end(), decoder.problems.begin(), decoder.problems.end());
  // Fields that could not be read kept their defaults, so validating what was read still
  // reports every independent problem in one pass; only the unread fields' own checks
  // are dropped (they would judge a default the user never wrote).
  const auto unread = [&](const std::string& subject) {
    return std::any_of(decoder.problems.begin(), decoder.problems.end(), [&](const Problem& p) {
      return subject == p.subject || subject.rfind(p.subject + ".", 0) == 0 || subject.rfind(p.subject + "[", 0) == 0;
    });
  };
  for (auto& problem : validate(spec))
    if (!unread(problem.subject)) problems.push_back(std::move(problem));
  if (!problems.empty()) throw SpecError::invalid(std::move(problems));
  return spec;
}

}  // namespace

HaStackSpec spec_from_json(const json& config) {
  // A document built in memory (Python's from_dict, a C++ caller) gets the same depth
  // limit as config text before anything recursive walks it.
  if (const auto path = fields::first_too_deep(config)) throw SpecError::invalid({fields::too_deep(*path)});
  return read_config(config, {});
}

HaStackSpec spec_from_json_text(std::string_view text, std::string_view source_name) {
  fields::ConfigText config = fields::parse_config_text(text, source_name);
  return read_config(config.document, std::move(config.duplicate_keys));
}

}  // namespace rdha::stack
