// The migration's resource: the encrypted copy of the source's final snapshot, which the
// primary is restored from (database.cpp) in the restore phase.
//
// Copying is how RDS encrypts an unencrypted snapshot: "If you copy an unencrypted snapshot
// and specify a value for the KmsKeyId parameter, Amazon RDS encrypts the target DB
// snapshot" ("CopyDBSnapshot", Amazon RDS API Reference,
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html; "Copying
// a DB snapshot for Amazon RDS", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html).
// An encrypted source is re-encrypted with the key given, so the primary ends on the stack's
// key either way. The provider has no resource for ModifyDBSnapshot, so the engine upgrade
// of the copy is a runbook step (rdha migrate).
#include "rdha/stack/modules.hpp"

namespace rdha::stack {

std::optional<aws::DbSnapshotCopy> add_migration_copy(Stack& stack, const HaStackSpec& spec,
                                                      const RegionContext& primary, const KmsKeys& kms) {
  const MigrationSpec& m = spec.migration;
  if (!m.enabled || m.method != MigrationMethod::snapshot) return std::nullopt;
  const Names names(spec);
  auto copy = stack.add<aws::DbSnapshotCopy>("migration", primary.provider);
  copy.source_db_snapshot_identifier(m.source_snapshot_identifier.empty() ? names.migration_source_snapshot()
                                                                          : m.source_snapshot_identifier)
      .target_db_snapshot_identifier(names.migration_copy())
      .copy_tags(false)  // the source's tags describe the legacy instance, not the stack
      .tags(std::map<std::string, std::string>{{"Name", names.migration_copy()}});
  if (kms.primary_arn)
    copy.kms_key_id(*kms.primary_arn);
  else
    copy.kms_key_id(kAwsManagedRdsKeyAlias);  // KmsKeyId: "the key ARN, key ID, alias ARN, or alias name" (above)
  // Both inputs force a new copy, and the provider reads them back as RDS reports them: the
  // source as the ARN it was copied from (or nothing once that snapshot is gone), the key as
  // its ARN (resourceSnapshotCopyRead, internal/service/rds/snapshot_copy.go in
  // hashicorp/terraform-provider-aws; "DBSnapshot", https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBSnapshot.html).
  // Without this every plan after the copy would delete the upgraded copy and copy the old
  // source again, so the restore would start from the un-upgraded snapshot.
  Lifecycle as_reported;
  as_reported.ignore_changes = {"source_db_snapshot_identifier", "kms_key_id"};
  copy.lifecycle(std::move(as_reported));
  return copy;
}

}  // namespace rdha::stack
