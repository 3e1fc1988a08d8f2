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


def test_copy_phase_has_the_copy_and_no_database_yet():
    spec = rdha.HaStackSpec.from_dict({"migration": SOURCE})
    parts = rdha.build_ha_stack_parts(spec)
    assert parts.database is None and parts.failover is None
    assert str(parts.migration_copy) == "aws_db_snapshot_copy.migration"
    assert not [h for h in parts.stack.resources() if h.node().type == "aws_db_instance"]
    assert parts.monitoring.alarms == []
    assert "primary_endpoint" not in parts.stack.outputs()


def test_restore_phase_restores_the_modules_primary_from_the_given_copy():
    spec = rdha.HaStackSpec.from_dict({"migration": {**SOURCE, "phase": "restore"}})
    parts = rdha.build_ha_stack_parts(spec)
    assert parts.database is not None
    assert parts.database.primary.get("snapshot_identifier") == \
        "${aws_db_snapshot_copy.migration.target_db_snapshot_identifier}"
    stack = rdha.Stack()
    providers = rdha.add_providers(stack, spec)
    kms = rdha.build_kms(stack, spec, providers)
    primary_network = rdha.build_network(stack, spec, providers.primary, kms.primary_arn)
    dr_network = rdha.build_network(stack, spec, providers.dr, kms.dr_arn)
    secret = rdha.build_secrets(stack, spec, providers, kms)
    primary_security = rdha.build_security_groups(stack, spec, primary_network, dr_network)
    dr_security = rdha.build_security_groups(stack, spec, dr_network, primary_network)
    iam = rdha.build_iam(stack, spec, providers, kms)
    modules = (stack, spec, providers, primary_network, dr_network, primary_security, dr_security, kms, secret, iam)
    with pytest.raises(rdha.SpecError, match=r"migration\.phase"):
        rdha.build_database(*modules)
    copy = rdha.add_migration_copy(stack, spec, providers, kms)
    assert copy is not None
    database = rdha.build_database(*modules, migration_copy=copy)
    assert database.primary.get("snapshot_identifier") == \
        "${aws_db_snapshot_copy.migration.target_db_snapshot_identifier}"


def test_a_drill_of_the_copy_phase_says_there_is_no_database(tmp_path: pathlib.Path, cli: pathlib.Path):
    stack = rdha.build_ha_stack(rdha.HaStackSpec.from_dict({"migration": SOURCE}))
    with pytest.raises(rdha.SpecError, match="has no aws_db_instance"):
        stack.drill(fail="region:us-east-1")
    config = tmp_path / "stack.json"
    config.write_text(json.dumps({"migration": SOURCE}))
    result = subprocess.run([str(cli), "drill", "--fail", "region:us-east-1", "--config", str(config)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert "the stack has no database yet in phase copy" in result.stderr


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
