#!/usr/bin/env python3
"""Compares the plans Terraform makes of the same stack written in different formats and
layouts: `rdha synth --format json|hcl --layout flat|modules` must plan the same resources
with the same values.

  plan_equivalence.py [--waivers FILE] REFERENCE_PLAN_JSON OTHER_PLAN_JSON...

Each argument is `terraform show -json PLANFILE` output (plan format 1.x,
https://developer.hashicorp.com/terraform/internals/json-format). A resource in a child
module (`module.dr_network.aws_vpc.dr`) is compared with the root resource of the same
name (`aws_vpc.dr`): the modules layout keeps every resource's type and name. For every
planned resource this compares the actions, the mode and type, the provider, the region of
its provider configuration, and every planned attribute value (`after`), which of them are
unknown until apply (`after_unknown`) and which are sensitive (`after_sensitive`); data
sources read during the plan (in `prior_state`) by their values; and the root outputs.
A string holding a JSON object or array is compared after decoding, so formatting that
the two writers may choose differently (key order, spacing) is not a difference, while a
different value is.

Not compared: `configuration` (expressions differ by design: `var.x` in a module stands for
`aws_vpc.dr.id`), `timestamp`, `relevant_attributes` (lists attributes by module address).

A difference fails unless the waivers file (a JSON list of {"plan", "address", "what",
"reason"}; `plan` is the other plan's file name) names it with a written reason.
Prints each difference and `PASS ...`/`FAIL ...` last; exit 0 only when none is left.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any

MODULE_PREFIX = re.compile(r"^(module\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.)+")


def flat_address(address: str) -> str:
    """`module.dr_network.aws_vpc.dr` → `aws_vpc.dr` (nested calls too)."""
    return MODULE_PREFIX.sub("", address)


def decoded(value: Any) -> Any:
    """`value` with every string that holds a JSON object or array replaced by its decoding."""
    if isinstance(value, dict):
        return {key: decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decoded(item) for item in value]
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        if isinstance(parsed, (dict, list)):
            return {"(json)": decoded(parsed)}  # marked: a JSON string never equals a real object
    return value


def first_difference(left: Any, right: Any, path: str = "") -> str | None:
    """The path of the first leaf where `left` and `right` differ, or None when equal."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            if key not in left or key not in right:
                return f"{path}.{key}".lstrip(".") + (" (only in the reference)" if key in left else " (only in the other)")
            found = first_difference(left[key], right[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return f"{path or '.'} (length {len(left)} vs {len(right)})"
        for index, (a, b) in enumerate(zip(left, right)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    if left == right and type(left) is type(right):
        return None
    return f"{path.lstrip('.') or '.'}: {json.dumps(left)[:120]} vs {json.dumps(right)[:120]}"


def _module_resources(module: dict, prefix: str) -> list[tuple[str, dict]]:
    """(address, resource) of a configuration module and its calls, recursively."""
    found = [(prefix + f"{r['type']}.{r['name']}" if r.get("mode") != "data" else prefix + f"data.{r['type']}.{r['name']}", r)
             for r in module.get("resources", [])]
    for call_name, call in sorted(module.get("module_calls", {}).items()):
        found += _module_resources(call.get("module", {}), f"{prefix}module.{call_name}.")
    return found


def _state_resources(module: dict) -> list[dict]:
    found = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        found += _state_resources(child)
    return found


@dataclass
class Plan:
    """What is compared of one plan, keyed by flat address."""

    name: str
    resources: dict[str, dict]
    data_reads: dict[str, dict]
    outputs: dict[str, dict]
    problems: list[str]


def _region_of(plan: dict, config_address: str, by_address: dict[str, str]) -> Any:
    key = by_address.get(config_address)
    if key is None:
        return None
    providers = plan.get("configuration", {}).get("provider_config", {})
    config = providers.get(key) or providers.get(key.split(":", 1)[-1], {})
    region = config.get("expressions", {}).get("region", {})
    return region.get("constant_value", region.get("references"))


def read_plan(path: str) -> Plan:
    with open(path, encoding="utf-8") as handle:
        return read_plan_document(json.load(handle), os.path.basename(path))


def read_plan_document(plan: dict, name: str) -> Plan:
    problems: list[str] = []
    if not str(plan.get("format_version", "")).startswith("1."):
        problems.append(f"{name}: plan format {plan.get('format_version')!r}, this reads 1.x")
    root = plan.get("configuration", {}).get("root_module", {})
    provider_keys = {address: r.get("provider_config_key", "") for address, r in _module_resources(root, "")}

    resources: dict[str, dict] = {}
    for change in plan.get("resource_changes", []):
        address = change["address"]
        key = flat_address(address)
        if key in resources:
            problems.append(f"{name}: two resources plan as {key}")
            continue
        config_address = re.sub(r"\[[^\]]*\]$", "", address)
        body = change["change"]
        resources[key] = {
            "mode": change.get("mode"),
            "type": change.get("type"),
            "provider_name": change.get("provider_name"),
            "region": _region_of(plan, config_address, provider_keys),
            "actions": body.get("actions"),
            "after": decoded(body.get("after")),
            "after_unknown": body.get("after_unknown"),
            "after_sensitive": body.get("after_sensitive"),
        }
    data_reads: dict[str, dict] = {}
    for resource in _state_resources(plan.get("prior_state", {}).get("values", {}).get("root_module", {})):
        if resource.get("mode") == "data":
            data_reads[flat_address(resource["address"])] = {
                "type": resource.get("type"),
                "provider_name": resource.get("provider_name"),
                "values": decoded(resource.get("values")),
                "sensitive_values": resource.get("sensitive_values"),
            }
    outputs = {f"output.{key}": {"actions": c.get("actions"), "after": decoded(c.get("after")),
                     "after_unknown": c.get("after_unknown"), "after_sensitive": c.get("after_sensitive")}
               for key, c in (plan.get("output_changes") or {}).items()}
    return Plan(name, resources, data_reads, outputs, problems)


def differences(reference: Plan, other: Plan) -> list[tuple[str, str]]:
    """(address, what) for everything that differs between two plans."""
    found: list[tuple[str, str]] = [("", p) for p in reference.problems + other.problems]
    for kind, left, right in (("resource", reference.resources, other.resources),
                              ("data read", reference.data_reads, other.data_reads),
                              ("output", reference.outputs, other.outputs)):
        for address in sorted(set(left) | set(right)):
            if address not in right:
                found.append((address, f"{kind} planned only in {reference.name}"))
            elif address not in left:
                found.append((address, f"{kind} planned only in {other.name}"))
            else:
                difference = first_difference(left[address], right[address])
                if difference:
                    found.append((address, difference))
    return found


def load_waivers(path: str | None) -> list[dict]:
    if not path:
        return []
    with open(path, encoding="utf-8") as handle:
        waivers = json.load(handle)
    for waiver in waivers:
        if not str(waiver.get("reason", "")).strip():
            raise ValueError(f"{path}: the waiver {json.dumps(waiver)} has no reason")
    return waivers


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waivers", help="JSON list of accepted differences, each with a reason")
    parser.add_argument("reference")
    parser.add_argument("others", nargs="+")
    args = parser.parse_args(argv)
    waivers = load_waivers(args.waivers)
    reference = read_plan(args.reference)
    failed = 0
    if not reference.resources:
        print(f"  {reference.name} plans no resource: nothing would be compared")
        failed += 1
    for path in args.others:
        other = read_plan(path)
        for address, what in differences(reference, other):
            waiver = next((w for w in waivers if w.get("plan") == other.name and w.get("address") == address
                           and w.get("what") == what), None)
            if waiver:
                print(f"  waived {other.name} {address}: {what} ({waiver['reason']})")
            else:
                print(f"  {other.name} {address}: {what}")
                failed += 1
    counts = f"{len(reference.resources)} resources, {len(reference.data_reads)} data reads, {len(reference.outputs)} outputs"
    names = ", ".join(os.path.basename(p) for p in args.others)
    if failed:
        print(f"FAIL {failed} differences between {reference.name} and {names} ({counts})")
        return 1
    print(f"PASS {names} plan the same as {reference.name} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
