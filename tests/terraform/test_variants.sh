#!/usr/bin/env bash
# Terraform check: every password source and KMS mode, and failover off and automatic,
# synthesizes a configuration that
# `terraform validate` accepts with the real hashicorp/aws provider.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${RDHA_BUILD_DIR:-$root/build}/rdha"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A variants=(
  [ephemeral]='{"database": {"password_source": "ephemeral"}}'
  [rds_managed]='{"database": {"password_source": "rds_managed", "replicas": [], "dr_replica": {"enabled": false}}}'
  [aws_managed_kms]='{"database": {"kms_mode": "aws_managed"}}'
  [no_dr]='{"database": {"dr_replica": {"enabled": false}, "automated_backups_replication": false}}'
  [no_failover]='{"failover": {"enabled": false}}'
  [automatic_failover]='{"failover": {"automatic": true, "trigger_periods": 5, "record_ttl": 15}}'
)
failed=0
for name in $(printf '%s\n' "${!variants[@]}" | sort); do
  printf '%s\n' "${variants[$name]}" > "$work/$name.json"
  if ! "$cli" synth --config "$work/$name.json" --out "$work/$name" >/dev/null; then
    echo "FAIL: $name: rdha synth failed"; failed=1; continue
  fi
  if "$root/tests/terraform/validate.sh" "$work/$name" >"$work/$name.log" 2>&1; then
    if grep -q '^SKIP' "$work/$name.log"; then cat "$work/$name.log"; else echo "PASS: $name validates"; fi
  else
    echo "FAIL: $name"; cat "$work/$name.log"; failed=1
  fi
done
exit "$failed"
