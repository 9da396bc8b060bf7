"""Issue 14's "done when", through the command line: a record folder mixing orders with
imprecise dates, monthly status lists and a roster loads with only the truly bad rows
rejected, and `detnet revolving-door --format json` gives the re-arrests the lists
reveal, with their date bounds and inferred flags, the same in networkx and Neo4j."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from detnet.cli import cli

pytestmark = pytest.mark.neo4j

LISTS = "tests/data/lists"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_orders_lists_and_a_roster_give_the_same_rearrests_in_both_engines(tmp_path, neo4j_db):
    graph = str(tmp_path / "g.json")
    loaded = run("load", LISTS, "--graph", graph)
    assert loaded.exit_code == 1
    assert loaded.stderr.splitlines() == [
        f"ignored: {LISTS}/README.txt (not a record file)",
        f"ignored: {LISTS}/rosters (not a record file)",
        f"rejected: {LISTS}/orders.csv:6: date: no such date: '31/02/2025'",
        f"rejected: {LISTS}/situaciones.csv:7: person_id: unknown person 'P9'",
    ]
    listed = run("load-list", f"{LISTS}/rosters/2025-06-15.csv", "--as-of", "2025-06-15",
                 "--source", "S-LIST", "--graph", graph)  # fmt: skip
    assert listed.exit_code == 1
    assert listed.stderr.splitlines() == [
        f"rejected: {LISTS}/rosters/2025-06-15.csv:5: facility_id: unknown facility 'C9'"
    ]
    assert listed.stdout.splitlines()[1:3] == [
        "added: Order 2, Person 1, Status 4",  # Velito Morreth's arrest was on record
        "unchanged: Person 3",
    ]

    embedded = run("revolving-door", "--graph", graph, "--format", "json")
    rows = json.loads(embedded.stdout)
    assert [(r["person_id"], r["release_order_id"], r["release_date"], r["rearrest_order_id"],
             r["rearrest_date"], r["days_free_min"], r["days_free_max"], r["dates_exact"],
             r["release_inferred"], r["rearrest_inferred"]) for r in rows] == [
        ("P1", "~L2025-03-P1", "2025-02-16/2025-03-15", "~L2025-04-P1",
         "2025-03-16/2025-04-15", 1, 58, False, True, True),
        ("P2", "O3", "2025-04~", "O4", "2025-05-20", 20, 49, False, False, False),
        ("P3", "~L2025-03-P3", "2025-02-16/2025-03-15", "S-LIST:2025-06-15:P3:arrest",
         "2025-06", 78, 134, False, True, False),
    ]  # fmt: skip
    recorded = json.loads(run("revolving-door", "--graph", graph, "--format", "json",
                              "--recorded-only").stdout)  # fmt: skip
    assert [r["rearrest_order_id"] for r in recorded] == ["O4"]

    assert run("neo4j", "push", "--graph", graph).exit_code == 0
    for options in ([], ["--recorded-only"], ["--max-days", "20"], ["--exact-dates"],
                    ["--since", "junio 2025"]):  # fmt: skip
        args = ["revolving-door", "--graph", graph, "--format", "json", *options]
        on_neo4j = run(*args, "--backend", "neo4j")
        assert on_neo4j.exit_code == 0, on_neo4j.output
        assert on_neo4j.stdout == run(*args).stdout, options
