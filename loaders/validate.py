"""Validation: a raw row becomes a record, or a rejection naming file, line and field.

Pure functions of the row alone; references between records are checked later,
when the whole load and the graph are known (see loaders/load.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from detnet.graph.dates import BadDate, parse
from detnet.graph.schema import (
    BOOL,
    CODES,
    COUNT,
    DATE,
    ENUM,
    KEY,
    LABELS,
    LIST,
    NUMBER,
    REF,
    REFS,
    TEXT,
    Property,
)
from detnet.graph.text import codes_in, fold, plain

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
    context: dict | None = None  # what the row needs to load again: a roster's day, source

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


class BadValue(ValueError):
    """A value that breaks its field's rule."""


TEXTUAL = (TEXT, REF)
TRUE = frozenset({"true", "yes", "si", "1", "verdadero"})
FALSE = frozenset({"false", "no", "0", "falso"})


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


def _date(value: object, field: Property) -> dict[str, str]:
    """A date (see `detnet.graph.dates`), with its first and last possible day."""
    found = parse(_text(value))
    if field.day and not (found.start == found.end and "/" not in found.text):
        raise BadValue(f"expected a single day, not {found.text!r}")
    name = field.name
    return {name: found.text, f"{name}_start": found.start, f"{name}_end": found.end}


def _key(value: object) -> str:
    """A node key such as `Person:P1`, of a label of the schema."""
    text = _text(value)
    label, sep, id = text.partition(":")
    if not sep or label not in LABELS or not id.strip():
        labels = ", ".join(LABELS)
        raise BadValue(f"expected a node key LABEL:ID (LABEL one of {labels}), not {text!r}")
    return f"{label}:{id.strip()}"


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(_text(value))
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise BadValue(f"expected true or false (sí, no), not {value!r}")


COUNT_FORMS = (  # a count as announced, after folding accents and case
    # 130-150, 130 a 150, entre 130 y 150, between 130 and 150
    re.compile(r"(?:entre\s+|between\s+)?(?P<low>[0-9]+)\s*(?:-|–|a|y|to|and)\s*(?P<high>[0-9]+)"),
    re.compile(r"(?P<low>[0-9]+)\s*\+(?P<open>)"),  # 200+: at least 200
    re.compile(r"(?:mas de|more than|>)\s*(?P<more>[0-9]+)(?P<open>)"),  # more than 200
    re.compile(r"(?P<low>[0-9]+)"),
)


def _count(value: object, field: Property) -> dict[str, int | None]:
    """A whole number, a range (`130-150`, `130 a 150`, `entre 130 y 150`), or an open
    count: `200+` (at least 200), `más de 200` / `more than 200` (at least 201). An open
    count has no `_max` at all: a graph holds no null, which Neo4j could not keep.

    >>> _count("más de 200", Property("count")), _count("1.200", Property("count"))
    ({'count_min': 201}, {'count_min': 1200, 'count_max': 1200})
    >>> _count("entre 130 y 150", Property("count"))
    {'count_min': 130, 'count_max': 150}
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return {f"{field.name}_min": value, f"{field.name}_max": value}
    text = plain(_text(value))
    text = re.sub(r"(?<=[0-9])[.,](?=[0-9]{3}\b)", "", text)  # 1.200 and 1,200 are 1200
    for form in COUNT_FORMS:
        match = form.fullmatch(text)
        if match is None:
            continue
        found = match.groupdict()
        if found.get("more") is not None:
            low, high = int(found["more"]) + 1, None
        else:
            low = int(found["low"])
            high = None if "open" in found else int(found.get("high") or low)
        if high is None:
            return {f"{field.name}_min": low}
        if low > high:
            raise BadValue(f"the range {value!r} starts above its end")
        return {f"{field.name}_min": low, f"{field.name}_max": high}
    raise BadValue(f"expected a whole number or a range like 130-150, not {value!r}")


def _codes(value: object, field: Property) -> dict[str, object]:
    """Free text kept as it is, with the codes it names (see `text.codes_in`); a JSON
    list of them is kept as one text, joined with `; `."""
    text = "; ".join(_list(value)) if isinstance(value, list) else _text(value)
    return {field.name: text, f"{field.name}_codes": codes_in(text, field.values)}


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _dates(field: Property) -> Callable[[object], dict[str, str]]:
    """`_date` for one field, remembering what each text gave: a list's day, or an
    order's, is the same text on thousands of rows."""
    seen: dict[str, dict[str, str]] = {}

    def date(value: object) -> dict[str, str]:
        if value.__class__ is not str:
            return _date(value, field)
        found = seen.get(value)
        if found is None:
            if len(seen) >= 100_000:  # a bound on memory, whatever the input
                seen.clear()
            found = seen[value] = _date(value, field)
        return found  # copied into the record's values, never changed

    return date


