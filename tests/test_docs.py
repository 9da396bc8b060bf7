"""Docstring examples run, and every command is documented in the README."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import click
import detnet.graph
import detnet.loaders
import detnet.queries
import pytest
from detnet.graph import schema

import detnet
from detnet.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def modules() -> list[str]:
    names = []
    for package in (detnet, detnet.graph, detnet.loaders, detnet.queries):
        names.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            names.append(info.name)
    return sorted(set(names))


# Modules with nothing to show by example: the CLI (its tests run it with exact
# messages), packages with no code, and modules of exception classes or a type alias.
NO_EXAMPLES = {"detnet.graph", "detnet.loaders", "detnet.queries", "detnet.graph.errors"}
NO_EXAMPLES |= {"detnet.graph.progress"}


@pytest.mark.parametrize("name", modules())
def test_docstring_examples_run(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples may write files
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, verbose=False)
    assert result.failed == 0
    if name not in NO_EXAMPLES and not name.startswith("detnet.cli"):
        assert result.attempted > 0, f"{name} has no runnable example"


def commands(group: click.Group, prefix: str = "detnet") -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix} {name}")
    return found


@pytest.mark.parametrize("command", commands(cli))
def test_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"^#+ `{re.escape(command)}\b", readme, re.M), (
        f"{command} has no README heading"
    )


def test_every_test_security_md_names_exists():
    text = (ROOT / "SECURITY.md").read_text()
    references = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", text)
    assert len(references) > 20
    for path, name in references:
        source = (ROOT / path).read_text()
        assert not name or re.search(rf"^def {name}\(", source, re.M), f"{path}::{name}"


@pytest.mark.parametrize("kind", [s.name for s in schema.SCHEMATA])
def test_records_md_shows_each_kind_s_fields_as_the_schema_declares_them(kind):
    assert schema.markdown_fields(kind) in (ROOT / "docs" / "RECORDS.md").read_text(), (
        f"docs/RECORDS.md: paste the table of print(schema.markdown_fields({kind!r}))"
    )


def test_graph_md_shows_the_labels_and_relationships_the_schema_declares():
    text = (ROOT / "docs" / "GRAPH.md").read_text()
    assert schema.markdown_nodes() in text
    assert schema.markdown_relationships() in text
