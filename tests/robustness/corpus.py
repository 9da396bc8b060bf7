"""Generated inputs for the robustness tests: records that fill every field of every
kind of record, and graph files broken in every way the schema allows.

Everything here is derived from `detnet.graph.schema`, so a label, property or
relationship added there is covered with no edit here.
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Iterator
from pathlib import Path

import orjson
from detnet.graph import store
from detnet.graph.checks import DAY, STORED, WHOLE
from detnet.graph.schema import (
    BOOL,
    COUNT,
    DATE,
    ENUM,
    KEY,
    LABELS,
    LIST,
    NUMBER,
    REF,
    REFS,
    RELATIONSHIPS,
    Property,
)
from detnet.loaders.contract import KINDS

import detnet

# A value of each type of field, as a record gives it.
SAMPLE = {DATE: "2024-01-02", NUMBER: "10.5", COUNT: "12", BOOL: "true"}


def record_id(kind, n: int = 1) -> str:
    return f"{kind.type.upper()[:3]}-{n}"


def full_records(
    folder: Path,
    text=lambda kind, field, n: f"{field} of {kind.type} {n}",
    ident=record_id,
) -> Path:
    """Two records of every kind, every field filled; each reference names a record of
    the same load. `text(kind, field, n)` gives the value of each text or list field,
    `ident(kind, n)` the id of record `n` of each kind."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        with open(folder / f"{kind.name}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow([field.name for field in kind.fields] + ["extra_column"])
            for n in (1, 2):
                row = [_value(kind, field, n, text, ident) for field in kind.fields]
                writer.writerow([*row, text(kind, "extra_column", n)])
    return folder


def _value(kind, field: Property, n: int, text, ident) -> str:
    if field.name == "id":
        return ident(kind, n)
    if field.type == KEY:  # a node key: a person, another for each key field
        keys = [f.name for f in kind.fields if f.type == KEY]
        person = next(k for k in KINDS if k.label == "Person")
        return f"Person:{ident(person, 1 + keys.index(field.name) % 2)}"
    if field.type in (REF, REFS) and field.ref == kind.label:  # a record of its own kind
        return ident(kind, 1) if n == 2 else ""
    if field.type in (REF, REFS):
        target = next(k for k in KINDS if k.label == field.ref)
        if kind.label is None:  # a tie joins the two persons, each way once
            first = field.name == kind.schema.edge.source
            return ident(target, n if first else 3 - n)
        return ident(target, 1)
    if field.type == ENUM:
        return field.values[-1 if n == 2 else 0].name
    if field.type in SAMPLE:
        return SAMPLE[field.type]
    return text(kind, field.name, n)


def full_graph(folder: Path) -> Path:
    """A graph file holding `full_records`: every label, property and relationship type."""
    graph = folder / "full.json"
    report = detnet.load(full_records(folder / "records"), graph=graph)
    assert report.exit_code == 0, [str(r) for r in report.rejections]
    G = store.read_graph(graph)
    assert {a["label"] for _, a in G.nodes(data=True)} == set(LABELS)
    assert {k for *_, k in G.edges(keys=True)} == set(RELATIONSHIPS)
    return graph


# Graph files broken in one way each: (name, change to the parsed file, what the error
# names). A change takes the file's data (format 2) and returns it changed.


