"""Rosters as groups publish them: who a source listed as held, on one day (RECORDS.md, B).

A roster is one list ("political prisoners as of 15/01/2026"): one row per person,
with the person columns of persons.csv (only `name` is required) and, optionally,
`status`, `facility_id` and `detention_date` (Spanish `situacion`, `centro_id`,
`fecha_detencion`). `load_list` turns each row into records of the contract and loads
them as `detnet load` would (`load.apply_records`: the same checks, rejections,
rejects file and exit status):

- **the person**: the one the row's `id` names, if it gives one (an id is an id, as
  in persons.csv); else the one person whose national id equals the row's once
  normalised (`graph.text.national_id_key`: `V-12.345.678` = `v12345678` = `12345678`,
  `E-` distinct); else a new person, with an id derived from the source and the row
  (`<source>-` and 10 hex digits of a hash of the source, the folded name, the
  national id and the birth date). Loading the same roster again, or the same source's
  next list, finds the same person; no name is ever matched fuzzily (that is `detnet
  resolve`'s work). A person found is left as it is: the row's person columns only
  make new persons.
- **a status**, id `<source>:<as of>:<person id>`: the row's `status`, else the
  default (`--status`, `detained`), at the row's facility, citing the source and the
  row's `sources`. The row's `notes` and any other column are kept on it: they are
  what this list said.
- with a `detention_date`: **an arrest**, id `<status id>:arrest`, verified, no
  official, at the listed facility (the list does not say where the person was first
  taken; with no facility the arrest would open a custody gap, "whereabouts unknown",
  that the list does not report), citing the source; unless the person already has an
  arrest whose possible days overlap the detention date's.

A row that gives the same person as an earlier row of the roster is rejected: a list
names a person once, and two homonyms with neither id, national id nor birth date
cannot be told apart.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import networkx as nx
from detnet.graph import store
from detnet.graph.dates import BadDate, parse
from detnet.graph.errors import InputError, UsageError
from detnet.graph.progress import Progress, no_progress
from detnet.graph.schema import (
    CONCERNS,
    DATE,
    FACILITY,
    KEEP,
    ORDER,
    PERSON,
    SOURCE,
    Property,
    Schema,
    key_id,
    node_key,
)
from detnet.graph.text import fold, national_id_key

from .contract import BY_NAME, Kind
from .load import LoadReport, apply_records, finish
from .read import extra_name, read_csv, read_jsonl
from .validate import Record, Rejection, validate

PERSONS, STATUSES, ORDERS, SOURCES = (
    BY_NAME[k] for k in ("persons", "statuses", "orders", "sources")
)
DEFAULT_STATUS = "detained"


def _roster_schema() -> Schema:
    """A roster row's fields, from the kinds they feed: a person's (its `id` optional),
    a status's `status` (optional: `--status` gives the default) and `facility_id`, and
    the day of detention."""
    person = tuple(replace(p, required=False) if p.name == "id" else p for p in PERSONS.fields)
    status = STATUSES.by_name
    return Schema(
        "Roster",
        "roster",
        "roster",
        (
            *person,
            replace(status["status"], required=False),
            status["facility_id"],
            Property(
                "detention_date",
                "when the person was arrested, per the list",
                DATE,
                "fecha_detencion",
                redact=KEEP,
            ),
        ),
        doc="One list as a group publishes it: one row per person.",
        spanish=("lista",),
    )


ROSTER = Kind(_roster_schema())
PERSON_FIELDS = tuple(f.name for f in PERSONS.fields if f.name not in ("id", "notes", "sources"))


def roster_rows(path: Path):
    """The raw rows of a roster file (CSV, or JSON Lines such as a rejects file)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, ROSTER)
    if suffix == ".jsonl":
        return read_jsonl(path, ROSTER)
    raise InputError(f"{path}: a roster is a .csv or .jsonl file")


def list_day(as_of: object) -> str:
    """The list's day, normalised: one single day (a list is as of a day).

    >>> list_day("15/01/2026")
    '2026-01-15'
    >>> list_day("enero 2026")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: --as-of: expected a single day, not '2026-01'
    """
    try:
        found = parse(str(as_of))
    except BadDate as e:
        raise UsageError(f"--as-of: {e}") from None
    if not found.exact or "T" in found.text:
        raise UsageError(f"--as-of: expected a single day, not {found.text!r}")
    return found.text


def list_status(status: str | None) -> str:
    """The default status, canonical (`detenido` -> `detained`).

    >>> list_status("excarcelado")
    'released'
    """
    if status is None:
        return DEFAULT_STATUS
    accepted = STATUSES.by_name["status"].accepted
    canonical = accepted.get(fold(status))
    if canonical is None:
        allowed = ", ".join(sorted(set(accepted.values())))
        raise UsageError(f"--status: expected one of {allowed}, not {status!r}")
    return canonical


