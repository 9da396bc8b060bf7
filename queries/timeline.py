"""The timeline: is the door turning faster? Arrests and releases per week, month or year.

Also the chart the press prints: releases against arrests, and how many are held.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from datetime import date, timedelta

from detnet.graph.dates import bounds, days
from detnet.graph.errors import DetnetError, UsageError
from detnet.graph.files import private_file
from detnet.graph.schema import FACILITY, OFFICIAL
from detnet.graph.store import open_graph

from .custody import Custody, next_custody
from .events import LISTED, Event, name
from .ledger import facts_of
from .revolving import person_rearrests
from .rows import Rows
from .twins import query

PERIODS = ("week", "month", "year")


def period_start(day: date, period: str) -> date:
    """The first day of the period holding `day`; weeks start on Monday.

    >>> period_start(date(2026, 1, 14), "week"), period_start(date(2026, 1, 14), "month")
    (datetime.date(2026, 1, 12), datetime.date(2026, 1, 1))
    """
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: date, period: str) -> date | None:
    """The first day of the period after the one starting on `start`; None after the
    last period a date can name (records write `9999-12-31` for "unknown").

    >>> next_period(date(2025, 12, 1), "month")
    datetime.date(2026, 1, 1)
    >>> next_period(date(9999, 12, 1), "month") is None
    True
    """
    if period == "week":
        return start + timedelta(days=7) if date.max - start >= timedelta(days=7) else None
    if start.year == date.max.year and (period == "year" or start.month == 12):
        return None
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


COUNTED_KINDS = {  # orders counted in a column of their own, by kind
    "house_arrest": "house_arrests",
    "disappearance": "disappearances",
    "exile": "exiles",
    "death": "deaths",
}


@query(
    "period",
    "first_arrests",
    "rearrests",
    "verified_releases",
    "claimed_releases",
    "detained_at_end",
    "house_arrests",
    "disappearances",
    "exiles",
    "deaths",
    "inferred_arrests",
    "inferred_releases",
    "listed",
    "late_reports",
    "imprecise",
    facts=True,
)
def timeline(
    G,
    *,
    period: str = "month",
    official: str | None = None,
    facility: str | None = None,
    as_known_on: str | None = None,
    late_days: int = 30,
    recorded_only: bool = False,
) -> Rows:
    """Arrests, releases and the number held, per period.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    period : {"week", "month", "year"}
    official : str, optional
        Count only orders issued by this official id; `detained_at_end` counts persons
        whose detention began with an order of theirs.
    facility : str, optional
        Count only orders and list entries naming this facility id (taken to it, or
        released from it); `detained_at_end` counts persons held there.
    as_known_on : str, optional
        Only records known by this day.
    late_days : int
        A record is reported late when it became known more than this many days after
        its last possible day.
    recorded_only : bool
        Count recorded orders alone: nothing inferred from status lists.

    Returns
    -------
    Rows
        One row per period, every period from the first counted fact to the latest
        fact in the graph, empty ones included. `period` is the ISO date of the
        period's first day (weeks start on Monday). A fact falls in the period of its
        first possible day; `imprecise` counts the period's counted orders whose date
        spans more than that day. `first_arrests`: a person's first arrest on record
        (unless it is a re-arrest); `rearrests`: re-arrests as `revolving_door` finds
        them (verified releases); an arrest that is neither (a second arrest with no
        verified release between) is in neither column. `verified_releases` /
        `claimed_releases`: release orders with status `verified` / `claimed`
        (announced, not independently confirmed). `house_arrests`,
        `disappearances`, `exiles` and `deaths`: orders of those kinds.
        `inferred_arrests` / `inferred_releases`: how many of the arrests and
        releases counted were inferred from status lists. `listed`: status-list
        entries. `late_reports`: records (orders and list entries) reported late.
        `detained_at_end`: persons in custody at the end of the period, counting
        those whose release was only claimed and those a list says are held (see
        `detained_on`).

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> rows = timeline(G, period="week")
    >>> [(r["period"], r["first_arrests"], r["verified_releases"]) for r in rows]
    [('2026-01-12', 1, 0), ('2026-01-19', 0, 1)]
    >>> [r["detained_at_end"] for r in rows]
    [1, 1]
    """
    facts = facts_of(G)
    official = facts.clusters.of_id(OFFICIAL, official)
    facility = facts.clusters.of_id(FACILITY, facility)
    known = as_known_on and bounds(as_known_on)[1]

    def counted_fact(e: Event) -> bool:
        return (official is None or e.official_id == official) and (
            facility is None or e.facility_id == facility
        )

    def counted_custody(state: Custody | None) -> bool:
        return (
            state is not None
            and (facility is None or state.facility_id == facility)
            and (official is None or state.detained_by.official_id == official)
        )

    counts: dict[str, Counter] = {c: Counter() for c in timeline.columns[1:]}
    first = last = None  # the first counted fact's day, the graph's latest day
    timelines = facts.timelines(as_known_on=known, recorded_only=recorded_only)
    for events in timelines.values():
        last = max(last or events[-1].start, events[-1].start)
        rearrests = {r.rearrest.order_id for r in person_rearrests(events)}
        first_arrest = next((e for e in events if e.kind == "arrest"), None)
        state = None
        for e in events:
            was_counted, state = counted_custody(state), next_custody(state, e)
            if counted_custody(state) != was_counted:
                counts["detained_at_end"][period_start(e.day, period)] += -1 if was_counted else 1
            if not counted_fact(e):
                continue
            first = min(first or e.start, e.start)
            for column in _columns(e, rearrests, first_arrest, late_days):
                counts[column][period_start(e.day, period)] += 1
    rows = []
    if first is not None:
        start = period_start(date.fromisoformat(first), period)
        end = period_start(date.fromisoformat(last), period)
        detained = 0
        while True:
            detained += counts["detained_at_end"][start]
            row = {"period": start.isoformat(), **{c: n[start] for c, n in counts.items()}}
            row["detained_at_end"] = detained
            rows.append(row)
            if start >= end:  # before next_period: the last period may be year 9999's
                break
            start = next_period(start, period)
    return Rows(rows, timeline.columns)


def _columns(e: Event, rearrests: set[str], first_arrest: Event | None, late: int) -> list[str]:
    """The columns a counted fact adds one to."""
    found = []
    if e.kind == "arrest":
        if e.order_id in rearrests:
            found.append("rearrests")
        elif e is first_arrest:
            found.append("first_arrests")
        if e.inferred:
            found.append("inferred_arrests")
    elif e.kind == "release":
        if e.status in ("verified", "claimed"):
            found.append(f"{e.status}_releases")
        if e.inferred:
            found.append("inferred_releases")
    elif e.kind == LISTED:
        found.append("listed")
    if e.kind in COUNTED_KINDS:
        found.append(COUNTED_KINDS[e.kind])
    if not e.inferred and days(e.end, e.known) > late:
        found.append("late_reports")
    if e.kind != LISTED and e.start != e.end:
        found.append("imprecise")
    return found


def plot_timeline(
    rows: list[dict],
    out: str | os.PathLike | None = None,
    *,
    period: str = "month",
    title: str | None = None,
    note: str | None = None,
    claims: list[dict] | None = None,
):
    """Draw the releases-versus-arrests chart of `timeline` rows to a PNG or SVG file.

    With `out=None`, return the matplotlib Figure instead (a notebook shows it inline).

    Two panels over the same dates: arrests (first and re-arrests) against verified
    and claimed releases per period, and the number held at each period's end.
    `note`, if given, is printed under the chart (say where the records end).
    `claims`, rows of `claims.reconcile`, are drawn on the same axes: a claim of persons
    released or arrested over its period on the upper panel, a count of persons held
    on a day on the lower one; the claimed range as a band (an open count, "more than
    200", as a band fading upwards from its least value), what the records document
    as a solid line, and what they documented on the claim's date as a dashed one;
    each labelled with its id when there are few.
    Needs matplotlib (the `plot` extra); never touches pyplot's global state.

    Examples
    --------
    >>> import detnet, tempfile, pathlib
    >>> rows = timeline(detnet.load_sample("synthetic"), period="year")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "timeline.svg"
    >>> plot_timeline(rows, out, period="year")
    >>> out.read_text()[:5]
    '<?xml'
    >>> plot_timeline(rows, period="year").get_suptitle()
    'Arrests and releases per year'

    With the claims of the same graph:

    >>> from detnet.queries.claims import reconcile
    >>> G = detnet.load_sample("seed-article")
    >>> fig = plot_timeline(timeline(G, period="week"), period="week", claims=reconcile(G))
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][4:6]
    ['Claimed: the figure or range announced', 'Documented now']
    """
    suffix = os.fspath(out).rsplit(".", 1)[-1].lower() if out is not None else None
    if out is not None and suffix not in ("png", "svg"):
        raise UsageError(f"--plot: {os.fspath(out)!r}: the file name must end in .png or .svg")
    if not rows:
        raise UsageError("--plot: nothing to draw: no orders match")
    try:
        import matplotlib
        import matplotlib.dates as mdates
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise DetnetError("--plot needs matplotlib: pip install 'detnet[plot]'") from None

    # Each period is drawn across its whole width: the steps need the last period's end.
    starts = [date.fromisoformat(r["period"]) for r in rows]
    edges = starts + [next_period(starts[-1], period) or date.max]

    def values(column: str) -> list[int]:
        return [r[column] for r in rows] + [rows[-1][column]]

    fig = Figure(figsize=(11, 6.5), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    series = [
        ("first_arrests", "First arrests", "#b2182b", "-"),
        ("rearrests", "Re-arrests (after a verified release)", "#ef8a62", "-"),
        ("verified_releases", "Verified releases", "#2166ac", "-"),
        ("claimed_releases", "Releases announced, not verified", "#67a9cf", "--"),
    ]
    for column, label, colour, style in series:
        top.step(edges, values(column), style, color=colour, label=label, where="post")
    bottom.fill_between(edges, values("detained_at_end"), step="post", color="#999999")
    handles = top.get_legend_handles_labels()[0]
    if claims:
        handles += _draw_claims(top, bottom, claims, edges[0])
    fig.suptitle(title or f"Arrests and releases per {period}")
    # Above the panels, where it can hide no data.
    top.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1), frameon=False,
               ncols=3 if claims else 4, fontsize="small" if claims else None)  # fmt: skip
    top.set_ylabel(
        f"Arrests and releases per {period}"
        + ("\n(claims: persons over their period)" if claims else "")
    )
    bottom.set_ylabel(f"Held at the end\nof each {period}")
    bottom.set_xlabel(note or "Date")
    for axes in (top, bottom):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        axes.grid(alpha=0.3)
    # No margin beyond the periods drawn: matplotlib cannot place a date after 9999-12-31.
    bottom.set_xlim(edges[0], edges[-1])
    locator = mdates.AutoDateLocator()
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if out is None:
        return fig
    # In SVG, text stays text: an editor can correct a label, and it can be searched.
    drawn = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(drawn, format=suffix, dpi=150)
    with private_file(out) as f:  # whole or not at all, like every file detnet writes
        f.write(drawn.getvalue())


CLAIM_COLOURS = {"released": "#5e3c99", "arrested": "#b2182b", "detained": "#1b7837"}


LABELLED_CLAIMS = 12  # up to this many claims, each is labelled with its id


def _draw_claims(top, bottom, claims: list[dict], chart_start: date) -> list:
    """Claims on the timeline's axes (see `plot_timeline`). A claim of persons released or
    arrested over a period (upper panel): a band across the period for the figure
    claimed (a thick line for one number), a solid line for what the records document,
    a dashed one for what they documented on the claim's date. A count of persons held
    on a day (lower panel): a bar at that day for the figure, a dot for what is
    documented, a ring for what was documented then. Returns the legend's entries."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    for claim in claims:
        low, high = claim["count_min"], claim["count_max"]
        colour = CLAIM_COLOURS[claim["kind"]]
        if claim["kind"] == "detained":
            axes = bottom
            day = date.fromisoformat(claim["as_of"])
            span = [day, day]
            if high == low:
                bottom.plot([day], [low], "_", color=colour, alpha=0.5, ms=18, mew=6)
            else:  # a range, or an open count: at least its least value
                bottom.vlines(day, low, high or low * 1.2, color=colour, lw=6, alpha=0.3)
            if high is None:
                bottom.plot([day], [low * 1.2], "^", color=colour, alpha=0.5)
            bottom.plot([day], [claim["documented"]], "o", color=colour)
            bottom.plot([day], [claim["documented_then"]], "o", color=colour, mfc="none")
        else:
            axes = top
            first = claim["period_start"]
            span = [
                date.fromisoformat(first) if first else chart_start,
                date.fromisoformat(claim["period_end"]) + timedelta(days=1),
            ]
            if high is None:  # an open count: a band fading upwards from its least value
                for step in range(4):
                    band = (low * (1 + 0.05 * step), low * (1 + 0.05 * (step + 1)))
                    top.fill_between(span, *band, color=colour, alpha=0.3 - 0.07 * step, lw=0)
            elif high > low:
                top.fill_between(span, low, high, color=colour, alpha=0.3, lw=0)
            else:
                top.plot(span, [low] * 2, "-", color=colour, alpha=0.3, lw=6)
            top.plot(span, [claim["documented"]] * 2, "-", color=colour, lw=2.5)
            top.plot(span, [claim["documented_then"]] * 2, "--", color=colour, lw=1.5)
        if len(claims) <= LABELLED_CLAIMS:
            axes.annotate(claim["claim_id"], (span[0], high or low), xytext=(2, 3),
                          textcoords="offset points", fontsize="x-small", color=colour)  # fmt: skip
    grey = "#333333"
    handles = [
        Patch(color=grey, alpha=0.3, label="Claimed: the figure or range announced"),
        Line2D([], [], color=grey, lw=2.5, marker="o", label="Documented now"),
        Line2D([], [], color=grey, ls="--", marker="o", mfc="none",
               label="Documented on the claim's date"),
    ]  # fmt: skip
    kinds = sorted({c["kind"] for c in claims})
    handles += [Patch(color=CLAIM_COLOURS[k], alpha=0.5, label=f"Claims: {k}") for k in kinds]
    return handles


def describe_filters(graph, *, official: str | None = None, facility: str | None = None) -> str:
    """Words for a chart title naming the filters.

    >>> import detnet
    >>> describe_filters(detnet.load_sample("seed-article"), facility="C-RODEO")
    'at El Rodeo Judicial Detention Center'
    """
    G = open_graph(graph)
    parts = []
    if official:
        parts.append(f"ordered by {name(G, OFFICIAL, official) or official}")
    if facility:
        parts.append(f"at {name(G, FACILITY, facility) or facility}")
    return ", ".join(parts)
