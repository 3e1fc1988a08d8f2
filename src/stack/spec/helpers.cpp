// HaStackSpec helpers: enum names, generated names, engine version parts, maintenance
// windows, the DR replica's class, the state bucket's regions and replica, the spec hash.
#include "rdha/stack/spec.hpp"

#include "rdha/stack/spec/fields.hpp"
#include "rdha/values/sha256.hpp"
#include "rdha/values/windows.hpp"
#include "rdha/version.hpp"

namespace rdha::stack {

std::string_view to_string(PasswordSource value) noexcept { return fields::enum_name(value); }
std::string_view to_string(KmsMode value) noexcept { return fields::enum_name(value); }
std::string_view to_string(StorageType value) noexcept { return fields::enum_name(value); }
std::string_view to_string(FailoverState value) noexcept { return fields::enum_name(value); }
std::string_view to_string(StateLocking value) noexcept { return fields::enum_name(value); }
std::string_view to_string(CiService value) noexcept { return fields::enum_name(value); }
std::string_view to_string(MigrationMethod value) noexcept { return fields::enum_name(value); }
std::string_view to_string(MigrationPhase value) noexcept { return fields::enum_name(value); }
std::string_view to_string(DmsSslMode value) noexcept { return fields::enum_name(value); }

std::string default_install_command() {
  return "python3 -m pip install \"rdha==" + std::string(version()) + "\"";
}

std::string spec_hash(const HaStackSpec& spec) { return "sha256:" + sha256_hex(to_json(spec).dump()); }

std::string named(const HaStackSpec& spec, std::string_view base) {
  std::string out(base);
  out += spec.name_suffix;
  return out;
}

std::string engine_major_version(const DatabaseSpec& database) {
  const auto dot = database.engine_version.find('.');
  return database.engine_version.substr(0, dot);
}

std::string parameter_group_family(const DatabaseSpec& database) { return "postgres" + engine_major_version(database); }

std::string instance_maintenance_window(const DatabaseSpec& database, std::size_t slot) {
  const auto primary = parse_weekly_window(database.maintenance_window);
  if (!primary) return database.maintenance_window;
  return format_weekly_window(shifted(*primary, static_cast<int>(slot) * database.maintenance_stagger_minutes));
}

const std::string& state_region(const HaStackSpec& spec) {
  return spec.state.region.empty() ? spec.regions.primary.name : spec.state.region;
}

const std::string& state_replica_region(const HaStackSpec& spec) {
  return state_region(spec) == spec.regions.primary.name ? spec.regions.dr.name : spec.regions.primary.name;
}

std::string state_replica_bucket(const StateSpec& state) { return state.bucket + "-replica"; }

const std::string& dr_replica_instance_class(const DatabaseSpec& database) {
  return database.dr_replica.instance_class.empty() ? database.instance_class : database.dr_replica.instance_class;
}

bool migration_replicating(const HaStackSpec& spec) {
  return spec.migration.enabled && spec.migration.method == MigrationMethod::replication &&
         spec.migration.phase == MigrationPhase::replicate;
}

bool primary_restored_by_migration(const HaStackSpec& spec) {
  return spec.migration.enabled && spec.migration.method == MigrationMethod::snapshot &&
         spec.migration.phase != MigrationPhase::copy;
}

}  // namespace rdha::stack
