"""Issue 17's "done when", on a real Neo4j: a record folder with institutions, orders signed
by a body, the new kinds and conditions loads; pushed, it comes back whole; and the
institution commands print the same JSON from Neo4j as from the graph file."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from detnet.graph import neo4j, store

from detnet.cli import cli

from .helpers import graph_as_sets, wipe

pytestmark = pytest.mark.neo4j

FOLDER = "tests/data/institutions"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def pushed(neo4j_server, tmp_path_factory) -> str:
    graph = str(tmp_path_factory.mktemp("institutions") / "g.json")
    assert run("load", FOLDER, "--graph", graph, "--strict").exit_code == 0
    wipe(neo4j_server)
    result = run("neo4j", "push", "--graph", graph)
    assert result.exit_code == 0, result.output
    return graph


def test_a_pushed_graph_with_institutions_comes_back_whole(pushed, neo4j_server):
    pulled, report = neo4j.fetch(connection=neo4j_server)
    assert graph_as_sets(pulled) == graph_as_sets(store.open_graph(pushed))
    assert report.skipped_nodes == report.skipped_relationships == 0


@pytest.mark.parametrize(
    "args",
    [
        ["revolving-door", "--by-institution"],
        ["revolving-door", "--by-institution", "--include-claimed"],
        ["revolving-door", "--institution", "I-ROOT"],
        ["revolving-door", "--institution", "I-COURT", "--include-claimed"],
        ["institution", "I-ROOT"],
        ["institution", "I-COURT", "--include-claimed"],
        ["release-conditions"],
        ["release-conditions", "--by-institution", "--include-claimed"],
        ["official", "F3b"],
        ["detained-on", "2024-02-15"],
        ["custody-gaps"],
        ["timeline"],
    ],
    ids=" ".join,
)
def test_the_same_json_from_neo4j_as_from_the_file(pushed, args):
    embedded = run(*args, "--graph", pushed, "--format", "json")
    on_neo4j = run(*args, "--backend", "neo4j", "--format", "json")
    assert embedded.exit_code == on_neo4j.exit_code == 0, on_neo4j.output
    assert on_neo4j.stdout == embedded.stdout
    assert json.loads(embedded.stdout)  # something found: equal empty outputs prove little
