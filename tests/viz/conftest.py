"""Fixtures for the viz tests: records that attack the page, and a real headless browser.

The browser is Debian's chromium driven by Playwright's Python package (no browser
download). Where it is missing the browser tests are skipped, except on CI
(`CI=true`), where a missing browser fails them: the page's safety is only proven in
a browser.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

import detnet

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("DETNET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = ("file:", "data:", "about:")

# Values that would run code if any reached innerHTML or an unescaped template slot.
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
SVG = '"><svg onload=alert(3)>'
HREF = '<a href="javascript:alert(4)">href</a>'
SLOT = "{{ data }}{{ vis_js }}"
IFRAME = '<iframe src="javascript:alert(5)"></iframe>'
COMMENT = "<!-- <script>alert(6)</script>"


def csv_text(header: list[str], *rows: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def write_records(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, text in files.items():
        (folder / f"{kind}.csv").write_text(text, encoding="utf-8")
    return folder


def hostile_records(folder: Path) -> Path:
    """A person re-arrested by an official at a facility, every name an attack."""
    return write_records(
        folder,
        sources=csv_text(
            ["id", "title", "publisher", "url", "published"],
            ["S1", "<script>alert(7)</script>", HREF, "javascript:alert(8)", "2024-01-01"],
        ),
        persons=csv_text(
            ["id", "name", "aliases", "sources", "notes"],
            ["P1", IMG, SVG, "S1", SCRIPT],
            ["P2", SCRIPT, "", "S1", COMMENT],
        ),
        officials=csv_text(
            ["id", "name", "position", "institution", "notes"],
            ["F1", SVG, SLOT, HREF, IFRAME],
        ),
        facilities=csv_text(
            ["id", "name", "kind", "notes"], ["C1", IFRAME, "prison", "\u2028&amp;"]
        ),
        orders=csv_text(
            ["id", "kind", "date", "person_id", "official_id", "facility_id", "charges", "notes"],
            ["O1", "arrest", "2024-01-10", "P1", "F1", "C1", IMG, SCRIPT],
            ["O2", "release", "2024-03-01", "P1", "F1", "C1", "", HREF],
            ["O3", "arrest", "2024-04-11", "P1", "F1", "C1", SLOT, COMMENT],
            ["O4", "arrest", "2024-05-01", "P2", "F1", "C1", "", ""],
        ),
        family=csv_text(
            ["person_id", "relative_id", "relation", "notes"], ["P1", "P2", "sibling", IMG]
        ),
    )


# People whose every identifying detail must vanish under --redact.
REDACTED_PERSONS = [
    # id, name, national_id, birth_date, aliases, notes, extra column "phone"
    ["P-ROSALBA-QUINTERO", "Rosalba Quintero Ledezma", "V-14822913", "1961-03-17",
     "La Negra;Rosalba Q.", "Arrested at her home in Carora", "+58 414 5550101"],
    ["P-EUDES-QUINTERO", "Eudes Quintero Ledezma", "V-17233045", "1965-10-02",
     "Eudito", "Brother of Rosalba Quintero Ledezma", "+58 414 5550102"],
    ["P-NAZARET-OJEDA", "Nazaret Ojeda Brizuela", "E-84123456", "1958-12-30",
     "", "Colonel; later ordered arrests himself", "+58 414 5550103"],
]  # fmt: skip


def redaction_records(folder: Path) -> Path:
    """Records that name their persons in every place a name can hide."""
    return write_records(
        folder,
        sources=csv_text(
            ["id", "title", "publisher", "url", "published", "notes"],
            [
                "S-ROSALBA",
                "Rosalba Quintero Ledezma detained again",
                "El Pitazo",
                "https://example.org/rosalba-quintero-ledezma",
                "2024-06-02",
                "Interview with Eudes Quintero Ledezma",
            ],
        ),  # fmt: skip
        persons=csv_text(
            ["id", "name", "national_id", "birth_date", "aliases", "notes", "phone", "sources"],
            *[row + ["S-ROSALBA"] for row in REDACTED_PERSONS],
        ),
        officials=csv_text(
            ["id", "name", "position", "institution", "person_id", "notes"],
            [
                "F-GOVERNOR",
                "Governor Aristóbulo Pérez Yánez",
                "state governor",
                "Gobernación de Lara",
                "",
                "Ordered the arrest of Rosalba Quintero Ledezma",
            ],
            [
                "F-OJEDA",
                "Judge Atilio Berroterán",
                "control court judge",
                "Tribunal 3 de Control",
                "P-NAZARET-OJEDA",
                "Once detained as V-84123456",
            ],
        ),  # fmt: skip
        facilities=csv_text(
            ["id", "name", "kind", "notes"],
            ["C-URIBANA", "Centro Penitenciario de Uribana", "prison", "Where Eudito was held"],
        ),
        orders=csv_text(
            [
                "id",
                "kind",
                "date",
                "person_id",
                "official_id",
                "facility_id",
                "case_number",
                "charges",
                "conditions",
                "notes",
            ],
            [
                "O-ROSALBA-1",
                "arrest",
                "2023-02-01",
                "P-ROSALBA-QUINTERO",
                "F-GOVERNOR",
                "C-URIBANA",
                "KP01-P-2023-000123",
                "instigation",
                "",
                "Rosalba Quintero Ledezma taken at night",
            ],
            [
                "O-ROSALBA-2",
                "release",
                "2023-09-01",
                "P-ROSALBA-QUINTERO",
                "F-OJEDA",
                "C-URIBANA",
                "KP01-P-2023-000123",
                "",
                "no contact with ROSALBA Q. or rosalba quintero ledezma",
                "",
            ],
            [
                "O-ROSALBA-3",
                "arrest",
                "2024-06-01",
                "P-ROSALBA-QUINTERO",
                "F-GOVERNOR",
                "C-URIBANA",
                "KP01-P-2024-000777",
                "insulting Eudes Quintero Ledezma (cédula 17.233.045)",
                "",
                "",
            ],
            [
                "O-EUDES-1",
                "arrest",
                "2024-06-03",
                "P-EUDES-QUINTERO",
                "F-GOVERNOR",
                "C-URIBANA",
                "",
                "",
                "",
                "Taken two days after his sister Rosalba",
            ],
        ),  # fmt: skip
        family=csv_text(
            ["person_id", "relative_id", "relation", "notes"],
            ["P-ROSALBA-QUINTERO", "P-EUDES-QUINTERO", "sibling", "Eudito is Rosalba's brother"],
        ),
    )


def loaded(folder: Path) -> nx.MultiDiGraph:
    G = detnet.api.store.new_graph()
    report = detnet.load(folder, graph=G, strict=True)
    assert report.exit_code == 0
    return G


@pytest.fixture(autouse=True)
def private_redaction_key(tmp_path, monkeypatch):
    """No test reads or creates the real per-user redaction key."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("DETNET_REDACT_KEY", raising=False)


