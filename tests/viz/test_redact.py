"""Redaction as a graph -> graph function: what goes, what stays, what pseudonyms mean."""

from __future__ import annotations

import hashlib
import html
import os
import stat
from itertools import count

import networkx as nx
import pytest
from detnet.graph.errors import UsageError
from detnet.graph.redact import (
    KEY_ENV,
    REDACTED,
    key_file,
    key_map,
    pseudonyms,
    redact,
    redaction_key,
)
from detnet.graph.schema import IS_PERSON, PERSON
from detnet.queries.revolving import revolving_door

from detnet.page import script_json
from detnet.viz import render

from .conftest import REDACTED_PERSONS

KEY = "a test key that is long enough"


def everything(G: nx.MultiDiGraph) -> str:
    """Every key, attribute name and value of a graph, as one searchable text."""
    parts = [repr(G.graph)]
    parts += [f"{n!r} {a!r}" for n, a in G.nodes(data=True)]
    parts += [f"{u!r} {v!r} {k!r} {a!r}" for u, v, k, a in G.edges(keys=True, data=True)]
    return "\n".join(parts)


def identifying(rows=REDACTED_PERSONS) -> list[str]:
    """Each person's id, name, national id, birth date, aliases, notes and extra column."""
    values = []
    for id, name, national_id, birth_date, aliases, notes, phone in rows:
        values += [id, name, national_id, birth_date, notes, phone, *aliases.split(";")]
    return [v for v in values if v]


def test_no_identifying_value_survives(redaction_graph):
    text = everything(redact(redaction_graph, KEY))
    for value in identifying():
        assert value not in text
        assert value.casefold() not in text.casefold()
    # Names hidden elsewhere: in notes, charges, conditions, source titles and addresses,
    # order ids and case numbers.
    for value in ("Rosalba", "Quintero", "17.233.045", "O-ROSALBA-1", "KP01-P-2023-000123",
                  "rosalba-quintero-ledezma", "S-ROSALBA", "Eudito"):  # fmt: skip
        assert value.casefold() not in text.casefold()


def test_officials_and_facilities_stay_named(redaction_graph):
    R = redact(redaction_graph, KEY)
    names = {a["name"] for _, a in R.nodes(data=True) if a["label"] in ("Official", "Facility")}
    assert names == {
        "Governor Aristóbulo Pérez Yánez",
        "Judge Atilio Berroterán",
        "Centro Penitenciario de Uribana",
    }
    assert R.nodes["Official:F-GOVERNOR"]["position"] == "state governor"


def test_what_persons_keep(redaction_graph):
    G = redaction_graph
    G.nodes["Person:P-ROSALBA-QUINTERO"].update(occupation="teacher", sex="F")
    R = redact(G, KEY)
    new = key_map(G, KEY)["Person:P-ROSALBA-QUINTERO"]
    attrs = R.nodes[new]
    assert attrs["name"] == f"Person {attrs['id']}"
    assert attrs["occupation"] == "teacher" and attrs["sex"] == "F"
    assert set(attrs) == {"label", "id", "name", "occupation", "sex", "sources"}


def test_structure_is_kept_except_is_person(redaction_graph):
    G, R = redaction_graph, redact(redaction_graph, KEY)
    assert G.number_of_nodes() == R.number_of_nodes()
    is_person = sum(1 for *_, k in G.edges(keys=True) if k == IS_PERSON)
    assert is_person == 1
    assert R.number_of_edges() == G.number_of_edges() - is_person
    assert not any(k == IS_PERSON for *_, k in R.edges(keys=True))
    assert R.graph["redacted"] is True
    assert G.nodes["Person:P-ROSALBA-QUINTERO"]["name"] == "Rosalba Quintero Ledezma"  # untouched


def test_texts_are_scrubbed_not_dropped(redaction_graph):
    R = redact(redaction_graph, KEY)
    orders = {a["date"]: a for _, a in R.nodes(data=True) if a["label"] == "Order"}
    assert orders["2023-09-01"]["conditions"] == f"no contact with {REDACTED}. or {REDACTED}"
    assert orders["2024-06-01"]["charges"] == [f"insulting {REDACTED} (cédula {REDACTED})"]
    assert orders["2023-02-01"]["charges"] == ["instigation"]


def test_case_numbers_keep_their_grouping(redaction_graph):
    R = redact(redaction_graph, KEY)
    cases = {
        a["date"]: a.get("case_number") for _, a in R.nodes(data=True) if a["label"] == "Order"
    }
    assert cases["2023-02-01"] == cases["2023-09-01"] != cases["2024-06-01"]
    assert cases["2023-02-01"].startswith("Case ")
    assert cases["2024-06-03"] is None


def rearrest_shapes(rows, person_ids=None) -> list[tuple]:
    """What a re-arrest row says, with person ids optionally renamed."""
    person_ids = person_ids or {}
    shapes = [
        (
            person_ids.get(r["person_id"], r["person_id"]),
            r["days_free"],
            r["same_official"],
            r["official_id"],
        )
        for r in rows
    ]
    return sorted(shapes, key=str)


