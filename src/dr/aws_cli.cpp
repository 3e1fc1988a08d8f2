// AWS CLI command lines shared by the runbooks (see aws_cli.hpp).
#include "dr/aws_cli.hpp"

#include <algorithm>
#include <cctype>

namespace rdha::dr::detail {

std::string partition_of(const std::string& region) {
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  if (region.starts_with("cn-")) return "aws-cn";
  return "aws";
}

std::string shell_quote(const std::string& value) {
  const bool plain = std::all_of(value.begin(), value.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == ',';
  });
  if (plain && !value.empty()) return value;
  // JMESPath queries hold single quotes: double quotes read better when nothing expands.
  if (value.find('\'') != std::string::npos && value.find_first_of("\"$`\\!") == std::string::npos)
    return "\"" + value + "\"";
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string rds_command(const std::string& subcommand, const std::string& region, const std::string& rest) {
  return "aws rds " + subcommand + " --region " + region + " " + rest;
}

std::string describe_instance(const std::string& region, const std::string& id, const std::string& query) {
  return rds_command("describe-db-instances", region,
                     "--db-instance-identifier " + shell_quote(id) + " --query " + shell_quote(query) + " --output table");
}

std::string replica_lag_command(const std::string& region, const std::string& id, int minutes) {
  return "aws cloudwatch get-metric-statistics --region " + region +
         " --namespace AWS/RDS --metric-name ReplicaLag --dimensions Name=DBInstanceIdentifier,Value=" +
         shell_quote(id) +
         " --start-time \"$(date -u -d '-" + std::to_string(minutes) +
         " minutes' +%Y-%m-%dT%H:%M:%SZ)\" --end-time \"$(date -u "
         "+%Y-%m-%dT%H:%M:%SZ)\" --period 60 --statistics Maximum --output table";
}

std::vector<std::string> account_lookup(const std::string& region) {
  // --region: the profile's default region may be the lost one.
  return {"ACCOUNT_ID=$(aws sts get-caller-identity --region " + region + " --query Account --output text)",
          "PARTITION=" + partition_of(region)};
}

}  // namespace rdha::dr::detail
