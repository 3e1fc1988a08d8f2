#!/usr/bin/env python3
"""benchmarks/report.py — summary tables from the JSON in benchmarks/results/.

Reads what benchmarks/run.sh wrote (Google Benchmark JSON, hyperfine JSON, peak RSS,
the Python and cdktf comparisons; whatever is present) and writes results/summary.md
(markdown tables, the targets with met / missed) and results/summary.json (the target
figures). `--readme README.md` also replaces the block between the
`<!-- benchmarks:begin -->` / `<!-- benchmarks:end -->` markers of the README's
Performance section with the tables.

  python3 benchmarks/report.py benchmarks/results [--readme README.md]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

SCALE = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
BEGIN, END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"


def load(path: Path):
    return json.loads(path.read_text()) if path.exists() else None


def gbench(path: Path) -> dict[str, dict]:
    """Google Benchmark results by run name (the mean when there are repetitions)."""
    data = load(path)
    if not data:
        return {}
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"]).replace("/real_time", "")
        b["cpu_s"] = b["cpu_time"] * SCALE[b["time_unit"]]
        b["wall_s"] = b["real_time"] * SCALE[b["time_unit"]]
        out[name] = b
    return out


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            value = seconds / scale
            return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return str(seconds)


def fmt_bytes(n: float) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n:.0f} B"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def hyperfine(path: Path) -> dict | None:
    data = load(path)
    return data["results"][0] if data else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--readme", type=Path)
    args = parser.parse_args()
    r = args.results
    sections, targets = [], []
    machine = load(r / "machine.json")

    # ---- default stack, in process --------------------------------------------------
    ha = gbench(r / "bench_ha_stack.json")
    if ha:
        blocks = int(next(iter(ha.values())).get("blocks", 0))
        labels = {"build": "build graph from spec", "validate": "validate (schema facts, references, cycles)",
                  "check": "check (policy rules)", "topological_order": "topological order",
                  "emit_to_memory": "emit to memory (documents + text)", "bare_dump": "bare `json::dump` of the same documents",
                  "synth_to_memory": "build + emit to memory", "emit_to_disk": "emit to disk (atomic, fsync)",
                  "synth_to_disk": "build + emit to disk"}
        rows = []
        for key, label in labels.items():
            b = ha.get(f"ha_stack/{key}")
            if b is None:
                continue
            wall = key.endswith("disk")
            seconds = b["wall_s"] if wall else b["cpu_s"]
            rows.append([label, fmt_time(seconds) + (" (wall)" if wall else ""), fmt_time(seconds / blocks)])
        sections.append(f"**Default HA stack ({blocks} blocks), in process** (`bench_ha_stack`; CPU time unless marked)\n\n"
                        + table(["stage", "time", "per block"], rows))

    # ---- whole process ----------------------------------------------------------------
    rows = []
    rss = load(r / "synth_rss.json")
    for path in ("synth_hyperfine.json", "synth_disk_hyperfine.json"):
        h = hyperfine(r / path)
        if h:
            rows.append([f"`{h['command']}`", f"{fmt_time(h['mean'])} ± {fmt_time(h['stddev'])}",
                         f"{fmt_time(h['median'])}", f"{fmt_time(h['user'])} / {fmt_time(h['system'])}",
                         fmt_bytes(rss["peak_rss_kib"] * 1024) if rss and "tmpfs" in h["command"] else ""])
    if rows:
        sections.append("**Whole process** (hyperfine; peak RSS: median of 5 runs of `/usr/bin/time -v`)\n\n"
                        + table(["command", "wall mean ± σ", "median", "user / sys", "peak RSS"], rows))

    # ---- durable writes and start-up, interleaved rounds ------------------------------------
    dw = load(r / "durable_write.json")
    if dw:
        res = dw["results"]
        med = {k: v["median_s"] for k, v in res.items()}
        labels = {"synth_tmpfs": "`rdha synth` to tmpfs", "synth_disk": "`rdha synth` to disk (durable)",
                  "synth_disk_no_sync": "`rdha synth --no-sync` to disk",
                  "floor_fdatasync_rename_fsync_dir": "floor: one 4 KiB file fdatasync + rename + directory fsync (in process)",
                  "version": "`rdha --version`", "bin_true": "`/bin/true`"}
        rows = [[label, fmt_time(res[k]["median_s"]), fmt_time(res[k]["p10_s"]), fmt_time(res[k]["p90_s"])]
                for k, label in labels.items() if k in res]
        load_avg = ", ".join(f"{x:.1f}" for x in dw["load_average_before"])
        sched = "SCHED_FIFO (`RDHA_BENCH_REALTIME=1`)" if dw.get("realtime") else "normal scheduling"
        sections.append(f"**Durable writes and start-up** (`durable_write`: {dw['rounds']} interleaved rounds, {sched}; "
                        f"load average {load_avg}; {dw.get('date', '')})\n\n"
                        + table(["command", "median", "p10", "p90"], rows))
        bound = 1.5 * (med["synth_tmpfs"] + med["floor_fdatasync_rename_fsync_dir"])
        targets.append({"target": "`rdha synth` on disk ≤ 1.5× (tmpfs + the floor of one durable write)",
                        "value": med["synth_disk"] / bound * 1.5,
                        "measured": f"{fmt_time(med['synth_disk'])} ≤ {fmt_time(bound)}: "
                                    f"{med['synth_disk'] / (bound / 1.5):.2f}×", "met": med["synth_disk"] <= bound})
        ratio = med["version"] / med["bin_true"]
        targets.append({"target": "`rdha --version` ≤ 2× `/bin/true`", "value": ratio, "measured": f"{ratio:.2f}×",
                        "met": ratio <= 2})
    fl = load(r / "flush_strategies.json")
    if fl:
        load_avg = ", ".join(f"{x:.1f}" for x in fl["load_average"])
        sched = "SCHED_FIFO" if fl.get("realtime") else "normal scheduling"
        sections.append(f"**Flushing eleven new files (the default stack's sizes), then renames and a directory fsync** "
                        f"(`flush_strategies`: {fl['rounds']} interleaved rounds, {sched}; load average {load_avg})\n\n"
                        + table(["strategy", "median", "p10", "p90"],
                                [[x["strategy"], fmt_time(x["median_s"]), fmt_time(x["p10_s"]), fmt_time(x["p90_s"])]
                                 for x in fl["results"]]))

    # ---- synthetic scale ----------------------------------------------------------------
    graph = gbench(r / "bench_graph.json")
    if graph:
        sizes = sorted({int(name.rsplit("/", 1)[1]) for name in graph})
        stages = ["build", "validate", "topological_order", "emit_to_memory", "cycle_report"]
        rows = []
        per_resource = {}
        for n in sizes:
            row = [f"{n:,}"]
            for stage in stages:
                b = graph.get(f"graph/{stage}/{n}")
                t = b["cpu_s"] / n if b else None
                per_resource[(stage, n)] = t
                row.append(fmt_time(t) if t is not None else "")
            build = graph.get(f"graph/build/{n}", {})
            emit = graph.get(f"graph/emit_to_memory/{n}", {})
            row.append(f"{build.get('bytes_per_resource', 0):,.0f} B" if build else "")
            row.append(f"{emit.get('emit_heap_bytes_per_resource', 0):,.0f} B" if emit else "")
            rows.append(row)
        sections.append("**Synthetic graphs: time per resource** (`bench_graph`; CPU time; heap from glibc's "
                        "`mallinfo2`, chunk headers included)\n\n"
                        + table(["resources", "build", "validate", "topological order", "emit to memory",
                                 "cycle report", "heap of the graph / resource", "heap of the emitted documents + text / resource"],
                                rows))
        if 10_000 in sizes and 1_000_000 in sizes:
            for stage in stages[:4]:
                a, b = per_resource.get((stage, 10_000)), per_resource.get((stage, 1_000_000))
                if a and b:
                    targets.append({"target": f"linear scaling, {stage.replace('_', ' ')}: time/resource at 10^6 ≤ 1.5× 10^4",
                                    "value": b / a, "measured": f"{b / a:.2f}×", "met": b / a <= 1.5})
            build = graph.get("graph/build/1000000")
            if build:
                v = build["bytes_per_resource"]
                targets.append({"target": "memory ≤ 2 KiB per resource at 10^6", "value": v,
                                "measured": f"{v / 1024:.2f} KiB", "met": v <= 2048})

    # ---- emission vs bare dump ----------------------------------------------------------
    emit = gbench(r / "bench_emit.json")
    rows = []
    worst = None
    for n in sorted({int(name.rsplit("/", 1)[1]) for name in emit}):
        e, d, c = (emit.get(f"emit/{k}/{n}") for k in ("rdha_emit", "bare_dump", "bare_dump_compact"))
        if e and d:
            ratio = d["cpu_s"] / e["cpu_s"]
            worst = ratio if worst is None else min(worst, ratio)
            rows.append([f"{n:,} resources", f"{e['bytes_per_second'] / 1e6:.0f} MB/s", f"{d['bytes_per_second'] / 1e6:.0f} MB/s",
                         f"{c['bytes_per_second'] / 1e6:.0f} MB/s" if c else "", f"{ratio:.2f}"])
    if ha.get("ha_stack/emit_to_memory") and ha.get("ha_stack/bare_dump"):
        e, d = ha["ha_stack/emit_to_memory"], ha["ha_stack/bare_dump"]
        ratio = d["cpu_s"] / e["cpu_s"]
        worst = ratio if worst is None else min(worst, ratio)
        rows.append(["default HA stack", f"{e['bytes_per_second'] / 1e6:.0f} MB/s", f"{d['bytes_per_second'] / 1e6:.0f} MB/s",
                     "", f"{ratio:.2f}"])
    if rows:
        sections.append("**Emission vs a bare `nlohmann::json::dump` of the same documents** (`bench_emit`; "
                        "output bytes per CPU second; ratio = emission speed / dump(2) speed)\n\n"
                        + table(["stack", "rdha emission", "dump(2)", "dump() compact", "ratio"], rows))
        targets.append({"target": "emission ≥ 0.5× the speed of a bare dump", "value": worst,
                        "measured": f"{worst:.2f}× (worst case)", "met": worst >= 0.5})

    # ---- Python -------------------------------------------------------------------------
    py = load(r / "python.json")
    if py:
        rows = []
        for key, label in (("synth_to_memory", "build + emit to memory"), ("synth_to_disk", "build + emit to disk")):
            p, c, ratio = py["python_figures"].get(key), py["cxx_figures"].get(key), py["python_over_cxx"].get(key)
            if p and c and ratio:
                rows.append([label, fmt_time(p["cpu_s"]), fmt_time(c["cpu_s"]), f"{ratio['cpu']:.2f}×", f"{ratio['wall']:.2f}×"])
        sections.append(f"**Python (`import rdha`, Python {py['python']}) vs C++, default stack** "
                        f"(`bench_python.py`; `import rdha` itself: {fmt_time(py['import_s'])})\n\n"
                        + table(["work", "Python (CPU)", "C++ (CPU)", "ratio (CPU)", "ratio (wall)"], rows))
        m = py["python_over_cxx"].get("synth_to_memory")
        if m:
            targets.append({"target": "Python overhead < 2× C++ (default stack, build + emit)", "value": m["cpu"],
                            "measured": f"{m['cpu']:.2f}×", "met": m["cpu"] < 2})

    # ---- cdktf --------------------------------------------------------------------------
    rd, deep, index = (hyperfine(r / f) for f in ("compare_rdha.json", "compare_cdktf_deep.json", "compare_cdktf_index.json"))
    crss = load(r / "compare_rss.json")
    if rd and deep:
        rss_of = (crss or {}).get("peak_rss_kib", {})
        rows = [[f"`rdha synth`", f"{fmt_time(rd['mean'])} ± {fmt_time(rd['stddev'])}",
                 fmt_bytes(rss_of.get("rdha", 0) * 1024), "1", "1"]]
        for h, key in ((deep, "cdktf_deep"), (index, "cdktf_index")):
            if h is None:
                continue
            t_ratio = h["mean"] / rd["mean"]
            m_ratio = rss_of.get(key, 0) / rss_of["rdha"] if rss_of.get("rdha") else 0
            rows.append([f"`{h['command']}`", f"{fmt_time(h['mean'])} ± {fmt_time(h['stddev'])}",
                         fmt_bytes(rss_of.get(key, 0) * 1024), f"{t_ratio:.0f}×", f"{m_ratio:.1f}×"])
            label = "deep imports" if key == "cdktf_deep" else "package index"
            targets.append({"target": f"rdha synth ≥ 100× faster than cdktf ({label})", "value": t_ratio,
                            "measured": f"{t_ratio:.0f}×", "met": t_ratio >= 100})
            targets.append({"target": f"rdha synth ≥ 10× less peak memory than cdktf ({label})", "value": m_ratio,
                            "measured": f"{m_ratio:.1f}×", "met": m_ratio >= 10})
        versions = (crss or {}).get("versions", {})
        note = ", ".join(f"{k} {v}" for k, v in versions.items())
        sections.append(f"**Side by side with CDK for Terraform** (whole processes, same run; {note})\n\n"
                        + table(["program", "wall mean ± σ", "peak RSS", "time / rdha", "memory / rdha"], rows))

    if targets:
        sections.append("**Targets**\n\n" + table(["target", "measured", "met"],
                                                   [[t["target"], t["measured"], "yes" if t["met"] else "**no**"]
                                                    for t in targets]))
    if machine:
        load_avg = ", ".join(f"{x:.1f}" for x in machine["load_average"])
        sections.append(f"_Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory_mib']:,} MiB; "
                        f"load average at the start {load_avg}; {machine['date']}._")

    text = "\n\n".join(sections) + "\n"
    (r / "summary.md").write_text(text)
    (r / "summary.json").write_text(json.dumps({"targets": targets, "machine": machine}, indent=2) + "\n")
    print(text)
    if args.readme:
        readme = args.readme.read_text()
        if BEGIN not in readme or END not in readme:
            print(f"report.py: no {BEGIN} … {END} block in {args.readme}", file=sys.stderr)
            return 1
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
        args.readme.write_text(pattern.sub(lambda _: BEGIN + "\n" + text + END, readme))
    return 0


if __name__ == "__main__":
    sys.exit(main())
