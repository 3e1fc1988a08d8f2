// Private: the region-loss automation document (SSM Automation, schema 0.3) rendered from
// the shared procedure of rdha/dr/region_failover.hpp. Used by failover.cpp.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "rdha/core/expr.hpp"
#include "rdha/dr/region_failover.hpp"

namespace rdha::stack::detail {

/// What the document needs besides the procedure: parameter defaults that are Terraform
/// references (the role, the zone id, the DR replica's address, the topic ARN).
struct FailoverDocumentInputs {
  dr::RegionFailoverTarget target;
  int max_replica_lag_seconds = 60;
  Expr role_arn = Expr::raw("null");
  Expr zone_id = Expr::raw("null");             ///< used when target.zone_name is set
  Expr new_writer_address = Expr::raw("null");  ///< the DR replica's address
  Expr topic_arn = Expr::raw("null");           ///< used when target.topic_name is set
};

/// Step names of the control steps the document adds around the procedure.
inline constexpr const char* kDryRunGate = "DryRunGate";
inline constexpr const char* kDryRunComplete = "DryRunComplete";

/// The document as a Terraform string template: JSON text whose parameter defaults hold
/// ${...} references and whose literal text is escaped for the template syntax.
Arg<tf::String> failover_document_content(const FailoverDocumentInputs& inputs);

/// The document as JSON with the references rendered as "${...}" (the template's value
/// before Terraform interpolates it); what failover_document_content() serializes.
nlohmann::json failover_document(const FailoverDocumentInputs& inputs);

}  // namespace rdha::stack::detail
