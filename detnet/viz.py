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
from dataclasses import dataclass
from pathlib import Path

from detnet import page, view_page
from detnet.graph import reference
from detnet.graph.errors import UsageError
from detnet.graph.redact import key_map, redaction_key
from detnet.graph.redact import redact as redact_graph
from detnet.graph.schema import OFFICIAL, node_key, split_key
from detnet.graph.store import open_graph
from detnet.i18n import Text
from detnet.queries import views
from detnet.queries.params import iso_date
from detnet.view_page import name_of

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


def window_text(t: Text, since: str | None, until: str | None) -> str:
    """A date window in words: "from 2024-01-01 to 2024-06-30"."""
    if since and until:
        return t("window.between", since=since[:10], until=until[:10])
    if since:
        return t("window.since", since=since[:10])
    return t("window.until", until=until[:10]) if until else ""


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
    layout: str = "force",
    lang: str | None = None,
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
        Only orders whose possible days overlap this window; `YYYY-MM-DD`,
        `DD/MM/YYYY` or any date form of the records.
    redact : bool
        Persons become pseudonyms; see `detnet.graph.redact`.
    out : path, optional
        Also write the page there.
    include_claimed : bool
        Count releases announced but not verified when finding re-arrests.
    layout : "force" or "time"
        A force-directed graph, or lanes in time: one per person, orders by date.
    lang : "en" or "es", optional
        The page's language (default: the user's locale, see `detnet.i18n`).

    Returns
    -------
    Rendering
        `.html`, `.title`, `.nodes`, `.edges`, `.save(path)`; shows inline in Jupyter.
        A view of more than `detnet.queries.views.MAX_NODES` nodes is an overview:
        its officials, institutions and facilities stand for its orders.

    Raises
    ------
    UsageError
        An unknown id, a bad date, a bad combination, a bad layout or language.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> view = render(G, person="P-MARQUEZ", lang="en")
    >>> view
    <Rendering 'Alfredo Márquez and what lies 1 step away': 3 nodes, 2 edges>
    >>> render(G, person="P-MARQUEZ", lang="es").title
    'Alfredo Márquez y lo que está a 1 paso'
    >>> render(G, person="P-NOBODY")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    UsageError: unknown person 'P-NOBODY'
    """
    t = Text(lang)
    if layout not in view_page.LAYOUTS:
        raise UsageError(f"--layout: expected force or time, not {layout!r}")
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
        G = reference.attach(redact_graph(G, key), reference.of(G))  # officials: not redacted
        focus = [
            (label, split_key(renamed.get(node_key(label, id), node_key(label, id)))[1])
            for label, id in focus
        ]

    if revolving_door:
        door_official = focus[0][1] if focus else None
        view = views.door_view(G, door_official, since, until, include_claimed)
        title = t("title.door", count=t.n(len(view.rearrests), "re-arrest"))
        if door_official is not None:
            title += t("title.door_by", name=name_of(G, node_key(OFFICIAL, door_official)))
    else:
        seeds = [node_key(label, id) for label, id in focus]
        view = views.focus_view(G, seeds, hops, since, until, include_claimed)
        if focus:
            who = t("title.and").join(name_of(G, node_key(label, id)) for label, id in focus)
            title = t("title.focus", who=who, steps=t.n(hops, "step"))
        else:
            title = t("title.orders") if since or until else t("title.whole")
    window = window_text(t, since, until)
    if window:
        title += f", {window}"
    note = t("note.redacted") if redact else ""
    if views.too_large(len(view.nodes)):
        data = view_page.overview_data(
            view.reading, views.overview(view), title=title, note=note, lang=t.lang
        )
        title = data["title"]
    else:
        data = view_page.view_data(
            view.reading, view.nodes, view.rearrests, title=title, note=note, lang=t.lang,
            layout=layout,
        )  # fmt: skip
    rendering = Rendering(view_page.page_html(data), title, len(data["nodes"]), len(data["edges"]))
    if out is not None:
        rendering.save(out)
    return rendering


def write_demo(graph, out_dir: str | os.PathLike, lang: str | None = None) -> Path:
    """Write the demo's view, the revolving door, into `out_dir`; return the file's path.

    >>> import detnet, tempfile
    >>> path = write_demo(detnet.load_sample("synthetic"), tempfile.mkdtemp())
    >>> path.name, path.stat().st_size > 400_000
    ('revolving-door.html', True)
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return render(graph, revolving_door=True, out=out_dir / DEMO_FILE, lang=lang).path
