"""Notebook rendering: HTML tables and the dependency graph as SVG or Mermaid.

``Stack._repr_html_`` (summary table of blocks per concern and region, then the graph),
``_repr_svg_`` (the graph alone) and ``_repr_markdown_`` call the functions here. The graph is SVG when
Graphviz ``dot`` is on PATH (Debian ``graphviz``) and Mermaid text otherwise, which
JupyterLab and GitHub render. ``html_table`` is the one table renderer, for every tabular
result: stack summaries, check findings (``Findings._repr_html_``) and drills
(``Drill._repr_html_``: summary tables, then the runbook).
"""

from __future__ import annotations

import html
import shutil
import subprocess
from collections import Counter
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    from rdha._core import Drill, Findings, Stack

__all__ = [
    "html_table",
    "dot_to_svg",
    "stack_summary",
    "stack_repr_html",
    "stack_repr_svg",
    "stack_repr_markdown",
    "findings_repr_html",
    "drill_repr_html",
]

# `dot` on a graph of a few hundred nodes takes well under a second; the limit only
# guards a notebook against a hung process.
_DOT_TIMEOUT_SECONDS = 60


def html_table(columns: Sequence[str], rows: Iterable[Sequence[Any]], caption: str = "") -> str:
    """An HTML table with escaped cells."""
    out = ['<table class="rdha">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in columns) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def dot_to_svg(dot_text: str) -> str | None:
    """SVG rendered by Graphviz ``dot`` (without the XML prolog, ready to inline), or None
    when ``dot`` is not installed or fails."""
    dot = shutil.which("dot")
    if dot is None:
        return None
    try:
        result = subprocess.run(
            [dot, "-Tsvg"], input=dot_text.encode(), capture_output=True, timeout=_DOT_TIMEOUT_SECONDS, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    svg = result.stdout.decode()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else None


def stack_summary(stack: Stack) -> tuple[list[str], list[list[Any]]]:
    """Blocks per concern (rows) and region (columns), with totals."""
    nodes = stack.graph("json")["nodes"]
    counts = Counter((node["concern"], node["region"] or "(none)") for node in nodes)
    regions = sorted({region for _, region in counts})
    concerns = sorted({concern for concern, _ in counts})
    rows: list[list[Any]] = []
    for concern in concerns:
        cells = [counts.get((concern, region), 0) for region in regions]
        rows.append([concern, *cells, sum(cells)])
    totals = [sum(counts.get((c, region), 0) for c in concerns) for region in regions]
    rows.append(["total", *totals, sum(totals)])
    return ["concern", *regions, "total"], rows


def stack_repr_html(stack: Stack) -> str:
    """Summary table, then the graph: inline SVG with Graphviz, a Mermaid block otherwise."""
    columns, rows = stack_summary(stack)
    parts = [html_table(columns, rows, caption=f"{len(stack)} blocks, {len(stack.edges())} edges")]
    svg = dot_to_svg(stack.graph("dot"))
    if svg is not None:
        parts.append(f'<div class="rdha-graph">{svg}</div>')
    else:
        parts.append(f'<pre class="mermaid">{html.escape(stack.graph("mermaid"))}</pre>')
    return "\n".join(parts)


def stack_repr_svg(stack: Stack) -> str | None:
    """The graph as SVG, or None (Jupyter then uses the other representations)."""
    return dot_to_svg(stack.graph("dot"))


def stack_repr_markdown(stack: Stack) -> str:
    """Summary table and a Mermaid code block, for Markdown front ends."""
    columns, rows = stack_summary(stack)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    lines += ["", "```mermaid", stack.graph("mermaid").rstrip(), "```"]
    return "\n".join(lines)


def findings_repr_html(findings: Findings) -> str:
    """One row per finding (severity, rule, resource, summary, how to fix), captioned with
    the counts the text report ends with."""
    from rdha._core import Severity

    errors, warnings = findings.count(Severity.error), findings.count(Severity.warning)
    caption = (
        f"rdha check: {errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}, "
        f"{findings.count(Severity.info)} info ({findings.rules_run} rules, engine support as of "
        f"{findings.today.isoformat()})"
    )
    rows = [[str(f.severity), f.rule_id, f.title, f.address, f.summary, f.detail] for f in findings]
    return html_table(["severity", "rule", "policy", "resource", "finding", "detail"], rows, caption=caption)


def _seconds(range_: tuple[int, int] | None) -> str:
    if range_ is None:
        return "unbounded"
    low, high = range_
    return f"{low} s" if low == high else f"{low}-{high} s"


def drill_repr_html(drill: Drill) -> str:
    """Estimates, roles lost and surviving, automatic actions, degraded resources and
    warnings as tables, then the runbook as an ordered list with each step's commands."""
    parts = [
        html_table(
            ["estimate", "seconds", "in words"],
            [["RTO", _seconds(drill.rto_seconds), drill.rto], ["RPO", _seconds(drill.rpo_seconds), drill.rpo]],
            caption=f"rdha drill: loss of {drill.scenario} (region {drill.region})"
            + (" \u2014 total outage" if drill.total_outage else ""),
        ),
        html_table(
            ["", "role", "resource", "identifier", "outcome", "note"],
            [["lost", o.role, o.address, o.identifier, o.outcome, o.note] for o in drill.lost]
            + [["surviving", o.role, o.address, o.identifier, o.outcome, o.note] for o in drill.surviving],
            caption="Database roles",
        ),
    ]
    if drill.automatic_actions:
        parts.append(
            html_table(
                ["action", "resource", "typical", "what happens"],
                [
                    [a.action, a.target, "" if a.seconds is None else _seconds(a.seconds), a.description]
                    for a in drill.automatic_actions
                ],
                caption="Automatic (AWS)",
            )
        )
    if drill.degraded:
        parts.append(html_table(["resource", "what it means"], [[n.address, n.note] for n in drill.degraded],
                                caption="Degraded"))
    if drill.warnings:
        parts.append(html_table(["warning"], [[w] for w in drill.warnings], caption="Warnings"))
    steps = []
    for step in drill.manual_steps:
        flags = [flag for flag, on in (("irreversible", step.irreversible), ("automated", step.automated)) if on]
        where = " ".join(
            f"{key}: {html.escape(value)}" for key, value in (("target", step.target), ("region", step.region)) if value
        )
        commands = "\n".join(f"$ {command}" for command in step.commands)
        steps.append(
            f'<li data-step="{html.escape(step.id)}"><b>[{html.escape(str(step.phase))}] {html.escape(step.title)}</b>'
            + (f" <i>({', '.join(flags)})</i>" if flags else "")
            + f"<br/>{html.escape(step.description)}"
            + (f"<br/><small>{where}</small>" if where else "")
            + (f"<pre>{html.escape(commands)}</pre>" if commands else "")
            + "</li>"
        )
    parts.append(
        f'<div class="rdha-runbook"><b>{html.escape(drill.runbook.title)}</b>'
        + (f"<ol>{''.join(steps)}</ol>" if steps else "<p>No manual steps.</p>")
        + "</div>"
    )
    return "\n".join(parts)
