"""Views and pages without a browser: what a view holds, what the file contains."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from detnet.graph.errors import UsageError
from detnet.queries import views
from detnet.queries.revolving import (
    rearrests_by_institution,
    rearrests_by_official,
    revolving_door,
)

from detnet import view_page
from detnet.page import script_json, vis_network_js
from detnet.viz import Rendering, render, write_demo

from .conftest import IMG, SCRIPT, SLOT, SVG
from .expected import door_view, edges_among, latest_arrest_before, person_view


def page_data(page: str) -> dict:
    """The JSON the page carries, read back as the browser reads it."""
    found = re.findall(
        r'<script type="application/json" id="detnet-data">(.*?)</script>', page, re.S
    )
    assert len(found) == 1
    return json.loads(found[0])


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


# What a view holds.


def test_person_view_holds_orders_parties_and_family(synthetic_graph):
    G = synthetic_graph
    for person in ("Person:P000098", "Person:P000010", "Person:P000086"):
        assert views.neighbourhood(G, [person]) == person_view(G, person)
    assert any(k == "FAMILY" for *_, k in G.edges("Person:P000010", keys=True))


def test_more_hops_reach_further(synthetic_graph):
    G = synthetic_graph
    one = views.neighbourhood(G, ["Person:P000098"], hops=1)
    two = views.neighbourhood(G, ["Person:P000098"], hops=2)
    assert one < two
    # The second step starts from each person, official and facility of the first.
    expected = set(one)
    for node in one:
        if G.nodes[node]["label"] == "Person":
            expected |= person_view(G, node)
    assert {n for n in two if G.nodes[n]["label"] == "Person"} >= {
        n for n in expected if G.nodes[n]["label"] == "Person"
    }


def test_window_keeps_only_orders_dated_in_it(synthetic_graph):
    G = synthetic_graph
    nodes = views.neighbourhood(G, [], since="2020-01-01", until="2020-12-31")
    orders = {n for n in nodes if G.nodes[n]["label"] == "Order"}
    expected = {
        n
        for n, a in G.nodes(data=True)
        if a["label"] == "Order" and "2020-01-01" <= a["date"][:10] <= "2020-12-31"
    }
    assert orders == expected and orders
    focused = views.neighbourhood(G, ["Official:F0005"], since="2020-01-01", until="2020-12-31")
    assert all("2020" == G.nodes[n]["date"][:4] for n in focused if G.nodes[n]["label"] == "Order")


def test_chain_arrest_is_the_one_the_query_compares(synthetic_graph):
    G = synthetic_graph
    rows = revolving_door(G)
    found = views.door_view(G).rearrests
    assert len(found) == len(rows) > 0
    for row, r in zip(rows, found, strict=True):
        person, release = f"Person:{r.rearrest.person_id}", views.order_key(r.release)
        arrest = r.previous_arrest and views.order_key(r.previous_arrest)
        assert arrest == latest_arrest_before(G, person, release)
        issuers = [u for u, _, k in G.in_edges(arrest, keys=True) if k == "ISSUED"]
        assert (issuers[0].split(":")[1] if issuers else None) == row["previous_official_id"]


def test_revolving_door_view_holds_the_chains(synthetic_graph):
    G = synthetic_graph
    rows = revolving_door(G, official="F0005")
    view = render(G, revolving_door=True, official="F0005")
    nodes, chain_edges = door_view(G, rows)
    assert (view.nodes, view.edges) == (len(nodes), edges_among(G, nodes) + chain_edges)
    data = page_data(view.html)
    assert {n["id"] for n in data["nodes"]} == nodes
    name = G.nodes["Official:F0005"]["name"]
    assert len(data["story"]) == len(rows) > 10
    assert data["ranking"] == [
        {"name": name, "node": "Official:F0005", "text": f"{name}: {len(rows)}"}
    ]
    assert (
        view.title == f"Revolving door: {len(rows)} re-arrests after a release, ordered by {name}"
    )


def test_rearrests_are_highlighted_and_told(seed_graph, synthetic_graph):
    G = synthetic_graph
    row = revolving_door(G)[0]
    data = page_data(render(G, person=row["person_id"]).html)
    nodes = {n["id"]: n for n in data["nodes"]}
    rearrest = nodes[f"Order:{row['rearrest_order_id']}"]
    assert rearrest["label"] == f"RE-ARREST\n{row['rearrest_date'][:10]}"
    assert rearrest["color"] == view_page.REARREST_COLOUR
    assert f"re-arrest {row['days_free']} days after a release" in rearrest["title"]
    labels = {e["label"] for e in data["edges"]}
    assert f"re-arrest after {row['days_free']} days" in labels
    assert "ordered re-arrest" in labels
    assert data["story"][0]["text"].startswith(
        f"{row['person_name']}: released {row['release_date'][:10]}, "
        f"re-arrested {row['rearrest_date'][:10]} on the orders of {row['official_name']}"
    )
    person = nodes[f"Person:{row['person_id']}"]
    assert person["size"] > view_page.STYLE["Person"]["size"]  # sized by re-arrests


def test_tooltips_carry_properties_dates_and_sources(seed_graph):
    data = page_data(render(seed_graph, person="P-MARQUEZ").html)
    nodes = {n["id"]: n for n in data["nodes"]}
    order = nodes["Order:O-MARQUEZ-2026-01-12"]["title"].split("\n")
    assert order[0] == "Arrest order, 2026-01-12 (verified)"
    assert (
        "ordered by: Governor of Trujillo state (name not stated in the source) "
        "(F-TRUJILLO-GOVERNOR)" in order
    )
    assert any(line.startswith("source: The release of political prisoners") for line in order)
    person = nodes["Person:P-MARQUEZ"]["title"].split("\n")
    assert person[:2] == ["Person: Alfredo Márquez", "id: P-MARQUEZ"]
    assert "occupation: former opposition councilman" in person


def test_claimed_release_is_drawn_outlined(synthetic_graph):
    G = synthetic_graph
    data = page_data(render(G, person="P000004").html)  # released 2023-01-13, claimed only
    release = next(n for n in data["nodes"] if n["id"] == "Order:O0000015")
    assert release["label"].endswith("(claimed)")
    assert release["shapeProperties"] == {"borderDashes": [3, 3]}


def test_a_view_beyond_the_limit_is_an_overview(synthetic_graph, monkeypatch):
    G = synthetic_graph
    shown = sum(
        1 for _, label in G.nodes(data="label") if label not in ("Source", "Claim")
    )  # claims are not drawn
    assert shown > views.MAX_NODES
    view = render(G, lang="en")
    data = page_data(view.html)
    assert data["mode"] == "overview" and view.title == "Overview: The whole graph"
    # The aggregates: every official, body and facility that orders name, busiest first.
    named = {a for _, a in G.nodes(data="label") if a in ("Official", "Facility", "Institution")}
    assert {n["id"].split(":")[0] for n in data["nodes"]} == named
    officials = {n["id"] for n in data["nodes"] if n["id"].startswith("Official:")}
    assert officials == {
        f"Official:{r['official_id']}" for r in revolving_door(G) if r["official_id"]
    } | {n for n, label in G.nodes(data="label") if label == "Official"}
    # The table holds every order once, and every re-arrest.
    assert len(data["table"]["kind"]) == sum(1 for _, a in G.nodes(data="label") if a == "Order")
    assert len(data["rearrests"]) == len(revolving_door(G))
    assert f"{shown:,} nodes are too many" in data["note"]
    # At the limit, node by node.
    monkeypatch.setattr(views, "MAX_NODES", shown)
    assert page_data(render(G).html)["mode"] == "graph"
    assert render(G).nodes == shown
    monkeypatch.setattr(views, "MAX_NODES", 20)
    assert page_data(render(G, revolving_door=True).html)["mode"] == "overview"


def test_an_overview_draws_the_busiest_aggregates(synthetic_graph, monkeypatch):
    monkeypatch.setattr(views, "OVERVIEW_NODES", 5)
    G = synthetic_graph
    data = page_data(render(G, lang="en").html)
    assert len(data["nodes"]) == 5
    # Officials and issuing bodies by re-arrests (in this sample, distinct for the first 3).
    ranked = sorted(
        [
            (-r["rearrests"], f"Official:{r['official_id']}")
            for r in rearrests_by_official(G)
            if r["official_id"]
        ]  # fmt: skip
        + [
            (-r["rearrests"], f"Institution:{r['institution_id']}")
            for r in rearrests_by_institution(G)
            if r["institution_id"]
        ]  # fmt: skip
    )
    assert [n["id"] for n in data["nodes"]][:3] == [key for _, key in ranked[:3]]
    # Every official and facility can still be chosen in the filters, and every body.
    labels = Counter(label for _, label, _ in data["table"]["entities"])
    assert (labels["Official"], labels["Facility"]) == (10, 20) and labels["Institution"] > 0
    assert "Drawn: the " in data["note"]


# Bad requests: one clear message each.


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"person": "P-NOBODY"}, "unknown person 'P-NOBODY'"),
        ({"official": "F-NOBODY"}, "unknown official 'F-NOBODY'"),
        ({"facility": "C-NOBODY"}, "unknown facility 'C-NOBODY'"),
        ({"person": "P-MARQUEZ", "hops": 0}, "--hops: expected a whole number"),
        ({"hops": 2}, "--hops needs a focus"),
        ({"since": "2026-02-30"}, "--since: no such date"),
        ({"until": "soon"}, "--until: not a date"),
        ({"revolving_door": True, "person": "P-MARQUEZ"}, "--revolving-door combines"),
    ],
)
def test_bad_requests(seed_graph, arguments, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        render(seed_graph, **arguments)


def test_an_empty_view_says_so(seed_graph):
    view = render(seed_graph, revolving_door=True)
    assert (view.nodes, view.edges) == (0, 0)
    assert view.title == "Revolving door: 0 re-arrests after a release"
    # Every page's template holds the words "Nothing to show"; only an empty view's data
    # has no node, which is what makes the page say them (test_browser checks it does).
    data = page_data(view.html)
    assert (data["nodes"], data["edges"], data["story"]) == ([], [], [])


# The file.


def test_page_is_one_offline_file(seed_graph):
    page = render(seed_graph, person="P-MARQUEZ").html
    found = tags(page)
    assert [t for t, a in found if t == "script"] == ["script"] * 3
    assert not [t for t, a in found if t in ("link", "img", "iframe", "object", "embed", "base")]
    assert not [a for _, a in found if "src" in a or "href" in a]
    for host in ("cdnjs", "jsdelivr", "unpkg", "googleapis", "bootstrap"):
        assert host not in page.lower()
    csp = next(a["content"] for t, a in found if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src" not in csp
    assert vis_network_js() in page  # the copy pyvis ships, inlined


def test_record_values_cannot_leave_the_json_element(hostile_graph):
    page = render(hostile_graph, person="P1").html
    # Only the template's own elements: three scripts, no img, svg or iframe.
    found = [t for t, _ in tags(page)]
    assert found.count("script") == 3
    assert not {"img", "svg", "iframe", "a"} & set(found)
    data = page_data(page)
    names = {n["label"] for n in data["nodes"]}
    assert {IMG, SCRIPT, SVG} <= names
    assert SLOT in next(n["title"] for n in data["nodes"] if n["id"] == "Official:F1")
    assert "<img" not in page and "</script><script>alert" not in page


def test_template_slots_are_filled_once(hostile_graph):
    """A value spelling a slot (`{{ data }}`) is not filled again."""
    page = render(hostile_graph, official="F1").html
    data = page_data(page)
    assert any(SLOT in n["title"] for n in data["nodes"])
    assert len(page) < 2 * len(vis_network_js())  # the library went in once


def test_script_json_round_trips_and_escapes():
    values = {"a": SCRIPT, "b": "\u2028\u2029 & <!-- -->", "c": IMG}
    text = script_json(values)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == values


def test_same_view_same_file(synthetic_graph):
    first = render(synthetic_graph, revolving_door=True, official="F0001").html
    assert render(synthetic_graph, revolving_door=True, official="F0001").html == first


def test_saved_file_is_private(seed_graph, tmp_path):
    view = render(seed_graph, person="P-MARQUEZ", out=tmp_path / "v.html")
    assert view.path == tmp_path / "v.html"
    assert view.path.read_text(encoding="utf-8") == view.html
    assert view.path.stat().st_mode & 0o777 == 0o600


def test_jupyter_frame_holds_the_page_escaped(hostile_graph):
    view = render(hostile_graph, person="P1")
    frame = view._repr_html_()
    found = tags(frame)
    assert [t for t, _ in found] == ["iframe"]
    attrs = found[0][1]
    assert attrs["srcdoc"] == view.html  # the parser unescapes exactly the page
    assert attrs["sandbox"] == "allow-scripts"
    assert html.unescape(frame.split('srcdoc="', 1)[1].split('" sandbox', 1)[0]) == view.html


def test_demo_writes_the_revolving_door(tmp_path, synthetic_graph):
    path = write_demo(synthetic_graph, tmp_path / "demo")
    assert path == tmp_path / "demo" / "revolving-door.html"
    data = page_data(path.read_text(encoding="utf-8"))
    rows = revolving_door(synthetic_graph)
    assert data["title"] == f"Revolving door: {len(rows)} re-arrests after a release"
    assert len(data["story"]) == len(rows)


@pytest.mark.slow
def test_rendering_repr(seed_graph):
    view = render(seed_graph, person="P-MARQUEZ")
    assert isinstance(view, Rendering)
    assert repr(view) == "<Rendering 'Alfredo Márquez and what lies 1 step away': 3 nodes, 2 edges>"
