"""`detnet load-list`: rosters as groups publish them (RECORDS.md, B), through the CLI
with exact messages and exit codes, and through the Python API."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from detnet.graph import store
from detnet.graph.errors import UsageError
from detnet.loaders.lists import derived_person_id

import detnet
from detnet.cli import cli

from .helpers import basic, write

PERSONS = (
    "id,name,national_id,sources\n"
    "P1,Zorana Quintovar,V-12.345.678,S1\n"
    "P2,Velito Morreth,E-81.234.567,S1\n"
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def graph(tmp_path):
    """A graph holding two persons with national ids, a facility and a source."""
    path = tmp_path / "g.json"
    detnet.load(basic(tmp_path / "records", persons_csv=PERSONS), graph=path, strict=True)
    return path


def roster(tmp_path, text: str, name: str = "roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def nodes(path, label: str) -> dict[str, dict]:
    G = store.read_graph(path)
    return {a["id"]: a for _, a in G.nodes(data=True) if a["label"] == label}


def test_a_roster_with_spanish_columns_loads_and_prints_a_summary(tmp_path, graph):
    path = roster(
        tmp_path,
        "Nombre,Cédula,Situación,Centro_ID,Fecha_Detención,Estado\n"
        "Zorana Quintovar,v12345678,detenida,C1,10/03/2025,Trujillo\n"
        "Talira Huxent,,casa por cárcel,,marzo 2025,Lara\n",
    )
    result = run("load-list", str(path), "--as-of", "15/01/2026", "--source", "S1",
                 "--graph", str(graph))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"graph: {graph}\n"
        "added: Order 2, Person 1, Status 2\n"
        "unchanged: Person 1\n"
        "replaced: none\n"
        "rejected: 0\n"
    )
    new = derived_person_id("S1", {"name": "Talira Huxent"})
    statuses = nodes(graph, "Status")
    assert statuses["S1:2026-01-15:P1"] == {
        "label": "Status", "id": "S1:2026-01-15:P1", "as_of": "2026-01-15",
        "as_of_start": "2026-01-15", "as_of_end": "2026-01-15", "status": "detained",
        "sources": ["S1"], "estado": "Trujillo",
    }  # fmt: skip
    assert statuses[f"S1:2026-01-15:{new}"]["status"] == "house_arrest"
    orders = nodes(graph, "Order")
    arrest = orders[f"S1:2026-01-15:{new}:arrest"]
    assert (arrest["kind"], arrest["date"], arrest["date_end"], arrest["status"]) == (
        "arrest", "2025-03", "2025-03-31", "verified")  # fmt: skip
    assert orders["S1:2026-01-15:P1:arrest"]["date"] == "2025-03-10"
    G = store.read_graph(graph)
    assert G.has_edge("Order:S1:2026-01-15:P1:arrest", "Facility:C1", "AT")
    assert not any(
        k == "ISSUED" for _, _, k in G.in_edges("Order:S1:2026-01-15:P1:arrest", keys=True)
    )
    assert nodes(graph, "Person")[new] == {
        "label": "Person", "id": new, "name": "Talira Huxent", "sources": ["S1"]}  # fmt: skip


def test_loading_the_same_roster_again_changes_nothing(tmp_path, graph):
    path = roster(tmp_path, "nombre,fecha_detencion\nTalira Huxent,2025-03-01\nOsk Dranix,\n")
    first = run(
        "load-list", str(path), "--as-of", "2026-01-15", "--source", "S1", "--graph", str(graph)
    )
    assert first.stdout.splitlines()[1] == "added: Order 1, Person 2, Status 2"
    before = graph.read_bytes()
    again = run(
        "load-list", str(path), "--as-of", "2026-01-15", "--source", "S1", "--graph", str(graph)
    )
    assert again.exit_code == 0
    assert again.stdout.splitlines()[1:3] == [
        "added: none",
        "unchanged: Order 1, Person 2, Status 2",
    ]
    assert graph.read_bytes() == before


@pytest.mark.parametrize(
    "written, person",
    [("V-12.345.678", "P1"), ("v12345678", "P1"), ("12345678", "P1"), ("12.345.678", "P1"),
     ("E-81.234.567", "P2"), ("e81234567", "P2")],
)  # fmt: skip
def test_a_row_is_matched_by_its_normalised_national_id(tmp_path, graph, written, person):
    path = roster(tmp_path, f"name,national_id\nSomeone Else,{written}\n")
    report = detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph)
    assert (report.added["Person"], report.unchanged["Person"]) == (0, 1)
    assert list(nodes(graph, "Status")) == [f"S1:2026-01-15:{person}"]
    assert nodes(graph, "Person")[person]["name"] != "Someone Else"  # a person found is left alone


def test_an_e_cedula_is_not_a_v_cedula(tmp_path, graph):
    path = roster(tmp_path, "name,national_id\nZorana Quintovar,E-12.345.678\n")
    report = detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph)
    assert report.added["Person"] == 1
    assert "S1:2026-01-15:P1" not in nodes(graph, "Status")


def test_an_id_column_names_the_person(tmp_path, graph):
    path = roster(tmp_path, "id,name,national_id\nP2,Velito Morreth,\nP9,Nuevo Plox,12345678\n")
    report = detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph)
    assert (report.added["Person"], report.unchanged["Person"]) == (1, 1)
    assert sorted(nodes(graph, "Status")) == ["S1:2026-01-15:P2", "S1:2026-01-15:P9"]


def test_new_persons_keep_their_id_from_one_list_of_a_source_to_the_next(tmp_path, graph):
    january = roster(
        tmp_path, "nombre,fecha_nacimiento\nTalira Huxent,1967\nOsk Dranix,\n", "a.csv"
    )
    february = roster(
        tmp_path, "nombre,fecha_nacimiento\nTALIRA  HUXENT,1967\nOsk Dranix,1990\n", "b.csv"
    )
    detnet.load_list(january, as_of="2026-01-15", source="S1", graph=graph)
    report = detnet.load_list(february, as_of="2026-02-15", source="S1", graph=graph)
    # The same name, folded, and the same birth date: the same person; a birth date
    # where there was none: another record, left to `detnet resolve`.
    assert (report.added["Person"], report.unchanged["Person"]) == (1, 1)
    talira = derived_person_id("S1", {"name": "Talira Huxent", "birth_date": "1967"})
    assert nodes(graph, "Person")[talira]["birth_date"] == "1967"
    assert {s["id"] for s in nodes(graph, "Status").values() if talira in s["id"]} == {
        f"S1:2026-01-15:{talira}", f"S1:2026-02-15:{talira}"}  # fmt: skip


def test_rows_that_break_the_contract_are_rejected_with_file_line_and_field(tmp_path, graph):
    detnet.load(write(tmp_path / "more", persons_csv="id,name,national_id\nP3,Brun Hux,V-12345678\n"),
                graph=graph, strict=True)  # fmt: skip
    path = roster(
        tmp_path,
        "name,national_id,status,facility_id,detention_date,sources\n"
        "Zorana Quintovar,12345678,,,,\n"  # two persons hold this cédula
        ",,,,,\n"
        "Talira Huxent,,rumoured,,,\n"
        "Osk Dranix,,,C9,,\n"
        "Fen Trevix,,,,31/02/2025,\n"
        "Lur Skelent,,,,2026-02,\n"
        "Pex Wobamir,,,,,S7\n"
        "Yav Zell,,,,,\n"
        "yav  zell,,,,,\n",
    )
    result = run(
        "load-list", str(path), "--as-of", "2026-01-15", "--source", "S1", "--graph", str(graph)
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rejected: {path}:2: national_id: matches 2 persons (P1, P3): give the row an id, "
        "or judge them the same with detnet resolve",
        f"rejected: {path}:3: name: required field is empty",
        f"rejected: {path}:4: status: unknown status 'rumoured' (expected one of dead, detained, "
        "exiled, house_arrest, released, whereabouts_unknown)",
        f"rejected: {path}:5: facility_id: unknown facility 'C9'",
        f"rejected: {path}:6: detention_date: no such date: '31/02/2025'",
        f"rejected: {path}:7: detention_date: after the list's day (2026-01-15): '2026-02'",
        f"rejected: {path}:8: sources: unknown source 'S7'",
        f"rejected: {path}:10: name: names the same person as {path}:9 "
        f"({derived_person_id('S1', {'name': 'Yav Zell'})})",
    ]
    assert result.stdout.splitlines()[1] == "added: Person 1, Status 1"
    rejects = [json.loads(line) for line in (tmp_path / "g.rejects.jsonl").read_text().splitlines()]
    assert [r["type"] for r in rejects] == ["roster"] * 8
    assert rejects[3] == {
        "type": "roster", "name": "Osk Dranix", "national_id": "", "status": "", "facility_id": "C9",
        "detention_date": "", "sources": "",
        "_rejected": {"file": str(path), "line": 5, "field": "facility_id",
                      "reason": "unknown facility 'C9'"},
    }  # fmt: skip


def test_the_rejects_file_loads_back_once_fixed(tmp_path, graph):
    path = roster(tmp_path, "name,facility_id\nOsk Dranix,C9\n")
    detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph)
    rejects = tmp_path / "g.rejects.jsonl"
    rejects.write_text(rejects.read_text().replace('"C9"', '"C1"'), encoding="utf-8")
    result = run(
        "load-list", str(rejects), "--as-of", "2026-01-15", "--source", "S1", "--graph", str(graph)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "added: Person 1, Status 1"


def test_a_json_lines_roster(tmp_path, graph):
    path = roster(
        tmp_path,
        '{"nombre": "Osk Dranix", "situacion": "excarcelado"}\n'
        '{"type": "person", "nombre": "Fen Trevix"}\n',
        "roster.jsonl",
    )
    report = detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph)
    assert [str(r) for r in report.rejections] == [
        f"{path}:2: type: expected roster (or no type), got 'person'"
    ]
    assert [s["status"] for s in nodes(graph, "Status").values()] == ["released"]


def test_the_default_status(tmp_path, graph):
    path = roster(tmp_path, "name,status\nOsk Dranix,\nFen Trevix,detenido\n")
    detnet.load_list(path, as_of="2026-01-15", source="S1", status="Excarcelado", graph=graph)
    assert sorted(s["status"] for s in nodes(graph, "Status").values()) == ["detained", "released"]


def test_no_second_arrest_where_the_person_has_one_on_that_day(tmp_path, graph):
    # P1 was arrested on 2024-01-10 (helpers.ORDERS): a list saying so adds no arrest;
    # a month or a year holding that day neither; another day does.
    for day, added in [("10/01/2024", 0), ("enero 2024", 0), ("2024", 0), ("2024-01-11", 1)]:
        path = roster(tmp_path, f"id,name,detention_date\nP1,Zorana Quintovar,{day}\n")
        report = detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph, replace=True)
        assert report.added["Order"] == added, day


@pytest.mark.parametrize(
    "options, message",
    [
        (["--as-of", "2026-02-30", "--source", "S1"], "--as-of: no such date: '2026-02-30'"),
        (["--as-of", "enero 2026", "--source", "S1"], "--as-of: expected a single day, not '2026-01'"),
        (["--as-of", "2026-01-15", "--source", "S1", "--status", "free"],
         "--status: expected one of dead, detained, exiled, house_arrest, released, "
         "whereabouts_unknown, not 'free'"),
        (["--as-of", "2026-01-15", "--source", "FP"],
         "--source: unknown source 'FP': load it first (sources.csv), or give --source-title "
         "to create it"),
        (["--as-of", "2026-01-15", "--source", "S1", "--source-title", "Another title"],
         "--source-title: the source 'S1' is in the graph with another title ('Synthetic source')"),
    ],
)  # fmt: skip
def test_bad_options_exit_2_and_change_nothing(tmp_path, graph, options, message):
    path = roster(tmp_path, "name\nOsk Dranix\n")
    before = graph.read_bytes()
    result = run("load-list", str(path), *options, "--graph", str(graph))
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert graph.read_bytes() == before


def test_source_title_creates_the_source(tmp_path, graph):
    path = roster(tmp_path, "name\nOsk Dranix\n")
    result = run("load-list", str(path), "--as-of", "2026-01-15", "--source", "FP",
                 "--source-title", "Synthetic monthly list", "--graph", str(graph))  # fmt: skip
    assert result.stdout.splitlines()[1] == "added: Person 1, Source 1, Status 1"
    assert nodes(graph, "Source")["FP"] == {
        "label": "Source",
        "id": "FP",
        "title": "Synthetic monthly list",
    }


def test_unreadable_input_exits_2(tmp_path, graph):
    result = run("load-list", str(tmp_path / "none.csv"), "--as-of", "2026-01-15", "--source", "S1",
                 "--graph", str(graph))  # fmt: skip
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {tmp_path / 'none.csv'}: no such file\n",
    )
    other = roster(tmp_path, "name\n", "roster.txt")
    result = run(
        "load-list", str(other), "--as-of", "2026-01-15", "--source", "S1", "--graph", str(graph)
    )
    assert result.stderr == f"Error: {other}: a roster is a .csv or .jsonl file\n"
    headless = roster(tmp_path, "nombre_completo\nOsk\n")
    result = run(
        "load-list", str(headless), "--as-of", "2026-01-15", "--source", "S1", "--graph", str(graph)
    )
    assert result.stderr == f"Error: {headless}:1: missing required column 'name' for roster\n"


def test_strict_writes_nothing(tmp_path, graph):
    path = roster(tmp_path, "name,facility_id\nOsk Dranix,\nFen Trevix,C9\n")
    before = graph.read_bytes()
    result = run("load-list", str(path), "--as-of", "2026-01-15", "--source", "S1", "--strict",
                 "--graph", str(graph))  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"rejected: {path}:3: facility_id: unknown facility 'C9'",
        f"Error: --strict: 1 row rejected, nothing loaded; rejected rows are in {tmp_path / 'g.rejects.jsonl'}",
    ]
    assert graph.read_bytes() == before


def test_every_row_rejected_exits_2(tmp_path, graph):
    path = roster(tmp_path, "name,facility_id\nFen Trevix,C9\n")
    result = run(
        "load-list", str(path), "--as-of", "2026-01-15", "--source", "S1", "--graph", str(graph)
    )
    assert result.exit_code == 2


def test_a_changed_status_is_a_conflict_unless_replace(tmp_path, graph):
    path = roster(tmp_path, "id,name,status\nP1,Zorana Quintovar,detained\n")
    detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph)
    path.write_text("id,name,status\nP1,Zorana Quintovar,released\n", encoding="utf-8")
    report = detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph)
    assert [str(r) for r in report.rejections] == [
        f"{path}:2: id: status S1:2026-01-15:P1: conflicts with the record already in the graph; "
        "give --replace to overwrite it"
    ]
    report = detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph, replace=True)
    assert report.replaced["Status"] == 1
    assert nodes(graph, "Status")["S1:2026-01-15:P1"]["status"] == "released"


def test_monthly_rosters_reveal_a_release_and_a_rearrest(tmp_path, graph):
    """The issue's "done when" in small: three monthly lists, no order recorded between
    them, give one re-arrest whose release and re-arrest were inferred."""
    for as_of, status in [("2026-01-15", "detenido"), ("2026-02-15", "excarcelado"),
                          ("2026-03-15", "detenido")]:  # fmt: skip
        path = roster(tmp_path, f"nombre,cedula,situacion\nOsk Dranix,V-9.876.543,{status}\n")
        detnet.load_list(path, as_of=as_of, source="S1", graph=graph, strict=True)
    person = derived_person_id("S1", {"name": "Osk Dranix", "national_id": "V-9.876.543"})
    rows = detnet.revolving_door(graph)
    assert [(r["person_id"], r["release_order_id"], r["release_date"], r["rearrest_order_id"],
             r["rearrest_date"], r["release_inferred"], r["rearrest_inferred"],
             r["days_free_min"], r["days_free_max"]) for r in rows] == [
        (person, f"~S1:2026-02-15:{person}", "2026-01-16/2026-02-15",
         f"~S1:2026-03-15:{person}", "2026-02-16/2026-03-15", True, True, 1, 58),
    ]  # fmt: skip
    assert detnet.revolving_door(graph, recorded_only=True) == []


def test_usage_errors_from_python(tmp_path, graph):
    with pytest.raises(UsageError, match="--source: unknown source 'FP'"):
        detnet.load_list(
            roster(tmp_path, "name\nX Y\n"), as_of="2026-01-15", source="FP", graph=graph
        )


def test_a_redacted_graph_holds_nothing_a_roster_named(tmp_path, graph):
    """Rosters add persons with ids made from their names, statuses with ids made from
    those, and the list's own columns: none of it may survive redaction."""
    from detnet.graph.redact import redact

    path = roster(
        tmp_path,
        "nombre,cedula,observaciones,fecha_detencion\n"
        "Talira Huxent,V-23.456.789,visited by Osk Dranix,2025-03-01\n",
    )
    detnet.load_list(path, as_of="2026-01-15", source="S1", graph=graph, strict=True)
    person = derived_person_id("S1", {"name": "Talira Huxent", "national_id": "V-23.456.789"})
    R = redact(store.read_graph(graph), key="a test key, not a secret")
    text = str(list(R.nodes(data=True)) + list(R.edges(keys=True, data=True)))
    for secret in ("Talira", "Huxent", "23456789", "23.456.789", person, "visited", "Osk"):
        assert secret not in text, secret
    statuses = [a for _, a in R.nodes(data=True) if a["label"] == "Status"]
    assert [(s["as_of"], s["status"]) for s in statuses] == [("2026-01-15", "detained")]
