// rdha/stack/bootstrap.hpp — the state bootstrap: the small, separate stack that creates
// what the main stack's S3 backend needs (`rdha bootstrap`, docs/state.md).
//
// From spec.state it builds: the state bucket in the state region (versioning, SSE-KMS with
// its own rotating key, every public access block, a TLS-only bucket policy, object
// ownership enforced); its replica `<bucket>-replica` in the other stack region with the
// same protections under a key of that region, replicated from the bucket with delete
// markers (Terraform releases a lock by deleting its lock object); with dynamodb locking a
// global lock table with a replica in the other region; and a least-privilege managed
// policy for the Terraform-execution role. Its outputs are what the spec's state section
// takes. Its own state stays local: the bucket it would live in is what it creates.
#pragma once

#include <optional>

#include "rdha/core/stack.hpp"
#include "rdha/stack/modules.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack {

/// @brief One protected bucket of the bootstrap: the bucket and its settings.
struct StateBucket {
  aws::S3Bucket bucket;
  aws::KmsKey key;  ///< its own key, in the bucket's region, rotated yearly
  aws::S3BucketVersioning versioning;
  aws::S3BucketServerSideEncryptionConfiguration encryption;
  aws::S3BucketPublicAccessBlock public_access_block;
  aws::S3BucketOwnershipControls ownership;
  aws::S3BucketPolicy policy;  ///< TLS only
};

/// @brief Everything build_bootstrap_parts() created.
struct Bootstrap {
  Stack stack;
  StateBucket primary;  ///< the state bucket, in state_region(spec)
  StateBucket replica;  ///< `<bucket>-replica`, in state_replica_region(spec)
  aws::IamRole replication_role;
  aws::S3BucketReplicationConfiguration replication;
  std::optional<aws::DynamodbTable> lock_table;  ///< state.locking == dynamodb
  aws::IamPolicy terraform_policy;                ///< for the Terraform-execution role
};

/// @brief Builds the bootstrap stack of @p spec with its handles. Throws SpecError for an
///        invalid spec, or one without state.bucket, before adding anything.
Bootstrap build_bootstrap_parts(const HaStackSpec& spec);

/// @brief The bootstrap stack of @p spec (`rdha bootstrap`).
///
/// @code{.cpp}
/// rdha::stack::HaStackSpec spec;
/// spec.state.account_id = "123456789012";
/// spec.state.bucket = "rdha-state-123456789012";
/// rdha::write_tf_json(rdha::stack::build_bootstrap_stack(spec), "bootstrap_out");
/// @endcode
Stack build_bootstrap_stack(const HaStackSpec& spec);

}  // namespace rdha::stack
