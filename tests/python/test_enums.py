"""The module's enums compare equal to their names and hash like them (as a str-valued
enum.StrEnum does); Severity sorts most severe first."""

from __future__ import annotations

import pytest

import rdha

ENUMS = sorted(
    (cls for cls in vars(rdha._core).values() if isinstance(cls, type) and hasattr(cls, "__members__")),
    key=lambda cls: cls.__name__,
)


def test_every_enum_is_found():
    names = {cls.__name__ for cls in ENUMS}
    assert {"Severity", "StepPhase", "DbRole", "RegionRole", "KmsMode", "PasswordSource", "StorageType"} <= names


@pytest.mark.parametrize("enum", ENUMS, ids=lambda cls: cls.__name__)
def test_a_member_equals_its_name_and_nothing_else(enum):
    members = list(enum.__members__.values())
    for member in members:
        name = member.name
        assert member == name and name == member
        assert not (member != name)
        assert str(member) == name
        assert hash(member) == hash(name)  # equal objects hash alike
        assert {member: "found"}[name] == "found" and {name: "found"}[member] == "found"
        assert member != name.upper() and member != f"{name}x"
        assert member != member.value  # not equal to its number: hash(name) != hash(number)
        for other in members:
            assert (member == other) == (other is member)


def test_members_of_different_enums_are_never_equal():
    assert rdha.RegionRole.dr != rdha.DbRole.dr_replica
    assert rdha.Severity.error != rdha.StepPhase.assess
    # Two enums sharing a name: both equal the str, not each other.
    assert rdha.RegionRole.primary == "primary"
    assert rdha.Severity.info != rdha.RegionRole.primary


def test_severity_orders_most_severe_first():
    error, warning, info = rdha.Severity.error, rdha.Severity.warning, rdha.Severity.info
    assert error < warning < info and info > warning > error
    assert error <= error and info >= info and not (warning < error)
    assert sorted([info, error, warning, error]) == [error, error, warning, info]
    assert error < "warning" and "info" > warning  # names compare as their members
    with pytest.raises(TypeError):
        error < 1  # noqa: B015 (the comparison is what is tested)
    with pytest.raises(TypeError):
        error < "fatal"  # noqa: B015
    with pytest.raises(TypeError):
        rdha.StepPhase.assess < rdha.StepPhase.verify  # noqa: B015 (only Severity is ordered)


def test_findings_compare_and_sort_by_severity_name():
    spec = rdha.HaStackSpec()
    spec.database.dr_replica.enabled = False
    findings = rdha.build_ha_stack(spec).check(today="2026-11-26")
    by_severity = sorted(findings, key=lambda f: f.severity)
    severities = [str(f.severity) for f in by_severity]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert {"error", "warning"} <= set(severities)
    assert [f for f in findings if f.severity == "error"] == [f for f in findings if f.severity == rdha.Severity.error]
    assert any(f.severity == "error" for f in findings)
