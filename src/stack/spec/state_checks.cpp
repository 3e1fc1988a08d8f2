// The rules of the spec's `state` section (state_checks.hpp). Every rule names the field,
// the offending value and why; all run, none stops at the first.
//
// Sources: "General purpose bucket naming rules" (Amazon S3 User Guide,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html); "Naming
// Amazon S3 objects" (safe characters, https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html);
// "Backend Type: s3" (Terraform, https://developer.hashicorp.com/terraform/language/backend/s3:
// the key must not be empty, start or end with "/" or contain "//").
#include "state_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "problem_text.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack::fields {
namespace {

constexpr std::size_t kMinBucketLength = 3;
constexpr std::size_t kMaxBucketLength = 63;
constexpr std::size_t kMaxKeyLength = 1024;  // bytes, S3's object key limit
constexpr std::array<std::string_view, 3> kReservedBucketPrefixes = {"xn--", "sthree-", "amzn-s3-demo-"};
constexpr std::array<std::string_view, 5> kReservedBucketSuffixes = {"-s3alias", "--ol-s3", ".mrap", "--x-s3",
                                                                     "--table-s3"};

bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Four dot-separated groups of 1..3 digits, as 192.168.5.4.
bool ip_shaped(std::string_view name) {
  int groups = 0;
  std::size_t digits = 0;
  for (char c : name) {
    if (c == '.') {
      if (digits == 0) return false;
      ++groups;
      digits = 0;
    } else if (c >= '0' && c <= '9' && ++digits <= 3) {
      continue;
    } else {
      return false;
    }
  }
  return groups == 3 && digits > 0;
}

std::string q(std::string_view text) { return quote(text); }

class StateChecker {
 public:
  explicit StateChecker(const HaStackSpec& spec) : spec_(spec), state_(spec.state) {}

  std::vector<Problem> run() {
    if (state_.enabled) check_required();
    if (!state_.bucket.empty()) check_bucket();
    check_key();
    check_region();
    check_kms_key();
    check_locking();
    check_policy();
    return std::move(problems_);
  }

 private:
  const HaStackSpec& spec_;
  const StateSpec& state_;
  std::vector<Problem> problems_;

  void add(std::string subject, std::string message) { problems_.push_back({std::move(subject), std::move(message)}); }

  void check_required() {
    const std::pair<const char*, const std::string*> required[] = {
        {"state.account_id", &state_.account_id}, {"state.bucket", &state_.bucket}, {"state.kms_key_id", &state_.kms_key_id}};
    for (const auto& [path, value] : required)
      if (value->empty())
        add(path, "is empty while state.enabled is true; the S3 backend needs it (rdha bootstrap creates the bucket "
                  "and prints its key ARN).");
  }

  void check_bucket() {
    const std::string& bucket = state_.bucket;
    const std::string path = "state.bucket";
    const std::size_t replica_extra = state_replica_bucket(state_).size() - bucket.size();
    const std::size_t max_length = kMaxBucketLength - replica_extra;
    if (bucket.size() < kMinBucketLength || bucket.size() > max_length)
      add(path, fmt::format("{} has {} characters; S3 bucket names have {} to {}, and the replica {} adds {}, so the "
                            "state bucket has at most {}.",
                            q(bucket), bucket.size(), kMinBucketLength, kMaxBucketLength,
                            q(state_replica_bucket(state_)), replica_extra, max_length));
    const auto bad = std::find_if(bucket.begin(), bucket.end(), [](char c) { return !lower_or_digit(c) && c != '.' && c != '-'; });
    if (bad != bucket.end())
      add(path, fmt::format("{} contains {}; S3 bucket names consist only of lowercase letters, digits, dots and "
                            "hyphens.",
                            q(bucket), q(std::string(1, *bad))));
    if (!lower_or_digit(bucket.front()) || !lower_or_digit(bucket.back()))
      add(path, fmt::format("{} must begin and end with a lowercase letter or a digit (S3 bucket naming rules).",
                            q(bucket)));
    if (bucket.find("..") != std::string::npos)
      add(path, fmt::format("{} contains two adjacent periods, which S3 bucket names must not.", q(bucket)));
    if (ip_shaped(bucket))
      add(path, fmt::format("{} is formatted as an IP address, which S3 bucket names must not be.", q(bucket)));
    // Virtual-hosted-style HTTPS (what the S3 backend uses) cannot reach a bucket whose name
    // has dots: the wildcard certificate *.s3.<region>.amazonaws.com covers one label.
    if (bucket.find('.') != std::string::npos && !ip_shaped(bucket))
      add(path, fmt::format("{} contains \".\"; a bucket name with dots cannot be reached over HTTPS with "
                            "virtual-hosted-style requests, which the S3 backend makes. Use hyphens.",
                            q(bucket)));
    for (std::string_view prefix : kReservedBucketPrefixes)
      if (bucket.starts_with(prefix))
        add(path, fmt::format("{} starts with {}, a prefix S3 reserves.", q(bucket), q(prefix)));
    for (std::string_view suffix : kReservedBucketSuffixes)
      if (bucket.ends_with(suffix))
        add(path, fmt::format("{} ends with {}, a suffix S3 reserves.", q(bucket), q(suffix)));
    if (kAccountIdOrEmpty.accepts(state_.account_id)) {
      if (state_.account_id.empty())
        add("state.account_id",
            fmt::format("is empty while state.bucket is {}; bucket names are global across all AWS accounts, so the "
                        "state bucket's name must contain the account ID (no other account can then have taken it, "
                        "or squat it).",
                        q(bucket)));
      else if (bucket.find(state_.account_id) == std::string::npos)
        add(path, fmt::format("{} does not contain state.account_id {}; bucket names are global across all AWS "
                              "accounts, so the state bucket's name must contain the account ID (e.g. {}).",
                              q(bucket), q(state_.account_id), q("rdha-state-" + state_.account_id)));
    }
  }

