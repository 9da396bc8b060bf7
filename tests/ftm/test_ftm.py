"""FollowTheMoney both ways: the export (valid by followthemoney itself, redacted when
asked), reference entities in (a hand-made OpenSanctions-shaped file), matching them
against officials with resolution's scoring, judging, and what profiles, case files and
the saved query then show."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from detnet.graph import reference
from detnet.graph.ftm import ftm_id, problem, require_ftm
from detnet.loaders.ftm import table_of_file
from detnet.queries.reference import candidates_against, sanctioned_officials

import detnet
from detnet.cli import cli

pytest.importorskip("followthemoney")

FIXTURE = Path("tests/data/ftm/opensanctions.jsonl")
PLANTED = {
    ("Official:F0005", "Reference:inv-brunulia"),
    ("Official:F0002", "Reference:inv-fenana"),
    ("Official:F0006", "Reference:inv-brunira"),
}


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo graph (both samples), in a file of its own."""
    graph = tmp_path_factory.mktemp("demo") / "g.json"
    for sample in ("seed-article", "synthetic"):
        detnet.load(detnet.sample_path(sample), graph=graph)
    return graph


@pytest.fixture
def graph(demo, tmp_path) -> Path:
    """A copy of the demo graph this test may change."""
    path = tmp_path / "g.json"
    shutil.copy(demo, path)
    return path


def exported(graph: Path, *options: str) -> list[dict]:
    result = run("export", "--graph", graph, "--format", "ftm", *options)
    assert result.exit_code == 0, result.output
    return [orjson.loads(line) for line in result.stdout_bytes.splitlines()]


def test_the_demo_export_is_valid_by_followthemoney(demo):
    model = require_ftm()
    entities = exported(demo)
    assert [(e["id"], problem(model, e)) for e in entities if problem(model, e)] == []
    for e in entities:  # what `ftm validate` would write back is what was written
        proxy = model.get_proxy(e, cleaned=False)
        assert proxy.to_dict()["properties"] == e["properties"], e
    schemata = {e["schema"] for e in entities}
    assert {"Person", "Address", "Event", "Family", "Position", "Occupancy", "Membership",
            "Organization"} <= schemata  # fmt: skip
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids))
    # Every reference between entities points at an entity of the file.
    for e in entities:
        for name, values in e["properties"].items():
            if model.get(e["schema"]).get(name).type.name == "entity":
                assert set(values) <= set(ids), (e, name)


def test_ids_are_stable_and_namespaced(demo):
    first, second = exported(demo), exported(demo)
    assert first == second
    official = next(e for e in first if e["properties"].get("name") == ["Oskesto Morrent Ploxent"])
    assert official["id"] == ftm_id("Official:F0001")
    assert official["id"].startswith("detnet-")


def test_an_official_carries_position_membership_and_occupancy(demo):
    entities = exported(demo)
    by_id = {e["id"]: e for e in entities}
    official = by_id[ftm_id("Official:F0005")]
    assert official["properties"]["position"] == ["counter-intelligence commander"]
    held = [e for e in entities if e["schema"] == "Occupancy"
            and e["properties"]["holder"] == [official["id"]]]  # fmt: skip
    post = by_id[held[0]["properties"]["post"][0]]
    # Its institution is the record it names (institution_id), not its free text.
    assert post["properties"]["name"] == [
        "counter-intelligence commander, Synthetic Counter-intelligence Directorate"
    ]
    member = [e for e in entities if e["schema"] == "Membership"
              and e["properties"]["member"] == [official["id"]]]  # fmt: skip
    body = by_id[member[0]["properties"]["organization"][0]]
    assert body["properties"]["name"] == ["Synthetic Counter-intelligence Directorate"]
    assert body["id"] == ftm_id("Institution:I-DCI")


def test_orders_are_events_with_person_issuer_and_place(demo):
    entities = exported(demo)
    order = next(e for e in entities if e["properties"].get("recordId") == ["O-MARQUEZ-2026-01-12"])
    assert order["schema"] == "Event"
    assert order["properties"]["involved"] == [ftm_id("Person:P-MARQUEZ")]
    assert order["properties"]["organizer"] == [ftm_id("Official:F-TRUJILLO-GOVERNOR")]
    assert order["properties"]["date"] == ["2026-01-12"]


def test_institutions_records_are_public_bodies(tmp_path):
    G = detnet.load("tests/data/part2", graph=tmp_path / "g.json") and detnet.open_graph(
        tmp_path / "g.json"
    )
    model = require_ftm()
    from detnet.graph.ftm import entities

    found = list(entities(G))
    assert [problem(model, e) for e in found if problem(model, e)] == []
    bodies = [e for e in found if e["schema"] in ("PublicBody", "Organization")]
    kinds = {a.get("kind") for _, a in G.nodes(data=True) if a["label"] == "Institution"}
    assert bodies and ("PublicBody" in {e["schema"] for e in bodies}) == bool(
        kinds - {None, "other"}
    )
    parts = [e for e in bodies if e["properties"].get("parent")]
    has_parts = any(k == "PART_OF" for _, _, k in G.edges(keys=True))
    assert bool(parts) == has_parts


