"""The `detnet` command group, and what every command shares.

The CLI is a thin shell over the Python API: each command parses its options, calls
the function a notebook would call, and prints. Project errors become one
`Error: ...` line on stderr with the error's exit status, never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

import click

from detnet.graph import store
from detnet.graph.errors import DetnetError, UsageError
from detnet.graph.files import names_a_file
from detnet.graph.store import GRAPH_ENV
from detnet.output import one_line
from detnet.queries.params import Param

UNEXPECTED = 70  # sysexits' EX_SOFTWARE: a bug, not bad input
try:
    VERSION = metadata.version("detnet")
except metadata.PackageNotFoundError:  # pragma: no cover (run from a bare checkout)
    VERSION = "(unknown version)"


class DetnetGroup(click.Group):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Like click's, but every error is one `Error: ...` line, usage errors included."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        # One command, then exit: the cyclic collector would only walk the graph's
        # millions of dicts again and again (reference counting still frees memory).
        gc.disable()
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as e:
            hint = f" (see {e.ctx.command_path} --help)" if e.ctx else ""
            click.echo(f"Error: {one_line(e.format_message())}{hint}", err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            click.echo(f"Error: {one_line(e.format_message())}", err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        except BrokenPipeError:
            # The reader (`| head`) has gone: stop quietly, like any Unix filter.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context):
        with warnings.catch_warnings():  # click 8.2 deprecates protected_args, 9 drops it
            warnings.simplefilter("ignore", DeprecationWarning)
            args = [*getattr(ctx, "protected_args", ()), *ctx.args]  # what follows `detnet`
        try:
            return super().invoke(ctx)
        except DetnetError as e:
            raise ProjectError(str(e), e.exit_code) from None
        except (BrokenPipeError, click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except OSError as e:  # an output file that cannot be written, a full disk
            where = f"{e.filename}: " if e.filename else ""
            raise ProjectError(f"{where}{e.strerror or e}", 2) from None
        except Exception as e:
            # A bug: one line that names the command, never a traceback (which could show
            # records) nor a silent success. The message of `e` may hold records too.
            raise ProjectError(
                f"{self.command_path(args)} failed unexpectedly ({type(e).__name__}); this "
                f"is a bug in detnet {VERSION}: please report it as SECURITY.md says, "
                "without real records",
                UNEXPECTED,
            ) from None

    def command_path(self, args: list[str]) -> str:
        """The command a user ran, as they typed it: `detnet query run`."""
        words, command = ["detnet"], self
        for arg in args:
            if not isinstance(command, click.Group) or arg not in command.commands:
                break
            words.append(arg)
            command = command.commands[arg]
        return " ".join(words)


class ProjectError(click.ClickException):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@click.group(cls=DetnetGroup)
@click.version_option(package_name="detnet")
def cli() -> None:
    """detnet: trace revolving-door patterns in political detention records.

    Records (CSV, JSON Lines) become a graph of persons, officials, facilities,
    orders and family ties, stored in one JSON file (the embedded default) or in
    Neo4j. The records contract: docs/RECORDS.md.
    """


graph_option = click.option(
    "--graph",
    "graph",
    type=click.Path(dir_okay=False),
    envvar=GRAPH_ENV,
    show_envvar=True,
    help="Graph file [default: ./detnet-graph.json].",
)


def format_option(*choices: str, default: str = "table"):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


METAVARS = {"int": "N", "number": "X", "date": "DATE", "str": "TEXT", "bool": ""}


def metavar(p: Param) -> str:
    """How a parameter's value is shown in help: N, DATE, ID, [week|month|year]."""
    if p.label:
        return "ID"
    return f"[{p.type}]" if p.choices else METAVARS[p.type]


def query_options(query, arguments: tuple[str, ...] = ()):
    """The click options of a query's declared parameters (`arguments` are positional).

    Made from the one declaration of each parameter (a saved query's header, or the
    `@query` decorator): `max_days: int = null -- ...` becomes `--max-days N` with that
    help. Values are checked there too, and a bad one names the option as typed.
    """

    def decorate(command):
        for p in reversed(query.params()):
            spelling = metavar(p) if p.name in arguments else p.option

            def check(ctx, param, value, p=p, spelling=spelling):
                return p.convert(value, spelling)

            if p.name in arguments:
                command = click.argument(p.name, type=str, metavar=spelling, callback=check)(
                    command
                )
            elif p.type == "bool":
                command = click.option(p.option, is_flag=True, help=_help(p))(command)
            else:
                command = click.option(
                    p.option,
                    type=str,  # converted by the parameter's own check, not by click
                    metavar=metavar(p),
                    default=p.default,
                    show_default=p.default is not None,
                    required=p.required,
                    callback=check,
                    help=_help(p),
                )(command)
        return command

    return decorate


def _help(p: Param) -> str:
    text = p.description[:1].upper() + p.description[1:]
    return text + ("." if text and not text.endswith(".") else "")


def progress_bar(items: Iterable, length: int, label: str) -> Iterable:
    """A progress bar on stderr, shown only on a terminal and only once work takes > 2 s.

    Quick commands stay quiet, and scripts piping stderr get no control characters.
    """
    if not sys.stderr.isatty():
        return items
    return _delayed_bar(items, length, label)


def _delayed_bar(items: Iterable, length: int, label: str) -> Iterator:
    delay = store.env_seconds("DETNET_PROGRESS_DELAY", 2.0)
    start = time.monotonic()
    bar = None
    done = 0
    try:
        for item in items:
            yield item
            done += 1
            if bar is None:
                if time.monotonic() - start > delay:
                    bar = click.progressbar(length=length, label=label, file=sys.stderr)
                    bar.__enter__()
                    bar.update(done)
            else:
                bar.update(1)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def not_the_graph(out: str, graph: str | None, option: str) -> None:
    """Refuse to write an export over the graph it was read from, or where no file is
    named (an empty variable in a script)."""
    if not names_a_file(out):
        raise UsageError(f"{option}: {out!r} names no file; give a file to write")
    if Path(out).resolve() == store.graph_path(graph).resolve():
        raise UsageError(f"{option}: {out} is the graph itself; choose another file")


redact_option = click.option(
    "--redact",
    is_flag=True,
    help="Detainees and relatives become stable pseudonyms; their identifiers are dropped.",
)


def given_to(graph: str | None, redact: bool, backend: str = "embedded"):
    """What a saved query is given: the file, whose twin opens what it reads (the graph,
    or the facts kept beside it: `queries.ledger`), or with --redact the redacted graph."""
    return graph_for(graph, redact, backend) if redact else graph


def facts_for(graph: str | None, redact: bool, backend: str = "embedded"):
    """`given_to`, with the facts file opened once for a command that runs several order
    walks on it (`queries.ledger`)."""
    if redact or backend != "embedded":
        return given_to(graph, redact, backend)
    from detnet.queries.ledger import open_ledger

    return open_ledger(graph)


def graph_for(graph: str | None, redact: bool, backend: str = "embedded"):
    """The graph a command works on: the file itself (or None for Neo4j), or its redaction.

    Queries run on the redacted graph, so no person's name or id can reach the output.
    """
    if not redact:
        return store.open_graph(graph) if backend == "embedded" else None
    if backend != "embedded":
        raise UsageError("--redact: only with the embedded graph (`detnet neo4j pull` first)")
    from detnet.graph.redact import redact as redacted

    return redacted(store.open_graph(graph))
