"""What every suite measures with: datasets, child processes timed with their peak RSS,
earlier revisions read from git, and the figures a run collects."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"

ORDERS_PER_PERSON = 4.0  # what `detnet generate` writes on average (loaders/synthetic.py)


class BenchError(Exception):
    """A measurement could not be taken; its message says why."""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# Sizes and datasets


def parse_size(text: str) -> int:
    """Orders in a size label.

    >>> parse_size("10k"), parse_size("1M"), parse_size("2500")
    (10000, 1000000, 2500)
    """
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10k, 100k, 1M)")
    number, unit = float(match[1]), match[2].lower()
    return int(number * {"": 1, "k": 1_000, "m": 1_000_000}[unit])


def size_label(orders: int) -> str:
    """>>> size_label(10_000), size_label(1_000_000), size_label(2_500)
    ('10k', '1M', '2.5k')
    """
    if orders >= 1_000_000:
        return f"{orders / 1_000_000:g}M"
    return f"{orders / 1_000:g}k" if orders >= 1_000 else str(orders)


@dataclass
class Dataset:
    label: str
    folder: Path
    counts: dict[str, int]  # rows per record file, as `detnet generate` reported them

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def orders(self) -> int:
        return self.counts["orders"]


def dataset(
    data_dir: Path,
    persons: int,
    seed: int,
    label: str,
    detnet: list[str],
    options: tuple[str, ...] = (),
) -> Dataset:
    """The records `detnet generate --persons P --seed S [OPTIONS]` writes, made once
    and kept."""
    shape = "".join(f"-{o.lstrip('-')}" for o in options)
    folder = data_dir / f"records-p{persons}-s{seed}{shape}"
    counts_file = data_dir / f"{folder.name}.counts.json"  # written last: the folder is whole
    if not counts_file.exists():
        tmp = data_dir / f".{folder.name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        log(f"generating {label} orders: detnet generate --persons {persons} --seed {seed}")
        out = run_child(
            [*detnet, "generate", str(tmp), "--persons", str(persons), "--seed", str(seed),
             *options]
        )  # fmt: skip
        counts = {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", out.stdout.partition(":")[2])}
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
        counts_file.write_text(json.dumps(counts), encoding="utf-8")
    return Dataset(label, folder, json.loads(counts_file.read_text(encoding="utf-8")))


def orders_dataset(data_dir: Path, orders: int, seed: int, detnet: list[str]) -> Dataset:
    """The dataset of about `orders` orders, labelled by its size."""
    persons = max(1, round(orders / ORDERS_PER_PERSON))
    return dataset(data_dir, persons, seed, size_label(orders), detnet)


LISTS_PREFIX = "lists-"  # the label of a list-shaped dataset: lists-100k
LISTS_IMPRECISE = "0.1"  # the share of dates written imprecisely in them


def lists_dataset(
    data_dir: Path, persons: int, months: int, seed: int, detnet: list[str]
) -> Dataset:
    """The records of a group that publishes monthly lists, for `persons` persons:
    `detnet generate --lists MONTHS --imprecise 0.1`, labelled `lists-` and its persons."""
    options = ("--lists", str(months), "--imprecise", LISTS_IMPRECISE)
    return dataset(data_dir, persons, seed, LISTS_PREFIX + size_label(persons), detnet, options)


# Child processes


@dataclass
class Run:
    seconds: float  # wall time, seen from here
    rss_mb: float  # the child's peak resident memory
    stdout: str

    @property
    def result(self) -> dict:
        """The JSON object a task prints on its last line."""
        return json.loads(self.stdout.strip().splitlines()[-1])


NO_BYTECODE = "PYTHONDONTWRITEBYTECODE"


def run_child(args: list[str], env: dict | None = None) -> Run:
    """Run a process to its end; its wall time and, from `os.wait4`, its own peak RSS.
    Python's compiled modules are written and reused, as in an installed detnet (where
    they are not, each CLI call compiles detnet's modules again: 0.2 to 0.3 s)."""
    env = {k: v for k, v in (os.environ if env is None else env).items() if k != NO_BYTECODE}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, env=env, cwd=ROOT)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.stdout.close()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-5:]
            raise BenchError(f"`{shlex.join(args)}` exited {proc.returncode}: " + " | ".join(tail))
    return Run(seconds, usage.ru_maxrss / 1024, out.decode())


def task(name: str, *args: object, env: dict | None = None) -> Run:
    """One task of benchmarks/tasks.py in a process of its own."""
    return run_child([sys.executable, "-m", "benchmarks.tasks", name, *map(str, args)], env)


def detnet_command() -> list[str]:
    script = Path(sys.executable).with_name("detnet")
    found = str(script) if script.exists() else shutil.which("detnet")
    if not found:
        raise SystemExit("detnet is not installed in this Python: pip install -e '.[bench]'")
    return [found]


@contextmanager
def checkout(rev: str) -> Iterator[dict]:
    """The environment that runs detnet as it was at `rev` (read from git, not checked
    out): its source laid out as the installed package, first on PYTHONPATH."""
    with tempfile.TemporaryDirectory(prefix="detnet-before-") as tmp:
        archive = Path(tmp) / "src.tar"
        with open(archive, "wb") as f:
            subprocess.run(["git", "archive", rev], cwd=ROOT, stdout=f, check=True)
        src = Path(tmp) / "src"
        with tarfile.open(archive) as tar:
            tar.extractall(src, filter="data")
        package = Path(tmp) / "detnet"
        shutil.copytree(src / "detnet", package)
        for part in ("graph", "loaders", "queries", "samples"):
            if (src / part).is_dir():
                shutil.copytree(src / part, package / part)
        # Safe path: the current folder (this checkout, where `detnet/` lives too) must
        # not come before the old tree; this checkout comes after it, for `benchmarks`.
        yield {**os.environ, "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}", "PYTHONSAFEPATH": "1"}


def compare_rows(ours: Path, theirs: Path) -> str:
    """Two tasks' revolving-door rows, compared as sets."""
    a = {tuple(r) for r in json.loads(ours.read_text(encoding="utf-8"))}
    b = {tuple(r) for r in json.loads(theirs.read_text(encoding="utf-8"))}
    if a == b:
        return f"rows equal ({len(a):,})"
    return (
        f"ROWS DIFFER: {len(a - b)} only in detnet (e.g. {sorted(a - b)[:1]}), "
        f"{len(b - a)} only in the reference (e.g. {sorted(b - a)[:1]})"
    )


# Figures


@dataclass
class Figure:
    size: str
    what: str
    unit: str
    values: list[float]
    reference: Figure | None = None  # measured in the same run
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def ratio(self) -> float | None:
        """This figure's median over its reference's median."""
        if self.reference is None or not self.reference.values or not self.reference.median:
            return None
        return self.median / self.reference.median


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "what: not measured: why"
    checks: list[str] = field(default_factory=list)  # row comparisons and the like
    versions: dict[str, str] = field(default_factory=dict)

    def add(self, size: str, what: str, unit: str, values: list[float], reference=None, **kw):
        figure = Figure(size, what, unit, values, reference, **kw)
        self.figures.append(figure)
        log(f"{figure.size} {figure.what}: median {fmt(figure.median)} {figure.unit}")
        return figure

    def find(self, size: str, what: str) -> Figure | None:
        return next((f for f in self.figures if f.size == size and f.what == what), None)


def fmt(value: float | None) -> str:
    """>>> fmt(0.01234), fmt(12.345), fmt(123456.7)
    ('0.0123', '12.3', '123,457')
    """
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def per_second(rows: int, seconds: list[float]) -> list[float]:
    return [rows / s for s in seconds]
