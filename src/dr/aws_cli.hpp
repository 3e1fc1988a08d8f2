// AWS CLI command lines shared by the runbooks: the region-loss procedure's commands
// (region_failover.cpp) and the drill's other steps (src/analysis/drill/). Internal to src/.
#pragma once

#include <string>
#include <vector>

namespace rdha::dr::detail {

/// "aws", "aws-us-gov" or "aws-cn" for a region.
std::string partition_of(const std::string& region);
/// A value quoted for a shell command line when it needs it.
std::string shell_quote(const std::string& value);
/// "aws rds <subcommand> --region <region> <rest>".
std::string rds_command(const std::string& subcommand, const std::string& region, const std::string& rest);
/// describe-db-instances of one instance with a --query, as a table.
std::string describe_instance(const std::string& region, const std::string& id, const std::string& query);
/// The last @p minutes of an instance's ReplicaLag (Maximum per minute).
std::string replica_lag_command(const std::string& region, const std::string& id, int minutes = 30);
/// Sets ACCOUNT_ID and PARTITION for ARNs in later commands.
std::vector<std::string> account_lookup(const std::string& region);

}  // namespace rdha::dr::detail
