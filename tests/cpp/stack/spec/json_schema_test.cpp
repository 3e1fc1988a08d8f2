// Tests of spec_json_schema(): the default spec conforms to it (checked by a tiny
// structural validator below), every field of to_json() is described, and its defaults
// are the spec's defaults.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

// GCC 12 reports false -Wmaybe-uninitialized positives inside <regex> at -O2.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>

#include "rdha/stack/spec.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

// A small subset of JSON Schema 2020-12, enough for the keywords spec_json_schema() uses:
// type, enum, properties, required, additionalProperties, items, anyOf, numeric bounds,
// multipleOf, pattern, minItems/maxItems/uniqueItems.
void check(const json& schema, const json& value, const std::string& path, std::vector<std::string>& errors) {
  const auto fail = [&](const std::string& why) { errors.push_back(path + ": " + why); };
  if (schema.contains("type")) {
    const std::string type = schema["type"];
    const bool ok = (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
                    (type == "string" && value.is_string()) || (type == "boolean" && value.is_boolean()) ||
                    (type == "integer" && value.is_number_integer()) || (type == "number" && value.is_number());
    if (!ok) return fail("not of type " + type);
  }
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end())
    fail("not in enum");
  if (schema.contains("anyOf")) {
    bool any = false;
    for (const auto& option : schema["anyOf"]) {
      std::vector<std::string> sub;
      check(option, value, path, sub);
      any = any || sub.empty();
    }
    if (!any) fail("matches no anyOf option");
  }
  if (value.is_number()) {
    const double v = value.get<double>();
    if (schema.contains("minimum") && v < schema["minimum"].get<double>()) fail("below minimum");
    if (schema.contains("maximum") && v > schema["maximum"].get<double>()) fail("above maximum");
    if (schema.contains("exclusiveMinimum") && v <= schema["exclusiveMinimum"].get<double>()) fail("not above minimum");
    if (schema.contains("multipleOf") && std::fmod(v, schema["multipleOf"].get<double>()) != 0) fail("not a multiple");
  }
  if (value.is_string() && schema.contains("pattern") &&
      !std::regex_search(value.get<std::string>(), std::regex(schema["pattern"].get<std::string>())))
    fail("does not match " + schema["pattern"].get<std::string>());
  if (value.is_array()) {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>()) fail("too few items");
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>()) fail("too many items");
    if (schema.value("uniqueItems", false))
      for (std::size_t i = 0; i < value.size(); ++i)
        for (std::size_t j = i + 1; j < value.size(); ++j)
          if (value[i] == value[j]) fail("items not unique");
    if (schema.contains("items"))
      for (std::size_t i = 0; i < value.size(); ++i)
        check(schema["items"], value[i], path + "[" + std::to_string(i) + "]", errors);
  }
  if (value.is_object()) {
    for (const auto& key : schema.value("required", json::array()))
      if (!value.contains(key.get<std::string>())) fail("missing required " + key.get<std::string>());
    const json properties = schema.value("properties", json::object());
    for (const auto& [key, item] : value.items()) {
      if (properties.contains(key))
        check(properties[key], item, path + "." + key, errors);
      else if (schema.contains("additionalProperties") && schema["additionalProperties"] == false)
        fail("unexpected key " + key);
      else if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object())
        check(schema["additionalProperties"], item, path + "." + key, errors);
    }
  }
}

std::vector<std::string> errors_of(const json& document) {
  std::vector<std::string> errors;
  check(spec_json_schema(), document, "$", errors);
  return errors;
}

// Every key of @p value must be a property of @p schema (recursively).
void expect_described(const json& schema, const json& value, const std::string& path) {
  if (value.is_object()) {
    if (schema.contains("properties")) {
      for (const auto& [key, item] : value.items()) {
        ASSERT_TRUE(schema["properties"].contains(key)) << path << "." << key << " is not in the schema";
        expect_described(schema["properties"][key], item, path + "." + key);
      }
    } else {
      ASSERT_TRUE(schema.contains("additionalProperties") && schema["additionalProperties"].is_object()) << path;
    }
  } else if (value.is_array()) {
    ASSERT_TRUE(schema.contains("items")) << path;
    for (const auto& item : value) expect_described(schema["items"], item, path + "[]");
  }
}

// Every property of @p schema carries a description, every leaf default equals the
// default spec's value, and every property exists in to_json.
void expect_documented(const json& schema, const json& defaults, const std::string& path) {
  if (!schema.contains("properties")) return;
  for (const auto& [key, property] : schema["properties"].items()) {
    const std::string here = path + "." + key;
    EXPECT_TRUE(property.contains("description")) << here;
    ASSERT_TRUE(defaults.contains(key)) << here << " is in the schema but not in to_json";
    if (property.contains("default"))
      EXPECT_EQ(property["default"], defaults[key]) << here;
    else
      EXPECT_EQ(property["type"], "object") << here << " has no default";
    expect_documented(property, defaults[key], here);
  }
}

