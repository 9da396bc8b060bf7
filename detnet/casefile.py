"""Case files (`detnet dossier`): what the records say of one official, institution or
person, printable, to hand over to a mission, a court or a newsroom.

A case file holds the figures (orders, persons, re-arrests, days free, the share of
re-arrests ordered by the official of the arrest before the release, release
conditions), a timeline chart, each re-arrest chain with its dates, every fact with
the sources that support it (title, publisher, address, date), the judgements that
merged records, the day it was made and a hash of the graph it came from.

It reads the graph as the queries do: the re-arrests are `revolving.find_rearrests`'s
(or, for a person, `revolving.person_rearrests` over their facts), the facts
`events.Facts`'s, records judged the same are one. The HTML has no script at all and
prints to PDF from a browser; the Markdown escapes every value. `redact=True` works
on `detnet.graph.redact`'s graph, like every other output.
"""

from __future__ import annotations

import hashlib
import html
import os
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from itertools import chain, islice
from pathlib import Path

import networkx as nx
import orjson

from detnet import page
from detnet.graph import reference
from detnet.graph.errors import UsageError
from detnet.graph.redact import key_map, redaction_key
from detnet.graph.redact import redact as redact_graph
from detnet.graph.schema import (
    FACILITY,
    INSTITUTION,
    JUDGED,
    OFFICIAL,
    PERSON,
    SOURCE,
    STATUS,
    key_id,
    node_key,
    split_key,
)
from detnet.graph.store import graph_path, open_graph, sorted_edges
from detnet.i18n import Text
from detnet.queries import views
from detnet.queries.events import LISTED, Clusters, Event, Facts, event_order
from detnet.queries.params import existing
from detnet.queries.revolving import (
    REVOLVING_KINDS,
    find_rearrests,
    parts_of,
    person_rearrests,
    persons_of,
)
from detnet.view_page import ORDER_COLOURS, REARREST_COLOUR, day_number, name_of

FORMATS = ("html", "md")
TEMPLATE = "dossier.html"
DEMO_DOSSIER = "dossier.html"  # `detnet demo` writes the busiest official's case file
MAX_LANES = 40  # persons in the timeline chart; the facts list holds every one
TICK_ROOM = 94  # % of the track: a year's label further right would print past the page


@dataclass
class CaseFile:
    """A case file: its text, its title, and where it was saved."""

    text: str
    title: str
    format: str
    path: Path | None = None

    def save(self, path: str | os.PathLike) -> Path:
        """Write the case file (a new file is readable by its owner only)."""
        self.path = page.write_page(self.text, path)
        return self.path

    def __repr__(self) -> str:
        return f"<CaseFile {self.title!r} ({self.format})>"


