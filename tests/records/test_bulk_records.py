"""`detnet neo4j bulk --records`: record files straight into the importer's files, with
no graph in between, hold exactly what the files of the graph `detnet load` makes hold
(which tests/neo4j/test_bulk.py imports and compares with a push), and reject exactly
the rows the load rejects."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from detnet.graph import store
from detnet.graph.errors import InputError, UsageError
from detnet.graph.neo4j.bulk import write_import
from detnet.loaders.bulk import bulk_records

import detnet
from detnet.cli import cli

ROOT = Path(__file__).resolve().parents[2]
DATASETS = [
    "samples/synthetic",
    "samples/seed-article",
    "samples/lists",
    "tests/data/part2",  # judgements, imprecise dates, statuses
    "tests/data/institutions",  # institutions part of others, judgements
    "tests/data/messy",  # rejected rows, a JSON Lines file beside CSV ones
    "tests/data/hostile",
    "tests/data/lists",
]


def content(folder: Path) -> Counter:
    """Every row of the importer's files, with its file's stem and header (files of one
    stem are numbered in the order their headers first appear, which may differ)."""
    rows = Counter()
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            header, *body = csv.reader(f)
        stem = path.stem.rsplit("-", 1)[0]
        rows.update((stem, tuple(header), tuple(row)) for row in body)
    return rows


def arguments(folder: Path) -> list[str]:
    """The importer's options, and what each file argument names, by stem and header."""
    lines = (folder / "import.args").read_text(encoding="utf-8").splitlines()
    files = ("--nodes=", "--relationships=")
    return sorted(line.rsplit("=", 1)[0] if line.startswith(files) else line for line in lines)


@pytest.mark.parametrize("dataset", DATASETS)
def test_records_give_the_files_and_the_rejections_of_a_load(tmp_path, dataset):
    G = store.new_graph()
    loaded = detnet.load(ROOT / dataset, graph=G)
    from_graph = write_import(G, tmp_path / "graph")
    report, from_records = bulk_records([ROOT / dataset], tmp_path / "records")
    assert content(tmp_path / "records") == content(tmp_path / "graph")
    assert sum(content(tmp_path / "records").values()) > 0
    assert arguments(tmp_path / "records") == arguments(tmp_path / "graph")
    assert from_records.nodes == from_graph.nodes
    assert from_records.relationships == from_graph.relationships
    assert [str(r) for r in report.rejections] == [str(r) for r in loaded.rejections]
    assert (report.added, report.unchanged) == (loaded.added, loaded.unchanged)


def test_the_rejected_rows_are_kept_in_the_folder_to_be_fixed(tmp_path):
    report, _ = bulk_records([ROOT / "tests/data/messy"], tmp_path / "out")
    assert report.rejects_file == tmp_path / "out" / "rejected.jsonl"
    lines = report.rejects_file.read_bytes().splitlines()
    assert len(lines) == len(report.rejections) == 9
    first = orjson.loads(lines[0])
    assert first["_rejected"]["reason"] == report.rejections[0].reason
    assert report.exit_code == 1


def write_records(folder: Path, orders: list[str]) -> Path:
    folder.mkdir()
    (folder / "persons.csv").write_text("id,name\nP1,Ana Inventada\n", encoding="utf-8")
    lines = ["id,kind,date,person_id,status", *orders]
    (folder / "orders.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_record_given_twice_is_written_once_and_a_different_one_rejected(tmp_path):
    records = write_records(
        tmp_path / "in",
        [
            "O1,arrest,2024-01-02,P1,verified",
            "O1,arrest,2024-01-02,P1,verified",
            "O1,release,2024-01-09,P1,verified",
        ],
    )
    report, written = bulk_records([records], tmp_path / "out")
    assert written.nodes == Counter({"Person": 1, "Order": 1})
    assert written.relationships == Counter({"CONCERNS": 1})
    assert report.unchanged == Counter({"Order": 1})
    assert [str(r) for r in report.rejections] == [
        f"{records / 'orders.csv'}:4: id: given again with different values "
        f"(first at {records / 'orders.csv'}:2)"
    ]


def test_the_folder_and_its_files_are_their_owners_only(tmp_path):
    bulk_records([ROOT / "samples/seed-article"], tmp_path / "out")
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o700
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert modes == {0o600}


def test_a_file_that_cannot_be_read_leaves_the_folder_empty(tmp_path):
    records = write_records(tmp_path / "in", ["O1,arrest,2024-01-02,P1,verified"])
    (records / "orders.csv").write_bytes(b"\xff\xfe\x00\xd8 not text")
    with pytest.raises(InputError):
        bulk_records([records], tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_folder_that_holds_files_is_refused(tmp_path):
    (tmp_path / "old.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(UsageError, match="the folder is not empty"):
        bulk_records([ROOT / "samples/seed-article"], tmp_path)


def test_the_command_reports_like_load_and_exits_like_it(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["neo4j", "bulk", "--records", "tests/data/messy", str(out)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"rejected: 9 (rows and reasons in {out / 'rejected.jsonl'})"
    assert lines[-1] == f"next: tools/neo4j/server.sh import {out} (see docs/neo4j.md)"
    assert "rejected: tests/data/messy/orders.csv:7: person_id: required field is empty" in (
        result.stderr.splitlines()
    )
    clean = runner.invoke(
        cli, ["neo4j", "bulk", "--records", "samples/seed-article", str(tmp_path / "b")]
    )
    assert clean.exit_code == 0, clean.output
    assert clean.stdout.splitlines()[0] == "rejected: 0"


def test_the_command_takes_a_graph_or_records_not_both(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["neo4j", "bulk", "--graph", "g.json", "--records", "samples/seed-article", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert result.output == "Error: give --graph or --records, not both\n"


def test_a_later_judgement_of_a_pair_replaces_an_earlier_one_as_in_a_load(tmp_path):
    records = tmp_path / "in"
    records.mkdir()
    persons = "id,name\nP1,Ana Inventada\nP2,Ana Inventada Bis\n"
    (records / "persons.csv").write_text(persons, encoding="utf-8")
    judgements = [
        "left,right,judgement,by,at",
        "Person:P1,Person:P2,same,Reviewer A,2024-01-01",
        "Person:P2,Person:P1,different,Reviewer B,2024-02-01",
        "Person:P1,Person:P2,same,Reviewer C,2023-12-01",
    ]
    (records / "judgements.csv").write_text("\n".join(judgements) + "\n", encoding="utf-8")
    G = store.new_graph()
    loaded = detnet.load(records, graph=G)
    write_import(G, tmp_path / "graph")
    report, _ = bulk_records([records], tmp_path / "records")
    assert content(tmp_path / "records") == content(tmp_path / "graph")
    assert report.replaced == loaded.replaced == Counter({"JUDGED": 1})
    judged = [row for stem, _, row in content(tmp_path / "records") if "JUDGED" in stem]
    assert len(judged) == 1 and "different" in judged[0]
    assert [str(r) for r in report.rejections] == [str(r) for r in loaded.rejections]
    assert "a later judgement of this pair" in report.rejections[0].reason
