"""Claims against the records (`detnet reconcile`), and what was known when (`--as-known-on`)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from detnet.graph import store
from detnet.queries.claims import reconcile
from detnet.queries.custody import detained_on
from detnet.queries.revolving import revolving_door
from detnet.queries.timeline import plot_timeline, timeline

import detnet
from detnet.cli import cli

from ..records.helpers import SOURCES, write

PERSONS = "id,name\n" + "".join(f"P{i},Name of P{i}\n" for i in range(1, 7))
ORDERS = """id,kind,date,person_id,facility_id,status,reported
A1,arrest,2024-01-10,P1,C1,verified,
R1,release,2024-03-05,P1,C1,verified,
A2,arrest,2024-01-20,P2,,verified,
R2,release,2024-03-20,P2,,claimed,
A3,arrest,2024-02-01,P3,,verified,
R3,release,marzo 2024,P3,,verified,2024-06-15
A5,arrest,2024-03-10,P5,,verified,2024-07-01
R5,release,2024-04-02,P5,,disputed,
A6,arrest,2024-02-15,P6,,claimed,
X6,exile,2024-03-25,P6,,verified,
"""
# P4 is on two lists: held at the end of January, free at the end of April. The release
# they reveal is dated from the day after the first list to the second: 2024-02-01/2024-04-30.
STATUSES = """id,person_id,as_of,status
L1,P4,2024-01-31,detained
L2,P4,2024-04-30,released
"""
CLAIMS = """id,date,claimant,kind,count,period_start,period_end,as_of,sources
K-MARCH,2024-04-05,A ministry,released,más de 10,2024-03-01,2024-03-31,,S1
K-SPRING,2024-05-10,A group,released,3-5,2024-01,2024-04,,S1
K-ARRESTS,2024-03-01,A group,arrested,4,,2024-02,,S1
K-HELD,2024-03-30,A mission,detained,100,,,2024-03-25,S1
"""
COLUMNS = ("claim_id", "count_min", "count_max", "documented", "documented_with_claimed")
COLUMNS += ("gap", "documented_then", "period_start", "period_end", "as_of")


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("claims") / "records"
    return write(
        folder,
        sources_csv=SOURCES,
        persons_csv=PERSONS,
        facilities_csv="id,name\nC1,Invented Centre\n",
        orders_csv=ORDERS,
        statuses_csv=STATUSES,
        claims_csv=CLAIMS,
    )


@pytest.fixture(scope="module")
def G(records):
    G = store.new_graph()
    detnet.load(records, graph=G, strict=True)
    return G


def table(rows) -> list[tuple]:
    return [tuple(r[c] for c in COLUMNS) for r in rows]


def test_each_claim_is_held_against_what_the_records_document_for_it(G):
    assert table(reconcile(G)) == [
        # Arrests up to February: A1, A2, A3 (A6 is only claimed); nothing inferred for P4,
        # whose first fact is a list (nothing is inferred before a person's first fact).
        ("K-ARRESTS", 4, 4, 3, 4, 1, 3, None, "2024-02-29", None),
        # Held at the end of 25 March: P2 (release only claimed) and P5 (arrested 10 March);
        # a claimed release frees P2 in documented_with_claimed. On the claim's date, 30
        # March, P5's arrest (reported in July) was not known, and neither were P3's
        # release (June) nor P4's April list: P2, P3 and P4 were on record as held.
        ("K-HELD", 100, 100, 2, 1, 98, 3, None, None, "2024-03-25"),
        # Released in March: R1, R3 ("marzo 2024", first possible day 1 March), exile X6;
        # P2's release is only claimed; R3 was reported in June, after the claim.
        ("K-MARCH", 11, None, 3, 4, 8, 2, "2024-03-01", "2024-03-31", None),
        # January to April: the same and P4's inferred release; R3 again reported too late.
        ("K-SPRING", 3, 5, 4, 5, -1, 3, "2024-01-01", "2024-04-30", None),
    ]


def test_an_imprecise_date_counts_on_its_first_possible_day(G, records, tmp_path):
    """P4's inferred release (2024-02-01/2024-04-30) is within January to April, but not within
    March: its first possible day is in February. Claims over single days show the rule."""
    days = "\n".join(
        f"D-{day},2024-06-30,X,released,1,{day},{day},,S1" for day in ("2024-02-01", "2024-04-30")
    )
    H = store.new_graph()
    detnet.load(
        write(tmp_path / "r", **{f.stem + "_csv": f.read_text() for f in records.iterdir()}),
        graph=H,
        strict=True,
    )
    detnet.load(write(tmp_path / "more", claims_csv=CLAIMS.splitlines()[0] + "\n" + days), graph=H)
    documented = {r["claim_id"]: r["documented"] for r in reconcile(H)}
    assert (documented["D-2024-02-01"], documented["D-2024-04-30"]) == (1, 0)


def test_as_known_on_counts_only_the_records_known_by_that_day(G):
    known = {r["claim_id"]: r for r in reconcile(G, as_known_on="2024-06-30")}
    # By 30 June, R3 (reported 15 June) is known but A5 (reported 1 July) is not.
    assert (known["K-MARCH"]["documented"], known["K-MARCH"]["documented_then"]) == (3, 2)
    assert (known["K-HELD"]["documented"], known["K-HELD"]["documented_then"]) == (1, 3)
    # Known by a day before the claims were made: `then` is counted on that day too.
    early = {r["claim_id"]: r for r in reconcile(G, as_known_on="2024-03-15")}
    assert early["K-MARCH"]["documented"] == early["K-MARCH"]["documented_then"] == 1


def test_a_detained_claim_counts_who_detained_on_lists(G):
    for known in (None, "2024-06-30", "2024-03-28"):
        for row in reconcile(G, as_known_on=known):
            if row["kind"] == "detained":
                held = detained_on(G, day=row["as_of"], as_known_on=known)
                assert row["documented"] == len(held)
                freed = [r for r in held if r["custody"] == "release_claimed"]
                assert row["documented_with_claimed"] == len(held) - len(freed)


def test_records_judged_the_same_count_once(G, records, tmp_path):
    H = G.copy()
    more = write(
        tmp_path / "more",
        persons_csv="id,name\nP1b,Name of P1 elsewhere\n",
        orders_csv="id,kind,date,person_id\nR1b,release,2024-03-06,P1b\n",
        judgements_csv="left,right,judgement\nPerson:P1,Person:P1b,same\n",
    )
    before = {r["claim_id"]: r["documented"] for r in reconcile(H)}
    detnet.load(more, graph=H, strict=True)
    after = {r["claim_id"]: r["documented"] for r in reconcile(H)}
    assert after == before


def test_no_claims_no_rows_and_claims_without_records_document_nothing(tmp_path, seed_graph):
    assert reconcile(store.new_graph()) == []
    H = store.new_graph()
    detnet.load(write(tmp_path / "r", sources_csv=SOURCES, claims_csv=CLAIMS), graph=H)
    assert [(r["documented"], r["gap"]) for r in reconcile(H)] == [
        (0, 4), (0, 100), (0, 11), (0, 3),
    ]  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def graph_file(records, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("graph") / "g.json"
    detnet.load(records, graph=path, strict=True)
    return str(path)


def test_the_command_prints_json_csv_and_a_table(graph_file, G):
    result = run("reconcile", "--graph", graph_file, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == list(reconcile(G))
    rows = list(
        csv.DictReader(
            run("reconcile", "--graph", graph_file, "--format", "csv").stdout.splitlines()
        )
    )
    assert [r["claim_id"] for r in rows] == ["K-ARRESTS", "K-HELD", "K-MARCH", "K-SPRING"]
    assert rows[2]["count_max"] == "" and rows[2]["gap"] == "8"
    table = run("reconcile", "--graph", graph_file).stdout.splitlines()
    assert table[0].split() == list(reconcile.columns)
    assert table[4].split()[:7] == ["K-MARCH", "2024-04-05", "A", "ministry", "released", "11", "-"]


def test_the_command_checks_its_date_and_redacts(graph_file, G, monkeypatch):
    result = run("reconcile", "--graph", graph_file, "--as-known-on", "2024-02-30")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --as-known-on: no such date: '2024-02-30'\n",
    )
    known = run(
        "reconcile", "--graph", graph_file, "--as-known-on", "30/06/2024", "--format", "json"
    )
    assert json.loads(known.stdout) == list(reconcile(G, as_known_on="2024-06-30"))
    monkeypatch.setenv("DETNET_REDACT_KEY", "a test key, not a secret")
    redacted = run("reconcile", "--graph", graph_file, "--redact", "--format", "json")
    assert json.loads(redacted.stdout) == list(reconcile(G))  # no person is named in them


def test_demo_prints_the_article_claims_against_its_sample(tmp_path):
    result = run("demo", "--graph", str(tmp_path / "demo.json"))
    assert result.exit_code == 0, result.output
    block = result.stdout.split("The seed article's claims against its sample")[1]
    lines = block.splitlines()
    assert lines[0] == " (detnet reconcile):"
    assert [line.split()[0] for line in lines[3:8]] == [
        "K-UN-50", "K-UN-800", "K-RIGHTS-GROUPS-130-150", "K-RODRIGUEZ-200", "K-PUC-170",
    ]  # fmt: skip
    assert "released  201 or more  0           0                201" in lines[6]
    assert lines[8:10] == [
        "The sample holds only the few named persons the article mentions (one release,",
        "one arrest), so the gap shown is the gap in the sample, not a finding.",
    ]
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "\n".join(lines[1:10]) in readme  # the quickstart shows what the demo prints


# What was known when, on each command


LATE = """id,kind,date,person_id,status,reported
A1,arrest,2024-01-10,P1,verified,
R1,release,2024-02-01,P1,verified,
A2,arrest,2024-03-01,P1,verified,2024-09-01
A3,arrest,2024-04-01,P2,verified,2024-04-10
"""


@pytest.fixture(scope="module")
def late(tmp_path_factory) -> str:
    folder = write(
        tmp_path_factory.mktemp("late") / "r", sources_csv=SOURCES, persons_csv=PERSONS,
        orders_csv=LATE,
    )  # fmt: skip
    path = tmp_path_factory.mktemp("late-graph") / "g.json"
    detnet.load(folder, graph=path, strict=True)
    return str(path)


def test_revolving_door_as_known_on(late):
    assert [r["rearrest_order_id"] for r in revolving_door(late)] == ["A2"]
    assert revolving_door(late, as_known_on="2024-08-31") == []
    assert [r["rearrest_order_id"] for r in revolving_door(late, as_known_on="2024-09")] == ["A2"]
    result = run(
        "revolving-door", "--graph", late, "--as-known-on", "2024-08-31", "--format", "json"
    )
    assert json.loads(result.stdout) == []


def test_timeline_as_known_on_and_late_reports(late):
    rows = {r["period"]: r for r in timeline(late)}
    assert (rows["2024-03-01"]["rearrests"], rows["2024-03-01"]["late_reports"]) == (1, 1)
    # A3 was reported nine days after it happened: late only when more than N days is late.
    assert rows["2024-04-01"]["late_reports"] == 0
    assert timeline(late, late_days=5)[3]["late_reports"] == 1
    known = {r["period"]: r for r in timeline(late, as_known_on="2024-06-30")}
    assert known["2024-03-01"]["rearrests"] == 0 and known["2024-04-01"]["first_arrests"] == 1
    assert known["2024-04-01"]["detained_at_end"] == 1
    result = run("timeline", "--graph", late, "--as-known-on", "2024-06-30", "--format", "json")
    assert json.loads(result.stdout) == list(timeline(late, as_known_on="2024-06-30"))


def test_detained_on_as_known_on(late):
    assert [r["person_id"] for r in detained_on(late, day="2024-04-30")] == ["P1", "P2"]
    assert [
        r["person_id"] for r in detained_on(late, day="2024-04-30", as_known_on="2024-04-09")
    ] == []
    assert [
        r["person_id"] for r in detained_on(late, day="2024-04-30", as_known_on="2024-04-10")
    ] == ["P2"]
    result = run(
        "detained-on",
        "2024-04-30",
        "--graph",
        late,
        "--as-known-on",
        "2024-04-10",
        "--format",
        "json",
    )
    assert [r["person_id"] for r in json.loads(result.stdout)["persons"]] == ["P2"]


def test_reconcile_as_known_on_the_claim_date_is_documented_then(G):
    for row in reconcile(G):
        on_the_day = {r["claim_id"]: r for r in reconcile(G, as_known_on=row["date"])}
        assert on_the_day[row["claim_id"]]["documented"] == row["documented_then"]


# The chart


def test_the_chart_draws_the_claims_beside_the_records(G, tmp_path):
    svg = tmp_path / "chart.svg"
    plot_timeline(timeline(G), svg, claims=reconcile(G))
    text = svg.read_text()
    for words in ("Claimed: the figure or range announced", "Documented now",
                  "Documented on the claim's date", "Claims: released", "Claims: detained",
                  "K-MARCH", "K-HELD"):  # fmt: skip
        assert words in text, words


def test_the_timeline_command_draws_claims_only_unfiltered(graph_file, tmp_path):
    out = tmp_path / "chart.svg"
    assert run("timeline", "--graph", graph_file, "--plot", str(out)).exit_code == 0
    assert "K-MARCH" in out.read_text() and "and the claims announced" in out.read_text()
    # A facility's counts are not everyone's, which the claims count: no claim is drawn.
    filtered = tmp_path / "filtered.svg"
    run("timeline", "--graph", graph_file, "--facility", "C1", "--plot", str(filtered))
    assert "K-MARCH" not in filtered.read_text() and "Invented Centre" in filtered.read_text()


# The generator


def test_generated_records_carry_claims_and_late_reports(tmp_path, synthetic_graph):
    folder = tmp_path / "records"
    counts = detnet.generate(folder, persons=200, seed=7)
    assert counts["claims"] == 36
    # The claims and late reports draw on their own random numbers: the other records are
    # those of the committed synthetic sample, made with the same seed before them.
    orders = list(csv.DictReader((folder / "orders.csv").open()))
    sample = list(csv.DictReader(open(detnet.sample_path("synthetic") / "orders.csv")))
    assert [(o["id"], o["date"], o["status"]) for o in orders] == [
        (o["id"], o["date"], o["status"]) for o in sample
    ]
    assert (folder / "claims.csv").read_text() == (
        detnet.sample_path("synthetic") / "claims.csv"
    ).read_text()
    late = [o for o in orders if o["reported"]]
    assert len(late) > 20 and all(o["reported"] > o["date"][:10] for o in late)
    G = store.new_graph()
    detnet.load(folder, graph=G, strict=True)
    rows = reconcile(G)
    assert {r["kind"] for r in rows} == {"released", "arrested", "detained"}
    assert any(r["documented_then"] < r["documented"] for r in rows)  # what surfaced late
    assert sum(r["late_reports"] for r in timeline(G)) > 20


# The docs


def test_the_docs_show_what_reconcile_gives_on_the_seed_article(seed_graph):
    from detnet.output import to_table

    root = Path(__file__).resolve().parents[2]
    rows = reconcile(seed_graph)
    columns = reconcile.columns[:10]  # the columns RECORDS.md names
    assert to_table(rows, columns) in (root / "docs" / "analysis.md").read_text()
    markdown = [
        "| " + " | ".join("-" if r[c] is None else str(r[c]) for c in columns) + " |" for r in rows
    ]
    assert "\n".join(markdown) in (root / "docs" / "RECORDS.md").read_text()
