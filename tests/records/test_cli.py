"""The records commands through click's CliRunner: exact messages and exit codes."""

from __future__ import annotations

import json

from click.testing import CliRunner
from detnet.graph import store

from detnet.cli import cli

from .helpers import basic, write

MESSY = "tests/data/messy"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_load_prints_a_summary_and_exits_0(tmp_path):
    folder = basic(tmp_path / "r")
    graph = tmp_path / "g.json"
    result = run("load", str(folder), "--graph", str(graph))
    assert result.exit_code == 0
    assert result.stdout == (
        f"graph: {graph}\n"
        "added: Facility 1, Official 1, Order 2, Person 2, Source 1\n"
        "unchanged: none\n"
        "replaced: none\n"
        "rejected: 0\n"
    )
    again = run("load", str(folder), "--graph", str(graph))
    assert again.stdout.splitlines()[1:3] == [
        "added: none",
        "unchanged: Facility 1, Official 1, Order 2, Person 2, Source 1",
    ]


def test_graph_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DETNET_GRAPH", str(tmp_path / "env.json"))
    assert run("load", str(basic(tmp_path / "r"))).exit_code == 0
    assert (tmp_path / "env.json").exists()


def test_the_messy_folder(tmp_path):
    """The foundation issue's "done when": every valid row loads, exactly the bad ones don't."""
    graph = tmp_path / "g.json"
    result = run("load", MESSY, "--graph", str(graph))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"ignored: {MESSY}/README.txt (not a record file)",
        f"rejected: {MESSY}/orders.csv:7: person_id: required field is empty",
        f"rejected: {MESSY}/orders.csv:8: date: no such date: '30/02/2024'",
        f"rejected: {MESSY}/orders.csv:9: kind: unknown kind 'interrogatorio' "
        "(expected one of arrest, death, disappearance, exile, house_arrest, release, sentence, transfer)",
        f"rejected: {MESSY}/orders.csv:10: status: unknown status 'rumoreado' "
        "(expected one of claimed, disputed, verified)",
        f"rejected: {MESSY}/orders.jsonl:5: person_id: unknown person 'MP99'",
        f"rejected: {MESSY}/orders.jsonl:6: official_id: unknown official 'MF77'",
        f"rejected: {MESSY}/orders.jsonl:7: person_id: unknown person 'MP5' "
        f"(its own row, {MESSY}/persons.csv:6, was rejected)",
        f"rejected: {MESSY}/persons.csv:5: name: required field is empty",
        f"rejected: {MESSY}/persons.csv:6: birth_date: no such date: '31/02/1988'",
    ]
    assert result.stdout.splitlines()[-1] == (
        f"rejected: 9 (rows and reasons in {tmp_path / 'g.rejects.jsonl'})"
    )
    stats = json.loads(run("stats", "--graph", str(graph), "--format", "json").stdout)
    assert stats == {
        "nodes": {"Person": 3, "Official": 2, "Facility": 2, "Institution": 0, "Order": 9,
                  "Status": 0, "Claim": 0, "Source": 1},
        "relationships": {
            "ISSUED": 8, "CONCERNS": 9, "AT": 8, "FAMILY": 2, "IS_PERSON": 1, "MEMBER_OF": 0,
            "PART_OF": 0, "OPERATES": 0, "MADE": 0, "JUDGED": 0, "CITES": 3
        },
        "orders": {
            "by_kind": {"arrest": 5, "release": 3, "transfer": 1},
            "by_status": {"claimed": 1, "verified": 8},
        },
        "dates": {"first": "2024-01-12", "last": "2024-06-01"},
    }  # fmt: skip
    G = store.read_graph(graph)
    person = G.nodes["Person:MP1"]
    assert person["name"] == "Zoraida Quintovar Peña"  # cp1252 decoded
    assert person["birth_date"] == "1980-04-03"  # DD/MM/YYYY
    assert (person["birth_date_start"], person["birth_date_end"]) == ("1980-04-03", "1980-04-03")
    assert person["aliases"] == ["Zora", "La Peña"]
    assert person["observador"] == "equipo norte"  # an extra column kept
    assert G.nodes["Order:MO10"]["date"] == "2024-02-01T08:30:00"
    assert G.edges["Person:MP3", "Person:MP1", "FAMILY"]["relation"] == "spouse"


def test_strict_exits_2_and_writes_nothing(tmp_path):
    graph = tmp_path / "g.json"
    result = run("load", MESSY, "--graph", str(graph), "--strict")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: --strict: 9 rows rejected, nothing loaded; "
        f"rejected rows are in {tmp_path / 'g.rejects.jsonl'}"
    )
    assert not graph.exists()


def test_rejects_option(tmp_path):
    rejects = tmp_path / "out" / "fix.jsonl"
    rejects.parent.mkdir()
    result = run("load", MESSY, "--graph", str(tmp_path / "g.json"), "--rejects", str(rejects))
    assert result.stdout.splitlines()[-1] == f"rejected: 9 (rows and reasons in {rejects})"
    assert len(rejects.read_text().splitlines()) == 9


def test_replace_option(tmp_path):
    graph = tmp_path / "g.json"
    run("load", str(basic(tmp_path / "r")), "--graph", str(graph))
    changed = write(tmp_path / "c", persons_csv="id,name\nP1,New Name\n")
    assert run("load", str(changed), "--graph", str(graph)).exit_code == 2
    result = run("load", str(changed), "--graph", str(graph), "--replace")
    assert result.exit_code == 0
    assert "replaced: Person 1" in result.stdout.splitlines()


