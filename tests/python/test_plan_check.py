"""plan_check from Python: the recorded plans of tests/fixtures/plans, waivers, PlanError,
and parity with `rdha plan-check --format json`."""

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest

import rdha

PLANS = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "plans"


def test_clean_plan_has_no_findings():
    result = rdha.plan_check(PLANS / "tag_only.json")
    assert isinstance(result, rdha.PlanCheck)
    assert not result.blocked and len(result) == 0
    assert result.changes == 3 and result.terraform_version == "1.11.4"


def test_replaced_primary_blocks_with_its_rule():
    result = rdha.plan_check(str(PLANS / "kms_replace.json"))
    assert result.blocked and result.blocking == 1
    (finding,) = result
    assert (finding.rule_id, finding.address, finding.severity) == ("RDHA-PLAN-001", "aws_db_instance.primary", rdha.Severity.error)
    assert finding.rule.name == "StatefulReplace"
    assert finding.to_json()["category"] == "replace"


def test_a_parsed_plan_and_waivers():
    plan = json.loads((PLANS / "instance_class.json").read_text())
    result = rdha.plan_check(plan, allow=["aws_db_instance.primary:CAB-42", "aws_db_instance.replica_1[0]:CAB-42"])
    assert not result.blocked and result.waived == 2
    assert {f.waived for f in result} == {"CAB-42"}
    assert "waived: CAB-42" in result.to_text()
    assert result.to_sarif()["runs"][0]["results"][0]["suppressions"][0]["justification"] == "CAB-42"


def test_waiver_file_and_unused_waiver(tmp_path):
    waivers = tmp_path / "waivers.txt"
    waivers.write_text("# reviewed\naws_db_parameter_group.primary static change approved\naws_kms_key.x stale\n")
    result = rdha.plan_check(PLANS / "static_param.json", allow_file=waivers)
    assert not result.blocked
    assert [(f.rule_id, f.address) for f in result] == [
        ("RDHA-PLAN-006", "aws_kms_key.x"),
        ("RDHA-PLAN-002", "aws_db_parameter_group.primary"),
    ]


def test_waivers_file_as_the_cli_takes_it(tmp_path, cli):
    """waivers_file is `rdha plan-check --waivers FILE`: a JSON list of {rule, address, reason}."""
    waivers = tmp_path / "waivers.json"
    waivers.write_text(json.dumps([{"rule": "RDHA-PLAN-002", "address": "aws_db_instance.*",
                                    "reason": "CAB-42 resize approved"}]))
    plan = PLANS / "instance_class.json"
    assert rdha.plan_check(plan).blocked
    result = rdha.plan_check(plan, waivers_file=waivers)
    assert not result.blocked and result.waived == 2
    assert {f.waived for f in result if f.waived} == {"CAB-42 resize approved"}
    out = subprocess.run([str(cli), "plan-check", "--format", "json", "--waivers", str(waivers), str(plan)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    report.pop("spec_hash")
    assert report == rdha.plan_check(str(plan), waivers_file=str(waivers)).to_json()
    unknown = tmp_path / "unknown.json"
    unknown.write_text('[{"rule": "RDHA-DR-001", "reason": "x"}]')
    with pytest.raises(rdha.Error) as error:
        rdha.plan_check(plan, waivers_file=unknown)
    assert f"({unknown}[0].rule)" in str(error.value)


def test_bad_input_raises_plan_error(tmp_path):
    state = tmp_path / "state.json"
    state.write_text('{"format_version": "1.0", "values": {}}')
    with pytest.raises(rdha.PlanError) as error:
        rdha.plan_check(state)
    assert error.value.code == "not_a_plan" and error.value.subject == str(state)
    with pytest.raises(rdha.PlanError) as error:
        rdha.plan_check(PLANS / "tag_only.json", allow=["no-reason"])
    assert str(error.value).startswith('[rdha.plan.bad_waiver] (allow) waiver "no-reason" has no reason.')
    with pytest.raises(TypeError):
        rdha.plan_check(42)


def test_json_matches_the_cli(cli):
    plan = PLANS / "posture.json"
    out = subprocess.run([str(cli), "plan-check", "--format", "json", str(plan)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report.pop("spec_hash") is None  # a plan is no spec
    assert report == rdha.plan_check(plan).to_json()


def test_plan_rules_are_listed():
    assert [r.id for r in rdha.plan_rules()] == [f"RDHA-PLAN-00{i}" for i in range(1, 7)]
