"""Saved Cypher queries, each joined with its networkx twin, run on either engine.

Each query is one `.cypher` file in this folder. Its header is a block of `//` comment
lines::

    // name: revolving_door
    // description: Persons released and arrested again: one row per re-arrest.
    // param: official: Official = null -- only re-arrests ordered by this official
    // param: max_days: int = null -- only re-arrests at most this many days after the release
    // param: include_claimed: bool = false -- count releases announced but not verified
    // columns: person_id, person_name, release_order_id, ...
    // :params {official: null, max_days: null, include_claimed: false}
    MATCH ...
    // include: rearrests
    RETURN ...

- `name`: the query's name, also the name of its networkx twin in `detnet.queries`.
- `description`: what it finds; repeat the key to continue on another line.
- `param`: one per parameter, declared as `detnet.queries.params` says. This is the one
  declaration of a parameter: the twin is checked against it, its values are
  validated by it, and the CLI's options are made from it.
- `columns`: the columns every row has, in order; repeat the key to continue.
- `:params`: the line to paste into Neo4j Browser first; it sets every parameter
  (defaults, and an example value for required ones).
- `// include: NAME` in the Cypher: the fragment `fragments/NAME.cypher` goes here. A
  rule several queries need (pairing releases with re-arrests, the custody walk) is
  written once, as a fragment. `detnet query show NAME` prints the query with its
  fragments in place: that text pastes unchanged into Neo4j Browser.

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

from .params import DeclarationError, Param, bind, declare
from .rows import Rows
from .twins import all_queries

QUERY_DIR = Path(__file__).resolve().parent
FRAGMENT_DIR = QUERY_DIR / "fragments"
BACKENDS = ("embedded", "neo4j")
HEADER_KEYS = ("name", "description", "param", "columns")
FRAGMENT_KEYS = ("fragment", "description")
_INCLUDE = re.compile(r"^\s*//\s*include:\s*(\w+)\s*$", re.M)


class QueryFileError(DetnetError):
    """A saved query file whose header cannot be read."""


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
    def cypher(self) -> str:
        """The query as Neo4j runs it: the file with its fragments in place."""
        return compose(self.text, self.path)

    @property
    def twin(self) -> Callable | None:
        """The networkx function of the same name, None if there is none."""
        return all_queries().get(self.name)

    def bind(self, values: Mapping[str, object] | None = None) -> dict[str, object]:
        """Every declared parameter, checked and converted, defaults filled in.

        >>> query("revolving_door").bind({"max_days": "30"})["max_days"]
        30
        >>> query("revolving_door").bind({"days": "30"})
        Traceback (most recent call last):
        ...
        detnet.graph.errors.UsageError: revolving_door has no parameter 'days'; its parameters: official, max_days, since, until, include_claimed
        """
        return bind(self.name, self.params, values)

    def example_params(self) -> dict[str, object]:
        """The parameters of the `:params` line (defaults, and examples for required ones)."""
        return _parse_params_line(self.params_line, self.path) if self.params_line else {}


# Reading query files

_HEADER_LINE = re.compile(r"//\s*(:params\b.*|(\w+)\s*:(.*))$")


@dataclass
class Header:
    """The block of `//` lines at the top of a query or fragment file."""

    fields: dict[str, list[str]]  # each key's values, in order
    params_line: str | None  # the `// :params {...}` line
    end: int  # the number of lines it takes: the Cypher starts after them


def header(text: str, path: Path, keys: tuple[str, ...]) -> Header:
    """The header of a query or fragment file; it ends where the Cypher, or an
    `// include:` line, begins."""
    fields: dict[str, list[str]] = {key: [] for key in keys}
    params_line = None
    lines = text.splitlines()
    end = len(lines)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("//") or _INCLUDE.match(line):
            end = number - 1
            break
        match = _HEADER_LINE.match(line)
        if line == "//" or match is None:
            continue
        if match.group(1).startswith(":params"):
            params_line = match.group(1)
            continue
        key, value = match.group(2), match.group(3).strip()
        if key not in keys:
            raise QueryFileError(f"{path}:{number}: unknown header key {key!r}")
        fields[key].append(value)
    return Header(fields, params_line, end)


def parse(text: str, path: Path) -> SavedQuery:
    """A saved query from the text of its file (see the module docstring)."""
    head = header(text, path, HEADER_KEYS)
    fields, params_line = head.fields, head.params_line
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


@cache
def fragments(directory: str | Path = FRAGMENT_DIR) -> dict[str, tuple[str, str]]:
    """Every fragment, by name: its description and its Cypher (header left out)."""
    found = {}
    for path in sorted(Path(directory).glob("*.cypher")):
        text = path.read_text(encoding="utf-8")
        head = header(text, path, FRAGMENT_KEYS)
        if head.fields["fragment"] != [path.stem]:
            raise QueryFileError(f"{path}: the header must name the fragment {path.stem!r}")
        body = "\n".join(text.splitlines()[head.end :]).strip("\n")
        found[path.stem] = (" ".join(head.fields["description"]), body)
    return found


def compose(text: str, path: Path, seen: tuple[str, ...] = ()) -> str:
    """The Cypher text with every `// include: NAME` line replaced by that fragment.

    >>> "// include:" in compose(query("revolving_door").text, Path("revolving_door.cypher"))
    False
    """
    known = fragments()

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in known:
            raise QueryFileError(f"{path}: includes an unknown fragment {name!r}")
        if name in seen:
            raise QueryFileError(f"{path}: fragment {name!r} includes itself")
        description, body = known[name]
        inner = compose(body, FRAGMENT_DIR / f"{name}.cypher", (*seen, name))
        return f"// {name}: {description}\n{inner}"

    return _INCLUDE.sub(replace, text)


def _param(value: str, path: Path) -> Param:
    try:
        return declare(value, str(path))
    except DeclarationError as e:
        raise QueryFileError(str(e)) from None


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
    used = used_parameters(q.cypher)
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
        columns, records = conn.table(q.cypher, bound)
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
