#!/usr/bin/env python3
"""benchmarks/bench_python.py — the default HA stack through `import rdha` vs the C++ figure.

Times `rdha.build_ha_stack(spec)` followed by synthesis to memory (`stack.to_text()`, the
exact file contents) and to disk (`stack.synth(dir)`), and runs the C++ benchmark of the
same work (bench_ha_stack: ha_stack/synth_to_memory and ha_stack/synth_to_disk) in the same
run, so the ratio compares like with like under the same machine load. Also reports how
long `import rdha` takes. CPU time is the primary figure (robust on a shared machine);
wall time is recorded as well.

  RDHA_BUILD_DIR=build-bench /usr/bin/python3 benchmarks/bench_python.py --out results/python.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(fn, repetitions: int, min_batch_seconds: float = 0.2) -> dict:
    """Median per-call wall and CPU seconds over @p repetitions batches."""
    fn()  # warm up (first-use initialisation is reported separately)
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start >= min_batch_seconds or n >= 1 << 16:
            break
        n *= 2
    wall, cpu = [], []
    for _ in range(repetitions):
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            fn()
        wall.append((time.perf_counter() - w0) / n)
        cpu.append((time.process_time() - c0) / n)
    return {"iterations_per_batch": n, "repetitions": repetitions,
            "wall_s": statistics.median(wall), "cpu_s": statistics.median(cpu)}


def cxx_figures(build_dir: Path, repetitions: int) -> dict:
    program = build_dir / "benchmarks" / "bench_ha_stack"
    result = subprocess.run(
        [str(program), "--benchmark_filter=^ha_stack/synth_to_(memory|disk)",
         f"--benchmark_repetitions={repetitions}", "--benchmark_report_aggregates_only=true",
         "--benchmark_format=json"],
        check=True, capture_output=True, text=True)
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    out = {}
    for b in json.loads(result.stdout)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        key = "synth_to_memory" if "synth_to_memory" in b["run_name"] else "synth_to_disk"
        unit = scale[b["time_unit"]]
        out[key] = {"wall_s": b["real_time"] * unit, "cpu_s": b["cpu_time"] * unit}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=os.environ.get("RDHA_BUILD_DIR", str(ROOT / "build-bench")))
    parser.add_argument("--out", help="write the results as JSON here")
    parser.add_argument("--repetitions", type=int, default=7)
    args = parser.parse_args()
    build_dir = Path(args.build_dir).resolve()
    sys.path.insert(0, str(build_dir / "python"))

    start = time.perf_counter()
    import rdha  # noqa: E402  (the build-tree package)
    import_s = time.perf_counter() - start

    spec = rdha.HaStackSpec()
    disk_scratch = tempfile.mkdtemp(prefix="rdha-bench-py-disk-")

    def synth_to_memory():
        return rdha.build_ha_stack(spec).to_text()

    def synth_to_disk():
        return rdha.build_ha_stack(spec).synth(disk_scratch)

    blocks = len(rdha.build_ha_stack(spec))
    python = {"synth_to_memory": measure(synth_to_memory, args.repetitions)}
    notes = []
    try:
        python["synth_to_disk"] = measure(synth_to_disk, args.repetitions)
    except TypeError as e:  # the binding of Stack.synth must accept a str path
        notes.append(f"Stack.synth(str) failed, disk figure skipped: {str(e).splitlines()[0]}")
        print("bench_python.py: " + notes[-1], file=sys.stderr)
    cxx = cxx_figures(build_dir, args.repetitions)
    ratios = {key: {"cpu": python[key]["cpu_s"] / cxx[key]["cpu_s"], "wall": python[key]["wall_s"] / cxx[key]["wall_s"]}
              for key in python if key in cxx}
    result = {"python": sys.version.split()[0], "import_s": import_s, "blocks": blocks,
              "python_figures": python, "cxx_figures": cxx, "python_over_cxx": ratios, "notes": notes}
    shutil.rmtree(disk_scratch, ignore_errors=True)

    for key, r in ratios.items():
        print(f"{key}: Python {python[key]['cpu_s'] * 1e3:.3f} ms CPU, C++ {cxx[key]['cpu_s'] * 1e3:.3f} ms CPU "
              f"→ {r['cpu']:.2f}× (wall {r['wall']:.2f}×)")
    print(f"import rdha: {import_s * 1e3:.1f} ms")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
