"""`rdha schema` and the validator agree: every config the library accepts conforms to the
JSON Schema, and the schema accepts only what the validator accepts, except for the
listed rules that relate several fields (JSON Schema judges each field alone).

The schema is checked with Debian's python3-jsonschema (draft 2020-12), on the corpus of
valid configs (the defaults, tests/spec_corpus, the README's examples) and on systematic
mutations of the defaults: per field, its boundary values, just-out-of-range values, each
enum value and each format's example.
"""

from __future__ import annotations

import copy
import json
import os
import pathlib
import re
from typing import Any, Iterator

import pytest

import rdha

jsonschema = pytest.importorskip("jsonschema", reason="Debian python3-jsonschema checks the schema")

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "spec_corpus"

# Mutations of the defaults that the schema accepts and the validator rejects, with the rule
# of validate() that relates the field to another one. A mutation is (field path, what
# changed: the new value as JSON, or a change to a list). An unlisted disagreement fails
# the test, and so does a listed one that no longer occurs.
AZ_OF_REGION = "an AZ is its region's name (regions.*.name) plus a letter"
REPLICA_AZS = "in-region replicas run in regions.primary.azs, in two distinct AZs at least"
ONE_SUBNET_PER_AZ = "each subnet list has one CIDR per AZ of regions.*.azs"
SUBNETS_IN_VPC = "subnets lie inside their vpc_cidr and do not overlap each other"
ENDPOINT_FORMAT = "an endpoint's format follows its protocol (https URL, SQS/Lambda ARN, E.164 number)"
UNIQUE_DB_IDENTIFIERS = "DB instance identifiers (replica and DR replica names + name_suffix) are unique"
APP_CIDRS_IN_VPC = "a region's cross_region_app_cidrs lie inside its vpc_cidr (the peering carries only the VPCs' CIDRs)"

