"""`rdha plan-check` on plans made against the deployed stack (run by tests/e2e/run.sh
through test_deployed_stack.py, class PlanGate, after the apply and before the drill).

Each test synthesises the stack with a changed spec, plans it against the applied state
(`terraform plan -refresh=false`, so only the configuration differs; the providers and the
emulator override of the work dir are reused through TF_DATA_DIR and a copy of the state),
and runs `rdha plan-check --format json` on `terraform show -json` of that plan:

  another kms_key_id on the primary             replaces the primary          exit 1, RDHA-PLAN-001
  a renamed primary (its identifier)            changes its endpoint          exit 1, RDHA-PLAN-003
  a new instance class                          downtime in the window        exit 1, RDHA-PLAN-002
  the DR replica turned off                      weaker posture                exit 1, RDHA-PLAN-004
  a new tag on every resource                   nothing to review             exit 0

The work dir itself is not changed: each plan runs in RDHA_E2E_WORKDIR/../plan-gate.
Environment: that of test_deployed_stack.py (RDHA_E2E_WORKDIR, RDHA_E2E_CONFIG, RDHA_E2E_SPEC,
RDHA_E2E_RDHA).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import unittest
from pathlib import Path
from typing import Any

OVERRIDE = "emulator_override.tf.json"


def merge(base: Any, patch: Any) -> Any:
    """JSON Merge Patch (RFC 7396), as rdha reads configs."""
    if not isinstance(patch, dict):
        return patch
    out = dict(base) if isinstance(base, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out


class GatePlans:
    """Synthesises changed specs and plans them against the deployed state."""

    def __init__(self) -> None:
        self.work = Path(os.environ["RDHA_E2E_WORKDIR"]).resolve()
        self.rdha = os.environ["RDHA_E2E_RDHA"]
        with open(os.environ["RDHA_E2E_CONFIG"], encoding="utf-8") as handle:
            self.config = json.load(handle)
        self.dir = self.work.parent / "plan-gate"
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir()
        for name in (".terraform.lock.hcl", OVERRIDE, "terraform.tfstate"):
            shutil.copy2(self.work / name, self.dir / name)
        # The work dir's providers and backend settings; the state is the copy beside.
        self.env = dict(os.environ, TF_DATA_DIR=str(self.work / ".terraform"))

    def _run(self, log: str, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(args, capture_output=True, text=True, env=self.env, timeout=900)
        (self.dir / log).write_text(result.stdout + result.stderr, encoding="utf-8")
        return result

    def synth(self, name: str, patch: dict[str, Any]) -> Path:
        config = self.dir / f"{name}.config.json"
        config.write_text(json.dumps(merge(self.config, patch)), encoding="utf-8")
        src = self.dir / f"{name}.src"
        result = self._run(f"{name}.synth.log", self.rdha, "synth", "--config", str(config), "--out", str(src))
        if result.returncode != 0:
            raise AssertionError(f"rdha synth failed: {result.stderr}")
        return src

    def plan(self, name: str, src: Path) -> tuple[dict[str, Any], int, dict[str, Any]]:
        """(plan JSON, plan-check exit code, plan-check JSON report) of src planned against the state."""
        for old in glob.glob(str(self.dir / "*.tf.json")):
            if not old.endswith(OVERRIDE):
                os.remove(old)
        for new in glob.glob(str(src / "*.tf.json")):
            shutil.copy2(new, self.dir)
        tf = ("terraform", f"-chdir={self.dir}")
        result = self._run(f"{name}.plan.log", *tf, "plan", "-input=false", "-no-color", "-lock=false",
                           "-refresh=false", "-parallelism=10", f"-out={name}.bin")
        if result.returncode != 0:
            raise AssertionError(f"terraform plan failed (see {self.dir / (name + '.plan.log')})")
        shown = self._run(f"{name}.show.log", *tf, "show", "-json", f"{name}.bin")
        plan_json = self.dir / f"{name}.json"
        plan_json.write_text(shown.stdout, encoding="utf-8")
        gate = self._run(f"{name}.gate.log", self.rdha, "plan-check", "--format", "json", str(plan_json))
        if gate.returncode not in (0, 1):
            raise AssertionError(f"rdha plan-check exit {gate.returncode}: {gate.stderr}")
        return json.loads(shown.stdout), gate.returncode, json.loads(gate.stdout)


def set_on_primary(src: Path, argument: str, value: Any) -> Any:
    """Sets one argument of aws_db_instance.primary in the synthesised files, as a reviewer
    would see a hand edit or another tool's change; returns the old value. (The spec names
    the primary from the stack's suffix, which would rename everything, and a spec change of
    kms_mode to aws_managed only drops kms_key_id, which the provider keeps: no change.)"""
    for path in glob.glob(str(src / "*.tf.json")):
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        blocks = document.get("resource", [])
        for block in blocks if isinstance(blocks, list) else [blocks]:
            primary = block.get("aws_db_instance", {}).get("primary")
            if primary is not None:
                old = primary.get(argument)
                primary[argument] = value
                with open(path, "w", encoding="utf-8") as handle:
                    json.dump(document, handle, indent=2)
                return old
    raise AssertionError(f"aws_db_instance.primary not found in {src}")


def findings(report: dict[str, Any], rule_id: str, address: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule_id"] == rule_id and f["address"] == address]


def change_of(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return next(c["change"] for c in plan.get("resource_changes", []) if c["address"] == address)


class PlanGate(unittest.TestCase):
    gate: GatePlans

    @classmethod
    def setUpClass(cls) -> None:
        cls.gate = GatePlans()

    def test_changed_kms_key_id_replaces_the_primary_and_blocks(self) -> None:
        src = self.gate.synth("kms", {})
        set_on_primary(src, "kms_key_id", "arn:aws:kms:us-east-1:123456789012:key/0b0e3a3e-0000-4000-8000-000000000001")
        plan, code, report = self.gate.plan("kms", src)
        self.assertEqual(change_of(plan, "aws_db_instance.primary")["actions"], ["delete", "create"])
        self.assertEqual(code, 1, report["summary"])
        (replaced,) = findings(report, "RDHA-PLAN-001", "aws_db_instance.primary")
        self.assertIn("kms_key_id", replaced["detail"])

    def test_renamed_primary_changes_its_endpoint_and_blocks(self) -> None:
        src = self.gate.synth("rename", {})
        old = set_on_primary(src, "identifier", "primary-renamed-rdha")
        plan, code, report = self.gate.plan("rename", src)
        self.assertEqual(change_of(plan, "aws_db_instance.primary")["actions"], ["update"])
        self.assertEqual(code, 1, report["summary"])
        (endpoint,) = findings(report, "RDHA-PLAN-003", "aws_db_instance.primary")
        self.assertEqual(endpoint["summary"],
                         f"Endpoint changes: identifier {old} → primary-renamed-rdha (renamed in place, with downtime).")
        self.assertEqual(findings(report, "RDHA-PLAN-002", "aws_db_instance.primary"), [])  # one change, one finding

    def test_new_instance_class_is_downtime_in_the_maintenance_window(self) -> None:
        plan, code, report = self.gate.plan(
            "class", self.gate.synth("class", {"database": {"instance_class": "db.r6g.xlarge"}}))
        self.assertEqual(code, 1, report["summary"])
        (downtime,) = findings(report, "RDHA-PLAN-002", "aws_db_instance.primary")
        self.assertTrue(downtime["summary"].startswith("instance_class db.r6g.large → db.r6g.xlarge"), downtime)
        window = change_of(plan, "aws_db_instance.primary")["after"]["maintenance_window"]
        self.assertTrue(downtime["detail"].startswith(
            f"Takes effect in the maintenance window {window} (UTC) after the apply (apply_immediately = false)."),
            downtime["detail"])

    def test_deleted_replica_weakens_the_posture_and_blocks(self) -> None:
        # The DR replica: a read replica of the primary region cannot go alone (the spec
        # keeps readers in at least two AZs, and each reader is referenced by its record,
        # check and alarm).
        plan, code, report = self.gate.plan(
            "replica", self.gate.synth("replica", {"database": {"dr_replica": {"enabled": False}}}))
        self.assertEqual(change_of(plan, "aws_db_instance.dr_replica")["actions"], ["delete"])
        self.assertEqual(code, 1, report["summary"])
        (removed,) = findings(report, "RDHA-PLAN-004", "aws_db_instance.dr_replica")
        self.assertEqual(removed["summary"], "The cross-region DR replica is removed.")

    def test_tag_change_is_clean(self) -> None:
        plan, code, report = self.gate.plan("tags", self.gate.synth("tags", {"tags": {"CostCenter": "db-42"}}))
        self.assertIn(["update"], [c["change"]["actions"] for c in plan["resource_changes"]])
        self.assertEqual(code, 0, report["findings"])
        self.assertEqual(report["findings"], [])


if __name__ == "__main__":
    unittest.main()
