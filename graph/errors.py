"""The project's own exceptions: the CLI turns each into one `Error: ...` line.

Each carries the exit status the CLI uses for it, so that scripts can tell an
unreachable server from bad input without parsing messages.
"""


class DetnetError(Exception):
    """Base of every error detnet reports to its user as a one-line message."""

    exit_code = 2


class InputError(DetnetError):
    """Input that cannot be read at all: a missing path, an unreadable file or header."""


class UsageError(DetnetError):
    """A request that makes no sense: an unknown id, a bad date in an option."""


class GraphFileError(DetnetError):
    """A graph file that is missing, unreadable or not a detnet graph."""


class GraphLockedError(DetnetError):
    """Another detnet process holds the write lock of the graph file."""

    exit_code = 3


class Neo4jStoreError(DetnetError):
    """A request Neo4j could not carry out: a rejected query, a failed write.

    Exit status 7, unless a subclass below says otherwise.
    """

    exit_code = 7


class Neo4jUnreachableError(Neo4jStoreError):
    """No Neo4j server answers at NEO4J_URI, or it went away during the work."""

    exit_code = 4


class Neo4jAuthError(Neo4jStoreError):
    """Neo4j refused NEO4J_USER / NEO4J_PASSWORD."""

    exit_code = 5


class Neo4jDatabaseError(Neo4jStoreError):
    """The server has no database named NEO4J_DATABASE."""

    exit_code = 6
