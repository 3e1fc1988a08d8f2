#!/usr/bin/env bash
# tests/e2e/run.sh — the emulated end-to-end deploy: synthesise the HA stack with a test
# spec, apply it to a local AWS emulator (moto, tests/e2e/moto_server.py), re-plan (no
# changes allowed), plan a parameter group replacement (create before destroy), verify it
# with boto3, run the DR drill with the primary region dark, plan the after-failover
# (dr_promoted) configuration with that region still dark, destroy it and check that
# nothing remains. Two flows, one per password source, run side by side, each with its
# own emulator and work dir:
#   random     the default source: apply, re-plan, replacement and plan-gate plans, verify +
#              secrets (in state, not in config), drill, remote state switched in afterwards
#   ephemeral  write-only password, deployed by the CI pipeline of `rdha pipeline` (its steps
#              run here, tests/e2e/pipeline_run.py: state bootstrap, check, plan, plan-check,
#              apply of the saved plan, drift without and with an alert), verify + secrets
#              (nowhere in state/plans/logs) + drill, destroyed through the S3 backend
# Prints the timings of init/apply/verify/drill/destroy per flow and ends with
# `N passed, M failed`; exit status 0 only when nothing failed.
#
# Isolation: the whole run re-executes itself in an empty network namespace
# (`unshare -rn`, loopback only) when the kernel allows it, so nothing can reach a real
# host; otherwise the proxy safety net of emulator.sh (and endpoint overrides) apply.
# terraform_out/ is never touched: the stack is synthesised into a temp dir.
#
# Environment:
#   RDHA_BUILD_DIR        build dir with the rdha binary (default <repo>/build)
#   RDHA_E2E_FLOWS        flows to run (default "random ephemeral")
#   RDHA_E2E_SERIAL=1     run the flows one after the other (default: in parallel)
#   RDHA_E2E_NETNS=0      do not use a network namespace
#   RDHA_E2E_SOURCE=DIR   deploy this *.tf.json dir instead of synthesising (one flow,
#                         "given"; its password source is read from the files)
#   RDHA_E2E_KEEP=1       keep the work dirs (kept anyway when something failed)
#   RDHA_E2E_STEP_TIMEOUT seconds for one terraform apply/destroy (default 1200)
#   RDHA_E2E_EQUIVALENCE  format-layout combinations planned against JSON-flat (default
#                         "hcl-flat json-modules hcl-modules")
set -uo pipefail
# The whole script is one compound command, so bash reads it completely before running
# anything: editing the file during a 10-minute run cannot change what runs.
{

E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$E2E/../.." && pwd -P)

# ---- isolation: re-run inside an empty network namespace ---------------------------------
if [ -z "${RDHA_E2E_IN_NETNS:-}" ] && [ "${RDHA_E2E_NETNS:-1}" != 0 ]; then
  if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
     unshare -rn sh -c 'ip link set lo up' >/dev/null 2>&1; then
    exec unshare -rn env RDHA_E2E_IN_NETNS=1 bash -c 'ip link set lo up && exec bash "$0" "$@"' "$E2E/run.sh" "$@"
  fi
  ISOLATION="proxy safety net only (unshare -rn is not available here)"
elif [ -z "${RDHA_E2E_IN_NETNS:-}" ]; then
  ISOLATION="proxy safety net only (network namespace disabled by RDHA_E2E_NETNS=0)"
fi

source "$E2E/emulator.sh"
export RDHA_BUILD_DIR=${RDHA_BUILD_DIR:-$ROOT/build}
RDHA=${RDHA_BIN:-$RDHA_BUILD_DIR/rdha}
STEP_TIMEOUT=${RDHA_E2E_STEP_TIMEOUT:-1200}
FLOWS=${RDHA_E2E_FLOWS:-random ephemeral}
[ -n "${RDHA_E2E_SOURCE:-}" ] && FLOWS=given

say() { printf '%s\n' "$*"; }

# ---- prerequisites (missing tools: SKIP, as the other optional suites do) -----------------
if ! command -v terraform >/dev/null 2>&1; then say "SKIP: terraform not found"; exit 0; fi
if ! "$EMULATOR_PYTHON" -c 'import moto, boto3' 2>/dev/null; then
  say "SKIP: $EMULATOR_PYTHON has no moto/boto3 (the emulator)"; exit 0
fi
if [ -z "${RDHA_E2E_SOURCE:-}" ] && [ ! -x "$RDHA" ]; then say "SKIP: $RDHA not built (make build)"; exit 0; fi

if [ "${RDHA_E2E_IN_NETNS:-}" = 1 ]; then
  ISOLATION="empty network namespace ($(ip -o link show | awk -F': ' '{print $2}' | paste -sd, -) only) + proxy safety net"
fi
say "isolation: $ISOLATION"

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rdha-e2e.XXXXXX")
FLOW_PIDS=()
on_signal() {
  local pid
  for pid in "${FLOW_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${FLOW_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  say "interrupted; work dirs kept in $RUN_DIR"
  exit 130
}
trap on_signal INT TERM

# ---- one flow ------------------------------------------------------------------------------
# Runs in a subshell. Writes $FDIR/results ("PASS|FAIL name" lines, one per check) and
# $FDIR/timings ("phase seconds"); progress lines go to stdout, details to $FDIR/*.log.
run_flow() {
  local flow=$1
  FDIR=$RUN_DIR/$flow
  mkdir -p "$FDIR"
  local results=$FDIR/results timings=$FDIR/timings work=$FDIR/work src=$FDIR/src
  : >"$results"; : >"$timings"
  CHILD=""
  trap 'flow_signal' TERM INT

  note() { say "[$flow] $*"; }
  pass() { echo "PASS $*" >>"$results"; note "PASS: $*"; }
  fail() { echo "FAIL $*" >>"$results"; note "FAIL: $*"; }
  timing() { echo "$1 $2" >>"$timings"; }
  # run_logged LOG CMD...: runs CMD in the background (so a signal is handled at once),
  # output to LOG; returns its status.
  run_logged() {
    local log=$1; shift
    "$@" >"$log" 2>&1 &
    CHILD=$!
    wait "$CHILD"; local rc=$?
    CHILD=""
    return $rc
  }
  # unittest_step NAME CLASSES...: the boto3 tests; their counts join the results.
  unittest_step() {
    local name=$1; shift
    local log=$FDIR/$name.log
    RDHA_E2E_ENDPOINT=$EMULATOR_URL RDHA_E2E_WORKDIR=$work RDHA_E2E_SPEC=$FDIR/spec.json \
      RDHA_E2E_CONFIG=$FDIR/config.json RDHA_E2E_RDHA=$RDHA RDHA_E2E_DRILL_LOG=$FDIR/drill-commands.log \
      run_logged "$log" "$EMULATOR_PYTHON" "$E2E/test_deployed_stack.py" "$@"
    count_step "$name" "$log"
  }
  # count_step NAME LOG: the "N passed, M failed" last line of LOG joins the results.
  count_step() {
    local name=$1 log=$2 line p f
    line=$(tail -n 1 "$log")
    if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
      p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
    else
      p=0; f=1; note "$name: the tests did not finish (see $log)"; tail -n 20 "$log" | sed "s/^/[$flow]   /"
    fi
    echo "COUNT $p $f $name" >>"$results"
    if [ "$f" -eq 0 ]; then note "PASS: $name ($p tests)"; else
      note "FAIL: $name ($p passed, $f failed)"
      grep -E '^(FAIL|ERROR):|^AssertionError|Error: ' "$log" | sed "s/^/[$flow]   /" | head -n 40
    fi
  }
  elapsed() { echo $(( $(date +%s) - $1 )); }
  # effective_spec: FDIR/spec.json := rdha's defaults merged with FDIR/config.json.
  effective_spec() {  # JSON Merge Patch (RFC 7396), as rdha reads configs
    "$EMULATOR_PYTHON" -c '
import json, sys
def merge(base, patch):
    if not isinstance(patch, dict):
        return patch
    out = dict(base) if isinstance(base, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge(out.get(k), v)
    return out
print(json.dumps(merge(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))), indent=2))
' "$FDIR/defaults.json" "$FDIR/config.json" >"$FDIR/spec.json"
  }

  # start_equivalence_plans / check_equivalence_plans: `rdha synth` of the flow's spec in
  # every format x layout, each planned from an empty state against this flow's emulator
  # (the stack's data sources read the same account and regions as the apply), then
  # `plan_equivalence.py`: the same resources with the same planned values, module
  # addresses mapped to root addresses. `nice` and one plan at a time: the apply goes first.
  EQ_PID=""
  EQ_LAYOUTS="json-flat ${RDHA_E2E_EQUIVALENCE:-hcl-flat json-modules hcl-modules}"
  start_equivalence_plans() {
    local plugin_dir
    plugin_dir=$("$ROOT/tools/plugin_dir.sh") || { fail "plan equivalence: no plugin dir"; return; }
    (
      set -e
      for combination in $EQ_LAYOUTS; do
        local dir=$FDIR/eq/$combination
        "$RDHA" synth --config "$FDIR/config.json" --format "${combination%-*}" --layout "${combination#*-}" --out "$dir"
        cp "$work/emulator_override.tf.json" "$dir/"  # JSON override files apply to HCL configurations too
        nice -n 10 timeout -k 10 300 terraform -chdir="$dir" init -input=false -no-color -plugin-dir="$plugin_dir"
        nice -n 10 timeout -k 10 300 terraform -chdir="$dir" plan -input=false -no-color -parallelism=4 -out=eq.bin
        timeout -k 10 120 terraform -chdir="$dir" show -json eq.bin >"$FDIR/eq/$combination.json"
      done
    ) >"$FDIR/equivalence.log" 2>&1 </dev/null &
    EQ_PID=$!
  }
  check_equivalence_plans() {
    [ -n "$EQ_PID" ] || return 0
    local t=$(date +%s) combination others=()
    wait "$EQ_PID"; local rc=$?  # every step of the chain has its own timeout
    EQ_PID=""
    if [ "$rc" -ne 0 ]; then
      fail "plan equivalence: planning the other formats and layouts failed (see $FDIR/equivalence.log)"
      tail -n 20 "$FDIR/equivalence.log" | sed "s/^/[$flow]   /"
    else
      for combination in ${EQ_LAYOUTS#json-flat }; do others+=("$FDIR/eq/$combination.json"); done
      if "$EMULATOR_PYTHON" "$E2E/plan_equivalence.py" --waivers "$E2E/plan_equivalence_waivers.json" \
           "$FDIR/eq/json-flat.json" "${others[@]}" >"$FDIR/equivalence-check.log" 2>&1; then
        pass "plan equivalence: $(tail -n 1 "$FDIR/equivalence-check.log")"
      else
        fail "plan equivalence (see $FDIR/equivalence-check.log)"; head -n 40 "$FDIR/equivalence-check.log" | sed "s/^/[$flow]   /"
      fi
    fi
    timing equiv "$(elapsed "$t")"
  }

  local t source_kind
  # 1. the stack: a copy synthesised with the test spec (deletion protection off, no
  #    final snapshot), never terraform_out/ itself.
  if [ "$flow" = given ]; then
    source_kind=random
    grep -q '"random_password"' "$RDHA_E2E_SOURCE"/*.tf.json 2>/dev/null || source_kind=ephemeral
  else
    source_kind=$flow
  fi
  cat >"$FDIR/config.json" <<EOF
{"database": {"deletion_protection": false, "skip_final_snapshot": true, "password_source": "$source_kind"}}
EOF
  if [ "$flow" = given ]; then
    mkdir -p "$src" && cp "$RDHA_E2E_SOURCE"/*.tf.json "$src"/ && pass "stack copied from $RDHA_E2E_SOURCE" ||
      { fail "copy of $RDHA_E2E_SOURCE"; return; }
  elif "$RDHA" synth --config "$FDIR/config.json" --out "$src" >"$FDIR/synth.log" 2>&1; then
    pass "synth ($(ls "$src"/*.tf.json | wc -l) files, password_source $source_kind)"
  else
    fail "synth (rdha synth --config $FDIR/config.json)"; sed "s/^/[$flow]   /" "$FDIR/synth.log" | head -n 20; return
  fi
  # The effective spec the tests compare against: rdha's defaults merged with the config.
  if [ -x "$RDHA" ] && "$RDHA" defaults >"$FDIR/defaults.json" 2>/dev/null; then :; else echo '{}' >"$FDIR/defaults.json"; fi
  effective_spec

  # 2. emulator + work dir (copy, offline init, endpoint override)
  EMULATOR_LOG=$FDIR/emulator.log start_emulator || { fail "emulator start (see $FDIR/emulator.log)"; return; }
  note "emulator on $EMULATOR_URL (pid $EMULATOR_PID)"
  local applied=0
  if [ "$flow" = ephemeral ]; then
    # 3. the CI pipeline of `rdha pipeline`, its steps run here in order (tests/e2e/pipeline_run.py):
    #    state bootstrap, a repository with the spec, terraform_out/ and the workflow; the
    #    check, plan (plan-check on the saved plan) and apply (that plan) jobs, then the
    #    scheduled drift job without and with drift (the alert on the SNS topic). Its first
    #    drift plan is this flow's re-plan: no changes after the apply. The work dir is the
    #    repository's terraform_out/, its state in the bootstrap's bucket.
    t=$(date +%s)
    work=$FDIR/repo/terraform_out
    run_logged "$FDIR/pipeline.log" "$EMULATOR_PYTHON" "$E2E/pipeline_run.py" --rdha "$RDHA" --fdir "$FDIR" \
      --endpoint "$EMULATOR_URL"
    count_step pipeline "$FDIR/pipeline.log"
    [ -f "$FDIR/applied" ] && applied=1
    timing pipeline "$(elapsed "$t")"
    # What was deployed is the repository's spec (state and pipeline sections added): the
    # checks and the dr_promoted plan below start from it.
    [ -f "$FDIR/repo/rdha.json" ] && cp "$FDIR/repo/rdha.json" "$FDIR/config.json" && effective_spec
  else
    if [ "$flow" = random ]; then
      # 2a. migration from an existing database (`migration.method` snapshot): a legacy
      #     single-AZ, unencrypted instance and its snapshot made before the apply, as a
      #     user's account has them; the stack is synthesised again in phase restore, so its
      #     apply copies the snapshot encrypted with the stack key and restores the primary.
      if "$EMULATOR_PYTHON" "$E2E/legacy_source.py" create --endpoint "$EMULATOR_URL" --config "$FDIR/config.json" \
           >"$FDIR/legacy.log" 2>&1 &&
         "$RDHA" synth --config "$FDIR/config.json" --out "$src" >>"$FDIR/synth.log" 2>&1; then
        effective_spec
        pass "legacy source: $(tail -n 1 "$FDIR/legacy.log"); stack synthesised in migration phase restore"
      else
        fail "legacy source (see $FDIR/legacy.log, $FDIR/synth.log)"; tail -n 20 "$FDIR/legacy.log" | sed "s/^/[$flow]   /"
      fi
    fi
    t=$(date +%s)
    if prepare_workdir "$src" "$work" >"$FDIR/init.out" 2>&1; then pass "terraform init"; else
      fail "terraform init"; sed "s/^/[$flow]   /" "$FDIR/init.out" | tail -n 20; return
    fi
    timing init "$(elapsed "$t")"
    # 2b. the same stack in every other format and layout must plan the same (below, after
    #     the apply); planned in the background while the apply waits on the emulator.
    [ "$flow" = random ] && start_equivalence_plans

    # 3. apply, replicas in parallel
    t=$(date +%s)
    if run_logged "$work/apply.log" timeout -k 30 "$STEP_TIMEOUT" \
         terraform -chdir="$work" apply -input=false -no-color -parallelism=10 -auto-approve; then
      applied=1; pass "terraform apply ($(grep -c 'Creation complete' "$work/apply.log") resources)"
    else
      fail "terraform apply (see $work/apply.log)"; grep -A8 '^Error' "$work/apply.log" | sed "s/^/[$flow]   /" | head -n 60
    fi
    timing apply "$(elapsed "$t")"
    [ "$flow" = random ] && check_equivalence_plans
  fi

  if [ "$applied" = 1 ] && [ "$flow" != ephemeral ]; then
    # 4. the second plan must change nothing (drift = an emulator patch or a stack bug)
    t=$(date +%s)
    run_logged "$work/replan.log" terraform -chdir="$work" plan -input=false -no-color -parallelism=10 -detailed-exitcode -out=replan.bin
    case $? in
      0) pass "re-plan after apply: no changes" ;;
      2) fail "re-plan after apply shows changes:"
         tf "$work" show -json replan.bin >"$FDIR/replan.json" 2>/dev/null
         "$EMULATOR_PYTHON" "$E2E/plan_report.py" changes "$FDIR/replan.json" | sed "s/^/[$flow]   /" | head -n 80 ;;
      *) fail "re-plan after apply errored (see $work/replan.log)"; grep -A8 '^Error' "$work/replan.log" | sed "s/^/[$flow]   /" | head -n 40 ;;
    esac
    timing replan "$(elapsed "$t")"

    # 4b. replacing a parameter group (a new description, so a new name) plans as
    #     create-then-destroy against the deployed stack; the config is put back after.
    local group=aws_db_parameter_group.primary
    if "$EMULATOR_PYTHON" "$E2E/replacement.py" change "$work" "$FDIR/spec.json" "$group" >"$FDIR/replacement.log" 2>&1 &&
       run_logged "$work/replace-plan.log" terraform -chdir="$work" plan -input=false -no-color -parallelism=10 -out=replace.bin &&
       tf "$work" show -json replace.bin >"$FDIR/replace.json" 2>>"$FDIR/replacement.log" &&
       "$EMULATOR_PYTHON" "$E2E/replacement.py" plan "$FDIR/replace.json" "$group" >>"$FDIR/replacement.log" 2>&1; then
      pass "a new description replaces $group create-before-destroy ($(head -n 1 "$FDIR/replacement.log"))"
    else
      fail "replacing $group (see $FDIR/replacement.log, $work/replace-plan.log)"
      sed "s/^/[$flow]   /" "$FDIR/replacement.log" | head -n 20
    fi
    "$EMULATOR_PYTHON" "$E2E/replacement.py" restore "$work"

    # 4c. `rdha plan-check` on plans of changed specs against the deployed stack (before the
    #     drill changes it). The gate reads plans, not the password source: one flow is enough.
    if [ "$source_kind" = random ]; then
      t=$(date +%s)
      unittest_step plan-gate PlanGate
      timing plan-gate "$(elapsed "$t")"
    fi

  fi
  if [ "$applied" = 1 ]; then
    # 5. boto3 verification
    t=$(date +%s)
    if [ "$source_kind" = ephemeral ]; then unittest_step verify DeployedStack SecretsEphemeral
    elif [ -f "$FDIR/legacy.log" ]; then unittest_step verify DeployedStack SecretsRandom SnapshotMigration
    else unittest_step verify DeployedStack SecretsRandom; fi
    timing verify "$(elapsed "$t")"

    # 6. DR drill: forced failover, then the region-loss runbook of `rdha drill`
    t=$(date +%s)
    unittest_step drill DrDrill
    if [ -f "$FDIR/drill-commands.log" ]; then  # executed commands; the skipped ones are counted
      grep -v '^  \[skipped\]' "$FDIR/drill-commands.log" | cut -c1-220 | sed "s/^/[$flow]   /"
      note "  not run: $(grep -c '\[skipped\].*failback step' "$FDIR/drill-commands.log") failback," \
        "$(grep -c '\[skipped\].*addressed to the lost region' "$FDIR/drill-commands.log") lost-region," \
        "$(grep -c '\[skipped\].*capacity outside Terraform' "$FDIR/drill-commands.log") capacity-rebuild commands" \
        "(all in $FDIR/drill-commands.log)"
    fi
    timing drill "$(elapsed "$t")"

    # 6b. Terraform after the failover: the dr_promoted configuration, planned with the
    #     primary region and Route 53's control plane dark (-refresh=false), adopts the
    #     promoted writer, forgets the lost databases and changes nothing in the lost region.
    #     Planned in a copy of the work dir: the destroy below uses the deployed configuration.
    t=$(date +%s)
    local promoted=$FDIR/promoted
    if "$EMULATOR_PYTHON" -c 'import json, sys; c = json.load(open(sys.argv[1])); c.setdefault("failover", {})["state"] = "dr_promoted"; print(json.dumps(c))'          "$FDIR/config.json" >"$FDIR/config-promoted.json" &&
       "$RDHA" synth --config "$FDIR/config-promoted.json" --out "$FDIR/src-promoted" >"$FDIR/promoted.log" 2>&1 &&
       prepare_workdir "$FDIR/src-promoted" "$promoted" >>"$FDIR/promoted.log" 2>&1 &&
       cp "$work/terraform.tfstate" "$promoted/" &&
       "$EMULATOR_PYTHON" "$E2E/tf_override.py" --dir "$promoted" --endpoint "$EMULATOR_URL"          --dark-endpoint "$("$EMULATOR_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print("http://127.0.0.1:%d" % s.getsockname()[1])')" &&
       run_logged "$promoted/plan.log" terraform -chdir="$promoted" plan -input=false -no-color -refresh=false          -parallelism=10 -out=promoted.bin &&
       tf "$promoted" show -json promoted.bin >"$FDIR/promoted.json" 2>>"$FDIR/promoted.log" &&
       "$EMULATOR_PYTHON" "$E2E/promoted_plan.py" "$FDIR/promoted.json" "$promoted/terraform.tfstate" >>"$FDIR/promoted.log" 2>&1; then
      pass "dr_promoted plans with the primary region dark ($(tail -n 1 "$FDIR/promoted.log"))"
    else
      fail "dr_promoted plan with the primary region dark (see $FDIR/promoted.log, $promoted/plan.log)"
      tail -n 20 "$FDIR/promoted.log" | sed "s/^/[$flow]   /"
      grep -A8 '^Error' "$promoted/plan.log" 2>/dev/null | sed "s/^/[$flow]   /" | head -n 30
    fi
    timing promoted "$(elapsed "$t")"

    # 6c. remote state: the state bootstrap applied, this work dir moved into its S3 bucket
    #     (no second apply of the stack), the object encrypted and versioned, a held lock
    #     honoured. The destroy below then runs through the bucket. One flow is enough.
    if [ "$source_kind" = random ]; then
      t=$(date +%s)
      if "$EMULATOR_PYTHON" "$E2E/state_backend.py" switch --rdha "$RDHA" --fdir "$FDIR" --work "$work" \
           --endpoint "$EMULATOR_URL" >"$FDIR/state.log" 2>&1; then
        pass "remote state: $(tail -n 1 "$FDIR/state.log")"
      else
        fail "remote state (see $FDIR/state.log)"; tail -n 20 "$FDIR/state.log" | sed "s/^/[$flow]   /"
      fi
      timing state "$(elapsed "$t")"
    fi
  else
    echo "COUNT 0 1 verify-not-run" >>"$results"; echo "COUNT 0 1 drill-not-run" >>"$results"
    fail "re-plan, verification and drill not run (apply failed)"
  fi

  # 7. destroy (also after a failed apply: whatever was created must go), then nothing may remain
  t=$(date +%s)
  if run_logged "$work/destroy.log" timeout -k 30 "$STEP_TIMEOUT" \
       terraform -chdir="$work" destroy -input=false -no-color -auto-approve -parallelism=10; then
    pass "terraform destroy ($(grep -c 'Destruction complete' "$work/destroy.log") resources)"
  else
    fail "terraform destroy (see $work/destroy.log)"; grep -A8 '^Error' "$work/destroy.log" | sed "s/^/[$flow]   /" | head -n 40
  fi
  timing destroy "$(elapsed "$t")"
  if [ -f "$FDIR/backend.json" ]; then  # 6c moved the state into the bucket
    if "$EMULATOR_PYTHON" "$E2E/state_backend.py" finish --fdir "$FDIR" --work "$work" \
         --endpoint "$EMULATOR_URL" >>"$FDIR/state.log" 2>&1; then
      pass "remote state after the destroy: $(tail -n 1 "$FDIR/state.log")"
    else
      fail "remote state after the destroy (see $FDIR/state.log)"; tail -n 20 "$FDIR/state.log" | sed "s/^/[$flow]   /"
    fi
  fi
  if [ -f "$FDIR/legacy.log" ]; then  # 2a's source is not the stack's: the destroy leaves it
    if "$EMULATOR_PYTHON" "$E2E/legacy_source.py" delete --endpoint "$EMULATOR_URL" >>"$FDIR/legacy.log" 2>&1; then
      pass "legacy source deleted: $(tail -n 1 "$FDIR/legacy.log")"
    else
      fail "legacy source delete (see $FDIR/legacy.log)"; tail -n 5 "$FDIR/legacy.log" | sed "s/^/[$flow]   /"
    fi
  fi
  t=$(date +%s)
  unittest_step after-destroy NothingRemains
  grep -o 'note: .*' "$FDIR/after-destroy.log" | sed "s/^/[$flow]   /"
  timing after-destroy "$(elapsed "$t")"

  stop_emulator
  local errors
  errors=$(grep -c 'Traceback' "$FDIR/emulator.log" 2>/dev/null); errors=${errors:-0}
  [ "$errors" -gt 0 ] && note "note: the emulator logged $errors tracebacks (HTTP 500; see $FDIR/emulator.log)"
  return 0
}

flow_signal() {
  [ -n "${CHILD:-}" ] && kill -TERM "$CHILD" 2>/dev/null && wait "$CHILD" 2>/dev/null
  [ -n "${EQ_PID:-}" ] && kill -TERM "$EQ_PID" 2>/dev/null && wait "$EQ_PID" 2>/dev/null
  exit 143  # the EXIT trap (stop_emulator) stops this flow's emulator
}

# ---- run the flows -------------------------------------------------------------------------
START=$(date +%s)
say "e2e: flows: $FLOWS; work dirs under $RUN_DIR"
if [ "${RDHA_E2E_SERIAL:-0}" = 1 ]; then
  for flow in $FLOWS; do ( run_flow "$flow" ); done
else
  for flow in $FLOWS; do
    ( run_flow "$flow" ) &
    FLOW_PIDS+=($!)
  done
  for pid in "${FLOW_PIDS[@]}"; do wait "$pid"; done
  FLOW_PIDS=()
fi
TOTAL=$(( $(date +%s) - START ))

# ---- report --------------------------------------------------------------------------------
passed=0; failed=0
say ""
say "e2e timings (seconds):"
printf '  %-10s %6s %6s %6s %8s %6s %6s %10s %6s %8s %6s %8s %14s\n' flow init apply equiv pipeline replan verify plan-gate drill promoted state destroy after-destroy
for flow in $FLOWS; do
  results=$RUN_DIR/$flow/results timings=$RUN_DIR/$flow/timings
  [ -f "$results" ] || { failed=$((failed + 1)); say "  $flow: no results"; continue; }
  p=$(grep -c '^PASS' "$results"); f=$(grep -c '^FAIL' "$results")
  while read -r _ cp cf _; do p=$((p + cp)); f=$((f + cf)); done < <(grep '^COUNT' "$results")
  passed=$((passed + p)); failed=$((failed + f))
  get() { awk -v k="$1" '$1 == k { print $2 }' "$timings" 2>/dev/null; }
  printf '  %-10s %6s %6s %6s %8s %6s %6s %10s %6s %8s %6s %8s %14s   (%d passed, %d failed)\n' "$flow" "$(get init)" \
    "$(get apply)" "$(get equiv)" "$(get pipeline)" "$(get replan)" "$(get verify)" "$(get plan-gate)" "$(get drill)" "$(get promoted)" "$(get state)" \
    "$(get destroy)" "$(get after-destroy)" "$p" "$f"
done
say "  total wall time: ${TOTAL} s ($( [ "${RDHA_E2E_SERIAL:-0}" = 1 ] && echo serial || echo flows in parallel ))"
if [ "$failed" -eq 0 ] && [ "${RDHA_E2E_KEEP:-0}" != 1 ]; then rm -rf "$RUN_DIR"; else say "  work dirs kept: $RUN_DIR"; fi
say "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
exit
}
