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


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_html_has_the_table_and_an_inline_svg(stack):
    html = stack._repr_html_()
    assert html.startswith('<table class="rdha"><caption>3 blocks, 1 edges</caption>')
    assert "<td>network</td><td>1</td><td>1</td><td>2</td>" in html
    assert '<div class="rdha-graph"><svg' in html and "<?xml" not in html
    assert "aws_vpc.primary" in html
    assert stack._repr_svg_().startswith("<svg")


def test_without_graphviz_the_graph_is_mermaid(stack, monkeypatch):
    monkeypatch.setattr(_display.shutil, "which", lambda name: None)
    html = stack._repr_html_()
    assert '<pre class="mermaid">flowchart LR' in html
    assert "&lt;br/&gt;" in html  # escaped, the Mermaid renderer reads the text
    assert stack._repr_svg_() is None
    markdown = stack._repr_markdown_()
    assert markdown.startswith("| concern | us-east-1 | us-west-2 | total |")
    assert "```mermaid\nflowchart LR" in markdown


def test_html_table_escapes_cells():
    assert _display.html_table(["a"], [["<b>"]]) == (
        '<table class="rdha"><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
    )
