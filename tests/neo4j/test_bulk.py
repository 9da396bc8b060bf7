"""The bulk path: `detnet neo4j bulk` files, imported by `neo4j-admin database import`
into a server of their own (tools/neo4j/server.sh import), hold what a push writes, and
every saved query gives there the rows its networkx twin gives."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from detnet.graph import neo4j, store
from detnet.graph.errors import UsageError
from detnet.graph.neo4j.bulk import write_import
from detnet.queries import registry

import detnet
from detnet.cli import cli

from .helpers import frozen_props, rows_as_set
from .test_parity import cases

pytestmark = pytest.mark.neo4j

SERVER = Path(__file__).resolve().parents[2] / "tools" / "neo4j" / "server.sh"


def content(connection: neo4j.Connection) -> tuple[set, set]:
    """Every node and relationship by what it holds, not by its element id."""
    nodes = connection.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = connection.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS la, a.id AS a, "
        "labels(b) AS lb, b.id AS b, properties(r) AS props"
    )
    return (
        {(tuple(n["labels"]), frozen_props(n["props"])) for n in nodes},
        {
            (r["type"], tuple(r["la"]), r["a"], tuple(r["lb"]), r["b"], frozen_props(r["props"]))
            for r in rels
        },
    )


@pytest.fixture(scope="module")
def part2_graph():
    G = store.new_graph()
    detnet.load("tests/data/part2", graph=G)
    return G


@pytest.fixture(scope="module")
def imported(neo4j_server, part2_graph, tmp_path_factory):
    """A second server (its own run dir), loaded by the importer from the bulk files."""
    folder = tmp_path_factory.mktemp("bulk") / "import"
    write_import(part2_graph, folder)
    home = tmp_path_factory.mktemp("bulk-home")
    env = {**os.environ, "DETNET_NEO4J_HOME": str(home)}
    done = subprocess.run(
        ["bash", str(SERVER), "import", str(folder)], env=env, capture_output=True, text=True
    )
    try:
        assert done.returncode == 0, done.stderr
        exports = dict(
            line.removeprefix("export ").split("=", 1) for line in done.stdout.splitlines()
        )
        with neo4j.connect(neo4j.Settings.from_env(exports)) as connection:
            yield connection
    finally:
        subprocess.run(["bash", str(SERVER), "stop"], env=env, capture_output=True)


def test_the_imported_database_holds_what_a_push_writes(imported, neo4j_db, part2_graph):
    neo4j.push(part2_graph, connection=neo4j_db)
    assert content(imported) == content(neo4j_db)
    assert neo4j.check(imported)["constraints"] == neo4j.check(neo4j_db)["constraints"]


# Queries that between them read every label and relationship type the importer writes,
# and every kind of value (dates and times, lists, numbers): parity of every query with
# its twin is tests/neo4j/test_parity.py's; this is about what the importer wrote, and
# each query planned on a fresh server costs seconds.
READING_EVERYTHING = (
    "revolving_door",
    "detained_on_by_facility",
    "timeline",
    "institution_profile",
    "family_reprisals",
    "reconcile",
    "shortest_path",
)


def test_saved_queries_give_the_twins_rows_on_the_imported_database(imported, part2_graph):
    for name in READING_EVERYTHING:
        q = registry.query(name)
        for params in cases(name, part2_graph):
            embedded = registry.run(name, params, graph=part2_graph)
            rows = registry.run(name, params, backend="neo4j", connection=imported)
            where = f"{name} {params}"
            assert rows_as_set(rows, q.columns) == rows_as_set(embedded, q.columns), where
            assert list(rows) == list(embedded), where


def test_bulk_writes_one_file_per_header_and_the_importer_arguments(tmp_path, part2_graph):
    report = write_import(part2_graph, tmp_path / "out")
    args = (tmp_path / "out" / "import.args").read_text(encoding="utf-8").splitlines()
    files = [a.split("=", 2)[2] for a in args if a.startswith(("--nodes=", "--relationships="))]
    assert len(files) == report.files and all(Path(f).is_file() for f in files)
    assert sum(report.nodes.values()) == part2_graph.number_of_nodes()
    header = Path(files[0]).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith('"id:ID(')


def test_bulk_refuses_a_folder_that_holds_files(tmp_path, part2_graph):
    (tmp_path / "old.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(UsageError, match="the folder is not empty"):
        write_import(part2_graph, tmp_path)


def test_the_bulk_command_says_what_it_wrote_and_what_to_run(tmp_path):
    graph = tmp_path / "g.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["load", "tests/data/part2", "--graph", str(graph)]).exit_code == 0
    result = runner.invoke(cli, ["neo4j", "bulk", "--graph", str(graph), str(tmp_path / "f")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"next: tools/neo4j/server.sh import {tmp_path / 'f'} (see docs/neo4j.md)"
    )
    again = runner.invoke(cli, ["neo4j", "bulk", "--graph", str(graph), str(tmp_path / "f")])
    assert again.exit_code == 2
    assert again.output == f"Error: {tmp_path / 'f'}: the folder is not empty; name a new one\n"
