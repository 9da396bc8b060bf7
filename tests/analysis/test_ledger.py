"""The facts file (queries/ledger.py): the same rows as the graph, never stale, never kept
after a write, never an error when it cannot be kept."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from detnet.graph.errors import UsageError
from detnet.graph.store import facts_path, read_graph, write_graph
from detnet.queries import ledger, revolving, twins
from detnet.queries.claims import claims_of
from detnet.queries.ledger import Ledger, open_ledger
from detnet.queries.registry import QUERIES

import detnet
from detnet.cli import cli


def header(path) -> dict:
    """The JSON header of the facts file of the graph at `path`."""
    return json.loads(facts_path(path).read_bytes().partition(b"\n")[0])


def rewrite(path, change) -> dict:
    """Change the facts file's header in place (`change(header)`), its codes kept."""
    head, _, body = facts_path(path).read_bytes().partition(b"\n")
    data = json.loads(head)
    change(data)
    facts_path(path).write_bytes(json.dumps(data).encode() + b"\n" + body)
    return data


FACTS_QUERIES = sorted((q for q in QUERIES.values() if q.facts), key=lambda q: q.name)
FILTERS = [
    {},
    {"max_days": 30},
    {"include_claimed": True},
    {"exact_dates": True},
    {"recorded_only": True},
    {"as_known_on": "2025-06"},
    {"since": "2020", "until": "2025-03"},
    {"official": "F0005"},
    {"institution": "I-MININT"},  # and every body part of it
]


def judged(G):
    """The graph with records judged the same: persons, officials, bodies, facilities."""
    G = G.copy()
    pairs = {
        "Person": sorted(k for k, a in G.nodes(data=True) if a["label"] == "Person")[:6],
        "Facility": ["Facility:C001", "Facility:C002"],
        "Official": ["Official:F0005", "Official:F0006"],
        "Institution": ["Institution:I-POLICE", "Institution:I-DCI"],
    }
    for keys in pairs.values():
        for u, v in zip(keys[::2], keys[1::2], strict=True):
            G.add_edge(u, v, key="JUDGED", judgement="same")
    return G


SAMPLES = ["synthetic", "lists", "judged"]


@pytest.fixture(scope="module", params=SAMPLES)
def graph_file(request, tmp_path_factory):
    """A graph file and the graph it holds."""
    name = request.param
    G = judged(detnet.load_sample("synthetic")) if name == "judged" else detnet.load_sample(name)
    path = write_graph(G, tmp_path_factory.mktemp(name) / "graph.json")
    return path, read_graph(path)


REVOLVING_FAMILY = [
    "facilities_by_rearrests",
    "rearrest_conditions_by_institution",
    "rearrest_conditions_by_official",
    "rearrests_by_institution",
    "rearrests_by_official",
    "revolving_door",
    "same_official_rearrests",
]
# The order walks with parameters of their own: each with the filter mixes it takes.
CUSTODY_FILTERS = {
    "timeline": [
        {},
        {"period": "year"},
        {"period": "week", "late_days": 5},
        {"official": "F0005"},
        {"facility": "C001"},
        {"as_known_on": "2025-06"},
        {"recorded_only": True},
    ],
    "detained_on": [
        {"day": "2024-06-30"},
        {"day": "2023"},
        {"day": "2024-06-30", "facility": "C001"},
        {"day": "2025-12-31", "as_known_on": "2025-06"},
    ],
    "custody_gaps": [{}, {"min_days": 30}],
    "reconcile": [{}, {"as_known_on": "2024-06-30"}],
}
CUSTODY_FILTERS["detained_on_by_facility"] = CUSTODY_FILTERS["detained_on"]


def test_the_facts_queries_are_the_revolving_door_family_and_the_custody_walks():
    assert [q.name for q in FACTS_QUERIES] == sorted([*REVOLVING_FAMILY, *CUSTODY_FILTERS])


@pytest.mark.parametrize(
    "graph_file, filters",
    [
        pytest.param(sample, filters, id=f"{sample}-{json.dumps(filters)}")
        for sample in SAMPLES
        for filters in FILTERS
        if sample != "lists" or "institution" not in filters  # it has no institutions
    ],
    indirect=["graph_file"],
)
def test_rows_from_the_facts_file_are_the_rows_from_the_graph(graph_file, filters, monkeypatch):
    path, G = graph_file
    if "official" in filters and "Official:F0005" not in G:
        filters = {"official": sorted(k for k in G if k.startswith("Official:"))[0][9:]}
    open_ledger(path)  # kept now: from here on the graph itself is never opened
    monkeypatch.setattr(ledger, "read_graph", None)
    for name in REVOLVING_FAMILY:
        query = QUERIES[name]
        assert query(path, **filters) == query(G, **filters), query.name


