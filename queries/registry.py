"""Saved Cypher queries, each joined with its networkx twin, run on either engine.

Each query is one `.cypher` file in this folder. Its header is a block of `//` comment
lines, so that the file pastes unchanged into Neo4j Browser::

    // name: revolving_door
    // description: Persons released and arrested again: one row per re-arrest.
    // param: official: Official = null -- only re-arrests ordered by this official
    // param: max_days: int = null -- only re-arrests at most this many days after the release
    // param: include_claimed: bool = false -- count releases announced but not verified
    // columns: person_id, person_name, release_order_id, ...
    // :params {official: null, max_days: null, include_claimed: false}
    MATCH ...

- `name`: the query's name, also the name of its networkx twin in `detnet.queries`.
- `description`: what it finds; repeat the key to continue on another line.
- `param`: `NAME: TYPE [= DEFAULT] [-- what it means]`, one per parameter. A parameter
  without a default is required. Defaults are JSON (`null`, `false`, `90`, `"month"`).
  Types: `str`; `int` (a whole number, 0 or more: every number here counts days);
  `bool`; `date` (`YYYY-MM-DD`, `DD/MM/YYYY` or `YYYY-MM-DDTHH:MM[:SS]`, sent as the
  ISO string); a choice `week|month|year`; or a label of the schema, e.g. `Official`:
  the id of a record of that label, which must exist.
- `columns`: the columns every row has, in order; repeat the key to continue.
- `:params`: the line to paste into Neo4j Browser first; it sets every parameter
  (defaults, and an example value for required ones).

The runner checks and converts every parameter before anything is sent, and always
sends every declared parameter, defaults filled in: so the Cypher never meets a
missing parameter, and Neo4j Browser after the `:params` line behaves the same.
Dates in Cypher are compared as their ISO strings (`toString(o.date)`): Neo4j does not
order a `date` against a `localdatetime`, and the strings order exactly as the
networkx twins order them.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from detnet.graph.errors import DetnetError, UsageError
from detnet.graph.schema import LABELS

from detnet.results import Rows

from ._common import all_queries, date_param

QUERY_DIR = Path(__file__).resolve().parent
BACKENDS = ("embedded", "neo4j")
SCALAR_TYPES = ("str", "int", "bool", "date")
HEADER_KEYS = ("name", "description", "param", "columns")
TRUE, FALSE = ("true", "yes", "1"), ("false", "no", "0")


class QueryFileError(DetnetError):
    """A saved query file whose header cannot be read."""


@dataclass(frozen=True)
class Param:
    """One declared parameter of a saved query."""

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

    def convert(self, value: object) -> object:
        """The value, checked and converted to the parameter's type.

        Strings (from the command line) are parsed; Python values are checked.

        >>> Param("max_days", "int").convert("30")
        30
        >>> Param("include_claimed", "bool").convert("yes")
        True
        >>> Param("since", "date").convert("12/01/2026")
        '2026-01-12'
        >>> Param("max_days", "int").convert("soon")
        Traceback (most recent call last):
        ...
        detnet.graph.errors.UsageError: max_days: expected a whole number, 0 or more, not 'soon'
        """
        if value is None:
            return None
        if self.type == "int":
            return _whole_number(self.name, value)
        if self.type == "bool":
            return _boolean(self.name, value)
        if self.type == "date":
            return date_param(value, self.name)
        if not isinstance(value, str):
            raise UsageError(f"{self.name}: expected text, not {value!r}")
        if self.choices and value not in self.choices:
            raise UsageError(
                f"{self.name}: expected one of {', '.join(self.choices)}, not {value!r}"
            )
        return value


def _whole_number(name: str, value: object) -> int:
    number = (
        int(value) if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*", value) else value
    )
    # Neo4j integers have 64 bits.
    if isinstance(number, int) and not isinstance(number, bool) and 0 <= number < 2**63:
        return number
    raise UsageError(f"{name}: expected a whole number, 0 or more, not {value!r}")


def _boolean(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE + FALSE:
        return value.strip().lower() in TRUE
    raise UsageError(f"{name}: expected true or false, not {value!r}")


@dataclass(frozen=True)
class SavedQuery:
    """A saved Cypher query: its header, its text, and its networkx twin."""

    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    text: str  # the whole file, header included: Cypher ignores comments
    path: Path
    params_line: str | None = None  # the `// :params {...}` line, as written

    @property
    def twin(self) -> Callable | None:
        """The networkx function of the same name, None if there is none."""
        return all_queries().get(self.name)

    def bind(self, values: Mapping[str, object] | None = None) -> dict[str, object]:
        """Every declared parameter, checked and converted, defaults filled in.

        An unknown parameter, a missing required one or a value of the wrong type is
        a UsageError naming it.

        >>> query("revolving_door").bind({"max_days": "30"})["max_days"]
        30
        >>> query("revolving_door").bind({"days": "30"})
        Traceback (most recent call last):
        ...
        detnet.graph.errors.UsageError: revolving_door has no parameter 'days'; its parameters: official, max_days, since, until, include_claimed
        """
        values = dict(values or {})
        declared = {p.name: p for p in self.params}
        for name in values:
            if name not in declared:
                known = ", ".join(declared) or "none"
                raise UsageError(f"{self.name} has no parameter {name!r}; its parameters: {known}")
        bound = {}
        for p in self.params:
            if p.name in values:
                bound[p.name] = p.convert(values[p.name])
            elif p.required:
                raise UsageError(f"{self.name} needs the parameter {p.name!r} ({p.type})")
            else:
                bound[p.name] = p.default
            if p.required and bound[p.name] is None:
                raise UsageError(f"{self.name} needs the parameter {p.name!r} ({p.type})")
        return bound

    def example_params(self) -> dict[str, object]:
        """The parameters of the `:params` line (defaults, and examples for required ones)."""
        return _parse_params_line(self.params_line, self.path) if self.params_line else {}


# Reading query files

_HEADER_LINE = re.compile(r"//\s*(:params\b.*|(\w+)\s*:(.*))$")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>[\w|]+)\s*(?:=\s*(?P<default>.*?))?\s*(?:--\s*(?P<doc>.*))?$"
)


def parse(text: str, path: Path) -> SavedQuery:
    """A saved query from the text of its file (see the module docstring)."""
    fields: dict[str, list[str]] = {key: [] for key in HEADER_KEYS}
    params_line = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("//"):
            break  # the header ends where the Cypher begins
        match = _HEADER_LINE.match(line)
        if line == "//" or match is None:
            continue
        if match.group(1).startswith(":params"):
            params_line = match.group(1)
            continue
        key, value = match.group(2), match.group(3).strip()
        if key not in HEADER_KEYS:
            raise QueryFileError(f"{path}:{number}: unknown header key {key!r}")
        fields[key].append(value)
    if len(fields["name"]) != 1 or not fields["name"][0]:
        raise QueryFileError(f"{path}: the header must name the query once (// name: ...)")
    params = tuple(_param(value, path) for value in fields["param"])
    columns = tuple(c.strip() for value in fields["columns"] for c in value.split(",") if c.strip())
    if not columns:
        raise QueryFileError(f"{path}: the header declares no columns (// columns: ...)")
    return SavedQuery(
        name=fields["name"][0],
        description=" ".join(fields["description"]),
        params=params,
        columns=columns,
        text=text,
        path=path,
        params_line=params_line,
    )


def _param(value: str, path: Path) -> Param:
    match = _PARAM.match(value)
    if match is None:
        raise QueryFileError(
            f"{path}: cannot read the parameter {value!r} (NAME: TYPE [= DEFAULT])"
        )
    name, type, default = match.group("name"), match.group("type"), match.group("default")
    if type not in SCALAR_TYPES and type not in LABELS and "|" not in type:
        raise QueryFileError(f"{path}: parameter {name!r} has an unknown type {type!r}")
    param = Param(name, type, required=default is None, description=match.group("doc") or "")
    if default is None:
        return param
    try:
        value = json.loads(default)
    except json.JSONDecodeError:
        raise QueryFileError(f"{path}: the default of {name!r} is not JSON: {default!r}") from None
    return Param(name, type, param.convert(value), False, param.description)


def _parse_params_line(line: str, path: Path) -> dict[str, object]:
    """The map of a `:params {key: value, ...}` line (Cypher map syntax, JSON values)."""
    body = line.removeprefix(":params").strip()
    as_json = re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r'\1"\2":', body)
    try:
        return json.loads(as_json)
    except json.JSONDecodeError:
        raise QueryFileError(f"{path}: cannot read the :params line {line!r}") from None


@cache
def saved_queries(directory: str | Path = QUERY_DIR) -> dict[str, SavedQuery]:
    """Every saved query in `directory`, by name.

    >>> "revolving_door" in saved_queries()
    True
    """
    found: dict[str, SavedQuery] = {}
    for path in sorted(Path(directory).glob("*.cypher")):
        q = parse(path.read_text(encoding="utf-8"), path)
        if q.name in found:
            raise QueryFileError(f"{path}: a second query named {q.name!r}")
        found[q.name] = q
    return found


def query(name: str) -> SavedQuery:
    """The saved query of that name; a UsageError listing the names if there is none."""
    queries = saved_queries()
    if name not in queries:
        raise UsageError(f"no saved query named {name!r}; saved queries: {', '.join(queries)}")
    return queries[name]


# Checking a query against its text and its twin

_STRIPPED = re.compile(
    r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL
)
_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


def used_parameters(cypher: str) -> set[str]:
    """The `$parameters` a Cypher text uses, comments and string literals aside.

    >>> sorted(used_parameters("MATCH (n {id: $id}) // not $this\\nRETURN '$nor this', $limit"))
    ['id', 'limit']
    """
    return set(_PARAMETER.findall(_STRIPPED.sub(" ", cypher)))


def problems(q: SavedQuery) -> list[str]:
    """What is wrong with a saved query: parameters that do not match its text, a
    missing twin, or a twin with other parameters, defaults or columns."""
    found = []
    declared = [p.name for p in q.params]
    used = used_parameters(q.text)
    for name in sorted(set(declared) - used):
        found.append(f"{q.name}: parameter {name!r} is declared but the Cypher does not use it")
    for name in sorted(used - set(declared)):
        found.append(f"{q.name}: the Cypher uses ${name} but the header does not declare it")
    example = q.example_params()
    if list(example) != declared:
        found.append(f"{q.name}: the :params line sets {list(example)}, not {declared}")
    for p in q.params:
        if not p.required and p.name in example and example[p.name] != p.default:
            found.append(
                f"{q.name}: the :params line gives {p.name} another value than its default"
            )
    twin = q.twin
    if twin is None:
        return found + [f"{q.name}: no networkx twin named {q.name!r} in detnet.queries"]
    if tuple(twin.columns) != q.columns:
        found.append(
            f"{q.name}: the twin's columns are {list(twin.columns)}, not {list(q.columns)}"
        )
    signature = list(inspect.signature(twin).parameters.values())[1:]
    if [s.name for s in signature] != declared:
        found.append(f"{q.name}: the twin's parameters are {[s.name for s in signature]}")
    for s, p in zip(signature, q.params, strict=False):
        twin_required = s.default is inspect.Parameter.empty
        if twin_required != p.required or (not p.required and s.default != p.default):
            found.append(f"{q.name}: parameter {p.name!r} has another default in the twin")
    return found


# Running


def run(
    name: str,
    params: Mapping[str, object] | None = None,
    *,
    backend: str = "embedded",
    graph: object = None,
    connection: object = None,
) -> Rows:
    """Run a saved query on the embedded graph or on Neo4j; the same rows either way.

    Parameters
    ----------
    name : str
        A saved query (see `saved_queries`).
    params : mapping, optional
        Parameter values: strings as typed on the command line, or Python values.
    backend : {"embedded", "neo4j"}
        The networkx twin over `graph`, or the Cypher on the server in NEO4J_URI.
    graph : path, None or networkx.MultiDiGraph
        The embedded graph (ignored with `backend="neo4j"`).
    connection : detnet.graph.neo4j_store.Connection, optional
        An open Neo4j connection; by default one is opened from the environment.

    Returns
    -------
    Rows
        Plain Python values: dates as the ISO strings the embedded store holds.

    Examples
    --------
    >>> import detnet
    >>> rows = run("revolving_door", {"max_days": "30"}, graph=detnet.load_sample("synthetic"))
    >>> all(r["days_free"] <= 30 for r in rows)
    True
    """
    q = query(name)
    if backend not in BACKENDS:
        raise UsageError(f"--backend: expected one of {', '.join(BACKENDS)}, not {backend!r}")
    bound = q.bind(params)
    if backend == "embedded":
        twin = q.twin
        if twin is None:
            raise DetnetError(f"{q.name} has no networkx twin; run it with --backend neo4j")
        return twin(graph, **bound)
    return run_cypher(q, bound, connection)


def run_cypher(q: SavedQuery, bound: Mapping[str, object], connection: object = None) -> Rows:
    """Run a saved query's Cypher with parameters already bound (see `SavedQuery.bind`)."""
    from detnet.graph import neo4j_store

    with neo4j_store.using(connection) as conn:
        for p in q.params:
            value = bound[p.name]
            if p.label and value is not None and not _exists(conn, p.label, value):
                raise UsageError(f"unknown {p.label.lower()} {value!r}")
        columns, records = conn.table(q.text, bound)
    if tuple(columns) != q.columns:
        raise QueryFileError(
            f"{q.path}: the Cypher returns {list(columns)}, not the declared {list(q.columns)}"
        )
    rows = ({c: neo4j_store.plain(r[c]) for c in q.columns} for r in records)
    return Rows(rows, q.columns)


def _exists(conn, label: str, id: object) -> bool:
    from detnet.graph.neo4j_store import cypher_name

    statement = f"MATCH (n:{cypher_name(label)} {{id: $id}}) RETURN count(n) > 0 AS found"
    return conn.read(statement, {"id": id})[0]["found"]
