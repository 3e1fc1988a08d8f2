// The Terraform-execution role's trust of the CI pipeline's jobs (spec.pipeline): the OIDC
// provider of the CI's issuer and the statements of the trust and execution policies.
// Internal to src/stack (iam.cpp).
#pragma once

#include <optional>

#include "policy_statements.hpp"
#include "rdha/stack/modules.hpp"

namespace rdha::stack {

/// @brief The OIDC provider the trust names: created by the stack, or spec.pipeline's
///        existing one (provider empty, arn a literal).
struct PipelineProvider {
  Arg<tf::String> arn;
  std::optional<aws::IamOpenidConnectProvider> provider;
};

/// @brief With spec.pipeline.enabled: the provider (created when oidc_provider_arn is
///        empty); nullopt otherwise.
std::optional<PipelineProvider> build_pipeline_provider(Stack& stack, const HaStackSpec& spec,
                                                        const ProviderRef& provider);

/// @brief sts:AssumeRoleWithWebIdentity for the provider, StringEquals on the issuer's aud
///        and on exactly the pipeline's subs (rdha/stack/pipeline.hpp).
policy::Statement pipeline_trust_statement(const HaStackSpec& spec, const PipelineProvider& provider);

/// @brief Read-only actions on the provider: a refresh reads it; changes to the pipeline's
///        own identity are an administrator's (docs/pipeline.md).
policy::Statement pipeline_provider_reads(const PipelineProvider& provider);

}  // namespace rdha::stack
