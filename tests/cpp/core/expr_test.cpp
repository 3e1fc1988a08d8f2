// Arg<T> conversions and templates: what each native value becomes in Terraform JSON.
#include "rdha/core/expr.hpp"

#include <gtest/gtest.h>

namespace rdha {
namespace {

TEST(Expr, LiteralsAreEscapedReferencesInterpolated) {
  EXPECT_EQ(Arg<tf::String>("a ${b} %{c}").json(), "a $${b} %%{c}");
  EXPECT_EQ(Arg<tf::String>(Attr<tf::String>::at("aws_vpc.a.id")).json(), "${aws_vpc.a.id}");
  EXPECT_EQ(Arg<tf::Number>(5).json(), 5);
  EXPECT_EQ(Arg<tf::Bool>(true).json(), true);
}

TEST(Expr, CollectionsFromNativeContainers) {
  const std::vector<std::string> names{"postgresql", "${x}"};
  EXPECT_EQ(Arg<tf::Set<tf::String>>(names).json(), nlohmann::json({"postgresql", "$${x}"}));
  const std::map<std::string, std::string> tags{{"Name", "db"}};
  EXPECT_EQ(Arg<tf::Map<tf::String>>(tags).json(), nlohmann::json({{"Name", "db"}}));
  Arg<tf::Map<tf::String>> braced{{"Name", "db"}, {"Vpc", Attr<tf::String>::at("aws_vpc.a.id")}};
  EXPECT_EQ(braced.json(), nlohmann::json({{"Name", "db"}, {"Vpc", "${aws_vpc.a.id}"}}));
  Arg<tf::List<tf::String>> refs{Attr<tf::String>::at("aws_sg.a.id"), "sg-123"};
  EXPECT_EQ(refs.json(), nlohmann::json({"${aws_sg.a.id}", "sg-123"}));
}

TEST(Expr, TemplatesMixLiteralsAndReferences) {
  auto arn = tmpl("arn:", Attr<tf::String>::at("data.aws_partition.current.partition"), ":s3:::${bucket}/*");
  EXPECT_EQ(arn.json(), "arn:${data.aws_partition.current.partition}:s3:::$${bucket}/*");
}

TEST(Expr, ListReferencesIndexToTheirElementType) {
  auto subnets = Attr<tf::List<tf::String>>::at("aws_db_subnet_group.a.subnet_ids");
  Attr<tf::String> first = subnets[0];
  EXPECT_EQ(first.text(), "aws_db_subnet_group.a.subnet_ids[0]");
}

}  // namespace
}  // namespace rdha
