"""Recording a judgement: `detnet resolve judge`, and each answer of `resolve review`.

A judgement is a record like any other (RECORDS.md, C): it is validated by the
contract, checked against the graph (both records must exist, of one label), and
written as a load writes, under the graph's lock and atomically, so that a command
killed at any moment leaves the graph with the judgement or without it, never broken.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

import networkx as nx
from detnet.graph import store
from detnet.graph.errors import UsageError
from detnet.graph.schema import LABELS

from .contract import BY_NAME
from .load import apply_records
from .read import RawRow
from .validate import Record, validate

ARGUMENTS = {"left": "LEFT", "right": "RIGHT", "judgement": "JUDGEMENT", "by": "--by",
             "notes": "--notes", "at": "--at"}  # fmt: skip


@dataclass(frozen=True)
class Judgement:
    """A judgement as it was recorded: node keys, and whether it replaced another."""

    left: str
    right: str
    judgement: str
    at: str
    replaced: bool


def node_of(G: nx.MultiDiGraph, given: str, where: str) -> str:
    """The node key a user means: a key (`Person:P1`), or an id only one label holds.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Person:P1", label="Person", id="P1")
    >>> node_of(G, "P1", "LEFT"), node_of(G, "Person:P1", "LEFT")
    ('Person:P1', 'Person:P1')
    >>> node_of(G, "P9", "RIGHT")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: RIGHT: no record 'P9' in the graph
    """
    label, sep, _ = given.partition(":")
    if sep and label in LABELS:
        return given
    keys = [f"{label}:{given}" for label in LABELS if f"{label}:{given}" in G]
    if not keys:
        raise UsageError(f"{where}: no record {given!r} in the graph")
    if len(keys) > 1:
        raise UsageError(f"{where}: {given!r} is ambiguous ({', '.join(keys)}); give the node key")
    return keys[0]


def record_judgement(
    left: str,
    right: str,
    judgement: str,
    *,
    graph: str | os.PathLike | nx.MultiDiGraph | None = None,
    by: str | None = None,
    notes: str | None = None,
    at: str | None = None,
) -> Judgement:
    """Record that two records are the same, different, or that one cannot tell.

    `left` and `right` are node keys or bare ids; `at` defaults to now (to the second,
    local time: the latest judgement on a pair wins). `graph` is a graph file (written
    atomically under its lock) or a graph in memory (changed in place). A bad value is
    a UsageError naming the argument, and nothing is written.

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> j = record_judgement("P-MARQUEZ", "P-TUDARES", "different", graph=G, at="2026-02-01")
    >>> j.judgement, G.edges["Person:P-MARQUEZ", "Person:P-TUDARES", "JUDGED"]["at"]
    ('different', '2026-02-01')
    """
    at = at or datetime.now().replace(microsecond=0).isoformat()
    if isinstance(graph, nx.MultiDiGraph):
        return _apply(graph, left, right, judgement, by, notes, at)
    path = store.graph_path(graph)
    with store.locked(path):
        G = store.read_graph(path)
        found = _apply(G, left, right, judgement, by, notes, at)
        store.write_graph(G, path)
    return found


def _apply(G, left, right, judgement, by, notes, at) -> Judgement:
    given = {"left": node_of(G, left, "LEFT"), "right": node_of(G, right, "RIGHT"),
             "judgement": judgement, "by": by, "notes": notes, "at": at}  # fmt: skip
    given = {k: v for k, v in given.items() if v is not None}
    kind = BY_NAME["judgements"]
    checked = validate(RawRow("judgement", 1, kind, dict(given), dict(given)))
    if not isinstance(checked, Record):
        raise UsageError(f"{ARGUMENTS.get(checked.field, checked.field)}: {checked.reason}")
    report = apply_records(G, [checked])
    if report.rejections:
        r = report.rejections[0]
        raise UsageError(f"{ARGUMENTS.get(r.field, r.field)}: {r.reason}")
    values = checked.values
    return Judgement(values["left"], values["right"], values["judgement"], values["at"],
                     bool(report.replaced))  # fmt: skip