def test_redacted_export_names_no_person(demo):
    G = detnet.open_graph(demo)
    protected = set()
    for _, attrs in G.nodes(data=True):
        if attrs["label"] == "Person":
            protected.add(attrs["name"])
            protected.update(attrs.get("aliases") or [])
            if attrs.get("national_id"):
                protected.add(attrs["national_id"])
    text = b"\n".join(orjson.dumps(e) for e in exported(demo, "--redact")).decode()
    leaked = sorted(p for p in protected if len(p) > 3 and p in text)
    assert leaked == []
    assert "Rafael Tudares" in b"".join(orjson.dumps(e) for e in exported(demo)).decode()
    persons = [e for e in exported(demo, "--redact") if e["schema"] == "Person"]
    assert any(e["properties"]["name"][0].startswith("Person ") for e in persons)
    assert not any("birthDate" in e["properties"] or "idNumber" in e["properties"]
                   for e in persons)  # fmt: skip


def test_round_trip_finds_each_official_again(demo, tmp_path):
    """Export, import the exported persons as reference entities, match: every official
    finds the entity it was exported as, best."""
    out = tmp_path / "out.jsonl"
    assert run("export", "--graph", demo, "--format", "ftm", "--out", out).exit_code == 0
    table = table_of_file(out)
    rows = candidates_against(demo, table, label="Official")
    best: dict[str, dict] = {}
    for row in rows:
        best.setdefault(row["left"], row)
    G = detnet.open_graph(demo)
    officials = [k for k, a in G.nodes(data=True) if a["label"] == "Official"]
    assert sorted(best) == sorted(officials)
    for key, row in best.items():
        assert row["right"] == "Reference:" + ftm_id(key), row


def test_the_fixture_reads_with_sanctions_and_positions():
    table = table_of_file(FIXTURE)
    assert sorted(table.entities) == ["inv-brunira", "inv-brunulia", "inv-dgcim", "inv-fenana",
                                      "inv-quorbin"]  # fmt: skip
    brunulia = table.entities["inv-brunulia"]
    assert [s["authority"] for s in brunulia["sanctions"]] == [
        "Invented Council of Sanctions", "Invented Treasury Office"]  # fmt: skip
    assert table.entities["inv-fenana"]["positions"] == ["Prosecutor, Ministerio Público (Miranda)"]
    assert table.entities["inv-brunira"]["sanctions"] == []


