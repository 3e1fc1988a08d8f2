// Naming rules (RDHA-NAME-*): every resource that carries a name or a `Name` tag carries
// the stack's name suffix in one of them, so everything the stack owns is found by one
// pattern: in the console, in cost reports, and in the IAM scopes written as "*-rdha".
#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"
#include "rdha/schema/schema.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

// Arguments that name a resource on the AWS side.
constexpr const char* kNameArguments[] = {"name", "identifier", "alarm_name"};

// Named by something else: DNS records by their DNS name under the zone (they take no
// tags); security group rules are listed, and found, under their group.
constexpr const char* kNamedByParent[] = {"aws_route53_record", "aws_vpc_security_group_ingress_rule",
                                          "aws_vpc_security_group_egress_rule"};

// Named by AWS, not by the stack: AWS DMS looks its account-wide service roles up by these
// exact names, once per account, so they cannot carry the suffix ("Creating the IAM roles to
// use with AWS DMS", https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html#CHAP_Security.APIRole).
constexpr const char* kServiceFixedRoleNames[] = {"dms-vpc-role", "dms-cloudwatch-logs-role"};

bool service_fixed_name(const Resource& resource) {
  if (resource.address.type != "aws_iam_role") return false;
  const auto name = literal_string(arg_if_defined(resource, "name"));
  return name && std::find(std::begin(kServiceFixedRoleNames), std::end(kServiceFixedRoleNames), *name) !=
                     std::end(kServiceFixedRoleNames);
}

bool has_tags(const Resource& resource) {
  const auto* facts = schema::Facts::embedded().find(resource.address.kind, resource.address.type);
  return facts != nullptr && facts->block.attributes.contains("tags");
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void name_suffix(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const std::string& suffix = context.options.name_suffix;
  for (std::size_t index = 0; index < stack.size(); ++index) {
    const Resource& resource = stack.resource(index);
    if (resource.address.kind != Kind::resource) continue;
    if (std::find(std::begin(kNamedByParent), std::end(kNamedByParent), resource.address.type) !=
        std::end(kNamedByParent))
      continue;
    if (service_fixed_name(resource)) continue;
    std::vector<std::string> names;
    bool computed = false;  // a name from a reference or an expression: not judged here
    for (const char* argument : kNameArguments) {
      const Json* value = arg_if_defined(resource, argument);
      if (value == nullptr) continue;
      if (const auto text = literal_string(value))
        names.push_back(*text);
      else
        computed = true;
    }
    if (const std::string tag = name_tag(resource); !tag.empty()) names.push_back(tag);
    if (computed) continue;
    if (names.empty() && !has_tags(resource)) continue;  // nothing to name it by
    if (std::any_of(names.begin(), names.end(), [&](const std::string& name) { return ends_with(name, suffix); }))
      continue;
    sink.report(resource.address.str(),
                names.empty() ? "The resource has no name and no Name tag."
                              : "No name of the resource ends in \"" + suffix + "\" (" + names.front() + ").",
                "Everything the stack owns carries the suffix in its name or its Name tag, so one pattern finds it "
                "in the console and in cost reports, and IAM scopes on \"*" + suffix +
                    "\" cover it. Name it \"<what>" + suffix + "\" or add tags = { Name = \"<what>" + suffix + "\" }.");
  }
}

}  // namespace

void add_naming_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-NAME-001", "NameSuffix", "Every named or taggable resource carries the name suffix",
                 Severity::warning, "naming",
                 "The stack's resources are found, billed and scoped in IAM by the name suffix (\"-rdha\" by "
                 "default); a resource without it falls outside all three.",
                 "End its name, or its Name tag where it has no name of its own, in the suffix.",
                 {}},
                name_suffix});
}

}  // namespace rdha::analysis::detail
