"""The page of a view: how each node and relationship looks, the legend, the lists of
re-arrests, what the page's search and filters read, and the vis-network options,
filled into `templates/view.html`.

What a view holds is decided in `detnet.queries.views`; this module only draws it, in
one of three ways: a force-directed graph (`layout="force"`), lanes in time
(`layout="time"`: one lane per person, orders placed by date), or, for a view too
large to draw node by node, an overview of its officials, institutions and
facilities (`overview_data`).

Whatever the drawing, the page carries the view's orders as a table (`Table`): kind,
status class, first and last possible day, official, issuing body, facility and
person of each. The page's script filters that table (by official, institution,
facility, kind, status class and date range) and shows what passes, with its counts.

Building a page is linear in the view: node and edge lists are built directly,
never with pyvis's `add_node`/`add_edge`, which scan their lists on every call.
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

import networkx as nx

from detnet import page
from detnet.graph.schema import (
    CONCERNS,
    FACILITY,
    FAMILY,
    INSTITUTION,
    IS_PERSON,
    ISSUED,
    JUDGED,
    LABELS,
    MEMBER_OF,
    OFFICIAL,
    OPERATES,
    ORDER,
    ORDER_KINDS,
    PART_OF,
    PERSON,
    SOURCE,
    STATUS,
    display_name,
    key_id,
    node_key,
    split_key,
)
from detnet.i18n import Text
from detnet.queries import views
from detnet.queries.events import Event, event_order
from detnet.queries.revolving import Rearrest

STABILISATION_ITERATIONS = 200  # then physics stops: the layout holds still
IMPROVED_LAYOUT_MAX = 150  # vis-network's Kamada-Kawai start is slow on large views
TEMPLATE = "view.html"
LAYOUTS = ("force", "time")
CLASSES = ("recorded", "inferred", "claimed", "disputed")  # an order's status, as filtered
CLASS_INDEX = {c: i for i, c in enumerate(CLASSES)}
KIND_INDEX = {k: i for i, k in enumerate(ORDER_KINDS)}

# How each label and order kind looks; the legend in the page is built from these.
STYLE = {
    PERSON: {"shape": "dot", "color": "#2b6cb0", "size": 14, "font": 14, "glyph": "●"},
    OFFICIAL: {"shape": "triangle", "color": "#dd6b20", "size": 18, "font": 18, "glyph": "▲"},
    INSTITUTION: {"shape": "hexagon", "color": "#2c7a7b", "size": 18, "font": 16, "glyph": "⬢"},
    FACILITY: {"shape": "square", "color": "#4a5568", "size": 13, "font": 13, "glyph": "■"},
}
ORDER_COLOURS = {
    "arrest": "#e53e3e",
    "release": "#38a169",
    "transfer": "#a0aec0",
    "sentence": "#805ad5",
    "house_arrest": "#b7791f",
    "disappearance": "#d53f8c",
    "exile": "#00a3c4",
    "death": "#1a202c",
}
REARREST_COLOUR = "#9b2c2c"
CHAIN_COLOUR = "#c53030"
EDGE_COLOUR = "#a0aec0"
MERGED_BORDER = "#1a202c"
ORDER_SIZE, REARREST_SIZE = 9, 16
DASHES = {"claimed": [3, 3], "disputed": [3, 3], "inferred": [1, 4]}
# The time layout: pixels per lane, the widest drawing, the narrowest span bar.
LANE, TIME_WIDTH, MIN_BAR = 110, 4000, 18
EPOCH = date(1970, 1, 1).toordinal()


def _text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)


def fold(text: str) -> str:
    """Text as the page's search compares it: lower case, no accents.

    >>> fold("Márquez V-12.345")
    'marquez v-12.345'
    """
    if text.isascii():  # most names and every id: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)  # a table of a million orders holds a few thousand days
def day_number(day: str) -> int:
    """Days since 1970-01-01, as the page's script counts them.

    >>> day_number("1970-01-02")
    1
    """
    return date.fromisoformat(day[:10]).toordinal() - EPOCH


def name_of(G: nx.MultiDiGraph, node: str) -> str:
    """What a node is called in the page (see `schema.display_name`)."""
    return display_name(G.nodes[node])


def plural(n: int, word: str, words: str | None = None) -> str:
    """A count and its noun.

    >>> plural(1, "day"), plural(3, "day"), plural(2, "facility", "facilities")
    ('1 day', '3 days', '2 facilities')
    """
    return f"{n} {word if n == 1 else words or word + 's'}"


def order_class(e: Event) -> str:
    """An order's status as the page filters it: recorded, inferred, claimed or disputed.

    >>> from detnet.queries.events import event
    >>> order_class(event("O1", "release", "2024-01", "P1", status="claimed"))
    'claimed'
    """
    if e.inferred:
        return "inferred"
    return "recorded" if e.status == "verified" else e.status


def issuer_name(G: nx.MultiDiGraph, e: Event) -> str | None:
    who = views.issuer(e)
    return None if who is None else name_of(G, who)


class Drawing:
    """Builds the node, edge, list and table data of one view (see `view_data`)."""

    def __init__(
        self,
        reading: views.Reading,
        nodes: set[str],
        rearrests: Sequence[Rearrest],
        t: Text,
        layout: str = "force",
    ):
        self.reading = reading
        self.G = reading.G
        self.nodes = nodes
        self.rearrests = rearrests
        self.t = t
        self.layout = layout
        self.rearrest = {views.order_key(r.rearrest): r for r in rearrests}
        self.rearrests_of = Counter(node_key(PERSON, r.rearrest.person_id) for r in rearrests)
        self.ordered_by = Counter(views.issuer(r.rearrest) for r in rearrests)
        self.taken_to = Counter(
            r.rearrest.facility_id and node_key(FACILITY, r.rearrest.facility_id) for r in rearrests
        )

    # Words.

    def kind(self, kind: str) -> str:
        return self.t(f"kind.{kind}")

    def days(self, n: int) -> str:
        return self.t.n(n, "day")

    def name(self, key: str | None) -> str:
        return name_of(self.G, key) if key else self.t("list.unknown_official")

    def label_of(self, key: str) -> str:
        return split_key(key)[0]

    def sources(self, ids: Iterable[str]) -> list[str]:
        lines = []
        for id in ids:
            attrs = self.G.nodes.get(node_key(SOURCE, id), {})
            parts = [attrs.get("title") or id, attrs.get("publisher"), attrs.get("published")]
            line = ", ".join(str(p) for p in parts if p)
            url = f" <{attrs['url']}>" if attrs.get("url") else ""
            lines.append(f"{self.t('tip.source')}: {line}{url}")
        return lines

    def properties(self, attrs: dict, skip: Iterable[str] = ()) -> list[str]:
        """Every property as `name: value`, those of the schema first, then extra columns;
        a date's first and last day are left out (the date says them)."""
        schema = LABELS[attrs["label"]]
        declared = schema.stored
        names = [*declared, *sorted(k for k in attrs if k not in declared)]
        derived = {n for p in schema.date_properties for n in (f"{p}_start", f"{p}_end")}
        skipped = {"label", "sources", "name", *skip, *derived}
        spanish = {p.name: p.es for p in schema.properties}
        lines = []
        for k in names:
            if k in attrs and k not in skipped and attrs[k] not in (None, "", []):
                caption = spanish.get(k) if self.t.lang == "es" and spanish.get(k) else k
                lines.append(f"{caption.replace('_', ' ')}: {_text(attrs[k])}")
        return lines

    def judgements(self, key: str) -> list[str]:
        """The records merged into a node, and every judgement on them."""
        reading, G, t = self.reading, self.G, self.t
        members = reading.members(key)
        lines = []
        if len(members) > 1:
            lines.append(t("tip.merged", count=t.n(len(members), "record")))
            lines += [f"  {name_of(G, m)} ({G.nodes[m]['id']})" for m in members]
        seen = set()
        for member in members:
            for other, ks in [*G.succ[member].items(), *G.pred[member].items()]:
                if JUDGED not in ks or frozenset((member, other)) in seen:
                    continue
                seen.add(frozenset((member, other)))
                attrs = ks[JUDGED]
                lines.append(
                    t(
                        "tip.judged",
                        judgement=t(f"judgement.{attrs.get('judgement')}"),
                        other=f"{name_of(G, other)} ({G.nodes[other]['id']})",
                        by=attrs.get("by") or t("tip.someone"),
                        at=attrs.get("at") or t("tip.sometime"),
                    )
                )
                if attrs.get("notes"):
                    lines.append("  " + t("tip.judged_notes", notes=attrs["notes"]))
        return lines

    # Nodes.

    def node(self, key: str) -> dict:
        label = self.label_of(key)
        if label in (ORDER, views.INFERRED):
            return self.order(key)
        attrs, t = self.G.nodes[key], self.t
        style = STYLE[label]
        weight = {
            PERSON: self.rearrests_of[key],
            OFFICIAL: self.ordered_by[key],
            INSTITUTION: self.ordered_by[key],
            FACILITY: self.taken_to[key],
        }[label]
        lines = [f"{t(f'label.{label}')}: {name_of(self.G, key)}", f"{t('tip.id')}: {attrs['id']}"]
        if weight:
            lines.append(
                {
                    PERSON: lambda: t("tip.rearrested", times=t.n(weight, "time")),
                    OFFICIAL: lambda: t("tip.ordered_rearrests", count=weight),
                    INSTITUTION: lambda: t("tip.issued_rearrests", count=weight),
                    FACILITY: lambda: t("tip.taken_here", count=weight),
                }[label]()
            )
        lines += self.judgements(key)
        lines += reference_lines(self.reading, key)
        lines += self.properties(attrs, skip=("id",)) + self.sources(attrs.get("sources", ()))
        node = {
            "id": key,
            "label": name_of(self.G, key),
            "title": "\n".join(lines),
            "shape": style["shape"],
            "color": style["color"],
            "size": style["size"] + min(4 * weight, 30),
            "font": {
                "size": style["font"] + min(2 * weight, 16),
                "strokeWidth": 3,
                "strokeColor": "#fff",
            },
            "search": search_text(self.reading, key),
        }
        if len(self.reading.members(key)) > 1:  # records judged the same, drawn once
            node["color"] = {"background": style["color"], "border": MERGED_BORDER}
            node["borderWidth"] = 4
        return node

    def event(self, key: str) -> Event | None:
        return self.reading.events.get(key)

    def order(self, key: str) -> dict:
        t, G = self.t, self.G
        e = self.event(key)
        inferred = e is not None and e.inferred
        attrs = {} if inferred else G.nodes[key]
        kind = e.kind if e else attrs["kind"]
        when = (e.date if e else attrs["date"]).replace("T", " ")
        status = e.status if e else attrs.get("status", "verified")
        cls = order_class(e) if e else ("recorded" if status == "verified" else status)
        rearrest = self.rearrest.get(key)
        word = t("tip.rearrest_word") if rearrest else self.kind(kind)
        parties = {self.label_of(p): p for p in self.reading.order_entities(key)}
        head = t("tip.order", kind=word.capitalize() if t.lang == "en" else word, date=when,
                 status=t(f"status.{status}"))  # fmt: skip
        lines = [head[0].upper() + head[1:], f"{t('tip.id')}: {e.order_id if e else attrs['id']}"]
        if e is not None and e.start != e.end:
            lines.append(t("tip.span", start=e.start, end=e.end))
        if inferred:
            lines.append(t("tip.inferred"))
        if rearrest:
            lines.append(t("tip.rearrest_after", days=self.days(rearrest.days_free)))
        who = parties.get(OFFICIAL)
        body = parties.get(INSTITUTION)
        by = "tip.ordered_by" if who or not body else "tip.issued_by"
        for caption, party in ((by, who or body), ("tip.concerning", parties.get(PERSON))):
            shown = f"{name_of(G, party)} ({G.nodes[party]['id']})" if party else None
            lines.append(f"{t(caption)}: {shown or t('tip.not_on_record')}")
        if FACILITY in parties:
            place = parties[FACILITY]
            lines.append(f"{t(f'tip.at.{kind}')}: {name_of(G, place)} ({G.nodes[place]['id']})")
        if inferred:
            lines += self.status_lines(e)
        else:
            lines += self.properties(attrs, skip=("id", "kind", "date", "status"))
            lines += self.sources(attrs.get("sources", ()))
        colour = REARREST_COLOUR if rearrest else ORDER_COLOURS[kind]
        day = (e.date if e else attrs["date"])[:10]
        label = f"{word}\n{day}" + ("" if cls == "recorded" else f"\n({t(f'class.{cls}')})")
        node = {
            "id": key,
            "label": label,
            "title": "\n".join(lines),
            "shape": "diamond",
            "color": colour,
            "size": REARREST_SIZE if rearrest else ORDER_SIZE,
            "font": {"size": 13 if rearrest else 11, "color": colour if rearrest else "#2d3748"},
            "search": fold(f"{e.order_id if e else attrs['id']}"),
        }
        if cls != "recorded":  # announced, disputed or inferred: drawn with a broken outline
            node["shapeProperties"] = {"borderDashes": DASHES[cls]}
            node["color"] = {"background": "#ffffff", "border": colour}
            node["borderWidth"] = 2
        return node

    def status_lines(self, e: Event) -> list[str]:
        """Where an inferred order comes from: the list entry that reveals it, and its sources."""
        status_id = e.order_id[1:]
        attrs = self.G.nodes.get(node_key(STATUS, status_id), {})
        if not attrs:
            return []
        line = self.t(
            "tip.inferred_from",
            listed=self.t(f"listed.{attrs['status']}"),
            as_of=attrs["as_of"],
            id=status_id,
        )
        return [line] + self.sources(attrs.get("sources", ()))

    # Relationships.

    def edge(self, u: str, v: str, type: str, attrs: dict) -> dict:
        t = self.t
        label, title = "", None
        if type == ISSUED:
            label = t("edge.ordered") if u.startswith(OFFICIAL + ":") else t("edge.issued")
        elif type == FAMILY:
            relation = attrs.get("relation", "relative")
            label = t(f"relation.{relation}")
            title = t("tip.family", relative=self.name(v), relation=label, person=self.name(u))
        elif type == IS_PERSON:
            label = t("edge.is_also")
            title = t("tip.is_person", official=self.name(u), person=self.name(v))
        elif type == MEMBER_OF:
            label = t("edge.member_of")
            title = t("tip.member_of", member=self.name(u), body=self.name(v))
        elif type == PART_OF:
            label = t("edge.part_of")
            title = t("tip.part_of", part=self.name(u), body=self.name(v))
        elif type == OPERATES:
            label = t("edge.operates")
            title = t("tip.operates", body=self.name(u), facility=self.name(v))
        edge = {"from": u, "to": v, "label": label, "arrows": "to", "color": EDGE_COLOUR}
        if title is not None:
            edge.update(title=title, dashes=True)
        if type == CONCERNS and v in self.rearrests_of and u in self.rearrest:
            edge.update(color=CHAIN_COLOUR, width=2)
        if type == ISSUED and v in self.rearrest:
            edge.update(color=CHAIN_COLOUR, width=3, label=t("edge.ordered_rearrest"))
        return edge

    def rearrest_edges(self) -> list[dict]:
        """The revolving door drawn: arrest → release → re-arrest, for each re-arrest."""
        edges, t = [], self.t
        for r in self.rearrests:
            release, rearrest = views.order_key(r.release), views.order_key(r.rearrest)
            arrest = r.previous_arrest and views.order_key(r.previous_arrest)
            if arrest is not None and arrest in self.nodes:
                held = (r.release.day - r.previous_arrest.day).days
                edges.append(
                    {
                        "from": arrest,
                        "to": release,
                        "label": t("edge.held", days=self.days(held)),
                        "arrows": "to",
                        "color": "#68d391",
                        "width": 2,
                    }
                )
            person = node_key(PERSON, r.rearrest.person_id)
            edges.append(
                {
                    "from": release,
                    "to": rearrest,
                    "label": t("edge.free", days=self.days(r.days_free)),
                    "arrows": "to",
                    "color": CHAIN_COLOUR,
                    "width": 4,
                    "title": t("tip.free", name=self.name(person), days=self.days(r.days_free)),
                }
            )
        return edges

    # The lists beside the picture.

    def ranking(self) -> list[dict]:
        """Who ordered the re-arrests in the view, most first; unknown officials last."""
        counts = sorted(
            self.ordered_by.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or "")
        )
        return [{"name": self.name(who), "node": who, "text": f"{self.name(who)}: {n}"}
                for who, n in counts]  # fmt: skip

    def story(self) -> list[dict]:
        """One sentence per re-arrest, for the list beside the picture."""
        lines, t = [], self.t
        by_day = sorted(
            enumerate(self.rearrests),
            key=lambda ir: (ir[1].rearrest.start, ir[1].rearrest.person_id),
        )
        for index, r in by_day:
            who = views.issuer(r.rearrest)
            text = t(
                "story",
                person=self.name(node_key(PERSON, r.rearrest.person_id)),
                release=r.release.date[:10],
                rearrest=r.rearrest.date[:10],
                official=name_of(self.G, who) if who else t("story.unknown"),
                days=self.days(r.days_free),
            )
            if r.same_official:
                text += t("story.same")
            lines.append({"text": text, "node": views.order_key(r.rearrest), "chain": index})
        return lines

    def chains(self) -> list[list[str]]:
        """Each re-arrest's nodes, for the page to highlight a node's chains."""
        return [[n for n in views.chain_nodes(r) if n in self.nodes] for r in self.rearrests]

    # The time layout.

    def place_in_time(self, nodes: list[dict], edges: list[dict]) -> dict:
        """Positions for the time layout: orders by date left to right, one lane per person;
        persons at the head of their lane. Returns the axis the page draws."""
        by_person: dict[str, list[tuple[Event, dict]]] = defaultdict(list)
        people = {}
        for node in nodes:
            e = self.event(node["id"])
            if e is not None:
                by_person[node_key(PERSON, e.person_id)].append((e, node))
            elif node["id"].startswith(PERSON + ":"):
                people[node["id"]] = node
        starts = [day_number(e.start) for lane in by_person.values() for e, _ in lane]
        ends = [day_number(e.end) for lane in by_person.values() for e, _ in lane]
        first, last = (min(starts), max(ends)) if starts else (0, 1)
        scale = min(8.0, TIME_WIDTH / max(1, last - first))
        lanes = sorted(
            by_person, key=lambda p: (min(day_number(e.start) for e, _ in by_person[p]), p)
        )
        x_of = lambda day: round((day - first) * scale, 1)  # noqa: E731
        for lane, person in enumerate(lanes):
            y = lane * LANE
            if person in people:
                people[person].update(x=-160, y=y, fixed={"x": True, "y": True})
            previous = None
            for e, node in sorted(by_person[person], key=lambda pair: event_order(pair[0])):
                a, b = day_number(e.start), day_number(e.end)
                node.update(x=(x_of(a) + x_of(b)) / 2, y=y, fixed={"x": True, "y": True})
                who = issuer_name(self.G, e)
                node["label"] += f"\n{STYLE[OFFICIAL]['glyph']} {who}" if who else ""
                if b > a:  # a span: a bar as wide as the days it may be
                    node.update(
                        shape="box",
                        widthConstraint={"minimum": max(MIN_BAR, x_of(b) - x_of(a)),
                                         "maximum": max(MIN_BAR, x_of(b) - x_of(a))},
                        font={**node["font"], "size": 10},
                    )  # fmt: skip
                if previous is not None:
                    edges.append(
                        {"from": previous, "to": node["id"], "color": "#cbd5e0", "width": 1,
                         "arrows": "to", "lane": True}
                    )  # fmt: skip
                previous = node["id"]
            if person in people:
                first_order = by_person[person] and min(
                    by_person[person], key=lambda p: event_order(p[0])
                )
                edges.append({"from": person, "to": first_order[1]["id"], "color": "#cbd5e0",
                              "width": 1, "lane": True})  # fmt: skip
        ticks = []
        year = date.fromordinal(first + EPOCH).year
        while True:
            day = date(year, 1, 1).toordinal() - EPOCH
            if day > last:
                break
            if day >= first:
                ticks.append([x_of(day), str(year)])
            year += 1
        return {"ticks": ticks, "height": max(1, len(lanes)) * LANE, "left": -220,
                "right": x_of(last) + 40}  # fmt: skip