  void check_key() {
    const std::string& key = state_.key;
    const std::string path = "state.key";
    if (key.empty()) {
      add(path, "is empty; the S3 backend stores the state under this object key, e.g. \"rdha/terraform.tfstate\".");
      return;
    }
    if (key.front() == '/')
      add(path, fmt::format("{} starts with \"/\"; S3 keys have no leading slash, so the S3 backend refuses it. Use "
                            "{}.",
                            q(key), q(key.substr(key.find_first_not_of('/') == std::string::npos
                                                     ? key.size()
                                                     : key.find_first_not_of('/')))));
    if (key.back() == '/')
      add(path, fmt::format("{} ends with \"/\"; the key names the state object, not a folder.", q(key)));
    if (key.find("//") != std::string::npos)
      add(path, fmt::format("{} contains \"//\", which the S3 backend refuses.", q(key)));
    if (key.size() > kMaxKeyLength)
      add(path, fmt::format("has {} characters; S3 object keys have at most {} bytes.", key.size(), kMaxKeyLength));
    const auto bad = std::find_if(key.begin(), key.end(), [](char c) {
      return !lower_or_digit(c) && !(c >= 'A' && c <= 'Z') && std::string_view("!-_.*'()/").find(c) == std::string_view::npos;
    });
    if (bad != key.end())
      add(path, fmt::format("{} contains {}; use S3's safe key characters: letters, digits and ! - _ . * ' ( ) /.",
                            q(key), q(std::string(1, *bad))));
  }

  void check_region() {
    const std::string& region = state_.region;
    if (region.empty() || !kRegionNameOrEmpty.accepts(region)) return;  // default, or its format reports it
    if (region != spec_.regions.primary.name && region != spec_.regions.dr.name)
      add("state.region",
          fmt::format("{} is neither regions.primary.name {} nor regions.dr.name {}; the state bucket lives in one of "
                      "the stack's regions and its replica in the other, so the state stays readable when either "
                      "is lost.",
                      q(region), q(spec_.regions.primary.name), q(spec_.regions.dr.name)));
  }

  // arn:<partition>:kms:<region>:<account>:key/<id>: S3 encrypts with a key of the
  // bucket's own region only.
  void check_kms_key() {
    const std::string& arn = state_.kms_key_id;
    if (arn.empty() || !kKmsKeyArnOrEmpty.accepts(arn)) return;
    std::vector<std::string_view> parts;
    for (std::size_t start = 0, end = 0; end != std::string::npos; start = end + 1) {
      end = arn.find(':', start);
      parts.push_back(std::string_view(arn).substr(start, end == std::string::npos ? std::string::npos : end - start));
    }
    const std::string& region = state_region(spec_);
    if (parts[3] != region)
      add("state.kms_key_id",
          fmt::format("{} is a key of {}, but the state bucket is in {}; S3 encrypts objects only with a KMS key of "
                      "the bucket's region (rdha bootstrap's kms_key_arn output).",
                      q(arn), q(parts[3]), q(region)));
    if (!state_.account_id.empty() && parts[4] != state_.account_id)
      add("state.kms_key_id", fmt::format("{} belongs to account {}, not state.account_id {}.", q(arn), q(parts[4]),
                                          q(state_.account_id)));
  }

  void check_locking() {
    if (state_.locking == StateLocking::dynamodb && state_.dynamodb_table.empty())
      add("state.dynamodb_table",
          "is empty while state.locking is \"dynamodb\"; name the lock table (rdha bootstrap creates it), or use "
          "\"lockfile\" with Terraform 1.11 or later.");
    if (state_.locking == StateLocking::lockfile && !state_.dynamodb_table.empty())
      add("state.dynamodb_table",
          fmt::format("{} is set while state.locking is \"lockfile\"; S3 lock files need no table. Remove it, or set "
                      "state.locking to \"dynamodb\" for Terraform before 1.11.",
                      q(state_.dynamodb_table)));
  }

  void check_policy() {
    if (state_.policy_arn.empty() && !state_.execution_role_name.empty())
      add("state.execution_role_name",
          fmt::format("{} is set while state.policy_arn is empty; it names the role that policy is attached to.",
                      q(state_.execution_role_name)));
    if (!state_.policy_arn.empty() && kIamPolicyArnOrEmpty.accepts(state_.policy_arn) && !state_.account_id.empty() &&
        state_.policy_arn.find(":" + state_.account_id + ":") == std::string::npos)
      add("state.policy_arn", fmt::format("{} is not a policy of state.account_id {}.", q(state_.policy_arn),
                                          q(state_.account_id)));
  }
};

}  // namespace

std::vector<Problem> state_problems(const HaStackSpec& spec) { return StateChecker(spec).run(); }

std::vector<Problem> bootstrap_problems(const HaStackSpec& spec) {
  std::vector<Problem> problems;
  if (spec.state.bucket.empty())
    problems.push_back({"state.bucket",
                        "is empty; rdha bootstrap creates the state bucket of this name, e.g. \"rdha-state-<account "
                        "id>\"."});
  return problems;
}

}  // namespace rdha::stack::fields
