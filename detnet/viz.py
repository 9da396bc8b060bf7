"""Interactive views of the graph: one self-contained HTML file per view (`detnet viz`).

A view is focused on a person, an official or a facility (and what lies `hops`
steps away), on the revolving door (the arrest → release → re-arrest chains), or on
a date window. The file works offline, runs no text from the records as code, and
with `redact=True` names no detainee or relative (see `detnet.graph.redact`).

What a view holds is found in `detnet.queries.views`; its page is drawn by
`detnet.view_page` and made safe by `detnet.page`.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from detnet import page, view_page
from detnet.graph.redact import key_map, redaction_key
from detnet.graph.redact import redact as redact_graph
from detnet.graph.schema import FACILITY, OFFICIAL, ORDER, PERSON, node_key, split_key
from detnet.graph.store import open_graph
from detnet.queries import views
from detnet.queries.params import iso_date
from detnet.view_page import name_of, plural

DEMO_FILE = "revolving-door.html"


@dataclass
class Rendering:
    """A rendered view: the page, what it shows, and where it was saved.

    In Jupyter it shows inline, in a sandboxed frame.
    """

    html: str
    title: str
    nodes: int
    edges: int
    path: Path | None = None

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page to `path` (a new file is readable by its owner only)."""
        self.path = page.write_page(self.html, path)
        return self.path

    def _repr_html_(self) -> str:
        # srcdoc holds the whole page as an attribute value, escaped; the sandbox gives
        # it an origin of its own, so it cannot reach the notebook around it.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            'style="width: 100%; height: 720px; border: 1px solid #e2e8f0"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<Rendering {self.title!r}: {self.nodes} nodes, {self.edges} edges>"


def _window(since: str | None, until: str | None) -> str:
    if since and until:
        return f"from {since[:10]} to {until[:10]}"
    if since:
        return f"since {since[:10]}"
    return f"until {until[:10]}" if until else ""


def _subtitle(G: nx.MultiDiGraph, nodes: set[str], rearrests: int, redacted: bool) -> str:
    counts = Counter(G.nodes[node]["label"] for node in nodes)
    parts = [
        plural(counts[PERSON], "person"),
        plural(counts[OFFICIAL], "official"),
        plural(counts[FACILITY], "facility", "facilities"),
        plural(counts[ORDER], "order"),
    ]
    text = f"Shown: {', '.join(parts)}; {plural(rearrests, 're-arrest')} after a release."
    if redacted:
        text += " Persons are pseudonyms: names and identifying details removed."
    return text


def render(
    graph=None,
    *,
    person: str | None = None,
    official: str | None = None,
    facility: str | None = None,
    hops: int = 1,
    revolving_door: bool = False,
    since=None,
    until=None,
    redact: bool = False,
    out: str | os.PathLike | None = None,
    include_claimed: bool = False,
) -> Rendering:
    """One focused view of the graph as a self-contained HTML page.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
        The graph (see `detnet.open_graph`).
    person, official, facility : str, optional
        Ids to centre the view on; with none of them, every order (in the window).
    hops : int
        How many steps from the focus: one step goes through an order to its other
        person, official or facility, or along a family tie.
    revolving_door : bool
        Show only the arrest → release → re-arrest chains (with `official`: the
        re-arrests that official ordered; with `since`/`until`: re-arrests dated then).
    since, until : str or datetime.date, optional
        Only orders dated in this window (inclusive); `YYYY-MM-DD` or `DD/MM/YYYY`.
    redact : bool
        Persons become pseudonyms; see `detnet.graph.redact`.
    out : path, optional
        Also write the page there.
    include_claimed : bool
        Count releases announced but not verified when finding re-arrests.

    Returns
    -------
    Rendering
        `.html`, `.title`, `.nodes`, `.edges`, `.save(path)`; shows inline in Jupyter.

    Raises
    ------
    UsageError
        An unknown id, a bad date, a bad combination, or a view above
        `detnet.queries.views.MAX_NODES` nodes.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> view = render(G, person="P-MARQUEZ")
    >>> view
    <Rendering 'Alfredo Márquez and what lies 1 step away': 3 nodes, 2 edges>
    >>> render(G, person="P-NOBODY")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    UsageError: unknown person 'P-NOBODY'
    """
    G = open_graph(graph)
    since = None if since is None else iso_date("--since", since)
    until = None if until is None else iso_date("--until", until)
    focus = views.check_focus(
        G,
        person=person,
        official=official,
        facility=facility,
        hops=hops,
        revolving_door=revolving_door,
    )

    if redact:
        key = redaction_key()
        renamed = key_map(G, key)
        G = redact_graph(G, key)
        focus = [
            (label, split_key(renamed.get(node_key(label, id), node_key(label, id)))[1])
            for label, id in focus
        ]

    if revolving_door:
        door_official = focus[0][1] if focus else None
        view = views.door_view(G, door_official, since, until, include_claimed)
        title = f"Revolving door: {plural(len(view.rearrests), 're-arrest')} after a release"
        if door_official is not None:
            title += f", ordered by {name_of(G, node_key(OFFICIAL, door_official))}"
    else:
        seeds = [node_key(label, id) for label, id in focus]
        view = views.focus_view(G, seeds, hops, since, until, include_claimed)
        if focus:
            who = " and ".join(name_of(G, node_key(label, id)) for label, id in focus)
            title = f"{who} and what lies {plural(hops, 'step')} away"
        else:
            title = "Orders" if since or until else "The whole graph"
    window = _window(since, until)
    if window:
        title += f", {window}"
    subtitle = _subtitle(G, view.nodes, len(view.rearrests), redact)
    data = view_page.view_data(G, view.nodes, view.rearrests, title=title, subtitle=subtitle)
    rendering = Rendering(view_page.page_html(data), title, len(data["nodes"]), len(data["edges"]))
    if out is not None:
        rendering.save(out)
    return rendering


def write_demo(graph, out_dir: str | os.PathLike) -> Path:
    """Write the demo's view, the revolving door, into `out_dir`; return the file's path.

    >>> import detnet, tempfile
    >>> path = write_demo(detnet.load_sample("synthetic"), tempfile.mkdtemp())
    >>> path.name, path.stat().st_size > 400_000
    ('revolving-door.html', True)
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return render(graph, revolving_door=True, out=out_dir / DEMO_FILE).path
