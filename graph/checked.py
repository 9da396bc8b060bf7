"""Graph files already found to follow the schema, remembered by the digest of their bytes.

Every graph file is checked against the schema on opening (`detnet.graph.checks`): it
may come from another person. At 100,000 persons the checks take longer than parsing
the file, and an investigator opens the same file again and again. Whether a file
passes depends on its bytes and on the schema alone, so once a file has passed, its
digest (BLAKE2b, 256 bits, over every byte, keyed by the rules: the source of the
schema, the checks and the dates they read) is kept, and the same bytes open without
being checked again. A changed byte, a file from someone else, or a detnet whose rules
differ in any way (a new rule, a fixed one) gives another digest, and the checks run.

The digests are empty files in the user's own cache folder (`$DETNET_CACHE`, else
`$XDG_CACHE_HOME/detnet`, else `~/.cache/detnet`), readable by their owner only: a
digest says nothing about what a graph holds. `DETNET_CACHE=""` turns the cache off.
A cache that cannot be written is never an error: the file is then checked each time.

>>> digest(b'{"nodes": {}}') == digest(b'{"nodes": {}}') != digest(b'{"nodes": {} }')
True
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import checks, dates, schema

CACHE_ENV = "DETNET_CACHE"
KEPT = 256  # digests kept; the oldest go first


# Other rules may reject what these accepted: their digests must not match. The modules
# that decide whether a graph passes, as source: any edit to them is another key.
def source_digest(*modules) -> bytes:
    """A digest of these modules' source: what a cache of their results is keyed by."""
    return hashlib.blake2b(
        b"".join(Path(m.__file__).read_bytes() for m in modules), digest_size=16
    ).digest()


RULES_DIGEST = source_digest(schema, checks, dates)


def cache_folder() -> Path | None:
    """Where the digests are kept; None when the cache is turned off."""
    given = os.environ.get(CACHE_ENV)
    if given is not None:
        return Path(given, "checked") if given else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "detnet", "checked")


def digest(raw: bytes) -> str:
    """The name a graph file's bytes are remembered by."""
    return hashlib.blake2b(raw, digest_size=32, key=RULES_DIGEST).hexdigest()


def known_fine(key: str) -> bool:
    """Whether the bytes of this digest, as a graph file, have passed the checks before."""
    folder = cache_folder()
    return folder is not None and (folder / key).exists()


def remember(key: str) -> None:
    """Keep the digest of a graph file's bytes that have just passed the checks."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        (folder / key).touch(mode=0o600)
        entries = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the file is checked each time instead
