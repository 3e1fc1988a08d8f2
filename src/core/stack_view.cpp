// Generic stack inspection (see stack_view.hpp).
#include "core/stack_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <stdexcept>

#include "rdha/core/references.hpp"
#include "rdha/schema/schema.hpp"

namespace rdha::detail {

std::vector<std::size_t> of_type(const Stack& stack, std::string_view type, Kind kind) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const Address& address = stack.resource(i).address;
    if (address.kind == kind && address.type == type) out.push_back(i);
  }
  return out;
}

namespace {

#if !defined(NDEBUG) || defined(RDHA_CHECKED_READS)
constexpr bool kReadsChecked = true;
#else
constexpr bool kReadsChecked = false;
#endif

// The facts of the nested block at dotted path @p blocks of @p type ("" = the type's own
// body), or nullptr when the facts do not know the type.
const schema::BlockFacts* block_facts(const Address& address, std::string_view blocks) {
  const schema::TypeFacts* type = schema::Facts::embedded().find(address.kind, address.type);
  if (type == nullptr) return nullptr;
  const schema::BlockFacts* block = &type->block;
  while (!blocks.empty()) {
    const std::size_t dot = blocks.find('.');
    const auto nested = block->blocks.find(blocks.substr(0, dot));
    if (nested == block->blocks.end())
      throw std::logic_error(fmt::format("analysis reads block {} of {}, which its provider schema does not define",
                                         blocks, address.str()));
    block = nested->second.block.get();
    blocks = dot == std::string_view::npos ? std::string_view() : blocks.substr(dot + 1);
  }
  return block;
}

// An internal check, like an assertion: the message names the read, not a user's input.
void check_read(const Address& address, std::string_view blocks, std::string_view name) {
  if constexpr (kReadsChecked) {
    const schema::BlockFacts* facts = block_facts(address, blocks);
    if (facts == nullptr || facts->attributes.contains(name) || facts->blocks.contains(name)) return;
    throw std::logic_error(fmt::format("analysis reads \"{}\"{}{} of {}, which its provider schema does not define",
                                       name, blocks.empty() ? "" : " in block ", blocks, address.str()));
  }
}

// Whether any type of the facts defines an argument or block @p name. The analyses read a
// handful of names, each searched for once.
bool defined_by_any_type(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, bool, std::less<>> known;
  const std::lock_guard lock(mutex);
  auto found = known.find(name);
  if (found == known.end()) found = known.emplace(name, schema::Facts::embedded().any_type_defines(name)).first;
  return found->second;
}

const Json* field(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(std::string(name));
  if (found == object.end() || found->is_null()) return nullptr;
  return &*found;
}

}  // namespace

bool reads_checked() noexcept { return kReadsChecked; }

const Json* arg(const Resource& resource, std::string_view name) {
  check_read(resource.address, "", name);
  return field(resource.arguments, name);
}

const Json* arg_if_defined(const Resource& resource, std::string_view name) {
  if constexpr (kReadsChecked) {
    if (!defined_by_any_type(name))
      throw std::logic_error(fmt::format("analysis reads \"{}\" of {}, which no provider schema defines", name,
                                         resource.address.str()));
  }
  const schema::BlockFacts* facts = block_facts(resource.address, "");
  if (facts != nullptr && !facts->attributes.contains(name) && !facts->blocks.contains(name)) return nullptr;
  return field(resource.arguments, name);
}

const Json* block_arg(const Resource& resource, std::string_view blocks, const Json& item, std::string_view name) {
  check_read(resource.address, blocks, name);
  return field(item, name);
}

bool has_interpolation(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c != '$' && c != '%') continue;
    if (text[i + 1] == c && i + 2 < text.size() && text[i + 2] == '{') {
      i += 2;  // escaped "$${" / "%%{"
      continue;
    }
    if (text[i + 1] == '{') return true;
  }
  return false;
}

std::optional<std::string> literal_string(const Json* value) {
  if (value == nullptr || !value->is_string()) return std::nullopt;
  const auto& text = value->get_ref<const std::string&>();
  if (has_interpolation(text)) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((text[i] == '$' || text[i] == '%') && i + 2 < text.size() && text[i + 1] == text[i] && text[i + 2] == '{')
      continue;  // drop the escaping character
    out += text[i];
  }
  return out;
}

std::optional<bool> literal_bool(const Json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  if (auto text = literal_string(value)) {
    if (*text == "true") return true;
    if (*text == "false") return false;
  }
  return std::nullopt;
}

std::optional<double> literal_number(const Json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number()) return value->get<double>();
  if (auto text = literal_string(value)) {
    double number = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    auto [ptr, ec] = std::from_chars(begin, end, number);
    if (ec == std::errc() && ptr == end && !text->empty()) return number;
  }
  return std::nullopt;
}

