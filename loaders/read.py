"""Reading record files: paths -> raw rows, each knowing its file, line and kind.

Pure: nothing here writes. Encodings, header spellings and file layouts are
resolved here so that validation sees one shape whatever the input looked like.
"""

from __future__ import annotations

import codecs
import csv
import json
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
from detnet.graph.errors import InputError
from detnet.graph.schema import RESERVED_ATTRIBUTES, Property
from detnet.graph.text import fold

from .contract import BY_STEM, BY_TYPE, KINDS, Kind

# Fields may legitimately be long (notes, charges); the csv module's default is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# Keys a rejects file adds to a row; reading it back ignores them.
REJECTED_KEY = "_rejected"
ROSTER_TYPE = "roster"  # the type of a roster's rows (see lists.py), which `load` cannot load


@dataclass(slots=True)  # one per row: a million of them
class RawRow:
    """One row of input before validation."""

    file: str  # as shown to the user
    line: int  # 1-based line where the row starts
    kind: Kind | None  # None when a JSONL row has no usable "type"
    values: dict[str, object]  # canonical field name or extra column -> value
    raw: dict[str, object]  # the row as written, to be saved in full if rejected
    problem: tuple[str, str] | None = None  # (field, reason) found while reading


@dataclass
class Inputs:
    """What a set of paths holds: the rows, and the files passed over."""

    files: list[tuple[Path, Kind | None]]
    ignored: list[str]

    def rows(self) -> Iterator[RawRow]:
        for path, kind in self.files:
            yield from self.read(path, kind)

    @staticmethod
    def read(path: Path, kind: Kind | None) -> Iterator[RawRow]:
        return read_jsonl(path) if kind is None else read_csv(path, kind)


def kind_of_csv(path: Path) -> Kind | None:
    """The kind a CSV file's name names (`2026-01-orders.csv` -> orders), if any.

    >>> kind_of_csv(Path("2026-01-orders.csv")).name
    'orders'
    >>> kind_of_csv(Path("notes.csv")) is None
    True
    """
    stem = fold(path.stem)
    for kind in KINDS:
        if any(stem == name or stem.endswith("_" + name) for name in kind.file_stems):
            return kind
    return None


def discover(paths: list[str | Path]) -> Inputs:
    """The record files behind the paths given to `detnet load`."""
    files: list[tuple[Path, Kind | None]] = []
    ignored: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if (
                    child.is_file()
                    and child.suffix.lower() == ".csv"
                    and fold(child.stem) in BY_STEM
                ):
                    files.append((child, BY_STEM[fold(child.stem)]))
                elif child.is_file() and child.suffix.lower() == ".jsonl":
                    files.append((child, None))
                elif not child.name.startswith("."):
                    ignored.append(str(child))
        elif path.is_file() and path.suffix.lower() == ".csv":
            kind = kind_of_csv(path)
            if kind is None:
                names = ", ".join(k.name for k in KINDS)
                raise InputError(f"{path}: the file name names no kind of record ({names})")
            files.append((path, kind))
        elif path.is_file() and path.suffix.lower() == ".jsonl":
            files.append((path, None))
        elif path.exists():
            raise InputError(f"{path}: not a directory, .csv or .jsonl file")
        else:
            raise InputError(f"{path}: no such file or directory")
    return Inputs(files, ignored)


