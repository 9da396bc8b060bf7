"""The embedded store: format, atomic writes, locking, no code from graph files."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import networkx as nx
import pytest
from detnet.graph import store
from detnet.graph.errors import GraphFileError, GraphLockedError

import detnet


def test_plain_networkx_opens_the_file(tmp_path, seed_graph):
    path = store.write_graph(seed_graph, tmp_path / "g.json")
    # The two lines graph/store.py's docstring gives
    data = json.loads(path.read_text())
    G = nx.MultiDiGraph(data["adjacency"], multigraph_input=True)
    G.add_nodes_from(data["nodes"].items())
    assert G.adj == seed_graph.adj and G.nodes == seed_graph.nodes
    assert G.nodes["Person:P-MARQUEZ"]["name"] == "Alfredo Márquez"
    assert G.nodes["Person:P-MARQUEZ"]["id"] == "P-MARQUEZ"
    assert G.has_edge("Order:O-MARQUEZ-2026-01-12", "Person:P-MARQUEZ", "CONCERNS")


def test_node_link_files_still_open(tmp_path, synthetic_graph):
    """Format 1 (node-link, as written before and by `detnet export`) reads the same."""
    import orjson

    path = tmp_path / "g.json"
    path.write_bytes(orjson.dumps(store.to_data(synthetic_graph)))
    G = store.read_graph(path)
    assert nx.utils.graphs_equal(G, synthetic_graph)
    assert list(G.edges(keys=True, data=True)) == list(synthetic_graph.edges(keys=True, data=True))
    assert json.loads(path.read_text())["graph"]["version"] == 1
    G = nx.node_link_graph(json.loads(path.read_text()), name="key", edges="edges")
    assert G.adj == synthetic_graph.adj and G.nodes == synthetic_graph.nodes


def test_round_trip_is_exact(tmp_path, synthetic_graph):
    path = store.write_graph(synthetic_graph, tmp_path / "g.json")
    G = store.read_graph(path)
    assert dict(G.nodes(data=True)) == dict(synthetic_graph.nodes(data=True))
    assert sorted(G.edges(keys=True, data=True)) == sorted(
        synthetic_graph.edges(keys=True, data=True)
    )


def test_new_graph_files_are_private_to_their_owner(tmp_path, seed_graph):
    path = store.write_graph(seed_graph, tmp_path / "g.json")
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o640)
    store.write_graph(seed_graph, path)
    assert path.stat().st_mode & 0o777 == 0o640  # a mode the owner chose is kept


def test_graph_path_order_of_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv(store.GRAPH_ENV, raising=False)
    assert str(store.graph_path()) == "detnet-graph.json"
    monkeypatch.setenv(store.GRAPH_ENV, str(tmp_path / "env.json"))
    assert store.graph_path() == tmp_path / "env.json"
    assert store.graph_path(tmp_path / "given.json") == tmp_path / "given.json"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x80\x04\x95", "not a detnet graph file (not valid JSON)"),  # a pickle
        (b'{"nodes": []}', "not a detnet graph file"),
        (
            b'{"graph": {"format": "detnet-graph", "version": 1}, "nodes": '
            b'[{"key": "X:1", "label": "Person) DETACH DELETE (n"}], "edges": []}',
            "unknown node label 'Person) DETACH DELETE (n'",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 1}, "nodes": [], "edges": '
            b'[{"source": "a", "target": "b", "key": "KNOWS"}]}',
            "unknown relationship type 'KNOWS'",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 9}, "nodes": [], "edges": []}',
            "written by a newer detnet (format 9)",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, '
            b'"nodes": {"X:1": {"label": "Person) DETACH DELETE (n"}}, "adjacency": {"X:1": {}}}',
            "unknown node label 'Person) DETACH DELETE (n'",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, '
            b'"nodes": {"a": {"label": "Person"}}, "adjacency": {"a": {"a": {"KNOWS": {}}}}}',
            "unknown relationship type 'KNOWS'",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, '
            b'"nodes": {"a": {"label": "Person"}}, "adjacency": {"a": {"b": {"FAMILY": {}}}}}',
            "an edge names a node the file does not hold",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, '
            b'"nodes": {"a": {"label": "Person"}}, "adjacency": {}}',
            "nodes and adjacency do not name the same nodes",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, '
            b'"nodes": {"a": {"label": "Person"}}, "adjacency": {"a": {"a": ["FAMILY"]}}}',
            "malformed node or edge (descriptor 'values' for 'dict' objects doesn't apply "
            "to a 'list' object)",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, '
            b'"nodes": {"a": {"label": "Person"}}, "adjacency": {"a": {"a": {"FAMILY": 1}}}}',
            "malformed edge (no type, or attributes not an object)",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, '
            b'"nodes": {"a": {"label": "Person"}}, "adjacency": {"a": {"a": {}}}}',
            "malformed edge (no type, or attributes not an object)",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, "nodes": ["a"], "edges": []}',
            "malformed graph file (no nodes or adjacency object)",
        ),
        (
            b'{"graph": {"format": "detnet-graph", "version": 2}, '
            b'"nodes": {"a": 1}, "adjacency": {"a": {}}}',
            "malformed node or edge ('int' object has no attribute 'get')",
        ),
    ],
)
def test_a_file_that_is_not_a_detnet_graph_is_refused(tmp_path, content, message):
    path = tmp_path / "g.json"
    path.write_bytes(content)
    with pytest.raises(GraphFileError) as e:
        store.read_graph(path)
    assert str(e.value) == f"{path}: {message}"


def test_missing_graph_says_how_to_make_one(tmp_path):
    with pytest.raises(GraphFileError) as e:
        store.read_graph(tmp_path / "none.json")
    assert str(e.value) == (
        f"{tmp_path / 'none.json'}: no graph here yet; run `detnet load RECORDS` or give --graph"
    )


WRITER = textwrap.dedent(
    """
    import sys
    from detnet.graph import store
    import detnet
    G = store.new_graph()
    detnet.load(sys.argv[2], graph=G)
    print("ready", flush=True)
    while True:
        store.write_graph(G, sys.argv[1])
    """
)


def test_a_write_killed_at_any_moment_leaves_the_old_or_the_new_graph(tmp_path):
    old = detnet.load_sample("seed-article")
    path = store.write_graph(old, tmp_path / "g.json")
    detnet.generate(tmp_path / "records", persons=1500, seed=3)
    new_nodes = None
    rng = random.Random(1)
    for _ in range(6):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(tmp_path / "records")],
            stdout=subprocess.PIPE,
        )
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        G = store.read_graph(path)  # never corrupt, never partial
        assert G.number_of_nodes() in (old.number_of_nodes(), new_nodes or G.number_of_nodes())
        if G.number_of_nodes() != old.number_of_nodes():
            new_nodes = G.number_of_nodes()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 6  # a killed writer may leave its temporary file, never the graph


def test_a_second_writer_waits_then_gives_up_with_a_clear_message(tmp_path):
    path = tmp_path / "g.json"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom detnet.graph import store\n"
            "with store.locked(sys.argv[1]):\n    print('locked', flush=True)\n    time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"locked"
        with pytest.raises(GraphLockedError) as e:
            with store.locked(path, timeout=0.3):
                pass
        assert str(e.value) == (
            f"{path}: another detnet process is writing this graph; "
            "waited 0.3 s, try again when it has finished"
        )
    finally:
        holder.kill()
        holder.wait()
    with store.locked(path, timeout=1):  # the kernel dropped the dead holder's lock
        pass


def test_the_lock_is_released_on_error(tmp_path):
    with pytest.raises(RuntimeError):
        with store.locked(tmp_path / "g.json"):
            raise RuntimeError
    with store.locked(tmp_path / "g.json", timeout=0):
        pass


def test_no_leftover_files_after_a_normal_write(tmp_path, seed_graph):
    store.write_graph(seed_graph, tmp_path / "g.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json"]
    assert os.access(tmp_path / "g.json", os.R_OK)


# The fast paths (graph/store.py `add_from`, the chunked writer) against networkx's own.


def test_add_from_builds_what_add_nodes_from_and_add_edges_from_build(synthetic_graph):
    nodes = [(n, dict(a)) for n, a in synthetic_graph.nodes(data=True)]
    edges = [(u, v, k, dict(a)) for u, v, k, a in synthetic_graph.edges(keys=True, data=True)]
    expected = store.new_graph()
    expected.add_nodes_from((n, dict(a)) for n, a in nodes)
    expected.add_nodes_from([nodes[0]])  # a node given twice keeps both sets of attributes
    expected.add_edges_from((u, v, k, dict(a)) for u, v, k, a in edges)
    G = store.new_graph()
    store.add_from(G, nodes + [nodes[0]], edges)
    assert nx.utils.graphs_equal(G, expected)
    assert list(G.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    with pytest.raises(KeyError):
        store.add_from(G, [], [("Person:nobody", nodes[0][0], "FAMILY", {})])


def test_the_file_is_written_exactly_as_one_orjson_dump(tmp_path, synthetic_graph, monkeypatch):
    import orjson

    monkeypatch.setattr(store, "WRITE_BATCH", 7)  # many batches, and a last one cut short
    path = store.write_graph(synthetic_graph, tmp_path / "g.json")
    G = synthetic_graph
    whole = {**store._header(G), "nodes": G._node, "adjacency": G._succ}
    assert path.read_bytes() == orjson.dumps(whole)
    H = store.read_graph(path)
    assert nx.utils.graphs_equal(H, G)
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    assert sorted(H.in_edges(keys=True)) == sorted(G.in_edges(keys=True))
    for u, v in G.edges():  # one dict per edge, seen from both ends
        assert H._succ[u][v] is H._pred[v][u]
    # An open graph works as any other (what it gains must still follow the schema).
    H.add_node("Person:NEW", label="Person", id="NEW", name="Newly Added", sources=[])
    H.add_edge("Person:NEW", "Person:P000001", "FAMILY", relation="sibling", note="x")
    store.write_graph(H, path)
    assert store.read_graph(path).number_of_edges() == G.number_of_edges() + 1


def test_a_node_key_that_is_not_a_string_is_refused_at_write(tmp_path, seed_graph):
    G = seed_graph.copy()
    G.add_node(7, label="Person")
    path = tmp_path / "g.json"
    with pytest.raises(TypeError):
        store.write_graph(G, path)
    assert not path.exists() and not list(tmp_path.iterdir())


def test_a_file_found_fine_is_not_checked_again_until_a_byte_changes(
    tmp_path, synthetic_graph, monkeypatch
):
    """The checks run once per content (graph/checked.py): the same bytes open unchecked,
    other bytes (a node made wrong) are checked and refused."""
    monkeypatch.setenv("DETNET_CACHE", str(tmp_path / "cache"))
    calls = []
    checks = store.graph_problem
    monkeypatch.setattr(store, "graph_problem", lambda *a: calls.append(1) or checks(*a))
    path = store.write_graph(synthetic_graph, tmp_path / "g.json")
    for _ in range(3):
        assert store.read_graph(path).adj == synthetic_graph.adj
    assert len(calls) == 1
    folder = tmp_path / "cache" / "checked"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert [p.stat().st_size for p in folder.iterdir()] == [0]  # a name, nothing of the graph
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'"kind":"arrest"', b'"kind":"arrets"', 1))
    with pytest.raises(GraphFileError, match="unknown kind 'arrets'"):
        store.read_graph(path)
    assert len(calls) == 2


@pytest.mark.parametrize("change", ["cache off", "other rules"])
def test_the_checks_run_every_time_without_a_matching_digest(
    tmp_path, synthetic_graph, monkeypatch, change
):
    from detnet.graph import checked

    monkeypatch.setenv("DETNET_CACHE", str(tmp_path / "cache"))
    path = store.write_graph(synthetic_graph, tmp_path / "g.json")
    store.read_graph(path)  # remembered
    if change == "cache off":
        monkeypatch.setenv("DETNET_CACHE", "")
    else:
        monkeypatch.setattr(checked, "RULES_DIGEST", b"another detnet's rules")
    calls = []
    checks = store.graph_problem
    monkeypatch.setattr(store, "graph_problem", lambda *a: calls.append(1) or checks(*a))
    store.read_graph(path)
    assert len(calls) == 1  # the digest of before does not match
    if change == "cache off":
        store.read_graph(path)
        assert len(calls) == 2  # nor was this one kept