# The table the page's filters read.


class Table:
    """The view's orders as columns of numbers, and the names the numbers stand for.

    `kind` and `cls` index `ORDER_KINDS` and `CLASSES`; `start` and `end` count days
    since 1970; `official`, `body` and `facility` index `entities` (-1: none); `person`
    indexes `persons`; `node` is the order's node key (detailed views only).
    """

    def __init__(self, G: nx.MultiDiGraph, reading: views.Reading, t: Text):
        self.G, self.reading, self.t = G, reading, t
        self.entities: list[str] = []
        self.index: dict[str, int] = {}
        self.persons: list[str] = []
        self.person_index: dict[str, int] = {}
        self.columns: dict[str, list] = {
            c: [] for c in ("kind", "cls", "start", "end", "official", "body", "facility", "person")
        }
        self.row_of: dict[str, int] = {}
        self.by_id: dict[str, dict[str, int]] = defaultdict(dict)  # label -> id -> entity
        self.person_by_id: dict[str, int] = {}  # id -> index in `persons`

    def entity(self, key: str | None) -> int:
        if key is None:
            return -1
        if key not in self.index:
            self.index[key] = len(self.entities)
            self.entities.append(key)
        return self.index[key]

    def person(self, key: str) -> int:
        if key not in self.person_index:
            self.person_index[key] = len(self.persons)
            self.persons.append(key)
        return self.person_index[key]

    def add(self, e: Event, key: str) -> None:
        c = self.columns
        self.row_of[key] = len(c["kind"])
        c["kind"].append(KIND_INDEX[e.kind])
        c["cls"].append(CLASS_INDEX[order_class(e)])
        c["start"].append(day_number(e.start))
        c["end"].append(day_number(e.end))
        c["official"].append(self.entity_of(OFFICIAL, e.official_id))
        c["body"].append(self.entity_of(INSTITUTION, e.institution_id))
        c["facility"].append(self.entity_of(FACILITY, e.facility_id))
        c["person"].append(self.person_of(e.person_id))

    def entity_of(self, label: str, id: str | None) -> int:
        """`entity` of a record by its label and id (a million orders name few records)."""
        if id is None:
            return -1
        found = self.by_id[label].get(id)
        if found is None:
            found = self.by_id[label][id] = self.entity(node_key(label, id))
        return found

    def person_of(self, id: str) -> int:
        """`person` of a person by their id."""
        found = self.person_by_id.get(id)
        if found is None:
            found = self.person_by_id[id] = self.person(node_key(PERSON, id))
        return found

    def parts(self) -> dict[int, list[int]]:
        """Each institution's parts at any depth (entity indexes), for the institution
        filter: an order of a court's chamber is an order of the court."""
        reading = self.reading
        children: dict[str, set[str]] = defaultdict(set)
        for key in list(self.entities):
            if key.startswith(INSTITUTION + ":"):
                frontier = [key]
                while frontier:  # up the PART_OF chain, registering every ancestor
                    part = frontier.pop()
                    for _, parent, type, _ in reading.ties(part):
                        if type == PART_OF and part not in children[parent]:
                            children[parent].add(part)
                            self.entity(parent)
                            frontier.append(parent)
        found = {}
        for parent in children:
            below, frontier = set(), [parent]
            while frontier:
                for child in children.get(frontier.pop(), ()):
                    if child not in below:
                        below.add(child)
                        frontier.append(child)
            found[self.index[parent]] = sorted(self.index[c] for c in below if c in self.index)
        return found

    def data(self, with_nodes: bool) -> dict:
        G, t = self.G, self.t
        parts = self.parts()
        data = {
            **self.columns,
            "entities": [
                [key, split_key(key)[0], name_of(G, key) if key in G else key_id(key)]
                for key in self.entities
            ],
            "parts": {str(k): v for k, v in parts.items()},
            "kinds": [[k, t(f"kind.{k}")] for k in ORDER_KINDS],
            "classes": [[c, t(f"class.{c}")] for c in CLASSES],
        }
        if with_nodes:
            rows = sorted(self.row_of.items(), key=lambda kv: kv[1])
            data["node"] = [key for key, _ in rows]
            data["persons"] = self.persons
        return data