def derived_person_id(source: str, values: dict) -> str:
    """The id of a new person from a roster: the source, and a hash of what tells the
    person apart in it (folded name, national id, birth date).

    >>> derived_person_id("FP", {"name": "Zorana  QUINTOVAR"}) == derived_person_id(
    ...     "FP", {"name": "zorana quintovar"})
    True
    >>> derived_person_id("FP", {"name": "Zorana Quintovar"})
    'FP-7abeb6a00f'
    """
    parts = (
        source,
        fold(values["name"]),
        national_id_key(values.get("national_id")) or "",
        values.get("birth_date", ""),
    )
    return f"{source}-{hashlib.sha256(chr(31).join(parts).encode()).hexdigest()[:10]}"


class _Roster:
    """Turns one roster's validated rows into person, status and order records."""

    def __init__(self, G: nx.MultiDiGraph, source: str, as_of: str, status: str):
        self.G, self.source, self.as_of, self.status = G, source, as_of, status
        self.by_national_id: dict[str, set[str]] = defaultdict(set)
        for _, attrs in G.nodes(data=True):
            if attrs.get("label") == PERSON:
                key = national_id_key(attrs.get("national_id"))
                if key:
                    self.by_national_id[key].add(attrs["id"])
        self.listed: dict[str, str] = {}  # person id -> where the roster listed them first
        self.rejections: list[Rejection] = []
        self.found = 0  # persons already in the graph

    def reject(self, record: Record, field: str, reason: str) -> None:
        self.rejections.append(
            Rejection(record.file, record.line, field, reason, ROSTER, record.raw)
        )

    def person_of(self, record: Record) -> tuple[str, str] | None:
        """The person a row names, and the field that named them (None: rejected)."""
        values = record.values
        if "id" in values:
            return values["id"], "id"
        key = national_id_key(values.get("national_id"))
        found = sorted(self.by_national_id.get(key, ())) if key else []
        if len(found) > 1:
            self.reject(
                record,
                "national_id",
                f"matches {len(found)} persons ({', '.join(found)}): give the row an id, "
                "or judge them the same with detnet resolve",
            )
            return None
        if found:
            return found[0], "national_id"
        return derived_person_id(self.source, values), "name"

    def records(self, record: Record) -> list[Record]:
        values = record.values
        named = self.person_of(record)
        if named is None:
            return []
        person, field = named
        if person in self.listed:
            self.reject(record, field, f"names the same person as {self.listed[person]} ({person})")
            return []
        self.listed[person] = record.where
        missing = self.unknown_reference(values)
        if missing is not None:
            self.reject(record, *missing)
            return []
        detained = values.get("detention_date_start")
        if detained is not None and detained > self.as_of:
            self.reject(
                record,
                "detention_date",
                f"after the list's day ({self.as_of}): {values['detention_date']!r}",
            )
            return []
        cites = list(dict.fromkeys([self.source, *values.get("sources", [])]))
        made = []
        if node_key(PERSON, person) in self.G:
            self.found += 1
        else:
            person_values = {"id": person, **{k: values[k] for k in PERSON_FIELDS if k in values}}
            person_values["sources"] = cites
            made.append(Record(PERSONS, record.file, record.line, person_values, record.raw))
            key = national_id_key(values.get("national_id"))
            if key:
                self.by_national_id[key].add(person)
        status_id = f"{self.source}:{self.as_of}:{person}"
        status = {
            "id": status_id,
            "person_id": person,
            "as_of": self.as_of,
            "as_of_start": self.as_of,
            "as_of_end": self.as_of,
            "status": values.get("status", self.status),
            "sources": cites,
        }
        if "facility_id" in values:
            status["facility_id"] = values["facility_id"]
        if "notes" in values:
            status["notes"] = values["notes"]
        for name, value in values.items():
            if name not in ROSTER.schema.stored_from:  # the list's own columns
                status[extra_name(STATUSES, name)] = value
        made.append(Record(STATUSES, record.file, record.line, status, record.raw))
        if detained is not None and not self.arrested(person, values, f"{status_id}:arrest"):
            arrest = {
                "id": f"{status_id}:arrest",
                "kind": "arrest",
                "date": values["detention_date"],
                "date_start": values["detention_date_start"],
                "date_end": values["detention_date_end"],
                "person_id": person,
                "status": "verified",
                "sources": [self.source],
            }
            if "facility_id" in values:
                arrest["facility_id"] = values["facility_id"]
            made.append(Record(ORDERS, record.file, record.line, arrest, record.raw))
        return made

    def unknown_reference(self, values: dict) -> tuple[str, str] | None:
        """The row's first reference to a facility or source the graph does not hold:
        checked before any of its records is made, so that a row loads whole or not at
        all."""
        facility = values.get("facility_id")
        if facility is not None and node_key(FACILITY, facility) not in self.G:
            return "facility_id", f"unknown facility {facility!r}"
        for cited in values.get("sources", []):
            if cited != self.source and node_key(SOURCE, cited) not in self.G:
                return "sources", f"unknown source {cited!r}"
        return None

    def arrested(self, person: str, values: dict, own: str) -> bool:
        """Whether the person already has an arrest (other than this roster's own) whose
        possible days overlap the detention date's."""
        key = node_key(PERSON, person)
        if key not in self.G:
            return False
        first, last = values["detention_date_start"], values["detention_date_end"]
        for order in self.G.pred[key]:
            attrs = self.G.nodes[order]
            if (
                CONCERNS in self.G.pred[key][order]
                and attrs.get("label") == ORDER
                and attrs.get("kind") == "arrest"
                and key_id(order) != own
                and attrs.get("date_start", "") <= last
                and attrs.get("date_end", "9999") >= first
            ):
                return True
        return False


