"""Notebook rendering: HTML tables and a collapsed dependency graph.

``Stack._repr_html_`` (summary tables, then the graph collapsed to one node per concern and
region) is a stack's one rich representation, so a notebook stores one graph, not an SVG, a
PNG and a Mermaid copy of it. Collapsing keeps the payload small whatever the stack's size
(the full graph of the default stack is a ~280 KB SVG); ``Stack.graph()`` still exports every
block. The graph is SVG when Graphviz ``dot`` is on PATH (Debian ``graphviz``) and Mermaid
text otherwise. ``html_table`` is the one table renderer, for every tabular result: stack
summaries, check findings (``Findings._repr_html_``) and drills (``Drill._repr_html_``:
summary tables, then the runbook).
"""

from __future__ import annotations

import html
import re
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
    "collapsed_graph",
    "collapsed_dot",
    "collapsed_mermaid",
    "stack_repr_html",
    "findings_repr_html",
    "drill_repr_html",
]

# `dot` on a graph of a few hundred nodes takes well under a second; the limit only
# guards a notebook against a hung process.
_DOT_TIMEOUT_SECONDS = 60

# The region column and group of blocks without one (hashicorp/random, global lookups).
_NO_REGION = "(none)"


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
    """SVG rendered by Graphviz ``dot`` (without the XML prolog and comments, ready to
    inline), or None when ``dot`` is not installed or fails."""
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
    # Graphviz comments every node and edge with its name: text the drawing repeats.
    return re.sub(r"<!--.*?-->\n?", "", svg[start:], flags=re.S) if start >= 0 else None


def _count_table(nodes: list[dict[str, Any]], key: str) -> tuple[list[str], list[list[Any]]]:
    """Blocks per ``key`` (rows) and region (columns), with totals."""
    counts = Counter((node[key], node["region"] or _NO_REGION) for node in nodes)
    regions = sorted({region for _, region in counts})
    keys = sorted({k for k, _ in counts})
    rows: list[list[Any]] = []
    for k in keys:
        cells = [counts.get((k, region), 0) for region in regions]
        rows.append([k, *cells, sum(cells)])
    totals = [sum(counts.get((k, region), 0) for k in keys) for region in regions]
    rows.append(["total", *totals, sum(totals)])
    return [key, *regions, "total"], rows


def stack_summary(stack: Stack) -> tuple[list[str], list[list[Any]]]:
    """Blocks per concern (rows) and region (columns), with totals."""
    return _count_table(stack.graph("json", edge_labels=False)["nodes"], "concern")


def collapsed_graph(stack: Stack) -> tuple[list[tuple[str, str, int]], list[tuple[tuple[str, str], tuple[str, str], int]]]:
    """The graph with one node per (region, concern): ``[(region, concern, blocks)]`` and
    ``[((region, concern), (region, concern), edges)]`` between different nodes, sorted.
    Its size depends on the regions and concerns, not on the number of blocks."""
    graph = stack.graph("json", edge_labels=False)
    group = {node["address"]: (node["region"], node["concern"]) for node in graph["nodes"]}
    nodes = Counter(group.values())
    edges = Counter((group[e["from"]], group[e["to"]]) for e in graph["edges"] if group[e["from"]] != group[e["to"]])
    return [(r, c, n) for (r, c), n in sorted(nodes.items())], [(a, b, n) for (a, b), n in sorted(edges.items())]


def _blocks(count: int) -> str:
    return f"{count} block{'' if count == 1 else 's'}"


def _nodes_by_region(nodes: list[tuple[str, str, int]]) -> dict[str, list[tuple[str, int]]]:
    """The collapsed nodes grouped by region, in their order: {region: [(concern, count)]}."""
    by_region: dict[str, list[tuple[str, int]]] = {}
    for region, concern, count in nodes:
        by_region.setdefault(region, []).append((concern, count))
    return by_region


def collapsed_dot(stack: Stack) -> str:
    """The collapsed graph as DOT: a cluster per region, nodes filled by concern as in
    ``Stack.graph()``, edges labelled with the number of dependencies they stand for."""
    fills = stack.graph("json", legend=True, edge_labels=False)["legend"]["fill_by_concern"]
    nodes, edges = collapsed_graph(stack)
    out = [
        "digraph rdha_summary {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8, color="#6b7280"];',
    ]
    by_region = _nodes_by_region(nodes)
    for region, members in by_region.items():
        indent = "    " if region else "  "
        if region:
            out.append(f'  subgraph "cluster_{region}" {{ label="{region}"; style="rounded"; color="#6b7280";')
        for concern, count in members:
            out.append(f'{indent}"{region}/{concern}" [label="{concern}\\n{_blocks(count)}", fillcolor="{fills[concern]}"];')
        if region:
            out.append("  }")
    for (from_region, from_concern), (to_region, to_concern), count in edges:
        out.append(f'  "{from_region}/{from_concern}" -> "{to_region}/{to_concern}" [label="{count}"];')
    out.append("}")
    return "\n".join(out) + "\n"


def collapsed_mermaid(stack: Stack) -> str:
    """The collapsed graph as a Mermaid flowchart, for notebooks without Graphviz."""
    nodes, edges = collapsed_graph(stack)
    ids = {(region, concern): f"g{i}" for i, (region, concern, _) in enumerate(nodes)}
    out = ["flowchart LR"]
    by_region = _nodes_by_region(nodes)
    for k, (region, members) in enumerate(by_region.items()):
        if region:
            out.append(f'  subgraph region_{k}["{region}"]')
        for concern, count in members:
            out.append(f'    {ids[(region, concern)]}["{concern}<br/>{_blocks(count)}"]')
        if region:
            out.append("  end")
    for source, target, count in edges:
        out.append(f"  {ids[source]} -->|{count}| {ids[target]}")
    return "\n".join(out) + "\n"


def stack_repr_html(stack: Stack) -> str:
    """Summary tables (blocks by concern and region, by type and region, providers,
    outputs), then the collapsed graph: inline SVG with Graphviz, a Mermaid block otherwise."""
    nodes = stack.graph("json", edge_labels=False)["nodes"]
    columns, rows = _count_table(nodes, "concern")
    parts = [html_table(columns, rows, caption=f"{len(stack)} blocks, {len(stack.edges())} edges")]
    columns, rows = _count_table(nodes, "type")
    parts.append(html_table(columns, rows, caption="Blocks by type"))
    parts.append(
        html_table(["provider", "region"], [[str(p), p.region or _NO_REGION] for p in stack.providers()],
                   caption="Providers")
    )
    outputs = stack.outputs()
    parts.append(
        html_table(["output", "description", "sensitive"],
                   [[name, outputs[name].description, "yes" if outputs[name].sensitive else ""] for name in sorted(outputs)],
                   caption="Outputs")
    )
    svg = dot_to_svg(collapsed_dot(stack))
    if svg is not None:
        parts.append(f'<div class="rdha-graph">{svg}</div>')
    else:
        parts.append(f'<pre class="mermaid">{html.escape(collapsed_mermaid(stack))}</pre>')
    return "\n".join(parts)


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
