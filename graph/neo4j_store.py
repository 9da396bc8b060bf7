"""The Neo4j store: the same graph (GRAPH.md) in a Neo4j server, written and read back.

Connection settings come from the environment only, never from command-line
arguments: `NEO4J_URI` (required), `NEO4J_USER` (default `neo4j`), `NEO4J_PASSWORD`,
`NEO4J_DATABASE` (default `neo4j`). The password is never printed or logged: every
error message is built from our own words, the address without any user info, and a
last scrub of the password itself.

Push: uniqueness constraints on `(:Label {id})` first, then one batched
`UNWIND $rows ... MERGE` statement per label and per relationship type, each batch in
a managed transaction (the driver retries it on transient errors). Where Neo4j holds
no node of the label, or no relationship of the type, yet, the statement is a CREATE
instead: faster, and unable to make a duplicate there (see `push_steps`). The rows of
a batch are made as it is sent, in a thread of their own, while the server writes the
batch before: never all at once, which would hold a second copy of the graph. Neo4j
then mirrors, for every node the embedded graph holds, what the embedded graph says
about it:

- its properties, replaced whole (`SET n = row`), so that a record changed by
  `detnet load --replace` is changed in Neo4j too;
- its outgoing relationships of the schema's types: one the embedded graph no longer
  has (an order moved to another person by `load --replace`) is deleted. Without
  this, the order would concern both persons in Neo4j and the two engines would
  disagree.

Nodes and relationships that only Neo4j holds (another tool's, another push's) are
left alone. Pushing the same graph twice changes nothing, and a push cut short (the
server died) can be rerun: the rerun finds the labels and types it had begun to write,
and MERGEs them on the constrained key, which never makes a duplicate.

Dates: the schema's date properties (`LABELS[label].date_properties`) become Neo4j
`date` values, or `localdatetime` when a time of day is given. The records carry no
time zone, and a `datetime` would have to invent one (UTC would move evening events
to the next day in Venezuelan time); `localdatetime` states exactly what is known.
Reading back, any temporal value becomes the same ISO string the embedded store holds.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from math import ceil
from urllib.parse import urlsplit

import neo4j
import neo4j.exceptions as ne
import neo4j.graph
import neo4j.time
import networkx as nx

from .errors import (
    Neo4jAuthError,
    Neo4jDatabaseError,
    Neo4jStoreError,
    Neo4jUnreachableError,
    UsageError,
)
from .progress import Progress, no_progress
from .schema import LABELS, RELATIONSHIPS, node_key
from .store import (
    graph_path,
    locked,
    new_graph,
    open_graph,
    read_graph,
    write_graph,
)

URI_ENV, USER_ENV, PASSWORD_ENV, DATABASE_ENV = (
    "NEO4J_URI",
    "NEO4J_USER",
    "NEO4J_PASSWORD",
    "NEO4J_DATABASE",
)
DEFAULT_USER = DEFAULT_DATABASE = "neo4j"
# Rows per transaction: large enough that the round trip is paid rarely, small enough
# that a batch never strains a 1 GB heap (a row is a few hundred bytes).
DEFAULT_BATCH_SIZE = 10_000
# Bolt only: the driver's HTTP support is a preview, and needs packages we do not ship.
SCHEMES = ("bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc")
DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
CONSTRAINT_PREFIX = "detnet_"

# Connection


@dataclass(frozen=True)
class Settings:
    """Where and as whom to connect. `repr` never shows the password."""

    uri: str
    user: str = DEFAULT_USER
    password: str = field(default="", repr=False)
    database: str = DEFAULT_DATABASE

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings in `environ` (default: the process environment).

        >>> s = Settings.from_env({"NEO4J_URI": "bolt://localhost:7687", "NEO4J_PASSWORD": "x"})
        >>> s
        Settings(uri='bolt://localhost:7687', user='neo4j', database='neo4j')
        >>> Settings.from_env({})
        Traceback (most recent call last):
        ...
        detnet.graph.errors.UsageError: NEO4J_URI is not set: export NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (and NEO4J_DATABASE) to reach a Neo4j server
        """
        env = os.environ if environ is None else environ
        uri = env.get(URI_ENV, "").strip()
        if not uri:
            raise UsageError(
                f"{URI_ENV} is not set: export {URI_ENV}, {USER_ENV}, {PASSWORD_ENV} "
                f"(and {DATABASE_ENV}) to reach a Neo4j server"
            )
        return cls(
            uri=uri,
            user=env.get(USER_ENV) or DEFAULT_USER,
            password=env.get(PASSWORD_ENV, ""),
            database=env.get(DATABASE_ENV) or DEFAULT_DATABASE,
        )

    @property
    def scheme(self) -> str:
        """
        >>> Settings("neo4j+s://db.example.org").scheme
        'neo4j+s'
        """
        try:
            return urlsplit(self.uri).scheme
        except ValueError:
            return ""

    @property
    def address(self) -> str:
        """The URI without user info, query or fragment: safe to print.

        >>> Settings("neo4j+s://me:secret@db.example.org:7687/?x=1").address
        'neo4j+s://db.example.org:7687'
        """
        try:
            parts = urlsplit(self.uri)
        except ValueError:
            return ""
        return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