def _enum(field: Property) -> Callable[[object], str]:
    accepted = field.accepted
    allowed = ", ".join(sorted(set(accepted.values())))

    def canonical(value: object) -> str:
        text = _text(value)
        found = accepted.get(fold(text))
        if found is None:
            raise BadValue(f"unknown {field.name} {text!r} (expected one of {allowed})")
        return found

    return canonical


LEFT_OUT = object()  # an empty field with nothing to put in its place
NEW_LIST = object()  # an empty REFS field: a list of its own for each record, never shared


class Step(NamedTuple):
    """How one field of a kind is checked: compiled once per kind, since the loop over a
    row's fields is most of a load's validation time (a tuple: unpacked in that loop)."""

    name: str
    required: bool
    empty: object  # the value an empty field takes: its default, NEW_LIST, or LEFT_OUT
    textual: bool  # text kept as given (stripped): no conversion for a string
    convert: Callable[[object], object]
    spread: bool  # `convert` gives several stored properties (a date and its bounds)


def _step(field: Property) -> Step:
    converters: dict[str, Callable[[object], object]] = {
        TEXT: _text,
        REF: _text,
        DATE: _dates(field),
        NUMBER: partial(_number, name=field.name),
        LIST: _list,
        REFS: _list,
        ENUM: _enum(field),
        KEY: _key,
        BOOL: _bool,
        COUNT: partial(_count, field=field),
        CODES: partial(_codes, field=field),
    }
    empty = (
        field.default if field.default is not None else NEW_LIST if field.type == REFS else LEFT_OUT
    )
    return Step(
        field.name,
        field.required,
        empty,
        field.type in TEXTUAL,
        converters[field.type],
        field.type in (DATE, COUNT, CODES),
    )


_compiled: dict[int, tuple[Kind, tuple[Step, ...]]] = {}  # by id: hashing a Kind hashes its schema


def steps(kind: Kind) -> tuple[Step, ...]:
    """The steps of a kind's fields, compiled on first use (the kind kept, so its id
    cannot be reused by another)."""
    found = _compiled.get(id(kind))
    if found is None:
        found = _compiled[id(kind)] = (kind, tuple(_step(field) for field in kind.fields))
    return found[1]


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
    for name, required, empty_value, textual, convert, spread in steps(kind):
        value = given.get(name)
        if value.__class__ is str:  # as CSV gives every cell
            text = value.strip()
            if text and textual:
                values[name] = text
                continue
            empty = not text
        else:
            empty = value is None or value == []
        if empty:
            if required:
                return reject(name, "required field is empty")
            if empty_value is NEW_LIST:
                values[name] = []
            elif empty_value is not LEFT_OUT:
                values[name] = empty_value
            continue
        try:
            if spread:
                values.update(convert(value))
            else:
                values[name] = convert(value)
        except (BadValue, BadDate) as e:
            return reject(name, str(e))
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
    problem = ROW_RULES[kind.name](values) if kind.name in ROW_RULES else None
    if problem:
        return reject(*problem)
    return Record(kind, row.file, row.line, values, row.raw)


# Rules across the fields of one row, by kind: (field, reason) when the row breaks one.


def _family(values: dict) -> tuple[str, str] | None:
    if values["person_id"] == values["relative_id"]:
        return "relative_id", "a person cannot be their own relative"
    return None


def _judgement(values: dict) -> tuple[str, str] | None:
    left, right = values["left"], values["right"]
    if left.partition(":")[0] != right.partition(":")[0]:
        return "right", f"a judgement joins two records of one label, not {left} and {right}"
    if left == right:
        return "right", "a record cannot be judged against itself"
    return None


def _claim(values: dict) -> tuple[str, str] | None:
    start, end = values.get("period_start_start"), values.get("period_end_end")
    if start and end and end < start:
        return "period_end", "the period ends before it starts"
    if values["kind"] == "detained" and "as_of" not in values:
        return "as_of", "a detained count needs the day it describes"
    return None


def _institution(values: dict) -> tuple[str, str] | None:
    if values.get("parent_id") == values["id"]:
        return "parent_id", "an institution cannot be part of itself"
    return None


ROW_RULES = {
    "family": _family,
    "judgements": _judgement,
    "claims": _claim,
    "institutions": _institution,
}


REF_FIELDS = (REF, REFS)
