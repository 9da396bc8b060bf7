"""The smaller defects of the adversarial pass (issue 13), each by its own test: settings
in the environment, huge numbers, file names with newlines, UTF-16 files, files that
`generate` would overwrite, temporary files a killed write leaves."""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import time

import click
import pytest
from click.testing import CliRunner
from detnet.graph import store
from detnet.graph.errors import InputError, UsageError
from detnet.graph.files import private_file

import detnet
from detnet.cli import cli


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.fixture
def graph(tmp_path):
    path = tmp_path / "g.json"
    detnet.load(detnet.sample_path("seed-article"), graph=path)
    return path


@pytest.mark.parametrize("value", ["abc", "-1", "nan", ""])
def test_a_bad_lock_timeout_is_one_error_line(graph, value):
    args = ["load", str(detnet.sample_path("seed-article")), "--graph", str(graph)]
    result = invoke(*args, env={"DETNET_LOCK_TIMEOUT": value})
    if value == "":  # unset: the default
        assert result.exit_code == 0
        return
    assert one_error_line(result) == (
        f"Error: DETNET_LOCK_TIMEOUT: expected a number of seconds, 0 or more, not {value!r}"
    )


def test_a_bad_progress_delay_is_one_error_line(monkeypatch):
    from detnet.cli.base import _delayed_bar

    monkeypatch.setenv("DETNET_PROGRESS_DELAY", "soon")
    with pytest.raises(UsageError, match="DETNET_PROGRESS_DELAY: expected a number"):
        list(_delayed_bar(range(3), 3, "loading"))


def test_a_huge_number_of_hops_ends(graph, tmp_path):
    out = tmp_path / "v.html"
    started = time.monotonic()
    for args in (
        ["viz", "--person", "P-MARQUEZ", "--hops", "99999999999999999999", "--out", str(out)],
        ["ego", "P-MARQUEZ", "--hops", "9223372036854775807"],
    ):
        result = invoke(*args, "--graph", str(graph))
        assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30


def test_a_newline_in_a_file_name_stays_on_one_line(tmp_path):
    folder = tmp_path / "line\nbreak"
    folder.mkdir()
    (folder / "persons.csv").write_text("id,name\nP1,\n")
    result = invoke("load", str(folder), "--graph", str(tmp_path / "g.json"))
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert rejected == [
        f"rejected: {tmp_path}/line\\nbreak/persons.csv:2: name: required field is empty"
    ]
    result = invoke("stats", "--graph", str(folder / "none.json"))
    assert "line\\nbreak" in one_error_line(result)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_file_with_its_bom_is_read(tmp_path, encoding):
    folder = tmp_path / "r"
    folder.mkdir()
    text = "id,name\nP1,Zoraida Peña\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    (folder / "persons.csv").write_bytes(bom + text.encode(encoding))
    G = store.new_graph()
    report = detnet.load(folder, graph=G)
    assert report.rejections == [] and G.nodes["Person:P1"]["name"] == "Zoraida Peña"


def test_a_utf16_file_without_its_bom_is_refused_with_a_hint(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "persons.csv").write_bytes("id,name\nP1,Zoraida\n".encode("utf-16-le"))
    with pytest.raises(InputError) as e:
        detnet.load(folder, graph=store.new_graph())
    assert str(e.value) == (
        f"{folder / 'persons.csv'}:1: the header holds NUL bytes: is the file UTF-16 "
        "without a byte order mark? Save it as UTF-8"
    )


def test_generate_does_not_overwrite_records(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "persons.csv").write_text("id,name\nP1,Real Person\n")
    result = invoke("generate", str(folder), "--persons", "5")
    assert one_error_line(result) == (
        f"Error: {folder / 'persons.csv'} exists: generate writes into a folder "
        "without record files"
    )
    assert (folder / "persons.csv").read_text() == "id,name\nP1,Real Person\n"
    assert sorted(p.name for p in folder.iterdir()) == ["persons.csv"]


