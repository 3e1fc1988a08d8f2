#!/usr/bin/env bash
# Terraform check: every password source and KMS mode, failover off and automatic, a stack
# without its DR region (regions.dr.enabled = false), and the configuration after a region
# failover (failover.state = dr_promoted: import and removed blocks) synthesize a
# configuration that `terraform validate` accepts with the real hashicorp/aws provider; so
# does the state bootstrap (`rdha bootstrap`) of every remote-state variant, lock files and
# DynamoDB locking; and each phase of a snapshot migration (copy, restore, done).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${RDHA_BUILD_DIR:-$root/build}/rdha"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
# Writes the configuration `rdha COMMAND --config CONFIG` makes into $work/NAME and validates it.
check() {
  local name="$1" command="$2" config="$3"
  if ! "$cli" "$command" --config "$config" --out "$work/$name" >/dev/null; then
    echo "FAIL: $name: rdha $command failed"; failed=1; return
  fi
  if "$root/tests/terraform/validate.sh" "$work/$name" >"$work/$name.log" 2>&1; then
    if grep -q '^SKIP' "$work/$name.log"; then cat "$work/$name.log"; else echo "PASS: $name validates"; fi
  else
    echo "FAIL: $name"; cat "$work/$name.log"; failed=1
  fi
}

# The variants are config files of the spec corpus (tests/spec_corpus/README.md).
for config in "$root"/tests/spec_corpus/terraform_variants/*.json; do
  check "$(basename "$config" .json)" synth "$config"
done
for config in "$root"/tests/spec_corpus/terraform_variants/remote_state*.json; do
  check "bootstrap-$(basename "$config" .json)" bootstrap "$config"
done
exit "$failed"
