"""The embedded store: a networkx MultiDiGraph kept in one JSON file.

JSON, never pickle: graph files travel between investigators, and opening one must
not be able to run code. The file holds networkx's own dicts: `nodes` maps each node
to its attributes and `adjacency` each node to `{target: {type: attributes}}`, so that
opening a graph is mostly JSON parsing, done in C. Anyone with networkx can open a
file without detnet::

    import json, networkx as nx
    data = json.load(open("detnet-graph.json"))
    G = nx.MultiDiGraph(data["adjacency"], multigraph_input=True)
    G.add_nodes_from(data["nodes"].items())

Files in the node-link layout (format version 1, what `detnet export --format json`
writes) open too.

Writes go to a temporary file beside the graph, are flushed to disk and then
renamed over it, so a write killed at any moment leaves the old file or the new one.
A lock file serialises writers, so two loads at once cannot lose each other's work.
"""

from __future__ import annotations

import fcntl
import gc
import math
import os
import time
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from operator import itemgetter
from pathlib import Path

import networkx as nx
import orjson

from . import checked
from .checks import graph_problem
from .errors import GraphFileError, GraphLockedError, UsageError
from .files import private_file
from .schema import CODES, DATE, LABELS, RELATIONSHIPS
from .text import codes_in

DEFAULT_GRAPH = "detnet-graph.json"
GRAPH_ENV = "DETNET_GRAPH"
LOCK_TIMEOUT_ENV = "DETNET_LOCK_TIMEOUT"
FORMAT = "detnet-graph"
# 1: node-link lists; 2: networkx's dicts (nodes and adjacency); 3: the same, every date
# with its first and last possible day beside it (records contract, part 2)
VERSION = 3
NODE_LINK_VERSION = 1
JSON_OPTIONS = orjson.OPT_NON_STR_KEYS
WRITE_BATCH = 10_000  # nodes or edges serialised at once

# Where graphs read in this process are kept referenced until it ends, when a program
# sets a list here: the `detnet` command does, since it leaves with os._exit rather
# than free millions of dicts one by one (detnet.cli.main). A library user's graphs
# are freed as usual.
kept_until_exit: list[nx.MultiDiGraph] | None = None


def graph_path(path: str | os.PathLike | None = None) -> Path:
    """The graph file to use: the one given, else `$DETNET_GRAPH`, else `./detnet-graph.json`."""
    return Path(path or os.environ.get(GRAPH_ENV) or DEFAULT_GRAPH)


def facts_path(path: Path) -> Path:
    """Where the facts of the graph file at `path` are kept (see `queries.ledger`)."""
    return path.with_name(path.name + ".facts")


def env_seconds(name: str, default: float) -> float:
    """A number of seconds from the environment variable `name` (`default` if unset).

    >>> env_seconds("DETNET_NO_SUCH_SETTING", 2.0)
    2.0
    """
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise UsageError(f"{name}: expected a number of seconds, 0 or more, not {text!r}")
    return seconds


def new_graph() -> nx.MultiDiGraph:
    return nx.MultiDiGraph(format=FORMAT, version=VERSION)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector; reference counting still frees memory.

    Reading, loading or writing a large graph creates millions of long-lived dicts and
    no garbage cycles, and the collector would walk them all again and again: at 100k
    orders that more than doubles the time to open a graph. When it resumes, what
    exists is moved out of its reach (`gc.freeze`, undone by `gc.unfreeze`): otherwise
    the first collections after opening a graph walk every one of its dicts, half a
    second at 100k orders, paid by whatever query runs next.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def add_from(G: nx.MultiDiGraph, nodes: Iterable[tuple], edges: Iterable[tuple]) -> None:
    """`G.add_nodes_from(nodes)` then `G.add_edges_from(edges)`, at bulk speed.

    `nodes` are `(key, attrs)` and `edges` `(u, v, key, attrs)`; every edge must join
    nodes `G` holds once `nodes` are added (a `KeyError` if not). The `attrs` dicts are
    taken into the graph, not copied. networkx's own calls cost several Python calls
    and a dict copy per edge, most of the time to open or load a large graph, so this
    fills the dict-of-dicts networkx documents for subclasses (`_node`, `_succ`,
    `_pred`) directly; tests/records/test_store.py holds it equal to the public calls.
    """
    node, succ, pred = G._node, G._succ, G._pred
    for n, attrs in nodes:
        if n is None:
            raise ValueError("None cannot be a node")
        if n in node:
            node[n].update(attrs)
        else:
            node[n], succ[n], pred[n] = attrs, {}, {}
    for u, v, key, attrs in edges:
        keys = succ[u].get(v)
        if keys is None:
            if v not in pred:
                raise KeyError(v)
            keys = succ[u][v] = pred[v][u] = {}
        if key in keys:
            keys[key].update(attrs)
        else:
            keys[key] = attrs
    nx._clear_cache(G)


