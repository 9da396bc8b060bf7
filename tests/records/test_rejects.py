"""A rejected row stays in the rejects file until it has been loaded or the user removes
it: the file accumulates across loads, loses a row only once the graph holding it is
written, and can never be the graph or another input of the load."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner
from detnet.graph import store
from detnet.graph.errors import UsageError
from detnet.loaders.load import StrictAbort

import detnet
from detnet.cli import cli

PERSONS = "id,name\nP1,Ana\nP2,\nP3,\n"  # P2 and P3 have no name: rejected


@pytest.fixture
def records(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "persons.csv").write_text(PERSONS)
    return folder


def rows(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def ids(path):
    return sorted(row["id"] for row in rows(path))


def fix(path, id, name):
    """The analyst fixes one row of the rejects file."""
    fixed = [{**row, "name": name} if row["id"] == id else row for row in rows(path)]
    path.write_text("".join(json.dumps(row) + "\n" for row in fixed))


@pytest.mark.parametrize("strict", [False, True])
def test_rejects_cannot_be_the_graph(tmp_path, records, strict):
    graph = tmp_path / "g.json"
    detnet.load(records / "persons.csv", graph=graph)
    before = graph.read_bytes()
    with pytest.raises(UsageError, match="is the graph itself"):
        detnet.load(records, graph=graph, rejects=graph, strict=strict)
    assert graph.read_bytes() == before
    result = CliRunner().invoke(
        cli, ["load", str(records), "--graph", str(graph), "--rejects", str(graph)]
    )
    assert result.exit_code == 2
    assert result.stderr == f"Error: --rejects: {graph} is the graph itself; choose another file\n"
    assert store.read_graph(graph).number_of_nodes() == 1


def test_rejects_cannot_be_an_input_of_the_load(tmp_path, records):
    more = tmp_path / "more.jsonl"
    more.write_text('{"type": "person", "id": "P9", "name": ""}\n')
    before = more.read_bytes()
    with pytest.raises(UsageError) as e:
        detnet.load(records, more, graph=tmp_path / "g.json", rejects=more)
    assert str(e.value) == f"--rejects: {more} is an input of this load; choose another file"
    with pytest.raises(UsageError, match="is an input of this load"):
        detnet.load(records, graph=tmp_path / "g.json", rejects=records / "persons.csv")
    assert more.read_bytes() == before
    assert (records / "persons.csv").read_text() == PERSONS
    assert not (tmp_path / "g.json").exists()


def test_rejected_rows_accumulate_across_loads(tmp_path, records):
    graph = tmp_path / "g.json"
    detnet.load(records, graph=graph)
    others = tmp_path / "others"
    others.mkdir()
    (others / "persons.csv").write_text("id,name\nP4,\n")
    report = detnet.load(others, graph=graph)
    rejects = tmp_path / "g.rejects.jsonl"
    assert report.rejects_file == rejects
    assert ids(rejects) == ["P2", "P3", "P4"]  # the first load's rows are still there
    detnet.load(records, graph=graph)  # the same rows rejected again: no duplicates
    assert ids(rejects) == ["P2", "P3", "P4"]


def test_the_fix_and_reload_workflow_with_strict_loses_nothing(tmp_path, records):
    graph = tmp_path / "g.json"
    rejects = tmp_path / "g.rejects.jsonl"
    detnet.load(records, graph=graph)
    fix(rejects, "P2", "Bea")  # P3 is still bad
    with pytest.raises(StrictAbort):
        detnet.load(rejects, graph=graph, strict=True)
    assert "Person:P2" not in store.read_graph(graph)
    assert ids(rejects) == ["P2", "P3"]  # the fixed row is still there, fixed
    assert [r["name"] for r in rows(rejects) if r["id"] == "P2"] == ["Bea"]
    report = detnet.load(rejects, graph=graph)
    assert report.added == {"Person": 1}
    assert ids(rejects) == ["P3"]  # removed once loaded
    fix(rejects, "P3", "Cy")
    assert detnet.load(rejects, graph=graph).exit_code == 0
    assert not rejects.exists()  # nothing left to fix
    assert {"Person:P1", "Person:P2", "Person:P3"} <= set(store.read_graph(graph))


def test_a_graph_that_cannot_be_written_leaves_the_rejects_file_as_it_was(tmp_path, records):
    graph = tmp_path / "g.json"
    rejects = tmp_path / "g.rejects.jsonl"
    detnet.load(detnet.sample_path("synthetic"), graph=graph)  # a graph of some size
    detnet.load(records, graph=graph)
    assert graph.stat().st_size > 8192 > 4 * rejects.stat().st_size
    fix(rejects, "P2", "Bea")
    before = rejects.read_bytes()
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from detnet.cli import main\n"
        "sys.argv = ['detnet', 'load', sys.argv[1], '--graph', sys.argv[2]]\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(rejects), str(graph)],
        capture_output=True,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGXFSZ, signal.SIG_IGN),
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert rejects.read_bytes() == before  # the fixed row is still there
    assert "Person:P2" not in store.read_graph(graph)


def test_a_load_killed_after_the_graph_is_written_loses_nothing(tmp_path, records, monkeypatch):
    graph = tmp_path / "g.json"
    rejects = tmp_path / "g.rejects.jsonl"
    detnet.load(records, graph=graph)
    fix(rejects, "P2", "Bea")
    # Killed between the two writes: the graph holds P2, the rejects file still has it.
    from detnet.loaders import load as loading

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(loading, "write_rejects", killed)
    with pytest.raises(KeyboardInterrupt):
        detnet.load(rejects, graph=graph)
    assert "Person:P2" in store.read_graph(graph)
    assert ids(rejects) == ["P2", "P3"]
    monkeypatch.undo()
    report = detnet.load(rejects, graph=graph)  # loading it again settles it
    assert report.unchanged == {"Person": 1} and ids(rejects) == ["P3"]


def test_two_blank_column_names_keep_every_cell(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "persons.csv").write_text("id,name,,\nP1,,first,second\n")
    report = detnet.load(folder, graph=tmp_path / "g.json")
    [row] = rows(report.rejects_file)
    assert (row["column_3"], row["column_4"]) == ("first", "second")
    fix(report.rejects_file, "P1", "Ana")
    detnet.load(report.rejects_file, graph=tmp_path / "g.json")
    person = store.read_graph(tmp_path / "g.json").nodes["Person:P1"]
    assert (person["column_3"], person["column_4"]) == ("first", "second")


def test_the_rejects_file_is_private(tmp_path, records):
    report = detnet.load(records, graph=tmp_path / "g.json")
    assert os.stat(report.rejects_file).st_mode & 0o777 == 0o600


# Rosters (`detnet load-list`) keep their rejected rows by the same rules.

ROSTER = "name,facility_id\nOsk Dranix,C9\nFen Trevix,C8\nLur Skelent,C1\n"  # C8, C9 unknown


def load_list(path, graph, **options):
    return detnet.load_list(path, graph=graph, as_of="2026-01-15", source="S1", **options)


@pytest.fixture
def listed(tmp_path):
    """A graph holding a facility C1 and a source S1, and a roster with two bad rows."""
    from .helpers import basic

    graph = tmp_path / "g.json"
    detnet.load(basic(tmp_path / "base"), graph=graph, strict=True)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    return graph, roster


def test_a_rosters_rejects_cannot_be_the_graph_or_the_roster(tmp_path, listed):
    graph, roster = listed
    before = graph.read_bytes()
    for target, message in ((graph, "is the graph itself"), (roster, "is an input of this load")):
        result = CliRunner().invoke(
            cli,
            ["load-list", str(roster), "--as-of", "2026-01-15", "--source", "S1",
             "--graph", str(graph), "--rejects", str(target)],
        )  # fmt: skip
        assert result.exit_code == 2
        assert result.stderr == f"Error: --rejects: {target} {message}; choose another file\n"
    assert graph.read_bytes() == before and roster.read_text() == ROSTER


def test_a_fixed_roster_row_is_never_lost(tmp_path, listed):
    graph, roster = listed
    rejects = tmp_path / "g.rejects.jsonl"
    load_list(roster, graph)
    assert [r["name"] for r in rows(rejects)] == ["Osk Dranix", "Fen Trevix"]
    rejects.write_text(rejects.read_text().replace('"C9"', '"C1"'))  # Fen Trevix still bad
    with pytest.raises(StrictAbort):
        load_list(rejects, graph, strict=True)
    assert [(r["name"], r["facility_id"]) for r in rows(rejects)] == [
        ("Osk Dranix", "C1"),  # still there, fixed
        ("Fen Trevix", "C8"),
    ]
    report = load_list(rejects, graph)
    assert report.added["Status"] == 1
    assert [r["name"] for r in rows(rejects)] == ["Fen Trevix"]  # removed once loaded


def test_loads_and_rosters_add_to_one_rejects_file(tmp_path, listed, records):
    graph, roster = listed
    load_list(roster, graph)
    detnet.load(records, graph=graph)  # P1 is another person in the graph: a conflict
    assert [r.get("id") or r["name"] for r in rows(tmp_path / "g.rejects.jsonl")] == [
        "Osk Dranix", "Fen Trevix", "P1", "P2", "P3",
    ]  # fmt: skip


def test_a_rejected_roster_row_says_which_list_it_was_on(tmp_path, listed):
    graph, roster = listed
    rejects = tmp_path / "g.rejects.jsonl"
    load_list(roster, graph)
    said = {"as_of": "2026-01-15", "source": "S1"}
    assert [{k: r["_rejected"][k] for k in said} for r in rows(rejects)] == [said, said]
    result = CliRunner().invoke(cli, ["load", str(rejects), "--graph", str(graph)])
    assert result.stderr.splitlines()[0] == (
        f"rejected: {rejects}:1: type: a roster's row: load it with detnet load-list, "
        "with its --as-of and --source"
    )
    # Rejected again by `load`: the rows still say which list they were on.
    assert [{k: r["_rejected"][k] for k in said} for r in rows(rejects)] == [said, said]
