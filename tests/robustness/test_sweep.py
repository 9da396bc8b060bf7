"""Every command over hostile graph files and hostile records: never a traceback, never
the line that reports a bug; a failure is exit 2 (or a Neo4j status) with exactly one
`Error:` line and nothing changed on disk.

The graph files are generated from the schema (`corpus.broken_graphs`: one break each,
hundreds of them), plus graphs that are valid but odd (every field filled, the last day
a date can name, control characters, names other tools reserve). The records are
generated too: every field of every kind given every bad value. Each command runs with
arguments that fit the graph, found from the command's own parameters.
"""

from __future__ import annotations

import csv
import json
import re
from itertools import cycle, islice
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from detnet.graph import store
from detnet.loaders.contract import KINDS

import detnet
from detnet.cli import cli
from detnet.cli.base import UNEXPECTED

from .corpus import broken_graphs, full_graph, full_records, record_id, write_broken

NEO4J_STATUSES = {4, 5, 6, 7}
LOADS = {("load",), ("load-list",)}  # exit 1: some rows rejected, the rest loaded


FTM_FIXTURE = Path(__file__).parent.parent / "data" / "ftm" / "opensanctions.jsonl"


def leaf_commands(group: click.Group = cli, prefix: tuple = ()) -> dict[tuple, click.Command]:
    found = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= leaf_commands(command, (*prefix, name))
        else:
            found[(*prefix, name)] = command
    return found


def arguments(graph) -> dict[tuple, list[list[str]]]:
    """Arguments for every command, fitting the graph (`{out}`: a file to write)."""
    G = store.read_graph(graph)
    first = {a["label"]: a["id"] for _, a in sorted(G.nodes(data=True), reverse=True)}
    person, official, facility = first["Person"], first["Official"], first["Facility"]
    institution = first["Institution"]
    roster = [
        "{roster}",
        "--as-of",
        "2024-01-15",
        "--source",
        "S-ROSTER",
        "--source-title",
        "A list",
    ]
    other = sorted(a["id"] for _, a in G.nodes(data=True) if a["label"] == "Person")[0]
    return {
        ("load",): [["{records}"]],
        ("load-list",): [roster, [*roster[:2], "2024-02-15", *roster[3:], "--strict", "--status", "excarcelado"]],
        ("stats",): [[], ["--format", "json"]],
        ("generate",): [["{dir}", "--persons", "3"]],
        ("demo",): [],  # writes a sample graph of its own: covered by its own tests
        ("revolving-door",): [[], ["--format", "csv", "--by-official"], ["--official", official]],
        ("timeline",): [[], ["--period", "week", "--format", "json"], ["--plot", "{out}.svg"]],
        ("detained-on",): [["2024-01-02"], ["9999-12-31", "--format", "csv"]],
        ("official",): [[official], [official, "--format", "json"]],
        ("family-reprisals",): [[], ["--within", "99999999"]],
        ("custody-gaps",): [[], ["--min-days", "0", "--format", "json"]],
        ("rank",): [["officials"], ["officials", "--by", "betweenness"]],
        ("path",): [[person, other], [person, other, "--format", "json"]],
        ("ego",): [[f"Person:{person}"], [f"Facility:{facility}", "--out", "{out}.json"]],
        ("export",): [["--format", f] for f in ("json", "graphml", "gexf")]
        + [["--format", "gexf", "--out", "{out}.gexf", "--redact"]],
        ("viz",): [["--person", person, "--out", "{out}.html"], ["--revolving-door", "--out", "{out}.html"]],
        ("dossier",): [["--official", official, "--out", "{out}.html"],
                       ["--institution", institution, "--format", "md", "--out", "{out}.md"],
                       ["--person", person, "--lang", "es", "--redact", "--out", "{out}.html"]],
        ("neo4j", "check"): [[]],
        ("neo4j", "push"): [[]],
        ("neo4j", "pull"): [["--overwrite"]],
        ("query", "list"): [[]],
        ("query", "show"): [["revolving_door"]],
        ("query", "run"): [["revolving_door"], ["detained_on", "--param", "day=2024-01-02", "--redact"]],
        ("reconcile",): [[], ["--format", "json", "--as-known-on", "2024-01"]],
        ("institution",): [[institution], [institution, "--format", "json"]],
        ("release-conditions",): [[], ["--by-institution", "--format", "csv"]],
        ("resolve", "candidates"): [[], ["--label", "Official", "--format", "json"]],
        ("resolve", "judge"): [],  # the swept graph holds one record of each label: tests/resolve
        ("resolve", "clusters"): [[]],
        ("resolve", "check"): [[]],
        ("resolve", "review"): [],  # a terminal loop: covered by its own tests
        ("import-ftm",): [[str(FTM_FIXTURE)]],
        ("sanctioned-officials",): [[], ["--format", "json"]],
        ("neo4j", "bulk"): [["{dir}"]],
    }  # fmt: skip


