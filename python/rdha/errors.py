"""The exceptions rdha raises: one hierarchy rooted at :class:`Error`.

They mirror the C++ classes of ``rdha/error.hpp``. ``str(e)`` is the C++ ``what()``::

    [rdha.<kind>.<code>] (<subject>) <what happened>. <how to fix>.

and the parts are attributes: ``kind`` ("spec", "graph", "schema", "emit", "validation",
"plan", "internal"),
``code`` (stable, machine-readable: "unknown_argument", "cycle", ...), ``subject`` (the
resource address or spec field path, "" if none) and ``message`` (the text without the
bracketed prefix and subject). Aggregate errors list every ``problems`` entry
(:class:`rdha.Problem`: ``subject`` and ``message``); a :class:`CycleError` lists its
``cycles`` and ``self_references``, and so does a :class:`ValidationError` that found them.

The compiled module raises these classes for every C++ ``rdha::Error``::

    try:
        rdha.build_ha_stack(spec)
    except rdha.SpecError as e:
        for problem in e.problems:
            print(problem.subject, problem.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from rdha._core import Problem

__all__ = [
    "Error", "SpecError", "GraphError", "CycleError", "SchemaError", "EmitError", "ValidationError", "PlanError", "InternalError",
]


class Error(Exception):
    """Base of every exception rdha raises."""

    kind: str
    code: str
    subject: str
    message: str
    problems: list[Problem]

    def __init__(
        self,
        what: str = "",
        *,
        kind: str = "",
        code: str = "",
        subject: str = "",
        message: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__(what)
        self.kind = kind
        self.code = code
        self.subject = subject
        self.message = what if message is None else message
        self.problems = list(problems)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class SpecError(Error):
    """A specification (HaStackSpec, config dictionary or JSON) is invalid; ``problems``
    lists every problem, each naming the field path."""


class GraphError(Error):
    """The dependency graph is malformed: duplicate address, dangling reference, unknown
    provider configuration, illegal cross-reference."""


class _Cycles(Error):
    """The base of the errors about dependency cycles (CycleError, ValidationError):
    ``cycles`` holds each cycle as a list of addresses (first address repeated at the end),
    ``self_references`` the resources that reference themselves."""

    cycles: list[list[str]]
    self_references: list[str]

    def __init__(
        self,
        what: str = "",
        *,
        cycles: Sequence[Sequence[str]] = (),
        self_references: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(what, **kwargs)
        self.cycles = [list(cycle) for cycle in cycles]
        self.self_references = list(self_references)


class CycleError(_Cycles, GraphError):
    """The graph has cycles: ``cycles`` holds each as a list of addresses (first address
    repeated at the end), ``self_references`` the resources that reference themselves."""


class SchemaError(Error):
    """An argument does not fit the provider schema: unknown argument (with a suggestion),
    wrong type, missing required argument, literal secret."""


class EmitError(Error):
    """Writing Terraform JSON failed; the previous output is left intact."""


class ValidationError(_Cycles):
    """``Stack.validate`` (and ``write_tf_json``, ``synth``, which validate first) found
    problems: always this class, with every problem in ``problems``, also when there is one.
    Each problem's message starts with the ``[rdha.<kind>.<code>]`` of its failure. With one
    problem, ``kind``, ``code``, ``subject``, ``message`` and ``str(e)`` are that failure's;
    with several, ``kind`` is "validation", ``code`` "failed" and ``str(e)`` lists them all.
    When the graph has cycles, ``cycles`` and ``self_references`` list them as a
    :class:`CycleError` does (both empty otherwise)."""


class PlanError(Error):
    """A plan given to ``plan_check`` (or a waiver of it) cannot be used: the file cannot be
    read, is not JSON, or is not ``terraform show -json`` of a saved plan; ``subject`` names
    the file."""


class InternalError(Error):
    """Anything else that stopped rdha inside C++: an exception that is not one of the
    classes above (``code`` "unexpected": a bug, please report it) or exhausted memory
    (``code`` "out_of_memory")."""
