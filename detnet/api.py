"""The Python face of detnet: the same verbs as the CLI, for notebooks and scripts.

Every verb takes `graph`: a path to a graph file, None for the default
(`$DETNET_GRAPH`, else `./detnet-graph.json`), or a networkx graph already in memory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from detnet.graph import store
from detnet.graph.errors import UsageError
from detnet.graph.export import FORMATS, write_export
from detnet.graph.progress import Progress, no_progress
from detnet.graph.redact import redact as redacted
from detnet.graph.store import open_graph
from detnet.graph.summary import stats as _stats
from detnet.loaders import synthetic
from detnet.loaders.lists import load_list as _load_list
from detnet.loaders.load import LoadReport
from detnet.loaders.load import load as _load
from detnet.queries.params import choice, whole_number

GraphLike = str | os.PathLike | nx.MultiDiGraph | None


def load(
    *paths: str | os.PathLike,
    graph: str | os.PathLike | nx.MultiDiGraph | None = None,
    strict: bool = False,
    replace: bool = False,
    rejects: str | os.PathLike | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Load record files or directories into a graph (see docs/RECORDS.md).

    `graph` is a graph file, or a networkx graph to load into in memory.

    Examples
    --------
    >>> import detnet, tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> report = detnet.load(detnet.sample_path("seed-article"), graph=tmp / "g.json")
    >>> report.exit_code, report.added["Person"]
    (0, 4)
    """
    return _load(paths, graph, strict=strict, replace=replace, rejects=rejects, progress=progress)


def load_list(
    path: str | os.PathLike,
    *,
    as_of,
    source: str,
    source_title: str | None = None,
    status: str | None = None,
    graph: str | os.PathLike | nx.MultiDiGraph | None = None,
    strict: bool = False,
    replace: bool = False,
    rejects: str | os.PathLike | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Load a roster: one row per person a source listed on the day `as_of` (see
    docs/RECORDS.md, "Rosters", and `detnet.loaders.lists`).

    Examples
    --------
    >>> import detnet, tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "roster.csv").write_text("nombre\\nZorana Quintovar\\n", encoding="utf-8")
    >>> report = detnet.load_list(tmp / "roster.csv", as_of="2026-01-15", source="FP",
    ...                           source_title="Synthetic list", graph=tmp / "g.json")
    >>> report.exit_code, report.added["Status"]
    (0, 1)
    >>> detnet.load_list(tmp / "roster.csv", as_of="2026-01-15", source="FP",
    ...                  graph=tmp / "g.json").unchanged["Person"]
    1
    """
    return _load_list(
        path,
        graph,
        as_of=as_of,
        source=source,
        source_title=source_title,
        status=status,
        strict=strict,
        replace=replace,
        rejects=rejects,
        progress=progress,
    )


def stats(graph: GraphLike = None) -> dict:
    """Counts of what the graph holds, by label, relationship type, order kind and status."""
    return _stats(open_graph(graph))


def generate(
    out_dir: str | os.PathLike,
    persons: int,
    seed: int = 0,
    *,
    lists: int = 0,
    rosters: bool = False,
    imprecise: float = 0.0,
    duplicates: float = 0.0,
) -> dict[str, int]:
    """Write synthetic records for `persons` invented persons; see `detnet generate`.

    `lists` months of monthly status lists (and only part of the orders), as rosters
    with `rosters`; `imprecise`: the share of dates written as a month, a year, a range,
    approximately or in words. `duplicates`: the share of persons also recorded by a
    second group, under other ids and spellings, with homonyms beside them and the
    truth in `.truth-duplicates.csv` (see `detnet.loaders.synthetic.plant_duplicates`).
    """
    counts = synthetic.generate(
        out_dir, persons, seed, lists=lists, rosters=rosters, imprecise=imprecise
    )
    if duplicates:
        if not 0 < duplicates <= 1:
            raise UsageError(f"--duplicates: expected a share from 0 to 1, not {duplicates!r}")
        counts.update(synthetic.plant_duplicates(out_dir, duplicates, seed))
    return counts


def sample_path(name: str = "seed-article") -> Path:
    """The folder of a bundled sample: `seed-article`, `synthetic` or `lists`."""
    path = Path(__file__).resolve().parent.parent / "samples" / name
    if not path.is_dir():  # installed as a package rather than run from a checkout
        from importlib.resources import files

        path = Path(str(files("detnet.samples") / name))
    if not path.is_dir():
        raise ValueError(f"no bundled sample named {name!r}")
    return path


def load_sample(name: str = "seed-article") -> nx.MultiDiGraph:
    """A bundled sample loaded into a new in-memory graph (no file is written).

    A sample's `rosters/` (the `lists` sample's) are loaded after its records, in date
    order, each with `load_list` as of the day its file name gives.

    >>> G = load_sample("synthetic")
    >>> G.number_of_nodes() > 100
    True
    >>> stats(load_sample("lists"))["nodes"]["Status"] > 100
    True
    """
    G = store.new_graph()
    folder = sample_path(name)
    _load([folder], G, strict=True)
    for roster in sorted((folder / "rosters").glob("*.csv")):
        _load_list(roster, G, as_of=roster.stem, source=synthetic.LISTS_SOURCE, strict=True)
    return G


def export(
    graph,
    *,
    out: str | os.PathLike | BinaryIO,
    format: str = "json",
    ego: str | None = None,
    hops: int | None = None,
    redact: bool = False,
) -> None:
    """Write the graph, or the neighbourhood of one node, for other graph tools.

    A file is created readable by its owner only: an export names people at risk.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    out : path or binary file
    format : {"graphml", "gexf", "json", "ftm"}
        See `detnet.graph.export.write_export`.
    ego : str, optional
        Export only this node's neighbourhood (see `detnet.ego`).
    hops : int, optional
        With `ego`: how many steps out (default 2).
    redact : bool
        Export `detnet.graph.redact.redact` of the graph (or neighbourhood) instead:
        no detainee or relative can be named in the file.

    Records judged the same (docs/RECORDS.md, C) are written as they were recorded,
    with the JUDGED relationships between them; in GraphML and GEXF each also carries
    `canonical_id`, the id its cluster is reported under.

    Examples
    --------
    >>> import detnet, io, networkx as nx
    >>> out = io.BytesIO()
    >>> export(detnet.load_sample("seed-article"), out=out, format="graphml")
    >>> H = nx.read_graphml(io.BytesIO(out.getvalue()), force_multigraph=True)
    >>> H.nodes["Person:P-TUDARES"]["name"]
    'Rafael Tudares'
    """
    from detnet.queries import network  # here: loading records needs no query code

    choice("--format", format, FORMATS)
    if ego is None and hops is not None:
        raise UsageError("--hops: only with --ego")
    G = open_graph(graph)
    node = None if ego is None else network.resolve_node(G, ego)
    if redact:
        # The whole graph first: a neighbourhood holds only some of the persons whose
        # names must not appear in it (a facility's id may name anyone).
        G = redacted(G)
        node = G.renamed.get(node, node)
    if node is not None:
        hops = whole_number("--hops", 2 if hops is None else hops)
        G = network.neighbourhood(G, node, hops)
    if format != "json":  # the store's own format: clusters follow from its judgements
        from detnet.queries.resolve import with_canonical_ids

        G = with_canonical_ids(G)
    write_export(G, out, format)