@dataclass
class Connection:
    """An open driver and the settings it was opened with."""

    driver: neo4j.Driver
    settings: Settings

    def session(self) -> neo4j.Session:
        # The driver-wide bookmark manager: a read after a write sees the write, on a
        # cluster too.
        return self.driver.session(
            database=self.settings.database,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        )

    def read(self, query: str, params: Mapping | None = None) -> list[neo4j.Record]:
        """The records of a read-only query, in a managed (retried) read transaction."""
        with self.session() as session:
            return session.execute_read(_records, query, dict(params or {}))

    def table(self, query: str, params: Mapping | None = None) -> tuple[list[str], list]:
        """The columns and records of a read-only query (columns even without records)."""
        with self.session() as session:
            return session.execute_read(_table, query, dict(params or {}))

    def write(self, query: str, params: Mapping | None = None) -> neo4j.SummaryCounters:
        """Run a write query in a managed (retried) write transaction; its counters."""
        with self.session() as session:
            return session.execute_write(_counters, query, dict(params or {}))


def _records(tx: neo4j.ManagedTransaction, query: str, params: dict) -> list[neo4j.Record]:
    return list(tx.run(query, params))


def _table(tx: neo4j.ManagedTransaction, query: str, params: dict) -> tuple[list[str], list]:
    result = tx.run(query, params)
    return result.keys(), list(result)


def _counters(tx: neo4j.ManagedTransaction, query: str, params: dict) -> neo4j.SummaryCounters:
    return tx.run(query, params).consume().counters


def _user_agent() -> str:
    try:
        return f"detnet/{version('detnet')}"
    except PackageNotFoundError:
        return "detnet"


def check_uri(settings: Settings) -> None:
    """Refuse a NEO4J_URI that is not a Bolt address, or that holds credentials.

    >>> check_uri(Settings("http://localhost:7474"))
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: NEO4J_URI 'http://localhost:7474' is not a Neo4j Bolt address (expected bolt://HOST:PORT, neo4j://HOST:PORT, bolt+s://HOST:PORT, neo4j+s://HOST:PORT)
    """
    if not settings.address:
        raise UsageError(f"{URI_ENV} cannot be read as an address")
    if settings.scheme not in SCHEMES:
        expected = ", ".join(f"{scheme}://HOST:PORT" for scheme in SCHEMES[:4])
        raise UsageError(
            f"{URI_ENV} {settings.address!r} is not a Neo4j Bolt address (expected {expected})"
        )
    if "@" in urlsplit(settings.uri).netloc:
        raise UsageError(
            f"{URI_ENV} must not hold a user or password: set {USER_ENV} and {PASSWORD_ENV} instead"
        )


