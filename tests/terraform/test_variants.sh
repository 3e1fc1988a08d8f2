#!/usr/bin/env bash
# Terraform check: every password source and KMS mode, failover off and automatic, a stack
# without its DR region (regions.dr.enabled = false), and the configuration after a region
# failover (failover.state = dr_promoted: import and removed blocks) synthesize a
# configuration that `terraform validate` accepts with the real hashicorp/aws provider; so
# does the state bootstrap (`rdha bootstrap`) of every remote-state variant, lock files and
# DynamoDB locking; each phase of a snapshot migration (copy, restore, done) and of a
# replication migration (replicate, with the account's DMS roles created; done). The default
# stack and every variant written with `--format hcl` validate too, and are what
# `terraform fmt` writes (docs/hcl.md). The modules layout (docs/modules.md) validates in
# both formats for the default stack and for every_block.json (DR promoted: import, removed
# and moved blocks; remote state), and in the native syntax for ephemeral.json (the
# ephemeral password crosses from the security module to the database module: an ephemeral
# output and variable); validate.sh copies modules/ with the root and installs the local
# modules offline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${RDHA_BUILD_DIR:-$root/build}/rdha"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
# Writes the configuration `rdha COMMAND [--config CONFIG] [ARGS...]` makes into $work/NAME
# and validates it; native-syntax output must also be unchanged by `terraform fmt`.
check() {
  local name="$1" command="$2" config="$3"
  shift 3
  local args=("$@")
  [ -n "$config" ] && args+=(--config "$config")
  if ! "$cli" "$command" "${args[@]}" --out "$work/$name" >/dev/null; then
    echo "FAIL: $name: rdha $command failed"; failed=1; return
  fi
  if [ "${1:-}" = "--format" ] && [ "${2:-}" = "hcl" ] && command -v terraform >/dev/null 2>&1; then
    local diff
    if ! diff="$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -diff -no-color -recursive "$work/$name" 2>&1)" || [ -n "$diff" ]; then
      echo "FAIL: $name: terraform fmt would change it:"; echo "$diff"; failed=1
    else
      echo "PASS: $name is terraform fmt clean"
    fi
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
check "default-hcl" synth "" --format hcl
for config in "$root"/tests/spec_corpus/terraform_variants/*.json; do
  check "$(basename "$config" .json)-hcl" synth "$config" --format hcl
done
every_block="$root/tests/spec_corpus/terraform_variants/every_block.json"
check "default-json-modules" synth "" --layout modules
check "default-hcl-modules" synth "" --format hcl --layout modules
check "every_block-json-modules" synth "$every_block" --layout modules
check "every_block-hcl-modules" synth "$every_block" --format hcl --layout modules
check "ephemeral-hcl-modules" synth "$root/tests/spec_corpus/terraform_variants/ephemeral.json" --format hcl --layout modules
check "migration_replication_replicate-hcl-modules" synth \
  "$root/tests/spec_corpus/terraform_variants/migration_replication_replicate.json" --format hcl --layout modules
for config in "$root"/tests/spec_corpus/terraform_variants/remote_state*.json; do
  check "bootstrap-$(basename "$config" .json)" bootstrap "$config"
done
exit "$failed"
