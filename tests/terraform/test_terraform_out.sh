#!/usr/bin/env bash
# tests/terraform/test_terraform_out.sh — the committed/synthesised stack in terraform_out/
# must pass `terraform validate` (offline, see validate.sh). Skips with the reason when
# terraform_out/ has no *.tf.json yet.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
OUT=$ROOT/terraform_out

shopt -s nullglob
files=("$OUT"/*.tf.json)
if [ ${#files[@]} -eq 0 ]; then
  echo "SKIP: terraform_out/ has no *.tf.json (run \`make\` to write the default stack)"
  exit 0
fi
exec "$ROOT/tests/terraform/validate.sh" "$OUT"