std::vector<std::string> literal_strings(const Json* value) {
  std::vector<std::string> out;
  if (value == nullptr || !value->is_array()) return out;
  for (const auto& item : *value)
    if (auto text = literal_string(&item)) out.push_back(*text);
  return out;
}

std::optional<std::size_t> resolve(const Stack& stack, const FoundReference& reference) {
  if (reference.root == RefRoot::variable || reference.root == RefRoot::local) return std::nullopt;
  return stack.index_of(reference.target());
}

std::vector<FoundReference> references_in(const Json& value) {
  std::vector<FoundReference> out;
  collect_references(value, out);
  return out;
}

std::vector<std::size_t> targets_in(const Stack& stack, const Json& value) {
  std::vector<std::size_t> out;
  for (const auto& reference : references_in(value))
    if (auto index = resolve(stack, reference); index && std::find(out.begin(), out.end(), *index) == out.end())
      out.push_back(*index);
  return out;
}

std::vector<std::size_t> targets_of(const Stack& stack, const Resource& resource, std::string_view name) {
  const Json* value = arg(resource, name);
  return value == nullptr ? std::vector<std::size_t>{} : targets_in(stack, *value);
}

bool value_references(const Stack& stack, const Json& value, std::size_t target) {
  const auto targets = targets_in(stack, value);
  return std::find(targets.begin(), targets.end(), target) != targets.end();
}

std::string name_tag(const Resource& resource) {
  const Json* tags = arg_if_defined(resource, "tags");
  if (tags == nullptr || !tags->is_object() || !tags->contains("Name")) return "";
  return literal_string(&(*tags)["Name"]).value_or("");
}

std::string availability_zone_of(const Stack& stack, const Resource& resource) {
  if (!resource.placement.availability_zone.empty()) return resource.placement.availability_zone;
  if (auto az = literal_string(arg_if_defined(resource, "availability_zone"))) return *az;
  const Json* subnet_id = arg_if_defined(resource, "subnet_id");
  for (std::size_t subnet : subnet_id == nullptr ? std::vector<std::size_t>{} : targets_in(stack, *subnet_id)) {
    const Resource& node = stack.resource(subnet);
    if (node.address.type != "aws_subnet") continue;
    if (!node.placement.availability_zone.empty()) return node.placement.availability_zone;
    if (auto az = literal_string(arg(node, "availability_zone"))) return *az;
  }
  return "";
}

namespace {

bool is_key_type(std::string_view type) {
  return type == "aws_kms_key" || type == "aws_kms_replica_key" || type == "aws_kms_external_key" ||
         type == "aws_kms_replica_external_key";
}

}  // namespace

std::optional<std::size_t> kms_key_node(const Stack& stack, const Json* value) {
  if (value == nullptr) return std::nullopt;
  for (std::size_t target : targets_in(stack, *value)) {
    const Resource& node = stack.resource(target);
    if (node.address.kind == Kind::resource && is_key_type(node.address.type)) return target;
    if (node.address.type == "aws_kms_alias" && node.address.kind == Kind::resource)
      for (std::size_t key : targets_of(stack, node, "target_key_id"))
        if (is_key_type(stack.resource(key).address.type)) return key;
  }
  return std::nullopt;
}

bool is_customer_managed_key(const Stack& stack, const Json* value) {
  if (value == nullptr) return false;
  for (std::size_t target : targets_in(stack, *value)) {
    const Resource& node = stack.resource(target);
    if (node.address.kind == Kind::resource && is_key_type(node.address.type)) return true;
    if (node.address.type == "aws_kms_alias" || node.address.type == "aws_kms_key") {
      // An alias resource or a data lookup: customer-managed unless it names aws/...
      const auto name = literal_string(arg(node, node.address.type == "aws_kms_alias" ? "name" : "key_id"));
      if (name && name->find("alias/aws/") != std::string::npos) return false;
      return node.address.kind == Kind::resource || (name && !name->empty());
    }
  }
  if (auto text = literal_string(value)) return !text->empty() && text->find("alias/aws/") == std::string::npos;
  return false;
}

std::string arn_region(std::string_view arn) {
  // arn:partition:service:region:account:resource
  if (!arn.starts_with("arn:")) return "";
  std::size_t start = 0;
  for (int field = 0; field < 3; ++field) {
    start = arn.find(':', start);
    if (start == std::string_view::npos) return "";
    ++start;
  }
  const std::size_t end = arn.find(':', start);
  return end == std::string_view::npos ? "" : std::string(arn.substr(start, end - start));
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

}  // namespace rdha::detail
