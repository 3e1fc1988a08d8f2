#!/usr/bin/env bash
# benchmarks/run.sh — runs the benchmarks and writes their results as JSON into
# benchmarks/results/, then the summary tables (results/summary.md, made by report.py).
#
#   benchmarks/run.sh bench     Google Benchmark programs, whole-process `rdha synth`
#                               (hyperfine + /usr/bin/time -v), Python vs C++   (make bench)
#   benchmarks/run.sh compare   `rdha synth` vs the same stack in CDK for Terraform, timed
#                               in the same run (installs cdktf from npm)     (make bench-compare)
#   benchmarks/run.sh all       both
#
# Environment: RDHA_BUILD_DIR (a build with -DRDHA_BUILD_BENCHMARKS=ON; default build-bench),
# RDHA_BENCH_ROUNDS (rounds of durable_write, default 200),
# BENCH_ARGS (extra flags for every Google Benchmark program), RDHA_BENCH_MAX_RESOURCES (caps
# the synthetic graph sizes), PYTHON (the interpreter the extension is built for).
#
# Output directories are on tmpfs (/dev/shm) when it exists, so both tools are timed on
# synthesis rather than on the disk; `rdha synth` flushes every file it writes (cdktf does
# not), and its figure on the real disk is recorded too (synth_disk in the results).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="$(cd "${RDHA_BUILD_DIR:-$ROOT/build-bench}" && pwd)"
RESULTS="$ROOT/benchmarks/results"
PYTHON="${PYTHON:-/usr/bin/python3}"
RDHA="$BUILD_DIR/rdha"
CDKTF_DIR="$ROOT/benchmarks/compare/cdktf"
mode="${1:-bench}"
read -r -a bench_args <<<"${BENCH_ARGS:-}"

mkdir -p "$RESULTS"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then FAST_TMP=/dev/shm; else FAST_TMP="${TMPDIR:-/tmp}"; fi
SCRATCH="$(mktemp -d "$FAST_TMP/rdha-bench.XXXXXX")"
DISK_SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/rdha-bench-disk.XXXXXX")"
trap 'rm -rf "$SCRATCH" "$DISK_SCRATCH"' EXIT

