// The native syntax of JSON-syntax values (src/emit/hcl_syntax.hpp): templates, literal
// text, escapes, heredocs, collections and the `=` alignment of `terraform fmt`.
#include "emit/hcl_syntax.hpp"

#include <gtest/gtest.h>

namespace rdha::detail::hcl {
namespace {

using nlohmann::json;

std::string expr(const json& value, Strings strings = Strings::templates, int indent = 0) {
  return expression(value, strings, indent).text;
}

TEST(HclSyntax, AWholeInterpolationIsTheBareExpression) {
  EXPECT_EQ(expr("${aws_vpc.primary.id}"), "aws_vpc.primary.id");
  EXPECT_EQ(expr("${ var.x }"), "var.x");
  EXPECT_EQ(expr("${jsonencode({ a = \"}\" })}"), "jsonencode({ a = \"}\" })");
  EXPECT_EQ(expr("${\"${a}\"}"), "\"${a}\"");
}

TEST(HclSyntax, MixedTemplatesStayQuotedTemplates) {
  EXPECT_EQ(expr("${a}-${b}"), "\"${a}-${b}\"");
  EXPECT_EQ(expr("arn:${data.aws_partition.current.partition}:s3:::x"),
            "\"arn:${data.aws_partition.current.partition}:s3:::x\"");
  EXPECT_EQ(expr("%{ if var.on }yes%{ else }no%{ endif }"), "\"%{ if var.on }yes%{ else }no%{ endif }\"");
  // A strip marker belongs to the template: never bare.
  EXPECT_EQ(expr("${~ a ~}"), "\"${~ a ~}\"");
  // Quotes inside a sequence are the expression's own, not escaped.
  EXPECT_EQ(expr("x ${replace(a, \"\\\"\", \"\")} \"y\""), "\"x ${replace(a, \"\\\"\", \"\")} \\\"y\\\"\"");
}

TEST(HclSyntax, EscapedSequencesStayEscapedAndLiteralTextIsEscaped) {
  EXPECT_EQ(expr("$${not.a.reference}"), "\"$${not.a.reference}\"");
  EXPECT_EQ(expr("%%{ not a directive }"), "\"%%{ not a directive }\"");
  EXPECT_EQ(expr("$$${a}"), "\"$$${a}\"");
  // Literal text (a description, a variable default): its "${" is escaped.
  EXPECT_EQ(expr("cost ${x} 100%{", Strings::literal), "\"cost $${x} 100%%{\"");
  EXPECT_EQ(expr("$${x}", Strings::literal), "\"$$${x}\"");
}

TEST(HclSyntax, QuotesBackslashesAndControlCharactersAreEscapedUnicodeIsKept) {
  EXPECT_EQ(expr("say \"hi\" C:\\dir"), "\"say \\\"hi\\\" C:\\\\dir\"");
  EXPECT_EQ(expr("a\tb\rc\x01" "d\x7f"), "\"a\\tb\\rc\\u0001d\\u007F\"");
  EXPECT_EQ(expr("one line\n"), "\"one line\\n\"");
  EXPECT_EQ(expr("Zürich → 東京 ✓"), "\"Zürich → 東京 ✓\"");
}

TEST(HclSyntax, NumbersThatLookLikeStringsStayStrings) {
  EXPECT_EQ(expr("5432"), "\"5432\"");
  EXPECT_EQ(expr("true"), "\"true\"");
  EXPECT_EQ(expr("null"), "\"null\"");
  EXPECT_EQ(expr(5432), "5432");
  EXPECT_EQ(expr(0.5), "0.5");
  EXPECT_EQ(expr(true), "true");
  EXPECT_EQ(expr(nullptr), "null");
  EXPECT_EQ(expr(""), "\"\"");
}

TEST(HclSyntax, MultiLineTextIsAHeredocHoldingTheSameString) {
  EXPECT_EQ(expr("{\n  \"a\": \"${x}\",\n\n  \"b\": \"\\\\n\"\n}\n", Strings::templates, 2),
            "<<-EOT\n    {\n      \"a\": \"${x}\",\n\n      \"b\": \"\\\\n\"\n    }\n  EOT");
  // A line that is the marker changes the marker.
  EXPECT_EQ(expr("a\nEOT\n"), "<<-EOT_\n  a\n  EOT\nEOT_");
  EXPECT_EQ(expr("EOT_\nEOT\n"), "<<-EOT__\n  EOT_\n  EOT\nEOT__");
  // Without a final newline: the heredoc in chomp(), which removes just that newline.
  EXPECT_EQ(expr("a\nb", Strings::templates, 2), "chomp(<<-EOT\n    a\n    b\n  EOT\n  )");
  EXPECT_FALSE(expression("a\nb", Strings::templates, 0).one_line);
  EXPECT_TRUE(expression("a\nb\n", Strings::templates, 0).one_line);
  // Literal text (a variable's description, a backend setting) allows no function call:
  // without a final newline it stays quoted; with one it is still a heredoc.
  EXPECT_EQ(expr("a\nb", Strings::literal, 2), "\"a\\nb\"");
  EXPECT_EQ(expr("a\nb\n", Strings::literal, 2), "<<-EOT\n    a\n    b\n  EOT");
  // Cases a heredoc cannot hold exactly stay quoted: all lines indented (`<<-` would strip
  // it), a trailing space, a tab.
  EXPECT_EQ(expr("  a\n  b\n"), "\"  a\\n  b\\n\"");
  EXPECT_EQ(expr("a \nb\n"), "\"a \\nb\\n\"");
  EXPECT_EQ(expr("a\n\tb\n"), "\"a\\n\\tb\\n\"");
  // In a list, never a heredoc.
  EXPECT_EQ(expr(json::array({"a\nb\n"})), "[\"a\\nb\\n\"]");
}

TEST(HclSyntax, EmptyAndScalarCollectionsAreOneLine) {
  EXPECT_EQ(expr(json::array()), "[]");
  EXPECT_EQ(expr(json::object()), "{}");
  EXPECT_EQ(expr(json::array({"a", 1, "${b}"})), "[\"a\", 1, b]");
  EXPECT_TRUE(expression(json::array({"a"}), Strings::templates, 0).one_line);
}

TEST(HclSyntax, ObjectsAlignTheirKeysAndQuoteTheOnesThatAreNotIdentifiers) {
  const json tags = {{"Name", "x"}, {"kubernetes.io/role", "db"}, {"null", 1}, {"9lives", true}, {"a-b", "${c}"}};
  EXPECT_EQ(expr(tags, Strings::templates, 2),
            "{\n"
            "    \"9lives\"             = true\n"
            "    Name                 = \"x\"\n"
            "    a-b                  = c\n"
            "    \"kubernetes.io/role\" = \"db\"\n"
            "    \"null\"               = 1\n"
            "  }");
  EXPECT_FALSE(expression(tags, Strings::templates, 0).one_line);
  // Terraform 1.11 reads `{ for = 1 }` as a for expression and refuses it; `in` and `if` are
  // fine as keys.
  EXPECT_EQ(expr(json{{"for", 1}, {"in", 2}, {"if", 3}}, Strings::templates, 0),
            "{\n  \"for\" = 1\n  if    = 3\n  in    = 2\n}");
}

TEST(HclSyntax, ListsOfObjectsAndNestedValuesBreakTheAlignment) {
  const json value = {{"a", 1}, {"list", json::array({{{"k", "v"}}, json::object()})}, {"bb", 2}, {"ccc", json::object()}};
  EXPECT_EQ(expr(value),
            "{\n"
            "  a   = 1\n"
            "  bb  = 2\n"
            "  ccc = {}\n"
            "  list = [\n"
            "    {\n"
            "      k = \"v\"\n"
            "    },\n"
            "    {},\n"
            "  ]\n"
            "}");
}

TEST(HclSyntax, AttributeLinesAlignRunsOfOneLineAttributes) {
  const std::vector<Attribute> attributes = {{"a", {"1"}},
                                             {"long_name", {"2"}},
                                             {"block_like", {"{\n  x = 1\n}", false}},
                                             {"b", {"<<-EOT\n  x\nEOT", true}},
                                             {"cc", {"3"}}};
  EXPECT_EQ(attribute_lines(attributes, 0),
            "a         = 1\n"
            "long_name = 2\n"
            "block_like = {\n  x = 1\n}\n"
            "b  = <<-EOT\n  x\nEOT\n"
            "cc = 3\n");
}

TEST(HclSyntax, IdentifiersAreAsciiLettersDigitsUnderscoresAndDashes) {
  EXPECT_TRUE(is_identifier("aws_vpc"));
  EXPECT_TRUE(is_identifier("_x-1"));
  EXPECT_FALSE(is_identifier(""));
  EXPECT_FALSE(is_identifier("1a"));
  EXPECT_FALSE(is_identifier("-a"));
  EXPECT_FALSE(is_identifier("a.b"));
  EXPECT_FALSE(is_identifier("ü"));
}

}  // namespace
}  // namespace rdha::detail::hcl
