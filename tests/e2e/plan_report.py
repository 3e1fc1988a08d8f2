#!/usr/bin/env python3
"""Reads `terraform plan -json` / `terraform show -json` output for the plan checks.

  plan_report.py compare SRC_DIR PLAN_JSON PLAN_JSONL
      exit 0 when the plan creates exactly the managed resources declared in SRC_DIR's
      *.tf.json files (nothing else, no update/delete) and the plan log has no error or
      warning diagnostic; otherwise print what differs and exit 1.
  plan_report.py diagnostics PLAN_JSONL
      print every diagnostic in the log.
  plan_report.py changes PLAN_JSON
      print every planned change of a `terraform show -json` plan (address, actions and
      each attribute whose value differs, sensitive values masked); exit 1 when there is
      any, 0 when the plan changes nothing.
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


def _attribute_diffs(before: object, after: object, unknown: object, sensitive: object, path: str = "") -> list[str]:
    """Leaf-level differences between `before` and `after` (objects and lists walked)."""
    if isinstance(unknown, bool) and unknown:
        return [f"{path or '.'}: {json.dumps(before)} -> (known after apply)"]
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[str] = []
        for key in sorted(set(before) | set(after)):
            sub = lambda d: d.get(key) if isinstance(d, dict) else None  # noqa: E731
            out += _attribute_diffs(before.get(key), after.get(key), sub(unknown), sub(sensitive), f"{path}.{key}" if path else key)
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        out = []
        for i, (b, a) in enumerate(zip(before, after)):
            pick = lambda d: d[i] if isinstance(d, list) and i < len(d) else None  # noqa: E731,B023
            out += _attribute_diffs(b, a, pick(unknown), pick(sensitive), f"{path}[{i}]")
        return out
    if before == after:
        return []
    if sensitive:
        return [f"{path}: (sensitive value changed)"]
    return [f"{path}: {json.dumps(before)} -> {json.dumps(after)}"]


def changes(plan: dict) -> list[str]:
    lines: list[str] = []
    for change in plan.get("resource_changes", []):
        actions = change["change"]["actions"]
        if actions in (["no-op"], ["read"]):
            continue
        c = change["change"]
        lines.append(f"{change['address']}: {'/'.join(actions)}")
        for diff in _attribute_diffs(c.get("before"), c.get("after"), c.get("after_unknown"),
                                     c.get("after_sensitive") or c.get("before_sensitive")):
            lines.append(f"    {diff}")
        for path in c.get("replace_paths", []) or []:
            lines.append(f"    forces replacement: {path}")
    for output, c in sorted((plan.get("output_changes") or {}).items()):
        if c["actions"] != ["no-op"]:
            lines.append(f"output.{output}: {'/'.join(c['actions'])}")
    return lines


def main(argv: list[str]) -> int:
    if argv[1] == "changes":
        with open(argv[2], encoding="utf-8") as handle:
            found = changes(json.load(handle))
        for line in found:
            print(line)
        return 1 if found else 0
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
