"""No protected value survives any `--redact` output, whatever field of whatever label
it was planted in, and however it is spelled there.

Protected values are what the schema marks PROTECTED (a person's name, national id,
aliases). Each is planted in every id and every text or list field of every label, in
several spellings: composed and decomposed Unicode, other case, no accents, words run
together or joined by `-` or `_`, a cédula with or without its letter and dots. Then
every command that takes `--redact` writes every output it can, and each output is
searched for every protected value, folded the same way. The same outputs without
`--redact` name them, so the search can fail.
"""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import cycle

import click
import pytest
from click.testing import CliRunner
from detnet.graph.schema import KEEP, LABELS, PROTECTED
from detnet.loaders.contract import KINDS
from detnet.queries import registry

from detnet.cli import cli

from .corpus import full_records

PROTECTED_VALUES = {  # person n: (name, national id, alias)
    1: ("Ana María Pérez", "V-12.345.678", "La Anita Maracucha"),
    2: ("Zorqualda Quintóvar", "E-87.654.321", "Zorqui Pequeña"),
}
FOLDED = ["anamariaperez", "12345678", "laanitamaracucha", "zorqualdaquintovar", "87654321",
          "zorquipequena"]  # fmt: skip


def spellings(name: str, national_id: str) -> list[str]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if c.isascii())
    digits = re.sub(r"\D", "", national_id)
    return [
        name,
        unicodedata.normalize("NFD", name),
        name.upper(),
        plain.lower(),
        plain.upper().replace(" ", "-"),
        plain.lower().replace(" ", "_"),
        name.replace(" ", ""),
        name.replace(" ", "  \u200b"),
        national_id,
        national_id.replace("-", "").replace(".", ""),
        digits,
        f"{digits[:2]}.{digits[2:5]}.{digits[5:]}",
        f"V {digits}",
        f"E-{digits}",
    ]


SPELLINGS = [
    s for name, national_id, _ in PROTECTED_VALUES.values() for s in spellings(name, national_id)
]
PLANTED = cycle(SPELLINGS)
IDS = [s for s in SPELLINGS if " " not in s]  # ids as people write them


def planted_id(kind, n):
    return f"{kind.type[:3].upper()}{n}-{IDS[(KINDS.index(kind) * 2 + n) % len(IDS)]}"


def planted_text(kind, field, n):
    schema = LABELS.get(kind.label) if kind.label else kind.schema
    policy = schema.policy(field)
    if kind.label == "Person" and policy == PROTECTED:
        name, national_id, alias = PROTECTED_VALUES[n]
        return {"name": name, "national_id": national_id}.get(field, alias)
    if policy == KEEP:  # kept by design (an official's name), not a place to plant
        return f"{field} {n}"
    return f"{field}: about {next(PLANTED)}; and {next(PLANTED)}"


def folded(text: str) -> str:
    text = html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text))
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum())