def broken_graphs(graph: Path) -> Iterator[tuple[str, object, str]]:
    data = orjson.loads(graph.read_bytes())
    nodes = data["nodes"]
    for key, attrs in nodes.items():
        schema = LABELS[attrs["label"]]
        where = f"node {key!r}: "
        yield f"{key} without id", _without(key, "id"), where + "id: missing"
        yield f"{key} with a number as id", _set(key, "id", 7), where + "id: expected text"
        other = f"{attrs['label']}:{attrs['id']}-other"
        yield f"{key} with another id", _set(key, "id", other), where + "the key is not"
        for name, prop in STORED[schema.name].items():
            if prop.required or prop.default is not None:
                yield f"{key} without {name}", _without(key, name), f"{where}{name}: missing"
            for bad in _wrong_values(prop):
                yield f"{key}.{name} = {bad!r}", _set(key, name, bad), f"{where}{name}: "
        for name in sorted({p.name for p in schema.properties} - {*schema.stored, "id"}):
            yield f"{key} with {name} kept", _set(key, name, "x"), f"{where}{name}: not a"
        for bad in ({"nested": 1}, [["nested"]], [{"a": 1}]):
            yield f"{key} with an extra {bad!r}", _set(key, "extra", bad), f"{where}extra: "
    for u, targets in data["adjacency"].items():
        for v, types in targets.items():
            for type_ in types:
                edge = f"{u} -[{type_}]-> {v}"
                where = f"relationship {edge!r}: "
                ends = (nodes[v]["label"], nodes[u]["label"])
                if ends not in RELATIONSHIPS[type_].pairs:
                    reason = f"relationship {f'{v} -[{type_}]-> {u}'!r}: {type_} joins"
                    yield f"{edge} reversed", _reversed(u, v, type_), reason
                nested = _set_edge(u, v, type_, "extra", {"a": 1})
                yield f"{edge} with a nested value", nested, where + "extra: "
                schema = next((s for s in KINDS if s.schema.edge), None)
                if schema is None or schema.schema.edge.type != type_:
                    continue
                for name, prop in STORED[schema.schema.name].items():
                    if prop.required:
                        yield f"{edge} without {name}", _unset_edge(u, v, type_, name), where
                    for bad in _wrong_values(prop):
                        yield f"{edge}.{name} = {bad!r}", _set_edge(u, v, type_, name, bad), where
    yield "an unknown label", _set(next(iter(nodes)), "label", "Prisoner"), "unknown node label"
    yield "a list as label", _set(next(iter(nodes)), "label", ["Person"]), "unknown node label"


def _wrong_values(prop: Property) -> list:
    if prop.type == WHOLE:
        return [{"nested": "object"}, "12", 1.5, True]
    if prop.type == BOOL:
        return [{"nested": "object"}, "true", 1]
    if prop.type == DAY:
        return [{"nested": "object"}, 12, "12/01/2026", "2019"]
    bad = [{"nested": "object"}, True]
    if prop.type in (LIST, REFS):
        return [*bad, "not a list", [1, 2]]
    if prop.type == NUMBER:
        return [*bad, "12.5"]
    bad += [12, ["a", "list"]]
    if prop.type == ENUM:
        bad.append("not-a-value")
    if prop.type == DATE:
        bad += ["12/01/2026", "2024-02-30", "01/2024"]
    if prop.required:
        bad.append("")
    return bad


def _without(key: str, name: str):
    def change(data: dict) -> dict:
        data["nodes"][key].pop(name, None)
        return data

    return change


def _set(key: str, name: str, value: object):
    def change(data: dict) -> dict:
        data["nodes"][key][name] = copy.deepcopy(value)
        return data

    return change


def _set_edge(u: str, v: str, type_: str, name: str, value: object):
    def change(data: dict) -> dict:
        data["adjacency"][u][v][type_][name] = value
        return data

    return change


def _unset_edge(u: str, v: str, type_: str, name: str):
    def change(data: dict) -> dict:
        data["adjacency"][u][v][type_].pop(name, None)
        return data

    return change


def _reversed(u: str, v: str, type_: str):
    def change(data: dict) -> dict:
        attrs = data["adjacency"][u][v].pop(type_)
        if not data["adjacency"][u][v]:
            del data["adjacency"][u][v]
        data["adjacency"][v].setdefault(u, {})[type_] = attrs
        return data

    return change


def write_broken(graph: Path, change, out: Path) -> Path:
    """`graph` with one change, written to `out` as a detnet would write it."""
    out.write_bytes(orjson.dumps(change(orjson.loads(graph.read_bytes()))))
    return out


def as_node_link(path: Path, out: Path) -> Path:
    """The same graph file in the node-link layout (format 1)."""
    data = orjson.loads(path.read_bytes())
    nodes = [{"key": k, **a} for k, a in data["nodes"].items()]
    edges = [
        {"source": u, "target": v, "key": t, **a}
        for u, targets in data["adjacency"].items()
        for v, types in targets.items()
        for t, a in types.items()
    ]
    header = {**data["graph"], "version": 1}
    out.write_bytes(orjson.dumps({"graph": header, "nodes": nodes, "edges": edges}))
    return out
