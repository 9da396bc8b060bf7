"""Fixtures for the tests that need a real Neo4j server (no mocks).

The server is named by NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE, as
`eval "$(tools/neo4j/server.sh start)"` exports them. Without them the tests skip on a
developer's machine; with CI=true a missing or unusable server fails them instead, so
that CI can never pass by skipping Neo4j.
"""

from __future__ import annotations

import os
from contextlib import ExitStack

import pytest
from detnet.graph import neo4j
from detnet.graph.errors import DetnetError

from .helpers import wipe


def missing(reason: str) -> None:
    """Skip, or fail under CI, a test that cannot get its Neo4j server."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: the Neo4j tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server() -> neo4j.Connection:
    """One connection for the whole session, to the server in the environment."""
    if not os.environ.get(neo4j.URI_ENV):
        missing("NEO4J_URI is not set: run tools/neo4j/server.sh start (see tools/neo4j/README.md)")
    with ExitStack() as stack:
        try:
            connection = stack.enter_context(neo4j.connect())
            neo4j.check(connection)
        except DetnetError as e:
            missing(f"the Neo4j server in NEO4J_URI cannot be used: {e}")
        yield connection


@pytest.fixture
def neo4j_db(neo4j_server) -> neo4j.Connection:
    """The session's connection, with the database emptied before the test."""
    wipe(neo4j_server)
    return neo4j_server
