"""Hostile and broken input: every file either loads, or is rejected row by row with a
reason, or (when it cannot be read at all) fails with one `Error:` line. Never a traceback.
"""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from detnet.graph.errors import InputError
from detnet.graph.store import new_graph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detnet
from detnet.cli import cli

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PERSONS_HEADER = b"id,name,notes\n"


def load_cli(folder, graph):
    result = CliRunner().invoke(cli, ["load", str(folder), "--graph", str(graph)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2 and "Error:" in result.stderr:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1
    return result


def fresh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    return folder, folder / "g.json"


@FUZZ
@given(body=st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_header(tmp_path_factory, body):
    folder, graph = fresh(tmp_path_factory)
    (folder / "persons.csv").write_bytes(PERSONS_HEADER + body)
    load_cli(folder, graph)


@FUZZ
@given(body=st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_whole_file(tmp_path_factory, body):
    folder, graph = fresh(tmp_path_factory)
    (folder / "orders.csv").write_bytes(body)
    (folder / "more.jsonl").write_bytes(body)
    load_cli(folder, graph)


CELL = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30
) | st.sampled_from(['"', '""', '"a', 'a"b', "\n", "\r\n", "\r", ",", "\x00", "=1+1", "ñ"])


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=5), max_size=12))
def test_broken_quoting_and_embedded_newlines(tmp_path_factory, rows):
    folder, graph = fresh(tmp_path_factory)
    body = "\n".join(",".join(cells) for cells in rows)
    (folder / "persons.csv").write_bytes(PERSONS_HEADER + body.encode("utf-8", "surrogatepass"))
    result = load_cli(folder, graph)
    for line in result.stderr.splitlines():
        # rejected: FILE:LINE: FIELD: REASON, or the one Error: line
        assert re.match(r"(rejected: .*persons\.csv:\d+: [^:]+: .+|Error: .+)$", line), line
    if result.exit_code in (0, 1):
        detnet.stats(graph)  # the stored graph opens


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@FUZZ
@given(
    objects=st.lists(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["person", "order", "family", "source", "x", 3, None])},
            optional={
                "id": JSON_VALUE,
                "name": JSON_VALUE,
                "kind": JSON_VALUE,
                "date": JSON_VALUE,
                "person_id": JSON_VALUE,
                "aliases": JSON_VALUE,
                "sources": JSON_VALUE,
                "extra": JSON_VALUE,
            },
        ),
        max_size=8,
    )
)
def test_jsonl_with_wrong_types(tmp_path_factory, objects):
    folder, graph = fresh(tmp_path_factory)
    lines = [json.dumps(o) for o in objects]
    (folder / "rows.jsonl").write_text("\n".join(lines) + "\n")
    G = new_graph()
    report = detnet.load(folder, graph=G)
    # Every non-empty line is accounted for: loaded or rejected, never lost.
    accounted = sum((report.added + report.unchanged + report.replaced).values()) + len(
        report.rejections
    )
    assert accounted == len(lines)
    for r in report.rejections:
        assert r.reason and r.field and r.line >= 1


def test_nul_bytes_are_data_not_the_end_of_the_file(tmp_path):
    (tmp_path / "persons.csv").write_bytes(PERSONS_HEADER + b"P1,Zor\x00ana,x\nP2,Vel,y\n")
    G = new_graph()
    report = detnet.load(tmp_path, graph=G)
    assert report.exit_code == 0
    assert G.nodes["Person:P1"]["name"] == "Zor\x00ana"


def test_huge_fields_beyond_the_csv_default_limit(tmp_path):
    huge = "é" * 1_000_000
    (tmp_path / "persons.csv").write_text(f"id,name,notes\nP1,A,{huge}\nP2,B,\n", encoding="utf-8")
    G = new_graph()
    assert detnet.load(tmp_path, graph=G).exit_code == 0
    assert len(G.nodes["Person:P1"]["notes"]) == 1_000_000


def test_the_valid_rows_of_a_partly_bad_file_are_all_loaded(tmp_path):
    rows = [f"P{i},Person {i}," for i in range(50)]
    rows[10] = "P10,,"  # missing name
    rows[20] = 'P20,"never closed,'  # swallows the rest of the file into one cell
    (tmp_path / "persons.csv").write_text("id,name,notes\n" + "\n".join(rows) + "\n")
    G = new_graph()
    report = detnet.load(tmp_path, graph=G)
    assert [(r.line, r.field) for r in report.rejections] == [(12, "name")]
    # The unclosed quote makes rows 20..49 one multi-line name: csv cannot know better,
    # and the row is kept whole, so the analyst sees it in the graph and the file.
    assert G.number_of_nodes() == 49 - 29


def test_unreadable_header_is_one_error_line(tmp_path):
    (tmp_path / "persons.csv").write_bytes(b"id,id\nP1,P1\n")
    try:
        detnet.load(tmp_path, graph=new_graph())
    except InputError as e:
        assert str(e) == f"{tmp_path / 'persons.csv'}:1: columns 'id' and 'id' both give 'id'"
    else:
        raise AssertionError("expected InputError")
