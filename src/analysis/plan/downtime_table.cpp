// The downtime table (rdha/analysis/plan_check.hpp, downtime_settings()): one row per DB
// instance setting whose change reboots or interrupts the instance, each quoting the
// downtime note of the RDS User Guide verbatim. Settings whose note says that no downtime
// occurs (allocated storage, Provisioned IOPS, storage throughput, Multi-AZ, ...) have no
// row; docs/plan-check.md lists them with their notes.
#include "analysis/plan/downtime_table.hpp"

#include <algorithm>

#include "rdha/analysis/plan_check.hpp"

namespace rdha::analysis::plan {
namespace {

constexpr const char* kSettingsPage =
    "Amazon RDS User Guide, \"Settings for DB instances\", "
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ModifyInstance.Settings.html";
constexpr const char* kParameterGroupsPage =
    "Amazon RDS User Guide, \"Parameter groups for Amazon RDS\", "
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html";

bool any_change(const ResourceChange& change, const std::string& attribute, std::string& what) {
  if (!change.changed(attribute)) return false;
  what = arrow(change, attribute);
  return true;
}

// "16.4" → "16"; the major version of PostgreSQL 10 and later is the first number.
std::string major_of(const nlohmann::json& version) {
  if (!version.is_string()) return {};
  const auto text = version.get<std::string>();
  return text.substr(0, text.find('.'));
}

bool engine_version_change(const ResourceChange& change, const std::string& attribute, std::string& what) {
  if (!change.changed(attribute)) return false;
  const bool major = change.unknown_after(attribute) ||
                     major_of(change.was(attribute)) != major_of(change.will_be(attribute));
  what = std::string(major ? "major" : "minor") + " version " + arrow(change, attribute);
  return true;
}

// Magnetic storage is "standard" in the API; only moves to or from it interrupt.
bool magnetic_transition(const ResourceChange& change, const std::string& attribute, std::string& what) {
  if (!change.changed(attribute) || change.was(attribute).is_null()) return false;
  const bool from_magnetic = change.was(attribute) == "standard";
  const bool to_magnetic = change.will_be(attribute) == "standard";
  if (from_magnetic == to_magnetic && !change.unknown_after(attribute)) return false;
  what = arrow(change, attribute);
  return true;
}

bool backups_switched_on_or_off(const ResourceChange& change, const std::string& attribute, std::string& what) {
  const auto& before = change.was(attribute);
  const auto& after = change.will_be(attribute);
  if (!before.is_number() || !after.is_number() || (before == 0) == (after == 0)) return false;
  what = arrow(change, attribute) + " days (automated backups turned " + (after == 0 ? "off)" : "on)");
  return true;
}

DowntimeRow row(std::string attribute, std::string setting, std::string when_flagged, Takes takes, std::string quote,
                bool (*flags)(const ResourceChange&, const std::string&, std::string&) = any_change) {
  return {{"aws_db_instance", std::move(attribute), std::move(setting), std::move(when_flagged), takes,
           std::move(quote), kSettingsPage},
          flags};
}

}  // namespace

const std::vector<DowntimeRow>& instance_downtime_rows() {
  static const std::vector<DowntimeRow> rows = {
      row("instance_class", "DB instance class", "any change", Takes::apply_immediately_or_window,
          "Downtime occurs during this change."),
      row("engine_version", "DB engine version", "any change, major or minor", Takes::apply_immediately_or_window,
          "Downtime occurs during this change.", engine_version_change),
      row("storage_type", "Storage type", "to or from magnetic (\"standard\")", Takes::apply_immediately_or_window,
          "The following changes all result in a brief downtime while the process starts. After that, you can use "
          "your database normally while the change takes place. - From General Purpose (SSD) or Provisioned IOPS "
          "(SSD) to Magnetic. - From Magnetic to General Purpose (SSD) or Provisioned IOPS (SSD).",
          magnetic_transition),
      row("backup_retention_period", "Backup retention period", "from 0 to a nonzero value, or from nonzero to 0",
          Takes::apply_immediately_or_window,
          "Downtime occurs if you change from 0 to a nonzero value, or from a nonzero value to 0.",
          backups_switched_on_or_off),
      row("port", "Database port", "any change", Takes::immediately, "The DB instance is rebooted immediately."),
      row("identifier", "DB instance identifier", "any change", Takes::apply_immediately_or_window,
          "Downtime occurs during this change unless your DB engine version supports dynamic SSL upload."),
      row("ca_cert_identifier", "Certificate authority", "any change", Takes::apply_immediately_or_window,
          "Downtime only occurs if the DB engine doesn't support rotation without restart."),
      row("network_type", "Network type", "any change", Takes::apply_immediately_or_window,
          "Downtime is possible during this change."),
      row("dedicated_log_volume", "Dedicated Log Volume", "any change", Takes::next_reboot,
          "Downtime occurs while the DB instance is rebooted."),
      row("domain", "Kerberos authentication", "any change", Takes::apply_immediately_or_window,
          "A brief downtime occurs during this change."),
      row("license_model", "License model", "any change", Takes::apply_immediately_or_window,
          "Downtime occurs during this change."),
  };
  return rows;
}

const DowntimeRow& rename_row() {
  static const DowntimeRow& rename = *std::find_if(
      instance_downtime_rows().begin(), instance_downtime_rows().end(),
      [](const DowntimeRow& row) { return row.setting.attribute == "identifier"; });
  return rename;
}

const DowntimeSetting& static_parameter_row() {
  static const DowntimeSetting setting{
      "aws_db_parameter_group",
      "parameter",
      "Static parameter (DB parameter group)",
      "a parameter with apply_method \"pending-reboot\" added, changed or removed",
      Takes::next_reboot,
      "When you change a static parameter and save the DB parameter group, the parameter change takes effect after "
      "you manually reboot the associated DB instances.",
      kParameterGroupsPage};
  return setting;
}

}  // namespace rdha::analysis::plan

namespace rdha::analysis {

const std::vector<DowntimeSetting>& downtime_settings() {
  static const std::vector<DowntimeSetting> settings = [] {
    std::vector<DowntimeSetting> out;
    for (const auto& row : plan::instance_downtime_rows()) out.push_back(row.setting);
    out.push_back(plan::static_parameter_row());
    return out;
  }();
  return settings;
}

}  // namespace rdha::analysis
