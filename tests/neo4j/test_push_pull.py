"""Push and pull against a real Neo4j: every value round-trips, pushing twice changes
nothing, a replaced record is mirrored, and input text never becomes Cypher."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner
from detnet.graph import neo4j, store
from detnet.graph.errors import Neo4jStoreError, UsageError
from detnet.graph.schema import LABELS
from detnet.queries import registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j.time import Date, DateTime

import detnet
from detnet.cli import cli

from .helpers import graph_as_sets, snapshot

pytestmark = pytest.mark.neo4j

MESSY = "tests/data/messy"
EVIL = "Robert'); MATCH (n) DETACH DELETE n //"


def messy_graph() -> nx.MultiDiGraph:
    G = store.new_graph()
    detnet.load(MESSY, graph=G)
    return G


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_push_then_fetch_gives_back_the_same_graph(neo4j_db, synthetic_graph):
    report = neo4j.push(synthetic_graph, connection=neo4j_db)
    assert report.created_nodes == synthetic_graph.number_of_nodes()
    assert report.created_relationships == synthetic_graph.number_of_edges()
    pulled, pull_report = neo4j.fetch(connection=neo4j_db)
    assert graph_as_sets(pulled) == graph_as_sets(synthetic_graph)
    assert pull_report.skipped_nodes == pull_report.skipped_relationships == 0


def test_extra_columns_lists_floats_and_times_round_trip(neo4j_db):
    G = messy_graph()
    person = G.nodes["Person:MP1"]
    assert person["observador"] == "equipo norte" and person["aliases"] == ["Zora", "La Peña"]
    neo4j.push(G, connection=neo4j_db)
    assert graph_as_sets(neo4j.fetch(connection=neo4j_db)[0]) == graph_as_sets(G)


def test_dates_become_neo4j_dates_and_times_local_datetimes(neo4j_db):
    G = messy_graph()
    neo4j.push(G, connection=neo4j_db)
    dates = {
        r["id"]: r["date"]
        for r in neo4j_db.read("MATCH (o:Order) RETURN o.id AS id, o.date AS date")
    }
    assert dates["MO1"] == Date(2024, 1, 12)
    # A time of day without a zone: a localdatetime, not a datetime with an invented zone.
    assert dates["MO10"] == DateTime(2024, 2, 1, 8, 30)
    assert dates["MO10"].tzinfo is None
    types = neo4j_db.read(
        "MATCH (o:Order {id: 'MO10'}), (p:Person {id: 'MP1'}) "
        "RETURN valueType(o.date) AS order_date, valueType(p.birth_date) AS birth_date"
    )[0]
    assert (types["order_date"], types["birth_date"]) == (
        "LOCAL DATETIME NOT NULL",
        "DATE NOT NULL",
    )


def test_constraints_come_from_the_schema(neo4j_db, seed_graph):
    neo4j.push(seed_graph, connection=neo4j_db)
    found = neo4j_db.read(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "WHERE name STARTS WITH 'detnet_' RETURN name, type, labelsOrTypes, properties"
    )
    assert {(r["labelsOrTypes"][0], tuple(r["properties"]), r["type"]) for r in found} == {
        (label, ("id",), "UNIQUENESS") for label in LABELS
    }


def test_pushing_twice_changes_nothing(neo4j_db, synthetic_graph):
    neo4j.push(synthetic_graph, connection=neo4j_db)
    before = snapshot(neo4j_db)
    again = neo4j.push(synthetic_graph, connection=neo4j_db, batch_size=97)
    changed = (again.created_nodes, again.created_relationships, again.deleted_relationships)
    assert changed == (0, 0, 0)
    assert snapshot(neo4j_db) == before  # same element ids: nothing deleted and re-made


def test_small_batches_push_the_same_graph(neo4j_db, synthetic_graph):
    report = neo4j.push(synthetic_graph, connection=neo4j_db, batch_size=50)
    assert report.batches > 60
    assert graph_as_sets(neo4j.fetch(connection=neo4j_db)[0]) == graph_as_sets(synthetic_graph)


def statements(steps) -> dict[str, str]:
    """The verb of each write step: CREATE or MERGE (the stale checks left out)."""
    return {
        step.what: "MERGE" if "MERGE" in step.statement else "CREATE"
        for step in steps
        if "DELETE" not in step.statement
    }


def test_create_only_where_neo4j_holds_nothing(seed_graph):
    first, _ = neo4j.push_steps(seed_graph, 100)
    assert set(statements(first).values()) == {"CREATE"}
    # A rerun after a push cut short: what Neo4j began to hold is MERGEd, and so is a
    # relationship from a label it held nodes of.
    rerun = statements(neo4j.push_steps(seed_graph, 100, ["Order", "CITES"])[0])
    assert rerun["Order"] == rerun["CITES Person->Source"] == "MERGE"
    assert rerun["CONCERNS Order->Person"] == "MERGE"
    assert rerun["Person"] == rerun["ISSUED Official->Order"] == "CREATE"
    # Two nodes of one label with the same id: MERGE everywhere, as always.
    twin = seed_graph.copy()
    twin.add_node("Person:twin", **twin.nodes["Person:P-TUDARES"])
    assert set(statements(neo4j.push_steps(twin, 100)[0]).values()) == {"MERGE"}


def test_a_node_of_two_labels_another_tool_made_gets_no_duplicate(neo4j_db):
    """One Neo4j node that is both the person and the official of the graph: its two
    CITES of the same source are one relationship, as MERGE makes them."""
    neo4j_db.write("CREATE (:Person:Official {id: 'X'})")
    G = store.new_graph()
    G.add_node("Source:S", label="Source", id="S")
    for label in ("Person", "Official"):
        G.add_node(f"{label}:X", label=label, id="X")
        G.add_edge(f"{label}:X", "Source:S", key="CITES")
    neo4j.push(G, connection=neo4j_db)
    neo4j.push(G, connection=neo4j_db)
    assert neo4j_db.read("MATCH ()-[r:CITES]->() RETURN count(r) AS n")[0]["n"] == 1


def test_a_replaced_record_is_mirrored(neo4j_db, tmp_path):
    """`load --replace` moves an order to another person and drops a property; after the
    next push, Neo4j agrees with the graph file, and so do the two engines."""
    graph = tmp_path / "g.json"
    detnet.load(MESSY, graph=graph)
    neo4j.push(graph, connection=neo4j_db)
    moved = tmp_path / "moved.jsonl"
    moved.write_text(
        json.dumps({"type": "order", "id": "MO12", "kind": "release", "date": "2024-04-01",
                    "person_id": "MP2", "facility_id": "MC2", "status": "verified"}) + "\n",
    )  # fmt: skip
    assert detnet.load(moved, graph=graph, replace=True).replaced["Order"] == 1
    report = neo4j.push(graph, connection=neo4j_db)
    assert report.deleted_relationships == 2  # CONCERNS to MP3, ISSUED from MF2
    assert graph_as_sets(neo4j.fetch(connection=neo4j_db)[0]) == graph_as_sets(
        store.read_graph(graph)
    )
    for name in ("revolving_door", "custody_gaps"):
        assert registry.run(name, graph=graph) == registry.run(
            name, backend="neo4j", connection=neo4j_db
        )


def test_what_only_neo4j_holds_is_left_alone(neo4j_db, seed_graph):
    neo4j_db.write(
        "CREATE (:Person {id: 'X-ELSEWHERE', name: 'kept'})-[:KNOWS]->(:Note {text: 'kept'})"
    )
    neo4j.push(seed_graph, connection=neo4j_db)
    neo4j.push(seed_graph, connection=neo4j_db)
    kept = neo4j_db.read(
        "MATCH (p:Person {id: 'X-ELSEWHERE'})-[:KNOWS]->(n:Note) RETURN n.text AS t"
    )
    assert [r["t"] for r in kept] == ["kept"]


def evil_records(folder) -> None:
    """Records whose every text field tries to break out of a Cypher string."""
    records = [
        {"type": "source", "id": EVIL, "title": EVIL},
        {"type": "person", "id": EVIL, "name": EVIL, "aliases": [EVIL, "x` }) DELETE n //"],
         "sources": [EVIL], EVIL: EVIL, "x`}) DETACH DELETE n //": "extra column name"},
        {"type": "person", "id": "P2", "name": 'Bobby" OR 1=1 //'},
        {"type": "official", "id": EVIL, "name": EVIL, "person_id": EVIL},
        {"type": "facility", "id": EVIL, "name": EVIL},
        {"type": "order", "id": EVIL, "kind": "arrest", "date": "2024-01-01",
         "person_id": EVIL, "official_id": EVIL, "facility_id": EVIL, "notes": EVIL},
        {"type": "order", "id": "O2", "kind": "release", "date": "2024-02-01", "person_id": EVIL},
        {"type": "order", "id": "O3", "kind": "arrest", "date": "2024-03-01",
         "person_id": EVIL, "official_id": EVIL},
        {"type": "family", "person_id": EVIL, "relative_id": "P2", "relation": "sibling",
         "notes": EVIL},
    ]  # fmt: skip
    folder.mkdir()
    (folder / "evil.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def test_names_that_look_like_cypher_round_trip_and_delete_nothing(neo4j_db, tmp_path):
    neo4j_db.write("CREATE (:Sentinel {id: 'still here'})")
    evil_records(tmp_path / "evil")
    G = store.new_graph()
    assert detnet.load(tmp_path / "evil", graph=G, strict=True).exit_code == 0
    neo4j.push(G, connection=neo4j_db)
    neo4j.push(G, connection=neo4j_db)
    assert neo4j_db.read("MATCH (s:Sentinel) RETURN s.id AS id")[0]["id"] == "still here"
    total = neo4j_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    assert total == G.number_of_nodes() + 1
    assert graph_as_sets(neo4j.fetch(connection=neo4j_db)[0]) == graph_as_sets(G)
    person = neo4j_db.read("MATCH (p:Person) WHERE p.id = $id RETURN p", {"id": EVIL})[0]["p"]
    attrs = G.nodes[f"Person:{EVIL}"]
    assert any("`" in key for key in attrs)  # an extra column named to break out of Cypher
    assert dict(person) == {k: v for k, v in attrs.items() if k != "label"}
    # The same names as query parameters.
    for name, params in [
        ("official_profile", {"official": EVIL}),
        ("revolving_door", {"official": EVIL}),
        ("shortest_path", {"person_a": EVIL, "person_b": "P2"}),
    ]:
        embedded = registry.run(name, params, graph=G)
        assert embedded, name
        assert registry.run(name, params, backend="neo4j", connection=neo4j_db) == embedded
    assert registry.run("revolving_door", graph=G)[0]["official_name"] == EVIL
    assert neo4j_db.read("MATCH (s:Sentinel) RETURN count(s) AS n")[0]["n"] == 1


def test_a_label_outside_the_schema_is_refused_and_nothing_is_written(neo4j_db):
    G = store.new_graph()
    G.add_node("Person:P1", label="Person", id="P1", name="ok")
    G.add_node(f"{EVIL}:X", label="Person`) DETACH DELETE n //", id="X")
    before = snapshot(neo4j_db)
    with pytest.raises(UsageError, match="has no schema label"):
        neo4j.push(G, connection=neo4j_db)
    assert snapshot(neo4j_db) == before


def test_a_value_neo4j_cannot_store_is_a_clear_error(neo4j_db):
    G = store.new_graph()
    G.add_node("Person:P1", label="Person", id="P1", count=2**70)
    with pytest.raises(Neo4jStoreError, match="cannot push Person: "):
        neo4j.push(G, connection=neo4j_db)


# Pull


def test_pull_writes_a_graph_file_every_analysis_can_use(neo4j_db, tmp_path, synthetic_graph):
    neo4j.push(synthetic_graph, connection=neo4j_db)
    path = tmp_path / "pulled.json"
    report = neo4j.pull(path, connection=neo4j_db)
    assert report.graph == str(path) and report.nodes["Person"] == 200
    assert detnet.revolving_door(path) == detnet.revolving_door(synthetic_graph)
    assert graph_as_sets(store.read_graph(path)) == graph_as_sets(synthetic_graph)


def test_pull_will_not_overwrite_a_graph_unless_told(neo4j_db, tmp_path, seed_graph):
    neo4j.push(seed_graph, connection=neo4j_db)
    path = tmp_path / "g.json"
    detnet.load(MESSY, graph=path)
    before = path.read_bytes()
    with pytest.raises(UsageError, match="already holds a graph; give --overwrite"):
        neo4j.pull(path, connection=neo4j_db)
    assert path.read_bytes() == before
    neo4j.pull(path, overwrite=True, connection=neo4j_db)
    assert graph_as_sets(store.read_graph(path)) == graph_as_sets(seed_graph)


def test_pull_a_query_s_subgraph_with_the_ends_of_its_relationships(neo4j_db):
    G = messy_graph()
    neo4j.push(G, connection=neo4j_db)
    # Only relationships returned: their end nodes are fetched too.
    sub, report = neo4j.fetch(
        "MATCH (:Order)-[r:CONCERNS]->(:Person {id: 'MP3'}) RETURN r", connection=neo4j_db
    )
    orders = {k for k in G.pred["Person:MP3"] if G.nodes[k]["label"] == "Order"}
    assert set(sub) == orders | {"Person:MP3"}
    assert sub.number_of_edges() == len(orders) == report.relationships["CONCERNS"]
    for key in sub:
        assert sub.nodes[key] == G.nodes[key]
    # Paths, inside a list.
    sub, _ = neo4j.fetch(
        "MATCH p = (:Official {id: 'MF2'})-[:ISSUED]->(:Order) RETURN collect(p) AS paths",
        connection=neo4j_db,
    )
    issued = {v for _, v, k in G.out_edges("Official:MF2", keys=True) if k == "ISSUED"}
    assert set(sub) == issued | {"Official:MF2"}


def test_a_pull_query_cannot_write(neo4j_db, seed_graph):
    neo4j.push(seed_graph, connection=neo4j_db)
    before = snapshot(neo4j_db)
    with pytest.raises(Neo4jStoreError, match="refused the request"):
        neo4j.fetch("MATCH (n) DETACH DELETE n RETURN count(*)", connection=neo4j_db)
    assert snapshot(neo4j_db) == before


def test_pull_command(neo4j_db, tmp_path, seed_graph):
    neo4j.push(seed_graph, connection=neo4j_db)
    query = tmp_path / "q.cypher"
    query.write_text("MATCH (p:Person)-[f:FAMILY]-(:Person) RETURN p, f")
    graph = tmp_path / "g.json"
    result = run("neo4j", "pull", "--graph", str(graph), "--query", str(query))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["nodes: Person 2", "relationships: FAMILY 1"]
    again = run("neo4j", "pull", "--graph", str(graph))
    assert again.exit_code == 2
    missing = run("neo4j", "pull", "--graph", str(tmp_path / "h.json"), "--query", "nope.cypher")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "Error: nope.cypher: cannot read: No such file or directory\n",
    )


# Any value a record can hold


keys = st.text(min_size=1, max_size=12).filter(
    lambda k: (
        "\x00" not in k and k not in store.LABELS["Person"].properties + ("label", "id", "sources")
    )
)
values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.lists(st.text(max_size=10), max_size=4),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(extra=st.dictionaries(keys, values, max_size=5), name=st.text(max_size=40))
def test_any_property_round_trips(neo4j_db, extra, name):
    G = store.new_graph()
    G.add_node("Person:P1", label="Person", id="P1", name=name, **extra)
    neo4j.push(G, connection=neo4j_db)
    assert graph_as_sets(neo4j.fetch(connection=neo4j_db)[0]) == graph_as_sets(G)
