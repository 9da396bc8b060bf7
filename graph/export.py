"""The graph for other tools: GraphML, GEXF and node-link JSON (docs/analysis.md).

Names follow the graph schema: node ids are node keys (`Person:P000123`), the node
attribute `label` is the label, properties keep their names. Which part of the graph
to export, and whether to redact it first, is the caller's choice (`detnet.export`).
"""

from __future__ import annotations

import os
import re
from typing import BinaryIO

import networkx as nx
import orjson

from .files import private_file
from .store import to_data

FORMATS = ("graphml", "gexf", "json", "ftm")
# Characters XML 1.0 cannot hold at all, even escaped: most control characters, lone
# surrogates, U+FFFE and U+FFFF. A file holding one opens in no XML reader.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Attribute names GEXF gives a meaning of its own (networkx writes and reads them so).
GEXF_RESERVED = frozenset(
    {"id", "label", "pid", "start", "end", "viz", "parents", "slices", "spells", "weight"}
    | {"type", "networkx_key"}
)


def xml_text(value: object) -> object:
    r"""A value with each character XML cannot hold shown as U+FFFD.

    >>> xml_text("Ana\x00Pérez\x1b")
    'Ana\ufffdPérez\ufffd'
    """
    return NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _flat(attrs: dict) -> dict:
    """Attributes GraphML and GEXF can hold: lists joined with `;`, None left out, and
    no character XML cannot hold."""
    return {
        xml_text(k): xml_text(";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        for k, v in attrs.items()
        if v is not None
    }


def _one_type_per_column(items: list[dict]) -> None:
    """Make each attribute one type in every node (or edge) that has it, in place: a
    column that is a number in one row and text in another becomes text, which every
    reader reads (a typed column would fail on its first value of another type)."""
    types: dict[str, set[type]] = {}
    for attrs in items:
        for k, v in attrs.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, t in types.items() if len(t) > 1 and t != {int, float}}
    floats = {k for k, t in types.items() if t == {int, float}}
    for attrs in items:
        for k in mixed & attrs.keys():
            attrs[k] = str(attrs[k])
        for k in floats & attrs.keys():
            attrs[k] = float(attrs[k])


def _renamed(attrs: dict, reserved: set[str]) -> dict:
    """`attrs` with each name in `reserved` kept under another (`viz` -> `viz_`)."""
    out = {}
    for k, v in attrs.items():
        while k in reserved or (k != v and k in out):
            k += "_"
        out[k] = v
    return out


def flat_graph(G: nx.MultiDiGraph, fmt: str) -> nx.MultiDiGraph:
    """A copy of G that GraphML or GEXF can hold, keeping GRAPH.md's names.

    Lists are joined with `;`. Every edge gets a unique id (Gephi keeps only the first
    edge of an id) and its relationship type in the attribute `type` (GraphML) or in
    its `label` (GEXF). In GEXF, the node id is the node key and the node label is
    the detnet label; the record's own `id` attribute is left out, because GEXF uses
    that name for the node id (the record id is the node key after the colon).

    >>> import detnet
    >>> F = flat_graph(detnet.load_sample("seed-article"), "graphml")
    >>> F.nodes["Person:P-TUDARES"]["sources"]
    'S-SEED-2026-01-24'
    >>> sorted({a["type"] for _, _, a in F.edges(data=True)})
    ['CITES', 'CONCERNS', 'FAMILY', 'ISSUED', 'MEMBER_OF']
    """
    nodes = []
    for key, attrs in G.nodes(data=True):
        flat = _flat(attrs)
        if fmt == "gexf":
            flat.pop("id", None)
            flat = {"label": flat.pop("label"), **_renamed(flat, GEXF_RESERVED)}
        nodes.append((xml_text(key), flat))
    edges = []
    for u, v, rel, attrs in G.edges(keys=True, data=True):
        u, v = xml_text(u), xml_text(v)
        if fmt == "gexf":
            flat = {"label": rel, **_renamed(_flat(attrs), GEXF_RESERVED)}
            edges.append((u, v, rel, flat))
        else:
            flat = {"type": rel, **_renamed(_flat(attrs), {"type"})}
            edges.append((u, v, f"{u}-{rel}->{v}", flat))
    _one_type_per_column([attrs for _, attrs in nodes])
    _one_type_per_column([attrs for *_, attrs in edges])
    F = nx.MultiDiGraph()
    F.graph.update(_flat(G.graph))
    F.add_nodes_from(nodes)
    F.add_edges_from(edges)
    return F


def write_export(G: nx.MultiDiGraph, out: str | os.PathLike | BinaryIO, format: str) -> None:
    """Write G in one of `FORMATS` to a path or a binary file.

    A file is created readable by its owner only: an export names people at risk.
    `json` is networkx's node-link layout (`detnet.graph.store.to_data`), readable with
    `networkx.node_link_graph(data, edges="edges", name="key")` and by
    `detnet.open_graph`; GraphML and GEXF as described in `flat_graph`; `ftm` is JSON
    Lines of FollowTheMoney entities (`detnet.graph.ftm`, docs/ftm.md).

    >>> import detnet, io
    >>> out = io.BytesIO()
    >>> write_export(detnet.load_sample("seed-article"), out, "gexf")
    >>> out.getvalue().startswith(b"<?xml")
    True
    """
    if format == "ftm":
        from .ftm import require_ftm

        require_ftm()  # before a file is made
    if isinstance(out, (str, os.PathLike)):
        with private_file(out) as f:
            _write(G, format, f)
    else:
        _write(G, format, out)


def _write(G: nx.MultiDiGraph, format: str, out: BinaryIO) -> None:
    if format == "json":
        out.write(orjson.dumps(to_data(G), option=orjson.OPT_NON_STR_KEYS))
    elif format == "ftm":
        from .ftm import write_ftm

        write_ftm(G, out)
    elif format == "graphml":
        nx.write_graphml(flat_graph(G, format), out)
    else:
        nx.write_gexf(flat_graph(G, format), out)