@contextmanager
def connect(settings: Settings | None = None, **config) -> Iterator[Connection]:
    """An open connection to the server in `settings` (default: from the environment).

    Fails fast, with its own error and exit status, when the server cannot be reached
    (4) or refuses the credentials (5); an unknown database (6) shows at the first
    query. `config` goes to the driver (e.g. `max_transaction_retry_time`).
    """
    settings = settings or Settings.from_env()
    check_uri(settings)
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri,
            auth=(settings.user, settings.password),
            user_agent=_user_agent(),
            connection_timeout=config.pop("connection_timeout", 15.0),
            # Server notices (deprecations, unknown labels in an empty database) are for
            # people writing Cypher, not for someone running a saved query.
            notifications_min_severity=config.pop("notifications_min_severity", "OFF"),
            **config,
        )
    except (ne.ConfigurationError, ValueError) as e:
        message = f"{URI_ENV} {settings.address!r}: {_first_line(str(e))}"
        raise UsageError(_scrub(message, settings)) from None
    with driver, translated(settings):
        driver.verify_connectivity()
        yield Connection(driver, settings)


@contextmanager
def using(connection: Connection | None) -> Iterator[Connection]:
    """The connection given, or a new one from the environment, closed afterwards."""
    if connection is None:
        with connect() as conn:
            yield conn
    else:
        with translated(connection.settings):
            yield connection


@contextmanager
def translated(settings: Settings) -> Iterator[None]:
    """Turn the driver's exceptions into detnet errors with password-free messages."""
    try:
        yield
    except (ne.Neo4jError, ne.DriverError) as e:
        error = _detnet_error(e, settings)
        raise type(error)(_scrub(str(error), settings)) from None


def _detnet_error(e: Exception, s: Settings) -> Neo4jStoreError:
    where = f"Neo4j at {s.address}"
    if isinstance(e, ne.AuthError):
        return Neo4jAuthError(
            f"{where} refused user {s.user!r} with the password in {PASSWORD_ENV} "
            f"(check {USER_ENV} and {PASSWORD_ENV})"
        )
    if isinstance(e, ne.Neo4jError) and e.code == DATABASE_NOT_FOUND:
        return Neo4jDatabaseError(f"{where} has no database {s.database!r} (check {DATABASE_ENV})")
    if isinstance(e, (ne.ServiceUnavailable, ne.SessionExpired, ne.IncompleteCommit)):
        return Neo4jUnreachableError(
            f"cannot reach {where} (is the server running, and is {URI_ENV} right?)"
        )
    if isinstance(e, ne.Neo4jError):
        return Neo4jStoreError(f"{where} refused the request: {_first_line(e.message or str(e))}")
    return Neo4jStoreError(f"{where}: {_first_line(str(e))}")


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0]


def _scrub(message: str, settings: Settings) -> str:
    return message.replace(settings.password, "***") if settings.password else message


def check(connection: Connection | None = None) -> dict:
    """What the server is and what its database holds; raises if it cannot be used.

    Returns `address`, `database`, `version`, `edition`, `nodes`, `relationships`
    and `constraints` (how many of detnet's uniqueness constraints exist).
    """
    with using(connection) as conn:
        component = conn.read(
            "CALL dbms.components() YIELD name, versions, edition "
            "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition"
        )
        nodes = conn.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
        relationships = conn.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        constraints = conn.read(
            "SHOW CONSTRAINTS YIELD name WHERE name IN $names RETURN count(*) AS n",
            {"names": [constraint_name(label) for label in LABELS]},
        )[0]["n"]
    found = component[0] if component else {"version": None, "edition": None}
    return {
        "address": conn.settings.address,
        "database": conn.settings.database,
        "version": found["version"],
        "edition": found["edition"],
        "nodes": nodes,
        "relationships": relationships,
        "constraints": constraints,
    }


# Cypher text. Labels and relationship types come from the schema only, and are
# checked to be plain identifiers before they are put into a statement.

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def cypher_name(name: str) -> str:
    """A schema label or relationship type, quoted for Cypher; anything else is refused.

    >>> cypher_name("Person")
    '`Person`'
    """
    if name not in LABELS and name not in RELATIONSHIPS or not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a schema label or relationship type: {name!r}")
    return f"`{name}`"


