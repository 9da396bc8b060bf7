"""The analysis commands through click's CliRunner: output, exact messages, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from detnet.graph.store import write_graph

import detnet
from detnet.cli import cli

from .graphs import Order, build

ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "tests" / "data" / "messy"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def graph(tmp_path) -> Path:
    G = build(
        [
            Order("A1", "arrest", "2024-01-10", "P1", "F1", "C1"),
            Order("R1", "release", "2024-02-10", "P1", "F2", "C1"),
            Order("A2", "arrest", "2024-03-01", "P1", "F1", "C2"),
            Order("R2", "release", "2024-02-01", "P2", None, None, "claimed"),
            Order("A3", "arrest", "2024-02-11", "P2", "F2"),
            Order("A4", "arrest", "2024-01-05", "P3", "F1", "C1"),
            Order("R4", "release", "2024-02-15", "P3", None, None, "claimed"),
        ],
        family=[("P1", "P2", "sibling")],
        names={"P1": '=HYPERLINK("http://x","y")', "P2": "Velito Morreth", "F1": "Judge One"},
    )
    return write_graph(G, tmp_path / "graph.json")


def test_revolving_door_json_is_the_python_result(graph):
    result = run("revolving-door", "--graph", graph, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == detnet.revolving_door(graph)
    claimed = run("revolving-door", "--graph", graph, "--format", "json", "--include-claimed")
    assert json.loads(claimed.stdout) == detnet.revolving_door(graph, include_claimed=True)
    assert len(json.loads(claimed.stdout)) == 2


def test_revolving_door_csv_neutralises_formulas(graph):
    result = run("revolving-door", "--graph", graph, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(detnet.revolving_door.columns)
    assert rows[1][:3] == ["P1", '\'=HYPERLINK("http://x","y")', "R1"]
    assert rows[1][9:11] == ["20", "true"]


def test_revolving_door_by_official_and_filters(graph):
    result = run(
        "revolving-door", "--graph", graph, "--by-official", "--include-claimed",
        "--format", "csv",
    )  # fmt: skip
    assert result.stdout == (
        "official_id,official_name,rearrests,persons,median_days_free\n"
        "F1,Judge One,1,1,20\n"
        "F2,Name of F2,1,1,10\n"
    )
    none = run("revolving-door", "--graph", graph, "--since", "02/03/2024", "--until", "2024-12-31")
    assert none.stdout == "(no rows)\n"
    table = run("revolving-door", "--graph", graph, "--max-days", "20", "--official", "F1")
    assert table.stdout.splitlines()[0].split() == list(detnet.revolving_door.columns)
    assert len(table.stdout.splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["revolving-door", "--official", "F9"], "unknown official 'F9'"),
        (["revolving-door", "--since", "2024-02-30"], "--since: no such date: '2024-02-30'"),
        (
            ["revolving-door", "--until", "tomorrow"],
            "--until: not a date: 'tomorrow' (expected a day, month, year or range, e.g. 2019-03-10, 10/03/2019, marzo 2019, 2019)",
        ),
        (
            ["revolving-door", "--max-days", "-1"],
            "--max-days: expected a whole number, 0 or more, not '-1'",
        ),
        (["timeline", "--facility", "C9"], "unknown facility 'C9'"),
        (["timeline", "--plot", "chart.jpg"], "--plot: 'chart.jpg': the file name must end in .png or .svg"),
        (["detained-on", "31/04/2024"], "DATE: no such date: '31/04/2024'"),
        (["detained-on", "2024-04-01", "--facility", "C9"], "unknown facility 'C9'"),
        (["official", "F9"], "unknown official 'F9'"),
        (["family-reprisals", "--within", "-5"], "--within: expected a whole number, 0 or more, not '-5'"),
        (["custody-gaps", "--min-days", "-5"], "--min-days: expected a whole number, 0 or more, not '-5'"),
        (["rank", "officials", "--limit", "-1"], "--limit: expected a whole number, 0 or more, not '-1'"),
        (["path", "P1", "P9"], "unknown person 'P9'"),
        (["ego", "P9"], "unknown node 'P9'"),
        (["ego", "P1", "--hops", "-1"], "--hops: expected a whole number, 0 or more, not '-1'"),
        (["export", "--hops", "1"], "--hops: only with --ego"),
        (["export", "--ego", "Person:P9"], "unknown node 'Person:P9'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_error_line(graph, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*args, "--graph", graph)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""


def test_a_missing_graph_is_one_error_line(tmp_path):
    result = run("revolving-door", "--graph", tmp_path / "none.json")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path / 'none.json'}: no graph here yet; run `detnet load RECORDS` or give --graph\n"
    )


def test_timeline_prints_and_plots(graph, tmp_path):
    result = run("timeline", "--graph", graph, "--format", "json", "--plot", tmp_path / "t.svg")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == detnet.timeline(graph)
    assert result.stderr == f"chart: {tmp_path / 't.svg'}\n"
    svg = (tmp_path / "t.svg").read_text()
    assert "Arrests and releases per month" in svg and "records up to 2024-03-01" in svg
    weeks = run("timeline", "--graph", graph, "--period", "week", "--official", "F1")
    assert [line.split()[:6] for line in weeks.stdout.splitlines()[2:4]] == [
        ["2024-01-01", "1", "0", "0", "0", "1"],
        ["2024-01-08", "1", "0", "0", "0", "2"],
    ]


def test_detained_on_shows_counts_then_persons(graph):
    result = run("detained-on", "2024-02-20", "--graph", graph)
    lines = result.stdout.splitlines()
    assert lines[0].split() == list(detnet.detained_on_by_facility.columns)
    assert lines[2].split() == ["C1", "Name", "of", "C1", "0", "1", "1", "0"]
    assert lines[3].split() == ["-", "-", "1", "0", "1", "0"]  # unknown facility: -
    assert lines[4] == ""
    assert lines[5].split()[:4] == ["facility_id", "facility_name", "person_id", "person_name"]
    data = json.loads(run("detained-on", "20/02/2024", "--graph", graph, "--format", "json").stdout)
    assert data["day"] == "2024-02-20"
    assert data["by_facility"] == detnet.detained_on_by_facility(graph, day="2024-02-20")
    assert data["persons"] == detnet.detained_on(graph, day="2024-02-20")
    assert [(r["person_id"], r["custody"], r["facility_id"]) for r in data["persons"]] == [
        ("P3", "release_claimed", "C1"),
        ("P2", "held", None),
    ]


def test_official_profile_sections(graph):
    result = run("official", "F1", "--graph", graph)
    assert result.exit_code == 0
    text = result.stdout
    assert text.splitlines()[2].split() == ["official_id", "F1"]
    for heading in (
        "Orders by year",
        "Facilities named in their orders",
        "Persons their orders concerned",
        "Officials with orders on the same persons",
    ):
        assert f"\n{heading}\n" in text
    data = json.loads(run("official", "F1", "--graph", graph, "--format", "json").stdout)
    assert data["profile"] == detnet.official_profile(graph, official="F1")[0]
    assert data["co_officials"] == detnet.official_co_officials(graph, official="F1")
    assert list(data) == ["profile", "orders_by_year", "facilities", "persons", "co_officials",
                          "reference"]  # fmt: skip


def test_family_reprisals_and_custody_gaps(graph):
    result = run("family-reprisals", "--graph", graph, "--within", "40", "--format", "json")
    assert json.loads(result.stdout) == detnet.family_reprisals(graph, within=40)
    found = [(r["trigger_order_id"], r["arrest_order_id"]) for r in json.loads(result.stdout)]
    assert found == [("A1", "A3"), ("R1", "A3"), ("R2", "A2"), ("A3", "A2")]
    gaps = run("custody-gaps", "--graph", graph, "--format", "csv", "--min-days", "1")
    assert gaps.stdout.splitlines()[1].startswith("P2,Velito Morreth,A3,arrest,2024-02-11,F2,")


def test_rank_path_and_ego(graph, tmp_path):
    rank = run("rank", "officials", "--graph", graph, "--by", "persons", "--format", "csv")
    assert rank.stdout.splitlines()[1:3] == ["1,F1,Judge One,3,2,1,", "2,F2,Name of F2,2,2,0,"]
    path = run("path", "P2", "P1", "--graph", graph)
    assert (
        path.stdout
        == 'Velito Morreth (Person) -[FAMILY sibling]- =HYPERLINK("http://x","y") (Person)\n'
    )
    G = build(
        [Order("O1", "arrest", "2024-01-01", "P1"), Order("O2", "arrest", "2024-01-01", "P2")]
    )
    apart = write_graph(G, tmp_path / "apart.json")
    assert (
        run("path", "P1", "P2", "--graph", apart).stdout == "no connection between 'P1' and 'P2'\n"
    )
    assert run("path", "P1", "P2", "--graph", apart, "--format", "json").stdout == "[]\n"
    listed = run("ego", "P2", "--hops", "1", "--graph", graph, "--format", "csv")
    assert list(csv.reader(io.StringIO(listed.stdout)))[1:] == [
        ["Person:P2", "Person", "P2", "Velito Morreth", "0"],
        ["Order:A3", "Order", "A3", "arrest 2024-02-11", "1"],
        ["Order:R2", "Order", "R2", "release 2024-02-01", "1"],
        ["Person:P1", "Person", "P1", '\'=HYPERLINK("http://x","y")', "1"],
    ]
    out = tmp_path / "ego.json"
    wrote = run("ego", "P2", "--hops", "1", "--graph", graph, "--out", out)
    assert wrote.stdout == f"wrote {out}: 4 nodes, 3 relationships\n"
    assert sorted(detnet.open_graph(out)) == sorted(
        r.split(",")[0] for r in listed.stdout.splitlines()[1:]
    )


def test_outputs_never_overwrite_the_graph(graph):
    for args in (["ego", "P1", "--out", graph], ["export", "--out", graph]):
        result = run(*args, "--graph", graph)
        assert result.stderr == f"Error: --out: {graph} is the graph itself; choose another file\n"
    assert detnet.open_graph(graph).number_of_nodes() > 0


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_to_stdout_and_files(graph, tmp_path, fmt):
    result = CliRunner().invoke(cli, ["export", "--graph", str(graph), "--format", fmt])
    assert result.exit_code == 0
    out = tmp_path / f"g.{fmt}"
    assert run("export", "--graph", graph, "--format", fmt, "--out", out).stderr == f"wrote {out}\n"
    assert out.read_bytes() == result.stdout_bytes
    read = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}.get(fmt)
    if read:
        assert set(read(out)) == set(detnet.open_graph(graph))


# --- the messy sample folder and a generated graph --------------------------------------


def test_the_messy_folder(tmp_path):
    graph = tmp_path / "messy.json"
    assert detnet.load(MESSY, graph=graph).exit_code == 1  # some rows rejected, the rest loaded
    rows = json.loads(run("revolving-door", "--graph", graph, "--format", "json").stdout)
    assert [
        (r["person_id"], r["release_order_id"], r["rearrest_order_id"], r["days_free"],
         r["official_id"], r["same_official"], r["previous_official_id"], r["facility_id"])
        for r in rows
    ] == [
        ("MP3", "MO12", "MO13", 19, "MF2", True, "MF2", "MC1"),
        ("MP1", "MO2", "MO3", 43, "MF2", False, "MF1", "MC2"),
    ]  # fmt: skip
    held = json.loads(run("detained-on", "15/05/2024", "--graph", graph, "--format", "json").stdout)
    assert [(r["person_id"], r["facility_id"], r["custody"]) for r in held["persons"]] == [
        ("MP3", "MC1", "held"),
        ("MP1", "MC2", "held"),
        ("MP2", None, "held"),
    ]
    later = json.loads(
        run("detained-on", "2024-06-02", "--graph", graph, "--format", "json").stdout
    )
    assert ("MP2", "release_claimed") in [(r["person_id"], r["custody"]) for r in later["persons"]]
    path = run("path", "MP2", "MP3", "--graph", graph).stdout
    assert path.startswith("Ñandú Vargeth Ríos (Person) -[FAMILY")
    for args in (["timeline"], ["official", "MF2"], ["family-reprisals"], ["custody-gaps"],
                 ["rank", "officials", "--by", "betweenness"], ["ego", "MP1"],
                 ["export", "--format", "gexf"]):  # fmt: skip
        assert run(*args, "--graph", graph).exit_code == 0, args


def test_every_command_on_a_generated_graph(tmp_path):
    detnet.generate(tmp_path / "records", persons=300, seed=5)
    graph = tmp_path / "g.json"
    assert detnet.load(tmp_path / "records", graph=graph).exit_code == 0
    G = detnet.open_graph(graph)

    def json_of(*args):
        result = run(*args, "--graph", graph, "--format", "json")
        assert result.exit_code == 0, (args, result.stderr)
        return json.loads(result.stdout)

    assert json_of("revolving-door") == detnet.revolving_door(G)
    assert json_of("revolving-door", "--by-official") == detnet.rearrests_by_official(G)
    assert json_of("timeline", "--period", "year") == detnet.timeline(G, period="year")
    assert json_of("detained-on", "2025-01-01")["persons"] == detnet.detained_on(
        G, day="2025-01-01"
    )
    assert json_of("official", "F0001")["profile"]["orders"] > 0
    assert json_of("family-reprisals") == detnet.family_reprisals(G)
    assert json_of("custody-gaps") == detnet.custody_gaps(G)
    assert json_of("rank", "officials") == detnet.rank_officials(G)
    assert json_of("path", "P000001", "P000300") == detnet.shortest_path(
        G, person_a="P000001", person_b="P000300"
    )
    assert len(json_of("revolving-door")) > 10
    for args in (["export", "--format", "graphml"], ["ego", "P000001", "--hops", "3"]):
        assert run(*args, "--graph", graph).exit_code == 0