def found(text: str) -> list[str]:
    text = folded(text)
    return [value for value in FOLDED if value in text]


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("leaks")
    records = full_records(folder / "records", planted_text, planted_id)
    graph = folder / "g.json"
    result = CliRunner().invoke(cli, ["load", str(records), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return graph


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("DETNET_REDACT_KEY", "a test key, sixteen characters or more")


def ids(graph, label):
    from detnet.graph import store

    return sorted(
        a["id"] for _, a in store.read_graph(graph).nodes(data=True) if a["label"] == label
    )


def outputs(graph, tmp_path) -> dict[str, list[str]]:
    """Every --redact path: (arguments, file written or None) by name."""
    person = ids(graph, "Person")
    official, facility = ids(graph, "Official")[0], ids(graph, "Facility")[0]
    values = {"Person": person[0], "Official": official, "Facility": facility}
    values["Institution"] = ids(graph, "Institution")[0]
    values |= {"date": "2024-01-02", "int": "1", "str": f"Person:{person[0]}", "bool": "true"}
    paths = {}
    for fmt in ("table", "json", "csv"):
        paths[f"revolving-door {fmt}"] = ["revolving-door", "--format", fmt]
        paths[f"revolving-door by official {fmt}"] = [
            "revolving-door",
            "--by-official",
            "--format",
            fmt,
        ]
        paths[f"revolving-door --official {fmt}"] = [
            "revolving-door",
            "--official",
            official,
            "--format",
            fmt,
        ]
        paths[f"detained-on {fmt}"] = [
            "detained-on",
            "2024-01-02",
            "--facility",
            facility,
            "--format",
            fmt,
        ]
        paths[f"family-reprisals {fmt}"] = ["family-reprisals", "--format", fmt]
        paths[f"custody-gaps {fmt}"] = ["custody-gaps", "--format", fmt]
        paths[f"path {fmt}"] = ["path", person[0], person[1], "--format", fmt]
        paths[f"ego {fmt}"] = ["ego", f"Facility:{facility}", "--hops", "3", "--format", fmt]
        for q in registry.saved_queries().values():
            params = [f"{p.name}={values[p.type]}" for p in q.params if p.required]
            args = ["query", "run", q.name, *(a for p in params for a in ("--param", p))]
            paths[f"query run {q.name} {fmt}"] = [*args, "--format", fmt]
    for fmt in ("table", "json"):
        paths[f"official {fmt}"] = ["official", official, "--format", fmt]
    paths["path chain"] = ["path", person[0], person[1]]
    paths["resolve candidates"] = ["resolve", "candidates", "--format", "json"]
    paths["resolve clusters"] = ["resolve", "clusters"]
    paths["resolve check"] = ["resolve", "check"]
    paths["reconcile"] = ["reconcile", "--format", "json"]
    paths["release-conditions"] = ["release-conditions", "--format", "json"]
    paths["sanctioned-officials"] = ["sanctioned-officials", "--format", "json"]
    paths["institution"] = ["institution", values["Institution"], "--format", "json"]
    for fmt in ("json", "graphml", "gexf"):
        paths[f"export {fmt}"] = ["export", "--format", fmt]
        paths[f"export ego {fmt}"] = ["export", "--format", fmt, "--ego", f"Facility:{facility}"]
        paths[f"export {fmt} file"] = ["export", "--format", fmt, "--out", "{out}"]
    paths["ego file"] = ["ego", f"Person:{person[0]}", "--hops", "4", "--out", "{out}"]
    for focus in ("--person", "--official", "--facility"):
        paths[f"viz {focus}"] = [
            "viz",
            focus,
            values[focus[2:].capitalize()],
            "--hops",
            "3",
            "--out",
            "{out}",
        ]
    paths["viz revolving door"] = ["viz", "--revolving-door", "--out", "{out}"]
    paths["viz window"] = ["viz", "--since", "2000-01-01", "--out", "{out}"]
    paths["viz time es"] = ["viz", "--layout", "time", "--lang", "es", "--out", "{out}"]
    for fmt in ("html", "md"):
        for focus in ("--official", "--institution", "--person"):
            for lang in ("en", "es"):
                paths[f"dossier {focus} {fmt} {lang}"] = [
                    "dossier",
                    focus,
                    values[focus[2:].capitalize()],
                    "--format",
                    fmt,
                    "--lang",
                    lang,
                    "--out",
                    "{out}",
                ]
    return paths


def test_every_command_with_redact_is_searched(graph, tmp_path):
    def commands(group, prefix=""):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix}{name} ")
            elif any(p.name == "redact" for p in command.params):
                yield f"{prefix}{name}"

    searched = {
        " ".join(args[:2]) if args[0] in ("query", "resolve") else args[0]
        for args in outputs(graph, tmp_path).values()
    }
    assert set(commands(cli)) <= searched


def run(graph, args, out, redact):
    args = [a.replace("{out}", str(out)) for a in args]
    result = CliRunner().invoke(
        cli, [*args, "--graph", str(graph), *(["--redact"] if redact else [])]
    )
    assert result.exit_code == 0, (args, result.output)
    text = result.stdout + result.stderr
    if "{out}" in " ".join(args) or any(a == str(out) for a in args):
        text += out.read_text(encoding="utf-8")
    return text


def test_no_protected_value_survives_any_redacted_output(graph, tmp_path):
    leaks, named = {}, 0
    for n, (name, args) in enumerate(outputs(graph, tmp_path).items()):
        out = tmp_path / f"out-{n}.{'html' if args[0] in ('viz', 'dossier') else 'txt'}"
        plain = found(run(graph, args, out, redact=False))
        named += bool(plain)
        leaked = found(run(graph, args, out, redact=True))
        if leaked:
            leaks[name] = leaked
    assert leaks == {}
    assert named > 30  # without --redact the search finds them: it can fail
