"""The hostile corpus (tests/data/hostile) loads with exactly the expected rejections,
and every hostile value that loads is stored exactly as written: data, never code."""

from __future__ import annotations

from pathlib import Path

from detnet.graph.store import new_graph

import detnet

CORPUS = Path(__file__).resolve().parent.parent / "data" / "hostile"


def test_the_hostile_corpus_loads_with_exactly_the_expected_rejections():
    G = new_graph()
    report = detnet.load(CORPUS, graph=G)
    persons, orders, facilities = (
        str(CORPUS / f) for f in ("persons.csv", "orders.jsonl", "facilities.csv")
    )
    assert [(r.file, r.line, r.field, r.reason) for r in report.rejections] == [
        (facilities, 3, "kind", "unknown kind 'dungeon' (expected one of court, intelligence, military, other, police, prison)"),
        (orders, 4, "kind", "expected text, got dict"),
        (orders, 5, "date", "expected text, got list"),
        (orders, 6, "person_id", f"unknown person 'H9' (its own row, {persons}:11, was rejected)"),
        (orders, 7, "type", "expected one of source, person, institution, official, facility, order, status, claim, family, judgement, got '__proto__'"),
        (orders, 8, "(row)", "not valid JSON"),
        (orders, 9, "(row)", "not a JSON object"),
        (orders, 11, "extra", "nested objects cannot be stored; give text, a number or a list"),
        (persons, 11, "name", "required field is empty"),
        (persons, 12, "(row)", "5 cells but the header has 4 columns"),
        (persons, 13, "(row)", "5 cells but the header has 4 columns"),
    ]  # fmt: skip
    assert dict(report.added) == {"Person": 8, "Official": 2, "Facility": 1, "Order": 4}
    assert report.ignored == [str(CORPUS / "README.md")]

    name = {k.split(":", 1)[1]: a.get("name") for k, a in G.nodes(data=True)}
    assert name["H1"] == "<img src=x onerror=alert(1)>"
    assert name["H2"] == "</script><script>alert(1)</script>"
    assert name["H3"] == "Robert'); MATCH (n) DETACH DELETE n //"
    assert name["H4"] == '=HYPERLINK("http://example.invalid","click")'
    assert name["H5"] == "Zor\x00ana NUL"
    assert name["H6"] == "\u202eevil\u202c RTL override"
    assert name["H8"] == "a name\nacross two lines"
    assert name["HF1"] == "Juez Ñáñez Peña"  # Windows-1252, decoded
    assert name["HC1"] == "Centro \x81 undefined in cp1252 é"  # Latin-1, decoded
    assert G.nodes["Person:H7"]["notes"] == "Ñ" * 300_000
    assert G.nodes["Person:H4"]["notes"] == "+SUM(1);-2"
    assert G.nodes["Person:H5"]["notes"] == "line separator"  # surrounding blanks trimmed
    assert G.nodes["Order:HO10"]["notes"] == "MATCH (n) DETACH DELETE n"


def test_the_hostile_corpus_survives_every_output(tmp_path):
    """Loaded into a file, the corpus goes through the main outputs without an error."""
    from click.testing import CliRunner

    from detnet.cli import cli

    graph = str(tmp_path / "g.json")
    run = CliRunner().invoke
    assert run(cli, ["load", str(CORPUS), "--graph", graph]).exit_code == 1
    for args in (
        ["revolving-door", "--format", "csv"],
        ["revolving-door", "--format", "json"],
        ["revolving-door"],
        ["custody-gaps", "--format", "csv"],
        ["export", "--format", "graphml", "--out", str(tmp_path / "g.graphml")],
        ["export", "--format", "gexf", "--out", str(tmp_path / "g.gexf")],
        ["viz", "--person", "H1", "--out", str(tmp_path / "h.html")],
    ):
        result = run(cli, [*args, "--graph", graph])
        assert result.exit_code == 0, (args, result.output)
    csv_out = run(cli, ["revolving-door", "--format", "csv", "--graph", graph]).stdout
    assert "H1" in csv_out and "'=" not in csv_out.split("\n", 1)[0]
