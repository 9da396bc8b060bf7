"""Reading record files: paths -> raw rows, each knowing its file, line and kind.

Pure: nothing here writes. Encodings, header spellings and file layouts are
resolved here so that validation sees one shape whatever the input looked like.
"""

from __future__ import annotations

import codecs
import csv
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


def text_lines(path: Path) -> Iterator[str]:
    """The lines of a record file as text, with no accent mangled.

    A file that is UTF-8 throughout is read as UTF-8. Any other file is decoded line by
    line: as UTF-8 where the line is, else as Windows-1252 (the usual Spanish-language
    spreadsheet export), else as Latin-1, which leaves no byte undefined. Line by line,
    because a file made by pasting two exports together mixes encodings.
    """
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
    columns = header_map(path, kind, header)
    width = len(columns)
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
        raw = dict(zip(header, cells, strict=False))
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
        yield RawRow(display, start, kind, dict(zip(columns, cells, strict=False)), raw)


def read_jsonl(path: Path, kind: Kind | None = None) -> Iterator[RawRow]:
    """The rows of one JSON Lines file; each object names its kind in `"type"`, unless
    every object is of one `kind` (a roster: `"type"`, if given, must name it)."""
    display = str(path)
    for number, text in enumerate(text_lines(path), start=1):
        if not text.strip():
            continue
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
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
        return RawRow(
            file, line, None, {}, obj, ("type", f"expected one of {known}, got {type_value!r}")
        )
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
