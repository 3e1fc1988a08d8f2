"""HaStackSpec from Python: defaults, live nested structs and list/map views, constructor
keywords, dict/JSON round trips, and validation errors that name the field path."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

import rdha


def test_defaults_match_the_cpp_defaults_field_for_field():
    spec = rdha.HaStackSpec()
    assert spec.name_suffix == "-rdha"
    assert spec.regions.primary.name == "us-east-1"
    assert spec.regions.dr.vpc_cidr == "10.1.0.0/16"
    assert spec.database.engine_version == "17"
    assert spec.database.password_source == rdha.PasswordSource.random
    assert spec.database.storage_type == rdha.StorageType.gp3
    assert spec.database.replicas == [rdha.ReplicaSpec("replica-1", "us-east-1a"), rdha.ReplicaSpec("replica-2", "us-east-1b")]
    assert spec.monitoring.alarms.free_storage_bytes == 10737418240
    assert spec.tags == {"Environment": "production", "ManagedBy": "rdha", "Project": "rdha"}
    # to_dict is the C++ to_json (what `rdha defaults` prints): every field, no more.
    assert spec.to_dict() == json.loads(spec.to_json())
    assert set(spec.to_dict()) == {"name_suffix", "tags", "regions", "database", "monitoring", "security", "failover", "state",
                                     "pipeline", "check", "migration"}
    assert spec.check.waivers == []
    assert spec.validate() == []


def test_nested_structs_are_live_and_outlive_their_parent_reference():
    spec = rdha.HaStackSpec()
    spec.database.port = 6432
    spec.regions.primary.vpc_cidr = "10.20.0.0/16"
    assert spec.database.port == 6432
    assert spec.to_dict()["regions"]["primary"]["vpc_cidr"] == "10.20.0.0/16"
    database = spec.database
    del spec  # the reference keeps the spec alive
    database.port = 7000
    assert database.port == 7000


def test_list_and_map_fields_are_live_views():
    spec = rdha.HaStackSpec()
    spec.database.replicas.append(rdha.ReplicaSpec(name="replica-3", az="us-east-1a"))
    spec.database.replicas.append({"name": "replica-4", "az": "us-east-1b"})
    spec.regions.primary.azs.append("us-east-1c")
    spec.tags["Owner"] = "data-platform"
    spec.database.parameters.extra.update({"log_lock_waits": "1"})
    assert [r.name for r in spec.database.replicas] == ["replica-1", "replica-2", "replica-3", "replica-4"]
    assert spec.regions.primary.azs == ["us-east-1a", "us-east-1b", "us-east-1c"]
    assert spec.to_dict()["tags"]["Owner"] == "data-platform"
    assert spec.to_dict()["database"]["parameters"]["extra"] == {"log_lock_waits": "1"}

    assert spec.database.replicas.pop() == rdha.ReplicaSpec("replica-4", "us-east-1b")
    del spec.database.replicas[0]
    spec.database.replicas[0] = spec.database.replicas[0].replace(az="us-east-1a")
    assert spec.database.replicas == [rdha.ReplicaSpec("replica-2", "us-east-1a"), rdha.ReplicaSpec("replica-3", "us-east-1a")]
    del spec.tags["Owner"]
    assert "Owner" not in spec.tags
    # Assignment replaces the whole list / map from any iterable / dict.
    spec.monitoring.notification_emails = ("ops@example.com",)
    assert spec.monitoring.notification_emails == ["ops@example.com"]
    assert spec.monitoring.notification_emails.copy() == ["ops@example.com"]


def test_list_views_survive_python_code_that_changes_the_list_mid_call():
    """A view converts the value (which may run Python code: a key's __str__, __eq__)
    before it touches the list, and re-checks the list after: a list cleared or grown
    meanwhile gives an IndexError or RuntimeError, never a write outside the list."""
    spec = rdha.HaStackSpec()
    replicas = spec.database.replicas

    class ClearingKey:
        def __str__(self) -> str:
            replicas.clear()
            return "name"

    with pytest.raises(IndexError, match=r"^DatabaseSpec.replicas: list index out of range$"):
        replicas[1] = {ClearingKey(): "replica-9", "az": "us-east-1a"}
    assert len(replicas) == 0

    spec = rdha.HaStackSpec()
    replicas = spec.database.replicas
    replicas.insert(2, {ClearingKey(): "replica-9", "az": "us-east-1a"})
    assert replicas == [rdha.ReplicaSpec("replica-9", "us-east-1a")]

    azs = spec.regions.primary.azs

    class ClearingValue:
        def __eq__(self, other: object) -> bool:
            azs.clear()
            return True

        __hash__ = None  # type: ignore[assignment]

    with pytest.raises(RuntimeError, match=r"^RegionSpec.azs: the list changed while remove\(\) compared"):
        azs.remove(ClearingValue())
    assert azs == []

    class GrowingValue:
        def __eq__(self, other: object) -> bool:
            azs.extend(["us-east-1x"] * 1000)
            return False

    azs.append("us-east-1a")
    with pytest.raises(RuntimeError, match=r"^RegionSpec.azs: the list changed while remove\(\) compared"):
        azs.remove(GrowingValue())
    assert len(azs) == 1001


def test_a_map_view_keeps_no_entry_for_a_value_it_refused():
    spec = rdha.HaStackSpec()
    with pytest.raises(rdha.SpecError, match=r"^\[rdha.spec.invalid\] \(HaStackSpec.tags.team\) must be a str, got int 5\.$"):
        spec.tags["team"] = 5  # type: ignore[assignment]
    assert "team" not in spec.tags


def test_list_items_change_in_place_like_nested_structs():
    spec = rdha.HaStackSpec()
    replicas = spec.database.replicas
    replicas[0].az = "us-east-1c"
    spec.monitoring.notification_endpoints.primary.append({"protocol": "email", "endpoint": "a@example.com"})
    spec.monitoring.notification_endpoints.primary[0].endpoint = "ops@example.com"
    assert spec.database.replicas[0] == rdha.ReplicaSpec("replica-1", "us-east-1c")
    assert spec.to_dict()["database"]["replicas"][0] == {"name": "replica-1", "az": "us-east-1c"}
    assert spec.to_dict()["monitoring"]["notification_endpoints"]["primary"] == [
        {"protocol": "email", "endpoint": "ops@example.com"}
    ]
    assert replicas[1] is replicas[1]  # one object per item, as in a Python list
    for replica in spec.database.replicas:
        replica.az = "us-east-1b"
    assert [r.az for r in spec.database.replicas] == ["us-east-1b", "us-east-1b"]
    with pytest.raises(rdha.SpecError, match=r"^\[rdha.spec.invalid\] \(ReplicaSpec.az\) must be a str, got int 5\.$"):
        replicas[0].az = 5  # type: ignore[assignment]
    assert replicas[0].az == "us-east-1b"
    with pytest.raises(TypeError, match="unhashable"):
        hash(rdha.ReplicaSpec("a", "b"))  # mutable, like every spec struct


def test_a_list_item_follows_its_slot_and_leaves_with_it():
    spec = rdha.HaStackSpec()
    replicas = spec.database.replicas
    second = replicas[1]
    replicas.insert(0, {"name": "replica-0", "az": "us-east-1a"})
    replicas.extend([{"name": f"r{i}", "az": "us-east-1a"} for i in range(50)])  # the vector reallocates
    second.az = "us-east-1c"
    assert replicas[2] is second and spec.to_dict()["database"]["replicas"][2]["az"] == "us-east-1c"
    del replicas[0]
    assert replicas[1] is second

    # Out of the list (popped, replaced, cleared, the list or its struct assigned): the
    # object keeps its value and changes no list.
    popped = replicas.pop(1)
    assert popped is second
    popped.az = "us-east-1a"
    assert replicas[1].name == "r0" and replicas[1].az == "us-east-1a"
    first = replicas[0]
    replicas[0] = {"name": "new", "az": "us-east-1b"}
    first.name = "gone"
    kept = replicas[1]
    spec.database.replicas = [rdha.ReplicaSpec("only", "us-east-1a")]
    kept.name = "gone"
    only = spec.database.replicas[0]
    spec.database = rdha.DatabaseSpec()
    only.name = "gone"
    default = spec.database.replicas[0]
    spec.database.replicas.clear()
    default.name = "gone"
    assert first.name == kept.name == only.name == default.name == "gone"
    assert spec.database.replicas == []
    assert "gone" not in spec.to_json()


def test_a_list_item_outlives_its_spec():
    item = rdha.HaStackSpec().database.replicas[0]
    import gc

    gc.collect()
    item.az = "us-east-1c"  # the item keeps its spec alive
    assert item == rdha.ReplicaSpec("replica-1", "us-east-1c")


def test_constructor_keywords_accept_nested_dicts_and_enum_names():
    spec = rdha.HaStackSpec(
        name_suffix="-prod",
        database={"instance_class": "db.r6g.xlarge", "password_source": "ephemeral", "dr_replica": {"enabled": False}},
        tags={"Team": "db"},
    )
    assert spec.name_suffix == "-prod"
    assert spec.database.instance_class == "db.r6g.xlarge"
    assert spec.database.password_source == rdha.PasswordSource.ephemeral
    assert spec.database.dr_replica.enabled is False
    assert spec.database.dr_replica.name == "dr-replica"  # unspecified fields keep their defaults
    assert spec.tags == {"Team": "db"}
    assert rdha.DatabaseSpec(port=6000).port == 6000
    assert rdha.RegionSpec("eu-west-1", "10.2.0.0/16").azs == []


def test_unknown_field_raises_spec_error_with_a_suggestion():
    with pytest.raises(rdha.SpecError) as error:
        rdha.HaStackSpec(name_sufix="-x")
    assert str(error.value) == (
        '[rdha.spec.invalid] (HaStackSpec.name_sufix) is not a field of HaStackSpec. Did you mean "name_suffix"?'
    )
    assert error.value.subject == "HaStackSpec.name_sufix"
    assert error.value.problems[0].subject == "HaStackSpec.name_sufix"
    with pytest.raises(rdha.SpecError, match=r'\(HaStackSpec.database.prot\) is not a field of DatabaseSpec. Did you mean "port"\?'):
        rdha.HaStackSpec(database={"prot": 1})


def test_wrong_type_raises_spec_error_naming_the_field():
    spec = rdha.HaStackSpec()
    with pytest.raises(rdha.SpecError) as error:
        spec.database.port = "5432"  # type: ignore[assignment]
    assert str(error.value) == "[rdha.spec.invalid] (DatabaseSpec.port) must be an int, got str '5432'."
    with pytest.raises(rdha.SpecError, match=r"\(DatabaseSpec.multi_az\) must be a bool"):
        spec.database.multi_az = 1  # type: ignore[assignment]
    with pytest.raises(rdha.SpecError, match=r"must be one of random, ephemeral, rds_managed, got \"vault\""):
        spec.database.password_source = "vault"  # type: ignore[assignment]
    with pytest.raises(rdha.SpecError, match=r"\(RegionSpec.azs\[1\]\) must be a str"):
        spec.regions.primary.azs = ["us-east-1a", 2]  # type: ignore[list-item]
    assert spec.database.port == 5432  # a rejected assignment changes nothing


def test_validate_lists_every_problem_by_field_path():
    spec = rdha.HaStackSpec()
    spec.database.backup_retention_days = 0
    spec.database.replicas[1] = rdha.ReplicaSpec("replica-2", "eu-west-1a")
    problems = spec.validate()
    subjects = [p.subject for p in problems]
    assert "database.backup_retention_days" in subjects
    assert "database.replicas[1].az" in subjects
    assert subjects == sorted(subjects)
    with pytest.raises(rdha.SpecError) as error:
        spec.validate_or_throw()
    assert error.value.problems == problems
    assert error.value.code == "invalid"


def test_from_dict_merges_over_defaults_and_validates():
    spec = rdha.HaStackSpec.from_dict({"database": {"instance_class": "db.r6g.2xlarge"}, "tags": {"Team": None}})
    assert spec.database.instance_class == "db.r6g.2xlarge"
    assert spec.database.port == 5432
    assert rdha.HaStackSpec.from_dict(spec.to_dict()) == spec
    with pytest.raises(rdha.SpecError) as error:
        rdha.HaStackSpec.from_dict({"database": {"port": "x", "prot": 1}})
    subjects = [p.subject for p in error.value.problems]
    assert subjects == ["database.port", "database.prot"]


def test_from_json_and_to_json_round_trip_and_report_syntax_errors():
    spec = rdha.HaStackSpec(name_suffix="-json")
    assert rdha.HaStackSpec.from_json(spec.to_json()) == spec
    assert rdha.spec_from_json_text(spec.to_json(indent=0), "inline") == spec
    with pytest.raises(rdha.SpecError) as error:
        rdha.HaStackSpec.from_json('{"database": ', "config.json")
    assert error.value.code == "malformed_json"
    assert error.value.subject == "config.json"
    assert "line 1, column" in str(error.value)


def test_copies_are_independent_and_pickle_round_trips():
    spec = rdha.HaStackSpec()
    for other in (copy.copy(spec), copy.deepcopy(spec), spec.copy(), pickle.loads(pickle.dumps(spec))):
        assert other == spec
        other.database.replicas.clear()
        assert len(spec.database.replicas) == 2


def test_per_region_fields_round_trip_and_retired_shapes_name_their_replacement():
    spec = rdha.HaStackSpec()
    spec.monitoring.notification_endpoints.dr = [{"protocol": "sms", "endpoint": "+15555550100"}]
    spec.security.cross_region_app_cidrs.primary = ["10.0.8.0/24"]
    spec.failover.max_data_loss_seconds = 120
    assert spec.validate() == []
    assert rdha.HaStackSpec.from_dict(spec.to_dict()) == spec
    assert spec.to_dict()["monitoring"]["notification_endpoints"] == {
        "primary": [], "dr": [{"protocol": "sms", "endpoint": "+15555550100"}]}
    with pytest.raises(rdha.SpecError) as error:
        rdha.HaStackSpec.from_dict({"monitoring": {"notification_endpoints": [{"protocol": "sms",
                                                                               "endpoint": "+15555550100"}]}})
    assert [(p.subject, p.message) for p in error.value.problems] == [(
        "monitoring.notification_endpoints",
        'is a list ([{"endpoint":"+15555550100","protocol":"sms"}]); it is per region now: {"primary": [...], '
        '"dr": [...]}. An SQS queue or Lambda function of the primary region cannot serve the DR region\'s topic '
        "while the primary region is down.")]
    with pytest.raises(rdha.SpecError) as error:
        rdha.HaStackSpec.from_dict({"failover": {"max_replica_lag_seconds": 60}})
    assert [p.subject for p in error.value.problems] == ["failover.max_replica_lag_seconds"]
    assert error.value.problems[0].message.startswith("was replaced by failover.max_data_loss_seconds (value 60): ")


def test_helpers_follow_the_spec():
    spec = rdha.HaStackSpec(name_suffix="-x")
    assert rdha.named(spec, "primary") == "primary-x"
    assert rdha.engine_major_version(spec.database) == "17"
    assert rdha.parameter_group_family(spec.database) == "postgres17"
    schema = rdha.spec_json_schema()
    assert schema["properties"]["database"]["properties"]["port"]["default"] == 5432


def test_field_docstrings_come_from_the_cpp_field_table():
    assert rdha.DatabaseSpec.port.__doc__ == "int: Database port."
    assert rdha.HaStackSpec.tags.__doc__.startswith("Union[StringMap, Dict[str, str]]: Tags")


def test_spec_enums_print_as_their_json_names() -> None:
    assert str(rdha.KmsMode.aws_managed) == "aws_managed"
    assert str(rdha.PasswordSource.ephemeral) == "ephemeral"
