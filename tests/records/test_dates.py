"""Every date spelling the records contract accepts, and every one it rejects (RECORDS.md,
"Dates"): by the parser itself, in every date field of every kind of record, and in the
options of the queries."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from detnet.graph.dates import BadDate, parse
from detnet.graph.errors import UsageError
from detnet.graph.schema import DATE, SCHEMATA
from detnet.loaders.contract import KINDS
from detnet.loaders.read import RawRow
from detnet.loaders.validate import Record, validate
from detnet.queries.params import Param

import detnet
from detnet.cli import cli

from .helpers import basic, write

# text as written -> (normalised, first possible day, last possible day, approximate)
ACCEPTED = {
    # day
    "2019-03-10": ("2019-03-10", "2019-03-10", "2019-03-10", False),
    "10/03/2019": ("2019-03-10", "2019-03-10", "2019-03-10", False),
    "1/3/2019": ("2019-03-01", "2019-03-01", "2019-03-01", False),
    "10 de marzo de 2019": ("2019-03-10", "2019-03-10", "2019-03-10", False),
    "10 de marzo del 2019": ("2019-03-10", "2019-03-10", "2019-03-10", False),
    "1° de marzo de 2019": ("2019-03-01", "2019-03-01", "2019-03-01", False),
    "1ro de Enero de 2020": ("2020-01-01", "2020-01-01", "2020-01-01", False),
    "10 March 2019": ("2019-03-10", "2019-03-10", "2019-03-10", False),
    "9 Jan 2026": ("2026-01-09", "2026-01-09", "2026-01-09", False),
    "March 10, 2019": ("2019-03-10", "2019-03-10", "2019-03-10", False),
    "March 10th, 2019": ("2019-03-10", "2019-03-10", "2019-03-10", False),
    "29/02/2020": ("2020-02-29", "2020-02-29", "2020-02-29", False),
    "2024-01-12T09:30": ("2024-01-12T09:30:00", "2024-01-12", "2024-01-12", False),
    "2024-01-12T09:30:15": ("2024-01-12T09:30:15", "2024-01-12", "2024-01-12", False),
    # month
    "2019-03": ("2019-03", "2019-03-01", "2019-03-31", False),
    "03/2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "3/2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "marzo 2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "marzo de 2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "Marzo del 2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "MARZO 2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "  marzo   2019 ": ("2019-03", "2019-03-01", "2019-03-31", False),
    "Márzo 2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "setiembre 2019": ("2019-09", "2019-09-01", "2019-09-30", False),
    "septiembre 2019": ("2019-09", "2019-09-01", "2019-09-30", False),
    "febrero 2024": ("2024-02", "2024-02-01", "2024-02-29", False),
    "February 2023": ("2023-02", "2023-02-01", "2023-02-28", False),
    "Mar 2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "mar. 2019": ("2019-03", "2019-03-01", "2019-03-31", False),
    "Sept 2019": ("2019-09", "2019-09-01", "2019-09-30", False),
    "dic 2019": ("2019-12", "2019-12-01", "2019-12-31", False),
    "Dec 2019": ("2019-12", "2019-12-01", "2019-12-31", False),
    # year
    "2019": ("2019", "2019-01-01", "2019-12-31", False),
    "1967": ("1967", "1967-01-01", "1967-12-31", False),
    # range
    "2019-03-01/2019-03-15": ("2019-03-01/2019-03-15", "2019-03-01", "2019-03-15", False),
    "marzo 2019/mayo 2019": ("2019-03/2019-05", "2019-03-01", "2019-05-31", False),
    "2019/2020": ("2019/2020", "2019-01-01", "2020-12-31", False),
    "2019-03/2019-05-10": ("2019-03/2019-05-10", "2019-03-01", "2019-05-10", False),
    "10 de marzo de 2019 / abril 2019": ("2019-03-10/2019-04", "2019-03-10", "2019-04-30", False),
    "2019-03-10/2019-03-10": ("2019-03-10/2019-03-10", "2019-03-10", "2019-03-10", False),
    # approximate or uncertain: the same first and last days
    "2019~": ("2019~", "2019-01-01", "2019-12-31", True),
    "2019?": ("2019?", "2019-01-01", "2019-12-31", True),
    "2019-03-10 ?": ("2019-03-10?", "2019-03-10", "2019-03-10", True),
    "circa 2019": ("2019~", "2019-01-01", "2019-12-31", True),
    "Circa marzo 2019": ("2019-03~", "2019-03-01", "2019-03-31", True),
    "ca. 2019": ("2019~", "2019-01-01", "2019-12-31", True),
    "c. 2019": ("2019~", "2019-01-01", "2019-12-31", True),
    "aprox. marzo 2019": ("2019-03~", "2019-03-01", "2019-03-31", True),
    "aprox 10/03/2019": ("2019-03-10~", "2019-03-10", "2019-03-10", True),
    "aproximadamente 2019": ("2019~", "2019-01-01", "2019-12-31", True),
    "approx. 2019": ("2019~", "2019-01-01", "2019-12-31", True),
    "2019-03~/2019-05": ("2019-03~/2019-05", "2019-03-01", "2019-05-31", True),
    "circa 2019/2020": ("2019~/2020~", "2019-01-01", "2020-12-31", True),
}

# text -> the reason given
REJECTED = {
    "31/02/2024": "no such date: '31/02/2024'",
    "29/02/2019": "no such date: '29/02/2019'",
    "2019-02-29": "no such date: '2019-02-29'",
    "2019-13": "no such date: '2019-13'",
    "13/2019": "no such date: '13/2019'",
    "00/2019": "no such date: '00/2019'",
    "0000": "no such date: '0000'",
    "32 de marzo de 2019": "no such date: '32 de marzo de 2019'",
    "2019-05/2019-03": "the range ends before it starts: '2019-05/2019-03'",
    "mayo 2019/marzo 2019": "the range ends before it starts: 'mayo 2019/marzo 2019'",
    "2024-01-12T25:00": "no such time: '2024-01-12T25:00'",
    "2024-01-12T09:30~": "a time of day cannot be approximate: '2024-01-12T09:30~'",
    **{
        text: f"not a date: {text!r} (expected a day, month, year or range, e.g. "
        "2019-03-10, 10/03/2019, marzo 2019, 2019)"
        for text in (
            "",
            "   ",
            "marzo",
            "Dey 1404",  # another calendar: not read as a month name
            "2019-3",
            "20190310",
            "19",
            "marzo 19",
            "1/2/2019/2020",  # a range's ends are never day-first with slashes
            "10/03/2019/2019-04",
            "03/2019/05/2019",
            "2019-2020",
            "enero-marzo 2019",
            "~2019",  # the mark goes after the date
            "ca 2019",
            "2024-01-12T9:30",
            "2019/2020/2021",
            "next week",
            "２０１９",  # full-width digits are refused, not read as others
        )
    },
}


@pytest.mark.parametrize("text", ACCEPTED)
def test_an_accepted_date(text):
    assert tuple(parse(text)) == ACCEPTED[text]


@pytest.mark.parametrize("text", REJECTED)
def test_a_rejected_date(text):
    with pytest.raises(BadDate) as raised:
        parse(text)
    assert str(raised.value) == REJECTED[text]


def test_the_normalised_form_reads_back_as_itself():
    for text, (normalised, start, end, approximate) in ACCEPTED.items():
        assert tuple(parse(normalised)) == (normalised, start, end, approximate), text


# Every date field of every kind of record reads the same spellings.

DATE_FIELDS = [
    (kind, field)
    for kind in KINDS
    for field in kind.fields
    if field.type == DATE
]  # fmt: skip


def _validated(kind, field, text):
    """One row of `kind` holding `text` in `field`, its other required fields filled."""
    values = {f.name: "X1" for f in kind.fields if f.required}
    values.update(
        {
            "kind": "arrest" if kind.name == "orders" else "released",
            "status": "detained" if kind.name == "statuses" else "verified",
            "relation": "parent",
            "judgement": "same",
            "left": "Person:P1",
            "right": "Person:P2",
            "count": "3",
            "as_of": "2026-01-15",
            "date": "2026-01-15",
        }
    )
    values = {k: v for k, v in values.items() if k in kind.field_names}
    values[field.name] = text
    return validate(RawRow(f"{kind.name}.csv", 2, kind, values, {}))


def test_every_date_field_is_declared_for_the_test():
    assert (
        len(DATE_FIELDS) == sum(1 for s in SCHEMATA for p in s.properties if p.type == DATE)
        and len(DATE_FIELDS) >= 9
    )


@pytest.mark.parametrize("kind, field", DATE_FIELDS, ids=lambda x: getattr(x, "name", None))
def test_every_date_field_stores_an_imprecise_date_with_its_days(kind, field):
    record = _validated(kind, field, "marzo de 2019")
    if field.day:  # a list's day, a count's day: one single day
        assert (
            str(record) == f"{kind.name}.csv:2: {field.name}: expected a single day, not '2019-03'"
        )
        record = _validated(kind, field, "10 de marzo de 2019")
        assert isinstance(record, Record), str(record)
        assert record.values[field.name] == "2019-03-10"
        return
    assert isinstance(record, Record), str(record)
    values = record.values
    assert (values[field.name], values[f"{field.name}_start"], values[f"{field.name}_end"]) == (
        "2019-03", "2019-03-01", "2019-03-31")  # fmt: skip


@pytest.mark.parametrize("kind, field", DATE_FIELDS, ids=lambda x: getattr(x, "name", None))
def test_every_date_field_rejects_a_bad_date(kind, field):
    rejected = _validated(kind, field, "31/02/2024")
    assert str(rejected) == f"{kind.name}.csv:2: {field.name}: no such date: '31/02/2024'"


def test_a_row_whose_only_fault_was_an_imprecise_date_loads_with_its_orders(tmp_path):
    """The issue's first finding: 276 of 926 persons rejected for a birth date given as a
    year or a month, each taking its orders with it."""
    folder = basic(
        tmp_path / "r",
        persons_csv="id,name,birth_date\nP1,Zorana Quintovar,1967\nP2,Velito Morreth,marzo 1980\n",
        orders_csv=(
            "id,kind,date,person_id\n"
            "O1,arrest,2019,P1\nO2,release,9 Jan 2026,P1\nO3,arrest,circa marzo 2020,P2\n"
        ),
    )
    report = detnet.load(folder, graph=tmp_path / "g.json")
    assert report.rejections == []
    assert (report.added["Person"], report.added["Order"]) == (2, 3)


# Query options read the same spellings.


@pytest.mark.parametrize("text", [t for t in ACCEPTED if "T" not in t])
def test_a_date_option_accepts_every_spelling(text):
    assert Param("since", "date").convert(text) == ACCEPTED[text][0]


@pytest.mark.parametrize("text", ["31/02/2024", "marzo", "2019-05/2019-03"])
def test_a_date_option_rejects_a_bad_date_naming_the_option(text):
    with pytest.raises(UsageError) as raised:
        Param("since", "date").convert(text, "--since")
    assert str(raised.value) == f"--since: {REJECTED[text]}"


def test_imprecise_dates_on_the_command_line(tmp_path):
    graph = tmp_path / "g.json"
    detnet.load(write(tmp_path / "r", persons_csv="id,name\nP1,Zorana Quintovar\n",
                      orders_csv="id,kind,date,person_id\nO1,arrest,2019-03-10,P1\n"),
                graph=graph)  # fmt: skip
    runner = CliRunner()
    for args in (
        ["revolving-door", "--since", "marzo 2019", "--until", "2020"],
        ["detained-on", "marzo de 2019"],
        ["timeline", "--as-known-on", "circa 2020"],
    ):
        result = runner.invoke(cli, [*args, "--graph", str(graph)])
        assert result.exit_code == 0, (args, result.output)
    result = runner.invoke(cli, ["revolving-door", "--since", "31/02/2024", "--graph", str(graph)])
    assert (result.exit_code, result.stderr) == (2, "Error: --since: no such date: '31/02/2024'\n")