def graph_hash(graph, G: nx.MultiDiGraph) -> str:
    """SHA-256 of the graph file (what `sha256sum FILE` prints), or, for a graph in memory,
    of its nodes and relationships in a canonical order.

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> graph_hash(G, G) == graph_hash(G, G.copy()), len(graph_hash(G, G))
    (True, 64)
    """
    if not isinstance(graph, nx.MultiDiGraph):
        digest = hashlib.sha256()
        with open(graph_path(graph), "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    digest = hashlib.sha256()
    nodes = G.nodes
    items = chain(([node, nodes[node]] for node in sorted(nodes)), sorted_edges(G))
    while batch := list(islice(items, HASH_BATCH)):  # one call per batch, not per item
        digest.update(orjson.dumps(batch, option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()


HASH_BATCH = 10_000  # nodes or relationships serialised at once for `graph_hash`


class Subject:
    """What a case file is about, and the facts and re-arrests that concern it."""

    def __init__(self, G: nx.MultiDiGraph, label: str, id: str):
        self.G = G
        clusters = Clusters.of(G)
        # Only the facts of the persons it can concern: at 100k orders, reading everyone's
        # took longer than the rest of the case file.
        facts = Facts.of(G, persons_of(G, clusters, label, id), clusters)
        self.facts = facts
        self.label = label
        self.id = facts.clusters.of_id(label, id)
        self.key = node_key(label, self.id)
        self.reading = views.Reading(G, facts.clusters)
        timelines = facts.timelines()
        if label == PERSON:
            mine = timelines.get(self.id, [])
            self.events = mine
            self.rearrests = list(person_rearrests([e for e in mine if e.kind in REVOLVING_KINDS]))
        else:
            if label == OFFICIAL:
                _, self.rearrests = find_rearrests(G, official=self.id, facts=facts)
                ours = lambda e: e.official_id == self.id  # noqa: E731
            else:
                _, self.rearrests = find_rearrests(G, institution=self.id, facts=facts)
                bodies = parts_of(G, facts, self.id)
                ours = lambda e: e.institution_id in bodies  # noqa: E731
            self.events = sorted(
                (
                    e
                    for events in timelines.values()
                    for e in events
                    if e.kind != LISTED and ours(e)
                ),
                key=event_order,
            )
        self.orders = [e for e in self.events if e.kind != LISTED]
        self.persons = sorted({e.person_id for e in self.orders} | (
            {self.id} if label == PERSON else set()))  # fmt: skip
        self.timelines = {p: timelines.get(p, []) for p in self.persons}

    def facts_shown(self) -> list[Event]:
        """The subject's facts and those of its re-arrest chains, each once, in time order."""
        found = {views.order_key(e) if e.kind != LISTED else f"List:{e.order_id}": e
                 for e in self.events}  # fmt: skip
        for r in self.rearrests:
            for e in (r.previous_arrest, r.release, r.rearrest):
                if e is not None:
                    found.setdefault(views.order_key(e), e)
        return sorted(found.values(), key=lambda e: (e.start, e.person_id, event_order(e)))

    def figures(self, t: Text) -> list[tuple[str, str]]:
        orders, found = self.orders, self.rearrests
        kinds = Counter(e.kind for e in orders)
        rows = [
            (t("fig.orders"), t.number(len(orders))),
            (t("fig.kinds"), ", ".join(f"{t(f'kind.{k}')} {n}" for k, n in sorted(kinds.items()))
             or t("fig.none")),
            (t("fig.persons"), t.number(len({e.person_id for e in orders}))),
            (t("fig.facilities"), t.number(len({e.facility_id for e in orders} - {None}))),
            (t("fig.rearrests"), t.number(len(found))),
        ]  # fmt: skip
        if found:
            days = [r.days_free for r in found]
            same = sum(r.same_official for r in found)
            rows.append(
                (t("fig.days_free"), f"{statistics.median(days)}; {min(days)} – {max(days)}")
            )
            rows.append((t("fig.same_share"), f"{same} / {len(found)} ({same / len(found):.0%})"))
            codes = Counter(c for r in found for c in r.release.conditions)
            rows.append(
                (t("fig.conditions"),
                 ", ".join(f"{t(f'condition.{c}')} {n}" for c, n in codes.most_common())
                 or t("fig.none"))
            )  # fmt: skip
        if orders:
            rows.append((t("fig.first_last"), f"{orders[0].date} – {orders[-1].date}"))
        return rows

    def judgements(self) -> list[tuple[str, str, dict]]:
        """Every judgement on a record this case file names."""
        G, reading = self.G, self.reading
        named = {self.key}
        for e in self.facts_shown():
            named.add(node_key(PERSON, e.person_id))
            for key in views.event_entities(e):
                named.add(key)
        found = {}
        for key in sorted(named):
            for member in reading.members(key):
                if member not in G:
                    continue
                for other, ks in [*G.succ[member].items(), *G.pred[member].items()]:
                    if JUDGED in ks:
                        pair = tuple(sorted((member, other)))
                        found[pair] = ks[JUDGED]
        return [(u, v, attrs) for (u, v), attrs in sorted(found.items())]


class Sources:
    """Sources numbered in order of first citation."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self.numbers: dict[str, int] = {}

    def cite(self, ids) -> list[int]:
        found = []
        for id in ids or ():
            if id not in self.numbers:
                self.numbers[id] = len(self.numbers) + 1
            found.append(self.numbers[id])
        return found

    def of(self, e: Event) -> list[int]:
        G = self.G
        if e.kind == LISTED or e.inferred:
            status = e.order_id.lstrip("~") if e.inferred else e.order_id
            return self.cite(G.nodes.get(node_key(STATUS, status), {}).get("sources"))
        return self.cite(G.nodes.get(views.order_key(e), {}).get("sources"))

    def entries(self) -> list[tuple[int, dict]]:
        return [
            (n, self.G.nodes.get(node_key(SOURCE, id), {"id": id}))
            for id, n in sorted(self.numbers.items(), key=lambda kv: kv[1])
        ]


def _name(G: nx.MultiDiGraph, label: str, id: str | None) -> str | None:
    return None if id is None else name_of(G, node_key(label, id))


def fact_text(G: nx.MultiDiGraph, t: Text, e: Event) -> str:
    """One fact in a sentence: what, whom, by whom, where."""
    if e.kind == LISTED:
        text = f"{t(f'listed.{e.status}')} ({t('col.date')} {e.date})"
    else:
        text = t(f"kind.{e.kind}")
        if e.status != "verified":
            text += f" ({t(f'status.{e.status}')})"
        if e.inferred:
            text += f" ({t('class.inferred')})"
    text += f": {_name(G, PERSON, e.person_id)}"
    who = views.issuer(e)
    if who is not None:
        text += ", " + t("by", name=name_of(G, who))
    if e.facility_id:
        place = _name(G, FACILITY, e.facility_id)
        text += f", {t(f'tip.at.{e.kind}') if e.kind != LISTED else '@'} {place}"
    if e.conditions:
        text += f" [{', '.join(t(f'condition.{c}') for c in e.conditions)}]"
    return text


# HTML


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _timeline_html(subject: Subject, t: Text) -> str:
    """Lanes, one per person, with each fact placed by its first and last possible day."""
    G = subject.G
    lanes = sorted(
        subject.timelines.items(), key=lambda kv: (kv[1][0].start if kv[1] else "", kv[0])
    )
    shown = lanes[:MAX_LANES]
    days = [day_number(d) for _, events in shown for e in events for d in (e.start, e.end)]
    if not days:
        return f"<p>{_e(t('fig.none'))}</p>"
    first, last = min(days), max(days) + 1
    width = last - first

    def pct(day: int) -> float:
        return round(100 * (day - first) / width, 3)

    ours = {views.order_key(e) for e in subject.orders}
    rearrests = {views.order_key(r.rearrest) for r in subject.rearrests}
    out = ['<div class="chart">']
    year = int(min(e.start for _, ev in shown for e in ev)[:4])
    ticks = []
    while True:
        day = day_number(f"{year}-01-01")
        if day >= last:
            break
        if day >= first and pct(day) <= TICK_ROOM:
            ticks.append(f'<span class="tick" style="left:{pct(day)}%">{year}</span>')
        year += 1
    out.append(
        f'<div class="lane axis"><span class="who"></span><span class="track">{"".join(ticks)}</span></div>'
    )
    for person, events in shown:
        marks = []
        for e in events:
            a, b = day_number(e.start), day_number(e.end) + 1
            key = views.order_key(e)
            colour = "#718096" if e.kind == LISTED else (
                REARREST_COLOUR if key in rearrests else ORDER_COLOURS[e.kind])  # fmt: skip
            cls = (
                "mark" + (" ours" if key in ours else "") + (" listed" if e.kind == LISTED else "")
            )
            cls += " inferred" if e.inferred else ""
            tip = f"{e.date}: {fact_text(G, t, e)}"
            marks.append(
                f'<span class="{cls}" title="{_e(tip)}" style="left:{pct(a)}%;'
                f'width:max(3px,{pct(b) - pct(a)}%);background:{colour}"></span>'
            )
        out.append(
            f'<div class="lane"><span class="who">{_e(_name(G, PERSON, person))}</span>'
            f'<span class="track">{"".join(marks)}</span></div>'
        )
    out.append("</div>")
    if len(lanes) > MAX_LANES:
        out.append(
            f'<p class="small">{_e(t("dossier.timeline_cut", shown=MAX_LANES, total=len(lanes)))}</p>'
        )
    legend = [f'<span><i style="background:{c}"></i>{_e(t(f"kind.{k}"))}</span>'
              for k, c in ORDER_COLOURS.items()]  # fmt: skip
    legend.append(
        f'<span><i style="background:{REARREST_COLOUR}"></i>{_e(t("col.rearrest"))}</span>'
    )
    out.append(f'<p class="keys">{"".join(legend)}</p>')
    return "\n".join(out)


def _date_with_who(G: nx.MultiDiGraph, t: Text, e: Event | None) -> str:
    if e is None:
        return "–"
    text = e.date
    who = views.issuer(e)
    if who is not None:
        text += " · " + name_of(G, who)
    if e.inferred:
        text += f" ({t('class.inferred')})"
    elif e.status != "verified":
        text += f" ({t(f'status.{e.status}')})"
    return text


def _chain_rows(subject: Subject, t: Text) -> list[list[str]]:
    G = subject.G
    rows = []
    for r in subject.rearrests:
        free = str(r.days_free)
        if r.days_free_min != r.days_free_max:
            free += f" ({r.days_free_min}–{r.days_free_max})"
        rows.append(
            [
                _name(G, PERSON, r.rearrest.person_id),
                _date_with_who(G, t, r.previous_arrest),
                _date_with_who(G, t, r.release),
                ", ".join(t(f"condition.{c}") for c in r.release.conditions),
                _date_with_who(G, t, r.rearrest),
                free,
                t("yes") if r.same_official else t("no"),
            ]
        )
    return rows


CHAIN_COLUMNS = ("col.person", "col.arrest", "col.release", "col.conditions", "col.rearrest",
                 "col.days_free", "col.same")  # fmt: skip


def _judgement_rows(subject: Subject, t: Text) -> list[list[str]]:
    G = subject.G
    rows = []
    for u, v, attrs in subject.judgements():
        rows.append(
            [
                f"{name_of(G, u)} ({key_id(u)}) — {name_of(G, v)} ({key_id(v)})",
                t(f"judgement.{attrs.get('judgement')}"),
                str(attrs.get("by") or "–"),
                str(attrs.get("at") or "–"),
                str(attrs.get("notes") or ""),
            ]
        )
    return rows


def _table_html(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _about(subject: Subject, t: Text) -> list[tuple[str, str]]:
    G = subject.G
    attrs = G.nodes[subject.key]
    rows = [(t("tip.id"), subject.id)]
    for name, value in attrs.items():
        if name in ("label", "id", "name", "sources") or name.endswith(("_start", "_end")):
            continue
        if value not in (None, "", []):
            rows.append(
                (
                    name.replace("_", " "),
                    ", ".join(map(str, value)) if isinstance(value, list) else str(value),
                )
            )
    rows += _reference_rows(subject, t)
    members = subject.reading.members(subject.key)
    if len(members) > 1:
        rows.append(
            (t("col.records"), ", ".join(f"{name_of(G, m)} ({key_id(m)})" for m in members))
        )
    return rows


def _reference_rows(subject: Subject, t: Text) -> list[tuple[str, str]]:
    """The reference entities (sanctions lists, PEPs) judged the same as the subject."""
    from detnet.queries.reference import sanction_lines

    return [(t("dossier.reference"), line) for line in sanction_lines(subject.G, subject.key)]


def _html(subject: Subject, t: Text, title: str, made: str) -> str:
    G = subject.G
    sources = Sources(G)
    facts = subject.facts_shown()
    fact_rows = []
    for e in facts:
        cited = sources.of(e)
        fact_rows.append(
            f"<tr><td>{_e(e.date)}</td><td>{_e(fact_text(G, t, e))}</td>"
            f"<td>{_e(' '.join(f'[{n}]' for n in cited) or t('dossier.no_source'))}</td></tr>"
        )
    sources.cite(G.nodes[subject.key].get("sources"))  # the subject's own sources too
    source_items = []
    for n, attrs in sources.entries():
        parts = [attrs.get("title") or attrs.get("id"), attrs.get("publisher"), attrs.get("url"),
                 attrs.get("published")]  # fmt: skip
        source_items.append(f'<li value="{n}">{_e(", ".join(str(p) for p in parts if p))}</li>')
    figures = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in subject.figures(t))
    about = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in _about(subject, t))
    chains = _chain_rows(subject, t)
    judgements = _judgement_rows(subject, t)
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="made">{_e(made)}</p>',
        f'<p class="small">{_e(t("dossier.hash"))}</p>',
        f"<h2>{_e(t('dossier.about'))}</h2><table class=\"kv\">{about}</table>",
        f"<h2>{_e(t('dossier.figures'))}</h2><table class=\"kv\">{figures}</table>",
        f"<h2>{_e(t('dossier.timeline'))}</h2>",
        _timeline_html(subject, t),
        f"<h2>{_e(t('dossier.chains'))}</h2>",
        _table_html([t(c) for c in CHAIN_COLUMNS], chains) if chains
        else f"<p>{_e(t('dossier.no_chains'))}</p>",
        f"<h2>{_e(t('dossier.facts'))}</h2>",
        '<table class="facts"><thead><tr>'
        + "".join(f"<th>{_e(t(c))}</th>" for c in ("col.date", "col.fact", "col.sources"))
        + f"</tr></thead><tbody>{''.join(fact_rows)}</tbody></table>",
        f"<h2>{_e(t('dossier.sources'))}</h2><ol class=\"sources\">{''.join(source_items)}</ol>",
        f"<h2>{_e(t('dossier.judgements'))}</h2>",
        _table_html([t(c) for c in ("col.records", "col.judgement", "col.by", "col.at", "col.notes")], judgements)
        if judgements else f"<p>{_e(t('dossier.no_judgements'))}</p>",
    ]  # fmt: skip
    slots = {"lang": t.lang, "page_title": _e(title), "body": "\n".join(body)}
    return page.fill(page.template(TEMPLATE), slots)


# Markdown


MD_SPECIAL = set("\\`*_[]()!|~")  # markup anywhere in a line; < > & become entities


def md(value: object) -> str:
    """A value as Markdown text: every character Markdown (or HTML in it) could read as
    markup escaped, line breaks as spaces.

    >>> print(md("<img src=x> *a* | [b](javascript:c)"))
    &lt;img src=x&gt; \\*a\\* \\| \\[b\\]\\(javascript:c\\)
    """
    text = " ".join(str(value).split())
    out = []
    for c in text:
        if c == "<":
            out.append("&lt;")
        elif c == ">":
            out.append("&gt;")
        elif c == "&":
            out.append("&amp;")
        elif c in MD_SPECIAL:
            out.append("\\" + c)
        else:
            out.append(c)
    return "".join(out)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
    return lines


def _timeline_md(subject: Subject, t: Text, width: int = 60) -> list[str]:
    """The timeline as text: one line per person, a letter per fact at its first day."""
    lanes = sorted(
        subject.timelines.items(), key=lambda kv: (kv[1][0].start if kv[1] else "", kv[0])
    )
    shown = lanes[:MAX_LANES]
    days = [day_number(d) for _, events in shown for e in events for d in (e.start, e.end)]
    if not days:
        return [md(t("fig.none"))]
    first, last = min(days), max(days) + 1
    letters = {"arrest": "A", "release": "R", "transfer": "T", "sentence": "S", "house_arrest": "H",
               "disappearance": "D", "exile": "E", "death": "X", LISTED: "l"}  # fmt: skip
    rearrests = {views.order_key(r.rearrest) for r in subject.rearrests}
    # Lanes are numbered, and named below the chart: no record value goes into the code
    # block, where a name could end it.
    pad = len(str(len(shown)))
    lines = ["```", f"{'':{pad}} {_iso(first)}{' ' * max(1, width - 20)}{_iso(last - 1)}"]
    for number, (_, events) in enumerate(shown, 1):
        track = ["·"] * width
        for e in events:
            a = (day_number(e.start) - first) * (width - 1) // max(1, last - first)
            b = (day_number(e.end) - first) * (width - 1) // max(1, last - first)
            for x in range(a + 1, b + 1):
                if track[x] == "·":
                    track[x] = "-"
            track[a] = "!" if views.order_key(e) in rearrests else letters[e.kind]
        lines.append(f"{number:{pad}} {''.join(track)}")
    key = ", ".join(f"{v} {t(f'kind.{k}')}" for k, v in letters.items() if k != LISTED)
    lines += ["```", "", md(f"{key}, ! {t('col.rearrest')}, - …"), ""]
    lines += [
        f"{n}\\. {md(_name(subject.G, PERSON, p) or p)}  " for n, (p, _) in enumerate(shown, 1)
    ]
    if len(lanes) > MAX_LANES:
        lines.append(md(t("dossier.timeline_cut", shown=MAX_LANES, total=len(lanes))))
    return lines


def _iso(day: int) -> str:
    return datetime.fromtimestamp(day * 86400, tz=UTC).date().isoformat()


def _markdown(subject: Subject, t: Text, title: str, made: str) -> str:
    G = subject.G
    sources = Sources(G)
    fact_rows = []
    for e in subject.facts_shown():
        cited = sources.of(e)
        fact_rows.append([e.date, fact_text(G, t, e),
                          " ".join(f"[{n}]" for n in cited) or t("dossier.no_source")])  # fmt: skip
    lines = [f"# {md(title)}", "", md(made), "", md(t("dossier.hash")), ""]
    lines += [f"## {md(t('dossier.about'))}", ""]
    lines += _md_table(["", ""], [list(r) for r in _about(subject, t)]) + [""]
    lines += [f"## {md(t('dossier.figures'))}", ""]
    lines += _md_table(["", ""], [list(r) for r in subject.figures(t)]) + [""]
    lines += [f"## {md(t('dossier.timeline'))}", ""] + _timeline_md(subject, t) + [""]
    lines += [f"## {md(t('dossier.chains'))}", ""]
    chains = _chain_rows(subject, t)
    lines += (_md_table([t(c) for c in CHAIN_COLUMNS], chains) if chains
              else [md(t("dossier.no_chains"))]) + [""]  # fmt: skip
    lines += [f"## {md(t('dossier.facts'))}", ""]
    lines += _md_table([t("col.date"), t("col.fact"), t("col.sources")], fact_rows) + [""]
    lines += [f"## {md(t('dossier.sources'))}", ""]
    for n, attrs in sources.entries():
        parts = [attrs.get("title") or attrs.get("id"), attrs.get("publisher"), attrs.get("url"),
                 attrs.get("published")]  # fmt: skip
        lines.append(f"{n}\\. {md(', '.join(str(p) for p in parts if p))}")
    lines += ["", f"## {md(t('dossier.judgements'))}", ""]
    judgements = _judgement_rows(subject, t)
    header = [t(c) for c in ("col.records", "col.judgement", "col.by", "col.at", "col.notes")]
    lines += _md_table(header, judgements) if judgements else [md(t("dossier.no_judgements"))]
    return "\n".join(lines) + "\n"


def dossier(
    graph=None,
    *,
    official: str | None = None,
    institution: str | None = None,
    person: str | None = None,
    out: str | os.PathLike | None = None,
    format: str = "html",
    redact: bool = False,
    lang: str | None = None,
    made: datetime | None = None,
) -> CaseFile:
    """The case file of one official, institution or person.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    official, institution, person : str
        Exactly one: whom the case file is about.
    out : path, optional
        Also write it there (owner-only).
    format : "html" or "md"
    redact : bool
        Persons become pseudonyms (see `detnet.graph.redact`).
    lang : "en" or "es", optional
        Default: the user's locale.
    made : datetime, optional
        When it was made (default: now, UTC).

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> case = dossier(G, official="F0005", format="md", lang="en")
    >>> case.title, case.text.splitlines()[0]
    ('Case file: official Brunulia Morrent Morraquin', '# Case file: official Brunulia Morrent Morraquin')
    >>> dossier(G)  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    UsageError: give one of --official, --institution or --person
    """
    t = Text(lang)
    if format not in FORMATS:
        raise UsageError(f"--format: expected html or md, not {format!r}")
    named = [(label, id) for label, id in ((OFFICIAL, official), (INSTITUTION, institution),
                                           (PERSON, person)) if id is not None]  # fmt: skip
    if len(named) != 1:
        raise UsageError("give one of --official, --institution or --person")
    G = open_graph(graph)
    label, id = named[0]
    existing(G, label, id)
    hashed = graph_hash(graph, G)
    if redact:
        key = redaction_key()
        renamed = key_map(G, key)
        table = reference.of(G)  # of officials and institutions: public, never redacted
        G = reference.attach(redact_graph(G, key), table)
        id = split_key(renamed.get(node_key(label, id), node_key(label, id)))[1]
    subject = Subject(G, label, id)
    title = t(f"dossier.title.{label}", name=name_of(G, subject.key))
    when = (made or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    line = t("dossier.made", date=when, version=version("detnet"), hash=hashed)
    if redact:
        line += " " + t("note.redacted")
    text = (_html if format == "html" else _markdown)(subject, t, title, line)
    case = CaseFile(text, title, format)
    if out is not None:
        case.save(out)
    return case
