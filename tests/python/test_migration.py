"""The spec's migration section from Python: off by default, its enums, its errors naming the
field, and migration_runbook() giving what `rdha migrate --format json` prints."""

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest

import rdha

SOURCE = {
    "enabled": True,
    "source_identifier": "legacy-db",
    "region": "us-east-1",
    "vpc_id": "vpc-0123456789abcdef0",
    "vpc_cidr": "172.31.0.0/16",
    "security_group_id": "sg-0123456789abcdef0",
    "engine_version": "13.15",
    "size_gib": 100,
}


def test_off_by_default_with_the_snapshot_method_and_copy_phase():
    migration = rdha.HaStackSpec().migration
    assert migration.enabled is False
    assert migration.method == rdha.MigrationMethod.snapshot
    assert migration.phase == rdha.MigrationPhase.copy
    assert list(rdha.MigrationPhase.__members__) == ["copy", "restore", "done", "replicate"]
    assert list(rdha.MigrationMethod.__members__) == ["snapshot", "replication"]


def test_overlapping_source_cidr_names_the_field_and_value():
    with pytest.raises(rdha.SpecError) as raised:
        rdha.HaStackSpec.from_dict({"migration": {**SOURCE, "vpc_cidr": "10.0.0.0/16"}})
    assert "migration.vpc_cidr" in str(raised.value)
    assert '"10.0.0.0/16"' in str(raised.value)


def test_runbook_is_the_clis_json(tmp_path: pathlib.Path, cli: pathlib.Path):
    config = tmp_path / "stack.json"
    config.write_text(json.dumps({"migration": SOURCE}))
    spec = rdha.HaStackSpec.from_dict({"migration": SOURCE})
    runbook = rdha.migration_runbook(spec, str(config))
    printed = json.loads(subprocess.run([str(cli), "migrate", "--format", "json", "--config", str(config)],
                                        capture_output=True, text=True, check=True, timeout=60).stdout)
    assert {key: printed[key] for key in runbook} == runbook
    kinds = {command["kind"] for step in runbook["steps"] for command in step["commands"]}
    assert kinds == {"aws-cli", "sql", "terraform", "rdha"}


def test_runbook_without_a_migration_raises():
    with pytest.raises(rdha.SpecError):
        rdha.migration_runbook(rdha.HaStackSpec())


REPLICATION = {
    **SOURCE,
    "method": "replication",
    "phase": "replicate",
    "source_route_table_ids": ["rtb-0123456789abcdef0"],
    "source_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db-AbCdEf",
    "database_name": "legacy",
}


def test_replication_runbook_is_the_clis_json(tmp_path: pathlib.Path, cli: pathlib.Path):
    config = tmp_path / "stack.json"
    config.write_text(json.dumps({"migration": REPLICATION}))
    spec = rdha.HaStackSpec.from_dict({"migration": REPLICATION})
    runbook = rdha.migration_runbook(spec, str(config))
    printed = json.loads(subprocess.run([str(cli), "migrate", "--format", "json", "--config", str(config)],
                                        capture_output=True, text=True, check=True, timeout=60).stdout)
    assert {key: printed[key] for key in runbook} == runbook
    assert runbook["method"] == "replication"
    kinds = {command["kind"] for step in runbook["steps"] for command in step["commands"]}
    assert kinds == {"aws-cli", "sql", "terraform", "rdha", "tool"}


def test_replication_source_in_another_region_names_the_field_and_value():
    with pytest.raises(rdha.SpecError) as raised:
        rdha.HaStackSpec.from_dict({"migration": {**REPLICATION, "region": "eu-west-1"}})
    assert "migration.region" in str(raised.value)
    assert '"eu-west-1"' in str(raised.value)