@pytest.mark.parametrize("graph_file", SAMPLES, indirect=True)
def test_the_custody_walks_from_the_facts_file_are_the_graph_s(graph_file, monkeypatch):
    path, G = graph_file
    first = {label: sorted(k for k in G if k.startswith(f"{label}:"))[0].partition(":")[2]
             for label in ("Official", "Facility")}  # fmt: skip
    open_ledger(path)
    monkeypatch.setattr(ledger, "read_graph", None)
    for name, mixes in CUSTODY_FILTERS.items():
        query, found = QUERIES[name], 0
        for filters in mixes:
            if filters.get("official") and f"Official:{filters['official']}" not in G:
                filters = {**filters, "official": first["Official"]}
            if filters.get("facility") and f"Facility:{filters['facility']}" not in G:
                filters = {**filters, "facility": first["Facility"]}
            rows = query(path, **filters)
            assert rows == query(G, **filters), (name, filters)
            found += len(rows)
        assert found > 0 or (name == "reconcile" and not claims_of(G)), name  # not only []


def test_a_ledger_opened_once_serves_several_queries(tmp_path, monkeypatch):
    path = write_graph(detnet.load_sample("lists"), tmp_path / "graph.json")
    kept = open_ledger(path)
    monkeypatch.setattr(twins, "open_ledger", None)  # given, never opened again
    day = {"day": "2025-01-31"}
    assert QUERIES["detained_on"](kept, **day) == QUERIES["detained_on"](read_graph(path), **day)
    assert len(QUERIES["detained_on_by_facility"](kept, **day)) > 0


def test_some_rows_are_found(graph_file):
    path, G = graph_file
    assert len(QUERIES["revolving_door"](path)) > 0


def test_the_facts_file_is_kept_beside_the_graph_owner_only(tmp_path):
    path = write_graph(detnet.load_sample("lists"), tmp_path / "g.json")
    assert not facts_path(path).exists()
    open_ledger(path)
    assert oct(facts_path(path).stat().st_mode & 0o777) == "0o600"
    assert header(path)["format"] == "detnet-facts"


def test_a_write_removes_the_old_graphs_facts(tmp_path):
    G = detnet.load_sample("synthetic")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    G = G.copy()
    person = next(k for k, a in G.nodes(data=True) if a["label"] == "Person")
    G.remove_node(person)
    write_graph(G, path)
    assert not facts_path(path).exists()  # nothing of the removed person stays beside it


def test_stale_facts_are_never_read(tmp_path):
    """Facts kept for another file, or by other rules, are built again from the graph."""
    G = detnet.load_sample("synthetic")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    stale = facts_path(path).read_bytes()
    smaller = G.copy()
    smaller.remove_nodes_from([k for k, a in G.nodes(data=True) if a["label"] == "Order"][::2])
    write_graph(smaller, path)
    facts_path(path).write_bytes(stale)  # put back by hand: its stamp names the old file
    assert open_ledger(path).facts.recorded == Ledger.of(smaller).facts.recorded
    other = tmp_path / "copy.json"  # a graph file and its facts copied elsewhere
    shutil.copy(path, other)
    shutil.copy(facts_path(path), facts_path(other))
    facts_path(path).write_bytes(stale)
    assert open_ledger(other).facts.recorded == Ledger.of(smaller).facts.recorded


def test_facts_kept_by_other_rules_are_built_again(tmp_path, monkeypatch):
    path = write_graph(detnet.load_sample("synthetic"), tmp_path / "g.json")
    open_ledger(path)
    monkeypatch.setattr(ledger, "RULES", "other rules")
    calls = []
    monkeypatch.setattr(ledger, "read_graph", lambda p: calls.append(p) or read_graph(p))
    open_ledger(path)
    assert calls == [path]


@pytest.mark.parametrize(
    "damage", [b"", b"{", b"[]", b'{"format": "detnet-facts"}', b"\x00" * 10], ids=repr
)
def test_a_damaged_facts_file_is_built_again(tmp_path, damage):
    G = detnet.load_sample("lists")
    path = write_graph(G, tmp_path / "g.json")
    facts_path(path).write_bytes(damage)
    assert open_ledger(path).facts.recorded == Ledger.of(G).facts.recorded
    assert header(path)["format"] == "detnet-facts"