[ -x "$RDHA" ] || { echo "run.sh: $RDHA not built (configure with -DRDHA_BUILD_BENCHMARKS=ON)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "run.sh: hyperfine not installed (Debian package hyperfine)" >&2; exit 2; }

# The machine the numbers come from (load matters on shared machines).
machine_json() {
  "$PYTHON" - "$@" <<'EOF'
import json, os, platform, subprocess, sys, time
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
print(json.dumps({"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cpu": cpu, "cpus": os.cpu_count(),
                  "memory_mib": mem, "kernel": platform.release(), "load_average": os.getloadavg()}))
EOF
}

# Peak RSS (KiB) of a command: the median of five runs of /usr/bin/time -v.
peak_rss_kib() {
  local values=()
  for _ in 1 2 3 4 5; do
    values+=("$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')")
  done
  printf '%s\n' "${values[@]}" | sort -n | sed -n 3p
}

run_google_benchmarks() {
  shopt -s nullglob
  local programs=("$BUILD_DIR"/benchmarks/bench_*)
  [ ${#programs[@]} -gt 0 ] || { echo "run.sh: no benchmark programs in $BUILD_DIR/benchmarks" >&2; exit 2; }
  for program in "${programs[@]}"; do
    local name
    name="$(basename "$program")"
    echo "==> $name"
    "$program" --benchmark_out="$RESULTS/$name.json" --benchmark_out_format=json "${bench_args[@]}"
  done
}

run_synth_process() {
  echo "==> rdha synth (whole process)"
  hyperfine -N --warmup 5 --runs 100 \
    --command-name "rdha synth (tmpfs)" "$RDHA synth --out $SCRATCH/rdha" \
    --export-json "$RESULTS/synth_hyperfine.json"
  hyperfine -N --warmup 3 --runs 30 \
    --command-name "rdha synth (disk, fsync)" "$RDHA synth --out $DISK_SCRATCH/rdha" \
    --export-json "$RESULTS/synth_disk_hyperfine.json"
  local rss blocks
  rss="$(peak_rss_kib "$RDHA" synth --out "$SCRATCH/rdha")"
  blocks="$("$RDHA" synth --out "$SCRATCH/rdha" | sed -n 's/.*(\([0-9]*\) blocks).*/\1/p')"
  printf '{"command": "rdha synth", "peak_rss_kib": %s, "blocks": %s, "machine": %s}\n' \
    "$rss" "${blocks:-0}" "$(machine_json)" >"$RESULTS/synth_rss.json"
  echo "peak RSS: $rss KiB"
}

# tmpfs, disk durable, disk --no-sync, the floor of one durable write, `rdha --version` and
# /bin/true, in interleaved rounds (durable_write.cpp); prints the load average.
# RDHA_BENCH_REALTIME=1 runs both under SCHED_FIFO (chrt, root): on a machine busy with
# other work the figures then measure rdha and the disk rather than the CPU queue.
run_durable_write() {
  local realtime=()
  [ -n "${RDHA_BENCH_REALTIME:-}" ] && realtime=(chrt -f 10)
  echo "==> flushing a set of new files: the alternatives, on disk (interleaved rounds)"
  "${realtime[@]}" "$BUILD_DIR/benchmarks/flush_strategies" "$DISK_SCRATCH/flush" "${RDHA_BENCH_ROUNDS:-200}" \
    "$RESULTS/flush_strategies.json"
  echo "==> rdha synth: tmpfs, disk, disk --no-sync, the fsync floor; start-up (interleaved rounds)"
  "${realtime[@]}" "$BUILD_DIR/benchmarks/durable_write" "$RDHA" "$SCRATCH" "$DISK_SCRATCH" \
    "${RDHA_BENCH_ROUNDS:-200}" "$RESULTS/durable_write.json"
}

run_python() {
  echo "==> Python (import rdha) vs C++"
  if [ ! -f "$ROOT/benchmarks/bench_python.py" ]; then echo "SKIP: benchmarks/bench_python.py missing"; return; fi
  RDHA_BUILD_DIR="$BUILD_DIR" "$PYTHON" "$ROOT/benchmarks/bench_python.py" --out "$RESULTS/python.json" \
    || echo "SKIP: Python benchmark did not run (is the extension built in $BUILD_DIR/python?)"
}

run_compare() {
  echo "==> CDK for Terraform: install (npm), generate, compile"
  command -v node >/dev/null && command -v npm >/dev/null || { echo "run.sh: node and npm are needed" >&2; exit 2; }
  (cd "$CDKTF_DIR" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi)
  # The cdktf program is generated from the current rdha output, so both declare the same
  # blocks; check.py proves it before anything is timed.
  "$RDHA" synth --out "$SCRATCH/rdha" >/dev/null
  "$PYTHON" "$CDKTF_DIR/generate.py" "$SCRATCH/rdha"
  (cd "$CDKTF_DIR" && npx tsc -p tsconfig.json)
  CDKTF_OUTDIR="$SCRATCH/cdktf" node "$CDKTF_DIR/dist/main.js"
  "$PYTHON" "$CDKTF_DIR/check.py" "$SCRATCH/rdha" "$SCRATCH/cdktf/stacks/rdha-ha/cdk.tf.json"
  CDKTF_OUTDIR="$SCRATCH/cdktf-index" node "$CDKTF_DIR/dist/main_index.js"
  "$PYTHON" "$CDKTF_DIR/check.py" "$SCRATCH/rdha" "$SCRATCH/cdktf-index/stacks/rdha-ha/cdk.tf.json"

  echo "==> rdha synth vs cdktf (node main.js), same run"
  # One hyperfine run per command so each gets its own run count; they follow each other
  # directly, under the same machine load.
  hyperfine -N --warmup 5 --runs 50 --command-name "rdha synth" "$RDHA synth --out $SCRATCH/rdha" \
    --export-json "$RESULTS/compare_rdha.json"
  hyperfine -N --warmup 2 --runs 10 --command-name "cdktf deep imports (node main.js)" \
    "env CDKTF_OUTDIR=$SCRATCH/cdktf node $CDKTF_DIR/dist/main.js" \
    --export-json "$RESULTS/compare_cdktf_deep.json"
  hyperfine -N --warmup 1 --runs 5 --command-name "cdktf package index (node main_index.js)" \
    "env CDKTF_OUTDIR=$SCRATCH/cdktf-index node $CDKTF_DIR/dist/main_index.js" \
    --export-json "$RESULTS/compare_cdktf_index.json"

  local rss_rdha rss_deep rss_index
  rss_rdha="$(peak_rss_kib "$RDHA" synth --out "$SCRATCH/rdha")"
  rss_deep="$(peak_rss_kib env CDKTF_OUTDIR="$SCRATCH/cdktf" node "$CDKTF_DIR/dist/main.js")"
  rss_index="$(peak_rss_kib env CDKTF_OUTDIR="$SCRATCH/cdktf-index" node "$CDKTF_DIR/dist/main_index.js")"
  local versions
  versions="$(cd "$CDKTF_DIR" && node -e '
    const v = (p) => require(p + "/package.json").version;
    console.log(JSON.stringify({node: process.version, cdktf: v("cdktf"), "@cdktf/provider-aws": v("@cdktf/provider-aws"),
                                "@cdktf/provider-random": v("@cdktf/provider-random"), constructs: v("constructs")}));')"
  printf '{"peak_rss_kib": {"rdha": %s, "cdktf_deep": %s, "cdktf_index": %s}, "versions": %s, "machine": %s}\n' \
    "$rss_rdha" "$rss_deep" "$rss_index" "$versions" "$(machine_json)" >"$RESULTS/compare_rss.json"
  echo "peak RSS (KiB): rdha $rss_rdha, cdktf deep $rss_deep, cdktf index $rss_index"
}

machine_json >"$RESULTS/machine.json"
case "$mode" in
  bench) run_google_benchmarks; run_synth_process; run_durable_write; run_python ;;
  compare) run_compare ;;
  all) run_google_benchmarks; run_synth_process; run_durable_write; run_python; run_compare ;;
  *) echo "usage: benchmarks/run.sh [bench|compare|all]" >&2; exit 2 ;;
esac
"$PYTHON" "$ROOT/benchmarks/report.py" "$RESULTS"
