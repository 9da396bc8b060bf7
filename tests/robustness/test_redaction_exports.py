"""Every path by which data leaves the tool honours --redact: JSON, CSV, GraphML, GEXF,
graph files and HTML. Each output is searched for every identifying value of every
person; without --redact the same search finds them, so the check can fail."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from detnet.cli import cli

PERSONS = """id,name,national_id,birth_date,aliases,notes,barrio
P-QUINTOVAR,Zorqualda Quintovar,V-98765432,14/03/1977,La Zorq;ZQV,seen near the plaza,Pueblo Quieto
P-HUXAMIR,Velpendra Huxamir,V-87654321,02/11/1980,Velpi,brother of a journalist,Cerro Alto
"""
OFFICIALS = "id,name,position\nF-PLOX,Judge Ploxamir Zellent,control court judge\n"
FACILITIES = "id,name,kind\nC-HELIX,Synthetic Helix Centre,intelligence\n"
ORDERS = """id,kind,date,person_id,official_id,facility_id,case_number,notes
O-QUINTOVAR-1,arrest,2024-01-10,P-QUINTOVAR,F-PLOX,C-HELIX,EXP-QUINTOVAR-01,Zorqualda taken at home
O-QUINTOVAR-2,release,2024-02-10,P-QUINTOVAR,F-PLOX,C-HELIX,EXP-QUINTOVAR-01,
O-QUINTOVAR-3,arrest,2024-03-01,P-QUINTOVAR,F-PLOX,,EXP-QUINTOVAR-02,
O-HUXAMIR-1,arrest,2024-02-20,P-HUXAMIR,F-PLOX,C-HELIX,,
"""
FAMILY = (
    "person_id,relative_id,relation,notes\nP-QUINTOVAR,P-HUXAMIR,sibling,Velpendra is her brother\n"
)

IDENTIFYING = [
    "Zorqualda", "Quintovar", "QUINTOVAR", "Velpendra", "Huxamir", "HUXAMIR",
    "V-98765432", "98765432", "V-87654321", "1977-03-14", "1980-11-02",
    "La Zorq", "ZQV", "Velpi", "seen near the plaza", "brother of a journalist",
    "Pueblo Quieto", "Cerro Alto", "taken at home", "her brother", "EXP-QUINTOVAR",
]  # fmt: skip
KEPT = ["Judge Ploxamir Zellent", "Synthetic Helix Centre"]


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records")
    for name, text in [
        ("persons", PERSONS), ("officials", OFFICIALS), ("facilities", FACILITIES),
        ("orders", ORDERS), ("family", FAMILY),
    ]:  # fmt: skip
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    graph = folder / "g.json"
    result = CliRunner().invoke(cli, ["load", str(folder), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return graph


@pytest.fixture(autouse=True)
def redaction_key(monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", "a test key, sixteen characters or more")


STDOUT_PATHS = {
    "revolving-door json": ["revolving-door", "--format", "json"],
    "revolving-door csv": ["revolving-door", "--format", "csv"],
    "detained-on json": ["detained-on", "2024-02-25", "--format", "json"],
    "detained-on csv": ["detained-on", "2024-02-25", "--format", "csv"],
    "official json": ["official", "F-PLOX", "--format", "json"],
    "family-reprisals json": ["family-reprisals", "--format", "json"],
    "family-reprisals csv": ["family-reprisals", "--format", "csv"],
    "custody-gaps json": ["custody-gaps", "--format", "json"],
    "custody-gaps csv": ["custody-gaps", "--format", "csv"],
    "path json": ["path", "P-QUINTOVAR", "P-HUXAMIR", "--format", "json"],
    "path chain": ["path", "P-QUINTOVAR", "P-HUXAMIR"],
    "ego table": ["ego", "Person:P-QUINTOVAR", "--hops", "2"],
    "query run json": ["query", "run", "revolving_door", "--format", "json"],
    "query run csv": ["query", "run", "custody_gaps", "--format", "csv"],
    "export json": ["export", "--format", "json"],
    "export graphml": ["export", "--format", "graphml"],
    "export gexf": ["export", "--format", "gexf"],
    "export ego graphml": ["export", "--format", "graphml", "--ego", "P-QUINTOVAR"],
}


def found(text: str) -> list[str]:
    return [value for value in IDENTIFYING if value in text]


@pytest.mark.parametrize("name", STDOUT_PATHS)
def test_stdout_exports(graph, name):
    args = [*STDOUT_PATHS[name], "--graph", str(graph)]
    plain = CliRunner().invoke(cli, args)
    assert plain.exit_code == 0, plain.output
    assert found(plain.stdout), "the unredacted output should name someone"
    redacted = CliRunner().invoke(cli, [*args, "--redact"])
    assert redacted.exit_code == 0, redacted.output
    assert found(redacted.stdout) == []


@pytest.mark.parametrize(
    ("name", "args", "suffix"),
    [
        ("export graphml file", ["export", "--format", "graphml"], ".graphml"),
        ("export gexf file", ["export", "--format", "gexf"], ".gexf"),
        ("export json file", ["export", "--format", "json"], ".json"),
        ("ego graph file", ["ego", "P-QUINTOVAR", "--hops", "3"], ".json"),
        ("viz html", ["viz", "--revolving-door"], ".html"),
        ("viz person html", ["viz", "--person", "P-QUINTOVAR", "--hops", "2"], ".html"),
    ],
)
def test_file_exports(graph, tmp_path, name, args, suffix):
    plain, redacted = tmp_path / f"plain{suffix}", tmp_path / f"redacted{suffix}"
    result = CliRunner().invoke(cli, [*args, "--graph", str(graph), "--out", str(plain)])
    assert result.exit_code == 0, result.output
    assert found(plain.read_text(encoding="utf-8"))
    result = CliRunner().invoke(
        cli, [*args, "--graph", str(graph), "--out", str(redacted), "--redact"]
    )
    assert result.exit_code == 0, result.output
    text = redacted.read_text(encoding="utf-8")
    assert found(text) == []
    if name != "ego graph file":  # a neighbourhood of the person holds the official too
        assert all(kept in text for kept in KEPT) or name.startswith("viz person")
    assert redacted.stat().st_mode & 0o777 == 0o600


def test_redact_with_neo4j_backend_is_refused(graph):
    result = CliRunner().invoke(
        cli, ["revolving-door", "--graph", str(graph), "--backend", "neo4j", "--redact"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --redact: only with the embedded graph (`detnet neo4j pull` first)\n"
    )