def load_list(
    path: str | os.PathLike,
    graph: str | os.PathLike | nx.MultiDiGraph | None = None,
    *,
    as_of: object,
    source: str,
    status: str | None = None,
    source_title: str | None = None,
    strict: bool = False,
    replace: bool = False,
    rejects: str | os.PathLike | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Load one roster (see the module notes) into a graph, as `load.load` loads records.

    `as_of` is the list's day; `source` the id of the source that published it, which
    must be in the graph, unless `source_title` is given: then a source of that id and
    title is created if the graph has none. Persons found in the graph are counted as
    unchanged. Raises `UsageError` for a bad option or an unknown source, `InputError`
    for an unreadable file, `StrictAbort` as `load` does; the stored graph is then left
    as it was.

    Examples
    --------
    >>> import detnet, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "roster.csv").write_text(
    ...     "nombre,cedula,situacion\\nZorana Quintovar,V-12.345.678,detenida\\n", encoding="utf-8")
    >>> G = detnet.load_sample("seed-article")
    >>> report = load_list(folder / "roster.csv", G, as_of="15/01/2026",
    ...                    source="FP", source_title="Synthetic list")
    >>> dict(report.added)
    {'Source': 1, 'Person': 1, 'Status': 1}
    >>> [a["id"] for _, a in G.nodes(data=True) if a["label"] == "Status"]
    ['FP:2026-01-15:FP-d7e012cc30']
    """
    as_of = list_day(as_of)
    default_status = list_status(status)
    path = Path(path)
    with store.gc_paused():
        raw = list(roster_rows(path))
        rows = [validate(row) for row in progress(raw, len(raw), "reading")]
        in_memory = isinstance(graph, nx.MultiDiGraph)
        graph_file = None if in_memory else store.graph_path(graph)
        report = LoadReport(graph=graph_file)
        if in_memory:
            _apply(graph, rows, as_of, source, default_status, source_title, replace, report)
            finish(report, rejects, None, strict)
            return report
        with store.locked(graph_file):
            G = store.read_graph(graph_file, missing_ok=True)
            _apply(G, rows, as_of, source, default_status, source_title, replace, report)
            finish(report, rejects, graph_file, strict)
            if report.added or report.replaced or not graph_file.exists():
                store.write_graph(G, graph_file)
        return report


def _apply(G, rows, as_of, source, status, source_title, replace, report: LoadReport) -> None:
    made: list[Record] = []
    if node_key(SOURCE, source) not in G:
        if source_title is None:
            raise UsageError(
                f"--source: unknown source {source!r}: load it first (sources.csv), "
                "or give --source-title to create it"
            )
        values = {"id": source, "title": source_title}
        made.append(Record(SOURCES, "--source", 0, values, {"id": source, "title": source_title}))
    elif (
        source_title is not None and G.nodes[node_key(SOURCE, source)].get("title") != source_title
    ):
        raise UsageError(
            f"--source-title: the source {source!r} is in the graph with another title "
            f"({G.nodes[node_key(SOURCE, source)].get('title')!r})"
        )
    roster = _Roster(G, source, as_of, status)
    for row in rows:
        if isinstance(row, Rejection):
            report.rejections.append(row)
        else:
            made += roster.records(row)
    report.rejections += roster.rejections
    before = len(report.rejections)
    apply_records(G, made, replace=replace, report=report)
    for r in report.rejections[before:]:  # a record a row made: say which, and give the row
        r.reason = f"{r.kind.label.lower()} {r.id}: {r.reason}" if r.id else r.reason
        r.kind = ROSTER
    if roster.found:
        report.unchanged[PERSON] += roster.found
    # A row is rejected once, for its first fault: a rejected person takes the row's
    # status and arrest with it.
    once: dict[tuple[str, int], Rejection] = {}
    for r in report.rejections:
        once.setdefault((r.file, r.line), r)
    report.rejections[:] = once.values()
