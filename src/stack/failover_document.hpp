// Private: the region-loss automation document (SSM Automation, schema 0.3) rendered from
// the shared procedure of rdha/dr/region_failover.hpp. Used by failover.cpp.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "rdha/core/expr.hpp"
#include "rdha/dr/region_failover.hpp"

namespace rdha::stack::detail {

/// What the document needs besides the procedure: the automatic trigger's data-loss bound
/// and the parameter defaults that are Terraform references (the role, the topic ARN).
struct FailoverDocumentInputs {
  dr::RegionFailoverTarget target;
  int max_data_loss_seconds = 60;  ///< failover.max_data_loss_seconds
  Expr role_arn = Expr::raw("null");  ///< the role the automation assumes; also the default approver
  Expr topic_arn = Expr::raw("null");  ///< used when target.topic_name is set
};

/// Step names of the control steps the document adds around the procedure.
inline constexpr const char* kDryRunGate = "DryRunGate";
inline constexpr const char* kDryRunComplete = "DryRunComplete";
inline constexpr const char* kPromotionGate = "PromotionGate";
inline constexpr const char* kPageForApproval = "PageForApproval";
inline constexpr const char* kNotificationFailed = "NotificationFailed";

/// The document as a Terraform string template: JSON text whose parameter defaults hold
/// ${...} references and whose literal text is escaped for the template syntax.
Arg<tf::String> failover_document_content(const FailoverDocumentInputs& inputs);

/// @brief Tokens standing in a JSON value for references, with the reference each is.
using TokenReferences = std::vector<std::pair<std::string, Expr>>;

/// @brief @p value as JSON text in a string template (indented by @p indent, -1 compact):
///        the literal text escaped, each token replaced by its reference's interpolation.
Arg<tf::String> json_template(const nlohmann::json& value, const TokenReferences& references, int indent = -1);

/// The document as JSON with the references rendered as "${...}" (the template's value
/// before Terraform interpolates it); what failover_document_content() serializes.
nlohmann::json failover_document(const FailoverDocumentInputs& inputs);

}  // namespace rdha::stack::detail
