"""`detnet institution` and `detnet release-conditions`, and institutions through `stats`,
`export` and `--redact`, on tests/data/institutions (see test_institutions.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from detnet.queries.institutions import institution_parts, institution_profile
from detnet.queries.revolving import rearrest_conditions_by_institution, revolving_door

from detnet.cli import cli

FOLDER = Path(__file__).resolve().parents[1] / "data" / "institutions"
PERSON_NAMES = ["Quessa Vindal Orro", "Borr Tenkel Ast", "Ilvie Marrox Fen", "Dunno Peskar Vey"]
PUBLIC_NAMES = ["Invented Watch Service", "Invented Watch Unit Nine", "Captain Olm Ravik"]


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    graph = tmp_path_factory.mktemp("g") / "g.json"
    assert run("load", FOLDER, "--graph", graph, "--strict").exit_code == 0
    return graph


@pytest.fixture(autouse=True)
def redaction_key(monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", "a test key, sixteen characters or more")


def test_institution_json_holds_the_profile_and_every_section(graph):
    result = run("institution", "I-ROOT", "--graph", graph, "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert list(shown) == ["profile", "parts", "officials", "facilities", "persons", "rearrests"]
    assert shown["profile"] == institution_profile(graph, institution="I-ROOT")[0]
    assert shown["parts"] == institution_parts(graph, institution="I-ROOT")
    assert shown["rearrests"] == revolving_door(graph, institution="I-ROOT")


def test_institution_table_names_each_section(graph):
    result = run("institution", "I-COURT", "--graph", graph, "--include-claimed")
    assert result.exit_code == 0, result.output
    for heading in [
        "The institution and its parts",
        "Officials who belong to it or to a part",
        "Facilities it or a part runs",
        "Persons its orders concerned",
        "Re-arrests it or a part issued",
    ]:
        assert f"\n{heading}\n" in result.stdout
    # --include-claimed reaches the re-arrests listed too: A10 followed a claimed release.
    assert result.stdout.count("Aveline Trosk Ul") == 2  # among persons and re-arrests


def test_an_unknown_institution_is_one_error_line(graph):
    result = run("institution", "I-NOPE", "--graph", graph)
    assert (result.exit_code, result.stderr) == (2, "Error: unknown institution 'I-NOPE'\n")


def test_release_conditions_answers_the_seeds_question_with_a_total(graph):
    result = run("release-conditions", "--graph", graph)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["official_id", "official_name", "rearrests", "persons"]
    assert lines[-1] == (
        "2 of 3 re-arrests followed a release under a gag order or a reporting regime"
    )


def test_release_conditions_by_institution_as_json_and_csv(graph):
    rows = rearrest_conditions_by_institution(graph, institution="I-ROOT")
    args = ("release-conditions", "--graph", graph, "--by-institution", "--institution", "I-ROOT")
    assert json.loads(run(*args, "--format", "json").stdout) == rows
    csv = run(*args, "--format", "csv").stdout.splitlines()
    assert csv[0] == ",".join(rearrest_conditions_by_institution.columns)
    assert csv[1:] == ["I-SVC,Invented Watch Service,1,1,0,0,0,0",
                       "I-UNIT,Invented Watch Unit Nine,1,1,1,1,1,1"]  # fmt: skip


def test_stats_count_institutions_their_ties_and_the_new_kinds(graph):
    stats = json.loads(run("stats", "--graph", graph, "--format", "json").stdout)
    assert stats["nodes"]["Institution"] == 5  # I-UNIT under two records
    ties = stats["relationships"]
    assert (ties["PART_OF"], ties["MEMBER_OF"], ties["OPERATES"]) == (2, 3, 2)
    assert ties["ISSUED"] == 15  # 8 orders issued by an official, 7 signed by a body
    kinds = stats["orders"]["by_kind"]
    assert {k: kinds[k] for k in ("house_arrest", "disappearance", "exile", "death")} == {
        "house_arrest": 1,
        "disappearance": 1,
        "exile": 1,
        "death": 1,
    }


@pytest.mark.parametrize(
    "args",
    [
        ("institution", "I-ROOT", "--format", "json"),
        ("release-conditions", "--format", "json"),
        ("release-conditions", "--by-institution", "--format", "csv"),
        ("export", "--format", "graphml"),
        ("export", "--format", "json"),
    ],
)
def test_redaction_hides_persons_and_keeps_institutions_and_officials(graph, args):
    plain = run(*args, "--graph", graph).stdout
    redacted = run(*args, "--graph", graph, "--redact").stdout
    if args[0] != "release-conditions":  # its rows name no person
        assert any(name in plain for name in PERSON_NAMES)  # so the search can fail
    assert [name for name in PERSON_NAMES if name in redacted] == []
    public = [name for name in PUBLIC_NAMES if name in plain]
    assert public and [name for name in public if name not in redacted] == []


@pytest.mark.parametrize("redact", [(), ("--redact",)], ids=["plain", "redacted"])
def test_export_carries_institutions_and_their_relationships(graph, redact):
    """Public actors and the ties between them survive --redact (SECURITY.md)."""
    exported = json.loads(run("export", "--graph", graph, "--format", "json", *redact).stdout)
    labels = {n["key"]: n["label"] for n in exported["nodes"]}
    assert sum(label == "Institution" for label in labels.values()) == 5
    ties = {(e["source"], e["key"], e["target"]) for e in exported["edges"]}
    assert ("Institution:I-SVC", "PART_OF", "Institution:I-ROOT") in ties
    assert ("Official:F1", "MEMBER_OF", "Institution:I-UNIT") in ties
    assert ("Institution:I-SVC", "OPERATES", "Facility:C1") in ties
    signed = {t for s, k, t in ties if (s, k) == ("Institution:I-COURT", "ISSUED")}
    assert len(signed) == 5  # R1, X3, H5, R5, A6; under --redact, orders' ids are pseudonyms
    assert ("Order:R1" in signed) is not bool(redact)


def test_the_worked_example_of_records_md_gives_what_it_shows(tmp_path):
    text = (FOLDER.parents[2] / "docs" / "RECORDS.md").read_text(encoding="utf-8")
    section = text.split("#### Who decides, and what a release means")[1].split("\n### ")[0]
    files, shown = re.findall(r"```\n(.*?)```", section, re.S)[:2]
    for block in files.strip().split("\n\n"):
        name, content = block.split("\n", 1)
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "persons.csv").write_text("id,name\nP1,Zorvana Quillet\nP2,Tessik Brovar\n")
    graph = tmp_path / "g.json"
    assert run("load", tmp_path, "--graph", graph).exit_code == 0
    command, expected = shown.split("\n", 1)
    args = command.removeprefix("$ detnet ").split()
    assert json.loads(run(*args, "--graph", graph).stdout) == json.loads(expected)


def test_conditions_that_name_a_person_are_scrubbed_and_keep_their_codes(tmp_path):
    (tmp_path / "persons.csv").write_text("id,name\nP1,Zorvana Quillet\n")
    (tmp_path / "orders.csv").write_text(
        "id,kind,date,person_id,conditions\n"
        "O1,arrest,2024-01-10,P1,\n"
        "O2,release,2024-02-10,P1,Zorvana Quillet: prohibición de declarar\n"
        "O3,arrest,2024-03-10,P1,\n"
    )
    graph = tmp_path / "g.json"
    assert run("load", tmp_path, "--graph", graph).exit_code == 0
    exported = run("export", "--graph", graph, "--format", "json", "--redact").stdout
    assert "Zorvana" not in exported and "Quillet" not in exported
    (release,) = [n for n in json.loads(exported)["nodes"] if n.get("kind") == "release"]
    assert release["conditions"] == "[redacted]: prohibición de declarar"
    assert release["conditions_codes"] == ["gag_order"]
    rows = json.loads(
        run("revolving-door", "--graph", graph, "--redact", "--format", "json").stdout
    )
    assert rows[0]["release_conditions"] == ["gag_order"]
