// The command lines of the migration runbooks (snapshot_runbook in migration_runbook.cpp,
// replication_runbook.cpp): each line tagged with its kind, and the quoting of SQL values.
// Internal to src/dr.
#pragma once

#include <string>

#include "rdha/dr/migration.hpp"

namespace rdha::dr::detail {

inline MigrationCommand aws(std::string line) { return {CommandKind::aws_cli, std::move(line)}; }
inline MigrationCommand sql(std::string line) { return {CommandKind::sql, std::move(line)}; }
inline MigrationCommand terraform(std::string line) { return {CommandKind::terraform, std::move(line)}; }
inline MigrationCommand rdha(std::string line) { return {CommandKind::rdha, std::move(line)}; }
inline MigrationCommand tool(std::string line) { return {CommandKind::tool, std::move(line)}; }

/// A SQL string literal: 'it''s'.
inline std::string sql_literal(const std::string& value) {
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

/// A SQL identifier: "my""db".
inline std::string sql_identifier(const std::string& value) {
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace rdha::dr::detail
