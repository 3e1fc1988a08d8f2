#!/usr/bin/env bash
# Terraform check: a directory that `rdha synth` left half-written — an I/O error injected
# at its third rename (tests/fault_injection/), so some files are new and some old — holds
# the write-in-progress sentinel, and the real terraform refuses to load it: `terraform
# validate` and `terraform plan` fail on _rdha_write_in_progress.tf.json. The next synth
# repairs the directory, which validates again. Offline: the cached plugin dir
# (tools/plugin_dir.sh), in an empty network namespace when the kernel allows one.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
BUILD=${RDHA_BUILD_DIR:-$ROOT/build}
RDHA=$BUILD/rdha
FAULT=$BUILD/librdha_fault_injection.so
SENTINEL=_rdha_write_in_progress.tf.json

export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1
unset TF_DATA_DIR TF_WORKSPACE

if ! command -v terraform >/dev/null 2>&1; then echo "SKIP: terraform not found"; exit 0; fi
for f in "$RDHA" "$FAULT"; do
  [ -e "$f" ] || { echo "FAIL: $f is missing: build first (make build)"; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rdha-in-progress.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
OUT=$WORK/out
OFFLINE=()
if command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null; then OFFLINE=(unshare -n); fi
tf() { "${OFFLINE[@]}" terraform -chdir="$OUT" "$@" -no-color; }
fail() { echo "FAIL: $*"; exit 1; }

PLUGIN_DIR=$("$ROOT/tools/plugin_dir.sh")
"$RDHA" synth --out "$OUT" >/dev/null
tf init -backend=false -input=false -plugin-dir="$PLUGIN_DIR" >"$WORK/init.log" 2>&1 ||
  { cat "$WORK/init.log"; fail "terraform init of a complete output"; }
tf validate >"$WORK/validate.log" 2>&1 || { cat "$WORK/validate.log"; fail "a complete output does not validate"; }

echo '{"name_suffix": "-next"}' >"$WORK/next.json"
set +e
# verify_asan_link_order=0: under a sanitized build the fault library precedes the runtime.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
  LD_PRELOAD=$FAULT RDHA_FAIL_RENAMEAT=3 "$RDHA" synth --config "$WORK/next.json" --out "$OUT" >"$WORK/synth.log" 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || { cat "$WORK/synth.log"; fail "the interrupted synth exited $rc, not 2"; }
grep -q 'rdha.emit.interrupted' "$WORK/synth.log" || { cat "$WORK/synth.log"; fail "no interrupted error"; }
[ -f "$OUT/$SENTINEL" ] || fail "no $SENTINEL after an interrupted synth"
grep -l -- '-next' "$OUT"/*.tf.json >/dev/null || fail "no file of the new set was renamed in: not a mixed set"
grep -L -- '-next' "$OUT"/*.tf.json | grep -v "$SENTINEL" >/dev/null || fail "no file of the old set left: not a mixed set"

for command in validate "plan -refresh=false -lock=false -input=false"; do
  # shellcheck disable=SC2086
  if tf $command >"$WORK/refused.log" 2>&1; then fail "terraform ${command%% *} accepted a half-written directory"; fi
  grep -q "$SENTINEL" "$WORK/refused.log" || { cat "$WORK/refused.log"; fail "terraform ${command%% *} failed, but not on $SENTINEL"; }
  echo "PASS: terraform ${command%% *} refuses the half-written directory ($SENTINEL)"
done

"$RDHA" synth --config "$WORK/next.json" --out "$OUT" >/dev/null
[ ! -e "$OUT/$SENTINEL" ] || fail "the next synth left $SENTINEL"
tf validate >"$WORK/validate.log" 2>&1 || { cat "$WORK/validate.log"; fail "the repaired output does not validate"; }
echo "PASS: the next synth repairs it and terraform validate accepts it"
