"""`detnet generate --lists --rosters --imprecise`: the records of a group that publishes
monthly lists, and dates as people write them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from detnet.graph import store
from detnet.graph.dates import parse
from detnet.loaders.synthetic import LISTS_SOURCE, list_days

import detnet
from detnet.cli import cli

UNTOUCHED = ("persons.csv", "officials.csv", "facilities.csv", "family.csv")


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The same persons with and without each option."""
    base = tmp_path_factory.mktemp("generated")
    made = {}
    for name, options in {
        "plain": {},
        "lists": {"lists": 12},
        "rosters": {"lists": 12, "rosters": True},
        "imprecise": {"imprecise": 0.3},
        "both": {"lists": 12, "imprecise": 0.3},
    }.items():
        made[name] = (base / name, detnet.generate(base / name, persons=400, seed=3, **options))
    return made


def test_the_options_leave_the_other_records_as_they_were(folders):
    plain = folders["plain"][0]
    for name in ("lists", "rosters"):
        for file in UNTOUCHED:
            assert (folders[name][0] / file).read_bytes() == (plain / file).read_bytes(), file
    for file in ("officials.csv", "facilities.csv", "family.csv", "sources.csv"):
        assert (folders["imprecise"][0] / file).read_bytes() == (plain / file).read_bytes()


def test_the_same_seed_gives_the_same_lists(folders, tmp_path):
    again = tmp_path / "again"
    detnet.generate(again, persons=400, seed=3, lists=12, imprecise=0.3)
    for file in ("orders.csv", "statuses.csv", "persons.csv", "sources.csv"):
        assert (again / file).read_bytes() == (folders["both"][0] / file).read_bytes()


def test_monthly_lists_as_of_the_15th_citing_their_own_source(folders):
    folder, counts = folders["lists"]
    statuses = rows(folder / "statuses.csv")
    assert len(statuses) == counts["statuses"] > 400
    days = sorted({s["as_of"] for s in statuses})
    assert days == [d.isoformat() for d in list_days(12)] and days[-1] == "2026-01-15"
    assert {s["status"] for s in statuses} == {
        "detained", "house_arrest", "whereabouts_unknown", "released", "exiled"}  # fmt: skip
    assert {s["sources"] for s in statuses} == {LISTS_SOURCE}
    assert LISTS_SOURCE in {s["id"] for s in rows(folder / "sources.csv")}


def test_the_lists_reveal_rearrests_that_the_orders_miss(folders):
    G = store.new_graph()
    report = detnet.load(folders["lists"][0], graph=G, strict=True)
    assert report.added["Status"] == folders["lists"][1]["statuses"]
    found = detnet.revolving_door(G)
    inferred = [r for r in found if r["release_inferred"] or r["rearrest_inferred"]]
    assert len(inferred) > 20
    assert len(detnet.revolving_door(G, recorded_only=True)) < len(found) - 20
    assert any(r["release_inferred"] and r["rearrest_inferred"] for r in found)
    counts = detnet.timeline(G)
    assert sum(r["listed"] for r in counts) == report.added["Status"]


def test_rosters_load_with_load_list_and_reveal_the_same_pattern(folders, tmp_path):
    folder, counts = folders["rosters"]
    rosters = sorted((folder / "rosters").glob("*.csv"))
    assert len(rosters) == counts["rosters"] == 12
    header = next(csv.reader(open(rosters[0], encoding="utf-8")))
    assert header[:6] == ["nombre", "cedula", "fecha_nacimiento", "situacion", "centro_id",
                          "fecha_detencion"]  # fmt: skip
    graph = tmp_path / "g.json"
    # Only the places and the sources: the persons come from the rosters themselves.
    detnet.load(folder / "sources.csv", folder / "facilities.csv", graph=graph, strict=True)
    listed = 0
    for roster in rosters:
        report = detnet.load_list(roster, as_of=roster.stem, source=LISTS_SOURCE, graph=graph)
        assert report.rejections == [], [str(r) for r in report.rejections[:3]]
        listed += report.added["Status"]
    assert listed == counts["roster_rows"]
    # A roster's detention date is a recorded arrest: the release between is inferred.
    found = detnet.revolving_door(graph)
    assert sum(r["release_inferred"] for r in found) > 10


def test_imprecise_dates_hold_the_day_they_replace(folders):
    plain, blurred = folders["plain"][0], folders["imprecise"][0]
    changed = 0
    for before, after in zip(rows(plain / "orders.csv"), rows(blurred / "orders.csv"), strict=True):
        if before["date"] == after["date"]:
            continue
        changed += 1
        found = parse(after["date"])
        assert found.start <= before["date"][:10] <= found.end, (before["date"], after["date"])
    assert 0.2 < changed / len(rows(plain / "orders.csv")) < 0.4
    births = [p["birth_date"] for p in rows(blurred / "persons.csv") if p["birth_date"]]
    assert any(not parse(b).exact for b in births)
    detnet.load(blurred, graph=store.new_graph(), strict=True)


def test_the_command_line(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["generate", str(tmp_path / "r"), "--persons", "40", "--lists", "6",
                                 "--rosters", "--imprecise", "0.2"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {tmp_path / 'r'}: orders ")
    assert "rosters 6, roster_rows " in result.stdout
    result = runner.invoke(cli, ["generate", str(tmp_path / "s"), "--persons", "40", "--rosters"])
    assert (result.exit_code, result.stderr) == (
        2, "Error: --rosters: only with --lists (the lists are what rosters hold)\n")  # fmt: skip
    result = runner.invoke(
        cli, ["generate", str(tmp_path / "s"), "--persons", "4", "--imprecise", "2"]
    )
    assert result.exit_code == 2
