"""Reading: inputs, encodings, header spellings, list fields, extra columns."""

from __future__ import annotations

import networkx as nx
import pytest
from detnet.graph import store
from detnet.graph.errors import InputError
from detnet.graph.store import new_graph

import detnet

from .helpers import basic, write


def load_into_memory(*paths, **kw) -> tuple[nx.MultiDiGraph, detnet.loaders.load.LoadReport]:
    G = new_graph()
    report = detnet.load(*paths, graph=G, **kw)
    return G, report


def test_directory_loads_every_kind(tmp_path):
    folder = basic(tmp_path / "r", family_csv="person_id,relative_id,relation\nP1,P2,sibling\n")
    G, report = load_into_memory(folder)
    assert report.exit_code == 0
    assert dict(report.added) == {
        "Source": 1, "Person": 2, "Official": 1, "Facility": 1, "Order": 2, "FAMILY": 1
    }  # fmt: skip
    assert G.edges["Person:P1", "Person:P2", "FAMILY"]["relation"] == "sibling"
    assert set(G.successors("Order:O1")) == {"Person:P1", "Facility:C1"}
    assert list(G.predecessors("Order:O1")) == ["Official:F1"]


def test_other_files_in_a_directory_are_reported_and_ignored(tmp_path):
    folder = basic(tmp_path / "r", notes_txt="hello", extra_csv="a,b\n1,2\n")
    _, report = load_into_memory(folder)
    assert sorted(report.ignored) == [str(folder / "extra.csv"), str(folder / "notes.txt")]
    assert report.exit_code == 0


def test_lone_csv_kind_comes_from_its_name(tmp_path):
    basic(tmp_path / "r")
    write(
        tmp_path / "r",
        **{"2026-01-orders_csv": "id,kind,date,person_id\nO9,arrest,2026-01-12,P2\n"},
    )
    G, _ = load_into_memory(tmp_path / "r")  # the directory holds persons for the reference
    assert "Order:O9" not in G  # a dated name is not loaded from a directory...
    G, report = load_into_memory(tmp_path / "r", tmp_path / "r" / "2026-01-orders.csv")
    assert G.nodes["Order:O9"]["kind"] == "arrest"  # ...but is as a lone file


def test_lone_csv_naming_no_kind_is_an_error(tmp_path):
    path = write(tmp_path, people_csv="id,name\nP1,X\n") / "people.csv"
    with pytest.raises(InputError, match=r"people.csv: the file name names no kind of record"):
        load_into_memory(path)


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"nope: no such file or directory"):
        load_into_memory(tmp_path / "nope")


