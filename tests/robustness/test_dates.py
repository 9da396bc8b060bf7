"""No date, from a record, an option or a query parameter, can end in a traceback: a bad
one is `BadDate` (a rejected row) or `UsageError` (one `Error:` line), and every date
that loads can be counted, drawn and listed, up to the last day a date can name."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from detnet.graph.dates import BadDate, parse_date
from detnet.graph.errors import UsageError
from detnet.queries.params import iso_date
from detnet.queries.timeline import plot_timeline, timeline
from hypothesis import given, settings
from hypothesis import strategies as st

import detnet
from detnet.cli import cli

from ..analysis.graphs import Order, build

# Each of these once escaped parse_date as a ValueError: too many parts, and digits that
# str.isdigit() accepts but int() does not (superscripts, circled digits).
NOT_DATES = [
    "1/2/3/2024",
    "/",
    "//",
    "2024-01-01T10:1²",
    "2024-01-01T1²:00",
    "2024-01-0²",
    "²²/01/2024",
    "2024-01-01T10:00:0①",
    "2024-01-01T10:00:00:00",
    "2024-01-01T",
]
# Imprecise dates may become valid (a month, a year, a range); none may crash.
MAYBE_DATES = ["01/2024", "1/2024", "2019", "marzo 2019", "2019-03", "2019/2020", "2019-2020"]
DATE_LIKE = st.text(alphabet="0123456789/-T: ²³①٣x", max_size=22)


@pytest.mark.parametrize("text", NOT_DATES)
def test_a_text_that_is_no_date_is_a_bad_date(text):
    with pytest.raises(BadDate):
        parse_date(text)
    with pytest.raises(UsageError, match=r"^--since: "):
        iso_date("--since", text)


@pytest.mark.parametrize("text", MAYBE_DATES)
def test_an_imprecise_date_is_a_date_or_a_bad_date(text):
    try:
        parsed = parse_date(text)
    except BadDate:
        return
    assert parse_date(parsed) == parsed


@settings(max_examples=400, deadline=None)
@given(text=DATE_LIKE | st.text(max_size=25))
def test_parse_date_raises_nothing_but_bad_date_and_its_result_is_canonical(text):
    try:
        parsed = parse_date(text)
    except BadDate:
        return
    # The stored form reads back as itself: graph files are checked against this.
    assert parse_date(parsed) == parsed


@pytest.mark.parametrize("text", ["1/2/3/2024", "2024-01-01T10:1²", "31/02/2024"])
@pytest.mark.parametrize(
    "command",
    [
        ["revolving-door", "--since", "{}"],
        ["detained-on", "{}"],
        ["query", "run", "revolving_door", "--param", "since={}"],
        ["viz", "--since", "{}", "--out", "{out}"],
    ],
)
def test_a_bad_date_in_an_option_is_one_error_line(tmp_path, seed_graph, command, text):
    graph = tmp_path / "g.json"
    detnet.graph.store.write_graph(seed_graph, graph)
    args = [a.format(text, out=tmp_path / "v.html") for a in command]
    result = CliRunner().invoke(cli, [*args, "--graph", str(graph)])
    assert result.exit_code == 2, result.output
    assert re.fullmatch(r"Error: [^\n]*\n", result.stderr), result.stderr


def test_a_bad_date_in_a_record_rejects_its_row_only(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "persons.csv").write_text("id,name,birth_date\nP1,Ana,1/2/3/2024\nP2,Bea,\n")
    report = detnet.load(folder, graph=tmp_path / "g.json")
    assert [(r.line, r.field) for r in report.rejections] == [(2, "birth_date")]
    assert report.added == {"Person": 1}


@pytest.fixture
def last_day():
    """Orders up to the last day a date can name: `9999-12-31` often means "unknown"."""
    return build(
        [
            Order("A1", "arrest", "2024-01-10", "P1", "F1", "C1"),
            Order("R1", "release", "9999-12-31", "P1", "F1", "C1"),
            Order("A2", "arrest", "9999-12-31T23:59:59", "P1", "F1", "C1"),
        ]
    )


@pytest.mark.parametrize("period", ["week", "month", "year"])
def test_the_timeline_reaches_the_last_day_a_date_can_name(last_day, period):
    rows = timeline(last_day, period=period)
    assert rows[-1]["period"] <= "9999-12-31" < rows[-1]["period"][:4] + "-99"
    assert sum(r["first_arrests"] + r["rearrests"] for r in rows) == 2
    assert rows[-1]["verified_releases"] == 1


def test_the_timeline_chart_reaches_the_last_day_a_date_can_name(last_day, tmp_path):
    rows = timeline(last_day, period="year")
    plot_timeline(rows, tmp_path / "t.svg", period="year")
    assert (tmp_path / "t.svg").read_text().startswith("<?xml")