def snapshot(folder) -> dict:
    """What a folder holds, but the lock files (empty; a lock is taken before anything
    can fail, and removing one would break the lock of a process waiting on it)."""
    return {
        p.relative_to(folder): (p.read_bytes(), p.stat().st_mode)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def run(folder, graph, command, args, env=None):
    fill = {
        "{out}": str(folder / "out"),
        "{dir}": str(folder / "gen"),
        "{records}": str(folder / "records"),
        "{roster}": str(folder / "roster.csv"),
    }
    args = [re.sub("|".join(map(re.escape, fill)), lambda m: fill[m[0]], a) for a in args]
    graph_args = (
        []
        if command in {("generate",), ("query", "list"), ("query", "show"), ("neo4j", "check")}
        else ["--graph", str(graph)]
    )
    before = snapshot(folder)
    result = CliRunner().invoke(cli, [*command, *args, *graph_args], env=env)
    where = f"{' '.join(command)} {args} on {graph.name}"
    assert result.exit_code != UNEXPECTED, f"{where}: {result.stderr}"
    assert "Traceback" not in result.output, where
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        where,
        result.exception,
    )
    if result.exit_code == 0 or (command in LOADS and result.exit_code == 1):
        return result
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and result.stderr.endswith(errors[0] + "\n"), (where, result.stderr)
    assert result.exit_code == 2 or (
        command[0] == "neo4j" and result.exit_code in NEO4J_STATUSES
    ), where
    after = snapshot(folder)
    rejects = {p for p in after if p.name.endswith(".rejects.jsonl")} if command in LOADS else set()
    assert {p: v for p, v in after.items() if p not in rejects} == {
        p: v for p, v in before.items() if p not in rejects
    }, f"{where} failed and changed the disk"
    return result


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return full_graph(tmp_path_factory.mktemp("full"))


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DETNET_REDACT_KEY", "a test key, sixteen characters or more")
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_every_command_is_swept(full):
    assert set(arguments(full)) == set(leaf_commands())


def test_every_command_on_valid_but_odd_graphs(full, tmp_path):
    odd = {
        "full": _changed(full, tmp_path / "full.json", lambda d: None),
        "last day": _changed(full, tmp_path / "last-day.json", lambda d: [
            a.update(date="9999-12-31") for a in d["nodes"].values() if a["label"] == "Order"
        ]),
        "control characters": _changed(full, tmp_path / "control.json", lambda d: [
            a.update(notes="\x00\x1b[2J\u2028\ufffe", extra="\x07") for a in d["nodes"].values()
        ]),
        "reserved names": _changed(full, tmp_path / "reserved.json", lambda d: [
            a.update(viz="1", spells=[1, "a"], start=True, weight=2.5) for a in d["nodes"].values()
        ]),
    }  # fmt: skip
    (tmp_path / "records").mkdir()
    write_roster(tmp_path / "roster.csv", store.read_graph(full))
    for name, graph in odd.items():
        for command, variants in arguments(graph).items():
            for args in variants:
                result = run(tmp_path, graph, command, args)
                if command[0] != "neo4j" and command != ("generate",):
                    assert result.exit_code == 0, (name, command, args, result.output)
                (tmp_path / "gen").exists() and [p.unlink() for p in (tmp_path / "gen").iterdir()]


def write_roster(path, G):
    """A roster fitting the graph: a person found by id, one by national id, a new one."""
    persons = sorted((a for _, a in G.nodes(data=True) if a["label"] == "Person"), key=str)
    facility = next(a["id"] for _, a in sorted(G.nodes(data=True)) if a["label"] == "Facility")
    rows = [
        ["id", "nombre", "cedula", "situacion", "centro_id", "fecha_detencion"],
        [persons[0]["id"], "x", "", "detenida", facility, "2023-12-01"],
        ["", "y", persons[1].get("national_id", ""), "", "", "marzo 2023"],
        ["", "Zorqualda Inventada", "V-99.888.777", "casa por cárcel", "", "2023"],
    ]
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def _changed(graph, out, change):
    def changed(data):
        change(data)
        return data

    return write_broken(graph, changed, out)


def test_every_command_refuses_every_broken_graph(full, tmp_path):
    breaks = list(broken_graphs(full))
    calls = [(c, a) for c, variants in arguments(full).items() for a in variants if c != ("load",)]
    (tmp_path / "records").mkdir()
    write_roster(tmp_path / "roster.csv", store.read_graph(full))
    ran = 0
    for (name, change, _), call in zip(breaks, cycle(calls)):  # noqa: B905 (cycle)
        graph = write_broken(full, change, tmp_path / "broken.json")
        for command, args in [call, (("stats",), [])]:
            result = run(tmp_path, graph, command, args)
            if command[0] not in ("neo4j", "query") and command != ("generate",):
                assert result.exit_code == 2, (name, command, result.output)
            ran += 1
    assert ran > 300


BAD_VALUES = ["", "   ", "1/2/3/2024", "01/2024", "9999-12-31", "31/02/2024", "2024-01-01T10:1²",
              "\x00", "\x1b[2J", "=HYPERLINK(1)", "x" * 5000, "Ñ" * 3, "unknown-id", "-1", "1e400"]  # fmt: skip
