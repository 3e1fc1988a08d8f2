"""rdha: AWS resources as a typed dependency graph, emitted as Terraform JSON.

The Python face of the rdha C++ library, for notebooks and build scripts::

    import rdha

    spec = rdha.HaStackSpec()                      # the documented production defaults
    spec.database.instance_class = "db.r6g.xlarge"
    stack = rdha.build_ha_stack(spec)              # raises rdha.SpecError listing every problem
    stack.synth("terraform_out")                   # the same files as `rdha synth`

Compose your own stack from the modules (``add_providers``, ``build_kms``,
``build_network``, ``build_peering``, ``build_secrets``, ``build_security_groups``,
``build_iam``, ``build_database``, ``build_monitoring``,
``build_failover``), or add any block by type::

    db = stack["aws_db_instance.primary"]
    alarm = stack.add_resource(
        "aws_cloudwatch_metric_alarm", "primary_read_iops",
        alarm_name="primary-read-iops", namespace="AWS/RDS", metric_name="ReadIOPS",
        comparison_operator="GreaterThanThreshold", threshold=5000, evaluation_periods=3,
        period=60, statistic="Average", dimensions={"DBInstanceIdentifier": db.identifier},
    )

Keyword arguments are checked against the provider schema (an unknown one raises
``SchemaError`` with a suggestion). Attribute access on a handle returns a :class:`Ref`
(``db.arn``); putting a Ref, or a list or dict holding Refs, into another block records
the dependency edge. Plain ``str`` values are literals (a literal ``"${"`` is escaped);
``rdha.tmpl(...)`` mixes text and references, ``rdha.expr("...")`` is raw HCL.

Check the stack against the HA/DR and security policy rules, and drill a failure::

    findings = stack.check(today="2026-11-26")     # rdha.Findings: a sequence of rdha.Finding
    findings.has_errors, findings.to_sarif()
    drill = stack.drill(fail="region:us-east-1")   # or "az:us-east-1a"
    drill.promotion_target, drill.rto_seconds, drill.manual_steps

In a notebook a :class:`Stack` renders as a summary table (blocks per concern and region)
and its dependency graph: SVG when Graphviz ``dot`` is installed, Mermaid text otherwise;
:class:`Findings` render as a table and a :class:`Drill` as its summary and runbook.
Errors are :class:`rdha.Error` subclasses whose ``str()`` is the C++ message.
"""

from __future__ import annotations

from rdha import errors
from rdha.errors import CycleError, EmitError, Error, GraphError, SchemaError, SpecError, ValidationError

from rdha import _core
from rdha._core import (
    AlarmsSpec,
    AutomaticAction,
    Database,
    DatabaseSpec,
    DbRole,
    DbRoleOutcome,
    Drill,
    DrReplicaSpec,
    Failover,
    FailoverSpec,
    FailureDomain,
    Finding,
    Findings,
    HaStack,
    HaStackSpec,
    IamRoles,
    KmsKeys,
    KmsMode,
    MasterSecret,
    MonitoringSpec,
    NetworkSpec,
    Node,
    NotificationEndpoint,
    NotificationEndpointList,
    Monitoring,
    Output,
    ParametersSpec,
    PasswordSource,
    Peering,
    PerRegionIds,
    Problem,
    ProviderConfig,
    ProviderRef,
    Providers,
    Ref,
    RegionContext,
    RegionDatabase,
    RegionNetwork,
    RegionRole,
    RegionSecurity,
    RegionSpec,
    ReplicaSpec,
    ReplicaSpecList,
    RequiredProvider,
    ResourceHandle,
    ResourceNote,
    Rule,
    Runbook,
    RunbookStep,
    ScannerCheck,
    SecuritySpec,
    Severity,
    Stack,
    StepPhase,
    StorageType,
    StringList,
    StringMap,
    Template,
    Variable,
    add_outputs,
    add_providers,
    build_database,
    build_failover,
    build_ha_stack,
    build_ha_stack_parts,
    build_iam,
    build_kms,
    build_monitoring,
    build_network,
    build_peering,
    build_secrets,
    build_security_groups,
    check,
    drill,
    engine_major_version,
    escape_template,
    expr,
    managed_file_names,
    named,
    parameter_group_family,
    render,
    rule,
    rules,
    spec_from_json,
    spec_from_json_text,
    spec_json_schema,
    tmpl,
    to_dot,
    to_graph_json,
    to_mermaid,
    to_tf_json,
    validate,
    validate_or_throw,
    write_tf_json,
)

__version__: str = _core.version()

__all__ = [
    # errors
    "Error",
    "SpecError",
    "GraphError",
    "CycleError",
    "SchemaError",
    "EmitError",
    "ValidationError",
    "Problem",
    "errors",
    # the specification
    "HaStackSpec",
    "NetworkSpec",
    "RegionSpec",
    "DatabaseSpec",
    "ReplicaSpec",
    "DrReplicaSpec",
    "ParametersSpec",
    "MonitoringSpec",
    "AlarmsSpec",
    "NotificationEndpoint",
    "SecuritySpec",
    "FailoverSpec",
    "PerRegionIds",
    "PasswordSource",
    "KmsMode",
    "StorageType",
    "StringList",
    "StringMap",
    "ReplicaSpecList",
    "NotificationEndpointList",
    "validate",
    "validate_or_throw",
    "spec_from_json",
    "spec_from_json_text",
    "spec_json_schema",
    "named",
    "engine_major_version",
    "parameter_group_family",
    # the graph
    "Stack",
    "ResourceHandle",
    "Node",
    "DbRole",
    "Ref",
    "Template",
    "ProviderRef",
    "ProviderConfig",
    "RequiredProvider",
    "Variable",
    "Output",
    "expr",
    "tmpl",
    "escape_template",
    # the HA stack and its modules
    "build_ha_stack",
    "build_ha_stack_parts",
    "add_outputs",
    "add_providers",
    "build_kms",
    "build_network",
    "build_peering",
    "build_secrets",
    "build_security_groups",
    "build_iam",
    "build_database",
    "build_monitoring",
    "build_failover",
    "HaStack",
    "RegionContext",
    "RegionRole",
    "Providers",
    "KmsKeys",
    "RegionNetwork",
    "Peering",
    "MasterSecret",
    "RegionSecurity",
    "IamRoles",
    "RegionDatabase",
    "Database",
    "Monitoring",
    "Failover",
    # emission and export
    "to_tf_json",
    "render",
    "write_tf_json",
    "managed_file_names",
    "to_dot",
    "to_mermaid",
    "to_graph_json",
    # analyses: policy checks and failure drills
    "check",
    "rules",
    "rule",
    "Rule",
    "ScannerCheck",
    "Severity",
    "Finding",
    "Findings",
    "drill",
    "Drill",
    "FailureDomain",
    "DbRoleOutcome",
    "ResourceNote",
    "AutomaticAction",
    "Runbook",
    "RunbookStep",
    "StepPhase",
    "__version__",
]
