"""Query parameters: declared once, checked by one validator per type.

A parameter is declared in one line, the same in a saved query's `.cypher` header and
in the `@query` decorator of a query that has no Cypher twin::

    NAME: TYPE [= DEFAULT] [-- what it means]

Types: `str`; `int` (a whole number, 0 or more); `number` (a decimal, 0 or more); `bool`; `date` (`YYYY-MM-DD`,
`DD/MM/YYYY` or `YYYY-MM-DDTHH:MM[:SS]`, kept as the ISO string); a choice
`week|month|year`; or a label of the schema, e.g. `Official`: the id of a record of
that label, which must exist. A parameter without a default is required; defaults are
JSON (`null`, `false`, `90`, `"month"`).

Every message names the parameter as its user spelled it: `max_days` in Python and in
`detnet query run --param`, `--max-days` on a command's own options.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from detnet.graph.dates import BadDate, parse_date
from detnet.graph.errors import DetnetError, UsageError
from detnet.graph.schema import LABELS, node_key

SCALAR_TYPES = ("str", "int", "bool", "date", "number")
TRUE, FALSE = ("true", "yes", "1"), ("false", "no", "0")
BIGGEST = 2**63  # Neo4j integers have 64 bits

_DECLARATION = re.compile(
    r"(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>[\w|]+)\s*(?:=\s*(?P<default>.*?))?\s*(?:--\s*(?P<doc>.*))?$"
)


class DeclarationError(DetnetError):
    """A parameter declaration that cannot be read (a fault of the query, not the user)."""


@dataclass(frozen=True)
class Param:
    """One declared parameter of a query."""

    name: str
    type: str  # str, int, bool, date, a|b|c (a choice) or a schema label (an id)
    default: object = None
    required: bool = False
    description: str = ""

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.type.split("|")) if "|" in self.type else ()

    @property
    def label(self) -> str | None:
        """The schema label whose id this parameter holds, if it holds one."""
        return self.type if self.type in LABELS else None

    @property
    def option(self) -> str:
        """The parameter as a command-line option: `max_days` -> `--max-days`."""
        return "--" + self.name.replace("_", "-")

    def convert(self, value: object, spelling: str | None = None) -> object:
        """The value, checked and converted to the parameter's type.

        Strings (from a command line) are parsed; Python values are checked. A bad value
        is a UsageError naming the parameter as `spelling` (default: its name).

        >>> Param("max_days", "int").convert("30")
        30
        >>> Param("include_claimed", "bool").convert("yes")
        True
        >>> Param("since", "date").convert("12/01/2026")
        '2026-01-12'
        >>> Param("max_days", "int").convert("soon", "--max-days")
        Traceback (most recent call last):
        ...
        detnet.graph.errors.UsageError: --max-days: expected a whole number, 0 or more, not 'soon'
        """
        if value is None:
            return None
        where = spelling or self.name
        checker = CHECKS.get(self.type)
        if checker is not None:
            return checker(where, value)
        if not isinstance(value, str):
            raise UsageError(f"{where}: expected text, not {value!r}")
        return choice(where, value, self.choices) if self.choices else value


def whole_number(where: str, value: object) -> int:
    """A whole number, 0 or more (from an int, or from its digits as text)."""
    number = (
        int(value) if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*", value) else value
    )
    if isinstance(number, int) and not isinstance(number, bool) and 0 <= number < BIGGEST:
        return number
    raise UsageError(f"{where}: expected a whole number, 0 or more, not {value!r}")


def number(where: str, value: object) -> float:
    """A decimal number, 0 or more (from a number, or from its text).

    >>> number("min_score", "0.75"), number("min_score", 1)
    (0.75, 1.0)
    """
    found = value
    if isinstance(value, str):
        try:
            found = float(value.strip())
        except ValueError:
            found = None
    if isinstance(found, (int, float)) and not isinstance(found, bool) and 0 <= found < BIGGEST:
        return float(found)
    raise UsageError(f"{where}: expected a number, 0 or more, not {value!r}")


def choice(where: str, value: object, choices: Sequence[str]) -> str:
    """One of `choices`, or a UsageError listing them."""
    if value not in choices:
        raise UsageError(f"{where}: expected one of {', '.join(choices)}, not {value!r}")
    return value


def boolean(where: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE + FALSE:
        return value.strip().lower() in TRUE
    raise UsageError(f"{where}: expected true or false, not {value!r}")


def iso_date(where: str, value: object) -> str:
    """An ISO date string from an ISO or DD/MM/YYYY string, a `date` or a `datetime`.

    >>> iso_date("since", "31/02/2026")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: since: no such date: '31/02/2026'
    """
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return parse_date(str(value))
    except BadDate as e:
        raise UsageError(f"{where}: {e}") from None


CHECKS = {"int": whole_number, "number": number, "bool": boolean, "date": iso_date}


def existing(G, label: str, id: str | None) -> str | None:
    """`id` itself when a record of that label is in the graph `G`; a UsageError naming
    it if not.

    >>> import networkx as nx
    >>> existing(nx.MultiDiGraph(), "Official", "F9")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: unknown official 'F9'
    """
    if id is not None and node_key(label, id) not in G:
        raise UsageError(f"unknown {label.lower()} {id!r}")
    return id


def declare(line: str, where: str = "") -> Param:
    """A parameter from its one-line declaration (see the module docstring).

    >>> declare('period: week|month|year = "month" -- the length of a period')
    Param(name='period', type='week|month|year', default='month', required=False, description='the length of a period')
    """
    match = _DECLARATION.match(line.strip())
    prefix = f"{where}: " if where else ""
    if match is None:
        raise DeclarationError(
            f"{prefix}cannot read the parameter {line!r} (NAME: TYPE [= DEFAULT])"
        )
    name, type, default = match.group("name"), match.group("type"), match.group("default")
    if type not in SCALAR_TYPES and type not in LABELS and "|" not in type:
        raise DeclarationError(f"{prefix}parameter {name!r} has an unknown type {type!r}")
    param = Param(name, type, required=default is None, description=match.group("doc") or "")
    if default is None:
        return param
    try:
        value = json.loads(default)
    except json.JSONDecodeError:
        raise DeclarationError(
            f"{prefix}the default of {name!r} is not JSON: {default!r}"
        ) from None
    return Param(name, type, param.convert(value), False, param.description)


def bind(
    owner: str, params: Sequence[Param], values: Mapping[str, object] | None
) -> dict[str, object]:
    """Every declared parameter, checked and converted, defaults filled in.

    An unknown parameter, a missing required one or a value of the wrong type is a
    UsageError naming it.

    >>> bind("q", [declare("max_days: int = null")], {"max_days": "30"})
    {'max_days': 30}
    >>> bind("q", [declare("max_days: int = null")], {"days": "30"})
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: q has no parameter 'days'; its parameters: max_days
    """
    values = dict(values or {})
    declared = {p.name: p for p in params}
    for name in values:
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise UsageError(f"{owner} has no parameter {name!r}; its parameters: {known}")
    bound = {}
    for p in params:
        bound[p.name] = p.convert(values[p.name]) if p.name in values else p.default
        if p.required and bound[p.name] is None:
            raise UsageError(f"{owner} needs the parameter {p.name!r} ({p.type})")
    return bound
