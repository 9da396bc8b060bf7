"""Validation: a raw row becomes a record, or a rejection naming file, line and field.

Pure functions of the row alone; references between records are checked later,
when the whole load and the graph are known (see loaders/load.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from detnet.graph.dates import BadDate, parse_date
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
    """A value that breaks its field's rule."""


TEXTUAL = (TEXT, REF)


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
    """Check one row against its kind's fields: a `Record`, or the first `Rejection` found.

    >>> from detnet.loaders.contract import BY_NAME
    >>> row = RawRow("orders.csv", 2, BY_NAME["orders"],
    ...              {"id": "O1", "kind": "excarcelación", "date": "22/01/2026", "person_id": "P1"}, {})
    >>> validate(row).values["kind"], validate(row).values["date"]
    ('release', '2026-01-22')
    >>> row.values["date"] = "31/02/2026"
    >>> print(validate(row))
    orders.csv:2: date: no such date: '31/02/2026'
    """

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
        except (BadValue, BadDate) as e:
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