@pytest.mark.parametrize("sample", ["redaction_graph", "synthetic_graph"])
def test_the_revolving_door_reads_the_same_redacted(sample, request):
    G = request.getfixturevalue(sample)
    renamed = {
        old.split(":", 1)[1]: new.split(":", 1)[1]
        for old, new in key_map(G, KEY).items()
        if old.startswith("Person:")
    }
    expected = rearrest_shapes(revolving_door(G), renamed)
    assert expected
    assert rearrest_shapes(revolving_door(redact(G, KEY))) == expected


def test_pseudonyms_are_stable_for_a_key_and_change_with_it(redaction_graph):
    G = redaction_graph
    first = key_map(G, KEY)
    assert key_map(G, KEY) == first
    assert key_map(G, KEY + "!")["Person:P-ROSALBA-QUINTERO"] != first["Person:P-ROSALBA-QUINTERO"]
    # A corrected name does not change a pseudonym: it is keyed on the id, not the name.
    G.nodes["Person:P-ROSALBA-QUINTERO"]["name"] = "Rosalba Quintero L."
    assert key_map(G, KEY) == first


def test_a_pseudonym_is_not_an_unkeyed_hash_of_the_id(redaction_graph):
    """Anyone can hash a list of ids or cédulas; without the key it leads nowhere."""
    new = key_map(redaction_graph, KEY)["Person:P-ROSALBA-QUINTERO"].split(":")[1]
    for text in ("P-ROSALBA-QUINTERO", "Person:P-ROSALBA-QUINTERO", "V-14822913"):
        for algorithm in ("sha256", "sha1", "md5"):
            assert not hashlib.new(algorithm, text.encode()).hexdigest().startswith(new)


def test_colliding_pseudonyms_get_longer():
    key = b"collisions are rare, so search"
    seen: dict[str, str] = {}
    for i in count():
        id = f"P{i}"
        short = pseudonyms(PERSON, [id], key)[id]
        if short in seen:
            pair = [seen[short], id]
            break
        seen[short] = id
    both = pseudonyms(PERSON, [*pair, "P-OTHER"], key)
    assert len(both[pair[0]]) == len(both[pair[1]]) == 16
    assert both[pair[0]] != both[pair[1]]
    assert both[pair[0]][:8] == both[pair[1]][:8]
    assert len(both["P-OTHER"]) == 8


def test_key_from_the_environment(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "x" * 20)
    assert redaction_key() == b"x" * 20
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(UsageError, match="at least 16"):
        redaction_key()


def test_key_file_is_created_once_and_private():
    assert not key_file().exists()
    key = redaction_key()
    assert key_file().exists() and redaction_key() == key and len(key) == 64
    assert stat.S_IMODE(os.stat(key_file()).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(key_file().parent).st_mode) == 0o700


def test_a_damaged_key_file_is_an_error():
    key_file().parent.mkdir(parents=True)
    key_file().write_text("abc")
    with pytest.raises(UsageError, match="too short"):
        redaction_key()


def test_an_official_who_is_a_person_keeps_the_name_but_not_the_link(redaction_graph):
    G = redaction_graph
    assert G.has_edge("Official:F-OJEDA", "Person:P-NAZARET-OJEDA", IS_PERSON)
    R = redact(G, KEY)
    person = key_map(G, KEY)["Person:P-NAZARET-OJEDA"]
    assert R.nodes["Official:F-OJEDA"]["name"] == "Judge Atilio Berroterán"
    assert {R.nodes[v]["label"] for v in R.successors("Official:F-OJEDA")} == {"Order"}
    assert list(R.predecessors(person)) == []


# The page: no redacted value anywhere in the file, in any spelling the file could use.


def spellings(value: str) -> set[str]:
    """A value as it could appear in the page: raw, JSON-escaped, HTML-escaped."""
    return {value, script_json(value)[1:-1], html.escape(value)}


def assert_absent(page: str, values) -> None:
    folded = page.casefold()
    for value in values:
        for spelling in spellings(value):
            assert spelling.casefold() not in folded, value


def test_redacted_page_names_nobody(redaction_graph, tmp_path, monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", KEY)
    out = tmp_path / "redacted.html"
    for view in (
        {"person": "P-ROSALBA-QUINTERO", "hops": 2},
        {"revolving_door": True},
        {"since": "2020-01-01"},
    ):
        page = render(redaction_graph, redact=True, out=out, **view)
        assert page.nodes > 0
        text = out.read_text(encoding="utf-8")
        assert_absent(text, identifying())
        assert_absent(text, ["Quintero", "Eudito", "KP01-P-2023-000123", "17.233.045"])
        assert "Governor Aristóbulo Pérez Yánez" in text
        assert "Centro Penitenciario de Uribana" in text


def test_redacted_sample_page_names_nobody(synthetic_graph, tmp_path, monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", KEY)
    G = synthetic_graph
    page = render(G, revolving_door=True, redact=True, out=tmp_path / "door.html")
    text = page.path.read_text(encoding="utf-8")
    persons = [a for _, a in G.nodes(data=True) if a["label"] == "Person"]
    values = [a[f] for a in persons for f in ("name", "national_id", "birth_date") if a.get(f)]
    values += [a["id"] for a in persons]
    assert len(values) > 500
    assert_absent(text, values)
    officials = {r["official_name"] for r in revolving_door(G) if r["official_name"]}
    assert officials and all(name in text for name in officials)
    assert "Persons are pseudonyms" in text