@pytest.mark.parametrize(
    ("written", "options"),
    [("statuses.csv", []), ("rosters/2026-01-15.csv", ["--rosters"])],
)
def test_generate_does_not_overwrite_lists(tmp_path, written, options):
    folder = tmp_path / "records"
    (folder / written).parent.mkdir(parents=True)
    (folder / written).write_text("a list someone keeps\n")
    result = invoke("generate", str(folder), "--persons", "5", "--lists", "3", *options)
    assert one_error_line(result) == (
        f"Error: {folder / written} exists: generate writes into a folder without record files"
    )
    assert (folder / written).read_text() == "a list someone keeps\n"
    assert sorted(p.name for p in folder.rglob("*.csv")) == [written.split("/")[-1]]


def test_generated_lists_are_private(tmp_path):
    invoke("generate", str(tmp_path / "r"), "--persons", "5", "--lists", "2", "--rosters")
    files = sorted((tmp_path / "r").rglob("*.csv"))
    assert len(files) == 10 and {f.stat().st_mode & 0o777 for f in files} == {0o600}


WRITER = """
import sys, time
from detnet.graph.files import private_file
with private_file(sys.argv[1]) as f:
    f.write(b"half")
    print("writing", flush=True)
    time.sleep(30)
"""


def test_a_killed_write_leaves_no_temporary_file_for_long(tmp_path):
    target = tmp_path / "g.json"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE)
    assert writer.stdout.readline() == b"writing\n"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    [left] = [p.name for p in tmp_path.iterdir()]
    assert left.startswith(".g.json.") and left.endswith(".tmp")
    with private_file(target) as f:  # the next write of the same file cleans up
        f.write(b"whole")
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_a_write_in_progress_is_not_cleaned_up(tmp_path):
    target = tmp_path / "g.json"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE)
    try:
        assert writer.stdout.readline() == b"writing\n"
        with private_file(tmp_path / "other.json") as f:
            f.write(b"x")
        with private_file(target) as f:
            f.write(b"whole")
        assert len([p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]) == 1
    finally:
        writer.kill()
        writer.wait()


# Found looking for more of the same class (issue 13: "the cases are examples").


def file_options(command) -> list[str]:
    """The options of a command that name a file it writes."""
    return [
        o.opts[0]
        for o in command.params
        if isinstance(o, click.Option) and o.name in ("out", "plot", "rejects")
    ]


@pytest.mark.parametrize("name", ["", "sub/", "."])
def test_an_output_that_names_no_file_is_refused_and_nothing_is_written(
    tmp_path, monkeypatch, name
):
    """`ego --out ""` (an empty variable in a script) wrote over the default graph."""
    from .corpus import full_graph
    from .test_sweep import arguments, leaf_commands, run

    monkeypatch.chdir(tmp_path)  # where the default graph would be
    graph = full_graph(tmp_path / "full")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "persons.csv").write_text("id,name\nP1,\n")
    (tmp_path / "roster.csv").write_text("nombre\nAna\n")
    checked = set()
    for command, variants in arguments(graph).items():
        for option in file_options(leaf_commands()[command]):
            args = [*variants[0], option, name] if variants else [option, name]
            result = run(tmp_path, graph, command, args)  # exit 2, one line, nothing written
            assert result.exit_code == 2, (command, option, result.output)
            checked.add(command)
    assert {("load",), ("load-list",), ("viz",), ("dossier",), ("export",)} <= checked


def test_a_roster_source_is_an_id_as_sources_csv_gives_it(tmp_path):
    graph = tmp_path / "g.json"
    detnet.load(detnet.sample_path("seed-article"), graph=graph)
    (tmp_path / "roster.csv").write_text("nombre\nAna\n")
    before = graph.read_bytes()
    for source in ("", "   "):
        result = invoke("load-list", str(tmp_path / "roster.csv"), "--as-of", "2024-01-01",
                        "--source", source, "--source-title", "A list", "--graph", str(graph))  # fmt: skip
        assert (
            one_error_line(result)
            == f"Error: --source: expected the id of a source, not {source!r}"
        )
    assert graph.read_bytes() == before
    report = detnet.load_list(tmp_path / "roster.csv", graph=graph, as_of="2024-01-01",
                              source=" S-SEED-2026-01-24 ")  # fmt: skip
    assert report.added == {"Person": 1, "Status": 1}
