// The rules of the spec's `migration` section (migration_checks.hpp). Every rule names the
// field, the offending value and why; all run, none stops at the first. A value without its
// field's format is left out: the field table reports it.
#include "migration_checks.hpp"

#include <fmt/format.h>

#include <string>

#include "problem_text.hpp"
#include "rdha/stack/snapshot_upgrades.hpp"
#include "rdha/stack/spec/fields.hpp"
#include "rdha/values/cidr.hpp"

namespace rdha::stack::fields {
namespace {

std::string q(std::string_view text) { return quote(text); }

std::string majors_text(const std::vector<int>& majors) {
  std::string out;
  for (int major : majors) out += (out.empty() ? "" : ", ") + std::to_string(major);
  return out.empty() ? "none" : out;
}

class MigrationChecker {
 public:
  explicit MigrationChecker(const HaStackSpec& spec) : spec_(spec), m_(spec.migration) {}

  std::vector<Problem> run() {
    if (!m_.enabled) return {};
    check_required();
    check_region();
    check_cidr();
    check_engine_version();
    check_storage();
    return std::move(problems_);
  }

 private:
  const HaStackSpec& spec_;
  const MigrationSpec& m_;
  std::vector<Problem> problems_;

  void add(std::string_view key, std::string message) {
    problems_.push_back({"migration." + std::string(key), std::move(message)});
  }

  void check_required() {
    const auto required = [&](std::string_view key, const std::string& value, std::string_view what) {
      if (value.empty()) add(key, fmt::format("is empty; migration.enabled needs {}.", what));
    };
    required("source_identifier", m_.source_identifier, "the source DB instance's identifier");
    required("region", m_.region, "the source's region");
    required("vpc_id", m_.vpc_id, "the source's VPC ID");
    required("vpc_cidr", m_.vpc_cidr, "the CIDR block of the source's VPC");
    required("security_group_id", m_.security_group_id, "the source's security group");
    required("engine_version", m_.engine_version, "the source's PostgreSQL version");
    if (m_.size_gib <= 0)
      add("size_gib", fmt::format("is {}; migration.enabled needs the source's allocated storage in GiB (at least 1), "
                                  "which the downtime estimate reads.",
                                  m_.size_gib));
  }

  // The restored primary needs at least the snapshot's storage ("Be sure to allocate enough
  // storage for your new DB instance so that the restore operation can succeed",
  // AllocatedStorage in "RestoreDBInstanceFromDBSnapshot",
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html),
  // and RDS cannot shrink storage afterwards, so a smaller allocated_storage fails the restore
  // or plans a change RDS refuses.
  void check_storage() {
    if (m_.size_gib <= 0 || m_.size_gib <= spec_.database.allocated_storage) return;
    add("size_gib", fmt::format("is {} GiB, more than database.allocated_storage ({} GiB): the primary restored from "
                                "the source's snapshot needs at least the source's storage; raise "
                                "database.allocated_storage to {} or more.",
                                m_.size_gib, spec_.database.allocated_storage, m_.size_gib));
  }

  // CopyDBSnapshot copies into the region it is called in; a source elsewhere is a
  // cross-region copy (an ARN source, a presigned URL for an encrypted one) that this method
  // does not plan yet ("CopyDBSnapshot", https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html).
  void check_region() {
    if (m_.region.empty() || m_.region == spec_.regions.primary.name) return;
    add("region", fmt::format("is {}, but the snapshot method copies the source's snapshot within the primary region "
                              "{}: copy the snapshot into {} first (aws rds copy-db-snapshot) and migrate from that "
                              "region, or use the source in {}.",
                              q(m_.region), q(spec_.regions.primary.name), q(spec_.regions.primary.name),
                              q(spec_.regions.primary.name)));
  }

  // The stack's VPCs are peered with each other, and the applications' path from the source's
  // network to writer.<zone> needs routes both ways: overlapping blocks cannot be routed.
  void check_cidr() {
    const auto source = parse_cidr(m_.vpc_cidr);
    if (!source) return;
    const auto overlap = [&](std::string_view key, const RegionSpec& region) {
      const auto stack = parse_cidr(region.vpc_cidr);
      if (stack && source->overlaps(*stack))
        add("vpc_cidr", fmt::format("{} overlaps regions.{}.vpc_cidr {}: the source's network and the stack's must "
                                    "be routable to each other (applications move from one to the other); choose "
                                    "disjoint blocks.",
                                    q(m_.vpc_cidr), key, q(region.vpc_cidr)));
    };
    overlap("primary", spec_.regions.primary);
    if (spec_.regions.dr.enabled) overlap("dr", spec_.regions.dr);
  }

  void check_engine_version() {
    const auto source = postgres_major(m_.engine_version);
    const auto target = postgres_major(spec_.database.engine_version);
    if (!source || !target) return;
    if (*source > *target) {
      add("engine_version", fmt::format("{} is a newer major than database.engine_version {}: RDS restores a snapshot "
                                        "at its own major or, after modify-db-snapshot, a later one, never an "
                                        "earlier one. Set database.engine_version to {} or later.",
                                        q(m_.engine_version), q(spec_.database.engine_version), *source));
      return;
    }
    if (snapshot_upgrade_path(*source, *target)) return;
    std::vector<int> known;
    for (const auto& row : snapshot_upgrade_table()) known.push_back(row.from);
    add("engine_version",
        fmt::format("{} has no snapshot upgrade path to PostgreSQL {} in the upgrade table ({}, read {}; source "
                    "majors it knows: {}): upgrade the source instance to a listed major first.",
                    q(m_.engine_version), *target, kSnapshotUpgradeSource, kSnapshotUpgradeReadOn, majors_text(known)));
  }
};

}  // namespace

std::vector<Problem> migration_problems(const HaStackSpec& spec) { return MigrationChecker(spec).run(); }

}  // namespace rdha::stack::fields