TEST(SpecSchema, IsDraft2020_12WithClosedObjects) {
  const json schema = spec_json_schema();
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_EQ(schema["properties"]["database"]["additionalProperties"], false);
  EXPECT_EQ(schema["properties"]["database"]["properties"]["password_source"]["enum"],
            (json{"random", "ephemeral", "rds_managed"}));
  EXPECT_EQ(schema["properties"]["database"]["properties"]["replicas"]["items"]["required"], (json{"name", "az"}));
}

TEST(SpecSchema, DefaultSpecConforms) {
  const auto errors = errors_of(to_json(HaStackSpec{}));
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
}

TEST(SpecSchema, ChangedValidSpecConforms) {
  std::ifstream config(std::string(RDHA_SOURCE_DIR) +
                       "/tests/spec_corpus/from_tests/cpp-spec-schema-changed-valid-spec.json");
  ASSERT_TRUE(config) << "the spec corpus file is missing";
  const HaStackSpec spec = spec_from_json(json::parse(config));  // SMS subscriber, SG, principal, 93 days of PI
  ASSERT_TRUE(validate(spec).empty());
  const auto errors = errors_of(to_json(spec));
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
}

TEST(SpecSchema, AcceptsAMajorOnlyEngineVersionAndAnEmptyDrClassLikeTheValidator) {
  HaStackSpec spec;
  spec.database.engine_version = "17";
  spec.database.auto_minor_version_upgrade = true;
  spec.database.dr_replica.instance_class = "";
  ASSERT_TRUE(validate(spec).empty());
  EXPECT_TRUE(errors_of(to_json(spec)).empty()) << ::testing::PrintToString(errors_of(to_json(spec)));
  spec.database.engine_version = "17.";
  EXPECT_FALSE(validate(spec).empty());
  EXPECT_EQ(errors_of(to_json(spec)), (std::vector<std::string>{"$.database.engine_version: does not match "
                                                                "^[0-9]+(\\.[0-9]+)?$"}));
}

TEST(SpecSchema, RejectsWhatTheReaderRejects) {
  const json defaults = to_json(HaStackSpec{});
  const auto with = [&](const char* pointer, json value) {
    json doc = defaults;
    doc[json::json_pointer(pointer)] = std::move(value);
    return errors_of(doc);
  };
  EXPECT_EQ(with("/database/instnace_class", "x"),
            (std::vector<std::string>{"$.database: unexpected key instnace_class"}));
  EXPECT_EQ(with("/database/port", "5432"), (std::vector<std::string>{"$.database.port: not of type integer"}));
  EXPECT_EQ(with("/database/kms_mode", "kms"), (std::vector<std::string>{"$.database.kms_mode: not in enum"}));
  EXPECT_EQ(with("/database/replicas/0", json{{"name", "r"}}),
            (std::vector<std::string>{"$.database.replicas[0]: missing required az"}));
  EXPECT_EQ(with("/monitoring/performance_insights_retention_period", 30),
            (std::vector<std::string>{"$.monitoring.performance_insights_retention_period: matches no anyOf option"}));
  EXPECT_EQ(with("/monitoring/monitoring_interval", 45),
            (std::vector<std::string>{"$.monitoring.monitoring_interval: not in enum"}));
  EXPECT_EQ(with("/tags/Team", 3), (std::vector<std::string>{"$.tags.Team: not of type string"}));
}

TEST(SpecSchema, DescribesEveryFieldOfToJson) {
  HaStackSpec spec;  // non-empty lists and maps so their item schemas are walked too
  spec.monitoring.notification_emails = {"oncall@example.com"};
  spec.monitoring.notification_endpoints.dr = {{"https", "https://hooks.example.com/rds"}};
  spec.security.existing_app_security_group_ids = {{"sg-01234567"}, {"sg-89abcdef"}};
  spec.security.terraform_principals = {"arn:aws:iam::123456789012:root"};
  spec.database.parameters.extra = {{"log_lock_waits", "1"}};
  expect_described(spec_json_schema(), to_json(spec), "$");
}

TEST(SpecSchema, DocumentsEveryPropertyWithTheSpecDefault) {
  expect_documented(spec_json_schema(), to_json(HaStackSpec{}), "$");
}

}  // namespace
}  // namespace rdha::stack
