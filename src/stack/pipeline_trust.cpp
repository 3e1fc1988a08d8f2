// The CI pipeline's OIDC trust (pipeline_trust.hpp).
//
// Sources: "Create an OpenID Connect (OIDC) identity provider in IAM"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html: one
// provider per issuer URL in an account, a second fails with EntityAlreadyExists; IAM
// secures communication with GitHub's and GitLab's issuers through its library of trusted
// root CAs, so thumbprints are not used for them); "Resource: aws_iam_openid_connect_provider"
// (hashicorp/aws 5.100.0, https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/iam_openid_connect_provider:
// thumbprint_list is optional); "Creating a role for web identity or OpenID Connect
// Federation" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html:
// the <issuer>:aud and <issuer>:sub condition keys); the GitHub and GitLab OIDC pages cited
// in rdha/stack/pipeline.hpp.
#include "pipeline_trust.hpp"

#include "rdha/stack/pipeline.hpp"

namespace rdha::stack {

using namespace policy;

std::optional<PipelineProvider> build_pipeline_provider(Stack& stack, const HaStackSpec& spec,
                                                        const ProviderRef& provider) {
  if (!spec.pipeline.enabled) return std::nullopt;
  if (!spec.pipeline.oidc_provider_arn.empty()) return PipelineProvider{spec.pipeline.oidc_provider_arn, std::nullopt};
  const CiIdentity identity = ci_identity(spec.pipeline);
  auto created = stack.add<aws::IamOpenidConnectProvider>("ci", provider);
  created.url(identity.issuer_url).client_id_list(literals({identity.audience}));
  return PipelineProvider{created.arn(), created};
}

Statement pipeline_trust_statement(const HaStackSpec& spec, const PipelineProvider& provider) {
  const CiIdentity identity = ci_identity(spec.pipeline);
  Statement s;
  s.sid("AssumedByPipeline").effect("Allow").actions({"sts:AssumeRoleWithWebIdentity"});
  s.principals(principals("Federated", {provider.arn}));
  s.condition(condition("StringEquals", identity.issuer_host + ":aud", literals({identity.audience})));
  s.condition(condition("StringEquals", identity.issuer_host + ":sub", literals(identity.subjects)));
  return s;
}

Statement pipeline_provider_reads(const PipelineProvider& provider) {
  return allow("ReadPipelineIdentityProvider",
               {"iam:GetOpenIDConnectProvider", "iam:ListOpenIDConnectProviderTags"}, {provider.arn});
}

}  // namespace rdha::stack
