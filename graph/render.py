"""Focused views of the graph as one self-contained, offline, safe HTML page.

A view is a set of nodes (persons, officials, facilities and the orders between
them; sources appear in tooltips, not as nodes) and every relationship among them.
Every order in a view comes with its person, its official and its facility, so that
each order reads whole: who ordered what, for whom, where, when.

The page is drawn by the vis-network copy that the pyvis package ships, inlined: the
page makes no request to any host and opens from `file://`. Every value from the
records travels as JSON inside a `<script type="application/json">` element, with
`<`, `>` and `&` escaped, and reaches the page only as text (`textContent`, canvas
labels, string tooltips, which vis-network shows with `innerText`); a
Content-Security-Policy forbids any network access as a second line of defence.

Building a page is linear in the view: node and edge lists are built directly,
never with pyvis's `add_node`/`add_edge`, which scan their lists on every call.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx

from .errors import UsageError
from .files import private_file
from .schema import (
    AT,
    CITES,
    CONCERNS,
    FACILITY,
    FAMILY,
    IS_PERSON,
    ISSUED,
    LABELS,
    OFFICIAL,
    ORDER,
    PERSON,
    SOURCE,
    display_name,
    node_key,
)

MAX_NODES = 1000  # above this, a browser takes minutes to lay the graph out
STABILISATION_ITERATIONS = 200  # then physics stops: the layout holds still
IMPROVED_LAYOUT_MAX = 150  # vis-network's Kamada-Kawai start is slow on large views
VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")  # inside the pyvis package
TEMPLATE = "templates/view.html"  # inside this package
ENTITIES = (PERSON, OFFICIAL, FACILITY)

# How each label and order kind looks; the legend in the page is built from these.
STYLE = {
    PERSON: {"shape": "dot", "color": "#2b6cb0", "size": 14, "font": 14, "glyph": "●"},
    OFFICIAL: {"shape": "triangle", "color": "#dd6b20", "size": 18, "font": 18, "glyph": "▲"},
    FACILITY: {"shape": "square", "color": "#4a5568", "size": 13, "font": 13, "glyph": "■"},
}
ORDER_COLOURS = {
    "arrest": "#e53e3e",
    "release": "#38a169",
    "transfer": "#a0aec0",
    "sentence": "#805ad5",
}
REARREST_COLOUR = "#9b2c2c"
CHAIN_COLOUR = "#c53030"
EDGE_COLOUR = "#a0aec0"
ORDER_SIZE, REARREST_SIZE = 9, 16
FACILITY_WORD = {"arrest": "to", "transfer": "to", "release": "from", "sentence": "at"}


@dataclass(frozen=True)
class Chain:
    """One turn of the revolving door: arrest, release, re-arrest (node keys)."""

    person: str
    arrest: str | None  # the latest arrest before the release; None when not on record
    release: str
    rearrest: str
    days_free: int
    same_official: bool


def _day(G: nx.MultiDiGraph, order: str) -> str:
    return G.nodes[order]["date"][:10]


def _in_window(day: str, since: str | None, until: str | None) -> bool:
    return (since is None or day >= since[:10]) and (until is None or day <= until[:10])


def order_entities(G: nx.MultiDiGraph, order: str) -> list[str]:
    """The person, official and facility of an order (those on record).

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> order_entities(G, "Order:O-MARQUEZ-2026-01-12")
    ['Person:P-MARQUEZ', 'Official:F-TRUJILLO-GOVERNOR']
    """
    found = [v for v, keys in G.succ[order].items() if CONCERNS in keys or AT in keys]
    found += [u for u, keys in G.pred[order].items() if ISSUED in keys]
    return found


def _ties(G: nx.MultiDiGraph, node: str) -> Iterable[str]:
    """The orders and the persons or officials tied to an entity (family, IS_PERSON)."""
    for other in (*G.succ[node], *G.pred[node]):
        if G.nodes[other]["label"] != SOURCE:
            yield other


def neighbourhood(
    G: nx.MultiDiGraph,
    seeds: Sequence[str],
    hops: int = 1,
    since: str | None = None,
    until: str | None = None,
) -> set[str]:
    """The nodes within `hops` steps of the seed entities.

    One step goes from an entity through one of its orders (dated within the window)
    to the order's other entities, or along a family tie or an IS_PERSON link.
    With no seeds: every order in the window with its entities, or, with no window
    either, every person, official, facility and order.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> sorted(neighbourhood(G, ["Person:P-MARQUEZ"]))
    ['Official:F-TRUJILLO-GOVERNOR', 'Order:O-MARQUEZ-2026-01-12', 'Person:P-MARQUEZ']
    >>> len(neighbourhood(G, ["Person:P-MARQUEZ"], since="2026-01-13"))
    1
    """
    if not seeds:
        if since is None and until is None:
            return {n for n, label in G.nodes(data="label") if label != SOURCE}
        orders = [
            n
            for n, label in G.nodes(data="label")
            if label == ORDER and _in_window(_day(G, n), since, until)
        ]
        return {*orders, *(e for o in orders for e in order_entities(G, o))}
    seen = set(seeds)
    frontier = list(seeds)
    for _ in range(hops):
        reached = []
        for node in frontier:
            for other in _ties(G, node):
                if other in seen:
                    continue
                if G.nodes[other]["label"] != ORDER:
                    seen.add(other)
                    reached.append(other)
                elif _in_window(_day(G, other), since, until):
                    seen.add(other)
                    for entity in order_entities(G, other):
                        if entity not in seen:
                            seen.add(entity)
                            reached.append(entity)
        frontier = reached
    return seen


def chains(G: nx.MultiDiGraph, rows: Iterable[dict]) -> list[Chain]:
    """The chains of revolving-door rows (`detnet.queries.revolving.revolving_door`).

    The arrest of a chain is the person's latest arrest dated on or before the
    release, the one the query compares officials with.

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> chains(G, [])
    []
    """
    found = []
    for row in rows:
        person = node_key(PERSON, row["person_id"])
        release = node_key(ORDER, row["release_order_id"])
        released = G.nodes[release]["date"]
        arrests = [
            (G.nodes[o]["date"], G.nodes[o]["id"], o)
            for o, keys in G.pred[person].items()
            if CONCERNS in keys
            and G.nodes[o]["kind"] == "arrest"
            and G.nodes[o]["date"] <= released
        ]
        found.append(
            Chain(
                person,
                max(arrests)[2] if arrests else None,
                release,
                node_key(ORDER, row["rearrest_order_id"]),
                row["days_free"],
                bool(row["same_official"]),
            )
        )
    return found


def chain_nodes(G: nx.MultiDiGraph, found: Iterable[Chain]) -> set[str]:
    """The nodes that show chains: the person, the three orders and who ordered each,
    and the facility the person was taken back to.

    >>> import detnet
    >>> from detnet.queries.revolving import revolving_door
    >>> G = detnet.load_sample("synthetic")
    >>> chain = chains(G, revolving_door(G))[0]
    >>> labels = [G.nodes[n]["label"] for n in chain_nodes(G, [chain])]
    >>> labels.count("Order"), labels.count("Person")
    (3, 1)
    """
    nodes: set[str] = set()
    for chain in found:
        nodes.add(chain.person)
        for order in (chain.arrest, chain.release, chain.rearrest):
            if order is not None:
                nodes.add(order)
                nodes.update(u for u, keys in G.pred[order].items() if ISSUED in keys)
        nodes.update(v for v, keys in G.succ[chain.rearrest].items() if AT in keys)
    return nodes


def check_size(count: int, advice: str) -> None:
    """Refuse a view too large for a browser to draw."""
    if count > MAX_NODES:
        raise UsageError(
            f"the view holds {count:,} nodes, more than the {MAX_NODES:,} a browser can "
            f"lay out; {advice}"
        )


def view_edges(G: nx.MultiDiGraph, nodes: set[str]) -> list[tuple[str, str, str]]:
    """Every relationship among `nodes` but CITES, sorted.

    Read from orders and persons only, whose degree is small: an official or a
    facility may have thousands of orders that are not in the view.
    """
    edges = set()
    for node in nodes:
        label = G.nodes[node]["label"]
        if label == ORDER:
            edges.update((node, v, k) for v, ks in G.succ[node].items() if v in nodes for k in ks)
            edges.update((u, node, k) for u, ks in G.pred[node].items() if u in nodes for k in ks)
        elif label == PERSON:
            edges.update(
                (node, v, FAMILY) for v, ks in G.succ[node].items() if v in nodes and FAMILY in ks
            )
            edges.update(
                (u, node, IS_PERSON)
                for u, ks in G.pred[node].items()
                if u in nodes and IS_PERSON in ks
            )
    return sorted(e for e in edges if e[2] != CITES)


# The page.


def _text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)


def name_of(G: nx.MultiDiGraph, node: str) -> str:
    """What a node is called in the page (see `schema.display_name`)."""
    return display_name(G.nodes[node])


def _sources(G: nx.MultiDiGraph, ids: Iterable[str]) -> list[str]:
    lines = []
    for id in ids:
        attrs = G.nodes.get(node_key(SOURCE, id), {})
        parts = [attrs.get("title") or id, attrs.get("publisher"), attrs.get("published")]
        line = ", ".join(str(p) for p in parts if p)
        lines.append(f"source: {line}" + (f" <{attrs['url']}>" if attrs.get("url") else ""))
    return lines


def _properties(attrs: dict, skip: Iterable[str] = ()) -> list[str]:
    """Every property as `name: value`, those of the schema first, then extra columns."""
    declared = LABELS[attrs["label"]].stored
    names = [*declared, *sorted(k for k in attrs if k not in declared)]
    skipped = {"label", "sources", "name", *skip}
    return [
        f"{k.replace('_', ' ')}: {_text(attrs[k])}"
        for k in names
        if k in attrs and k not in skipped and attrs[k] not in (None, "", [])
    ]


def _order_parties(G: nx.MultiDiGraph, order: str) -> dict[str, str]:
    parties = {}
    for entity in order_entities(G, order):
        parties[G.nodes[entity]["label"]] = entity
    return parties


def plural(n: int, word: str, words: str | None = None) -> str:
    """A count and its noun.

    >>> plural(1, "day"), plural(3, "day"), plural(2, "facility", "facilities")
    ('1 day', '3 days', '2 facilities')
    """
    return f"{n} {word if n == 1 else words or word + 's'}"


class Page:
    """Builds the node, edge and story lists of one view (see `page_html`)."""

    def __init__(self, G: nx.MultiDiGraph, nodes: set[str], found: Sequence[Chain]):
        self.G = G
        self.nodes = nodes
        self.chains = [c for c in found if c.release in nodes and c.rearrest in nodes]
        self.rearrest = {c.rearrest: c for c in self.chains}
        self.rearrests_of = Counter(c.person for c in self.chains)
        self.ordered_by = Counter()
        self.taken_to = Counter()
        for c in self.chains:
            parties = _order_parties(G, c.rearrest)
            self.ordered_by[parties.get(OFFICIAL)] += 1
            self.taken_to[parties.get(FACILITY)] += 1

    def node(self, key: str) -> dict:
        attrs = self.G.nodes[key]
        label = attrs["label"]
        if label == ORDER:
            return self.order(key, attrs)
        style = STYLE[label]
        weight = {
            PERSON: self.rearrests_of[key],
            OFFICIAL: self.ordered_by[key],
            FACILITY: self.taken_to[key],
        }[label]
        lines = [f"{label}: {name_of(self.G, key)}", f"id: {attrs['id']}"]
        if label == PERSON and weight:
            lines.append(f"re-arrested after a release: {plural(weight, 'time')}")
        if label == OFFICIAL and weight:
            lines.append(f"ordered re-arrests after a release: {weight}")
        if label == FACILITY and weight:
            lines.append(f"re-arrested persons taken here: {weight}")
        lines += _properties(attrs, skip=("id",)) + _sources(self.G, attrs.get("sources", ()))
        return {
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
        }

    def order(self, key: str, attrs: dict) -> dict:
        kind, when, status = attrs["kind"], attrs["date"].replace("T", " "), attrs["status"]
        chain = self.rearrest.get(key)
        word = "RE-ARREST" if chain else kind
        parties = _order_parties(self.G, key)
        lines = [f"{word.capitalize()} order, {when} ({status})", f"id: {attrs['id']}"]
        if chain:
            lines.append(f"re-arrest {plural(chain.days_free, 'day')} after a release")
        for label, caption in ((OFFICIAL, "ordered by"), (PERSON, "concerning")):
            who = parties.get(label)
            lines.append(
                f"{caption}: "
                + (
                    f"{name_of(self.G, who)} ({self.G.nodes[who]['id']})"
                    if who
                    else "not on record"
                )
            )
        if FACILITY in parties:
            place = parties[FACILITY]
            lines.append(
                f"{FACILITY_WORD[kind]}: {name_of(self.G, place)} ({self.G.nodes[place]['id']})"
            )
        lines += _properties(attrs, skip=("id", "kind", "date", "status"))
        lines += _sources(self.G, attrs.get("sources", ()))
        colour = REARREST_COLOUR if chain else ORDER_COLOURS[kind]
        node = {
            "id": key,
            "label": f"{word}\n{attrs['date'][:10]}"
            + ("" if status == "verified" else f"\n({status})"),
            "title": "\n".join(lines),
            "shape": "diamond",
            "color": colour,
            "size": REARREST_SIZE if chain else ORDER_SIZE,
            "font": {"size": 13 if chain else 11, "color": colour if chain else "#2d3748"},
        }
        if status != "verified":  # announced or disputed: drawn with a broken outline
            node["shapeProperties"] = {"borderDashes": [3, 3]}
            node["color"] = {"background": "#ffffff", "border": colour}
            node["borderWidth"] = 2
        return node

    def edge(self, u: str, v: str, type: str) -> dict:
        G = self.G
        label = ""
        if type == ISSUED:
            label = "ordered"
        elif type == FAMILY:
            relation = G.edges[u, v, type].get("relation", "relative").replace("_", "-")
            label = relation
            title = f"{name_of(G, v)} is the {relation} of {name_of(G, u)}"
        elif type == IS_PERSON:
            label = "is also"
            title = f"official {name_of(G, u)} is also the person {name_of(G, v)}"
        edge = {"from": u, "to": v, "label": label, "arrows": "to", "color": EDGE_COLOUR}
        if type in (FAMILY, IS_PERSON):
            edge.update(title=title, dashes=True)
        if type == CONCERNS and v in self.rearrests_of and u in self.rearrest:
            edge.update(color=CHAIN_COLOUR, width=2)
        if type == ISSUED and v in self.rearrest:
            edge.update(color=CHAIN_COLOUR, width=3, label="ordered re-arrest")
        return edge

    def chain_edges(self) -> list[dict]:
        edges = []
        for c in self.chains:
            if c.arrest is not None and c.arrest in self.nodes:
                held = (
                    date.fromisoformat(_day(self.G, c.release))
                    - date.fromisoformat(_day(self.G, c.arrest))
                ).days
                edges.append(
                    {
                        "from": c.arrest,
                        "to": c.release,
                        "label": f"released after {plural(held, 'day')}",
                        "arrows": "to",
                        "color": "#68d391",
                        "width": 2,
                    }
                )
            edges.append(
                {
                    "from": c.release,
                    "to": c.rearrest,
                    "label": f"re-arrest after {plural(c.days_free, 'day')}",
                    "arrows": "to",
                    "color": CHAIN_COLOUR,
                    "width": 4,
                    "title": f"{name_of(self.G, c.person)}: free {plural(c.days_free, 'day')}, "
                    "then arrested again",
                }
            )
        return edges

    def ranking(self) -> list[dict]:
        """Who ordered the re-arrests in the view, most first; unknown officials last."""
        counts = sorted(
            self.ordered_by.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or "")
        )
        return [
            {
                "text": f"{name_of(self.G, who) if who else 'official not on record'}: {n}",
                "node": who,
            }
            for who, n in counts
        ]

    def story(self) -> list[dict]:
        """One sentence per chain, for the list beside the picture."""
        lines = []
        for c in sorted(self.chains, key=lambda c: (_day(self.G, c.rearrest), c.person)):
            parties = _order_parties(self.G, c.rearrest)
            official = parties.get(OFFICIAL)
            who = name_of(self.G, official) if official else "an official not on record"
            text = (
                f"{name_of(self.G, c.person)}: released {_day(self.G, c.release)}, "
                f"re-arrested {_day(self.G, c.rearrest)} on the orders of {who}, "
                f"after {plural(c.days_free, 'day')} free"
            )
            if c.same_official:
                text += " (the same official who ordered the arrest before the release)"
            lines.append({"text": text, "node": c.rearrest})
        return lines


def legend() -> list[dict]:
    """The legend entries: glyph, colour and meaning."""
    entries = [
        {
            "glyph": STYLE[PERSON]["glyph"],
            "color": STYLE[PERSON]["color"],
            "text": "person (detainee or relative); larger: re-arrested more often",
        },
        {
            "glyph": STYLE[OFFICIAL]["glyph"],
            "color": STYLE[OFFICIAL]["color"],
            "text": "official who ordered; larger: ordered more re-arrests",
        },
        {
            "glyph": STYLE[FACILITY]["glyph"],
            "color": STYLE[FACILITY]["color"],
            "text": "facility (prison, police, military, intelligence)",
        },
    ]
    entries += [
        {"glyph": "◆", "color": colour, "text": f"{kind} order, with its date"}
        for kind, colour in ORDER_COLOURS.items()
    ]
    entries += [
        {"glyph": "◆", "color": REARREST_COLOUR, "text": "RE-ARREST: an arrest after a release"},
        {
            "glyph": "➔",
            "color": CHAIN_COLOUR,
            "text": "red arrows: the revolving door, release → re-arrest, and who ordered it",
        },
        {
            "glyph": "◇",
            "color": "#4a5568",
            "text": "outlined: release announced (claimed) or disputed, not verified",
        },
        {
            "glyph": "┅",
            "color": "#4a5568",
            "text": "dashed line: family tie, or an official who is also a person",
        },
    ]
    return entries


def view_data(
    G: nx.MultiDiGraph,
    nodes: set[str],
    found: Sequence[Chain] = (),
    *,
    title: str,
    subtitle: str = "",
) -> dict:
    """Everything the page shows, as plain data (it becomes the page's JSON).

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> data = view_data(G, {"Person:P-MARQUEZ", "Order:O-MARQUEZ-2026-01-12"}, title="t")
    >>> [n["label"] for n in data["nodes"]]
    ['arrest\\n2026-01-12', 'Alfredo Márquez']
    >>> len(data["edges"])
    1
    """
    check_size(
        len(nodes), "narrow it with --person, --official, --facility, --hops or --since/--until"
    )
    page = Page(G, nodes, found)
    edges = [page.edge(u, v, k) for u, v, k in view_edges(G, nodes)] + page.chain_edges()
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"  # given, so that vis-network draws no random ids: same view, same file
    return {
        "title": title,
        "subtitle": subtitle,
        "legend": legend(),
        "story": page.story(),
        "ranking": page.ranking(),
        "nodes": [page.node(n) for n in sorted(nodes)],
        "edges": edges,
        "options": options(len(nodes)),
    }


def options(count: int) -> dict:
    """vis-network options: a seeded, capped layout that then holds still."""
    return {
        "layout": {"randomSeed": 7, "improvedLayout": count <= IMPROVED_LAYOUT_MAX},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "springLength": 90,
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


# The HTML.

SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: object) -> str:
    """JSON that is safe inside a `<script>` element: nothing in it can close the element.

    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: SCRIPT_ESCAPES[m.group()], text)


@cache
def vis_network_js() -> str:
    """The vis-network library as shipped by the pyvis package."""
    js = resources.files("pyvis").joinpath(*VIS_JS).read_text(encoding="utf-8")
    if "</script" in js.lower():  # never expected; it would end the inline element early
        raise RuntimeError("the vis-network library cannot be inlined: it contains </script")
    return js


@cache
def template() -> str:
    return resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")


def page_html(data: dict) -> str:
    """The whole page: the template with the library and the data filled in, in one pass.

    A slot's filling is never searched for slots again, so no value can inject one.
    """
    slots = {
        "page_title": html.escape(data["title"]),
        "vis_js": vis_network_js(),
        "data": script_json(data),
    }
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: slots[m.group(1)], template())


def write_html(text: str, path: str | os.PathLike) -> Path:
    """Write a page. A new file is readable by its owner only: it names people at risk."""
    path = Path(path)
    with private_file(path) as f:
        f.write(text.encode("utf-8"))
    return path
