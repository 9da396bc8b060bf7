"""Printing result rows as a table, JSON or CSV, the same way for every command.

CSV cells are neutralised: a value that a spreadsheet would read as a formula
(`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with `'`, so that a name in
the records cannot run a formula when an analyst opens the export in Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import orjson

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A CSV cell that spreadsheets show as text, never evaluate.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise(-3)
    '-3'
    >>> neutralise(["a", "b"])
    'a;b'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = ";".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def one_line(text: str) -> str:
    r"""Text for one line of a terminal: each character that would break the line or
    move the cursor (a newline in a file name, an escape) shown as its escape.

    >>> print(one_line("records/line\nbreak\x1b[2J.csv"))
    records/line\nbreak\x1b[2J.csv
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def json_bytes(data: object) -> bytes:
    """JSON as detnet prints it, in UTF-8 (RFC 8259's encoding)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS, default=str)


def to_json(data: object) -> str:
    return json_bytes(data).decode()


def to_csv(rows: Iterable[dict], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c)) for c in columns])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    # A table is read in a terminal: control characters from records must not move the cursor.
    return "".join(c if c.isprintable() else " " for c in str(value))


def to_table(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """Rows as aligned plain-text columns.

    >>> print(to_table([{"a": 1, "b": "x"}], ["a", "b"]))
    a  b
    -  -
    1  x
    """
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths).rstrip())
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


def render_rows(rows: Sequence[dict], columns: Sequence[str], fmt: str) -> str:
    if fmt == "json":
        return to_json(list(rows))
    if fmt == "csv":
        return to_csv(rows, columns).rstrip("\n")
    return to_table(rows, columns) if rows else "(no rows)"
