"""The investigator's workbench without a browser: records part 2 in views, the table the
page filters, the time layout, both languages, and case files (`detnet dossier`)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from detnet.graph.errors import UsageError
from detnet.queries import views
from detnet.queries.officials import official_profile
from detnet.queries.revolving import rearrests_by_official, revolving_door

import detnet
from detnet import casefile, i18n, view_page
from detnet.casefile import dossier
from detnet.cli import cli
from detnet.viz import render

from .conftest import COMMENT, HREF, IFRAME, IMG, SCRIPT, SLOT, SVG, loaded
from .test_redact import KEY, assert_absent, identifying
from .test_render import page_data, tags

PART2 = Path(__file__).resolve().parents[1] / "data" / "part2"


@pytest.fixture(scope="module")
def part2():
    return loaded(PART2)


def nodes_of(data: dict) -> dict[str, dict]:
    return {n["id"]: n for n in data["nodes"]}


# Records part 2, drawn.


def test_inferred_orders_are_drawn_and_told_apart(part2):
    data = page_data(render(part2, lang="en").html)
    nodes = nodes_of(data)
    inferred = {k: n for k, n in nodes.items() if k.startswith("Inferred:")}
    # P3's and P5's lists reveal a release and an arrest each; P1's list says what O2 did.
    assert set(inferred) == {"Inferred:~L2-P3", "Inferred:~L3-P3", "Inferred:~L3-P5",
                             "Inferred:~L4-P5"}  # fmt: skip
    for node in inferred.values():
        assert node["shapeProperties"] == {"borderDashes": view_page.DASHES["inferred"]}
        assert "(inferred)" in node["label"]
        assert "inferred from a status list: no order on record" in node["title"]
    assert (
        "listed released on 2024-02-29 (list entry L2-P3)" in inferred["Inferred:~L2-P3"]["title"]
    )
    recorded = nodes["Order:O1"]
    assert "shapeProperties" not in recorded
    legend = [e["text"] for e in data["legend"]]
    assert any("inferred from a status list" in text for text in legend)
    # The table marks them, and the counts line reads it.
    classes = data["table"]["classes"]
    rows = dict(zip(data["table"]["node"], data["table"]["cls"], strict=True))
    assert classes[rows["Inferred:~L2-P3"]][0] == "inferred"
    assert classes[rows["Order:O5"]][0] == "claimed"
    assert classes[rows["Order:O1"]][0] == "recorded"
    # Re-arrests found with inferred orders, as the query finds them.
    assert len(data["rearrests"]) == len(revolving_door(part2))


def test_institutions_are_nodes_with_their_ties(part2):
    data = page_data(render(part2, lang="en").html)
    nodes = nodes_of(data)
    assert {"Institution:I-COURTS", "Institution:I-COURT2", "Institution:I-INTEL"} <= set(nodes)
    assert nodes["Institution:I-COURT2"]["shape"] == view_page.STYLE["Institution"]["shape"]
    edges = {(e["from"], e["to"]): e["label"] for e in data["edges"]}
    assert edges["Institution:I-COURT2", "Institution:I-COURTS"] == "part of"
    assert edges["Official:F1", "Institution:I-COURT2"] == "member of"
    assert edges["Institution:I-INTEL", "Facility:C1"] == "runs"
    assert edges["Institution:I-COURTS", "Order:O8"] == "ordered re-arrest"  # a court's re-arrest
    assert "issued by: Invented Judicial Circuit (I-COURTS)" in nodes["Order:O8"]["title"]


def test_new_order_kinds_have_colours_and_legend(part2):
    data = page_data(render(part2, lang="en").html)
    nodes = nodes_of(data)
    for order, kind in (("O9", "house_arrest"), ("O11", "disappearance"), ("O10", "exile"),
                        ("O12", "death")):  # fmt: skip
        assert nodes[f"Order:{order}"]["color"] == view_page.ORDER_COLOURS[kind]
    legend = [e["text"] for e in data["legend"]]
    for word in ("house arrest", "disappearance", "exile", "death"):
        assert f"{word} order, with its date" in legend
    assert len(set(view_page.ORDER_COLOURS.values())) == len(view_page.ORDER_COLOURS)


def test_records_judged_the_same_are_drawn_once(part2):
    data = page_data(render(part2, lang="en").html)
    nodes = nodes_of(data)
    assert "Person:P2b" not in nodes and "Official:F2b" not in nodes
    person = nodes["Person:P2"]
    assert person["borderWidth"] == 4
    title = person["title"].split("\n")
    assert "merged from 2 records:" in title
    assert "  Tesik Brovar (P2b)" in title
    assert "judged the same as Tesik Brovar (P2b) by Reviewer A on 2024-11-01" in title
    assert "  notes: same cédula" in title
    # P2b's orders are P2's, and the search finds the merged record's spelling and cédula.
    edges = {(e["from"], e["to"]) for e in data["edges"]}
    assert ("Order:O6", "Person:P2") in edges and ("Official:F2", "Order:O6") in edges
    assert "tesik brovar" in person["search"] and "v10000002" in person["search"]
    # A "different" judgement is told, and does not merge.
    assert "judged different as Amalin Droz Kepp (P3)" in nodes["Person:P1"]["title"]
    # A view centred on the merged record is the person's.
    focused = page_data(render(part2, person="P2b", lang="en").html)
    assert "Person:P2" in nodes_of(focused) and "Order:O4" in nodes_of(focused)


def test_a_judgement_keeps_its_reviewer_out_of_redacted_files(part2, monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", KEY)
    text = render(part2, redact=True, lang="en").html
    assert "judged the same as" in text
    assert_absent(text, ["Reviewer A", "Reviewer B", "same cédula", "Tesik Brovar", "V10000002"])


# The table the filters read.


def test_the_table_holds_each_order_with_its_parties(part2):
    data = page_data(render(part2, lang="en").html)
    table = data["table"]
    entities = [e[0] for e in table["entities"]]
    row = table["node"].index("Order:O2")  # a court's release, in March 2024
    assert table["kinds"][table["kind"][row]][0] == "release"
    assert view_page.day_number("2024-03-01") == table["start"][row]
    assert view_page.day_number("2024-03-31") == table["end"][row]
    assert table["official"][row] == -1
    assert entities[table["body"][row]] == "Institution:I-COURT2"
    assert entities[table["facility"][row]] == "Facility:C1"
    assert table["persons"][table["person"][row]] == "Person:P1"
    # The institution filter takes in its parts: the circuit holds its chamber.
    circuit = entities.index("Institution:I-COURTS")
    assert entities.index("Institution:I-COURT2") in table["parts"][str(circuit)]
    # The canonical official of a merged record.
    row = table["node"].index("Order:O6")
    assert entities[table["official"][row]] == "Official:F2"


# The time layout.


def test_time_layout_orders_by_date_one_lane_per_person(part2):
    data = page_data(render(part2, layout="time", lang="en").html)
    nodes = nodes_of(data)
    assert not any(k.startswith(("Official:", "Facility:", "Institution:")) for k in nodes)
    table = data["table"]
    lanes: dict[int, list] = {}
    for key, start, end in zip(table["node"], table["start"], table["end"], strict=True):
        node = nodes[key]
        lanes.setdefault(node["y"], []).append((start, end, node["x"], key))
        assert node["fixed"] == {"x": True, "y": True}
    assert len(lanes) == 5  # P1, P2 (with P2b), P3, P4, P5
    for orders in lanes.values():
        middles = sorted(orders)
        assert [o[2] for o in middles] == sorted(o[2] for o in middles)  # later is further right
    # An imprecise date is a bar as wide as its days; the official is on the order.
    year = nodes["Order:O4"]  # 2023
    assert year["shape"] == "box" and year["widthConstraint"]["minimum"] > 100
    assert nodes["Order:O1"]["shape"] == "diamond"
    assert nodes["Order:O1"]["label"].endswith("▲ Judge Quorvax Trell")
    assert [tick[1] for tick in data["axis"]["ticks"]] == ["2023", "2024"]
    assert data["options"]["physics"] == {"enabled": False}


# Two languages.


def test_spanish_pages_and_locale_default(part2, monkeypatch):
    data = page_data(render(part2, revolving_door=True, lang="es").html)
    assert data["lang"] == "es"
    assert data["title"] == "Puerta giratoria: 4 recapturas tras una excarcelación"
    assert '<html lang="es">' in render(part2, lang="es").html
    nodes = nodes_of(data)
    assert nodes["Order:O8"]["title"].startswith("Orden de RECAPTURA, 2024-06-15 (verificada)")
    assert data["text"]["ui.search"] == "Buscar nombres, ids, cédulas"
    assert any(e["text"].startswith("orden de casa por cárcel") for e in data["legend"])
    monkeypatch.setenv("LANG", "es_VE.UTF-8")
    assert page_data(render(part2).html)["lang"] == "es"
    monkeypatch.setenv("LANGUAGE", "en")
    assert page_data(render(part2).html)["lang"] == "en"


def test_every_message_has_both_languages():
    for key, message in i18n.MESSAGES.items():
        assert len(message) == 2, key
        en, es = message
        assert type(en) is type(es), key
        if isinstance(en, str):
            assert re.findall(r"\{\w+\}", en) == re.findall(r"\{\w+\}", es) or sorted(
                re.findall(r"\{\w+\}", en)
            ) == sorted(re.findall(r"\{\w+\}", es)), key
    with pytest.raises(UsageError, match="--lang: expected es or en, not 'fr'"):
        render(detnet.load_sample("seed-article"), lang="fr")


# Redaction on every new path.


@pytest.mark.parametrize(
    "options",
    [{"layout": "time"}, {"layout": "time", "revolving_door": True}, {"overview": True}],
)
def test_redacted_new_views_name_nobody(redaction_graph, tmp_path, monkeypatch, options):
    monkeypatch.setenv("DETNET_REDACT_KEY", KEY)
    if options.pop("overview", False):
        monkeypatch.setattr(views, "MAX_NODES", 3)
    view = render(redaction_graph, redact=True, out=tmp_path / "r.html", **options)
    text = view.path.read_text(encoding="utf-8")
    assert view.nodes > 0
    assert_absent(text, identifying())
    assert_absent(text, ["Quintero", "Eudito", "KP01-P-2023-000123", "17.233.045"])
    assert "Governor Aristóbulo Pérez Yánez" in text
    # And the same page unredacted does name them: the search can fail.
    plain = render(redaction_graph, **options).html
    assert "Rosalba Quintero Ledezma" in plain


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("subject", [{"official": "F-GOVERNOR"}, {"person": "P-ROSALBA-QUINTERO"}])
def test_redacted_case_files_name_nobody(redaction_graph, tmp_path, monkeypatch, fmt, subject):
    monkeypatch.setenv("DETNET_REDACT_KEY", KEY)
    case = dossier(redaction_graph, redact=True, format=fmt, out=tmp_path / f"c.{fmt}", **subject)
    text = case.path.read_text(encoding="utf-8")
    assert_absent(text, identifying())
    assert_absent(text, ["Quintero", "Eudito", "KP01-P-2023-000123", "17.233.045",
                         "rosalba-quintero-ledezma", "El Pitazo detained"])  # fmt: skip
    assert "Governor Aristóbulo Pérez Yánez" in text
    assert "Persons are pseudonyms" in text or "seudónimos" in text
    plain = dossier(redaction_graph, format=fmt, **subject).text
    assert "Rosalba Quintero Ledezma" in plain.replace("\\", "")


def test_redacted_part2_case_file_drops_reviewers(part2, monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", KEY)
    text = dossier(part2, person="P2", redact=True, lang="en").text
    assert "Records judged to be the same" in text and ">the same<" in text
    assert_absent(text, ["Reviewer A", "same cédula", "Tessik", "Tesik", "V-10.000.002"])


# Case files.


def test_official_case_file_holds_the_queries_figures(synthetic_graph):
    G = synthetic_graph
    busiest = rearrests_by_official(G)[0]["official_id"]
    profile = official_profile(G, official=busiest)[0]
    rows = revolving_door(G, official=busiest)
    case = dossier(G, official=busiest, lang="en")
    subject = casefile.Subject(G, "Official", busiest)
    figures = dict(subject.figures(detnet.i18n.Text("en")))
    assert figures["orders"] == str(profile["orders"])
    assert figures["persons"] == str(profile["persons"])
    assert figures["facilities"] == str(profile["facilities"])
    assert figures["re-arrests after a release"] == str(profile["rearrests"]) == str(len(rows))
    share = figures["re-arrests ordered by the official of the arrest before the release"]
    assert share.startswith(f"{profile['rearrests_after_own_arrest']} / {profile['rearrests']} ")
    assert figures["days free before a re-arrest (median; least – most)"].startswith(
        f"{profile['median_days_free']}; "
    )
    # One chain per re-arrest, each with its dates.
    found = tags(case.text)
    assert [t for t, _ in found].count("script") == 0
    chains = case.text.split("<h2>Re-arrest chains</h2>")[1].split("<h2>")[0]
    assert chains.count("<tr>") == len(rows) + 1
    for row in rows:
        assert row["rearrest_date"] in chains and row["release_date"] in chains
    # Every fact cites its sources, each listed with title, publisher, address and date.
    facts = case.text.split("<h2>Facts and their sources</h2>")[1].split("<h2>")[0]
    assert facts.count("<tr>") >= profile["orders"] + 1
    assert "no source cited" not in facts
    source = G.nodes["Source:S0001"]
    sources = case.text.split("<h2>Sources</h2>")[1]
    assert source["title"] in sources and source["url"] in sources
    assert source["publisher"] in sources and source["published"] in sources


def test_case_file_says_when_and_from_which_graph(tmp_path):
    graph = tmp_path / "g.json"
    detnet.load(detnet.sample_path("seed-article"), graph=graph)
    case = dossier(graph, official="F-TRUJILLO-GOVERNOR", lang="en", format="md")
    digest = hashlib.sha256(graph.read_bytes()).hexdigest()
    assert f"from the graph {digest}" in case.text
    G = detnet.open_graph(graph)
    assert casefile.graph_hash(G, G) != digest  # in memory: its canonical form
    assert casefile.graph_hash(G, G) == casefile.graph_hash(G, detnet.open_graph(graph))
    assert re.search(r"Made on \d{4}-\d\d-\d\d \d\d:\d\d UTC", case.text)


def test_case_files_of_institutions_and_merged_persons(part2):
    case = dossier(part2, institution="I-COURTS", lang="en")
    rows = revolving_door(part2, institution="I-COURTS")
    chains = case.text.split("<h2>Re-arrest chains</h2>")[1].split("<h2>")[0]
    assert chains.count("<tr>") == len(rows) + 1 == 2  # O8, issued by the circuit itself
    person = dossier(part2, person="P2b", lang="en")
    assert person.title == "Case file: person Tessik Brovar Ulm"
    assert "Tessik Brovar Ulm (P2), Tesik Brovar (P2b)" in person.text
    judged = person.text.split("<h2>Records judged to be the same</h2>")[1]
    assert "Reviewer A" in judged and "same cédula" in judged
    # An inferred order cites the list it was inferred from.
    listed = dossier(part2, person="P3", lang="en").text
    assert "release (inferred): Amalin Droz Kepp" in listed
    assert "Monthly list of political prisoners (invented)" in listed


def test_hostile_names_in_case_files_are_text(hostile_graph):
    html_text = dossier(hostile_graph, person="P1", lang="en").text
    found = [t for t, _ in tags(html_text)]
    assert not {"script", "img", "svg", "iframe", "a", "object", "embed"} & set(found)
    for value in (IMG, SCRIPT, SVG, IFRAME):
        assert value not in html_text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html_text
    assert "{{ body }}" not in html_text and SLOT not in html_text.replace(
        "{{ data }}{{ vis_js }}", ""
    )
    md_text = dossier(hostile_graph, person="P1", lang="en", format="md").text
    for value in (IMG, SCRIPT, SVG, HREF, IFRAME, COMMENT):
        assert value not in md_text
    assert "](" not in md_text and "<" not in md_text.replace("&lt;", "")


def test_case_file_is_private_and_cli_messages(tmp_path):
    graph = tmp_path / "g.json"
    detnet.load(detnet.sample_path("synthetic"), graph=graph)
    out = tmp_path / "case.md"
    runner = CliRunner()
    result = runner.invoke(cli, ["dossier", "--graph", str(graph), "--official", "F0005",
                                 "--out", str(out), "--format", "md", "--lang", "es"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: Expediente: funcionario Brunulia Morrent Morraquin\n"
    assert out.stat().st_mode & 0o777 == 0o600
    for args, message in (
        ([], "Error: give one of --official, --institution or --person\n"),
        (["--official", "F0005", "--person", "P000001"],
         "Error: give one of --official, --institution or --person\n"),
        (["--official", "F-NOBODY"], "Error: unknown official 'F-NOBODY'\n"),
        (["--institution", "I-NOBODY"], "Error: unknown institution 'I-NOBODY'\n"),
        (["--person", "P000001", "--out", str(graph)],
         f"Error: --out: {graph} is the graph itself; choose another file\n"),
    ):  # fmt: skip
        where = [] if "--out" in args else ["--out", str(tmp_path / "x.html")]
        result = runner.invoke(cli, ["dossier", "--graph", str(graph), *where, *args])
        assert result.exit_code == 2, args
        assert result.stderr == message
    assert not (tmp_path / "x.html").exists()


def test_demo_writes_a_view_and_the_busiest_officials_case_file(tmp_path):
    graph = tmp_path / "demo" / "g.json"
    graph.parent.mkdir()
    result = CliRunner().invoke(cli, ["demo", "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    case = tmp_path / "demo" / casefile.DEMO_DOSSIER
    assert f"case file of the official with the most re-arrests: {case}" in result.stdout
    busiest = rearrests_by_official(detnet.open_graph(graph))[0]["official_name"]
    assert busiest in case.read_text(encoding="utf-8").split("</h1>")[0]
