#!/usr/bin/env python3
"""benchmarks/compare/cdktf/check.py — is the cdktf program the same stack as rdha's?

Compares the blocks of `rdha synth` output (a directory of *.tf.json) with cdktf's
cdk.tf.json: the same addresses, and the same arguments in each block (cdktf's "//"
metadata and the provider blocks aside). Prints a one-line summary; exits 1 on a
difference, listing it. Used by `make bench-compare` before timing, so the ratios are
between two programs that declare the same infrastructure.

  python3 check.py RDHA_OUT_DIR CDKTF_OUT_DIR/stacks/rdha-ha/cdk.tf.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def strip_meta(value):
    if isinstance(value, dict):
        return {k: strip_meta(v) for k, v in value.items() if k != "//"}
    if isinstance(value, list):
        return [strip_meta(v) for v in value]
    return value


def rdha_blocks(out_dir: Path) -> dict[str, object]:
    blocks = {}
    for path in sorted(out_dir.glob("*.tf.json")):
        document = json.loads(path.read_text())
        for kind in ("resource", "data"):
            for entry in document.get(kind, []):
                for type_, named in entry.items():
                    for name, body in named.items():
                        blocks[f"{kind}.{type_}.{name}"] = body
    return blocks


def cdktf_blocks(path: Path) -> dict[str, object]:
    document = strip_meta(json.loads(path.read_text()))
    blocks = {}
    for kind in ("resource", "data"):
        for type_, named in document.get(kind, {}).items():
            for name, body in named.items():
                blocks[f"{kind}.{type_}.{name}"] = body
    return blocks


def normalise(value):
    """Lists compare in order. A block of at most one is written by rdha as a list of one
    object and by cdktf as the object; Terraform's JSON syntax reads both the same."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in sorted(value.items())}
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
        return normalise(value[0])
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def main() -> int:
    rdha = rdha_blocks(Path(sys.argv[1]))
    cdktf = cdktf_blocks(Path(sys.argv[2]))
    problems = []
    for address in sorted(set(rdha) - set(cdktf)):
        problems.append(f"only in rdha: {address}")
    for address in sorted(set(cdktf) - set(rdha)):
        problems.append(f"only in cdktf: {address}")
    for address in sorted(set(rdha) & set(cdktf)):
        a, b = normalise(rdha[address]), normalise(cdktf[address])
        if a != b:
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            problems.append(f"differs: {address}: {', '.join(keys)}")
    print(f"check.py: rdha {len(rdha)} blocks, cdktf {len(cdktf)} blocks, "
          f"{len(set(rdha) & set(cdktf)) - sum(p.startswith('differs') for p in problems)} identical")
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