def constraint_name(label: str) -> str:
    """The name of the uniqueness constraint on a label's `id`.

    >>> constraint_name("Person")
    'detnet_person_id'
    """
    return f"{CONSTRAINT_PREFIX}{label.lower()}_id"


def constraint_statement(label: str) -> str:
    """
    >>> constraint_statement("Order")
    'CREATE CONSTRAINT detnet_order_id IF NOT EXISTS FOR (n:`Order`) REQUIRE n.id IS UNIQUE'
    """
    return (
        f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS "
        f"FOR (n:{cypher_name(label)}) REQUIRE n.id IS UNIQUE"
    )


# The statements take their rows as a list parameter, `$rows`. A node's row is its
# property map, `id` included; a relationship's row is a list, [source id, target id,
# property map], which the driver packs and the server unpacks faster than a map.
# MERGE sets properties with ON CREATE SET and ON MATCH SET rather than a SET clause
# after it: the same effect, but the planner then puts no Eager in the plan (which would
# hold the whole batch before writing any of it).


def nodes_statement(label: str, create: bool = False) -> str:
    """Write a batch of one label's nodes; `create` for a label Neo4j holds no node of.

    >>> nodes_statement("Order", create=True)
    'UNWIND $rows AS row CREATE (n:`Order`) SET n = row'
    """
    name = cypher_name(label)
    if create:
        return f"UNWIND $rows AS row CREATE (n:{name}) SET n = row"
    return (
        f"UNWIND $rows AS row MERGE (n:{name} {{id: row.id}}) "
        "ON CREATE SET n = row ON MATCH SET n = row"
    )


def relationships_statement(type: str, source: str, target: str, create: bool = False) -> str:
    """Write a batch of one kind of relationship; `create` where none can exist yet."""
    match = (
        f"UNWIND $rows AS row "
        f"MATCH (a:{cypher_name(source)} {{id: row[0]}}) "
        f"MATCH (b:{cypher_name(target)} {{id: row[1]}}) "
    )
    if create:
        return match + f"CREATE (a)-[r:{cypher_name(type)}]->(b) SET r = row[2]"
    return (
        match + f"MERGE (a)-[r:{cypher_name(type)}]->(b) "
        "ON CREATE SET r = row[2] ON MATCH SET r = row[2]"
    )


def stale_relationships_statement(type: str, source: str, target: str) -> str:
    # A row is [source id, keep]: `keep` maps each target id the embedded graph holds to
    # true, a map lookup, not a list scan, so an official with 10,000 orders costs 10,000
    # lookups, not 10^8.
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{cypher_name(source)} {{id: row[0]}})-[r:{cypher_name(type)}]->(b:{cypher_name(target)}) "
        f"WHERE row[1][b.id] IS NULL DELETE r"
    )


def relationship_kinds() -> list[tuple[str, str, str]]:
    """Every (type, source label, target label) the schema allows.

    >>> ("CITES", "Order", "Source") in relationship_kinds()
    True
    """
    return [
        (rel.type, source, target) for rel in RELATIONSHIPS.values() for source, target in rel.pairs
    ]


# Values


@lru_cache(maxsize=100_000)
def _parse_temporal(text: str) -> object:
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        return text


def to_temporal(text: object) -> object:
    """A Neo4j-ready date for an ISO date string: `date`, or a naive `datetime`
    (which the driver sends as `localdatetime`). Anything else is returned as it is.

    >>> to_temporal("2024-02-01"), to_temporal("2024-02-01T08:30:00")
    (datetime.date(2024, 2, 1), datetime.datetime(2024, 2, 1, 8, 30))
    >>> to_temporal("unknown")
    'unknown'
    """
    return _parse_temporal(text) if isinstance(text, str) else text


