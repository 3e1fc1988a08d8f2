// The secrets module: what each password source creates, the replicated KMS-encrypted
// secret, the Terraform version each needs, and no literal password anywhere (the secret's
// value, written by build_database, is checked up to the database module).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/modules.hpp"
#include "testing/module_stack.hpp"

namespace rdha::stack {
namespace {

using testing::build_modules;
using testing::Module;
using testing::ModuleStack;

std::unique_ptr<ModuleStack> build(PasswordSource source, KmsMode kms_mode = KmsMode::customer_managed) {
  HaStackSpec spec;
  spec.database.password_source = source;
  spec.database.kms_mode = kms_mode;
  return build_modules(spec, Module::secrets);
}

std::string emitted_text(const Stack& stack) {
  std::string text;
  for (const auto& [name, document] : to_tf_json(stack)) text += render(document);
  return text;
}

// Every password-bearing argument anywhere in the emitted documents.
void collect_password_values(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if ((key == "password" || key == "password_wo" || key == "secret_string" || key == "secret_string_wo") &&
          item.is_string())
        out.push_back(item.get<std::string>());
      collect_password_values(item, out);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) collect_password_values(item, out);
  }
}

TEST(Secrets, RandomSourceStoresAlphanumericPasswordInSecret) {
  auto s = build(PasswordSource::random);
  const auto& password = s->args("random_password.db_master");
  EXPECT_EQ(password["length"], 16);
  EXPECT_EQ(password["special"], false);
  EXPECT_EQ(password["upper"], true);
  EXPECT_EQ(password["lower"], true);
  EXPECT_EQ(password["numeric"], true);
  EXPECT_EQ(s->stack.find("random_password.db_master")->node().provider, "aws");

  // The value needs the primary's address: build_database writes it (database_test.cpp).
  EXPECT_FALSE(s->has("aws_secretsmanager_secret_version.db_master_password"));

  ASSERT_TRUE(s->secret->password.has_value());
  EXPECT_EQ(s->secret->password->text(), "random_password.db_master.result");
  EXPECT_TRUE(s->secret->random_password.has_value());
  EXPECT_FALSE(s->secret->ephemeral_password.has_value());
  EXPECT_EQ(s->secret->source, PasswordSource::random);
  EXPECT_EQ(s->stack.required_version(), ">= 1.5.0");
}

TEST(Secrets, SecretIsEncryptedAndReplicatedWithTheDrKey) {
  auto s = build(PasswordSource::random);
  const auto& secret = s->args("aws_secretsmanager_secret.db_master_password");
  EXPECT_EQ(secret["name"], "db-master-password-rdha");
  EXPECT_EQ(secret["tags"], (nlohmann::json{{"Name", "db-master-password-rdha"}}));
  EXPECT_EQ(secret["kms_key_id"], "${aws_kms_key.primary.arn}");
  EXPECT_EQ(secret["recovery_window_in_days"], 30);
  EXPECT_EQ(secret["replica"],
            (nlohmann::json::array({{{"region", "us-west-2"}, {"kms_key_id", "${aws_kms_replica_key.dr.arn}"}}})));
  EXPECT_EQ(s->stack.find("aws_secretsmanager_secret.db_master_password")->node().provider, "aws");
  ASSERT_TRUE(s->secret->secret.has_value());
  EXPECT_EQ(s->secret->secret->str(), "aws_secretsmanager_secret.db_master_password");
}

