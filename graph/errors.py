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
