"""check and drill from Python: findings of the default and a modified stack, SARIF, the
AZ and region drills, errors as the C++ raises them, byte parity with the CLI's JSON and
text, and notebook rendering."""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import subprocess
import sys

import pytest

import rdha

TODAY = "2026-11-26"


@pytest.fixture(scope="module")
def default_stack() -> rdha.Stack:
    return rdha.build_ha_stack(rdha.HaStackSpec())


@pytest.fixture(scope="module")
def no_dr_stack() -> rdha.Stack:
    spec = rdha.HaStackSpec()
    spec.database.dr_replica.enabled = False
    return rdha.build_ha_stack(spec)


def run_cli(cli: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(cli), *args], capture_output=True, text=True, timeout=120)


# ---- check ------------------------------------------------------------------------------


def test_default_stack_has_no_error_findings(default_stack):
    findings = default_stack.check(today=TODAY)
    assert isinstance(findings, rdha.Findings)
    assert not findings.has_errors
    assert findings.count(rdha.Severity.error) == 0
    assert all(f.severity != rdha.Severity.error for f in findings)
    assert findings.rules_run == len(rdha.rules())
    assert findings.today == datetime.date(2026, 11, 26)
    assert repr(findings).startswith("<Findings: 0 errors, ")


def test_the_name_rule_takes_the_stacks_suffix():
    spec = rdha.HaStackSpec()
    spec.name_suffix = "-prod"
    stack = rdha.build_ha_stack(spec)
    wrong_suffix = stack.check(today=TODAY).of_rule("RDHA-NAME-001")
    assert "aws_kms_key.primary" in [f.address for f in wrong_suffix]
    assert rdha.check(stack, today=TODAY, name_suffix="-prod").of_rule("RDHA-NAME-001") == []


def test_a_stack_without_dr_on_purpose_skips_the_dr_rule_and_passes(no_dr_stack):
    findings = rdha.check(no_dr_stack, today=TODAY, skip=["RDHA-DR-001"])
    assert findings.skipped == ["RDHA-DR-001"] and findings.of_rule("RDHA-DR-001") == []
    assert findings.rules_run == len(rdha.rules()) - 1
    assert not findings.failed
    assert findings.to_json()["summary"]["skipped"] == ["RDHA-DR-001"]


def test_fail_on_sets_the_least_severity_that_fails(default_stack):
    assert not default_stack.check(today=TODAY).failed  # warnings only
    assert default_stack.check(today=TODAY, fail_on="warning").failed
    assert not default_stack.check(today=TODAY, fail_on="never").failed
    with pytest.raises(rdha.SpecError) as caught:
        default_stack.check(today=TODAY, fail_on="sometimes")
    assert [(p.subject, p.message) for p in caught.value.problems] == [
        ("fail_on", '"sometimes" is not one of "error", "warning", "never".')]


def test_an_unknown_skipped_rule_names_the_nearest(default_stack):
    with pytest.raises(rdha.SpecError) as caught:
        default_stack.check(skip=["RDHA-DR-01"])
    assert (caught.value.code, str(caught.value)) == (
        "unknown_rule",
        '[rdha.spec.unknown_rule] (skip) "RDHA-DR-01" is not a rule ID. The nearest: RDHA-DR-001, RDHA-DR-002, '
        "RDHA-DR-003. docs/check.md lists every rule.")


def test_disabled_dr_replica_is_an_error_finding_on_the_writer(no_dr_stack):
    findings = rdha.check(no_dr_stack, today=datetime.date(2026, 11, 26))
    assert findings.has_errors
    dr = findings.of_rule("RDHA-DR-001")
    assert len(dr) == 1
    finding = dr[0]
    assert finding.rule_id == "RDHA-DR-001"
    assert finding.severity == rdha.Severity.error and str(finding.severity) == "error"
    assert finding.address == "aws_db_instance.primary"
    assert finding.summary == "No cross-region replica: losing us-east-1 is a total outage."
    assert finding.detail  # how to fix it
    assert finding.title == finding.rule.title == "A cross-region replica of the writer exists"
    assert finding.category == "dr"
    assert findings[0] == finding  # errors sort first
    assert repr(finding) == (
        "Finding(rule_id='RDHA-DR-001', severity=error, address='aws_db_instance.primary', "
        "summary='No cross-region replica: losing us-east-1 is a total outage.')"
    )
    assert finding.to_json() == findings.to_json()["findings"][0]
    with pytest.raises(AttributeError):
        finding.rule_id = "X"  # type: ignore[misc]


def test_findings_is_a_read_only_sequence(no_dr_stack):
    findings = no_dr_stack.check(today=TODAY)
    items = list(findings)
    assert items == findings.findings and len(items) == len(findings) > 1
    assert findings[-1] == items[-1]
    with pytest.raises(IndexError):
        findings[len(findings)]
    severities = [f.severity for f in findings]
    order = {rdha.Severity.error: 0, rdha.Severity.warning: 1, rdha.Severity.info: 2}
    assert severities == sorted(severities, key=order.__getitem__)