def plain(value: object) -> object:
    """A value read from Neo4j as plain Python/JSON: temporal values as ISO strings.

    >>> plain([neo4j.time.Date(2024, 2, 1), neo4j.time.DateTime(2024, 2, 1, 8, 30)])
    ['2024-02-01', '2024-02-01T08:30:00']
    """
    if isinstance(value, neo4j.time.DateTime):
        return value.to_native().isoformat()
    if isinstance(value, (neo4j.time.Date, neo4j.time.Time, neo4j.time.Duration)):
        return value.iso_format()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dict, neo4j.graph.Node, neo4j.graph.Relationship)):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Path):
        return [plain(n) for n in value.nodes]
    return value


def node_properties(label: str, attrs: Mapping) -> dict:
    """The Neo4j properties of a networkx node: its attributes but `label`, with dates
    as temporal values and None left out (Neo4j cannot store null).

    >>> node_properties("Order", {"label": "Order", "id": "O1", "date": "2024-02-01", "notes": None})
    {'id': 'O1', 'date': datetime.date(2024, 2, 1)}
    """
    dates = LABELS[label].date_properties
    return {
        k: to_temporal(v) if k in dates else (list(v) if isinstance(v, tuple) else v)
        for k, v in attrs.items()
        if k != "label" and v is not None
    }


# Push


@dataclass
class Step:
    """One statement run over batches of rows. `rows()` makes the rows afresh at each
    call, so that a batch is only made when it is about to be sent."""

    what: str  # e.g. "Person" or "CITES Order->Source", for messages
    statement: str
    rows: Callable[[], Iterable]
    size: int  # rows a batch, or their total weight
    weight: Callable[[object], int] | None = None  # how many rows a row counts for
    count: int = 0  # how many batches

    def batches(self) -> Iterator[list]:
        return batched(self.rows(), self.size, self.weight)


@dataclass
class PushReport:
    address: str = ""  # the server, without user info
    database: str = ""
    nodes: Counter = field(default_factory=Counter)  # pushed, by label
    relationships: Counter = field(default_factory=Counter)  # pushed, by type
    created_nodes: int = 0
    created_relationships: int = 0
    deleted_relationships: int = 0
    batches: int = 0


def batched(
    rows: Iterable, size: int, weight: Callable[[object], int] | None = None
) -> Iterator[list]:
    """Rows in consecutive batches of total `weight` at most `size` (a heavier row alone);
    without `weight`, `size` rows a batch.

    >>> list(batched([{"n": 1}, {"n": 2}, {"n": 3}], 2))
    [[{'n': 1}, {'n': 2}], [{'n': 3}]]
    >>> list(batched([[1], [1, 2, 3], [1]], 2, weight=len))
    [[[1]], [[1, 2, 3]], [[1]]]
    """
    rows = iter(rows)
    if weight is None:
        while batch := list(islice(rows, size)):
            yield batch
        return
    batch, total = [], 0
    for row in rows:
        w = weight(row)
        if batch and total + w > size:
            yield batch
            batch, total = [], 0
        batch.append(row)
        total += w
    if batch:
        yield batch


