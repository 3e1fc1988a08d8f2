// Validation of a plan JSON document and reads of its resource changes (plan_document.hpp).
#include "analysis/plan/plan_document.hpp"

#include <algorithm>

#include "rdha/error.hpp"

namespace rdha::analysis::plan {
namespace {

const nlohmann::json& null_value() {
  static const nlohmann::json null;
  return null;
}

const nlohmann::json& member(const nlohmann::json* object, std::string_view key) {
  if (object == nullptr || !object->is_object()) return null_value();
  const auto it = object->find(key);
  return it == object->end() ? null_value() : *it;
}

bool has(const std::vector<std::string>& actions, std::string_view action) {
  return std::find(actions.begin(), actions.end(), action) != actions.end();
}

// ["parameter", 0, "value"] → "parameter[0].value"
std::string path_text(const nlohmann::json& steps) {
  std::string out;
  for (const auto& step : steps) {
    if (step.is_number_integer()) {
      out += "[" + std::to_string(step.get<long long>()) + "]";
    } else if (step.is_string()) {
      if (!out.empty()) out += ".";
      out += step.get<std::string>();
    }
  }
  return out;
}

// What a document that is not a plan is, for the error message.
std::string what_it_is(const nlohmann::json& document) {
  if (!document.is_object()) return std::string("the document is a JSON ") + document.type_name() + ", not an object";
  if (document.contains("values") && !document.contains("planned_values"))
    return "it is a state (`terraform show -json` without a plan file), it has \"values\" and no \"planned_values\"";
  if (!document.contains("format_version")) return "it has no \"format_version\"";
  return "it has no \"planned_values\"";
}

}  // namespace

bool ResourceChange::replaces() const noexcept { return has(actions, "delete") && has(actions, "create"); }
bool ResourceChange::deletes() const noexcept { return actions == std::vector<std::string>{"delete"}; }
bool ResourceChange::updates() const noexcept { return has(actions, "update"); }
bool ResourceChange::changes_something() const noexcept {
  return !actions.empty() && !has(actions, "no-op") && !has(actions, "read") && !has(actions, "forget");
}

const nlohmann::json& ResourceChange::was(std::string_view attribute) const { return member(before, attribute); }
const nlohmann::json& ResourceChange::will_be(std::string_view attribute) const { return member(after, attribute); }

bool ResourceChange::unknown_after(std::string_view attribute) const {
  // `true` for the whole object: nothing of it is known until apply, so every attribute may change.
  if (after_unknown != nullptr && *after_unknown == true) return true;
  return member(after_unknown, attribute) == true;
}

bool ResourceChange::changed(std::string_view attribute) const {
  return unknown_after(attribute) || was(attribute) != will_be(attribute);
}

std::vector<const ResourceChange*> PlanDocument::of_type(std::string_view type) const {
  std::vector<const ResourceChange*> out;
  for (const auto& change : changes)
    if (change.type == type) out.push_back(&change);
  return out;
}

PlanDocument read_plan(const nlohmann::json& plan, const std::string& source) {
  if (!plan.is_object() || !plan.contains("format_version") || !plan.contains("planned_values"))
    throw PlanError::not_a_plan(source, what_it_is(plan));
  const auto& version = plan["format_version"];
  if (!version.is_string()) throw PlanError::bad_field(source, "format_version", "a string such as \"1.2\"");
  const auto text = version.get<std::string>();
  if (text.rfind("1.", 0) != 0) throw PlanError::unsupported_format(source, text);

  PlanDocument document;
  if (const auto it = plan.find("terraform_version"); it != plan.end() && it->is_string())
    document.terraform_version = it->get<std::string>();
  const auto changes = plan.find("resource_changes");
  if (changes == plan.end()) return document;  // Terraform leaves it out of an empty plan
  if (!changes->is_array()) throw PlanError::bad_field(source, "resource_changes", "an array");

  for (std::size_t i = 0; i < changes->size(); ++i) {
    const auto& entry = (*changes)[i];
    const std::string at = "resource_changes[" + std::to_string(i) + "]";
    if (!entry.is_object()) throw PlanError::bad_field(source, at, "an object");
    if (const auto mode = entry.find("mode"); mode != entry.end()) {
      if (!mode->is_string()) throw PlanError::bad_field(source, at + ".mode", "a string");
      if (*mode != "managed") continue;  // data sources are read, never changed
    }
    for (const char* key : {"address", "type"})
      if (!entry.contains(key) || !entry[key].is_string()) throw PlanError::bad_field(source, at + "." + key, "a string");
    const auto change = entry.find("change");
    if (change == entry.end() || !change->is_object()) throw PlanError::bad_field(source, at + ".change", "an object");
    const auto actions = change->find("actions");
    if (actions == change->end() || !actions->is_array() ||
        !std::all_of(actions->begin(), actions->end(), [](const nlohmann::json& a) { return a.is_string(); }))
      throw PlanError::bad_field(source, at + ".change.actions", "an array of strings");
    for (const char* key : {"before", "after", "after_unknown"})
      if (change->contains(key) && !(*change)[key].is_object() && !(*change)[key].is_null() &&
          !(std::string_view(key) == "after_unknown" && (*change)[key].is_boolean()))
        throw PlanError::bad_field(source, at + ".change." + key, "an object or null");

    ResourceChange out;
    out.address = entry["address"].get<std::string>();
    out.type = entry["type"].get<std::string>();
    out.actions = actions->get<std::vector<std::string>>();
    out.before = change->contains("before") ? &(*change)["before"] : nullptr;
    out.after = change->contains("after") ? &(*change)["after"] : nullptr;
    out.after_unknown = change->contains("after_unknown") ? &(*change)["after_unknown"] : nullptr;
    if (const auto paths = change->find("replace_paths"); paths != change->end()) {
      if (!paths->is_array()) throw PlanError::bad_field(source, at + ".change.replace_paths", "an array of paths");
      for (const auto& path : *paths)
        if (path.is_array()) out.replace_paths.push_back(path_text(path));
    }
    if (const auto reason = entry.find("action_reason"); reason != entry.end() && reason->is_string())
      out.action_reason = reason->get<std::string>();
    if (const auto deposed = entry.find("deposed"); deposed != entry.end()) {
      if (!deposed->is_string()) throw PlanError::bad_field(source, at + ".deposed", "a string");
      out.deposed = deposed->get<std::string>();
    }
    (out.deposed.empty() ? document.changes : document.deposed).push_back(std::move(out));
  }
  return document;
}

std::string render(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::string arrow(const ResourceChange& change, std::string_view attribute) {
  const std::string after =
      change.unknown_after(attribute) ? "(known after apply)" : render(change.will_be(attribute));
  return render(change.was(attribute)) + " → " + after;
}

}  // namespace rdha::analysis::plan
