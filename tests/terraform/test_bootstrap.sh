#!/usr/bin/env bash
# Terraform check: the state bootstrap (`rdha bootstrap`) of every remote-state variant of
# the spec corpus, lock files and DynamoDB locking, is a configuration `terraform validate`
# accepts with the real hashicorp/aws provider. (The main stack of the same variants, with
# its backend "s3" block, is validated by test_variants.sh.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${RDHA_BUILD_DIR:-$root/build}/rdha"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
for config in "$root"/tests/spec_corpus/terraform_variants/remote_state*.json; do
  name="bootstrap-$(basename "$config" .json)"
  if ! "$cli" bootstrap --config "$config" --out "$work/$name" >/dev/null; then
    echo "FAIL: $name: rdha bootstrap failed"; failed=1; continue
  fi
  if "$root/tests/terraform/validate.sh" "$work/$name" >"$work/$name.log" 2>&1; then
    if grep -q '^SKIP' "$work/$name.log"; then cat "$work/$name.log"; else echo "PASS: $name validates"; fi
  else
    echo "FAIL: $name"; cat "$work/$name.log"; failed=1
  fi
done
exit "$failed"
