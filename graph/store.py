"""The embedded store: a networkx MultiDiGraph kept in one node-link JSON file.

JSON, never pickle: graph files travel between investigators, and opening one must
not be able to run code. Anyone with networkx can open a file without detnet::

    import json, networkx as nx
    G = nx.node_link_graph(json.load(open("detnet-graph.json")), name="key", edges="edges")

Writes go to a temporary file beside the graph, are flushed to disk and then
renamed over it, so a write killed at any moment leaves the old file or the new one.
A lock file serialises writers, so two loads at once cannot lose each other's work.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import orjson

from .errors import GraphFileError, GraphLockedError
from .schema import LABELS, RELATIONSHIPS

DEFAULT_GRAPH = "detnet-graph.json"
GRAPH_ENV = "DETNET_GRAPH"
LOCK_TIMEOUT_ENV = "DETNET_LOCK_TIMEOUT"
FORMAT = "detnet-graph"
VERSION = 1


def graph_path(path: str | os.PathLike | None = None) -> Path:
    """The graph file to use: the one given, else `$DETNET_GRAPH`, else `./detnet-graph.json`."""
    return Path(path or os.environ.get(GRAPH_ENV) or DEFAULT_GRAPH)


def new_graph() -> nx.MultiDiGraph:
    return nx.MultiDiGraph(format=FORMAT, version=VERSION)


def to_data(G: nx.MultiDiGraph) -> dict:
    """The node-link form of a graph, as written to the file."""
    return {
        "directed": True,
        "multigraph": True,
        "graph": {**G.graph, "format": FORMAT, "version": VERSION},
        "nodes": [{"key": n, **attrs} for n, attrs in G.nodes(data=True)],
        "edges": [
            {"source": u, "target": v, "key": k, **attrs}
            for u, v, k, attrs in G.edges(keys=True, data=True)
        ],
    }


def from_data(data: object, where: str = "graph") -> nx.MultiDiGraph:
    """A graph from its node-link form, checked against the schema.

    Labels and relationship types are checked because they later become Neo4j labels
    and types: a shared file must not be able to smuggle in others.
    """
    if not isinstance(data, dict) or data.get("graph", {}).get("format") != FORMAT:
        raise GraphFileError(f"{where}: not a detnet graph file")
    if data["graph"].get("version", 0) > VERSION:
        raise GraphFileError(
            f"{where}: written by a newer detnet (format {data['graph']['version']})"
        )
    G = new_graph()
    try:
        nodes = [(n.pop("key"), n) for n in data["nodes"]]
        edges = [(e.pop("source"), e.pop("target"), e.pop("key"), e) for e in data["edges"]]
    except (KeyError, TypeError, AttributeError) as e:
        raise GraphFileError(f"{where}: malformed node or edge ({e})") from None
    G.add_nodes_from(nodes)
    bad = {a.get("label") for _, a in nodes} - LABELS.keys()
    if bad:
        raise GraphFileError(f"{where}: unknown node label {sorted(map(str, bad))[0]!r}")
    bad = {k for *_, k, _ in edges} - RELATIONSHIPS.keys()
    if bad:
        raise GraphFileError(f"{where}: unknown relationship type {sorted(map(str, bad))[0]!r}")
    G.add_edges_from(edges)
    if G.number_of_nodes() != len(nodes):
        raise GraphFileError(f"{where}: an edge names a node the file does not hold")
    return G


def open_graph(graph: str | os.PathLike | nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The graph itself: read from its file (see `graph_path`), or returned as given."""
    if isinstance(graph, nx.MultiDiGraph):
        return graph
    return read_graph(graph)


def read_graph(
    path: str | os.PathLike | None = None, *, missing_ok: bool = False
) -> nx.MultiDiGraph:
    """The graph stored at `path` (see `graph_path`).

    A missing file is an error unless `missing_ok`, when it reads as an empty graph.
    """
    path = graph_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return new_graph()
        raise GraphFileError(
            f"{path}: no graph here yet; run `detnet load RECORDS` or give --graph"
        ) from None
    except OSError as e:
        raise GraphFileError(f"{path}: cannot read: {e.strerror}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise GraphFileError(f"{path}: not a detnet graph file (not valid JSON)") from None
    return from_data(data, str(path))


def write_graph(G: nx.MultiDiGraph, path: str | os.PathLike | None = None) -> Path:
    """Write the graph atomically: to a temporary file beside it, synced, then renamed."""
    path = graph_path(path)
    directory = path.resolve().parent
    directory.mkdir(parents=True, exist_ok=True)
    blob = orjson.dumps(to_data(G), option=orjson.OPT_NON_STR_KEYS)
    # A new graph file is readable by its owner only: it holds people at risk.
    # mkstemp creates it so; an existing file keeps the mode its owner gave it.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself must survive a power cut
    finally:
        os.close(dir_fd)
    return path


@contextmanager
def locked(path: str | os.PathLike | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of a graph file, waiting up to `timeout` seconds for it.

    The lock is an advisory `flock` on `<graph>.lock`; the kernel drops it when the
    holder dies, so a killed load never leaves the graph locked.
    """
    path = graph_path(path)
    if timeout is None:
        timeout = float(os.environ.get(LOCK_TIMEOUT_ENV, "60"))
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise GraphLockedError(
                        f"{path}: another detnet process is writing this graph; "
                        f"waited {timeout:g} s, try again when it has finished"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