def test_jsonl_rows_carry_their_type_and_lists_may_be_arrays_or_strings(tmp_path):
    basic(tmp_path / "r")
    write(
        tmp_path / "r",
        more_jsonl=(
            '{"type": "person", "id": "P3", "name": "Brunaxo Trev", "aliases": ["B", "BT"]}\n'
            "\n"
            '{"type": "persona", "id": "P4", "nombre": "Osk Hux", "alias": "O; OH"}\n'
        ),
    )
    G, report = load_into_memory(tmp_path / "r")
    assert report.exit_code == 0
    assert G.nodes["Person:P3"]["aliases"] == ["B", "BT"]
    assert G.nodes["Person:P4"]["aliases"] == ["O", "OH"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_or_without_bom(tmp_path, bom):
    content = bom + "id,name\nP1,Zoraida Peña Ávila\n".encode()
    G, _ = load_into_memory(write(tmp_path, persons_csv=content))
    assert G.nodes["Person:P1"]["name"] == "Zoraida Peña Ávila"
    assert "id" in G.nodes["Person:P1"]  # the BOM did not stick to the first column


def test_windows_1252_is_decoded_never_mangled(tmp_path):
    content = "id,nombre,notas\nP1,Ñandú Ríos,“comillas” – €\n".encode("cp1252")
    G, _ = load_into_memory(write(tmp_path, persons_csv=content))
    assert G.nodes["Person:P1"]["name"] == "Ñandú Ríos"
    assert G.nodes["Person:P1"]["notes"] == "“comillas” – €"


def test_latin1_bytes_cp1252_leaves_undefined_still_decode(tmp_path):
    content = b"id,name\nP1,Jos\xe9 \x81\n"  # 0x81 is undefined in cp1252
    G, _ = load_into_memory(write(tmp_path, persons_csv=content))
    assert G.nodes["Person:P1"]["name"] == "José \x81"


def test_spanish_and_oddly_spelled_headers(tmp_path):
    write(
        tmp_path,
        persons_csv=" ID ,NOMBRE,Cédula,Fecha Nacimiento,Ocupación,Afiliación\nP1,A B,V-1,05/06/1970,x,y\n",
    )
    G, _ = load_into_memory(tmp_path)
    p = G.nodes["Person:P1"]
    assert (p["name"], p["national_id"], p["birth_date"]) == ("A B", "V-1", "1970-06-05")
    assert (p["occupation"], p["affiliation"]) == ("x", "y")


def test_spanish_values_for_kind_and_status_accents_optional(tmp_path):
    orders = (
        "id,tipo,fecha,persona_id,estatus\n"
        "O1,Detención,2024-01-01,P1,Verificado\n"
        "O2,excarcelacion,2024-02-01,P1,anunciado\n"
        "O3,LIBERACIÓN,2024-03-01,P1,disputado\n"
        "O4,traslado,2024-03-02,P1,\n"
        "O5,sentencia,2024-03-03,P1,\n"
    )
    G, report = load_into_memory(basic(tmp_path, orders_csv=orders))
    got = {o: (G.nodes[f"Order:{o}"]["kind"], G.nodes[f"Order:{o}"]["status"]) for o in ["O1", "O2", "O3", "O4", "O5"]}  # fmt: skip
    assert got == {
        "O1": ("arrest", "verified"),
        "O2": ("release", "claimed"),
        "O3": ("release", "disputed"),
        "O4": ("transfer", "verified"),
        "O5": ("sentence", "verified"),
    }


def test_both_date_formats_and_time_of_day(tmp_path):
    orders = (
        "id,kind,date,person_id\n"
        "O1,arrest,2024-01-05,P1\n"
        "O2,release,05/02/2024,P1\n"
        "O3,arrest,2024-03-01T14:30,P1\n"
        "O4,release,2024-03-01T18:45:10,P1\n"
        "O5,arrest,5/4/2024,P1\n"
    )
    G, _ = load_into_memory(basic(tmp_path, orders_csv=orders))
    dates = [G.nodes[f"Order:O{i}"]["date"] for i in range(1, 6)]
    assert dates == [
        "2024-01-05", "2024-02-05", "2024-03-01T14:30:00", "2024-03-01T18:45:10", "2024-04-05"
    ]  # fmt: skip


def test_list_fields_and_extra_columns_are_kept(tmp_path):
    orders = (
        "id,kind,date,person_id,charges,Equipo Documentador,label\n"
        "O1,arrest,2024-01-05,P1, conspiracy ; treason ;,Norte,x\n"
    )
    G, _ = load_into_memory(basic(tmp_path, orders_csv=orders))
    order = G.nodes["Order:O1"]
    assert order["charges"] == ["conspiracy", "treason"]
    assert order["equipo_documentador"] == "Norte"
    assert order["label"] == "Order" and order["label_"] == "x"  # no column overrides the label


def test_embedded_newlines_quotes_and_long_fields(tmp_path):
    long_note = "n" * 300_000  # beyond the csv module's default field limit
    persons = f'id,name,notes\nP1,"Quint, ""Zora""\nsecond line",{long_note}\nP2,B,\n'
    G, report = load_into_memory(write(tmp_path, persons_csv=persons))
    assert report.exit_code == 0
    assert G.nodes["Person:P1"]["name"] == 'Quint, "Zora"\nsecond line'
    assert len(G.nodes["Person:P1"]["notes"]) == 300_000


def test_line_numbers_count_physical_lines(tmp_path):
    persons = 'id,name\nP1,"two\nlines"\nP2,\n'
    _, report = load_into_memory(write(tmp_path, persons_csv=persons))
    assert [str(r) for r in report.rejections] == [
        f"{tmp_path / 'persons.csv'}:4: name: required field is empty"
    ]


def test_duplicate_header_spellings_are_an_error(tmp_path):
    write(tmp_path, persons_csv="id,name,nombre\nP1,A,B\n")
    with pytest.raises(InputError, match=r"columns 'name' and 'nombre' both give 'name'"):
        load_into_memory(tmp_path)


def test_missing_required_column_is_an_error(tmp_path):
    write(tmp_path, orders_csv="id,kind,person_id\nO1,arrest,P1\n")
    with pytest.raises(
        InputError, match=r"orders.csv:1: missing required column 'date' for orders"
    ):
        load_into_memory(tmp_path)


def test_a_file_mixing_utf8_and_windows_1252_lines_keeps_every_accent(tmp_path):
    # Two exports pasted together: one line saved as UTF-8, the next as Windows-1252.
    content = b"id,name\n" + "P1,Peña Ñáñez\n".encode() + "P2,Peña Ñáñez\n".encode("cp1252")
    G, _ = load_into_memory(write(tmp_path, persons_csv=content))
    assert G.nodes["Person:P1"]["name"] == G.nodes["Person:P2"]["name"] == "Peña Ñáñez"


def test_old_mac_line_endings_in_a_windows_1252_file(tmp_path):
    content = "id,name\rP1,José\rP2,Zoë\r".encode("cp1252")
    G, report = load_into_memory(write(tmp_path, persons_csv=content))
    assert report.exit_code == 0
    assert [G.nodes[f"Person:{p}"]["name"] for p in ("P1", "P2")] == ["José", "Zoë"]


def test_integers_beyond_64_bits_are_kept_as_their_digits(tmp_path):
    """Identifiers are text: two ids that differ in their last digit stay two records."""
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "people.jsonl").write_text(
        '{"type": "person", "id": 123456789012345678901234567890, "name": "A",'
        ' "national_id": 12345678901234567890123, "count": 12345678901234567890123}\n'
        '{"type": "person", "id": 123456789012345678901234567891, "name": "B", "count": 7}\n'
    )
    G = store.new_graph()
    report = detnet.load(folder, graph=G)
    assert report.added == {"Person": 2} and report.rejections == []
    person = G.nodes["Person:123456789012345678901234567890"]
    assert person["national_id"] == "12345678901234567890123"
    assert person["count"] == "12345678901234567890123"  # too big for a number anywhere
    assert G.nodes["Person:123456789012345678901234567891"]["count"] == 7
    store.write_graph(G, tmp_path / "g.json")  # and it can be written


def test_records_with_no_sources_get_a_list_each():
    """An empty REFS field becomes an empty list of the record's own: the graph's nodes
    must not share one list, which an edit of one would change for all."""
    from detnet.loaders.contract import BY_NAME
    from detnet.loaders.read import RawRow
    from detnet.loaders.validate import validate

    rows = [RawRow("persons.csv", n, BY_NAME["persons"], {"id": f"P{n}", "name": "Zorana Quintovar"}, {})
            for n in (2, 3)]  # fmt: skip
    first, second = (validate(row).values["sources"] for row in rows)
    assert first == second == [] and first is not second