def test_rule_registry_lists_ids_titles_severities_and_scanner_mappings():
    rules = rdha.rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)) > 40
    multi_az = rdha.rule("RDHA-HA-001")
    assert multi_az in rules
    assert (multi_az.title, multi_az.severity, multi_az.category, multi_az.name) == (
        "The writer is Multi-AZ", rdha.Severity.error, "ha", "WriterMultiAz"
    )
    assert rdha.ScannerCheck in {type(s) for s in multi_az.scanners}
    assert [(s.scanner, s.id) for s in multi_az.scanners] == [("checkov", "CKV_AWS_157")]
    assert multi_az.description and multi_az.help
    with pytest.raises(KeyError, match="RDHA-NOPE-001"):
        rdha.rule("RDHA-NOPE-001")


def test_sarif_lists_every_rule_and_one_result_per_finding(no_dr_stack):
    findings = no_dr_stack.check(today=TODAY)
    sarif = findings.to_sarif()
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "rdha"
    assert [r["id"] for r in driver["rules"]] == [r.id for r in rdha.rules()]
    results = run["results"]
    assert [r["ruleId"] for r in results] == [f.rule_id for f in findings]
    first = results[0]
    assert first["level"] == "error"
    assert driver["rules"][first["ruleIndex"]]["id"] == "RDHA-DR-001"
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "aws_db_instance.primary"
    assert {r["level"] for r in results} <= {"error", "warning", "note"}
    # Code scanning needs a file and line: where rdha synth writes the block, under tf_dir.
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "terraform_out/database.tf.json"
    assert physical["region"]["startLine"] > 1
    moved = findings.to_sarif(tf_dir="infra/db")["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert moved["artifactLocation"]["uri"] == "infra/db/database.tf.json"
    assert moved["region"] == physical["region"]


def without_envelope(document, spec):
    """The CLI's JSON without the spec hash it adds (the library's reports see a stack, not a
    spec), after checking it is the hash of @spec."""
    document = dict(document)
    assert document.pop("spec_hash") == rdha.spec_hash(spec)
    assert document["tool"]["name"] == "rdha"
    return document


def test_check_json_text_and_sarif_equal_the_cli(default_stack, cli):
    findings = rdha.check(default_stack, today=TODAY)
    result = run_cli(cli, "check", "--format", "json", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert findings.to_json() == without_envelope(json.loads(result.stdout), rdha.HaStackSpec())
    result = run_cli(cli, "check", "--format", "sarif", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    sarif = json.loads(result.stdout)
    assert sarif["runs"][0]["properties"].pop("spec_hash") == rdha.spec_hash(rdha.HaStackSpec())
    assert findings.to_sarif() == sarif
    result = run_cli(cli, "check", "--today", TODAY)
    assert findings.to_text() == result.stdout


def test_check_of_a_modified_spec_equals_the_cli_with_that_config(no_dr_stack, cli, tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"database": {"dr_replica": {"enabled": False}}}))
    result = run_cli(cli, "check", "--config", str(config), "--format", "json", "--today", TODAY)
    assert result.returncode == 1  # an error-severity finding
    spec = rdha.spec_from_json({"database": {"dr_replica": {"enabled": False}}})
    assert no_dr_stack.check(today=TODAY).to_json() == without_envelope(json.loads(result.stdout), spec)


def test_waivers_of_the_spec_and_of_a_file_accept_findings(no_dr_stack, tmp_path):
    spec = rdha.spec_from_json({"database": {"dr_replica": {"enabled": False}}, "check": {"waivers": [
        {"rule": "RDHA-DR-001", "address": "aws_db_instance.*", "reason": "no DR by design"}]}})
    assert rdha.check(no_dr_stack, today=TODAY).failed
    findings = rdha.check(no_dr_stack, today=TODAY, waivers=spec.check.waivers)
    assert not findings.failed and findings.waived == 1
    assert [f.waived for f in findings.of_rule("RDHA-DR-001")] == ["no DR by design"]
    assert findings.to_json()["waivers"][0]["origin"] == "in_source"
    assert findings.to_sarif()["runs"][0]["results"][-1]["suppressions"][0]["kind"] == "inSource"
    waivers = tmp_path / "waivers.json"
    waivers.write_text(json.dumps([{"rule": "RDHA-HA-001", "reason": "stale"}]))
    stale = rdha.check(no_dr_stack, today=TODAY, waivers=[{"rule": "RDHA-DR-001", "reason": "x"}], waivers_file=waivers)
    assert stale.unmatched_waivers == [f"waiver {waivers}[0] (RDHA-HA-001 at any address) matches no finding; "
                                       "remove it or correct its rule or address"]
    with pytest.raises(rdha.SpecError) as error:
        rdha.check(no_dr_stack, waivers=[{"rule": "RDHA-DR-01", "reason": "x"}])
    assert str(error.value) == ('[rdha.spec.unknown_rule] (waivers[0].rule) "RDHA-DR-01" is not a rule ID. The nearest: '
                                "RDHA-DR-001, RDHA-DR-002, RDHA-DR-003. docs/check.md lists every rule.")


def test_today_is_validated_like_the_cli(default_stack):
    with pytest.raises(rdha.SpecError) as caught:
        default_stack.check(today="2026-02-30")
    assert caught.value.code == "invalid"
    assert [(p.subject, p.message) for p in caught.value.problems] == [
        ("today", '"2026-02-30" is not a date: use YYYY-MM-DD (e.g. 2026-11-26).')
    ]
    with pytest.raises(TypeError, match="today: expected None, a datetime.date or a str YYYY-MM-DD, got int"):
        default_stack.check(today=20261126)  # type: ignore[arg-type]
    assert default_stack.check().today == datetime.datetime.now(datetime.timezone.utc).date()


# ---- drill ------------------------------------------------------------------------------


def by_role(outcomes: list[rdha.DbRoleOutcome]) -> dict[tuple[str, str], rdha.DbRoleOutcome]:
    return {(o.address, o.role): o for o in outcomes}


def test_az_drill_writer_survives_through_multi_az(default_stack):
    drill = default_stack.drill(fail="az:us-east-1a")
    assert isinstance(drill, rdha.Drill)
    assert drill.scenario == rdha.FailureDomain("az:us-east-1a")
    assert (drill.scenario.kind, drill.scenario.name, drill.region) == ("az", "us-east-1a", "us-east-1")
    surviving = by_role(drill.surviving)
    writer = surviving[("aws_db_instance.primary", "writer")]
    assert writer.outcome == "multi_az_failover" and writer.identifier == "primary-rdha"
    assert surviving[("aws_db_instance.dr_replica", "dr_replica")].outcome == "unaffected"
    lost = by_role(drill.lost)
    assert lost[("aws_db_instance.replica_1", "reader")].outcome == "recreate"
    assert ("aws_db_instance.replica_2", "reader") in surviving
    actions = {(a.target, a.action): a for a in drill.automatic_actions}
    assert actions[("aws_db_instance.primary", "multi_az_failover")].seconds == (60, 120)
    assert drill.rto_seconds == (60, 120)
    assert drill.rpo_seconds == (0, 0)
    assert drill.promotion_target is None and not drill.total_outage
    assert drill.manual_steps and drill.manual_steps[0].phase == rdha.StepPhase.assess


def test_region_drill_promotes_the_dr_replica_named_in_the_runbook(default_stack):
    drill = rdha.drill(default_stack, fail="region:us-east-1")
    assert drill.promotion_target == "aws_db_instance.dr_replica"
    target = by_role(drill.surviving)[("aws_db_instance.dr_replica", "dr_replica")]
    assert target.outcome == "promotion_target" and target.region == "us-west-2"
    assert {o.address for o in drill.lost} == {
        "aws_db_instance.primary", "aws_db_instance.replica_1", "aws_db_instance.replica_2"
    }
    assert drill.automatic_actions == []
    steps = {s.id: s for s in drill.manual_steps}
    promote = steps["promote-dr-replica"]
    assert promote.irreversible and promote.phase == rdha.StepPhase.recover
    assert promote.target == "aws_db_instance.dr_replica" and promote.region == "us-west-2"
    assert any("--db-instance-identifier dr-replica-rdha" in c for c in promote.commands)
    assert [s.id for s in drill.runbook] == [s.id for s in drill.manual_steps]
    assert drill.runbook.to_json() == drill.to_json()["manual_steps"]
    low, high = drill.rto_seconds or (0, 0)
    assert 0 < low < high
    assert drill.rpo_seconds is not None and "replica lag" in drill.rpo
    assert not drill.total_outage


def test_region_drill_without_dr_replica_is_a_total_outage(no_dr_stack):
    drill = no_dr_stack.drill(fail="region:us-east-1")
    assert drill.total_outage and drill.promotion_target is None
    assert drill.surviving == [] and drill.rto_seconds is None
    assert drill.warnings


@pytest.mark.parametrize("fail", ["az:us-east-1a", "region:us-east-1", "region:us-west-2"])
def test_drill_json_and_text_equal_the_cli(default_stack, cli, fail):
    drill = default_stack.drill(fail=rdha.FailureDomain(fail))
    result = run_cli(cli, "drill", "--fail", fail, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = without_envelope(json.loads(result.stdout), rdha.HaStackSpec())
    assert report.pop("tool") == {"name": "rdha", "version": rdha.__version__}
    assert drill.to_json() == report
    assert drill.to_text() == run_cli(cli, "drill", "--fail", fail).stdout


@pytest.mark.parametrize(
    ("fail", "message"),
    [
        ("bogus", '"bogus" is not a failure domain: use az:NAME (e.g. az:us-east-1a) or region:NAME '
                  "(e.g. region:us-east-1)."),
        ("az:us-east-1", '"az:us-east-1" names a region, not an availability zone: use az:<region><letter> '
                         "(e.g. az:us-east-1a) or region:us-east-1."),
    ],
)
def test_invalid_failure_domain_raises_the_cli_spec_error(default_stack, cli, fail, message):
    with pytest.raises(rdha.SpecError) as caught:
        default_stack.drill(fail=fail)
    error = caught.value
    assert (error.kind, error.code) == ("spec", "invalid")
    assert [(p.subject, p.message) for p in error.problems] == [("fail", message)]
    result = run_cli(cli, "drill", "--fail", fail)
    assert result.returncode == 2
    assert str(error) in result.stderr
    with pytest.raises(rdha.SpecError):
        rdha.FailureDomain(fail)


def test_drill_rejects_other_types(default_stack):
    with pytest.raises(TypeError, match='fail: expected "az:NAME", "region:NAME" or a FailureDomain, got int'):
        default_stack.drill(fail=3)  # type: ignore[arg-type]


def test_failure_domain_is_a_value():
    domain = rdha.FailureDomain("region:us-east-1")
    assert str(domain) == "region:us-east-1" and repr(domain) == "FailureDomain('region:us-east-1')"
    assert domain.region == "us-east-1" and domain.kind == "region"
    assert rdha.FailureDomain("az:eu-west-1b").region == "eu-west-1"
    assert len({domain, rdha.FailureDomain("region:us-east-1")}) == 1


def test_drill_of_a_composed_stack_reads_the_graph():
    stack = rdha.Stack()
    east = stack.add_provider("aws", "us-east-1")
    stack.add_resource(
        "aws_db_instance", "solo", provider=east, identifier="solo", engine="postgres", instance_class="db.t4g.micro",
        allocated_storage=20, availability_zone="us-east-1a", multi_az=False,
    )
    drill = stack.drill(fail="az:us-east-1a")
    assert [(o.address, o.role) for o in drill.lost] == [("aws_db_instance.solo", "writer")]
    assert drill.total_outage and "aws_db_instance.solo" in drill.affected_resources


# ---- notebook rendering ----------------------------------------------------------------


def test_findings_render_as_an_html_table_with_the_rule_ids(no_dr_stack):
    findings = no_dr_stack.check(today=TODAY)
    html = findings._repr_html_()
    caption = findings.to_text().splitlines()[-1]  # the text report's summary line
    assert caption.startswith("rdha check: 1 error, ")
    assert html.startswith(f'<table class="rdha"><caption>{caption}</caption>')
    assert "<th>severity</th><th>rule</th>" in html
    for finding in findings:
        assert f"<td>{finding.rule_id}</td>" in html
    assert "<td>error</td><td>RDHA-DR-001</td>" in html


def test_drill_renders_summary_and_runbook(default_stack):
    drill = default_stack.drill(fail="region:us-east-1")
    html = drill._repr_html_()
    assert "rdha drill: loss of region:us-east-1 (region us-east-1)" in html
    low, high = drill.rto_seconds or (0, 0)
    assert f"<td>RTO</td><td>{low}-{high} s</td>" in html
    assert "<td>surviving</td><td>dr_replica</td><td>aws_db_instance.dr_replica</td>" in html
    assert '<li data-step="promote-dr-replica">' in html
    assert "dr-replica-rdha" in html
    runbook = html.split('<div class="rdha-runbook">')[1]
    assert "<pre>$ aws rds " in runbook and "'" not in runbook  # commands are escaped ('DBInstances[0]...')


def test_public_names_are_exported():
    for name in ("check", "drill", "rules", "rule", "Finding", "Findings", "Drill", "FailureDomain", "Severity",
                 "Rule", "ScannerCheck", "Runbook", "RunbookStep", "StepPhase", "DbRoleOutcome", "ResourceNote",
                 "AutomaticAction"):
        assert name in rdha.__all__ and hasattr(rdha, name), name


def test_readme_python_example_runs(root, package_path, tmp_path):
    """The README's "Using from Python" example, run as written (in a scratch directory)."""
    section = (root / "README.md").read_text().split("## Using from Python", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(package_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "aws_db_instance.dr_replica (" in result.stdout
    assert "Promote dr-replica-rdha to a standalone writer:" in result.stdout
    assert (tmp_path / "terraform_out" / "monitoring.tf.json").read_text().count("primary_read_iops") == 1