@pytest.fixture
def hostile_graph(tmp_path) -> nx.MultiDiGraph:
    return loaded(hostile_records(tmp_path / "hostile"))


@pytest.fixture
def redaction_graph(tmp_path) -> nx.MultiDiGraph:
    return loaded(redaction_records(tmp_path / "redaction"))


# The browser.


def browser_missing(reason: str):
    """Skip locally; on CI a missing browser is a failure, not a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_missing("playwright is not installed")
    executable = shutil.which(CHROMIUM)
    if executable is None:
        browser_missing(f"no chromium at {CHROMIUM} (set DETNET_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class OpenedPage:
    """A page opened from file:// with every outside request blocked and counted."""

    page: object
    outside_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def counts(self) -> tuple[int, int]:
        return tuple(
            self.page.evaluate(
                "[detnetNetwork.body.data.nodes.length, detnetNetwork.body.data.edges.length]"
            )
        )

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def open_page(browser):
    contexts = []

    def open(path: Path, ready: bool = True) -> OpenedPage:
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page)

        def route(route):
            url = route.request.url
            if url.startswith(LOCAL_SCHEMES):
                route.continue_()
            else:
                opened.outside_requests.append(url)
                route.abort()

        context.route("**/*", route)
        # Requests that routing may not see (a WebSocket, say) are counted too.
        page.on(
            "request",
            lambda r: (
                None if r.url.startswith(LOCAL_SCHEMES) else opened.outside_requests.append(r.url)
            ),
        )
        page.on("websocket", lambda ws: opened.outside_requests.append(ws.url))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', function (e) {"
            "  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });"
        )
        page.goto(Path(path).resolve().as_uri())
        if ready:  # the layout is done and physics stopped
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
        return opened

    yield open
    for context in contexts:
        context.close()