def is_utf8(path: Path) -> bool:
    """Whether the whole file decodes strictly as UTF-8 (with or without a BOM)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None


BYTE_ORDER_MARKS = [  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def wide_encoding(path: Path) -> str | None:
    """UTF-16 or UTF-32, when the file starts with its byte order mark."""
    try:
        with open(path, "rb") as f:
            start = f.read(4)
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    return next((name for mark, name in BYTE_ORDER_MARKS if start.startswith(mark)), None)


def text_lines(path: Path) -> Iterator[str]:
    """The lines of a record file as text, with no accent mangled.

    A file that is UTF-8 throughout is read as UTF-8. Any other file is decoded line by
    line: as UTF-8 where the line is, else as Windows-1252 (the usual Spanish-language
    spreadsheet export), else as Latin-1, which leaves no byte undefined. Line by line,
    because a file made by pasting two exports together mixes encodings.
    """
    wide = wide_encoding(path)
    if wide:  # Excel's "Unicode text" and others: whole, by their byte order mark
        yield from path.read_bytes().decode(wide).splitlines(keepends=True)
        return
    if is_utf8(path):
        with open(path, encoding="utf-8-sig", newline="") as f:
            yield from f
        return
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    for line in data.splitlines(keepends=True):  # \n, \r\n and old Mac \r endings
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield line.decode("cp1252")
            except UnicodeDecodeError:
                yield line.decode("latin-1")


def header_map(path: Path, kind: Kind, names: list[str]) -> list[str]:
    """The canonical field name (or kept extra name) of each column of a header."""
    columns = kind.columns
    mapped: list[str] = []
    seen: dict[str, str] = {}
    for name in names:
        folded = fold(name)
        target = columns[folded].name if folded in columns else extra_name(kind, folded)
        if not target:
            target = f"column_{len(mapped) + 1}"
        if target in seen:
            raise InputError(
                f"{path}:1: columns {seen[target]!r} and {name!r} both give {target!r}"
            )
        seen[target] = name
        mapped.append(target)
    missing = [f.name for f in kind.fields if f.required and f.name not in seen]
    if missing:
        raise InputError(f"{path}:1: missing required column {missing[0]!r} for {kind.name}")
    return mapped


def extra_name(kind: Kind, folded: str) -> str:
    """The property name an unknown column is kept under: folded, clear of the names the
    store and the schema set (`id`, `label`, `date_start`, ...).

    >>> from detnet.loaders.contract import BY_NAME
    >>> extra_name(BY_NAME["orders"], "date_start"), extra_name(BY_NAME["orders"], "equipo")
    ('date_start_', 'equipo')
    """
    taken = folded in RESERVED_ATTRIBUTES or folded == "type" or folded in kind.schema.stored_from
    return f"{folded}_" if taken else folded


def read_csv(path: Path, kind: Kind) -> Iterator[RawRow]:
    """The rows of one CSV file of a known kind."""
    reader = csv.reader(text_lines(path), strict=False)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        raise InputError(f"{path}:1: unreadable header: {e}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not text in its byte order mark's encoding") from None
    if any("\x00" in name for name in header):
        raise InputError(
            f"{path}:1: the header holds NUL bytes: is the file UTF-16 without a byte "
            "order mark? Save it as UTF-8"
        )
    columns = header_map(path, kind, header)
    # A blank column name is kept under the name its values are stored under, so that
    # two blank names cannot lose a cell from the row saved in the rejects file.
    names = [name if name.strip() else column for name, column in zip(header, columns, strict=True)]
    width = len(columns)
    # Most headers are the contract's own names: then a row's values are its raw cells,
    # one dict for both (neither is changed once read).
    canonical = names == columns
    display = str(path)
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield RawRow(display, line, kind, {}, {}, ("(row)", f"unreadable CSV: {e}"))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # blank line
        raw = dict(zip(names, cells, strict=False))
        if len(cells) > width:
            raw["(extra cells)"] = cells[width:]
            yield RawRow(
                display,
                start,
                kind,
                {},
                raw,
                ("(row)", f"{len(cells)} cells but the header has {width} columns"),
            )
            continue
        values = raw if canonical else dict(zip(columns, cells, strict=False))
        yield RawRow(display, start, kind, values, raw)


def read_jsonl(path: Path, kind: Kind | None = None) -> Iterator[RawRow]:
    """The rows of one JSON Lines file; each object names its kind in `"type"`, unless
    every object is of one `kind` (a roster: `"type"`, if given, must name it)."""
    display = str(path)
    for number, text in enumerate(text_lines(path), start=1):
        if not text.strip():
            continue
        try:
            obj = parse_json(text)
        except (orjson.JSONDecodeError, ValueError):
            reason = "not valid JSON"
            yield RawRow(
                display, number, None, {}, {"(line)": text.rstrip("\r\n")}, ("(row)", reason)
            )
            continue
        if not isinstance(obj, dict):
            yield RawRow(display, number, None, {}, {"(line)": obj}, ("(row)", "not a JSON object"))
            continue
        obj.pop(REJECTED_KEY, None)
        yield jsonl_row(display, number, obj, kind)


LONG_NUMBER = re.compile(r"\d{19}")  # might not fit in 64 bits: 2**63 has 19 digits
BIGGEST = 2**63  # Neo4j and orjson hold integers of 64 bits


def parse_json(text: str) -> object:
    """One JSON value, with integers that 64 bits cannot hold kept as their digits.

    orjson reads such an integer as a float, losing its last digits: two ids that
    differ there would become one record. Identifiers are text; so is such a number.

    >>> parse_json('{"id": 123456789012345678901234567890, "n": 7}')
    {'id': '123456789012345678901234567890', 'n': 7}
    """
    if not LONG_NUMBER.search(text):
        return orjson.loads(text)
    return json.loads(text, parse_int=_integer, parse_float=_finite, parse_constant=_no_constant)


def _integer(digits: str) -> int | str:
    number = int(digits)
    return number if -BIGGEST <= number < BIGGEST else digits


def _finite(digits: str) -> float:
    number = float(digits)
    if not math.isfinite(number):  # 1e400: orjson refuses it too
        raise ValueError(f"{digits} is too large a number")
    return number


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: orjson refuses them too


def jsonl_row(file: str, line: int, obj: dict, kind: Kind | None = None) -> RawRow:
    type_value = obj.get("type")
    if kind is not None:
        if type_value is not None and fold(str(type_value)) not in (kind.type, *kind.type_aliases):
            reason = f"expected {kind.type} (or no type), got {type_value!r}"
            return RawRow(file, line, kind, {}, obj, ("type", reason))
    elif isinstance(type_value, str):
        kind = BY_TYPE.get(fold(type_value))
    if kind is None:
        known = ", ".join(k.type for k in KINDS)
        reason = f"expected one of {known}, got {type_value!r}"
        if type_value == ROSTER_TYPE:  # a roster's row, kept in a rejects file
            reason = "a roster's row: load it with detnet load-list, with its --as-of and --source"
        return RawRow(file, line, None, {}, obj, ("type", reason))
    columns = kind.columns
    values: dict[str, object] = {}
    for key, value in obj.items():
        if key == "type":
            continue
        folded = fold(str(key))
        field: Property | None = columns.get(folded)
        target = field.name if field else extra_name(kind, folded)
        if target in values:
            return RawRow(file, line, kind, {}, obj, (target, f"given twice (as {key!r})"))
        values[target] = value
    return RawRow(file, line, kind, values, obj)
