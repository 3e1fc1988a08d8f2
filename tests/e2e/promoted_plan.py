#!/usr/bin/env python3
"""Checks the plan of the `failover.state = "dr_promoted"` configuration, made after the
region drill with the primary region and Route 53's control plane dark
(`terraform plan -refresh=false`, run.sh step 6b).

What must hold (docs/failover.md, "Terraform after a region failover"):
- the promoted DR instance is adopted (imported) at aws_db_instance.dr_writer, and is
  neither destroyed nor replaced;
- the lost region's DB instances, the old DR replica address and the backups replication
  are forgotten (removed blocks), not destroyed;
- nothing of the primary region's provider is created, changed or destroyed: applying the
  plan must not need the lost region.

Usage: promoted_plan.py PLAN_JSON STATE (the terraform.tfstate the plan started from). Prints one line per finding; exit 1 when any, else 0
with a summary line.
"""

from __future__ import annotations

import json
import sys
from typing import Any

PROMOTED = "aws_db_instance.dr_writer"
FORGOTTEN = ("aws_db_instance.primary", "aws_db_instance.dr_replica")


def provider_keys(plan: dict[str, Any], state: dict[str, Any]) -> dict[str, str]:
    """Resource address → provider configuration key ("aws", "aws.dr"): from the state the
    plan started from (resources the configuration no longer has), then the configuration."""
    keys = {}
    for resource in state.get("resources", []):
        if resource.get("mode") == "managed":
            alias = resource["provider"].rsplit("]", 1)[1]  # 'provider["…/aws"].dr' → '.dr'
            keys[f"{resource['type']}.{resource['name']}"] = "aws" + alias
    for resource in plan.get("configuration", {}).get("root_module", {}).get("resources", []):
        keys[resource["address"]] = resource.get("provider_config_key", "aws")
    return keys


def findings(plan: dict[str, Any], state: dict[str, Any]) -> tuple[list[str], str]:
    keys = provider_keys(plan, state)
    changes = {c["address"]: c for c in plan.get("resource_changes", [])}
    out: list[str] = []

    promoted = changes.get(PROMOTED)
    if promoted is None:
        out.append(f"{PROMOTED} is not in the plan")
    else:
        actions = promoted["change"]["actions"]
        if "delete" in actions:
            out.append(f"{PROMOTED} would be destroyed or replaced: {actions}")
        if "importing" not in promoted["change"] and actions != ["no-op"]:
            out.append(f"{PROMOTED} is not imported (actions {actions})")

    forgotten: list[str] = []
    for address in FORGOTTEN:
        change = changes.get(address)
        if change is None:
            out.append(f"{address} is not in the plan (expected: forgotten)")
        elif change["change"]["actions"] != ["forget"]:
            out.append(f"{address}: {change['change']['actions']}, expected forget")
        else:
            forgotten.append(address)

    lost_region_changes = [
        f"{address}: {change['change']['actions']}"
        for address, change in sorted(changes.items())
        if keys.get(address.split("[")[0], "aws") == "aws"
        and change["change"]["actions"] not in (["no-op"], ["forget"], ["read"])
    ]
    out += [f"the lost region would be changed: {line}" for line in lost_region_changes]

    counts: dict[str, int] = {}
    for change in changes.values():
        key = "+".join(change["change"]["actions"])
        counts[key] = counts.get(key, 0) + 1
    summary = ", ".join(f"{n} {action}" for action, n in sorted(counts.items()))
    return out, f"{PROMOTED} imported; forgotten: {len(forgotten)} of {len(FORGOTTEN)} named; plan: {summary}"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        plan = json.load(handle)
    with open(argv[2], encoding="utf-8") as handle:
        state = json.load(handle)
    problems, summary = findings(plan, state)
    for line in problems:
        print(line)
    if problems:
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
