"""Writing files that name people at risk: readable by their owner only, and atomic.

Every file detnet writes from the records (the graph, exports, pages, rejects) goes
through `private_file`: it is written to a temporary file beside its place, flushed to
disk, and renamed over it, so that a write that fails or is killed leaves the old file
(or none) and never half a file. A new file is readable by its owner only; a file
that exists keeps the mode its owner gave it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _remove_left_behind(directory: Path, name: str) -> None:
    """Remove the temporary files of `name` whose writer died before renaming them (a
    SIGKILL leaves them): they hold records in full. One still being written stays."""
    start = f".{name}."
    try:
        found = [f for f in os.listdir(directory) if f.startswith(start) and f.endswith(".tmp")]
    except OSError:
        return
    for tmp in found:
        pid = tmp[len(start) :].split(".", 1)[0]
        if pid.isdecimal() and not _alive(int(pid)):
            Path(directory, tmp).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's, or not a process id at all: leave it
    return True


def names_a_file(path: str | os.PathLike) -> bool:
    """Whether `path` can name a file to write: not empty, not a folder.

    `Path` reads `sub/` as `sub` and `""` as the current folder: an output option given
    an empty variable must not write there (nor, for a graph, over the default graph).

    >>> names_a_file("out.html"), names_a_file(""), names_a_file("sub/"), names_a_file(".")
    (True, False, False, False)
    """
    given = os.fspath(path)
    return bool(Path(given).name) and not given.endswith(("/", os.sep)) and not Path(given).is_dir()


@contextmanager
def private_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write to `path`, which appears there whole when the block ends.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with private_file(path) as f:
    ...     _ = f.write(b"data")
    >>> path.read_bytes(), oct(path.stat().st_mode & 0o777)
    (b'data', '0o600')
    """
    if not names_a_file(path):
        raise IsADirectoryError(errno.EISDIR, "not a file name", os.fspath(path) or "''")
    path = Path(path)
    directory = path.resolve().parent
    _remove_left_behind(directory, path.name)
    # mkstemp creates the file readable by its owner only. The name says whose it is.
    try:
        prefix = f".{path.name}.{os.getpid()}."
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    except OSError as e:  # name the file the user asked for, not the temporary one
        raise OSError(e.errno, e.strerror, str(path)) from None
    try:
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself must survive a power cut
    finally:
        os.close(dir_fd)