TEST(Secrets, AwsManagedKeysLeaveTheServiceDefaultKeyInBothRegions) {
  auto s = build(PasswordSource::random, KmsMode::aws_managed);
  const auto& secret = s->args("aws_secretsmanager_secret.db_master_password");
  EXPECT_FALSE(secret.contains("kms_key_id"));
  EXPECT_EQ(secret["replica"], (nlohmann::json::array({{{"region", "us-west-2"}}})));
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

TEST(Secrets, EphemeralSourceKeepsThePasswordOutOfStateAndPlan) {
  auto s = build(PasswordSource::ephemeral);
  EXPECT_FALSE(s->has("random_password.db_master"));
  auto ephemeral = s->stack.find("ephemeral.aws_secretsmanager_random_password.db_master");
  ASSERT_TRUE(ephemeral.has_value());
  EXPECT_EQ(ephemeral->node().address.kind, Kind::ephemeral);
  const auto& generator = ephemeral->node().arguments;
  EXPECT_EQ(generator["password_length"], 16);
  EXPECT_EQ(generator["exclude_punctuation"], true);
  EXPECT_EQ(generator["include_space"], false);

  ASSERT_TRUE(s->secret->password.has_value());
  EXPECT_EQ(s->secret->password->text(), "ephemeral.aws_secretsmanager_random_password.db_master.random_password");
  EXPECT_EQ(s->secret->password_version, 1);
  EXPECT_TRUE(s->secret->ephemeral_password.has_value());
  EXPECT_FALSE(s->secret->random_password.has_value());
  // Ephemeral resources need Terraform 1.10; the write-only arguments that take the
  // password (the DB's, the secret value's) come with the database module and need 1.11.
  EXPECT_EQ(s->stack.required_version(), ">= 1.10.0");
  auto with_database = build_modules(s->spec, Module::database);
  EXPECT_EQ(with_database->stack.required_version(), ">= 1.11.0");

  // Core validation accepts the ephemeral value only because it reaches write-only arguments.
  const auto files = to_tf_json(with_database->stack);
  EXPECT_EQ(files.at("versions.tf.json")["terraform"]["required_version"], ">= 1.11.0");
}

TEST(Secrets, RdsManagedSourceCreatesNoSecretOfItsOwn) {
  auto s = build(PasswordSource::rds_managed);
  for (std::size_t i = 0; i < s->stack.size(); ++i) {
    const std::string& type = s->stack.resource(i).address.type;
    EXPECT_EQ(type.find("secretsmanager"), std::string::npos) << type;
    EXPECT_NE(type, "random_password");
  }
  EXPECT_EQ(s->secret->source, PasswordSource::rds_managed);
  EXPECT_FALSE(s->secret->secret.has_value());
  EXPECT_FALSE(s->secret->password.has_value());
  EXPECT_EQ(s->stack.required_version(), ">= 1.5.0");
}

TEST(Secrets, NoPasswordIsEverALiteral) {
  for (auto source : {PasswordSource::random, PasswordSource::ephemeral, PasswordSource::rds_managed}) {
    HaStackSpec spec;
    spec.database.password_source = source;
    if (source == PasswordSource::rds_managed) {
      spec.database.replicas.clear();
      spec.database.dr_replica.enabled = false;
    }
    // Up to the database: the DB's password and the secret's value both take it.
    auto s = build_modules(spec, Module::database);
    std::vector<std::string> values;
    for (const auto& [name, document] : to_tf_json(s->stack)) collect_password_values(document, values);
    EXPECT_EQ(values.size(), source == PasswordSource::rds_managed ? 0u : 2u) << to_string(source);
    const std::string reference = source == PasswordSource::random
                                      ? "random_password.db_master.result"
                                      : "ephemeral.aws_secretsmanager_random_password.db_master.random_password";
    for (const auto& value : values) {
      if (value == "${" + reference + "}") continue;  // the DB's password / password_wo
      EXPECT_EQ(value.rfind("${jsonencode({", 0), 0u) << value;
      EXPECT_NE(value.find("password = " + reference), std::string::npos) << value;
    }
    // No quoted password-looking value: the only "password = " in the text is a reference.
    const std::string text = emitted_text(s->stack);
    EXPECT_EQ(text.find("password = \\\""), std::string::npos) << to_string(source);
  }
}

TEST(Secrets, LengthAndPortFollowTheSpec) {
  HaStackSpec spec;
  spec.database.password_length = 24;
  spec.database.port = 6543;
  spec.database.master_username = "pgmaster";
  auto s = build_modules(spec, Module::database);
  EXPECT_EQ(s->args("random_password.db_master")["length"], 24);
  const std::string document = s->args("aws_secretsmanager_secret_version.db_master_password")["secret_string"];
  EXPECT_NE(document.find("username = \"pgmaster\""), std::string::npos) << document;
  EXPECT_NE(document.find("port = 6543"), std::string::npos) << document;
}

}  // namespace
}  // namespace rdha::stack
