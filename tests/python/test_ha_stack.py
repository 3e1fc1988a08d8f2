"""The HA stack from Python: byte parity with the CLI, the module handles, and a stack
composed from the modules (three replicas in three AZs, no DR replica) that real
`terraform validate` accepts."""

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest

import rdha


def test_default_stack_is_byte_identical_to_the_cli(cli: pathlib.Path, tmp_path: pathlib.Path):
    python_dir, cli_dir = tmp_path / "python", tmp_path / "cli"
    written = rdha.build_ha_stack(rdha.HaStackSpec()).synth(python_dir)
    result = subprocess.run([str(cli), "synth", "--out", str(cli_dir)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    cli_files = sorted(p.name for p in cli_dir.glob("*.tf.json"))
    assert sorted(written) == cli_files
    for name in [*cli_files, ".rdha-manifest.json"]:
        assert (python_dir / name).read_bytes() == (cli_dir / name).read_bytes(), name


def test_synth_without_sync_writes_the_same_files_as_the_cli_with_no_sync(cli: pathlib.Path, tmp_path: pathlib.Path):
    python_dir, cli_dir = tmp_path / "python", tmp_path / "cli"
    written = rdha.build_ha_stack(rdha.HaStackSpec()).synth(python_dir, sync=False)
    result = subprocess.run([str(cli), "synth", "--no-sync", "--out", str(cli_dir)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(written) == sorted(p.name for p in cli_dir.glob("*.tf.json"))
    for path in sorted(cli_dir.iterdir()):
        assert (python_dir / path.name).read_bytes() == path.read_bytes(), path.name


def test_config_from_python_matches_the_cli_with_the_same_config(
    root: pathlib.Path, cli: pathlib.Path, tmp_path: pathlib.Path
):
    config = json.loads((root / "tests" / "spec_corpus" / "from_tests" / "python-ha-stack-parity.json").read_text())
    spec = rdha.HaStackSpec.from_dict(config)
    (tmp_path / "config.json").write_text(spec.to_json())
    rdha.build_ha_stack(spec).synth(tmp_path / "python")
    result = subprocess.run(
        [str(cli), "synth", "--config", str(tmp_path / "config.json"), "--out", str(tmp_path / "cli")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for path in sorted((tmp_path / "cli").iterdir()):
        assert (tmp_path / "python" / path.name).read_bytes() == path.read_bytes(), path.name


def test_parts_expose_the_handles_of_every_module():
    parts = rdha.build_ha_stack_parts(rdha.HaStackSpec())
    stack = parts.stack
    assert str(parts.database.primary) == "aws_db_instance.primary"
    assert [str(r) for r in parts.database.replicas] == ["aws_db_instance.replica_1", "aws_db_instance.replica_2"]
    assert str(parts.database.dr_replica) == "aws_db_instance.dr_replica"
    assert parts.database.primary.node().role == rdha.DbRole.writer
    assert [str(g) for g in parts.database.log_groups][:2] == [
        "aws_cloudwatch_log_group.primary_postgresql", "aws_cloudwatch_log_group.primary_upgrade"]
    assert len(parts.database.log_groups) == 8
    assert str(parts.database.master_secret_value) == "aws_secretsmanager_secret_version.db_master_password"
    assert parts.providers.primary.key == "primary"
    assert parts.providers.dr.spec.name == "us-west-2"
    assert str(parts.providers.dr.provider) == "aws.dr"
    assert str(parts.primary_network.vpc) == "aws_vpc.primary"
    assert len(parts.primary_network.private_subnets) == 2
    assert parts.kms.customer_managed and parts.kms.primary_arn is not None
    assert parts.secret.source == rdha.PasswordSource.random
    assert all(str(h) in stack for h in parts.monitoring.alarms)
    assert "primary_endpoint" in stack.outputs()
    del stack
    assert parts.database.primary.endpoint.text == "aws_db_instance.primary.endpoint"


def test_a_stack_without_its_dr_region_has_no_dr_parts_and_no_dr_blocks():
    spec = rdha.HaStackSpec()
    spec.regions.dr.enabled = False
    spec.database.dr_replica.enabled = False
    spec.database.automated_backups_replication = False
    parts = rdha.build_ha_stack_parts(spec)
    assert parts.providers.dr is None
    assert parts.dr_network is None and parts.peering is None and parts.dr_security is None
    assert parts.database.dr_region is None and parts.monitoring.dr_topic is None
    assert parts.kms.dr_arn is None
    assert {h.node().region for h in parts.stack.resources()} == {"us-east-1"}
    assert parts.stack.find_provider("aws.dr") is None
    spec.database.dr_replica.enabled = True
    with pytest.raises(rdha.SpecError) as raised:
        rdha.build_ha_stack_parts(spec)
    assert [p.subject for p in raised.value.problems] == ["database.dr_replica.enabled"]


def test_failover_part_exposes_the_writer_pair_and_the_reader_checks():
    f = rdha.build_ha_stack_parts(rdha.HaStackSpec()).failover
    assert str(f.writer) == "aws_route53_record.writer"
    assert str(f.writer_dr) == "aws_route53_record.writer_dr"
    assert str(f.writer_alarm) == "aws_cloudwatch_metric_alarm.writer_failover"
    assert str(f.writer_health_check) == "aws_route53_health_check.writer"
    assert f.writer_health_check.get("insufficient_data_health_status") == "LastKnownStatus"
    assert f.writer_alarm.node().region == "us-west-2"
    assert [str(r) for r in f.readers] == ["aws_route53_record.reader_1", "aws_route53_record.reader_2"]
    assert [str(a) for a in f.reader_alarms] == [
        "aws_cloudwatch_metric_alarm.reader_1", "aws_cloudwatch_metric_alarm.reader_2"]
    assert [str(c) for c in f.reader_health_checks] == [
        "aws_route53_health_check.reader_1", "aws_route53_health_check.reader_2"]
    assert [c.get("insufficient_data_health_status") for c in f.reader_health_checks] == ["Unhealthy", "Unhealthy"]
    assert str(f.reader_dr) == "aws_route53_record.reader_dr"
    assert f.reader_dr.get("weighted_routing_policy") == [{"weight": 0}]
    assert str(f.document) == "aws_ssm_document.region_failover"


def test_a_dr_promoted_config_builds_the_configuration_after_a_region_failover(root: pathlib.Path, tmp_path):
    config = json.loads((root / "tests" / "spec_corpus" / "from_tests" / "python-ha-stack-dr-promoted.json").read_text())
    spec = rdha.HaStackSpec.from_dict(config)
    assert spec.failover.state == rdha.FailoverState.dr_promoted
    parts = rdha.build_ha_stack_parts(spec)
    assert str(parts.database.primary) == "aws_db_instance.dr_writer"
    assert parts.database.primary.node().region == "us-west-2"
    assert parts.database.primary.get("replicate_source_db") is None
    assert parts.database.replicas == [] and parts.database.dr_replica is None
    assert parts.failover.writer is None and parts.failover.document is None
    assert str(parts.failover.writer_dr) == "aws_route53_record.writer_dr"
    assert parts.stack.required_version() == ">= 1.7.0"
    parts.stack.synth(tmp_path)
    blocks: dict[str, list] = {}
    for path in tmp_path.glob("*.tf.json"):
        document = json.loads(path.read_text())
        for kind in ("import", "removed"):
            blocks.setdefault(kind, []).extend(document.get(kind, []))
    assert blocks["import"] == [{"to": "aws_db_instance.dr_writer", "id": "dr-replica-rdha"}]
    assert all(r["lifecycle"] == {"destroy": False} for r in blocks["removed"])
    assert [r["from"] for r in blocks["removed"]][:4] == [
        "aws_db_instance.primary", "aws_db_instance.replica_1", "aws_db_instance.replica_2",
        "aws_db_instance.dr_replica"]


def test_the_stack_can_be_extended_after_building():
    parts = rdha.build_ha_stack_parts(rdha.HaStackSpec())
    stack, db = parts.stack, parts.database.primary
    alarm = stack.add_resource(
        "aws_cloudwatch_metric_alarm", "primary_disk_queue",
        provider=parts.providers.primary.provider,
        alarm_name="primary-disk-queue", namespace="AWS/RDS", metric_name="DiskQueueDepth",
        comparison_operator="GreaterThanThreshold", threshold=64, evaluation_periods=3, period=60,
        statistic="Average", dimensions={"DBInstanceIdentifier": db.identifier},
        alarm_actions=[parts.monitoring.primary_topic.arn],
    )
    assert ("aws_cloudwatch_metric_alarm.primary_disk_queue", "aws_db_instance.primary") in stack.edges()
    assert alarm.node().concern == "monitoring"
    stack.validate()


def compose_three_az_stack(out_dir: pathlib.Path) -> rdha.Stack:
    """Three read replicas in three AZs on a custom address plan, no DR replica."""
    spec = rdha.HaStackSpec(name_suffix="-tri")
    primary = spec.regions.primary
    primary.vpc_cidr = "172.16.0.0/16"
    primary.azs = ["us-east-1a", "us-east-1b", "us-east-1c"]
    primary.public_subnets = ["172.16.0.0/24", "172.16.1.0/24", "172.16.2.0/24"]
    primary.private_subnets = ["172.16.16.0/20", "172.16.32.0/20", "172.16.48.0/20"]
    spec.regions.dr.vpc_cidr = "172.17.0.0/16"
    spec.regions.dr.public_subnets = ["172.17.0.0/24", "172.17.1.0/24"]
    spec.regions.dr.private_subnets = ["172.17.16.0/20", "172.17.32.0/20"]
    spec.database.replicas = [{"name": f"reader-{az[-1]}", "az": az} for az in primary.azs]
    spec.database.dr_replica.enabled = False
    spec.database.automated_backups_replication = False
    spec.failover.enabled = False
    assert spec.validate() == []

    stack = rdha.Stack()
    providers = rdha.add_providers(stack, spec)
    kms = rdha.build_kms(stack, spec, providers)
    primary_network = rdha.build_network(stack, spec, providers.primary, kms.primary_arn)
    dr_network = rdha.build_network(stack, spec, providers.dr, kms.dr_arn)
    rdha.build_peering(stack, spec, primary_network, dr_network)
    secret = rdha.build_secrets(stack, spec, providers, kms)
    primary_security = rdha.build_security_groups(stack, spec, primary_network, dr_network)
    dr_security = rdha.build_security_groups(stack, spec, dr_network, primary_network)
    iam = rdha.build_iam(stack, spec, providers, kms)
    database = rdha.build_database(stack, spec, providers, primary_network, dr_network, primary_security,
                                   dr_security, kms, secret, iam)
    rdha.build_monitoring(stack, spec, providers, kms, database)
    assert database.dr_replica is None
    assert [r.node().availability_zone for r in database.replicas] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    stack.synth(out_dir)
    return stack


@pytest.mark.terraform
def test_composed_three_az_stack_without_dr_passes_terraform_validate(tmp_path, terraform_validate):
    stack = compose_three_az_stack(tmp_path / "out")
    subnets = [stack[f"aws_subnet.primary_private_{i}"].get("cidr_block") for i in (1, 2, 3)]
    assert subnets == ["172.16.16.0/20", "172.16.32.0/20", "172.16.48.0/20"]
    assert "aws_db_instance.dr_replica" not in stack
    result = terraform_validate(tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK:" in result.stdout


def test_module_results_must_come_from_the_same_stack():
    spec = rdha.HaStackSpec()
    a, b = rdha.Stack(), rdha.Stack()
    providers = rdha.add_providers(a, spec)
    with pytest.raises(rdha.GraphError) as error:
        rdha.build_kms(b, spec, providers)
    assert error.value.code == "foreign_reference"
    assert error.value.subject == "providers"


def test_region_context_for_a_third_region():
    spec = rdha.HaStackSpec()
    stack = rdha.Stack()
    providers = rdha.add_providers(stack, spec)
    eu = rdha.RegionContext(
        "eu", stack.add_provider("aws", "eu-west-1", "eu"),
        rdha.RegionSpec("eu-west-1", "10.9.0.0/16", ["eu-west-1a", "eu-west-1b"], ["10.9.0.0/24", "10.9.1.0/24"],
                        ["10.9.10.0/24", "10.9.11.0/24"]),
    )
    del spec
    network = rdha.build_network(stack, rdha.HaStackSpec(), eu, None)
    assert str(network.vpc) == "aws_vpc.eu"
    assert network.vpc.node().region == "eu-west-1"
    assert network.region.spec.vpc_cidr == "10.9.0.0/16"
    assert str(providers.primary.provider) == "aws"


def test_region_contexts_carry_their_role_and_inputs():
    spec = rdha.HaStackSpec()
    spec.security.existing_app_security_group_ids.dr = ["sg-11111111"]
    providers = rdha.add_providers(rdha.Stack(), spec)
    assert providers.primary.role == rdha.RegionRole.primary
    assert str(providers.dr.role) == "dr"
    assert providers.primary.existing_app_security_group_ids == []
    assert providers.dr.existing_app_security_group_ids == ["sg-11111111"]


def test_a_users_region_is_named_by_the_modules_spec_and_admits_its_own_groups():
    spec = rdha.HaStackSpec(name_suffix="-nb")
    spec.security.create_app_security_groups = False
    stack = rdha.Stack()
    providers = rdha.add_providers(stack, spec)
    kms = rdha.build_kms(stack, spec, providers)
    primary = rdha.build_network(stack, spec, providers.primary, kms.primary_arn)
    eu = rdha.RegionContext(
        "eu", stack.add_provider("aws", "eu-west-1", "eu"),
        rdha.RegionSpec("eu-west-1", "10.9.0.0/16", ["eu-west-1a", "eu-west-1b"], ["10.9.0.0/24", "10.9.1.0/24"],
                        ["10.9.10.0/24", "10.9.11.0/24"]),
        existing_app_security_group_ids=["sg-33333333"],
    )
    assert eu.role == rdha.RegionRole.dr
    network = rdha.build_network(stack, spec, eu, None)
    assert network.vpc.get("tags") == {"Name": "eu-vpc-nb"}
    rdha.build_security_groups(stack, spec, network, primary)
    rule = stack["aws_vpc_security_group_ingress_rule.eu_db_from_existing_1"]
    assert rule.get("referenced_security_group_id") == "sg-33333333"