def _table(reading: views.Reading, order_keys: Iterable[str], t: Text) -> Table:
    table = Table(reading.G, reading, t)
    for key in order_keys:
        e = reading.events.get(key)
        if e is not None:
            table.add(e, key)
    return table


def legend(t: Text, overview: bool = False, time: bool = False) -> list[dict]:
    """The legend entries: glyph, colour and meaning."""
    entries = [
        {"glyph": STYLE[label]["glyph"], "color": STYLE[label]["color"], "text": t(f"legend.{key}")}
        for label, key in (
            (PERSON, "person"),
            (OFFICIAL, "official"),
            (INSTITUTION, "institution"),
            (FACILITY, "facility"),
        )
        if not (overview and label == PERSON)
    ]
    if overview:
        return entries + [{"glyph": "━", "color": EDGE_COLOUR, "text": t("legend.weight")}]
    entries += [
        {"glyph": "◆", "color": colour, "text": t("legend.order", kind=t(f"kind.{kind}"))}
        for kind, colour in ORDER_COLOURS.items()
    ]
    entries += [
        {"glyph": "◆", "color": REARREST_COLOUR, "text": t("legend.rearrest")},
        {"glyph": "➔", "color": CHAIN_COLOUR, "text": t("legend.chain")},
        {"glyph": "◇", "color": "#4a5568", "text": t("legend.claimed")},
        {"glyph": "◊", "color": "#4a5568", "text": t("legend.inferred")},
        {"glyph": "◉", "color": MERGED_BORDER, "text": t("legend.merged")},
        {"glyph": "┅", "color": "#4a5568", "text": t("legend.dashed")},
    ]
    if time:
        entries.append({"glyph": "▬", "color": "#4a5568", "text": t("legend.span")})
    return entries


