#!/usr/bin/env bash
# Terraform check: `terraform plan` of terraform_out/ against the local AWS emulator plans
# exactly the resources `rdha synth` emitted, with no error and no warning.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/tests/e2e/emulator.sh"

if ! command -v terraform >/dev/null 2>&1; then echo "SKIP: terraform not found"; exit 0; fi
if ! "$EMULATOR_PYTHON" -c 'import moto, boto3' 2>/dev/null; then
  echo "SKIP: $EMULATOR_PYTHON has no moto/boto3 (the emulator)"; exit 0
fi

plan_dir() {  # plan_dir NAME SOURCE_DIR
  local name=$1 src=$2 work
  work=$(mktemp -d)
  prepare_workdir "$src" "$work"
  if ! tf "$work" plan -input=false -no-color -json -out=plan.bin >"$work/plan.jsonl" 2>"$work/plan.err"; then
    echo "FAIL: $name: terraform plan failed"; cat "$work/plan.err"
    "$EMULATOR_PYTHON" "$E2E_DIR/plan_report.py" diagnostics "$work/plan.jsonl"; return 1
  fi
  tf "$work" show -json plan.bin >"$work/plan.json"
  if "$EMULATOR_PYTHON" "$E2E_DIR/plan_report.py" compare "$src" "$work/plan.json" "$work/plan.jsonl"; then
    echo "PASS: $name plans exactly the emitted resources, no warnings"
    rm -rf "$work"
  else
    echo "FAIL: $name (work dir kept: $work)"; return 1
  fi
}

start_emulator
plan_dir terraform_out "$root/terraform_out"