def node_table(G: nx.MultiDiGraph) -> dict[str, dict]:
    """The dict networkx keeps of `G`'s nodes and their attributes, to be read only:
    `key in node_table(G)` is a dict lookup, where `key in G` is a Python call (a load
    asks it for every reference of every record)."""
    return G._node


def nodes_with_edges(G: nx.MultiDiGraph, label: str) -> Iterator[tuple[str, dict, dict, dict]]:
    """(key, attributes, successors, predecessors) of each node of `label`.

    networkx's raw dicts, not its views (a view costs an object per lookup), walked
    side by side: networkx keeps a node's entries in the same place in all three, so
    this reads memory in order instead of hashing into two large tables per node, which
    matters for a million orders. Where the keys differ (a graph some code rebuilt), it
    falls back to lookups. Like `add_from`, this is the store's business: no other
    module touches networkx's internals.
    """
    node, succ, pred = G._node, G._succ, G._pred
    aligned = len(node) == len(succ) == len(pred)
    sides = zip(node.items(), succ.items(), pred.items(), strict=True) if aligned else ()
    for (key, attrs), (key_s, targets), (key_p, sources) in sides:
        if attrs.get("label") != label:
            continue
        if key != key_s or key != key_p:
            targets, sources = succ[key], pred[key]
        yield key, attrs, targets, sources
    if not aligned:
        for key, attrs in node.items():
            if attrs.get("label") == label:
                yield key, attrs, succ[key], pred[key]


# The key prefixes of the labels each relationship type starts from; empty: any label.
_STARTS = {
    t: () if {s for s, _ in r.pairs} == LABELS.keys() else tuple({f"{s}:" for s, _ in r.pairs})
    for t, r in RELATIONSHIPS.items()
}


def edges_of_type(G: nx.MultiDiGraph, type: str) -> Iterator[tuple[str, str, dict]]:
    """(source, target, attributes) of every relationship of one type, read from
    networkx's own dicts: a view would make an object per edge of every type. Only
    nodes of the labels the type starts from are read (not the million orders, for
    an official's institution)."""
    starts = _STARTS[type]
    for u, targets in G._succ.items():
        if starts and not u.startswith(starts):
            continue
        for v, keys in targets.items():
            attrs = keys.get(type)
            if attrs is not None:
                yield u, v, attrs


