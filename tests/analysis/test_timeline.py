"""The timeline, per week, month and year, and its chart."""

from __future__ import annotations

import pytest
from detnet.graph.errors import UsageError
from detnet.queries.timeline import plot_timeline, timeline

from .graphs import Order, build


@pytest.fixture
def door():
    return build(
        [
            Order("A1", "arrest", "2024-01-10", "P1", "F1", "C1"),  # first arrest, January
            Order("R1", "release", "2024-01-25", "P1", "F2", "C1"),  # verified, January
            Order("A2", "arrest", "2024-03-05", "P1", "F1", "C2"),  # re-arrest, March
            Order("A3", "arrest", "2024-01-31T23:00:00", "P2", "F2", "C2"),  # first, January
            Order("R2", "release", "2024-03-10", "P2", "F1", "C2", "claimed"),  # claimed, March
            Order("A4", "arrest", "2024-04-02", "P2", "F1", "C2"),  # neither: no verified release
            Order("R3", "release", "2024-04-20", "P2", "F2", "C2", "disputed"),  # counted nowhere
        ]
    )


PART_1 = timeline.columns[
    :6
]  # the columns of part 1 of the contract; tests/analysis/test_part2.py has the rest


def table(rows):
    return [tuple(r[c] for c in PART_1) for r in rows]


def test_months_count_each_kind_and_who_is_held_at_the_end(door):
    assert table(timeline(door)) == [
        # period, first arrests, re-arrests, verified, claimed, held at the end
        ("2024-01-01", 2, 0, 1, 0, 1),
        ("2024-02-01", 0, 0, 0, 0, 1),  # an empty month is still a row
        ("2024-03-01", 0, 1, 0, 1, 2),  # a claimed release frees no one
        ("2024-04-01", 0, 0, 0, 0, 2),
    ]
    assert list(timeline(door)[0]) == list(timeline.columns)


def test_weeks_start_on_monday_and_years_on_january_first(door):
    weeks = timeline(door, period="week")
    assert weeks[0]["period"] == "2024-01-08"  # 10 January 2024 was a Wednesday
    assert [w["period"] for w in weeks[:3]] == ["2024-01-08", "2024-01-15", "2024-01-22"]
    assert sum(w["first_arrests"] for w in weeks) == 2
    assert table(timeline(door, period="year")) == [("2024-01-01", 2, 1, 1, 1, 2)]


def test_filters_count_only_the_official_or_facility_orders(door):
    # F1 ordered A1, A2, R2, A4; persons held whose detention began with their arrest.
    assert table(timeline(door, official="F1")) == [
        ("2024-01-01", 1, 0, 0, 0, 0),
        ("2024-02-01", 0, 0, 0, 0, 0),
        ("2024-03-01", 0, 1, 0, 1, 1),
        ("2024-04-01", 0, 0, 0, 0, 2),
    ]
    # C2: A3 (first), A2 (re-arrest), R2 (claimed), A4; held at C2 at each month's end.
    assert table(timeline(door, facility="C2")) == [
        ("2024-01-01", 1, 0, 0, 0, 1),
        ("2024-02-01", 0, 0, 0, 0, 1),
        ("2024-03-01", 0, 1, 0, 1, 2),
        ("2024-04-01", 0, 0, 0, 0, 2),
    ]
    assert [{c: r[c] for c in PART_1} for r in timeline(door, official="F1", facility="C1")] == [
        {"period": "2024-01-01", "first_arrests": 1, "rearrests": 0, "verified_releases": 0,
         "claimed_releases": 0, "detained_at_end": 0},
        *[{"period": p, "first_arrests": 0, "rearrests": 0, "verified_releases": 0,
           "claimed_releases": 0, "detained_at_end": 0}
          for p in ("2024-02-01", "2024-03-01", "2024-04-01")],
    ]  # fmt: skip


def test_an_official_with_no_orders_has_an_empty_timeline():
    G = build([Order("A1", "arrest", "2024-01-10", "P1", "F1")])
    G.add_node("Official:F2", label="Official", id="F2", name="Idle", sources=[])
    assert timeline(G, official="F2") == []
    assert timeline(build()) == []


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"period": "day"}, "period: expected one of week, month, year, not 'day'"),
        ({"official": "F9"}, "unknown official 'F9'"),
        ({"facility": "C9"}, "unknown facility 'C9'"),
    ],
)
def test_bad_parameters(door, kw, message):
    with pytest.raises(UsageError) as caught:
        timeline(door, **kw)
    assert str(caught.value) == message


def test_the_chart_is_titled_labelled_and_has_a_legend(door, tmp_path):
    svg = tmp_path / "chart.svg"
    plot_timeline(timeline(door), svg, period="month", title="Door, 2024", note="Records to May")
    text = svg.read_text()
    for words in (
        "Door, 2024",
        "Arrests and releases per month",
        "Held at the end",
        "Records to May",
        "First arrests",
        "Re-arrests (after a verified release)",
        "Verified releases",
        "Releases announced, not verified",
        "2024",  # dates on the x axis
    ):
        assert words in text, words
    png = tmp_path / "chart.png"
    plot_timeline(timeline(door), png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_chart_refuses_other_formats_and_nothing_to_draw(door, tmp_path):
    with pytest.raises(UsageError, match=r"must end in \.png or \.svg"):
        plot_timeline(timeline(door), tmp_path / "chart.pdf")
    with pytest.raises(UsageError, match="nothing to draw"):
        plot_timeline([], tmp_path / "chart.png")