def push_steps(
    G: nx.MultiDiGraph, batch_size: int, held: Iterable[str] = ()
) -> tuple[list[Step], PushReport]:
    """The statements and row batches that write `G`, in order: nodes, then
    relationships, deleting first the stale ones (see the module docstring), with counts
    of what they push. `held` names the labels and relationship types Neo4j holds.

    Nothing is written here, and a node without a schema label is refused here: before
    any write. The rows themselves are made only as each batch is sent.

    Where Neo4j holds nothing yet, CREATE replaces MERGE, which is faster and cannot make
    a duplicate there:

    - nodes of a label Neo4j holds none of: each id is pushed once (ids are checked to be
      unique within each label), and the uniqueness constraint would refuse a second;
    - relationships of a type Neo4j holds none of, from a label it held no node of: each
      edge of `G` is one (source, target) pair, and no other kind of the same type can
      reach the same source node, since this push made every node of that label, with
      that one label.

    A push cut short and run again finds the label or type held, and MERGEs.
    No relationship of a type Neo4j does not hold can be stale: those checks are left out.
    """
    held = set(held)
    node, succ = G._node, G._succ
    keys: dict[str, list] = {label: [] for label in LABELS}  # node keys, by label
    for key, label in G.nodes(data="label"):
        if label not in LABELS:
            raise UsageError(f"node {key!r} has no schema label (it has {label!r})")
        keys[label].append(key)
    # One pass over every edge, for the counts: the progress shows batches out of a total.
    kinds: Counter = Counter()
    for source, sources in keys.items():
        kinds.update(
            (type, source, node[v]["label"])
            for u in sources
            for v, keyed in succ[u].items()
            for type in keyed
        )
    unique = all(len({node[key]["id"] for key in ks}) == len(ks) for ks in keys.values())
    fresh = {label for label in LABELS if label not in held and unique}

    report = PushReport()
    steps = []
    for label, ks in keys.items():
        report.nodes[label] = len(ks)
        statement = nodes_statement(label, create=label in fresh)
        rows = partial(_node_rows, G, label, ks)
        steps.append(Step(label, statement, rows, batch_size, count=ceil(len(ks) / batch_size)))
    for kind in relationship_kinds():
        type, source, target = kind
        if type in held:
            statement = stale_relationships_statement(*kind)
            rows = partial(_stale_rows, G, keys[source], kind)
            step = Step(f"{type} {source}->{target}", statement, rows, batch_size, _keep_weight)
            step.count = sum(1 for _ in step.batches())  # a dry run: the weights vary
            steps.append(step)
    for kind in relationship_kinds():
        type, source, target = kind
        report.relationships[type] += kinds[kind]
        statement = relationships_statement(*kind, create=type not in held and source in fresh)
        rows = partial(_relationship_rows, G, keys[source], kind)
        count = ceil(kinds[kind] / batch_size)
        steps.append(Step(f"{type} {source}->{target}", statement, rows, batch_size, count=count))
    return [step for step in steps if step.count], report


def _node_rows(G: nx.MultiDiGraph, label: str, keys: list) -> Iterator[dict]:
    node = G._node
    return (node_properties(label, node[key]) for key in keys)


def _relationship_rows(G: nx.MultiDiGraph, sources: list, kind: tuple) -> Iterator[list]:
    """[source id, target id, properties] for every edge of `kind` from `sources`."""
    type, _, target = kind
    node, succ = G._node, G._succ
    for u in sources:
        source_id = node[u]["id"]
        for v, keyed in succ[u].items():
            attrs = keyed.get(type)
            if attrs is not None and node[v]["label"] == target:
                props = {k: x for k, x in attrs.items() if x is not None}
                yield [source_id, node[v]["id"], props]


def _stale_rows(G: nx.MultiDiGraph, sources: list, kind: tuple) -> Iterator[list]:
    """[source id, keep] for every node of `sources`, `keep` its targets of `kind`."""
    type, _, target = kind
    node, succ = G._node, G._succ
    for u in sources:
        keep = {
            node[v]["id"]: True
            for v, keyed in succ[u].items()
            if type in keyed and node[v]["label"] == target
        }
        yield [node[u]["id"], keep]


def _keep_weight(row: list) -> int:
    return 1 + len(row[1])  # a stale check's row: its map of n target ids weighs n rows