def test_unreadable_input_exits_2_with_one_line(tmp_path):
    result = run("load", str(tmp_path / "missing"), "--graph", str(tmp_path / "g.json"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'missing'}: no such file or directory\n"


def test_a_corrupt_graph_is_an_error_not_a_traceback(tmp_path):
    graph = tmp_path / "g.json"
    graph.write_text("{not json")
    result = run("stats", "--graph", str(graph))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {graph}: not a detnet graph file (not valid JSON)\n"


def test_stats_table(tmp_path):
    graph = tmp_path / "g.json"
    run("load", str(basic(tmp_path / "r")), "--graph", str(graph))
    out = run("stats", "--graph", str(graph)).stdout.splitlines()
    width = len("relationships IS_PERSON")  # the longest label
    assert out[:3] == [
        "what".ljust(width) + "  count",
        "-" * width + "  -----",
        "nodes Person".ljust(width) + "  2",
    ]
    assert out[-1] == "order dates: 2024-01-10 to 2024-02-10"


def test_generate_is_deterministic_for_a_seed(tmp_path):
    for name in ("a", "b", "c"):
        seed = "5" if name != "c" else "6"
        result = run("generate", str(tmp_path / name), "--persons", "120", "--seed", seed)
        assert result.exit_code == 0
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == ["claims.csv", "facilities.csv", "family.csv", "institutions.csv",
                     "officials.csv", "orders.csv", "persons.csv", "sources.csv"]  # fmt: skip
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    assert (tmp_path / "a" / "orders.csv").read_bytes() != (
        tmp_path / "c" / "orders.csv"
    ).read_bytes()


def test_generated_records_load_cleanly_with_the_promised_structure(tmp_path):
    run("generate", str(tmp_path / "r"), "--persons", "600", "--seed", "2")
    graph = tmp_path / "g.json"
    assert run("load", str(tmp_path / "r"), "--graph", str(graph)).exit_code == 0
    stats = json.loads(run("stats", "--graph", str(graph), "--format", "json").stdout)
    kinds, statuses = stats["orders"]["by_kind"], stats["orders"]["by_status"]
    assert set(kinds) == {"arrest", "release", "transfer", "sentence", "house_arrest",
                          "disappearance", "exile", "death"}  # fmt: skip
    assert kinds["arrest"] > stats["nodes"]["Person"]  # several episodes per person
    assert statuses["claimed"] > 0 and statuses["disputed"] > 0
    assert stats["relationships"]["FAMILY"] > 0 and stats["relationships"]["IS_PERSON"] > 0
    assert stats["dates"]["last"] <= "2026-01-20"
    names = (tmp_path / "r" / "persons.csv").read_text()
    assert "synthetic record" in names


def test_generate_rejects_a_bad_count(tmp_path):
    result = run("generate", str(tmp_path / "r"), "--persons", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--persons': 0 is not in the range x>=1." in result.stderr


def test_demo_loads_the_samples(tmp_path):
    result = run("demo", "--graph", str(tmp_path / "demo.json"))
    assert result.exit_code == 0, result.output
    assert "loaded sample seed-article: added" in result.stdout
    assert (tmp_path / "demo.json").exists()


def _load_with_stderr(tmp_path, stderr, delay: str) -> bytes:
    import os
    import pty
    import subprocess
    import sys

    env = {**os.environ, "DETNET_PROGRESS_DELAY": delay}
    code = "from detnet.cli import main; main()"
    folder = str(basic(tmp_path / "r"))
    if stderr == "tty":
        leader, follower = pty.openpty()
        proc = subprocess.run(
            [sys.executable, "-c", code, "load", folder, "--graph", str(tmp_path / "g.json")],
            stderr=follower,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(leader)
        assert proc.returncode == 0
        return out
    proc = subprocess.run(
        [sys.executable, "-c", code, "load", folder, "--graph", str(tmp_path / "g.json")],
        capture_output=True,
        env=env,
    )
    return proc.stderr


def test_progress_bar_on_a_terminal_once_the_load_is_slow(tmp_path):
    assert b"loading" in _load_with_stderr(tmp_path, "tty", delay="0")
    assert b"loading" not in _load_with_stderr(tmp_path, "tty", delay="60")


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    assert _load_with_stderr(tmp_path, "pipe", delay="0") == b""


def test_the_console_script_prints_everything_and_keeps_exit_codes(tmp_path):
    """`detnet` itself (detnet.cli.main) leaves with os._exit: nothing may be lost."""
    import subprocess
    import sys

    graph = tmp_path / "g.json"
    assert run("demo", "--graph", str(graph)).exit_code == 0
    command = [sys.executable, "-c", "from detnet.cli import main; main()"]
    done = subprocess.run(
        [*command, "revolving-door", "--format", "json", "--graph", str(graph)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr == ""
    expected = run("revolving-door", "--format", "json", "--graph", str(graph)).stdout
    assert done.stdout == expected and json.loads(done.stdout)
    folder = basic(tmp_path / "r")
    done = subprocess.run(
        [*command, "load", str(folder), "--graph", str(graph)], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith(f"graph: {graph}\nadded: ")
    assert store.read_graph(graph).has_node("Person:P1")
    done = subprocess.run(
        [*command, "stats", "--graph", str(tmp_path / "none.json")], capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"Error: {tmp_path / 'none.json'}: no graph here yet; "
        "run `detnet load RECORDS` or give --graph\n"
    )
    done = subprocess.run([*command, "stats", "--nope"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "Error: No such option '--nope'. (see detnet stats --help)\n"
