"""rdha: AWS resources as a typed dependency graph, emitted as Terraform JSON.

The Python face of the rdha C++ library, for notebooks and build scripts::

    import rdha

    spec = rdha.HaStackSpec()                      # the documented production defaults
    spec.database.instance_class = "db.r6g.xlarge"
    stack = rdha.build_ha_stack(spec)              # raises rdha.SpecError listing every problem
    stack.synth("terraform_out")                   # the same files as `rdha synth`

Compose your own stack from the modules (``add_providers``, ``build_kms``,
``build_network``, ``build_peering``, ``build_secrets``, ``build_security_groups``,
``build_iam``, ``add_migration_copy``, ``build_database``, ``build_monitoring``,
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

import pathlib

try:
    from rdha import _core
except ImportError as error:
    # Built for another Python, the extension is invisible here and Python's own message
    # suggests a circular import: say which versions differ instead.
    from rdha._abi import version_mismatch

    mismatch = version_mismatch(pathlib.Path(__file__).parent)
    if mismatch is None:
        raise
    raise mismatch from error

from rdha import errors
from rdha._core import *  # noqa: F403 (the compiled module's public names: its __all__)
from rdha.errors import *  # noqa: F403 (Error and its subclasses)

__version__: str = _core.version()

__all__ = [*errors.__all__, *_core.__all__, "errors", "__version__"]