def push(
    graph: object = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    connection: Connection | None = None,
    progress: Progress = no_progress,
) -> PushReport:
    """Write the embedded graph into Neo4j (see the module docstring for what changes).

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
        The graph to push (see `detnet.open_graph`).
    batch_size : int
        Rows per transaction.
    connection : Connection, optional
        An open connection; by default one is opened from the environment.
    progress : callable
        `progress(batches, length, label)` wraps the batches, e.g. in a progress bar.

    Returns
    -------
    PushReport
        What was pushed, and what was created or deleted: all zero when Neo4j already
        held the same graph.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise UsageError(f"--batch-size: expected a whole number, 1 or more, not {batch_size!r}")
    G = open_graph(graph)
    with using(connection) as conn:
        for label in LABELS:
            conn.write(constraint_statement(label))
        held = [name for name in (*LABELS, *RELATIONSHIPS) if _holds(conn, name)]
        steps, report = push_steps(G, batch_size, held)
        total = sum(step.count for step in steps)
        work = ((step, batch) for step in steps for batch in step.batches())
        done = 0
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="detnet-push") as worker:
                batches = MadeAhead(work, worker)
                for step, batch in progress(batches, total, "neo4j push"):
                    counters = _write_batch(conn, step, batch, sent=batches.start)
                    report.created_nodes += counters.nodes_created
                    report.created_relationships += counters.relationships_created
                    report.deleted_relationships += counters.relationships_deleted
                    done += 1
        except (ne.ServiceUnavailable, ne.SessionExpired, ne.IncompleteCommit):
            raise Neo4jUnreachableError(
                f"lost Neo4j at {conn.settings.address} after {done} of {total} batches; "
                "what was written stays and nothing is doubled: run `detnet neo4j push` "
                "again to finish"
            ) from None
        report.batches = done
        report.address, report.database = conn.settings.address, conn.settings.database
    return report


class MadeAhead:
    """The items of an iterator, each made in a worker thread ahead of its turn: `start()`
    begins making the next one, and iterating waits for it (starting it if need be).

    The push starts the next batch once the server has run the statement on the
    current one: its rows are then built while the server commits, and not while the
    driver packs the current batch (both would want the interpreter at once, and the
    packing would wait).

    >>> with ThreadPoolExecutor(max_workers=1) as worker:
    ...     list(MadeAhead(iter(range(3)), worker))
    [0, 1, 2]
    """

    def __init__(self, items: Iterator, worker: ThreadPoolExecutor) -> None:
        self.items, self.worker, self.pending = items, worker, None

    def start(self) -> None:
        if self.pending is None:
            self.pending = self.worker.submit(next, self.items, _END)

    def __iter__(self) -> Iterator:
        while True:
            self.start()
            item, self.pending = self.pending.result(), None
            if item is _END:
                return
            yield item


_END = object()


def _holds(conn: Connection, name: str) -> bool:
    """Whether Neo4j holds any node of this label or relationship of this type (read
    from its count store)."""
    if name in LABELS:
        statement = f"MATCH (n:{cypher_name(name)}) RETURN count(n) > 0 AS holds"
    else:
        statement = f"MATCH ()-[r:{cypher_name(name)}]->() RETURN count(r) > 0 AS holds"
    return conn.read(statement)[0]["holds"]


def _write_batch(
    conn: Connection, step: Step, batch: list, sent: Callable[[], None]
) -> neo4j.SummaryCounters:
    try:
        with conn.session() as session:
            return session.execute_write(_write_rows, step.statement, batch, sent)
    except (TypeError, ValueError, OverflowError) as e:
        # The driver could not encode a value: a property Neo4j cannot store.
        raise Neo4jStoreError(f"cannot push {step.what}: {e}") from None


def _write_rows(
    tx: neo4j.ManagedTransaction, statement: str, rows: list, sent: Callable[[], None]
) -> neo4j.SummaryCounters:
    result = tx.run(statement, {"rows": rows})
    sent()  # the server has run the statement: make the next batch while it commits
    return result.consume().counters


# Pull


@dataclass
class PullReport:
    address: str = ""  # the server, without user info
    database: str = ""
    graph: str | None = None  # the file written
    nodes: Counter = field(default_factory=Counter)  # by label
    relationships: Counter = field(default_factory=Counter)  # by type
    skipped_nodes: int = 0  # a schema label but no id
    skipped_relationships: int = 0  # an end that is not a detnet node of the right label


def fetch(query: str | None = None, *, connection: Connection | None = None):
    """The detnet graph Neo4j holds, or the part of it a Cypher query returns.

    Only the schema's labels and relationship types are read; anything else in the
    database is left out. With `query`, every node, relationship and path it returns
    (also inside lists and maps) is kept, with the two ends of each relationship.
    The query runs in a read transaction: it cannot change the database.

    Returns
    -------
    (networkx.MultiDiGraph, PullReport)
    """
    G, report = new_graph(), PullReport()
    with using(connection) as conn:
        report.address, report.database = conn.settings.address, conn.settings.database
        if query is None:
            _fetch_all(conn, G, report)
        else:
            _fetch_query(conn, query, G, report)
    return G, report


def _add_node(G: nx.MultiDiGraph, label: str, props: Mapping, report: PullReport) -> None:
    id = props.get("id")
    if id is None:
        report.skipped_nodes += 1
        return
    G.add_node(node_key(label, str(id)), **{k: plain(v) for k, v in props.items()}, label=label)
    report.nodes[label] += 1


def _fetch_all(conn: Connection, G: nx.MultiDiGraph, report: PullReport) -> None:
    for label in LABELS:
        for record in conn.read(f"MATCH (n:{cypher_name(label)}) RETURN properties(n) AS props"):
            _add_node(G, label, record["props"], report)
    for type, source, target in relationship_kinds():
        statement = (
            f"MATCH (a:{cypher_name(source)})-[r:{cypher_name(type)}]->(b:{cypher_name(target)}) "
            "RETURN a.id AS source, b.id AS target, properties(r) AS props"
        )
        for source_id, target_id, props in conn.read(statement):
            _add_edge(G, (source, source_id), (target, target_id), type, props, report)


def _add_edge(G, source: tuple, target: tuple, type: str, props: Mapping, report) -> None:
    u, v = node_key(source[0], str(source[1])), node_key(target[0], str(target[1]))
    if source[1] is None or target[1] is None or u not in G or v not in G:
        report.skipped_relationships += 1
        return
    G.add_edge(u, v, key=type, **{k: plain(x) for k, x in props.items()})
    report.relationships[type] += 1


def _graph_of(tx: neo4j.ManagedTransaction, query: str) -> neo4j.graph.Graph:
    return tx.run(query).graph()


def _fetch_query(conn: Connection, query: str, G: nx.MultiDiGraph, report: PullReport) -> None:
    with conn.session() as session:
        found = session.execute_read(_graph_of, query)
    nodes = {n.element_id: n for n in found.nodes if n.labels}
    # A relationship whose end the query did not return arrives with a bare end node
    # (no labels, no properties): read those ends.
    missing = {
        end.element_id
        for r in found.relationships
        for end in (r.start_node, r.end_node)
        if end.element_id not in nodes
    }
    if missing:
        for record in conn.read(
            "MATCH (n) WHERE elementId(n) IN $ids RETURN n", {"ids": sorted(missing)}
        ):
            nodes[record["n"].element_id] = record["n"]
    for n in nodes.values():
        for label in sorted(n.labels & LABELS.keys()):
            _add_node(G, label, dict(n.items()), report)
    for r in found.relationships:
        rel = RELATIONSHIPS.get(r.type)
        start, end = nodes.get(r.start_node.element_id), nodes.get(r.end_node.element_id)
        if rel is None or start is None or end is None:
            report.skipped_relationships += 1
            continue
        pair = next(((s, t) for s, t in rel.pairs if s in start.labels and t in end.labels), None)
        if pair is None:
            report.skipped_relationships += 1
            continue
        source, target = pair
        _add_edge(G, (source, start.get("id")), (target, end.get("id")), r.type, dict(r), report)


def pull(
    graph: object = None,
    *,
    query: str | None = None,
    overwrite: bool = False,
    connection: Connection | None = None,
) -> PullReport:
    """Read the graph (or a query's subgraph, see `fetch`) from Neo4j into a graph file.

    The file is written atomically under the store's write lock. A graph file that
    already holds nodes is only replaced with `overwrite`: a pull must not silently
    discard records that were never pushed.
    """
    if isinstance(graph, nx.MultiDiGraph):
        raise UsageError("pull writes a graph file; use fetch() for an in-memory graph")
    path = graph_path(graph)
    with locked(path):
        if not overwrite and path.exists() and read_graph(path).number_of_nodes():
            raise UsageError(
                f"{path} already holds a graph; give --overwrite to replace it "
                "with what Neo4j holds, or --graph NEW_FILE"
            )
        G, report = fetch(query, connection=connection)
        write_graph(G, path)
    report.graph = str(path)
    return report
