"""`detnet viz` through click's CliRunner: exact messages and exit codes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from detnet.queries.revolving import revolving_door

import detnet
from detnet.cli import cli

from .conftest import REDACTED_PERSONS, redaction_records


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def graph(tmp_path) -> str:
    path = tmp_path / "g.json"
    detnet.load(detnet.sample_path("synthetic"), graph=path)
    return str(path)


def test_writes_the_page_and_says_where(graph, tmp_path):
    out = tmp_path / "door.html"
    result = run(
        "viz", "--graph", graph, "--out", str(out), "--revolving-door", "--official", "F0005"
    )
    view = detnet.render(graph, revolving_door=True, official="F0005")
    assert result.exit_code == 0
    assert result.stdout == f"wrote {out}: {view.nodes} nodes, {view.edges} edges\n"
    assert out.read_text(encoding="utf-8") == view.html


def test_options_reach_the_view(graph, tmp_path):
    out = tmp_path / "p.html"
    args = ["--person", "P000001", "--hops", "2", "--since", "01/01/2020", "--until", "2022-12-31"]
    assert run("viz", "--graph", graph, "--out", str(out), *args).exit_code == 0
    view = detnet.render(graph, person="P000001", hops=2, since="2020-01-01", until="2022-12-31")
    assert out.read_text(encoding="utf-8") == view.html
    assert view.title.endswith(", from 2020-01-01 to 2022-12-31")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--layout", "circle"], "Error: Invalid value for '--layout'"),
        (["--lang", "fr"], "Error: Invalid value for '--lang'"),
        (["--person", "P-NOBODY"], "Error: unknown person 'P-NOBODY'"),
        (["--facility", "C-NOBODY"], "Error: unknown facility 'C-NOBODY'"),
        (["--since", "2024-02-30"], "Error: --since: no such date: '2024-02-30'"),
        (["--person", "P000001", "--hops", "-1"], "Error: --hops: expected a whole number"),
        (["--revolving-door", "--facility", "C001"], "Error: --revolving-door combines with"),
    ],
)
def test_bad_requests_are_one_line_errors(graph, tmp_path, args, message):
    out = tmp_path / "x.html"
    result = run("viz", "--graph", graph, "--out", str(out), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_out_is_required_and_never_the_graph(graph):
    assert "Missing option '--out'" in run("viz", "--graph", graph).stderr
    result = run("viz", "--graph", graph, "--out", graph, "--person", "P000001")
    assert result.exit_code == 2
    assert result.stderr == f"Error: --out: {graph} is the graph itself; choose another file\n"


def test_unwritable_out_is_an_error(graph, tmp_path):
    out = tmp_path / "missing" / "x.html"
    result = run("viz", "--graph", graph, "--out", str(out), "--person", "P000001")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out}: No such file or directory\n"


def test_redact_from_the_command_line(tmp_path, monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", "a key for this test only")
    graph = tmp_path / "g.json"
    detnet.load(redaction_records(tmp_path / "records"), graph=graph)
    out = tmp_path / "r.html"
    result = run(
        "viz",
        "--graph",
        str(graph),
        "--out",
        str(out),
        "--person",
        "P-ROSALBA-QUINTERO",
        "--redact",
    )
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "Governor Aristóbulo Pérez Yánez" in page
    for row in REDACTED_PERSONS:
        assert row[1] not in page and row[0] not in page


def test_include_claimed_counts_announced_releases(graph, tmp_path):
    counted = len(revolving_door(graph, include_claimed=True))
    assert counted > len(revolving_door(graph))
    out = tmp_path / "c.html"
    args = ["--revolving-door", "--include-claimed"]
    assert run("viz", "--graph", graph, "--out", str(out), *args).exit_code == 0
    title = f"Revolving door: {counted} re-arrests after a release"
    assert title in out.read_text(encoding="utf-8")
