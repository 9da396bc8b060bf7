"""Connecting: settings from the environment only, one clear error (and exit status) for
each way it fails, and the password never printed, logged or taken as an option."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys

import click
import neo4j.exceptions as ne
import pytest
from click.testing import CliRunner
from detnet.graph import neo4j
from detnet.graph.errors import Neo4jAuthError, Neo4jStoreError, Neo4jUnreachableError, UsageError

from detnet.cli import cli

pytestmark = pytest.mark.neo4j

SECRET = "s3cret-Never-Print-Me"
NOBODY = "detnet-test-nobody"  # a user that does not exist: failed logins lock no real user


def run(*args: str, **env: str | None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_check_prints_the_server_version_and_database(neo4j_server):
    result = run("neo4j", "check")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("server: Neo4j 5.")
    assert lines[0].endswith(f"at {neo4j_server.settings.address}")
    assert lines[1] == f"database: {neo4j_server.settings.database}"


def test_check_as_json(neo4j_server):
    info = neo4j.check(neo4j_server)
    assert info["version"].startswith("5.")
    assert info["database"] == os.environ.get("NEO4J_DATABASE", "neo4j")
    assert set(info) == {
        "address", "database", "version", "edition", "nodes", "relationships", "constraints"
    }  # fmt: skip


def test_unreachable_server_exits_4(neo4j_server):
    port = free_port()
    result = run("neo4j", "check", NEO4J_URI=f"bolt://127.0.0.1:{port}")
    assert result.exit_code == 4
    assert result.stderr == (
        f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port} "
        "(is the server running, and is NEO4J_URI right?)\n"
    )


def test_refused_credentials_exit_5_without_the_password(neo4j_server):
    result = run("neo4j", "check", NEO4J_USER=NOBODY, NEO4J_PASSWORD=SECRET)
    assert result.exit_code == 5
    assert result.stderr == (
        f"Error: Neo4j at {neo4j_server.settings.address} refused user {NOBODY!r} with the "
        "password in NEO4J_PASSWORD (check NEO4J_USER and NEO4J_PASSWORD)\n"
    )
    assert SECRET not in result.output


def test_unknown_database_exits_6(neo4j_server):
    result = run("neo4j", "check", NEO4J_DATABASE="nosuchdb")
    assert result.exit_code == 6
    assert result.stderr == (
        f"Error: Neo4j at {neo4j_server.settings.address} has no database 'nosuchdb' "
        "(check NEO4J_DATABASE)\n"
    )
    assert os.environ["NEO4J_PASSWORD"] not in result.output


def test_unset_uri_is_a_usage_error():
    result = run("neo4j", "check", NEO4J_URI=None)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: NEO4J_URI is not set")


@pytest.mark.parametrize(
    "uri, message",
    [
        ("http://127.0.0.1:7474", "NEO4J_URI 'http://127.0.0.1:7474' is not a Neo4j Bolt address"),
        (f"bolt://neo4j:{SECRET}@127.0.0.1:7687", "NEO4J_URI must not hold a user or password"),
        ("bolt://[::1", "NEO4J_URI cannot be read as an address"),
    ],
)
def test_a_bad_uri_is_refused_before_connecting(uri, message):
    result = run("neo4j", "check", NEO4J_URI=uri)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert SECRET not in result.output


def test_no_command_takes_a_password_option():
    def options(command: click.Command):
        yield from (opt for p in command.params for opt in getattr(p, "opts", []))
        for sub in getattr(command, "commands", {}).values():
            yield from options(sub)

    assert not [o for o in options(cli) if "pass" in o.lower() or "secret" in o.lower()]


def test_settings_never_show_the_password():
    settings = neo4j.Settings("bolt://localhost:7687", "neo4j", SECRET)
    assert SECRET not in repr(settings) and SECRET not in str(settings)


def test_the_driver_logs_no_password(neo4j_server, caplog):
    """Even at DEBUG, with the driver's own logging on, neither a refused nor a good
    password appears in any log record."""
    settings = neo4j_server.settings
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        with pytest.raises(Neo4jAuthError):
            with neo4j.connect(neo4j.Settings(settings.uri, NOBODY, SECRET)):
                pass
        with neo4j.connect(settings) as conn:
            neo4j.check(conn)
    assert caplog.records, "the driver logged nothing: the test would prove nothing"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SECRET not in logged
    assert settings.password not in logged


def test_errors_are_scrubbed_of_the_password():
    """Should a driver message ever quote the password, the error shows *** instead."""
    settings = neo4j.Settings("bolt://127.0.0.1:9", "neo4j", SECRET)
    with pytest.raises(Neo4jUnreachableError) as error:
        with neo4j.translated(settings):
            raise ne.ServiceUnavailable(f"failed with {SECRET}")
    assert SECRET not in str(error.value)
    with pytest.raises(Neo4jStoreError, match=r"127.0.0.1:9: bad \*\*\*$"):
        with neo4j.translated(settings):
            raise ne.DriverError(f"bad {SECRET}")


def test_a_bad_batch_size_is_refused_before_connecting(seed_graph):
    with pytest.raises(UsageError, match="--batch-size: expected a whole number, 1 or more"):
        neo4j.push(seed_graph, batch_size=0)


def test_the_neo4j_commands_talk_to_nothing_but_the_server(neo4j_db, tmp_path):
    """Run in subprocesses whose socket layer records every connection and name lookup
    (tests/robustness/test_no_network.py): all go to the host and port of NEO4J_URI."""
    from urllib.parse import urlsplit

    from tests.robustness.test_no_network import SITECUSTOMIZE

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net.log"
    graph = tmp_path / "g.json"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "DETNET_NET_LOG": str(log)}
    calls = [
        ("load", "samples/synthetic", "--graph", str(graph)),
        ("neo4j", "check"),
        ("neo4j", "push", "--graph", str(graph)),
        ("query", "run", "timeline", "--backend", "neo4j"),
        ("revolving-door", "--backend", "neo4j"),
        ("neo4j", "pull", "--graph", str(tmp_path / "pulled.json")),
    ]
    for args in calls:
        done = subprocess.run(
            [sys.executable, "-c", "from detnet.cli import main; main()", *args],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    server = urlsplit(os.environ["NEO4J_URI"])
    hosts = {server.hostname} | {a[4][0] for a in socket.getaddrinfo(server.hostname, server.port)}
    entries = log.read_text().splitlines()
    assert entries, "nothing recorded: the recorder is not working"
    for entry in entries:  # e.g. connect (ResolvedIPv4Address(('127.0.0.1', 7687)),)
        host, port = re.search(r"\('([^']*)', '?(\d+)'?", entry).groups()
        assert (host, int(port)) in {(h, server.port) for h in hosts}, entry
