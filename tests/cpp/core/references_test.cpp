// The reference scanner: every way a reference can appear in a template is found, and
// nothing that is not a reference is.
#include "rdha/core/references.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rdha/core/expr.hpp"

namespace rdha {
namespace {

TEST(References, FindsTypedReferenceInInterpolation) {
  auto refs = find_references("${aws_vpc.primary.id}");
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0], (FoundReference{RefRoot::resource, "aws_vpc", "primary", "id"}));
  EXPECT_EQ(refs[0].target(), "aws_vpc.primary");
}

TEST(References, FindsEveryRootKind) {
  auto refs = find_references(
      "${data.aws_region.dr.name}-${ephemeral.aws_secretsmanager_random_password.master.random_password}"
      "-${var.suffix}-${local.tags}");
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0].target(), "data.aws_region.dr");
  EXPECT_EQ(refs[0].attribute, "name");
  EXPECT_EQ(refs[1].target(), "ephemeral.aws_secretsmanager_random_password.master");
  EXPECT_EQ(refs[2].target(), "var.suffix");
  EXPECT_EQ(refs[3].target(), "local.tags");
}

TEST(References, IgnoresEscapedInterpolation) {
  EXPECT_TRUE(find_references("$${aws_vpc.primary.id}").empty());
  EXPECT_TRUE(find_references(escape_template("${not.a_ref.x}")).empty());
}

TEST(References, ScansRawExpressionsWithFunctionsAndNestedStrings) {
  auto refs = find_references(
      "${jsonencode({Statement = [{Resource = \"${aws_kms_key.primary.arn}/*\", "
      "Principal = aws_iam_role.monitoring.arn}]})}");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].target(), "aws_kms_key.primary");
  EXPECT_EQ(refs[1].target(), "aws_iam_role.monitoring");
  EXPECT_EQ(refs[1].attribute, "arn");
}

TEST(References, SkipsIndexesAndSplatsToFindTheAttribute) {
  auto refs = find_references("${aws_subnet.private[0].id} ${aws_subnet.public[*].id}");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].attribute, "id");
  EXPECT_EQ(refs[1].attribute, "id");
}

TEST(References, FindsReferencesInsideIndexExpressions) {
  auto refs = find_references("${aws_subnet.private[var.index].id}");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[1].target(), "var.index");
}

TEST(References, IgnoresMetaSymbolsAndLiterals) {
  EXPECT_TRUE(find_references("${count.index} ${each.key} ${path.module} ${1.5} ${\"x\"}").empty());
  EXPECT_TRUE(find_references("plain text with no template").empty());
}

TEST(References, DirectivesAreScannedToo) {
  auto refs = find_references("%{ if var.enabled }on%{ endif }");
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].target(), "var.enabled");
}

TEST(References, CollectsFromListsMapsAndBlocks) {
  nlohmann::json value = {
      {"ids", {"${aws_security_group.db.id}", "sg-literal"}},
      {"block", {{{"subnet", "${aws_subnet.a.id}"}}}},
      {"tags", {{"Name", "x"}}},
  };
  std::vector<FoundReference> refs;
  collect_references(value, refs);
  ASSERT_EQ(refs.size(), 2u);
}

// ---- rewrite_references: the modules layout's cut (tf_modules.hpp) --------------------

// Every resource reference to `var.<type>_<name>[_<attr>]`, the rest kept.
std::optional<std::string> to_variable(const FoundReference& reference, bool whole) {
  if (reference.root != RefRoot::resource) return std::nullopt;
  return "var." + reference.name + (whole ? "" : "_" + reference.attribute);
}

TEST(RewriteReferences, ReplacesTypeNameAttributeAndKeepsTheRest) {
  EXPECT_EQ(rewrite_references("${aws_vpc.dr.id}", to_variable), "${var.dr_id}");
  EXPECT_EQ(rewrite_references("arn:${aws_kms_key.k.arn}:*", to_variable), "arn:${var.k_arn}:*");
  EXPECT_EQ(rewrite_references("${aws_db_instance.p.listener_endpoint[0].address}", to_variable),
            "${var.p_listener_endpoint[0].address}");
  EXPECT_EQ(rewrite_references("${var.x}-${local.y}", to_variable), "${var.x}-${local.y}");
  EXPECT_EQ(rewrite_references("no template", to_variable), "no template");
}

TEST(RewriteReferences, IndexedOrBareObjectsAreRewrittenWhole) {
  EXPECT_EQ(rewrite_references("${aws_subnet.a[0].id}", to_variable), "${var.a[0].id}");
  EXPECT_EQ(rewrite_references("${aws_subnet.a[*].id}", to_variable), "${var.a[*].id}");
  EXPECT_EQ(rewrite_references("${aws_vpc.dr}", to_variable), "${var.dr}");
}

TEST(RewriteReferences, RewritesInsideFunctionsNestedTemplatesAndKeepsEscapes) {
  EXPECT_EQ(rewrite_references("${jsonencode({a = aws_vpc.dr.id, b = \"x-${aws_vpc.p.arn}\"})}", to_variable),
            "${jsonencode({a = var.dr_id, b = \"x-${var.p_arn}\"})}");
  EXPECT_EQ(rewrite_references("$${aws_vpc.dr.id} ${aws_vpc.dr.id}", to_variable), "$${aws_vpc.dr.id} ${var.dr_id}");
  EXPECT_EQ(rewrite_references("%{if aws_vpc.dr.id != \"\"}y%{endif}", to_variable),
            "%{if var.dr_id != \"\"}y%{endif}");
}

TEST(RewriteReferences, DataAndEphemeralPrefixesAreReplacedWhole) {
  const ReferenceRewrite kind = [](const FoundReference& reference, bool whole) -> std::optional<std::string> {
    if (reference.root == RefRoot::variable) return std::nullopt;
    return "var.k" + std::string(whole ? "" : "_" + reference.attribute);
  };
  EXPECT_EQ(rewrite_references("${data.aws_iam_policy_document.d.json}", kind), "${var.k_json}");
  EXPECT_EQ(rewrite_references("${ephemeral.aws_secretsmanager_random_password.m.random_password}", kind),
            "${var.k_random_password}");
  EXPECT_EQ(rewrite_references("${data.aws_region.r}", kind), "${var.k}");
}

}  // namespace
}  // namespace rdha