def test_candidates_against_the_fixture_propose_the_planted_matches(demo):
    result = run("resolve", "candidates", "--graph", demo, "--against", FIXTURE, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = orjson.loads(result.stdout)
    assert {(r["left"], r["right"]) for r in rows} == PLANTED
    assert all("name" in r["reasons"][0] for r in rows)


def test_import_judge_then_profile_dossier_and_query_show_the_sanction(graph):
    result = run("import-ftm", FIXTURE, "--graph", graph)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "kept: Person 4, PublicBody 1"
    side = reference.reference_path(graph)
    assert oct(side.stat().st_mode & 0o777) == "0o600"
    before = graph.read_bytes()
    rows = orjson.loads(run("resolve", "candidates", "--graph", graph, "--against", "reference",
                            "--format", "json").stdout)  # fmt: skip
    assert {(r["left"], r["right"]) for r in rows} == PLANTED
    result = run("resolve", "judge", "F0005", "Reference:inv-brunulia", "same", "--graph", graph)
    assert result.output == "judged Official:F0005 and Reference:inv-brunulia: same\n"
    run("resolve", "judge", "Reference:inv-brunira", "Official:F0006", "distinto", "--graph", graph)
    assert graph.read_bytes() == before  # the records are never touched
    rows = orjson.loads(run("resolve", "candidates", "--graph", graph, "--against", "reference",
                            "--format", "json").stdout)  # fmt: skip
    assert {(r["left"], r["right"]) for r in rows} == {("Official:F0002", "Reference:inv-fenana")}

    line = ("sanctioned by: Invented Council of Sanctions (INV-VEN-2019 (invented programme)), "
            "since 2019-06-27 [invented_sanctions] https://sanctions.example.org/notices/1001")  # fmt: skip
    profile = run("official", "F0005", "--graph", graph, "--format", "json")
    assert line in orjson.loads(profile.stdout)["reference"]
    assert line in run("official", "F0005", "--graph", graph).output
    assert orjson.loads(run("official", "F0006", "--graph", graph, "--format", "json").stdout)[
        "reference"] == []  # fmt: skip
    case = graph.parent / "case.md"
    run("dossier", "--graph", graph, "--official", "F0005", "--format", "md", "--out", case)
    assert "sanctioned by: Invented Council of Sanctions" in case.read_text().replace("\\", "")
    case = graph.parent / "case.html"
    run("dossier", "--graph", graph, "--official", "F0005", "--redact", "--out", case)
    assert "https://sanctions.example.org/notices/1001" in case.read_text()

    page = graph.parent / "view.html"
    run("viz", "--graph", graph, "--official", "F0005", "--redact", "--out", page)
    assert "sanctioned by: Invented Council of Sanctions" in page.read_text()

    rows = sanctioned_officials(graph, matched_only=True)
    assert [(r["official_id"], r["reference_ids"], r["sanctioned_since"]) for r in rows] == [
        ("F0005", ["inv-brunulia"], "2019-06-27")]  # fmt: skip
    assert rows[0]["programmes"] == ["INV-HR (invented programme)",
                                     "INV-VEN-2019 (invented programme)"]  # fmt: skip
    result = run("sanctioned-officials", "--graph", graph, "--matched-only", "--format", "csv")
    assert result.output.splitlines()[1].startswith("F0005,Brunulia Morrent Morraquin,19,")
    redacted = run("sanctioned-officials", "--graph", graph, "--redact", "--format", "csv")
    assert result.output.splitlines()[1] in redacted.output


def test_bad_input_is_one_line_naming_file_and_line(graph, tmp_path):
    bad = tmp_path / "bad.jsonl"
    good = FIXTURE.read_text().splitlines()[0]
    cases = {
        "{not json": "not JSON (one FtM entity a line)",
        '{"id": "x", "schema": "Spaceship", "properties": {}}': "unknown schema 'Spaceship'",
        '{"id": "x", "schema": "Person", "properties": {"wings": ["2"]}}':
            "unknown property 'wings' of Person",
        '{"id": "x", "schema": "Person", "properties": {"birthDate": ["soon"]}}':
            "Person property 'birthDate': not a valid date: 'soon'",
        '{"id": "x", "schema": "Family", "properties": {}}': "Family: required person, relative missing",
        '{"schema": "Person", "properties": {}}': "no id",
    }  # fmt: skip
    for line, message in cases.items():
        bad.write_text(good + "\n\n" + line + "\n")
        result = CliRunner().invoke(cli, ["import-ftm", str(bad), "--graph", str(graph)])
        assert result.exit_code == 2
        assert result.output == f"Error: {bad}:3: {message}\n"
        assert not reference.reference_path(graph).exists()  # nothing written


def test_judging_an_unknown_entity_or_a_person_is_refused(graph):
    run("import-ftm", FIXTURE, "--graph", graph)
    result = CliRunner().invoke(cli, ["resolve", "judge", "F0005", "Reference:nobody", "same",
                                      "--graph", str(graph)])  # fmt: skip
    assert (result.exit_code, result.output) == (
        2, "Error: RIGHT: no reference entity 'nobody' (see detnet import-ftm)\n")  # fmt: skip
    result = CliRunner().invoke(cli, ["resolve", "judge", "P-TUDARES", "Reference:inv-brunulia",
                                      "same", "--graph", str(graph)])  # fmt: skip
    assert result.output == "Error: LEFT: Person:P-TUDARES is not an official or an institution\n"


def test_without_the_extra_the_commands_say_how_to_install_it(demo, tmp_path):
    """followthemoney hidden from a child process: one Error line, exit 2."""
    code = (
        "import sys; sys.modules['followthemoney'] = None\n"
        "import importlib.util; real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda n, *a: None if n == 'followthemoney' else real(n, *a)\n"
        "from detnet.cli import main; sys.argv = ['detnet'] + sys.argv[1:]; main()"
    )
    for args in (["export", "--graph", demo, "--format", "ftm"], ["import-ftm", FIXTURE, "--graph",
                 tmp_path / "g.json"]):  # fmt: skip
        done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True,
                              text=True)  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("Error: the FollowTheMoney commands need the followthemoney")
        assert done.stderr.count("\n") == 1 and "pip install 'detnet[ftm]'" in done.stderr


def test_ftm_code_paths_open_no_socket(demo, tmp_path, monkeypatch):
    """Nothing phones home: export, import and matching with sockets forbidden."""

    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    exported(demo)
    graph = tmp_path / "g.json"
    shutil.copy(demo, graph)
    assert run("import-ftm", FIXTURE, "--graph", graph).exit_code == 0
    assert candidates_against(graph)