JSON_VALUES = [123456789012345678901234567890, 1.5, True, None, [], ["a", 1], {"a": 1}, [["a"]]]


def hostile_rows():
    """Each field of each kind given each bad value, in JSON Lines."""
    for kind in KINDS:
        good = {f.name: _good(kind, f) for f in kind.fields}
        for field in kind.fields:
            for value in BAD_VALUES + JSON_VALUES:
                yield {"type": kind.type, **good, field.name: value}
        yield {"type": kind.type, **good, "extra": {"nested": 1}}


def _good(kind, field):
    if field.name == "id":
        return f"{record_id(kind)}-x"
    if field.ref:
        return record_id(next(k for k in KINDS if k.label == field.ref))
    if field.values:
        return field.values[0].name
    return {"date": "2024-01-02", "number": 1.5}.get(field.type, "text")


def test_load_over_hostile_records(full, tmp_path):
    records = full_records(tmp_path / "records")
    rows = list(hostile_rows())
    for chunk in islice(zip(*[iter(rows)] * 40, strict=False), 60):
        (records / "hostile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in chunk))
        graph = tmp_path / "g.json"
        run(tmp_path, graph, ("load",), ["{records}"])
        run(tmp_path, graph, ("load",), ["{records}", "--strict"])
        run(tmp_path, graph, ("load",), ["{records}", "--replace"])
        detnet.graph.store.read_graph(graph)  # what was loaded opens
    (records / "hostile.jsonl").write_bytes(b"\xff\xfe" + "id,name\n".encode("utf-16-le"))
    run(tmp_path, tmp_path / "g.json", ("load",), ["{records}"])


def hostile_roster_rows(G):
    """Each field of a roster given each bad value: rows that name one person each."""
    from detnet.loaders.lists import ROSTER

    facility = next(a["id"] for _, a in sorted(G.nodes(data=True)) if a["label"] == "Facility")
    source = next(a["id"] for _, a in sorted(G.nodes(data=True)) if a["label"] == "Source")
    good = {"status": "detenido", "facility_id": facility, "sources": source,
            "detention_date": "marzo 2023", "birth_date": "1980", "aliases": "a;b"}  # fmt: skip
    n = 0
    for field in ROSTER.fields:
        for value in BAD_VALUES + JSON_VALUES:
            n += 1
            row = {**good, "name": f"Rosterperson {n}", "national_id": f"V-{10_000_000 + n}"}
            yield {**row, field.name: value}
    yield {**good, "name": "Rosterperson 0", "extra": {"nested": 1}}


def test_load_list_over_hostile_rosters(full, tmp_path):
    """Every row of a hostile roster is loaded or kept in the rejects file: none lost."""
    graph = write_broken(full, lambda d: d, tmp_path / "g.json")
    rows = list(hostile_roster_rows(store.read_graph(graph)))
    assert len(rows) > 300
    loaded = rejected = 0
    for n, chunk in enumerate(zip(*[iter(rows)] * 40, strict=False)):
        roster = tmp_path / "roster.jsonl"
        roster.write_text("".join(json.dumps(r) + "\n" for r in chunk))
        as_of = f"2024-{n % 12 + 1:02d}-{n // 12 + 1:02d}"
        rejects = tmp_path / f"r{n}.rejects.jsonl"
        args = [str(roster), "--as-of", as_of, "--source", "S-HOSTILE", "--source-title", "A list"]
        run(tmp_path, graph, ("load-list",), [*args, "--strict", "--rejects", str(rejects)])
        rejects.unlink(missing_ok=True)
        run(tmp_path, graph, ("load-list",), [*args, "--rejects", str(rejects)])
        G = store.read_graph(graph)
        listed = sum(1 for _, a in G.nodes(data=True) if a.get("as_of") == as_of)
        kept = len(rejects.read_text().splitlines()) if rejects.exists() else 0
        assert listed + kept == len(chunk), (as_of, listed, kept)
        loaded, rejected = loaded + listed, rejected + kept
        run(tmp_path, graph, ("load-list",), [*args, "--replace", "--rejects", str(rejects)])
    assert loaded > 100 and rejected > 100, (loaded, rejected)


def test_an_unexpected_error_is_one_line_naming_the_command(full, monkeypatch):
    """What the sweep must never see: a bug, told in one line that asks for a report,
    with a status of its own (never a silent success), and no record in it."""
    from detnet.queries import registry

    def broken(*args, **kwargs):
        raise ValueError("Ana María Pérez")  # a message that could hold a record

    monkeypatch.setattr(registry, "run", broken)
    result = CliRunner().invoke(cli, ["query", "run", "revolving_door", "--graph", str(full)])
    assert result.exit_code == UNEXPECTED == 70
    assert result.stderr == (
        f"Error: detnet query run failed unexpectedly (ValueError); this is a bug in detnet "
        f"{detnet_version()}: please report it as SECURITY.md says, without real records\n"
    )


def detnet_version() -> str:
    from importlib import metadata

    return metadata.version("detnet")
