#!/usr/bin/env bash
# tests/terraform/validate.sh DIR — `terraform validate` a configuration directory, offline.
#
# Copies DIR to a scratch dir (DIR itself is never touched: no .terraform, no lock file),
# runs `terraform init -backend=false` against the cached offline plugin dir
# (tools/plugin_dir.sh: hashicorp/aws 5.100.0 + the hashicorp/random stand-in) and
# `terraform validate -json`, prints every diagnostic, and exits 1 when the configuration
# is invalid. Prints "SKIP: terraform not found" and exits 0 when terraform is absent.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
DIR=$1
[ -d "$DIR" ] || { echo "validate.sh: $DIR is not a directory" >&2; exit 2; }

export CHECKPOINT_DISABLE=1     # no version-check call home
export TF_CLI_CONFIG_FILE=/dev/null  # ignore any CLI config the environment points at
export TF_IN_AUTOMATION=1
unset TF_DATA_DIR TF_WORKSPACE

if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIP: terraform not found"
  exit 0
fi

shopt -s nullglob
files=("$DIR"/*.tf "$DIR"/*.tf.json)
shopt -u nullglob
if [ ${#files[@]} -eq 0 ]; then
  echo "validate.sh: $DIR holds no *.tf or *.tf.json files" >&2
  exit 1
fi

PLUGIN_DIR=$("$ROOT/tools/plugin_dir.sh")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rdha-validate.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp -R "$DIR"/. "$WORK"/
rm -rf "$WORK/.terraform" "$WORK/.terraform.lock.hcl" "$WORK"/terraform.tfstate*

# Belt and braces for "never reach a real host": run in an empty network namespace when
# the kernel lets us (the plugins talk over unix sockets, which still work there).
OFFLINE=()
if command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
  OFFLINE=(unshare -n)
fi

cd "$WORK"
if ! "${OFFLINE[@]}" terraform init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR" >init.log 2>&1; then
  echo "FAIL: terraform init failed for $DIR:" >&2
  cat init.log >&2
  exit 1
fi

set +e
"${OFFLINE[@]}" terraform validate -json -no-color >validate.json 2>validate.err
rc=$?
set -e

"$PY" - "$DIR" validate.json "$rc" validate.err <<'PYEOF'
import json, sys

src, path, rc, err_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
try:
    with open(path) as f:
        result = json.load(f)
except (OSError, ValueError) as e:
    sys.stderr.write(f"FAIL: terraform validate -json gave no JSON for {src} (exit {rc}): {e}\n")
    sys.stderr.write(open(err_path).read())
    sys.exit(1)

for d in result.get("diagnostics", []):
    where = ""
    rng = d.get("range")
    if rng:
        where = f" [{rng.get('filename')}:{rng.get('start', {}).get('line')}]"
    addr = f" ({d['address']})" if d.get("address") else ""
    detail = (d.get("detail") or "").strip().replace("\n", "\n    ")
    print(f"{d.get('severity', '?')}{addr}{where}: {d.get('summary', '')}" + (f"\n    {detail}" if detail else ""))

errors, warnings = result.get("error_count", 0), result.get("warning_count", 0)
if not result.get("valid", False) or errors or rc != 0:
    print(f"FAIL: {src}: invalid ({errors} error(s), {warnings} warning(s))")
    sys.exit(1)
print(f"OK: {src}: valid ({warnings} warning(s))")
PYEOF