CROSS_FIELD_RULES: dict[tuple[str, str], str] = {
    ("database.allocated_storage", "65536"): "the autoscaling ceilings (500) must be 0 or at least 110% of it",
    ("database.dr_replica.name", '"replica-1"'): UNIQUE_DB_IDENTIFIERS,
    ("database.iops", "1"): "gp3 takes provisioned IOPS (12000..64000) from 400 GiB of allocated_storage only",
    ("database.max_allocated_storage", "1"): "0 or at least 110% of allocated_storage (100)",
    ("database.replica_max_allocated_storage", "1"): "0 or at least 110% of allocated_storage (100)",
    ("database.password_source", '"rds_managed"'): "RDS makes no read replicas of a source with an RDS-managed password",
    ("database.replicas", "15 items"): "15 read replicas per source, the DR replica included",
    ("database.replicas", "first item repeated"): UNIQUE_DB_IDENTIFIERS,
    ("database.replicas", 'item 0 az = ""'): REPLICA_AZS,
    ("database.replicas", 'item 0 az = "x"'): REPLICA_AZS,
    ("database.replicas", "one item"): REPLICA_AZS,
    ("database.storage_type", '"io1"'): "io1 and io2 need provisioned iops (1000..256000)",
    ("database.storage_type", '"io2"'): "io1 and io2 need provisioned iops (1000..256000)",
    ("monitoring.notification_endpoints.dr", "first item repeated"): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.dr", 'item 0 endpoint = ""'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.dr", 'item 0 endpoint = "x"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.dr", 'item 0 protocol = "https"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.dr", 'item 0 protocol = "lambda"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.dr", 'item 0 protocol = "sms"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.dr", 'item 0 protocol = "sqs"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.dr", "one item"): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.primary", "first item repeated"): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.primary", 'item 0 endpoint = ""'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.primary", 'item 0 endpoint = "x"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.primary", 'item 0 protocol = "https"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.primary", 'item 0 protocol = "lambda"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.primary", 'item 0 protocol = "sms"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.primary", 'item 0 protocol = "sqs"'): ENDPOINT_FORMAT,
    ("monitoring.notification_endpoints.primary", "one item"): ENDPOINT_FORMAT,
    ("regions.dr.azs", 'item 0 = ""'): AZ_OF_REGION,
    ("regions.dr.azs", 'item 0 = "x"'): AZ_OF_REGION,
    ("regions.dr.enabled", "false"): "without the DR region: no DR replica, no backups replication, no DR-region settings",
    ("regions.primary.enabled", "false"): "the primary region holds the writer; only regions.dr can be left out",
    ("regions.dr.name", '"us-east-1"'): AZ_OF_REGION + ", and the DR region differs from the primary",
    ("regions.dr.private_subnets", "first item repeated"): ONE_SUBNET_PER_AZ,
    ("regions.dr.private_subnets", 'item 0 = "10.0.0.0/16"'): SUBNETS_IN_VPC,
    ("regions.dr.private_subnets", "one item"): ONE_SUBNET_PER_AZ,
    ("regions.dr.public_subnets", "first item repeated"): ONE_SUBNET_PER_AZ,
    ("regions.dr.public_subnets", 'item 0 = "10.0.0.0/16"'): SUBNETS_IN_VPC,
    ("regions.dr.public_subnets", "one item"): ONE_SUBNET_PER_AZ,
    ("regions.dr.vpc_cidr", '"10.0.0.0/16"'): SUBNETS_IN_VPC + ", and the VPCs of the two regions are disjoint",
    ("regions.primary.azs", 'item 0 = ""'): AZ_OF_REGION + "; " + REPLICA_AZS,
    ("regions.primary.azs", 'item 0 = "x"'): AZ_OF_REGION + "; " + REPLICA_AZS,
    ("regions.primary.private_subnets", "first item repeated"): ONE_SUBNET_PER_AZ,
    ("regions.primary.private_subnets", 'item 0 = "10.0.0.0/16"'): SUBNETS_IN_VPC,
    ("regions.primary.private_subnets", "one item"): ONE_SUBNET_PER_AZ,
    ("regions.primary.public_subnets", "first item repeated"): ONE_SUBNET_PER_AZ,
    ("regions.primary.public_subnets", 'item 0 = "10.0.0.0/16"'): SUBNETS_IN_VPC,
    ("regions.primary.public_subnets", "one item"): ONE_SUBNET_PER_AZ,
    ("security.create_app_security_groups", "false"): "without created app security groups, each region lists existing ones",
    ("security.cross_region_app_cidrs.dr", 'item 0 = "10.0.0.0/16"'): APP_CIDRS_IN_VPC,
    # The state bucket's rules are checked one by one with a message each (docs/state.md) and
    # need state.account_id in the name; an empty key is refused with its own message.
    # The pipeline's names depend on pipeline.ci (repository shape) and are checked one by one
    # with a message each, as is the cron schedule (docs/pipeline.md).
    ("pipeline.branch", '""'): "the trust names a branch",
    ("pipeline.drift_schedule", '""'): "a cron schedule of 5 fields",
    ("pipeline.drift_schedule", '"x"'): "a cron schedule of 5 fields",
    ("migration.enabled", "true"): "an enabled migration needs the source's identifier, region, VPC, CIDR, security "
    "group, engine version and size",
    ("pipeline.enabled", "true"): "an enabled pipeline needs a repository, remote state and no random password",
    ("pipeline.environment", '""'): "the apply job's environment is named",
    ("pipeline.install_command", '""'): "the jobs install rdha with it",
    ("pipeline.repository", '"x"'): "owner/name on GitHub, group/project on GitLab",
    ("state.bucket", '"x"'): "S3 bucket naming rules, and the name contains state.account_id",
    ("state.key", '""'): "the S3 backend's state key is not empty",
    ("state.dynamodb_table", '"rdha-state-lock"'): "a lock table only with state.locking = dynamodb",
    ("state.dynamodb_table", '"RDHA-STATE-LOCK"'): "a lock table only with state.locking = dynamodb",
    ("state.enabled", "true"): "the backend needs state.account_id, state.bucket and state.kms_key_id",
    ("state.execution_role_name", '"x"'): "a role only with state.policy_arn",
    ("state.execution_role_name", '"terraform-execution-rdha"'): "a role only with state.policy_arn",
    ("state.execution_role_name", '"TERRAFORM-EXECUTION-RDHA"'): "a role only with state.policy_arn",
    ("state.locking", '"dynamodb"'): "dynamodb locking needs state.dynamodb_table",
}


def schema_validator() -> Any:
    schema = rdha.spec_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(validator: Any, document: dict[str, Any]) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def merged(config: dict[str, Any]) -> dict[str, Any]:
    """The complete document the library reads from a partial config (JSON Merge Patch)."""
    return rdha.HaStackSpec.from_dict(config).to_dict()


def validator_problems(document: dict[str, Any]) -> list[str]:
    try:
        rdha.HaStackSpec.from_dict(document)
    except rdha.SpecError as error:
        return [f"{p.subject}: {p.message}" for p in error.problems]
    return []


# ---- (a) every accepted config conforms ---------------------------------------------------


