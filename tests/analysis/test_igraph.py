"""GraphML exports open in igraph, the other graph library analysts use."""

from __future__ import annotations

import warnings
from collections import Counter

import igraph

from detnet.api import export


def test_igraph_reads_the_graphml_export(tmp_path, synthetic_graph):
    out = tmp_path / "g.graphml"
    export(synthetic_graph, out=out, format="graphml")
    with warnings.catch_warnings():
        # igraph would keep GraphML node ids in an "id" attribute: ours holds the record id.
        warnings.simplefilter("ignore", RuntimeWarning)
        g = igraph.Graph.Read_GraphML(str(out))
    assert (g.vcount(), g.ecount()) == (
        synthetic_graph.number_of_nodes(),
        synthetic_graph.number_of_edges(),
    )
    labels = Counter(g.vs["label"])
    assert labels == Counter(a["label"] for _, a in synthetic_graph.nodes(data=True))
    assert Counter(g.es["type"]) == Counter(k for *_, k in synthetic_graph.edges(keys=True))
    names = set(g.vs.select(label_eq="Person")["name"])
    assert names == {
        a["name"] for _, a in synthetic_graph.nodes(data=True) if a["label"] == "Person"
    }