@pytest.mark.parametrize(
    "column, value",
    [("kind", "escape"), ("person_id", 7), ("inferred", "no"), ("conditions", [{}])],
)
def test_facts_of_another_shape_are_built_again_even_when_stamped(tmp_path, column, value):
    """A facts file with this graph's stamp but values no write gives is never used."""
    G = detnet.load_sample("lists")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    data = rewrite(path, lambda data: data["tables"][column].__setitem__(0, value))
    assert QUERIES["revolving_door"](path) == QUERIES["revolving_door"](G)
    assert header(path)["tables"] != data["tables"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda body: body[:-4],  # a code short
        lambda body: body + b"\x00" * 4,  # a code more
        lambda body: b"\xff" * 4 + body[4:],  # a code that names no value (-1)
        lambda body: b"\xff\xff\xff\x7f" + body[4:],  # nor this one (past the table)
    ],
    ids=["short", "long", "negative", "past"],
)
def test_codes_that_name_no_value_are_built_again_even_when_stamped(tmp_path, damage):
    G = detnet.load_sample("lists")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    head, _, body = facts_path(path).read_bytes().partition(b"\n")
    facts_path(path).write_bytes(head + b"\n" + damage(body))
    assert open_ledger(path).facts.recorded == Ledger.of(G).facts.recorded
    assert facts_path(path).read_bytes().partition(b"\n")[2] == body


def test_an_unknown_list_status_is_built_again_even_when_stamped(tmp_path):
    G = detnet.load_sample("lists")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    statuses = header(path)["tables"]["status"]
    rewrite(
        path,
        lambda data: (
            statuses.__setitem__(statuses.index("detained"), "vanished")
            or data.__setitem__("tables", {**data["tables"], "status": statuses})
        ),
    )
    assert open_ledger(path).facts.recorded == Ledger.of(G).facts.recorded
    assert "vanished" not in header(path)["tables"]["status"]


@pytest.mark.parametrize(
    "persons",
    [[["P1", 1]], [["P1", "1"]], [["P1", 0], ["P2", 10**6]]],
    ids=["too-few", "text", "zero"],
)
def test_persons_that_do_not_add_up_are_built_again(tmp_path, persons):
    G = detnet.load_sample("synthetic")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    rewrite(path, lambda data: data.__setitem__("persons", persons))
    assert open_ledger(path).facts.recorded == Ledger.of(G).facts.recorded
    assert header(path)["persons"] != persons


def test_a_facts_file_of_the_first_version_is_built_again(tmp_path):
    """Version 1 kept every value in JSON columns: never read as version 2."""
    G = detnet.load_sample("synthetic")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    rewrite(path, lambda data: data.__setitem__("version", 1))
    assert open_ledger(path).facts.recorded == Ledger.of(G).facts.recorded
    assert header(path)["version"] == ledger.VERSION


def test_the_revolving_door_walks_only_the_persons_who_could_have_a_rearrest(tmp_path):
    """From a facts file, a person with no release-then-arrest pair of facts is not
    walked (their rows are equal: test_rows_from_the_facts_file_are_the_rows_from_the_graph)."""
    G = detnet.load_sample("lists")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    everyone = open_ledger(path).facts.recorded
    walked, found = revolving.find_rearrests(open_ledger(path))
    assert found and len(walked.recorded) < len(everyone)
    assert {r.rearrest.person_id for r in found} <= walked.recorded.keys()


@pytest.mark.parametrize(
    "change",
    [{"count_min": "many"}, {"label": "Person"}, {"id": 7}, {"kind": "rumoured"}],
    ids=["count", "label", "id", "kind"],
)
def test_claims_of_another_shape_are_built_again_even_when_stamped(tmp_path, change):
    """The claims a facts file holds are held to the schema as a graph file's nodes are."""
    G = detnet.load_sample("seed-article")
    path = write_graph(G, tmp_path / "g.json")
    open_ledger(path)
    data = rewrite(path, lambda data: data["claims"][sorted(data["claims"])[0]].update(change))
    assert QUERIES["reconcile"](path) == QUERIES["reconcile"](G)
    assert header(path)["claims"] != data["claims"]


def test_facts_that_cannot_be_kept_are_read_from_the_graph(tmp_path):
    G = detnet.load_sample("lists")
    path = write_graph(G, tmp_path / "g.json")
    facts_path(path).mkdir()  # in the way: neither readable nor writable as a file
    rows = QUERIES["revolving_door"](path)
    assert rows == QUERIES["revolving_door"](G) and facts_path(path).is_dir()


def test_an_unknown_id_is_refused_from_the_facts_file(tmp_path):
    path = write_graph(detnet.load_sample("synthetic"), tmp_path / "g.json")
    open_ledger(path)
    with pytest.raises(UsageError, match="^unknown official 'F9'$"):
        QUERIES["revolving_door"](path, official="F9")


def test_redact_never_reads_the_facts_file(tmp_path):
    G = detnet.load_sample("synthetic")
    path = write_graph(G, tmp_path / "g.json")
    args = ["revolving-door", "--graph", str(path), "--format", "json"]
    plain = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert facts_path(path).exists() and plain.exit_code == 0
    redacted = CliRunner().invoke(cli, [*args, "--redact"], catch_exceptions=False)
    names = {a["name"] for _, a in G.nodes(data=True) if a["label"] == "Person"}
    assert json.loads(plain.output) and not any(n in redacted.output for n in names)
    assert any(n in plain.output for n in names)