def readme_blocks(language: str) -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def corpus() -> Iterator[tuple[str, dict[str, Any]]]:
    yield "defaults", {}
    for path in sorted(CORPUS.rglob("*.json")):
        yield str(path.relative_to(CORPUS)), json.loads(path.read_text())
    for i, block in enumerate(readme_blocks("json")):
        yield f"README.md json block {i + 1}", json.loads(block)


def has_null(value: Any) -> bool:
    if isinstance(value, dict):
        return any(v is None or has_null(v) for v in value.values())
    return isinstance(value, list) and any(has_null(v) for v in value)


@pytest.mark.parametrize("name,config", list(corpus()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_accepted_config_conforms_to_the_schema(name: str, config: dict[str, Any]) -> None:
    document = merged(config)  # raises SpecError if the library rejects it
    assert schema_errors(schema_validator(), document) == [], name
    # As written too, unless it resets a field with null: the reader's JSON Merge Patch
    # takes null for "the default", the schema states the values themselves.
    if not has_null(config):
        assert schema_errors(schema_validator(), config) == [], f"{name}, as written"


def test_the_readme_python_example_builds_a_spec_that_conforms(tmp_path: pathlib.Path) -> None:
    blocks = [b for b in readme_blocks("python") if "rdha.HaStackSpec()" in b]
    assert blocks, "README.md has no Python example building a spec"
    cwd = os.getcwd()
    os.chdir(tmp_path)  # the example writes terraform_out/
    try:
        namespace: dict[str, Any] = {}
        exec(compile(blocks[0], "README.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
    spec = namespace["spec"]
    assert spec.validate() == []
    assert schema_errors(schema_validator(), spec.to_dict()) == []


def test_the_corpus_holds_the_terraform_variants_and_the_tests_specs() -> None:
    variants = {path.stem for path in (CORPUS / "terraform_variants").glob("*.json")}
    assert {"automatic_failover", "no_failover", "no_dr", "dr_promoted"} <= variants and len(variants) >= 7
    assert len(list((CORPUS / "from_tests").glob("*.json"))) >= 40


# ---- (b) mutations of the defaults ---------------------------------------------------------


def examples_by_path() -> dict[str, list[str]]:
    """Format examples per field path ("database.replicas[].name") from the spec reference."""
    out: dict[str, list[str]] = {}
    for section in rdha.spec_reference():
        for field in section["fields"]:
            out[field["path"]] = list(field["examples"])
    return out


def dns_name(length: int) -> str:
    """A DNS name of exactly @length characters, in labels of at most 63."""
    labels, left = [], length
    while left > 0:
        size = min(63, left if left <= 63 else left - 2)
        labels.append("a" * size)
        left -= size + 1
    return ".".join(labels)


def number_candidates(schema: dict[str, Any], integer: bool) -> list[Any]:
    step = 1 if integer else 0.5
    values: list[Any] = [-step, 0, step]  # whatever the schema says: a rule it lost shows here
    if "minimum" in schema:
        values += [schema["minimum"], schema["minimum"] - step]
    if "maximum" in schema:
        values += [schema["maximum"], schema["maximum"] + step]
    if "exclusiveMinimum" in schema:
        values += [schema["exclusiveMinimum"], schema["exclusiveMinimum"] + step]
    if "multipleOf" in schema:
        values += [schema["multipleOf"] * 2, schema["multipleOf"] * 2 + 1]
    if "enum" in schema:
        values += list(schema["enum"]) + [max(schema["enum"]) + 1]
    for branch in schema.get("anyOf", []):
        values += number_candidates(branch, integer)
    return values


def string_candidates(schema: dict[str, Any], examples: list[str]) -> list[Any]:
    if "enum" in schema:
        return list(schema["enum"]) + ["not-" + schema["enum"][0]]
    values: list[Any] = ["", "x"]  # whatever the schema says: a rule it lost shows here
    for example in examples:
        values += [example, example + " ", example.upper()]
    if "maxLength" in schema:
        values += [dns_name(schema["maxLength"]), dns_name(schema["maxLength"] + 1)]
    return values


def scalar_candidates(schema: dict[str, Any], examples: list[str]) -> list[Any]:
    kind = schema.get("type")
    if kind == "boolean":
        return [True, False]
    if kind in ("integer", "number"):
        return number_candidates(schema, kind == "integer")
    if kind == "string":
        return string_candidates(schema, examples)
    return []


def renamed(item: Any, i: int) -> Any:
    """A copy of a list item with a name of its own, so longer lists differ only in length."""
    if isinstance(item, dict) and "name" in item:
        return {**item, "name": f"{item['name']}-{i}"}
    return item


Mutation = tuple[str, str, Any]  # field path, what changed (a key of CROSS_FIELD_RULES), new value


def list_mutations(path: str, schema: dict[str, Any], default: list[Any], item_values: list[Any]) -> Iterator[Mutation]:
    if default:
        yield path, "one item", default[:1]
        yield path, "first item repeated", default + default[:1]
    for bound in ("minItems", "maxItems"):
        if bound in schema and default:
            sizes = [schema[bound] - 1] if bound == "minItems" else [schema[bound], schema[bound] + 1]
            for size in sizes:
                yield path, f"{size} items", [renamed(default[i % len(default)], i) for i in range(size)]
    for value in item_values:
        yield path, f"item 0 = {json.dumps(value)}", [value] + default[1:]


def struct_list_mutations(
    path: str, schema: dict[str, Any], default: list[Any], examples: dict[str, list[str]]
) -> Iterator[Mutation]:
    """A list of structs (replicas, endpoints): each field of its first item changed, each
    required key left out, and the list's own lengths and repeats. An empty list gets an
    item of the first enum value or "x" in each field."""
    items = schema["items"]
    first = default[0] if default else {k: c.get("enum", ["x"])[0] for k, c in items["properties"].items()}
    rest = default[1:]
    for key, child in items["properties"].items():
        for value in scalar_candidates(child, examples.get(f"{path}[].{key}", [])):
            yield path, f"item 0 {key} = {json.dumps(value)}", [{**first, key: value}] + rest
    for key in items.get("required", []):
        yield path, f"item 0 without {key}", [{k: v for k, v in first.items() if k != key}] + rest
    yield from list_mutations(path, schema, default or [first], [])


def mutations(schema: dict[str, Any], default: Any, path: str, examples: dict[str, list[str]]) -> Iterator[Mutation]:
    """The mutations of every field below @schema."""
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        for key, child in schema["properties"].items():
            child_default = default.get(key) if isinstance(default, dict) else None
            yield from mutations(child, child_default, f"{path}.{key}" if path else key, examples)
    elif kind == "array" and schema["items"].get("type") == "object":
        yield from struct_list_mutations(path, schema, default or [], examples)
    elif kind == "array":
        item_values = scalar_candidates(schema["items"], examples.get(path, []))
        yield from list_mutations(path, schema, default or [], item_values)
    else:
        yield from ((path, json.dumps(value), value) for value in scalar_candidates(schema, examples.get(path, [])))


def set_at(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(document)
    *parents, last = path.split(".")
    target = out
    for key in parents:
        target = target[key]
    target[last] = value
    return out


def disagreements() -> tuple[dict[tuple[str, str], str], list[str]]:
    """Mutations the schema accepts and the validator rejects (with the validator's
    problems), and mutations the validator accepts and the schema rejects."""
    validator = schema_validator()
    defaults = rdha.HaStackSpec().to_dict()
    schema_only: dict[tuple[str, str], str] = {}
    validator_only: list[str] = []
    seen: set[tuple[str, str]] = set()
    for path, change, value in mutations(rdha.spec_json_schema(), defaults, "", examples_by_path()):
        if (path, change) in seen:
            continue
        seen.add((path, change))
        document = set_at(defaults, path, value)
        schema_ok = not schema_errors(validator, document)
        problems = validator_problems(document)
        if schema_ok and problems:
            schema_only[(path, change)] = "; ".join(problems)
        if not schema_ok and not problems:
            validator_only.append(f"{path}: {change}: {schema_errors(validator, document)}")
    return schema_only, validator_only


def test_the_mutations_cover_every_field() -> None:
    paths = {path for path, _, _ in mutations(rdha.spec_json_schema(), rdha.HaStackSpec().to_dict(), "", examples_by_path())}
    for section in rdha.spec_reference():
        for field in section["fields"]:
            if "section" in field or field["type"].startswith("map"):
                continue  # structs are covered field by field; maps have no rules of their own
            assert field["path"].split("[")[0] in paths, field["path"]


def test_the_schema_accepts_only_what_the_validator_accepts_but_listed_cross_field_rules() -> None:
    schema_only, validator_only = disagreements()
    assert validator_only == [], "the validator accepts what the schema rejects"
    unlisted = {key: problems for key, problems in schema_only.items() if key not in CROSS_FIELD_RULES}
    assert unlisted == {}, "the schema accepts what the validator rejects: fix the schema or list the cross-field rule"
    gone = sorted(set(CROSS_FIELD_RULES) - set(schema_only))
    assert gone == [], "listed disagreements that no longer occur: remove them from CROSS_FIELD_RULES"
