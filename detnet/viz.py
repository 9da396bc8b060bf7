"""Interactive views of the graph: one self-contained HTML file per view (`detnet viz`).

A view is focused on a person, an official or a facility (and what lies `hops`
steps away), on the revolving door (the arrest → release → re-arrest chains), or on
a date window. The file works offline, runs no text from the records as code, and
with `redact=True` names no detainee or relative (see `detnet.graph.redact`).
"""

from __future__ import annotations

import html
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from detnet.graph import render as pages
from detnet.graph.errors import UsageError
from detnet.graph.redact import key_map, redaction_key
from detnet.graph.redact import redact as redact_graph
from detnet.graph.schema import CONCERNS, FACILITY, OFFICIAL, ORDER, PERSON, node_key, split_key
from detnet.graph.store import open_graph
from detnet.queries.events import linked_events
from detnet.queries.params import existing, iso_date
from detnet.queries.revolving import person_rearrests, report_order
from detnet.queries.revolving import revolving_door as revolving_door_rows

DEMO_FILE = "revolving-door.html"
FOCUS_ADVICE = "narrow it with --person, --official, --facility, --hops or --since/--until"
DOOR_ADVICE = "narrow it with --official or --since/--until"


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
        self.path = pages.write_html(self.html, path)
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
        pages.plural(counts[PERSON], "person"),
        pages.plural(counts[OFFICIAL], "official"),
        pages.plural(counts[FACILITY], "facility", "facilities"),
        pages.plural(counts[ORDER], "order"),
    ]
    text = f"Shown: {', '.join(parts)}; {pages.plural(rearrests, 're-arrest')} after a release."
    if redacted:
        text += " Persons are pseudonyms: names and identifying details removed."
    return text


def _rearrests_in(G: nx.MultiDiGraph, nodes: set[str], include_claimed: bool) -> list[dict]:
    """The rows of `revolving_door(G, include_claimed=...)` whose re-arrest is in
    `nodes`, in the same order, with the columns `pages.chains` reads.

    Found from the persons of the view alone, not the whole graph: a view holds each
    of its orders' persons (`pages.neighbourhood`), so every re-arrest in it is
    among its persons' orders.
    """
    found = []
    for node in nodes:
        if G.nodes[node]["label"] != PERSON:
            continue
        person_id = split_key(node)[1]
        # As the query does, each order counts for one person only, even in a graph
        # (built by hand) where an order concerns two.
        events = [e for e in linked_events(G, node, CONCERNS) if e.person_id == person_id]
        found += (
            r
            for r in person_rearrests(events, include_claimed)
            if node_key(ORDER, r.rearrest.order_id) in nodes
        )
    found.sort(key=report_order)
    return [
        {
            "person_id": r.rearrest.person_id,
            "release_order_id": r.release.order_id,
            "rearrest_order_id": r.rearrest.order_id,
            "days_free": r.days_free,
            "same_official": r.same_official,
        }
        for r in found
    ]


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
        `detnet.graph.render.MAX_NODES` nodes.

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
    for label, id in ((PERSON, person), (OFFICIAL, official), (FACILITY, facility)):
        existing(G, label, id)
    focus = [
        (label, id)
        for label, id in ((PERSON, person), (OFFICIAL, official), (FACILITY, facility))
        if id is not None
    ]
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 1:
        raise UsageError(f"--hops: expected a whole number of steps, 1 or more, not {hops!r}")
    if revolving_door and (person is not None or facility is not None or hops != 1):
        raise UsageError(
            "--revolving-door combines with --official, --since, --until and --include-claimed only"
        )
    if not focus and hops != 1:
        raise UsageError("--hops needs a focus: --person, --official or --facility")

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
        rows = revolving_door_rows(
            G, official=door_official, since=since, until=until, include_claimed=include_claimed
        )
        pages.check_size(3 * len(rows), DOOR_ADVICE)  # about three orders per re-arrest, at least
        found = pages.chains(G, rows)
        nodes = pages.chain_nodes(G, found)
        pages.check_size(len(nodes), DOOR_ADVICE)
        title = f"Revolving door: {pages.plural(len(rows), 're-arrest')} after a release"
        if door_official is not None:
            title += f", ordered by {pages.name_of(G, node_key(OFFICIAL, door_official))}"
    else:
        seeds = [node_key(label, id) for label, id in focus]
        nodes = pages.neighbourhood(G, seeds, hops, since, until)
        pages.check_size(len(nodes), FOCUS_ADVICE)
        found = pages.chains(G, _rearrests_in(G, nodes, include_claimed))
        if focus:
            who = " and ".join(pages.name_of(G, node_key(label, id)) for label, id in focus)
            title = f"{who} and what lies {pages.plural(hops, 'step')} away"
        else:
            title = "Orders" if since or until else "The whole graph"
    window = _window(since, until)
    if window:
        title += f", {window}"
    shown = [c for c in found if c.release in nodes and c.rearrest in nodes]
    data = pages.view_data(
        G, nodes, found, title=title, subtitle=_subtitle(G, nodes, len(shown), redact)
    )
    rendering = Rendering(pages.page_html(data), title, len(data["nodes"]), len(data["edges"]))
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