def sorted_edges(G: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """(source, target, type, attributes) of every relationship, sorted by the first
    three: what `sorted(G.edges(keys=True, data=True))` gives, without building a
    tuple per edge through networkx's views before sorting them all at once."""
    succ = G._succ
    for u in sorted(succ):
        targets = succ[u]
        for v in sorted(targets) if len(targets) > 1 else targets:  # mostly one: no sort
            keys = targets[v]
            for k in sorted(keys) if len(keys) > 1 else keys:
                yield u, v, k, keys[k]


def to_data(G: nx.MultiDiGraph) -> dict:
    """The node-link form of a graph (format version 1), as `detnet export` writes it:
    `networkx.node_link_graph(data, name="key", edges="edges")` reads it back."""
    return {
        **_header(G, NODE_LINK_VERSION),
        "nodes": list(_node_items(G)),
        "edges": list(_edge_items(G)),
    }


def _header(G: nx.MultiDiGraph, version: int = VERSION) -> dict:
    graph = {**G.graph, "format": FORMAT, "version": version}
    return {"directed": True, "multigraph": True, "graph": graph}


def _node_items(G: nx.MultiDiGraph) -> Iterator[dict]:
    return ({"key": n, **attrs} for n, attrs in G.nodes(data=True))


def _edge_items(G: nx.MultiDiGraph) -> Iterator[dict]:
    # G.edges(keys=True, data=True) in the same order, without its view's cost per edge
    return (
        {"source": u, "target": v, "key": k, **attrs}
        for u, targets in G.adjacency()
        for v, keys in targets.items()
        for k, attrs in keys.items()
    )


def _json_chunks(G: nx.MultiDiGraph) -> Iterator[bytes]:
    """The bytes of the graph file (`orjson.dumps` of the header with `nodes` and
    `adjacency`) in pieces, so that writing a large graph never holds a second copy."""
    yield orjson.dumps(_header(G), option=JSON_OPTIONS)[:-1] + b',"nodes":{'
    yield from _json_members(iter(G._node.items()))
    yield b'},"adjacency":{'
    yield from _json_members(iter(G._succ.items()))
    yield b"}}"


def _json_members(items: Iterator[tuple[str, object]]) -> Iterator[bytes]:
    """The members of a JSON object, without its braces, serialised a batch at a time.

    Without OPT_NON_STR_KEYS: a node key that is not a string would come back as
    another node, so writing one fails instead (node keys are "Label:id" strings).
    """
    separator = b""
    while batch := dict(islice(items, WRITE_BATCH)):
        yield separator + orjson.dumps(batch)[1:-1]
        separator = b","


def from_data(data: object, where: str = "graph", *, check: bool = True) -> nx.MultiDiGraph:
    """A graph from the parsed file (either layout), checked against the schema.

    Labels and relationship types are checked because they later become Neo4j labels
    and types: a shared file must not be able to smuggle in others. `data` is used up:
    its dicts become the graph's. `check=False` skips the schema's rules (not the
    structure's), for bytes that have passed them before (see `detnet.graph.checked`).
    """
    header = data.get("graph") if isinstance(data, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise GraphFileError(f"{where}: not a detnet graph file")
    version = header.get("version", 0)
    if type(version) is not int or version > VERSION:
        raise GraphFileError(f"{where}: written by a newer detnet (format {version})")
    G = _from_adjacency(data, where) if version >= 2 else _from_node_link(data, where)
    if version < VERSION:
        derive(G)
    problem = graph_problem(G._node, G._succ) if check else None
    if problem:
        raise GraphFileError(f"{where}: {problem}")
    return G


def derive(G: nx.MultiDiGraph) -> None:
    """Give the records of a graph written before part 2 of the records contract what
    part 2 stores beside their values: every date's first and last possible day, and
    the codes of coded text. Values already there are left as they are."""
    from .dates import BadDate, parse  # only older files need it

    derived = {
        label: [(p.name, p.type, p.values) for p in s.properties if p.type in (DATE, CODES)]
        for label, s in LABELS.items()
    }
    for attrs in G._node.values():
        for name, type, values in derived.get(attrs.get("label"), ()):
            value = attrs.get(name)
            if not isinstance(value, str):
                continue
            if type == CODES:
                attrs.setdefault(f"{name}_codes", codes_in(value, values))
                continue
            try:
                found = parse(value)
            except BadDate:
                continue  # the checks on opening name it
            attrs.setdefault(f"{name}_start", found.start)
            attrs.setdefault(f"{name}_end", found.end)


def _from_adjacency(data: dict, where: str) -> nx.MultiDiGraph:
    """A graph from networkx's dicts as parsed (format version 2)."""
    node, succ = data.get("nodes"), data.get("adjacency")
    if not isinstance(node, dict) or not isinstance(succ, dict):
        raise GraphFileError(f"{where}: malformed graph file (no nodes or adjacency object)")
    try:
        try:  # the quick way, in C; the other names what is wrong
            labels = set(map(itemgetter("label"), node.values()))
        except (KeyError, TypeError):
            labels = {_hashable(a.get("label")) for a in node.values()}
        bad = labels - LABELS.keys()
        if bad:
            raise GraphFileError(f"{where}: unknown node label {sorted(map(str, bad))[0]!r}")
        if list(succ) != list(node) and succ.keys() != node.keys():
            raise GraphFileError(f"{where}: nodes and adjacency do not name the same nodes")
        pred = {n: {} for n in node}
        for u, targets in succ.items():
            for v, keys in targets.items():
                pred[v][u] = keys  # one dict shared by both directions, as networkx does
    except KeyError:
        raise GraphFileError(f"{where}: an edge names a node the file does not hold") from None
    except (TypeError, AttributeError) as e:
        raise GraphFileError(f"{where}: malformed node or edge ({e})") from None
    # Relationship types, and everything else, are checked by graph_problem.
    G = new_graph()
    G._node.update(node)
    G._succ.update(succ)
    G._pred.update(pred)
    nx._clear_cache(G)
    return G


def _from_node_link(data: dict, where: str) -> nx.MultiDiGraph:
    """A graph from the node-link layout (format version 1)."""
    try:
        nodes = [(n.pop("key"), n) for n in data["nodes"]]
        # A dict emptied by pop() keeps its size: an edge without attributes gets a new {}.
        edges = [(e.pop("source"), e.pop("target"), e.pop("key"), e or {}) for e in data["edges"]]
        bad_labels = {_hashable(a.get("label")) for _, a in nodes} - LABELS.keys()
        bad_types = {_hashable(k) for *_, k, _ in edges} - RELATIONSHIPS.keys()
    except (KeyError, TypeError, AttributeError) as e:
        raise GraphFileError(f"{where}: malformed node or edge ({e})") from None
    if bad_labels:
        raise GraphFileError(f"{where}: unknown node label {sorted(map(str, bad_labels))[0]!r}")
    if bad_types:
        bad = sorted(map(str, bad_types))[0]
        raise GraphFileError(f"{where}: unknown relationship type {bad!r}")
    G = new_graph()
    try:
        add_from(G, nodes, edges)
    except KeyError:
        raise GraphFileError(f"{where}: an edge names a node the file does not hold") from None
    except (TypeError, ValueError) as e:  # an unhashable or null key
        raise GraphFileError(f"{where}: malformed node or edge ({e})") from None
    return G


def _hashable(value: object) -> object:
    """A label or type as read, or its text if it is a list or an object."""
    return value if isinstance(value, str) or value is None else repr(value)


def open_graph(graph: str | os.PathLike | nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The graph itself: read from its file (see `graph_path`), or returned as given.

    >>> import tempfile, pathlib
    >>> G = new_graph()
    >>> G.add_node("Person:P1", label="Person", id="P1", name="Zorana Quintovar")
    >>> path = write_graph(G, pathlib.Path(tempfile.mkdtemp()) / "g.json")
    >>> open_graph(path).nodes["Person:P1"]["name"]
    'Zorana Quintovar'
    """
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
            return _kept(new_graph())
        raise GraphFileError(
            f"{path}: no graph here yet; run `detnet load RECORDS` or give --graph"
        ) from None
    except OSError as e:
        raise GraphFileError(f"{path}: cannot read: {e.strerror}") from None
    key = checked.digest(raw)
    fine = checked.known_fine(key)
    with gc_paused():
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise GraphFileError(f"{path}: not a detnet graph file (not valid JSON)") from None
        del raw  # as large as the file; free it before the graph is built
        G = from_data(data, str(path), check=not fine)
    if not fine:
        checked.remember(key)
    _read_from[G] = path
    return _kept(G)


# The file each graph was read from: what sits beside it (its reference table) is found
# from the graph alone. Weak: a graph no longer used is forgotten with it.
_read_from: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def path_of(G: nx.MultiDiGraph) -> Path | None:
    """The file G was read from, or None (a graph built in memory)."""
    return _read_from.get(G)


def _kept(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    if kept_until_exit is not None:
        kept_until_exit.append(G)
    return G


def write_graph(G: nx.MultiDiGraph, path: str | os.PathLike | None = None) -> Path:
    """Write the graph atomically, readable by its owner only (see `files.private_file`),
    and remove the facts file of the graph it replaces (see `queries.ledger`).

    Only None means the default graph: an empty name is refused, never the default."""
    path = graph_path() if path is None else Path(path)
    path.resolve().parent.mkdir(parents=True, exist_ok=True)
    with private_file(path) as f, gc_paused():
        for chunk in _json_chunks(G):
            f.write(chunk)
    # The old graph's facts: never read again (its stamp names the old file), and what a
    # write took out of the graph must not stay beside it.
    facts_path(path).unlink(missing_ok=True)
    return path


@contextmanager
def locked(path: str | os.PathLike | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of a graph file, waiting up to `timeout` seconds for it.

    The lock is an advisory `flock` on `<graph>.lock`; the kernel drops it when the
    holder dies, so a killed load never leaves the graph locked.
    """
    path = graph_path(path)
    if timeout is None:
        timeout = env_seconds(LOCK_TIMEOUT_ENV, 60.0)
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
