"""The graph for other tools: GraphML, GEXF and node-link JSON (docs/analysis.md).

Names follow the graph schema: node ids are node keys (`Person:P000123`), the node
attribute `label` is the label, properties keep their names. Which part of the graph
to export, and whether to redact it first, is the caller's choice (`detnet.export`).
"""

from __future__ import annotations

import os
from typing import BinaryIO

import networkx as nx
import orjson

from .files import private_file
from .store import to_data

FORMATS = ("graphml", "gexf", "json", "ftm")


def _flat(attrs: dict) -> dict:
    """Attributes GraphML and GEXF can hold: lists joined with `;`, None left out."""
    return {
        k: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v
        for k, v in attrs.items()
        if v is not None
    }


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
    ['CITES', 'CONCERNS', 'FAMILY', 'ISSUED']
    """
    F = nx.MultiDiGraph()
    F.graph.update(_flat(G.graph))
    for key, attrs in G.nodes(data=True):
        flat = _flat(attrs)
        if fmt == "gexf":
            flat.pop("id", None)
        F.add_node(key, **flat)
    for u, v, rel, attrs in G.edges(keys=True, data=True):
        flat = _flat(attrs)
        if fmt == "gexf":
            F.add_edge(u, v, key=rel, label=rel, **flat)
        else:
            F.add_edge(u, v, key=f"{u}-{rel}->{v}", type=rel, **flat)
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
