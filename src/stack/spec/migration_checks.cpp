// The rules of the spec's `migration` section (migration_checks.hpp). Every rule names the
// field, the offending value and why; all run, none stops at the first. A value without its
// field's format is left out: the field table reports it.
#include "migration_checks.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <string>

#include "problem_text.hpp"
#include "rdha/stack/dms_versions.hpp"
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
    check_phase();
    check_region();
    check_cidr();
    if (replication()) {
      check_replication_required();
      check_replication_versions();
      check_replication_settings();
    } else {
      check_engine_version();
      check_storage();
    }
    return std::move(problems_);
  }

 private:
  const HaStackSpec& spec_;
  const MigrationSpec& m_;
  std::vector<Problem> problems_;

  void add(std::string_view key, std::string message) {
    problems_.push_back({"migration." + std::string(key), std::move(message)});
  }

  bool replication() const { return m_.method == MigrationMethod::replication; }

  // Each method has its own phases: snapshot copy → restore → done, replication replicate → done.
  void check_phase() {
    const bool fits = replication() ? (m_.phase == MigrationPhase::replicate || m_.phase == MigrationPhase::done)
                                    : m_.phase != MigrationPhase::replicate;
    if (fits) return;
    add("phase", fmt::format("is {}, which is not a phase of method {}: {} runs {}.", q(to_string(m_.phase)),
                             q(to_string(m_.method)), q(to_string(m_.method)),
                             replication() ? "replicate, then done" : "copy, then restore, then done"));
  }

  // The replication instance reaches the source over a same-region VPC peering and reads its
  // secret with a role trusted by the region's DMS service principal ("Using secrets to access
  // AWS Database Migration Service endpoints",
  // https://docs.aws.amazon.com/dms/latest/userguide/security_iam_secretsmanager.html).
  void check_replication_required() {
    if (m_.source_route_table_ids.empty())
      add("source_route_table_ids", "is empty; method replication needs the route tables of the source's subnets "
                                    "(each gets a route to the stack's VPC over the peering).");
    if (m_.source_secret_arn.empty())
      add("source_secret_arn", "is empty; method replication needs the Secrets Manager secret with the source's "
                               "host, port, username and password (the DMS source endpoint reads it).");
    else if (!m_.region.empty() && kSecretsManagerSecretArnOrEmpty.accepts(m_.source_secret_arn) &&
             m_.source_secret_arn.find(":secretsmanager:" + m_.region + ":") == std::string::npos)
      add("source_secret_arn", fmt::format("{} is not in the source's region {}: DMS reads the secret in the "
                                           "replication instance's region.",
                                           q(m_.source_secret_arn), q(m_.region)));
    if (m_.database_name.empty())
      add("database_name", "is empty; method replication needs the source database DMS copies.");
    // A secret RDS manages holds only username and password; the DMS endpoint also needs the
    // host and port from the secret (security_iam_secretsmanager.html above).
    if (spec_.database.password_source == PasswordSource::rds_managed)
      problems_.push_back({"database.password_source",
                           "is \"rds_managed\", which method replication cannot use: the secret RDS manages holds "
                           "only the username and password, and the DMS target endpoint also needs the host and "
                           "port. Use \"random\" (the stack's secret holds all four)."});
  }

  // The replication instance's engine must support both PostgreSQL majors (the DMS table's
  // page, kDmsPostgresSource).
  void check_replication_versions() {
    const auto source = postgres_major(m_.engine_version);
    const auto target = postgres_major(spec_.database.engine_version);
    if (!source || !target) return;
    if (*source > *target) {
      add("engine_version", fmt::format("{} is a newer major than database.engine_version {}: the stack moves "
                                        "forward only. Set database.engine_version to {} or later.",
                                        q(m_.engine_version), q(spec_.database.engine_version), *source));
      return;
    }
    std::string needed;
    for (const int major : {*source, *target}) {
      const auto minimum = dms_minimum_for_postgres(major);
      if (!minimum) {
        const bool of_source = major == *source;
        const std::string message = fmt::format(
            "{}: AWS DMS lists no version that supports PostgreSQL {} ({}, read {}), so method replication has no "
            "path; {}.",
            q(of_source ? m_.engine_version : spec_.database.engine_version), major, kDmsPostgresSource,
            kDmsPostgresReadOn,
            of_source ? "upgrade the source to a listed major first, or use method snapshot"
                      : "choose a database.engine_version DMS supports");
        if (of_source)
          add("engine_version", message);
        else
          problems_.push_back({"database.engine_version", message});
        return;
      }
      if (compare_dms_versions(*minimum, needed) > 0) needed = *minimum;
    }
    if (!needed.empty() && kDmsEngineVersion.accepts(m_.dms.engine_version) &&
        compare_dms_versions(m_.dms.engine_version, needed) < 0)
      add("dms.engine_version",
          fmt::format("{} is older than {}, the first DMS version that supports PostgreSQL {} ({}, read {}); set "
                      "{} or later.",
                      q(m_.dms.engine_version), q(needed), std::max(*source, *target), kDmsPostgresSource,
                      kDmsPostgresReadOn, q(needed)));
  }

  // verify-full checks the server certificate against a CA that DMS must hold ("Using SSL with
  // AWS Database Migration Service", https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.SSL.html).
  // rds.logical_replication is what CDC needs: a parameter that turns it off is refused
  // (CHAP_Source.PostgreSQL.html, kDmsPostgresSource).
  void check_replication_settings() {
    if (m_.dms.ssl_mode == DmsSslMode::verify_full && m_.dms.certificate_arn.empty())
      add("dms.certificate_arn", "is empty; dms.ssl_mode \"verify_full\" needs the DMS certificate of the RDS CA "
                                 "bundle to verify the servers against.");
    const auto logical = m_.source_parameters.find("rds.logical_replication");
    if (logical != m_.source_parameters.end() && logical->second != "1")
      add("source_parameters[\"rds.logical_replication\"]",
          fmt::format("is {}; change data capture needs 1 (the source's CDC parameter group sets it).",
                      q(logical->second)));
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
    if (replication()) {
      add("region", fmt::format("is {}, but method replication peers the source's VPC with the primary region's "
                                "VPC {} in the same region (a cross-region path is not planned): use a source in "
                                "{}, or method snapshot after copying its snapshot into {}.",
                                q(m_.region), q(spec_.regions.primary.name), q(spec_.regions.primary.name),
                                q(spec_.regions.primary.name)));
      return;
    }
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
