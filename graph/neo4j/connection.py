"""Reaching a Neo4j server: settings, the connection, and errors in our own words.

Connection settings come from the environment only, never from command-line
arguments: `NEO4J_URI` (required), `NEO4J_USER` (default `neo4j`), `NEO4J_PASSWORD`,
`NEO4J_DATABASE` (default `neo4j`). The password is never printed or logged: every
error message is built from our own words, the address without any user info, and a
last scrub of the password itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import neo4j
import neo4j.exceptions as ne

from ..errors import (
    Neo4jAuthError,
    Neo4jDatabaseError,
    Neo4jStoreError,
    Neo4jUnreachableError,
    UsageError,
)
from ..schema import LABELS
from .cypher import constraint_name

URI_ENV, USER_ENV, PASSWORD_ENV, DATABASE_ENV = (
    "NEO4J_URI",
    "NEO4J_USER",
    "NEO4J_PASSWORD",
    "NEO4J_DATABASE",
)
DEFAULT_USER = DEFAULT_DATABASE = "neo4j"
# Bolt only: the driver's HTTP support is a preview, and needs packages we do not ship.
SCHEMES = ("bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc")
DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"


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