def _ui(t: Text, redacted: bool) -> dict:
    text = t.page("ui.", "label.", "Person", "Official", "Facility", "Institution", "Order",
                  "re-arrest", "day", "inferred-n", "tip.aggregate", "story", "list.")  # fmt: skip
    if redacted:
        text["ui.search"] = text["ui.search_redacted"]
    return text


def view_data(
    G: nx.MultiDiGraph | views.Reading,
    nodes: set[str],
    rearrests: Sequence[Rearrest] = (),
    *,
    title: str,
    note: str = "",
    lang: str | None = None,
    layout: str = "force",
) -> dict:
    """Everything the page shows, as plain data (it becomes the page's JSON).

    `nodes` and `rearrests` are a view's (`detnet.queries.views.View`): each
    re-arrest's release and re-arrest are among the nodes.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> data = view_data(G, {"Person:P-MARQUEZ", "Order:O-MARQUEZ-2026-01-12"}, title="t",
    ...                  lang="en")
    >>> [n["label"] for n in data["nodes"]]
    ['arrest\\n2026-01-12', 'Alfredo Márquez']
    >>> len(data["edges"]), data["table"]["kind"]
    (1, [0])
    """
    t = Text(lang)
    reading = G if isinstance(G, views.Reading) else views.Reading(G)
    if reading.facts is None:
        reading.read(n for n in nodes if n.startswith(PERSON + ":"))
    time = layout == "time"
    drawn_nodes = nodes
    if time:  # lanes of persons and their orders; who ordered each is written on it
        drawn_nodes = {
            n for n in nodes if n.startswith((PERSON + ":", ORDER + ":", views.INFERRED + ":"))
        }
    drawing = Drawing(reading, nodes, rearrests, t, layout)
    node_list = [drawing.node(n) for n in sorted(drawn_nodes)]
    edges = [
        drawing.edge(u, v, k, attrs)
        for u, v, k, attrs in views.view_edges(reading, nodes)
        if not time
    ]
    edges += drawing.rearrest_edges()
    axis = drawing.place_in_time(node_list, edges) if time else None
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"  # given, so that vis-network draws no random ids: same view, same file
    table = _table(reading, sorted(n for n in nodes if n in reading.events), t)
    rows = table.row_of
    return {
        "lang": t.lang,
        "mode": "graph",
        "layout": layout,
        "title": title,
        "note": note,
        "howto": t("howto.time" if time else "howto.graph"),
        "text": _ui(t, bool(reading.G.graph.get("redacted"))),
        "legend": legend(t, time=time),
        "story": drawing.story(),
        "ranking": drawing.ranking(),
        "nodes": node_list,
        "edges": edges,
        "chains": drawing.chains(),
        "rearrests": [
            [rows[views.order_key(r.rearrest)], rows.get(views.order_key(r.release), -1)]
            for r in rearrests
        ],
        "table": table.data(with_nodes=True),
        "axis": axis,
        "options": options(len(nodes), time),
    }


