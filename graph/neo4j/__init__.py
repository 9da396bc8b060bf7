"""The Neo4j store: the same graph (GRAPH.md) in a Neo4j server, written and read back.

`from detnet.graph import neo4j`, then `neo4j.push(...)`, `neo4j.pull(...)`:

>>> from detnet.graph import neo4j
>>> neo4j.Settings.from_env({"NEO4J_URI": "bolt://localhost:7687"}).address
'bolt://localhost:7687'

One concern a module:

- `connection`: settings from the environment, the connection, errors in our words,
  `check`;
- `cypher`: the Cypher text, derived from the schema;
- `values`: dates to Neo4j temporal values and back (`plain`);
- `push`: writing the embedded graph, in pipelined batches;
- `bulk`: the files of `neo4j-admin database import`, for a first load of millions;
- `pull`: reading it back (`fetch`, `pull`).

Inside this package, `import neo4j` is the Neo4j driver: imports are absolute.
"""

from .connection import (
    DATABASE_ENV,
    PASSWORD_ENV,
    URI_ENV,
    USER_ENV,
    Connection,
    Settings,
    check,
    connect,
    translated,
    using,
)
from .cypher import constraint_name, cypher_name

# The functions `push` and `pull` hide their modules' names here: reach a module's other
# names with `from detnet.graph.neo4j.push import ...`.
from .pull import PullReport, fetch, pull
from .push import DEFAULT_BATCH_SIZE, PushReport, push, push_steps
from .values import plain

__all__ = [
    "DATABASE_ENV",
    "DEFAULT_BATCH_SIZE",
    "PASSWORD_ENV",
    "URI_ENV",
    "USER_ENV",
    "Connection",
    "PullReport",
    "PushReport",
    "Settings",
    "check",
    "connect",
    "constraint_name",
    "cypher_name",
    "fetch",
    "plain",
    "pull",
    "push",
    "push_steps",
    "translated",
    "using",
]
