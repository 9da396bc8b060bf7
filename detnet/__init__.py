"""detnet: trace revolving-door patterns in political detention records.

>>> import detnet
>>> G = detnet.load_sample("seed-article")
>>> detnet.stats(G)["nodes"]["Person"]
5
"""

from detnet.api import generate, load, load_sample, open_graph, sample_path, stats
from detnet.graph.errors import DetnetError

__all__ = [
    "DetnetError",
    "generate",
    "load",
    "load_sample",
    "open_graph",
    "sample_path",
    "stats",
]
