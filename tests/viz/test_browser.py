"""The pages in a real headless Chromium, opened from file:// with the network blocked.

Screenshots go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import pytest
from detnet.queries.revolving import rearrests_by_official, revolving_door

from detnet.viz import render, write_demo

from .conftest import ARTIFACTS, COMMENT, HREF, IFRAME, IMG, SCRIPT, SLOT, SVG
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


# The workbench: search, filters, the date range, highlighting, the time layout, overviews,
# case files printed to PDF.


def shown(opened) -> set[str]:
    return set(opened.page.evaluate("detnetPage.visible()"))


def subtitle(opened) -> str:
    return opened.page.locator("#subtitle").text_content()


@pytest.fixture
def part2_page(open_page, tmp_path):
    from .conftest import loaded
    from .test_workbench import PART2

    G = loaded(PART2)

    def open(**options):
        view = render(G, lang="en", out=tmp_path / "p2.html", **options)
        return open_page(view.path)

    return open


def test_search_finds_a_node(part2_page):
    opened = part2_page()
    page = opened.page
    page.fill("#search", "tesik")  # a merged record's spelling finds the one node
    assert page.locator("#found").text_content() == "1 found"
    assert page.locator("#results li").all_text_contents() == ["Tessik Brovar Ulm"]
    assert page.evaluate("detnetNetwork.getSelectedNodes()") == ["Person:P2"]
    page.fill("#search", "10.000.003")  # a national id
    assert page.locator("#results li").all_text_contents() == ["Amalin Droz Kepp"]
    page.locator("#results li").first.click()
    assert page.evaluate("document.body.dataset.highlight") is not None
    page.fill("#search", "F2b")  # a merged official's other id
    assert page.locator("#results li").all_text_contents() == ["Commander Plix Varnom"]
    assert_clean(opened)


def test_each_filter_changes_what_is_shown_and_the_counts(part2_page):
    opened = part2_page()
    page = opened.page
    everything = shown(opened)
    assert subtitle(opened) == (
        "Shown: 5 persons, 2 officials, 3 institutions, 2 facilities, "
        "18 orders (4 inferred); 4 re-arrests after a release."
    )
    page.select_option("#official", label="Judge Quorvax Trell")
    by_judge = shown(opened)
    assert {"Order:O1", "Order:O5", "Order:O9", "Order:O10", "Official:F1"} <= by_judge
    assert "Order:O3" not in by_judge and "Official:F2" not in by_judge
    assert subtitle(opened).startswith("Shown: 2 persons, 1 official,")
    assert "4 orders; 0 re-arrests" in subtitle(opened)
    page.click("#reset")
    assert shown(opened) == everything
    page.select_option("#institution", label="Invented Judicial Circuit")  # and its chamber
    assert {"Order:O8", "Order:O2", "Order:O1"} <= shown(opened)  # O1: its chamber's judge
    assert "Order:O3" not in shown(opened)
    page.click("#reset")
    page.select_option("#facility", label="Invented Police Post Two")
    assert {"Order:O3", "Order:O6", "Order:O7"} <= shown(opened)
    assert "Order:O1" not in shown(opened)
    page.click("#reset")
    page.uncheck("#kinds input[value='0']")  # arrests
    assert not {"Order:O1", "Order:O3", "Order:O4"} & shown(opened)
    assert "0 re-arrests" in subtitle(opened)
    page.click("#reset")
    page.uncheck("#classes input[value='1']")  # inferred
    assert not any(n.startswith("Inferred:") for n in shown(opened))
    assert "14 orders; " in subtitle(opened)
    page.click("#reset")
    page.uncheck("#classes input[value='0']")  # recorded: the inferred and the claimed stay
    assert {n for n in shown(opened) if n.startswith(("Order:", "Inferred:"))} == {
        "Order:O5", "Inferred:~L2-P3", "Inferred:~L3-P3", "Inferred:~L3-P5", "Inferred:~L4-P5"
    }  # fmt: skip
    assert_clean(opened)


def test_the_date_range_hides_what_falls_outside(part2_page):
    opened = part2_page()
    page = opened.page
    # Up to 2024-02-15: the 2023 arrest, January's orders, and what may fall before.
    page.evaluate(
        """() => { const to = document.getElementById('to');
                   to.value = String(Date.UTC(2024, 1, 15) / 86400000);
                   to.dispatchEvent(new Event('input')); }"""
    )
    visible = shown(opened)
    assert {"Order:O4", "Order:O1", "Order:O14", "Order:O5", "Order:O11"} <= visible
    assert "Order:O2" not in visible  # March 2024 cannot fall before
    assert "Order:O8" not in visible and "Order:O13" not in visible
    assert "Inferred:~L2-P3" in visible  # 2024-02-01/2024-02-29 may
    assert page.locator("#dates").text_content() == "2023-01-01 – 2024-02-15"
    assert "0 re-arrests" in subtitle(opened)
    assert page.locator("#story li:visible").count() == 0
    assert_clean(opened)


def test_a_click_highlights_a_nodes_chains(open_page, synthetic_graph, tmp_path):
    G = synthetic_graph
    row = revolving_door(G)[0]
    view = render(G, revolving_door=True, lang="en", out=tmp_path / "door.html")
    opened = open_page(view.path)
    page = opened.page
    person = f"Person:{row['person_id']}"
    x, y = page.evaluate(
        """(id) => { const net = window.detnetNetwork;
            const at = net.canvasToDOM(net.getPosition(id));
            const box = document.getElementById('graph').getBoundingClientRect();
            return [box.left + at.x, box.top + at.y]; }""",
        person,
    )
    page.mouse.click(x, y)
    opacity = dict(page.evaluate("detnetNetwork.body.data.nodes.get().map(n => [n.id, n.opacity])"))
    lit = {n for n, o in opacity.items() if o == 1}
    chain = {f"Order:{row['release_order_id']}", f"Order:{row['rearrest_order_id']}", person}
    assert chain <= lit
    assert len(lit) < len(opacity) / 4  # the rest is dimmed
    assert int(page.evaluate("document.body.dataset.highlight")) == len(lit)
    page.mouse.click(5, 5 + page.locator("#graph").bounding_box()["y"])
    assert set(page.evaluate("detnetNetwork.body.data.nodes.get().map(n => n.opacity)")) == {1}
    # Physics on and off.
    page.check("#physics")
    assert page.evaluate("detnetNetwork.physics.options.enabled") is True
    page.uncheck("#physics")
    assert page.evaluate("detnetNetwork.physics.options.enabled") is False
    assert_clean(opened)


def test_time_layout_puts_orders_in_date_order(part2_page):
    opened = part2_page(layout="time")
    page = opened.page
    placed = page.evaluate(
        """() => { const t = JSON.parse(document.getElementById('detnet-data').textContent).table;
            return t.node.map((id, i) => [t.start[i], t.end[i], t.persons[t.person[i]],
                                          detnetNetwork.getPosition(id)]); }"""
    )
    lanes: dict = {}
    for start, end, person, at in placed:
        lanes.setdefault(person, []).append(((start + end) / 2, at["x"], at["y"]))
    for orders in lanes.values():
        assert len({y for *_, y in orders}) == 1  # one lane per person
        assert [x for _, x, _ in sorted(orders)] == sorted(x for _, x, _ in orders)
    ys = sorted({orders[0][2] for orders in lanes.values()})
    assert len(ys) == len(lanes) == 5
    opened.screenshot("viz-time-layout")
    assert_clean(opened)


def test_an_overview_is_interactive_and_opens_a_detail(open_page, synthetic_graph, tmp_path):
    view = render(synthetic_graph, lang="en", out=tmp_path / "overview.html")
    opened = open_page(view.path)
    page = opened.page
    assert page.title() == "Overview: The whole graph"
    G = synthetic_graph
    persons = {v for u, v, k in G.edges(keys=True) if k == "CONCERNS"}
    orders = sum(a["label"] == "Order" for _, a in G.nodes(data=True))
    assert subtitle(opened).startswith(  # the bodies that sign, run or hold those that do
        f"Shown: {len(persons)} persons, 10 officials, 26 institutions, 20 facilities, "
        f"{orders} orders"
    )
    busiest = rearrests_by_official(synthetic_graph)[0]
    key = f"Official:{busiest['official_id']}"
    page.select_option("#official", label=busiest["official_name"])
    assert f"{busiest['rearrests']} re-arrests" in subtitle(opened)
    page.click("#reset")
    page.fill("#search", busiest["official_name"].split()[0].lower())
    page.locator("#results li", has_text=busiest["official_name"]).first.click()
    detail = page.locator("#detail").text_content()
    assert detail.startswith(f"Detail: {busiest['official_name']}")
    assert f"re-arrests: {busiest['rearrests']}" in detail
    assert page.locator("#detail ol li").count() == busiest["rearrests"]
    assert f'detnet viz --official "{busiest["official_id"]}"' in detail
    assert key in page.evaluate("detnetNetwork.getSelectedNodes()")
    opened.screenshot("viz-overview")
    assert_clean(opened)


def test_demo_page_is_a_workbench_in_spanish(open_page, synthetic_graph, tmp_path):
    path = write_demo(synthetic_graph, tmp_path, lang="es")
    opened = open_page(path)
    page = opened.page
    assert page.locator("#search").get_attribute("placeholder") == "Buscar nombres, ids, cédulas"
    rearrested = {r["person_id"] for r in revolving_door(synthetic_graph)}
    assert subtitle(opened).startswith(f"Se muestran: {len(rearrested)} personas")
    before = page.locator("#story li:visible").count()
    page.select_option("#official", index=1)
    assert 0 < page.locator("#story li:visible").count() < before
    assert_clean(opened)


def test_hostile_names_in_the_workbench(open_page, hostile_graph, tmp_path):
    view = render(hostile_graph, layout="time", lang="en", out=tmp_path / "h.html")
    opened = open_page(view.path)
    page = opened.page
    page.fill("#search", "onerror")
    assert page.locator("#results li").all_text_contents() == [IMG]
    options = page.locator("#official option").all_text_contents()
    assert SVG in options
    assert page.locator("img, svg, iframe, a, object, embed").count() == 0
    assert page.locator("script").count() == 3
    assert_clean(opened)


def print_to_pdf(browser, path) -> tuple[bytes, list[str], list[str]]:
    """A case file opened offline and printed by Chromium: the PDF, the elements wider than
    the printed page's text block, and whatever went wrong (requests, dialogs, errors)."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []

    def route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            problems.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.emulate_media(media="print")
    overflow = page.evaluate(
        """() => { const right = document.body.getBoundingClientRect().right + 1;
            return [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > right).map(e => e.tagName); }"""
    )
    if page.locator("script, img, svg, iframe, a, object, embed").count():
        problems.append("an element beyond the template's")
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    return pdf, overflow, problems


@pytest.mark.parametrize("subject", [{"person": "P1"}, {"official": "F1"}])
def test_case_files_print_cleanly_and_safely(browser, hostile_graph, synthetic_graph, tmp_path,
                                             subject):  # fmt: skip
    from detnet.casefile import dossier

    busiest = rearrests_by_official(synthetic_graph)[0]["official_id"]
    for name, G, who in (("hostile", hostile_graph, subject),
                         ("busiest", synthetic_graph, {"official": busiest})):  # fmt: skip
        case = dossier(G, lang="en", out=tmp_path / f"{name}.html", **who)
        pdf, overflow, problems = print_to_pdf(browser, case.path)
        assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page") >= 1
        assert overflow == [] and problems == []
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"dossier-{name}-{next(iter(subject))}.pdf").write_bytes(pdf)
