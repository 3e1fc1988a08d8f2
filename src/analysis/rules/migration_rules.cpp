// Migration rules (RDHA-MIG-*): the data of an existing database arrives encrypted with the
// stack's key. Sources: "CopyDBSnapshot" (Amazon RDS API Reference,
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html): without
// KmsKeyId the copy of an encrypted snapshot keeps the source's key, and "If you copy an
// unencrypted snapshot and specify a value for the KmsKeyId parameter, Amazon RDS encrypts the
// target DB snapshot" (so without it the copy stays unencrypted); "Encrypting Amazon RDS
// resources" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html):
// an unencrypted DB instance cannot be turned into an encrypted one, and a DB instance
// restored from an unencrypted snapshot is unencrypted.
#include <string>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

void copy_without_key(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_db_snapshot_copy")) {
    const Resource& copy = stack.resource(index);
    if (arg(copy, "kms_key_id") != nullptr) continue;
    std::string restored;
    for (std::size_t db : of_type(stack, "aws_db_instance")) {
      const Json* source = arg(stack.resource(db), "snapshot_identifier");
      if (source == nullptr) continue;
      const auto targets = targets_in(stack, *source);
      if (!targets.empty() && targets.front() == index) restored = stack.resource(db).address.str();
    }
    sink.report(copy.address.str(),
                restored.empty() ? "The snapshot copy has no kms_key_id: an unencrypted source stays unencrypted."
                                 : "The snapshot copy that " + restored +
                                       " is restored from has no kms_key_id: an unencrypted source restores "
                                       "unencrypted.",
                "A copy without KmsKeyId keeps the source's encryption: none for an unencrypted source (and "
                "RDS cannot encrypt a DB instance afterwards), the source's own key for an encrypted one. Set "
                "kms_key_id to the stack's primary key (the spec's migration section does).");
  }
}

}  // namespace

void add_migration_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-MIG-001", "MigrationCopyEncrypted",
                 "The migrated data is restored from a copy encrypted with the stack's key", Severity::error,
                 "security",
                 "Copying a snapshot with a KMS key is how RDS encrypts an unencrypted snapshot; without a key the "
                 "copy, and the primary restored from it, stay unencrypted, and an unencrypted DB instance cannot be "
                 "encrypted later.",
                 "Set kms_key_id on the aws_db_snapshot_copy the primary is restored from.",
                 {}},
                copy_without_key});
}

}  // namespace rdha::analysis::detail
