#!/usr/bin/env bash
# Terraform check: every password source and KMS mode, failover off and automatic, and the
# configuration after a region failover (failover.state = dr_promoted: import and removed
# blocks) synthesize a configuration that `terraform validate` accepts with the real
# hashicorp/aws provider.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${RDHA_BUILD_DIR:-$root/build}/rdha"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The variants are config files of the spec corpus (tests/spec_corpus/README.md).
failed=0
for config in "$root"/tests/spec_corpus/terraform_variants/*.json; do
  name="$(basename "$config" .json)"
  if ! "$cli" synth --config "$config" --out "$work/$name" >/dev/null; then
    echo "FAIL: $name: rdha synth failed"; failed=1; continue
  fi
  if "$root/tests/terraform/validate.sh" "$work/$name" >"$work/$name.log" 2>&1; then
    if grep -q '^SKIP' "$work/$name.log"; then cat "$work/$name.log"; else echo "PASS: $name validates"; fi
  else
    echo "FAIL: $name"; cat "$work/$name.log"; failed=1
  fi
done
exit "$failed"