def overview_data(
    reading: views.Reading,
    o: views.Overview,
    *,
    title: str,
    note: str = "",
    lang: str | None = None,
) -> dict:
    """The page of an overview: the drawn aggregates as nodes whose sizes, tooltips and
    lines the page's script works out from the table under its filters.

    >>> import detnet
    >>> from detnet.queries import views
    >>> G = detnet.load_sample("synthetic")
    >>> view = views.door_view(G)
    >>> data = overview_data(view.reading, views.overview(view), title="t", lang="en")
    >>> entities = data["table"]["entities"]  # the drawn, and the bodies they are part of
    >>> data["mode"], all(entities[n["entity"]][0] == n["id"] for n in data["nodes"])
    ('overview', True)
    """
    t = Text(lang)
    G = reading.G
    table = Table(G, reading, t)
    for key in o.entities:  # the drawn aggregates first: entity index = node order
        table.entity(key)
    for e in o.events:
        table.add(e, views.order_key(e))
    rows = table.row_of
    nodes = []
    for key in o.entities[: o.drawn]:
        style = STYLE[split_key(key)[0]]
        nodes.append(
            {
                "id": key,
                "label": name_of(G, key),
                "shape": style["shape"],
                "color": style["color"],
                "font": {"size": style["font"], "strokeWidth": 3, "strokeColor": "#fff"},
                "entity": table.index[key],
                "search": search_text(reading, key),
            }
        )
    edges = []
    for who, facility in o.pairs:
        edges.append({"from": who, "to": facility, "color": EDGE_COLOUR, "arrows": "to",
                      "pair": [table.index[who], table.index[facility]]})  # fmt: skip
    labels = {MEMBER_OF: "edge.member_of", PART_OF: "edge.part_of", OPERATES: "edge.operates"}
    for u, v, type in o.ties:
        edges.append({"from": u, "to": v, "label": t(labels[type]), "dashes": True,
                      "color": EDGE_COLOUR, "arrows": "to"})  # fmt: skip
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"
    persons = [
        [name_of(G, key) if key in G else key_id(key), search_text(reading, key)]
        for key in table.persons
    ]
    data = table.data(with_nodes=False)
    data["persons"] = persons
    total_officials = sum(1 for k in o.entities if k.startswith(OFFICIAL + ":"))
    drawn_officials = sum(1 for k in o.entities[: o.drawn] if k.startswith(OFFICIAL + ":"))
    notes = [t("note.overview", nodes=t.number(o.size), limit=t.number(views.MAX_NODES))]
    if drawn_officials < total_officials:
        notes.append(t("note.overview_cut", drawn=drawn_officials, total=total_officials))
    return {
        "lang": t.lang,
        "mode": "overview",
        "layout": "force",
        "title": t("title.overview", title=title),
        "note": " ".join([*notes, note]).strip(),
        "howto": t("howto.overview"),
        "text": _ui(t, bool(G.graph.get("redacted"))),
        "legend": legend(t, overview=True),
        "story": [],
        "ranking": [],
        "nodes": nodes,
        "edges": edges,
        "chains": [],
        "rearrests": [
            [
                rows[views.order_key(r.rearrest)],
                rows.get(views.order_key(r.release), -1),
                r.days_free,
            ]
            for r in o.rearrests
            if views.order_key(r.rearrest) in rows
        ],  # fmt: skip
        "table": data,
        "axis": None,
        "options": options(len(nodes), False, overview=True),
    }


