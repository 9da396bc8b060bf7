"""The pages in a real headless Chromium, opened from file:// with the network blocked.

Screenshots go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import pytest
from detnet.queries.revolving import revolving_door

from detnet.viz import render, write_demo

from .conftest import COMMENT, HREF, IFRAME, IMG, SCRIPT, SLOT, SVG
from .expected import door_view, edges_among, latest_arrest_before, person_view

pytestmark = pytest.mark.browser


def assert_clean(opened) -> None:
    """Nothing left the machine, nothing popped up, nothing failed or was refused."""
    assert opened.outside_requests == []
    assert opened.dialogs == []
    assert opened.errors == []
    assert opened.csp_violations() == []


def test_demo_page_offline_with_the_expected_graph(open_page, synthetic_graph, tmp_path):
    G = synthetic_graph
    path = write_demo(G, tmp_path)
    opened = open_page(path)
    nodes, chain_edges = door_view(G, revolving_door(G))
    assert opened.counts() == (len(nodes), edges_among(G, nodes) + chain_edges)
    page = opened.page
    assert page.title().startswith("Revolving door: ")
    assert page.locator("#story li").count() == len(revolving_door(G))
    assert page.locator("#legend li").count() >= 8
    opened.screenshot("viz-demo-revolving-door")
    assert_clean(opened)


def test_official_revolving_door(open_page, synthetic_graph, tmp_path):
    G = synthetic_graph
    view = render(G, revolving_door=True, official="F0005", out=tmp_path / "f.html")
    opened = open_page(view.path)
    nodes, chain_edges = door_view(G, revolving_door(G, official="F0005"))
    assert opened.counts() == (len(nodes), edges_among(G, nodes) + chain_edges)
    opened.screenshot("viz-official-revolving-door")
    assert_clean(opened)


def test_person_page(open_page, synthetic_graph, tmp_path):
    G = synthetic_graph
    row = revolving_door(G)[0]
    person = f"Person:{row['person_id']}"
    view = render(G, person=row["person_id"], out=tmp_path / "p.html")
    opened = open_page(view.path)
    nodes = person_view(G, person)
    arrest = latest_arrest_before(G, person, f"Order:{row['release_order_id']}")
    chains = [r for r in revolving_door(G) if r["person_id"] == row["person_id"]]
    chain_edges = len(chains) + sum(1 for _ in chains if arrest)
    assert opened.counts() == (len(nodes), edges_among(G, nodes) + chain_edges)
    opened.screenshot("viz-person")
    assert_clean(opened)


def hover(page, node: str) -> str:
    """Move the mouse onto a node and return its tooltip's text."""
    x, y = page.evaluate(
        """(id) => {
            const net = window.detnetNetwork;
            const at = net.canvasToDOM(net.getPosition(id));
            const box = document.getElementById('graph').getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }""",
        node,
    )
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    return tooltip.text_content()


def test_hostile_names_are_text(open_page, hostile_graph, tmp_path):
    view = render(hostile_graph, person="P1", out=tmp_path / "hostile.html")
    opened = open_page(view.path)
    page = opened.page
    labels = page.evaluate("detnetNetwork.body.data.nodes.get().map(n => n.label)")
    assert {IMG, SCRIPT, SVG, IFRAME} <= set(labels)
    assert page.locator("#title").text_content() == f"{IMG} and what lies 1 step away"
    assert page.title() == f"{IMG} and what lies 1 step away"
    story = page.locator("#story li").first.text_content()
    assert story.startswith(
        f"{IMG}: released 2024-03-01, re-arrested 2024-04-11 on the orders of {SVG}"
    )
    # Tooltips: every value shown as the characters it is.
    person = hover(page, "Person:P1")
    assert f"Person: {IMG}" in person and f"notes: {SCRIPT}" in person
    assert f"aliases: {SVG}" in person and "source: <script>alert(7)</script>" in person
    page.mouse.move(5, 5)
    official = hover(page, "Official:F1")
    assert f"position: {SLOT}" in official and f"institution: {HREF}" in official
    page.mouse.move(5, 5)
    rearrest = hover(page, "Order:O3")
    assert f"charges: {SLOT}" in rearrest and f"notes: {COMMENT}" in rearrest
    # No element but the template's own: no img, svg, iframe or link, no extra script.
    assert page.locator("script").count() == 3
    assert page.locator("img, svg, iframe, a, object, embed").count() == 0
    assert page.locator("div.vis-tooltip *:not(br)").count() == 0
    opened.screenshot("viz-hostile-names")
    assert_clean(opened)


def test_hostile_names_in_a_redacted_page(open_page, hostile_graph, tmp_path, monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", "a key for this test only")
    view = render(hostile_graph, revolving_door=True, redact=True, out=tmp_path / "r.html")
    opened = open_page(view.path)
    shown = opened.page.evaluate("detnetNetwork.body.data.nodes.get().map(n => n.label + n.title)")
    assert any(SVG in text for text in shown) and any(IFRAME in text for text in shown)
    assert not any(IMG in text or SCRIPT in text for text in shown)  # the persons' names, notes
    assert_clean(opened)


def test_empty_view_loads(open_page, seed_graph, tmp_path):
    view = render(seed_graph, revolving_door=True, out=tmp_path / "empty.html")
    opened = open_page(view.path)
    assert opened.counts() == (0, 0)
    assert "Nothing to show" in opened.page.locator("#status").text_content()
    assert_clean(opened)


def test_jupyter_frame_draws_sandboxed_and_offline(open_page, hostile_graph, tmp_path):
    """The notebook display: the page in a sandboxed iframe's srcdoc draws, runs nothing."""
    view = render(hostile_graph, person="P1")
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body>{view._repr_html_()}</body></html>", "utf-8")
    opened = open_page(host, ready=False)
    frame = opened.page.frames[1]
    frame.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
    counts = frame.evaluate(
        "[detnetNetwork.body.data.nodes.length, detnetNetwork.body.data.edges.length]"
    )
    assert tuple(counts) == (view.nodes, view.edges)
    assert frame.locator("#title").text_content() == f"{IMG} and what lies 1 step away"
    assert frame.locator("img, svg, iframe").count() == 0
    assert opened.outside_requests == [] and opened.dialogs == [] and opened.errors == []
