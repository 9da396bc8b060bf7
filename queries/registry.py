"""Saved Cypher queries, each joined with its networkx twin, run on either engine.

Each query is one `.cypher` file in this folder. Its header is a block of `//` comment
lines::

    // name: revolving_door
    // description: Persons released and arrested again: one row per re-arrest.
    // param: official: Official = null -- only re-arrests ordered by this official
    // param: max_days: int = null -- only re-arrests at most this many days after the release
    // param: include_claimed: bool = false -- count releases announced but not verified
    // columns: person_id, person_name, release_order_id, ...
    // :params {official: null, max_days: null, include_claimed: false}
    MATCH ...
    // include: rearrests
    RETURN ...

- `name`: the query's name, also the name of its networkx twin in `detnet.queries`.
- `description`: what it finds; repeat the key to continue on another line.
- `param`: one per parameter, declared as `detnet.queries.params` says. This is the one
  declaration of a parameter: the twin is checked against it, its values are
  validated by it, and the CLI's options are made from it.
- `columns`: the columns every row has, in order; repeat the key to continue.
- `:params`: the line to paste into Neo4j Browser first; it sets every parameter
  (defaults, and an example value for required ones).
- `// include: NAME` in the Cypher: the fragment `fragments/NAME.cypher` goes here. A
  rule several queries need (pairing releases with re-arrests, the custody walk) is
  written once, as a fragment. `detnet query show NAME` prints the query with its
  fragments in place: that text pastes unchanged into Neo4j Browser.

The runner checks and converts every parameter before anything is sent, and always
sends every declared parameter, defaults filled in: so the Cypher never meets a
missing parameter, and Neo4j Browser after the `:params` line behaves the same.
Dates in Cypher are compared as their ISO strings (`toString(o.date)`): Neo4j does not
order a `date` against a `localdatetime`, and the strings order exactly as the
networkx twins order them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping

from detnet.graph.errors import DetnetError, UsageError

from . import (
    claims,
    custody,
    family,
    institutions,
    network,
    officials,
    reference,
    revolving,
    timeline,
)
from .rows import Rows
from .saved import (
    PARAMS,
    QueryFileError,
    SavedQuery,
    parse,
    query,
    saved_queries,
    used_parameters,
)
from .twins import NETWORKX_ONLY, QUERIES

__all__ = ["QueryFileError", "SavedQuery", "parse", "query", "saved_queries"]
__all__ += ["all_queries", "networkx_only", "problems", "run", "run_cypher", "twin_of"]

BACKENDS = ("embedded", "neo4j")
# Every module that holds twins: importing them registers their queries.
QUERY_MODULES = (
    claims,
    custody,
    family,
    institutions,
    network,
    officials,
    reference,
    revolving,
    timeline,
)


def all_queries() -> dict[str, Callable]:
    """Every twin of a saved Cypher query, by name.

    >>> sorted(all_queries())[:3]
    ['custody_gaps', 'detained_on', 'detained_on_by_facility']
    """
    return dict(sorted(QUERIES.items()))


def networkx_only() -> dict[str, Callable]:
    """Every query with no Cypher twin, by name.

    >>> sorted(networkx_only())
    ['ego_nodes', 'rank_officials']
    """
    return dict(sorted(NETWORKX_ONLY.items()))


def twin_of(q: SavedQuery) -> Callable | None:
    """The networkx function of the same name, None if there is none."""
    return QUERIES.get(q.name)


# Checking a query against its text and its twin


def problems(q: SavedQuery) -> list[str]:
    """What is wrong with a saved query: parameters that do not match its text, a
    missing twin, or a twin with other parameters, defaults or columns."""
    found = []
    declared = [p.name for p in q.params]
    used = used_parameters(q.cypher)
    for name in sorted(set(declared) - used):
        found.append(f"{q.name}: parameter {name!r} is declared but the Cypher does not use it")
    for name in sorted(used - set(declared)):
        found.append(f"{q.name}: the Cypher uses ${name} but the header does not declare it")
    example = q.example_params()
    if list(example) != declared:
        found.append(f"{q.name}: the :params line sets {list(example)}, not {declared}")
    for p in q.params:
        if not p.required and p.name in example and example[p.name] != p.default:
            found.append(
                f"{q.name}: the :params line gives {p.name} another value than its default"
            )
    twin = twin_of(q)
    if twin is None:
        return found + [f"{q.name}: no networkx twin named {q.name!r} in detnet.queries"]
    if tuple(twin.columns) != q.columns:
        found.append(
            f"{q.name}: the twin's columns are {list(twin.columns)}, not {list(q.columns)}"
        )
    signature = list(inspect.signature(twin).parameters.values())[1:]
    if [s.name for s in signature] != declared:
        found.append(f"{q.name}: the twin's parameters are {[s.name for s in signature]}")
    for s, p in zip(signature, q.params, strict=False):
        twin_required = s.default is inspect.Parameter.empty
        if twin_required != p.required or (not p.required and s.default != p.default):
            found.append(f"{q.name}: parameter {p.name!r} has another default in the twin")
    return found


# Running


def run(
    name: str,
    params: Mapping[str, object] | None = None,
    *,
    backend: str = "embedded",
    graph: object = None,
    connection: object = None,
) -> Rows:
    """Run a saved query on the embedded graph or on Neo4j; the same rows either way.

    Parameters
    ----------
    name : str
        A saved query (see `saved_queries`).
    params : mapping, optional
        Parameter values: strings as typed on the command line, or Python values.
    backend : {"embedded", "neo4j"}
        The networkx twin over `graph`, or the Cypher on the server in NEO4J_URI.
    graph : path, None or networkx.MultiDiGraph
        The embedded graph (ignored with `backend="neo4j"`).
    connection : detnet.graph.neo4j.Connection, optional
        An open Neo4j connection; by default one is opened from the environment.

    Returns
    -------
    Rows
        Plain Python values: dates as the ISO strings the embedded store holds.

    Examples
    --------
    >>> import detnet
    >>> rows = run("revolving_door", {"max_days": "30"}, graph=detnet.load_sample("synthetic"))
    >>> all(r["days_free"] <= 30 for r in rows)
    True
    """
    q = query(name)
    if backend not in BACKENDS:
        raise UsageError(f"--backend: expected one of {', '.join(BACKENDS)}, not {backend!r}")
    bound = q.bind(params)
    if backend == "embedded":
        twin = twin_of(q)
        if twin is None:
            raise DetnetError(f"{q.name} has no networkx twin; run it with --backend neo4j")
        return twin(graph, **bound)
    return run_cypher(q, bound, connection)


def run_cypher(q: SavedQuery, bound: Mapping[str, object], connection: object = None) -> Rows:
    """Run a saved query's Cypher with parameters already bound (see `SavedQuery.bind`)."""
    from detnet.graph import neo4j

    with neo4j.using(connection) as conn:
        for p in q.params:
            value = bound[p.name]
            if p.label and value is not None and not _exists(conn, p.label, value):
                raise UsageError(f"unknown {p.label.lower()} {value!r}")
        columns, records = conn.table(q.cypher_sent, {PARAMS: bound})
    if tuple(columns) != q.columns:
        raise QueryFileError(
            f"{q.path}: the Cypher returns {list(columns)}, not the declared {list(q.columns)}"
        )
    rows = ({c: neo4j.plain(r[c]) for c in q.columns} for r in records)
    return Rows(rows, q.columns)


def _exists(conn, label: str, id: object) -> bool:
    from detnet.graph.neo4j import cypher_name

    statement = f"MATCH (n:{cypher_name(label)} {{id: $id}}) RETURN count(n) > 0 AS found"
    return conn.read(statement, {"id": id})[0]["found"]