def reference_lines(reading: views.Reading, key: str) -> list[str]:
    """ "sanctioned by: ..." of the reference entities judged the same as an official or
    an institution drawn as this node (any record merged into it): docs/ftm.md."""
    if not key.startswith((OFFICIAL + ":", INSTITUTION + ":")):
        return []
    from detnet.queries.reference import sanction_lines

    return [line for m in reading.members(key) for line in sanction_lines(reading.G, m)]


def search_text(reading: views.Reading, key: str) -> str:
    """What the page's search box finds a node by: names, ids, national ids, aliases of
    every record merged into it (a redacted graph holds no name or national id)."""
    parts = []
    for member in reading.members(key):
        attrs = reading.G.nodes.get(member, {})
        for field in ("name", "id", "national_id", "aliases"):
            if attrs.get(field):
                parts.append(_text(attrs[field]))
    return fold(" | ".join(parts))


def options(count: int, time: bool = False, overview: bool = False) -> dict:
    """vis-network options: a seeded, capped layout that then holds still (none at all in
    the time layout, whose positions are given)."""
    found = {
        "layout": {"randomSeed": 7, "improvedLayout": count <= IMPROVED_LAYOUT_MAX and not time},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -120 if overview else -60,
                "springLength": 160 if overview else 90,
                "avoidOverlap": 0.4,
            },
            "stabilization": {"enabled": True, "iterations": STABILISATION_ITERATIONS, "fit": True},
        },
        "edges": {
            "font": {
                "size": 10,
                "color": "#4a5568",
                "strokeWidth": 3,
                "strokeColor": "#fff",
                "align": "horizontal",
            },
            "smooth": {"type": "continuous"},
            "arrows": {"to": {"scaleFactor": 0.5}},
        },
        "nodes": {"borderWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    }
    if time:
        found["physics"] = {"enabled": False}
        found["edges"]["smooth"] = False
    if overview:
        found["nodes"]["scaling"] = {
            "min": 10,
            "max": 60,
            "label": {"enabled": True, "min": 12, "max": 30},
        }
        found["edges"]["scaling"] = {"min": 1, "max": 12}
    return found


def page_html(data: dict) -> str:
    """The whole page of a view: the template with the library and `view_data` filled in."""
    t = Text(data["lang"])
    slots = {
        "lang": data["lang"],
        "page_title": html.escape(data["title"]),
        "noscript": html.escape(t("ui.noscript")),
        "vis_js": page.vis_network_js(),
        "data": page.script_json(data),
    }
    return page.fill(page.template(TEMPLATE), slots)
