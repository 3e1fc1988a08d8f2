"""Notebook rendering: summary table plus the graph as SVG with Graphviz, Mermaid without."""

from __future__ import annotations

import shutil

import pytest

import rdha
from rdha import _display


@pytest.fixture(scope="module")
def stack() -> rdha.Stack:
    s = rdha.Stack()
    east = s.add_provider("aws", "us-east-1")
    west = s.add_provider("aws", "us-west-2", "dr")
    vpc = s.add_resource("aws_vpc", "primary", provider=east, cidr_block="10.0.0.0/16")
    s.add_resource("aws_vpc", "dr", provider=west, cidr_block="10.1.0.0/16")
    s.add_resource("aws_security_group", "db", provider=east, vpc_id=vpc.id, description="<db & app>")
    return s


def test_summary_counts_blocks_by_concern_and_region(stack):
    columns, rows = _display.stack_summary(stack)
    assert columns == ["concern", "us-east-1", "us-west-2", "total"]
    assert rows == [["network", 1, 1, 2], ["security", 1, 0, 1], ["total", 2, 1, 3]]


def test_the_graph_collapses_to_one_node_per_region_and_concern(stack):
    nodes, edges = _display.collapsed_graph(stack)
    assert nodes == [("us-east-1", "network", 1), ("us-east-1", "security", 1), ("us-west-2", "network", 1)]
    assert edges == [(("us-east-1", "security"), ("us-east-1", "network"), 1)]
    assert _display.collapsed_dot(stack) == (
        "digraph rdha_summary {\n"
        "  rankdir=LR;\n"
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];\n'
        '  edge [fontname="Helvetica", fontsize=8, color="#6b7280"];\n'
        '  subgraph "cluster_us-east-1" { label="us-east-1"; style="rounded"; color="#6b7280";\n'
        '    "us-east-1/network" [label="network\\n1 block", fillcolor="#dbeafe"];\n'
        '    "us-east-1/security" [label="security\\n1 block", fillcolor="#fee2e2"];\n'
        "  }\n"
        '  subgraph "cluster_us-west-2" { label="us-west-2"; style="rounded"; color="#6b7280";\n'
        '    "us-west-2/network" [label="network\\n1 block", fillcolor="#dbeafe"];\n'
        "  }\n"
        '  "us-east-1/security" -> "us-east-1/network" [label="1"];\n'
        "}\n"
    )


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_html_has_the_tables_and_an_inline_svg_of_the_collapsed_graph(stack):
    html = stack._repr_html_()
    assert html.startswith('<table class="rdha"><caption>3 blocks, 1 edges</caption>')
    assert "<td>network</td><td>1</td><td>1</td><td>2</td>" in html
    assert "<caption>Blocks by type</caption>" in html and "<td>aws_vpc</td><td>1</td><td>1</td><td>2</td>" in html
    assert "<td>aws.dr</td><td>us-west-2</td>" in html
    assert "<caption>Outputs</caption>" in html
    assert '<div class="rdha-graph"><svg' in html and "<?xml" not in html and "<!--" not in html
    assert "1 block" in html and "aws_vpc.primary" not in html  # collapsed: no block by address
    assert stack._repr_html_() == html  # deterministic


def test_a_stack_offers_one_rich_representation():
    """A notebook stores every representation an object offers: one holds the graph once."""
    assert {name for name in dir(rdha.Stack) if name.startswith("_repr_")} == {"_repr_html_"}


def test_without_graphviz_the_collapsed_graph_is_mermaid(stack, monkeypatch):
    monkeypatch.setattr(_display.shutil, "which", lambda name: None)
    html = stack._repr_html_()
    assert '<pre class="mermaid">flowchart LR' in html
    assert _display.collapsed_mermaid(stack) == (
        "flowchart LR\n"
        '  subgraph region_0["us-east-1"]\n'
        '    g0["network<br/>1 block"]\n'
        '    g1["security<br/>1 block"]\n'
        "  end\n"
        '  subgraph region_1["us-west-2"]\n'
        '    g2["network<br/>1 block"]\n'
        "  end\n"
        "  g1 -->|1| g0\n"
    )
    assert "&lt;br/&gt;" in html  # escaped, the Mermaid renderer reads the text


def big_stack(regions: int = 3, vpcs: int = 40) -> rdha.Stack:
    """1,200 blocks (with the defaults): per region and VPC, 4 subnets, 2 security groups, a
    route table, its association and a DB subnet group."""
    s = rdha.Stack()
    for r, region in enumerate(["us-east-1", "us-west-2", "eu-west-1"][:regions]):
        provider = s.add_provider("aws", region, "" if r == 0 else f"r{r}")
        for v in range(vpcs):
            vpc = s.add_resource("aws_vpc", f"v{r}_{v}", provider=provider, cidr_block="10.0.0.0/16")
            subnets = [
                s.add_resource("aws_subnet", f"s{r}_{v}_{k}", provider=provider, vpc_id=vpc.id,
                               cidr_block=f"10.0.{k}.0/24")
                for k in range(4)
            ]
            for name in ("g", "h"):
                s.add_resource("aws_security_group", f"{name}{r}_{v}", provider=provider, vpc_id=vpc.id)
            table = s.add_resource("aws_route_table", f"t{r}_{v}", provider=provider, vpc_id=vpc.id)
            s.add_resource("aws_route_table_association", f"a{r}_{v}", provider=provider, subnet_id=subnets[0].id,
                           route_table_id=table.id)
            s.add_resource("aws_db_subnet_group", f"d{r}_{v}", provider=provider, subnet_ids=[x.id for x in subnets])
    return s


# The full graph's SVG was ~280 KB for the default stack and ~1.6 MB for 1,200 blocks.
NOTEBOOK_BYTES_LIMIT = 32 * 1024


@pytest.mark.parametrize("build", [lambda: rdha.build_ha_stack(rdha.HaStackSpec()), big_stack],
                         ids=["default stack", "1200 blocks"])
def test_the_notebook_payload_stays_small(build):
    stack = build()
    html = stack._repr_html_()
    assert len(html.encode()) < NOTEBOOK_BYTES_LIMIT, len(html.encode())


def test_the_big_stack_has_1200_blocks():
    stack = big_stack()
    assert len(stack) == 1200
    columns, rows = _display.stack_summary(stack)
    assert rows[-1] == ["total", 400, 400, 400, 1200]


def test_html_table_escapes_cells():
    assert _display.html_table(["a"], [["<b>"]]) == (
        '<table class="rdha"><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
    )
