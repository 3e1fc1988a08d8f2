// rdha/stack/pipeline.hpp — who the CI pipeline's jobs are to AWS: the OIDC issuer of the
// CI service, the audience of its ID tokens and the exact subjects the Terraform-execution
// role trusts (docs/pipeline.md). One home for these facts: the stack's trust policy and
// the CI definition `rdha pipeline` writes both read them.
//
// Sources: "Configuring OpenID Connect in Amazon Web Services" (GitHub Docs,
// https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services:
// issuer https://token.actions.githubusercontent.com, audience sts.amazonaws.com, sub
// "repo:<owner/name>:ref:refs/heads/<branch>" or, for a job with an environment,
// "repo:<owner/name>:environment:<name>"); "Configure OpenID Connect in AWS to retrieve
// temporary credentials" (GitLab Docs, https://docs.gitlab.com/ci/cloud_services/aws/: issuer
// and audience the GitLab URL, sub "project_path:<path>:ref_type:branch:ref:<branch>").
#pragma once

#include <string>
#include <vector>

#include "rdha/stack/spec.hpp"

namespace rdha::stack {

/// @brief The OIDC identity of a CI service's jobs.
struct CiIdentity {
  std::string issuer_url;   ///< "https://token.actions.githubusercontent.com"
  std::string issuer_host;  ///< the URL without "https://": the prefix of the condition keys
  std::string audience;     ///< the aud claim the role requires (the provider's client ID)
  /// the sub claims the role accepts, exactly (StringEquals): GitHub the branch (plan and
  /// drift jobs) and the environment (apply job); GitLab the branch
  std::vector<std::string> subjects;
};

/// @brief How long the CI jobs' credentials last, in seconds: the execution role's
///        max_session_duration and the duration each job asks for. An apply that creates the
///        primary, its readers and the cross-region replica one after the other can outlast
///        STS's default hour; credentials that expire mid-apply leave it half done with the
///        state lock held. AssumeRoleWithWebIdentity grants up to the role's maximum, 1 to
///        12 hours ("AssumeRoleWithWebIdentity", AWS STS API Reference,
///        https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html).
inline constexpr int kPipelineSessionSeconds = 4 * 3600;

/// @brief The identity of @p pipeline's CI service (pipeline.ci) for its repository,
///        branch and environment.
CiIdentity ci_identity(const PipelineSpec& pipeline);

}  // namespace rdha::stack
