#!/usr/bin/env python3
"""Reads `terraform plan -json` / `terraform show -json` output for the plan checks.

  plan_report.py compare SRC_DIR PLAN_JSON PLAN_JSONL
      exit 0 when the plan creates exactly the managed resources declared in SRC_DIR's
      *.tf.json files (nothing else, no update/delete) and the plan log has no error or
      warning diagnostic; otherwise print what differs and exit 1.
  plan_report.py diagnostics PLAN_JSONL
      print every diagnostic in the log.
"""

from __future__ import annotations

import glob
import json
import os
import sys


def declared_resources(src: str) -> set[str]:
    addresses: set[str] = set()
    for path in glob.glob(os.path.join(src, "*.tf.json")):
        if path.endswith("override.tf.json"):
            continue
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        blocks = document.get("resource", [])
        for block in blocks if isinstance(blocks, list) else [blocks]:
            for rtype, named in block.items():
                for name in named:
                    addresses.add(f"{rtype}.{name}")
    return addresses


def diagnostics(jsonl: str) -> list[dict]:
    found = []
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            message = json.loads(line)
            if message.get("type") == "diagnostic":
                found.append(message["diagnostic"])
    return found


def main(argv: list[str]) -> int:
    if argv[1] == "diagnostics":
        for diagnostic in diagnostics(argv[2]):
            print(f"{diagnostic['severity']}: {diagnostic['summary']}: {diagnostic.get('detail', '')}")
        return 0
    src, plan_json, plan_jsonl = argv[2], argv[3], argv[4]
    with open(plan_json, encoding="utf-8") as handle:
        plan = json.load(handle)
    planned: dict[str, list[str]] = {}
    for change in plan.get("resource_changes", []):
        if change.get("mode") != "managed":
            continue
        planned[change["address"]] = change["change"]["actions"]
    declared = declared_resources(src)
    ok = True
    for address in sorted(declared - planned.keys()):
        print(f"  not planned: {address}")
        ok = False
    for address in sorted(planned.keys() - declared):
        print(f"  planned but not emitted: {address}")
        ok = False
    for address, actions in sorted(planned.items()):
        if actions != ["create"]:
            print(f"  {address}: actions {actions}, expected [create]")
            ok = False
    for diagnostic in diagnostics(plan_jsonl):
        print(f"  {diagnostic['severity']}: {diagnostic['summary']}: {diagnostic.get('detail', '')}")
        ok = False
    print(f"  {len(planned)} resources planned, {len(declared)} emitted")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
