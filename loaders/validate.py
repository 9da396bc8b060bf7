"""Validation: a raw row becomes a record, or a rejection naming file, line and field.

Pure functions of the row alone; references between records are checked later,
when the whole load and the graph are known (see loaders/load.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from detnet.graph.schema import DATE, LIST, NUMBER, REF, REFS, TEXT
from detnet.graph.text import fold

from .contract import Kind
from .read import RawRow


@dataclass(slots=True)  # one per row: a million of them
class Record:
    kind: Kind
    file: str
    line: int
    values: dict[str, object]  # canonical, typed, empty fields left out
    raw: dict[str, object]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Rejection:
    file: str
    line: int
    field: str
    reason: str
    kind: Kind | None
    raw: dict[str, object]
    id: str | None = None  # the record's id, when the row gave one

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


class BadValue(ValueError):
    pass


TEXTUAL = (TEXT, REF)


@lru_cache(maxsize=1 << 16)  # a million orders hold a few thousand distinct dates
def parse_date(text: str) -> str:
    """An ISO date (or date-time) from `YYYY-MM-DD`, `DD/MM/YYYY` or `YYYY-MM-DDTHH:MM[:SS]`.

    >>> parse_date("12/01/2026")
    '2026-01-12'
    >>> parse_date("2026-01-12T09:30")
    '2026-01-12T09:30:00'
    >>> parse_date("31/02/2026")
    Traceback (most recent call last):
    ...
    detnet.loaders.validate.BadValue: no such date: '31/02/2026'
    """
    s = text.strip()
    try:
        if "/" in s:
            d, m, y = s.split("/")
            if not (len(y) == 4 and 1 <= len(m) <= 2 and 1 <= len(d) <= 2):
                raise BadValue
            return _date(y, m, d, text)
        if len(s) == 10 and s[4] == "-" and s[7] == "-":
            return _date(s[:4], s[5:7], s[8:], text)
        if len(s) in (16, 19) and s[10] == "T":
            return _time(s, text)
    except BadValue as e:
        if e.args:  # a date of the right shape that does not exist
            raise
    raise BadValue(f"not a date: {text!r} (expected YYYY-MM-DD or DD/MM/YYYY)")


def _date(y: str, m: str, d: str, text: str) -> str:
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        raise BadValue
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        raise BadValue(f"no such date: {text!r}") from None


def _time(s: str, text: str) -> str:
    day = _date(s[:4], s[5:7], s[8:10], text) if s[4] == "-" and s[7] == "-" else None
    clock = s[11:]
    parts = clock.split(":")
    if day is None or not all(len(p) == 2 and p.isdigit() for p in parts):
        raise BadValue
    h, mi, se = (int(p) for p in (parts + ["00"])[:3])
    try:
        return datetime.fromisoformat(day).replace(hour=h, minute=mi, second=se).isoformat()
    except ValueError:
        raise BadValue(f"no such time: {text!r}") from None


def _text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise BadValue(f"expected text, got {type(value).__name__}")
    return str(value)


def _list(value: object) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    return [part.strip() for part in _text(value).split(";") if part.strip()]


def _number(value: object, name: str) -> float:
    if isinstance(value, bool):
        raise BadValue(f"expected a number, got {value!r}")
    try:
        number = float(value if isinstance(value, (int, float)) else _text(value).replace(",", "."))
    except (TypeError, ValueError):
        raise BadValue(f"expected a number, got {value!r}") from None
    limit = 90 if name == "latitude" else 180
    if not -limit <= number <= limit:
        raise BadValue(f"{number} is out of range (-{limit} to {limit})")
    return number


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def validate(row: RawRow) -> Record | Rejection:
    """Check one row against its kind's fields: a `Record`, or the first `Rejection` found."""

    def reject(field: str, reason: str) -> Rejection:
        given = row.values.get("id")
        id = given.strip() if isinstance(given, str) else None
        return Rejection(row.file, row.line, field, reason, row.kind, row.raw, id or None)

    if row.problem:
        return reject(*row.problem)
    kind = row.kind
    assert kind is not None
    given = row.values
    values: dict[str, object] = {}
    for field in kind.fields:
        value = given.get(field.name)
        if value is None or value == [] or (isinstance(value, str) and not value.strip()):
            if field.required:
                return reject(field.name, "required field is empty")
            if field.default is not None:
                values[field.name] = field.default
            elif field.type == REFS:
                values[field.name] = []
            continue
        try:
            if field.type in TEXTUAL:  # most fields: tested first
                values[field.name] = _text(value)
            elif field.type == DATE:
                values[field.name] = parse_date(_text(value))
            elif field.type == NUMBER:
                values[field.name] = _number(value, field.name)
            elif field.type in (LIST, REFS):
                values[field.name] = _list(value)
            else:  # ENUM
                text = _text(value)
                canonical = field.accepted.get(fold(text))
                if canonical is None:
                    allowed = ", ".join(sorted(set(field.accepted.values())))
                    raise BadValue(f"unknown {field.name} {text!r} (expected one of {allowed})")
                values[field.name] = canonical
        except BadValue as e:
            return reject(field.name, str(e))
    if not kind.field_names.issuperset(given):  # extra columns, kept as properties
        for name, value in given.items():
            if name in kind.field_names or _empty(value):
                continue
            if isinstance(value, dict):
                return reject(
                    name, "nested objects cannot be stored; give text, a number or a list"
                )
            if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
                return reject(name, "lists of objects cannot be stored; give a list of text")
            values[name] = value.strip() if isinstance(value, str) else value
    if kind.name == "family" and values["person_id"] == values["relative_id"]:
        return reject("relative_id", "a person cannot be their own relative")
    return Record(kind, row.file, row.line, values, row.raw)


REF_FIELDS = (REF, REFS)
