#!/usr/bin/env python3
"""A parameter group replaced in place of the deployed one: the work dir's config changes,
the plan is checked, the config is put back.

  replacement.py change WORK_DIR SPEC_JSON ADDRESS
      checks that the group at ADDRESS ("aws_db_parameter_group.primary") is named as
      rdha names it: "<region key>-<family>-<hash><name_suffix>", the hash being FNV-1a
      (32 bit) of "<family>\\n<description>", low 16 bits as four hex digits; then gives it
      a new description and the name (and Name tag) that description gives, keeping the
      original file as <file>.orig. Exit 1 when the deployed name is not rdha's.
  replacement.py restore WORK_DIR
      puts every <file>.orig back.
  replacement.py plan PLAN_JSON ADDRESS
      exit 0 when `terraform show -json` of the plan replaces ADDRESS create-before-destroy
      (actions ["create", "delete"]) and replaces nothing else (the DB instances switch to
      the new group in place); otherwise print what differs and exit 1.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import sys


def fnv1a_32(text: str) -> int:
    value = 2166136261
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def group_name(key: str, family: str, description: str, suffix: str) -> str:
    return f"{key}-{family}-{fnv1a_32(family + chr(10) + description) & 0xFFFF:04x}{suffix}"


def change(work: str, spec_path: str, address: str) -> int:
    rtype, local = address.split(".", 1)
    with open(spec_path, encoding="utf-8") as handle:
        suffix = json.load(handle)["name_suffix"]
    for path in sorted(glob.glob(os.path.join(work, "*.tf.json"))):
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        blocks = document.get("resource", [])
        for block in blocks if isinstance(blocks, list) else [blocks]:
            group = block.get(rtype, {}).get(local)
            if group is None:
                continue
            expected = group_name(local, group["family"], group["description"], suffix)
            if group["name"] != expected:
                print(f"{address}: name {group['name']!r}, expected {expected!r} from its family and description")
                return 1
            group["description"] += " (changed)"
            group["name"] = group_name(local, group["family"], group["description"], suffix)
            group.setdefault("tags", {})["Name"] = group["name"]
            shutil.copyfile(path, path + ".orig")
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(document, handle, indent=2)
            print(f"{address}: {expected} -> {group['name']}")
            return 0
    print(f"{address}: not found in {work}")
    return 1


def restore(work: str) -> int:
    for original in glob.glob(os.path.join(work, "*.tf.json.orig")):
        os.replace(original, original[: -len(".orig")])
    return 0


def plan(plan_path: str, address: str) -> int:
    with open(plan_path, encoding="utf-8") as handle:
        document = json.load(handle)
    ok = True
    seen = False
    for resource in document.get("resource_changes", []):
        actions = resource["change"]["actions"]
        if resource["address"] == address:
            seen = True
            print(f"{address}: {'/'.join(actions)}")
            if actions != ["create", "delete"]:
                print(f"  expected create/delete (create_before_destroy), got {'/'.join(actions)}")
                ok = False
        elif "delete" in actions:
            print(f"{resource['address']}: {'/'.join(actions)} (only {address} may be replaced)")
            ok = False
    if not seen:
        print(f"{address}: not in the plan")
    return 0 if ok and seen else 1


def main(argv: list[str]) -> int:
    if argv[1] == "change":
        return change(argv[2], argv[3], argv[4])
    if argv[1] == "restore":
        return restore(argv[2])
    return plan(argv[2], argv[3])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
