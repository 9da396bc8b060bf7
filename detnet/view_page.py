"""The page of a view: how each node and relationship looks, the legend, the lists of
re-arrests, and the vis-network options, filled into `templates/view.html`.

What a view holds is decided in `detnet.queries.views`; this module only draws it.
Building a page is linear in the view: node and edge lists are built directly,
never with pyvis's `add_node`/`add_edge`, which scan their lists on every call.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence

import networkx as nx

from detnet import page
from detnet.graph.schema import (
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
from detnet.queries import views
from detnet.queries.revolving import Rearrest

STABILISATION_ITERATIONS = 200  # then physics stops: the layout holds still
IMPROVED_LAYOUT_MAX = 150  # vis-network's Kamada-Kawai start is slow on large views
TEMPLATE = "view.html"

# How each label and order kind looks; the legend in the page is built from these.
STYLE = {
    PERSON: {"shape": "dot", "color": "#2b6cb0", "size": 14, "font": 14, "glyph": "●"},
    OFFICIAL: {"shape": "triangle", "color": "#dd6b20", "size": 18, "font": 18, "glyph": "▲"},
    FACILITY: {"shape": "square", "color": "#4a5568", "size": 13, "font": 13, "glyph": "■"},
}
OTHER_STYLE = {"shape": "diamond", "color": "#718096", "size": 11, "font": 12, "glyph": "◆"}
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
    for entity in views.order_entities(G, order):
        parties[G.nodes[entity]["label"]] = entity
    return parties


def plural(n: int, word: str, words: str | None = None) -> str:
    """A count and its noun.

    >>> plural(1, "day"), plural(3, "day"), plural(2, "facility", "facilities")
    ('1 day', '3 days', '2 facilities')
    """
    return f"{n} {word if n == 1 else words or word + 's'}"


def _key(label: str, id: str | None) -> str | None:
    return None if id is None else node_key(label, id)


class Page:
    """Builds the node, edge and story lists of one view (see `view_data`)."""

    def __init__(self, G: nx.MultiDiGraph, nodes: set[str], rearrests: Sequence[Rearrest]):
        self.G = G
        self.nodes = nodes
        self.rearrests = rearrests
        self.rearrest = {views.order_key(r.rearrest): r for r in rearrests}
        self.rearrests_of = Counter(node_key(PERSON, r.rearrest.person_id) for r in rearrests)
        self.ordered_by = Counter(_key(OFFICIAL, r.rearrest.official_id) for r in rearrests)
        self.taken_to = Counter(_key(FACILITY, r.rearrest.facility_id) for r in rearrests)

    def node(self, key: str) -> dict:
        attrs = self.G.nodes[key]
        label = attrs["label"]
        if label == ORDER:
            return self.order(key, attrs)
        # A label with no style of its own (an institution, a claim...) is drawn plainly.
        style = STYLE.get(label, OTHER_STYLE)
        weight = {
            PERSON: self.rearrests_of[key],
            OFFICIAL: self.ordered_by[key],
            FACILITY: self.taken_to[key],
        }.get(label, 0)
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
        rearrest = self.rearrest.get(key)
        word = "RE-ARREST" if rearrest else kind
        parties = _order_parties(self.G, key)
        lines = [f"{word.capitalize()} order, {when} ({status})", f"id: {attrs['id']}"]
        if rearrest:
            lines.append(f"re-arrest {plural(rearrest.days_free, 'day')} after a release")
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
                f"{FACILITY_WORD.get(kind, 'at')}: {name_of(self.G, place)} "
                f"({self.G.nodes[place]['id']})"
            )
        lines += _properties(attrs, skip=("id", "kind", "date", "status"))
        lines += _sources(self.G, attrs.get("sources", ()))
        # Kinds added to the schema later (a house arrest, a death) share one colour.
        colour = REARREST_COLOUR if rearrest else ORDER_COLOURS.get(kind, EDGE_COLOUR)
        node = {
            "id": key,
            "label": f"{word}\n{attrs['date'][:10]}"
            + ("" if status == "verified" else f"\n({status})"),
            "title": "\n".join(lines),
            "shape": "diamond",
            "color": colour,
            "size": REARREST_SIZE if rearrest else ORDER_SIZE,
            "font": {"size": 13 if rearrest else 11, "color": colour if rearrest else "#2d3748"},
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

    def rearrest_edges(self) -> list[dict]:
        """The revolving door drawn: arrest → release → re-arrest, for each re-arrest."""
        edges = []
        for r in self.rearrests:
            release, rearrest = views.order_key(r.release), views.order_key(r.rearrest)
            arrest = r.previous_arrest and views.order_key(r.previous_arrest)
            if arrest is not None and arrest in self.nodes:
                held = (r.release.day - r.previous_arrest.day).days
                edges.append(
                    {
                        "from": arrest,
                        "to": release,
                        "label": f"released after {plural(held, 'day')}",
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
                    "label": f"re-arrest after {plural(r.days_free, 'day')}",
                    "arrows": "to",
                    "color": CHAIN_COLOUR,
                    "width": 4,
                    "title": f"{name_of(self.G, person)}: free {plural(r.days_free, 'day')}, "
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
        """One sentence per re-arrest, for the list beside the picture."""
        lines = []
        by_day = sorted(self.rearrests, key=lambda r: (r.rearrest.date[:10], r.rearrest.person_id))
        for r in by_day:
            official = _key(OFFICIAL, r.rearrest.official_id)
            who = name_of(self.G, official) if official else "an official not on record"
            text = (
                f"{name_of(self.G, node_key(PERSON, r.rearrest.person_id))}: "
                f"released {r.release.date[:10]}, "
                f"re-arrested {r.rearrest.date[:10]} on the orders of {who}, "
                f"after {plural(r.days_free, 'day')} free"
            )
            if r.same_official:
                text += " (the same official who ordered the arrest before the release)"
            lines.append({"text": text, "node": views.order_key(r.rearrest)})
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
    rearrests: Sequence[Rearrest] = (),
    *,
    title: str,
    subtitle: str = "",
) -> dict:
    """Everything the page shows, as plain data (it becomes the page's JSON).

    `nodes` and `rearrests` are a view's (`detnet.queries.views.View`): each
    re-arrest's release and re-arrest are among the nodes.

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
    views.check_size(len(nodes), views.FOCUS_ADVICE)
    drawn = Page(G, nodes, rearrests)
    edges = [drawn.edge(u, v, k) for u, v, k in views.view_edges(G, nodes)]
    edges += drawn.rearrest_edges()
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"  # given, so that vis-network draws no random ids: same view, same file
    return {
        "title": title,
        "subtitle": subtitle,
        "legend": legend(),
        "story": drawn.story(),
        "ranking": drawn.ranking(),
        "nodes": [drawn.node(n) for n in sorted(nodes)],
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


def page_html(data: dict) -> str:
    """The whole page of a view: the template with the library and `view_data` filled in."""
    slots = {
        "page_title": html.escape(data["title"]),
        "vis_js": page.vis_network_js(),
        "data": page.script_json(data),
    }
    return page.fill(page.template(TEMPLATE), slots)
