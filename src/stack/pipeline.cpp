// ci_identity (rdha/stack/pipeline.hpp): the issuers, audiences and subjects of the two CI
// services, from their OIDC documentation cited there.
#include "rdha/stack/pipeline.hpp"

namespace rdha::stack {

CiIdentity ci_identity(const PipelineSpec& pipeline) {
  CiIdentity out;
  if (pipeline.ci == CiService::github) {
    out.issuer_url = "https://token.actions.githubusercontent.com";
    out.audience = "sts.amazonaws.com";
    out.subjects = {"repo:" + pipeline.repository + ":ref:refs/heads/" + pipeline.branch,
                    "repo:" + pipeline.repository + ":environment:" + pipeline.environment};
  } else {
    out.issuer_url = pipeline.gitlab_url;
    while (out.issuer_url.ends_with('/')) out.issuer_url.pop_back();
    out.audience = out.issuer_url;
    out.subjects = {"project_path:" + pipeline.repository + ":ref_type:branch:ref:" + pipeline.branch};
  }
  constexpr std::string_view kScheme = "https://";
  out.issuer_host = out.issuer_url.starts_with(kScheme) ? out.issuer_url.substr(kScheme.size()) : out.issuer_url;
  return out;
}

}  // namespace rdha::stack
