"""Saved Cypher queries: reading their files, and composing them with their fragments.

The file format is described in `detnet.queries.registry`, which joins each saved
query with its networkx twin and runs either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from detnet.graph.errors import DetnetError, UsageError

from .params import DeclarationError, Param, bind, declare

QUERY_DIR = Path(__file__).resolve().parent
FRAGMENT_DIR = QUERY_DIR / "fragments"
HEADER_KEYS = ("name", "description", "param", "columns")
FRAGMENT_KEYS = ("fragment", "description", "takes")
# `// include: NAME` or `// include: NAME(placeholder=variable, ...)`
_INCLUDE = re.compile(r"^\s*//\s*include:\s*(\w+)\s*(?:\(([^)]*)\))?\s*$", re.M)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class Fragment:
    """Cypher that several queries need, written once (queries/fragments/NAME.cypher).

    A fragment that `takes` placeholders writes them `{{name}}`; each include names the
    variables that stand in for them: `// include: cluster(node=f, as=official)`.
    """

    name: str
    description: str
    takes: tuple[str, ...]
    body: str


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
        """The query as written for Neo4j: the file with its fragments in place."""
        return compose(self.text, self.path)

    @property
    def cypher_sent(self) -> str:
        """The query as detnet sends it (see `one_map`): run it with `{PARAMS: bound}`."""
        return one_map(self.cypher, {p.name for p in self.params})

    def bind(self, values: Mapping[str, object] | None = None) -> dict[str, object]:
        """Every declared parameter, checked and converted, defaults filled in.

        >>> query("revolving_door").bind({"max_days": "30"})["max_days"]
        30
        >>> query("revolving_door").bind({"days": "30"})
        Traceback (most recent call last):
        ...
        detnet.graph.errors.UsageError: revolving_door has no parameter 'days'; its parameters: official, institution, max_days, ...
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
def fragments(directory: str | Path = FRAGMENT_DIR) -> dict[str, Fragment]:
    """Every fragment, by name."""
    found = {}
    for path in sorted(Path(directory).glob("*.cypher")):
        text = path.read_text(encoding="utf-8")
        head = header(text, path, FRAGMENT_KEYS)
        if head.fields["fragment"] != [path.stem]:
            raise QueryFileError(f"{path}: the header must name the fragment {path.stem!r}")
        takes = tuple(t.strip() for v in head.fields["takes"] for t in v.split(",") if t.strip())
        body = "\n".join(text.splitlines()[head.end :]).strip("\n")
        used = set(_PLACEHOLDER.findall(body))
        if used != set(takes):
            raise QueryFileError(f"{path}: takes {sorted(takes)} but uses {sorted(used)}")
        found[path.stem] = Fragment(path.stem, " ".join(head.fields["description"]), takes, body)
    return found


def compose(text: str, path: Path, seen: tuple[str, ...] = ()) -> str:
    """The Cypher text with every `// include: NAME(...)` line replaced by that fragment,
    its placeholders filled in.

    >>> "// include:" in compose(query("revolving_door").text, Path("revolving_door.cypher"))
    False
    """
    known = fragments()

    def replace(match: re.Match) -> str:
        name, given = match.group(1), match.group(2) or ""
        if name not in known:
            raise QueryFileError(f"{path}: includes an unknown fragment {name!r}")
        if name in seen:
            raise QueryFileError(f"{path}: fragment {name!r} includes itself")
        fragment = known[name]
        values = dict(_argument(a, path) for a in given.split(",") if a.strip())
        if set(values) != set(fragment.takes):
            raise QueryFileError(
                f"{path}: fragment {name!r} takes {', '.join(fragment.takes) or 'nothing'}"
            )
        fill = lambda text: _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)  # noqa: E731
        inner = compose(fill(fragment.body), FRAGMENT_DIR / f"{name}.cypher", (*seen, name))
        return f"// {name}: {fill(fragment.description)}\n{inner}"

    return _INCLUDE.sub(replace, text)


def _argument(text: str, path: Path) -> tuple[str, str]:
    name, sep, value = (part.strip() for part in text.partition("="))
    if not sep or not re.fullmatch(r"\w+", name) or not re.fullmatch(r"[\w.$]+", value):
        raise QueryFileError(f"{path}: cannot read the fragment argument {text.strip()!r}")
    return name, value


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


# Parameters a Cypher text uses

_STRIPPED = re.compile(
    r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL
)
_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")
# A parameter outside comments and string literals (those match the first branch).
_PARAMETER_OUTSIDE = re.compile(f"{_STRIPPED.pattern}|{_PARAMETER.pattern}", re.DOTALL)


# The one parameter detnet sends a saved query, holding every declared one (`one_map`).
PARAMS = "params"


def one_map(cypher: str, names: set[str]) -> str:
    """The Cypher with each declared `$name` read from one map, `$params.name`.

    Neo4j keeps a plan per query text and parameter *types*: a filter left out is sent
    as null, another type, and each mix of filters given would be planned again (one or
    two seconds for the revolving door). Sent as one map, a query is planned once.

    >>> one_map("MATCH (n {id: $id}) // $id\\nRETURN '$id', $id, $other", {"id"})
    "MATCH (n {id: $params.id}) // $id\\nRETURN '$id', $params.id, $other"
    """

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return f"${PARAMS}.{name}" if name in names else match.group(0)

    return _PARAMETER_OUTSIDE.sub(replace, cypher)


def used_parameters(cypher: str) -> set[str]:
    """The `$parameters` a Cypher text uses, comments and string literals aside.

    >>> sorted(used_parameters("MATCH (n {id: $id}) // not $this\\nRETURN '$nor this', $limit"))
    ['id', 'limit']
    """
    return set(_PARAMETER.findall(_STRIPPED.sub(" ", cypher)))
