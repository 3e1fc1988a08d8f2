"""Runs the cutover runbook of `rdha migrate` (method snapshot) against the emulator, step by
step, as far as the emulator allows:

    RDHA_BUILD_DIR=build python3 -m unittest tests/e2e/test_migration_runbook.py

A legacy single-AZ, unencrypted PostgreSQL 16.4 instance is made with boto3 (legacy_source.py,
no snapshot: the runbook takes it), then `rdha migrate --config ... --format json` gives the
steps, and each executed step's lines run in order: AWS CLI lines through botocore as the CLI
would call them (drill.py's translator, shell variables included), `rdha synth` and
`terraform plan|apply` for real against the emulator (`-auto-approve`, `-input=false` and
the emulator's endpoint override added). The copy phase's apply is the whole stack without
its database (network, keys, monitoring, the copy). The upgrade step runs on the encrypted
copy: 16.4 → the newest 17 the emulator's catalogue offers; then Terraform must plan no
change.

Not run here, and why: the write freeze and the SQL checks (no PostgreSQL behind the
emulator); the restore-phase apply and its verification (tests/e2e/run.sh's `random` flow
applies a restore and verifies it, SnapshotMigration); the applications' switch (nothing to
switch); the done phase (needs the restored primary). The emulator's DescribeDBEngineVersions
answers from a small fixed catalogue (moto_server.py), not AWS's list.
Skipped, with the reason, when terraform, the rdha binary or the plugin dir is missing.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import drill  # noqa: E402
import legacy_source  # noqa: E402
from test_moto_patches import _Server, client  # noqa: E402  (the launcher as a child process)
import test_moto_patches  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RDHA = Path(os.environ.get("RDHA_BIN") or Path(os.environ.get("RDHA_BUILD_DIR", ROOT / "build")) / "rdha")
SOURCE_VERSION = "16.4"
# Steps executed here; the others are listed with the reason (the module docstring).
EXECUTED = ("preconditions", "warm-up-snapshot", "final-snapshot", "apply-copy", "upgrade-copy")
TERRAFORM_ENV = {"CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": os.devnull, "TF_IN_AUTOMATION": "1",
                 "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true"}


class MigrationRunbook(unittest.TestCase):
    """The snapshot method's runbook, executed against the emulator."""

    @classmethod
    def setUpClass(cls) -> None:
        if shutil.which("terraform") is None:
            raise unittest.SkipTest("terraform not found")
        if not RDHA.exists():
            raise unittest.SkipTest(f"{RDHA} not built")
        found = subprocess.run(["bash", str(ROOT / "tools/plugin_dir.sh")], capture_output=True, text=True)
        if found.returncode != 0:
            raise unittest.SkipTest(f"no offline plugin dir: {found.stderr.strip()}")
        cls.plugin_dir = found.stdout.strip()
        cls.scratch = tempfile.TemporaryDirectory(prefix="rdha-migrate-")
        cls.work = Path(cls.scratch.name)
        cls.server = _Server()
        test_moto_patches._server = cls.server  # client() talks to this launcher
        cls.endpoint = f"http://127.0.0.1:{cls.server.port}"
        cls.config = cls.work / "stack.json"
        cls.config.write_text(json.dumps({"database": {"deletion_protection": False, "skip_final_snapshot": True}}))
        cls.source = legacy_source.create(cls.endpoint, str(cls.config), engine_version=SOURCE_VERSION, phase="copy",
                                          take_snapshot=False)
        report = subprocess.run([str(RDHA), "migrate", "--config", str(cls.config), "--format", "json"],
                                capture_output=True, text=True, check=True)
        cls.steps = json.loads(report.stdout)["steps"]
        cls.outcomes: dict[str, list[drill.CommandOutcome]] = {}
        cls.log: list[str] = []
        try:
            for step in cls.steps:
                if step["id"] in EXECUTED:
                    cls.outcomes[step["id"]] = cls._run_step(step)
                else:
                    cls.log.append(f"[not run] {step['number']}. {step['id']}")
            # Terraform after the upgrade outside it: the copy's engine_version is computed only,
            # so a plan must change nothing (a replaced copy would lose the upgrade).
            cls.replan = subprocess.run(["terraform", f"-chdir={cls.work / 'terraform_out'}", "plan", "-input=false",
                                         "-no-color", "-detailed-exitcode", "-parallelism=10"],
                                        capture_output=True, text=True, env={**os.environ, **TERRAFORM_ENV})
        finally:
            print("\n".join(cls.log), file=sys.stderr)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()
        test_moto_patches._server = None
        cls.scratch.cleanup()

    # -- running one step --

    @classmethod
    def _session_client(cls, service: str, region: str | None) -> Any:
        return client(service, region or legacy_source.REGION)

    @classmethod
    def _terraform_dir(cls, words: list[str]) -> tuple[list[str], Path | None]:
        """The runbook's `terraform_out` mapped into the scratch dir."""
        mapped, directory = [], None
        for word in words:
            if word.startswith("-chdir="):
                directory = cls.work / word.split("=", 1)[1]
                word = f"-chdir={directory}"
            elif word == "terraform_out":
                word = str(cls.work / word)
            mapped.append(word)
        return mapped, directory

    @classmethod
    def _run_tool_line(cls, line: str) -> drill.CommandOutcome:
        words, directory = cls._terraform_dir(shlex.split(line))
        env = {**os.environ, **TERRAFORM_ENV}
        if words[0] == "rdha":
            words[0] = str(RDHA)
        elif words[0] == "terraform" and directory is not None:
            verb = words[2]
            if not (directory / ".terraform").exists():
                cls._init(directory)
            words[3:3] = ["-input=false", "-no-color", "-parallelism=10"] + (["-auto-approve"] if verb == "apply" else [])
        else:
            return drill.CommandOutcome("", "recover", line, "skipped", "not rdha or terraform on terraform_out")
        try:
            done = subprocess.run(words, capture_output=True, text=True, env=env, timeout=1200)
        except subprocess.TimeoutExpired as expired:
            return drill.CommandOutcome("", "recover", line, "failed", f"timed out after {expired.timeout} s")
        status = "ok" if done.returncode == 0 else "failed"
        return drill.CommandOutcome("", "recover", line, status, (done.stdout + done.stderr)[-2000:])

    @classmethod
    def _init(cls, directory: Path) -> None:
        override = [sys.executable, str(HERE / "tf_override.py"), "--dir", str(directory), "--endpoint", cls.endpoint]
        env = {**os.environ, **TERRAFORM_ENV}
        subprocess.run(override + ["--backend-only"], check=True, env=env)
        subprocess.run(["terraform", f"-chdir={directory}", "init", "-input=false", "-no-color",
                        f"-plugin-dir={cls.plugin_dir}"], check=True, capture_output=True, env=env)
        subprocess.run(override, check=True, env=env)

    @classmethod
    def _run_step(cls, step: dict[str, Any]) -> list[drill.CommandOutcome]:
        outcomes: list[drill.CommandOutcome] = []
        pending: list[str] = []  # AWS CLI lines run together, so shell variables carry over

        def flush() -> None:
            if pending:
                run = drill.run_runbook([{"id": step["id"], "phase": "recover", "region": step.get("region"),
                                          "commands": list(pending)}], cls._session_client, None, "rdha migrate")
                outcomes.extend(run.outcomes)
                pending.clear()

        for command in step["commands"]:
            if command["kind"] == "aws-cli":
                pending.append(command["line"])
                continue
            flush()
            outcomes.append(cls._run_tool_line(command["line"]))
        flush()
        for outcome in outcomes:
            cls.log.append(f"[{outcome.status}] {step['number']}. {step['id']}: {outcome.line[:160]}"
                           + (f" ({outcome.detail[:300]})" if outcome.status != "ok" else ""))
        return outcomes

    # -- the tests --

    def _rds(self) -> Any:
        return client("rds", legacy_source.REGION)

    def _snapshot(self, identifier: str) -> dict[str, Any]:
        return self._rds().describe_db_snapshots(DBSnapshotIdentifier=identifier)["DBSnapshots"][0]

    def _state(self) -> dict[str, Any]:
        return json.loads((self.work / "terraform_out" / "terraform.tfstate").read_text())

    def _state_attrs(self, rtype: str, name: str) -> dict[str, Any]:
        for resource in self._state()["resources"]:
            if resource["type"] == rtype and resource["name"] == name and resource["mode"] == "managed":
                return resource["instances"][0]["attributes"]
        raise AssertionError(f"{rtype}.{name} is not in the state")

    def test_every_executed_line_succeeds(self) -> None:
        for step_id in EXECUTED:
            self.assertIn(step_id, self.outcomes, f"the runbook has no step {step_id}")
            for outcome in self.outcomes[step_id]:
                self.assertEqual(outcome.status, "ok", f"{step_id}: {outcome.line}\n{outcome.detail}")

    def test_the_steps_not_run_are_the_ones_the_emulator_cannot_carry(self) -> None:
        self.assertEqual([s["id"] for s in self.steps if s["id"] not in EXECUTED],
                         ["write-freeze", "apply-restore", "verify", "switch-applications", "apply-done"])

    def test_the_snapshots_are_of_the_unencrypted_source(self) -> None:
        for step_id in ("warm-up-snapshot", "final-snapshot"):
            created = next(o.response for o in self.outcomes[step_id] if "create-db-snapshot" in o.line)
            snapshot = self._snapshot(created["DBSnapshot"]["DBSnapshotIdentifier"])
            self.assertEqual(snapshot["DBInstanceIdentifier"], legacy_source.IDENTIFIER)
            self.assertFalse(snapshot["Encrypted"])
            self.assertEqual(snapshot["Status"], "available")

    def test_the_copy_phase_apply_made_the_copy_and_no_database(self) -> None:
        types = {r["type"] for r in self._state()["resources"] if r["mode"] == "managed"}
        self.assertIn("aws_db_snapshot_copy", types)
        self.assertIn("aws_kms_key", types)
        self.assertNotIn("aws_db_instance", types)
        self.assertEqual(self._rds().describe_db_instances()["DBInstances"][0]["DBInstanceIdentifier"],
                         legacy_source.IDENTIFIER)  # the source is the only instance

    def test_the_copy_is_encrypted_with_the_stack_key(self) -> None:
        copy = self._state_attrs("aws_db_snapshot_copy", "migration")
        snapshot = self._snapshot(copy["target_db_snapshot_identifier"])
        self.assertTrue(snapshot["Encrypted"])
        self.assertEqual(snapshot["KmsKeyId"], self._state_attrs("aws_kms_key", "primary")["arn"])
        self.assertEqual(snapshot["DBInstanceIdentifier"], legacy_source.IDENTIFIER)

    def test_the_upgrade_step_moves_the_copy_to_the_newest_17(self) -> None:
        variables = {o.detail.split("=", 1)[0]: o.detail.split("=", 1)[1]
                     for o in self.outcomes["upgrade-copy"] if o.status == "ok" and "=" in o.detail}
        self.assertEqual(variables.get("SNAPSHOT_VERSION"), SOURCE_VERSION)
        self.assertEqual(variables.get("TARGET"), "17.4")
        copy = self._state_attrs("aws_db_snapshot_copy", "migration")
        self.assertEqual(self._snapshot(copy["target_db_snapshot_identifier"])["EngineVersion"], "17.4")

    def test_terraform_plans_no_change_after_the_upgrade(self) -> None:
        self.assertEqual(self.replan.returncode, 0, self.replan.stdout[-3000:] + self.replan.stderr[-2000:])

    def test_the_source_is_left_as_it_was(self) -> None:
        source = self._rds().describe_db_instances(DBInstanceIdentifier=legacy_source.IDENTIFIER)["DBInstances"][0]
        self.assertEqual(source["EngineVersion"], SOURCE_VERSION)
        self.assertFalse(source["StorageEncrypted"])
        self.assertFalse(source["MultiAZ"])


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    print(f"{result.testsRun - len(result.failures) - len(result.errors)} passed, "
          f"{len(result.failures) + len(result.errors)} failed")
    sys.exit(0 if result.wasSuccessful() else 1)
