// rdha/stack/dms_versions.hpp — the AWS DMS engine version each PostgreSQL major needs, as a
// committed table: the replication method's replication instance must support both the
// source's major and the stack's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rdha::stack {

/// @brief The page the table was read from, and when.
inline constexpr std::string_view kDmsPostgresSource =
    "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.PostgreSQL.html";
inline constexpr std::string_view kDmsPostgresReadOn = "2026-12-06";

/// @brief The oldest DMS engine version that supports PostgreSQL @p major ("3.6.1" for 17,
///        "" for a major any DMS version supports); nullopt for a major the table does not
///        list.
std::optional<std::string> dms_minimum_for_postgres(int major);

/// @brief -1, 0 or 1 as DMS version @p a ("3.5.4") is older than, equal to or newer than @p b,
///        number by number.
int compare_dms_versions(std::string_view a, std::string_view b);

}  // namespace rdha::stack
