"""What leaves the tool: CSV cells cannot run formulas, JSON is valid UTF-8."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detnet.output import neutralise, to_csv, to_json, to_table


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    value = f'{start}HYPERLINK("http://example.invalid","x")'
    [row] = list(csv.reader(io.StringIO(to_csv([{"name": value}], ["name"]))))[1:]
    assert row == ["'" + value]


def test_numbers_stay_numbers_and_lists_are_joined():
    out = to_csv(
        [{"n": -3, "f": 1.5, "l": ["=a", "b"], "none": None, "b": True}],
        ["n", "f", "l", "none", "b"],
    )
    assert out.splitlines()[1] == "-3,1.5,'=a;b,,true"


@given(st.text())
def test_neutralised_cells_never_start_a_formula(text):
    cell = neutralise(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.endswith(text) or text == ""


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"])))
def test_json_is_valid_utf8_and_round_trips(text):
    out = to_json([{"name": text}])
    assert json.loads(out.encode("utf-8").decode("utf-8", errors="strict")) == [{"name": text}]


def test_tables_show_control_characters_as_spaces():
    table = to_table([{"name": "A\x1b[2Jcleared\x07"}], ["name"])
    assert "\x1b" not in table and "\x07" not in table
    assert table.splitlines()[2] == "A [2Jcleared"
