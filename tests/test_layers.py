"""The layers of the house: graph <- loaders <- queries <- detnet.

A module may import its own layer and the layers below it, never one above; and no
modules import each other in a circle. `import detnet.graph.schema` loads the schema
and what it needs, nothing else.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The layers, lowest first: each folder and the package name it is installed under.
LAYERS = [("graph", "detnet.graph"), ("loaders", "detnet.loaders"), ("queries", "detnet.queries")]
TOP = ("detnet", "detnet")


def modules() -> dict[str, Path]:
    """Every module of the package, by its installed dotted name."""
    found = {}
    for folder, package in [*LAYERS, TOP]:
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


MODULES = modules()


def layer(module: str) -> int:
    for rank, (_, package) in enumerate(LAYERS):
        if module == package or module.startswith(package + "."):
            return rank
    return len(LAYERS)  # detnet itself, the CLI and the facade


def imports(module: str, path: Path, source: str | None = None) -> set[str]:
    """The detnet modules a module imports, at its top or inside functions."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    source = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n in MODULES and n != module}
    return found


GRAPH = {module: imports(module, path) for module, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_its_own(module):
    above = sorted(m for m in GRAPH[module] if layer(m) > layer(module))
    assert above == [], f"{module} imports {above}"


def test_a_lower_layer_importing_a_higher_one_would_fail_this_test():
    assert (
        layer("detnet.graph.store") < layer("detnet.loaders.load") < layer("detnet.queries.twins")
    )
    assert layer("detnet.queries.twins") < layer("detnet.cli.base")


def test_no_modules_import_each_other_in_a_circle():
    def visit(module: str, path: tuple[str, ...]) -> None:
        for other in sorted(GRAPH[module]):
            if other in path:
                cycle = path[path.index(other) :] + (other,)
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if other not in done:
                visit(other, (*path, other))
        done.add(module)

    done: set[str] = set()
    for module in sorted(GRAPH):
        if module not in done:
            visit(module, (module,))


def test_the_schema_loads_alone():
    code = (
        "import sys, detnet.graph.schema; "
        "print(sorted(m for m in sys.modules if m.startswith(('detnet', 'networkx'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (
        out.stdout.strip()
        == "['detnet', 'detnet.graph', 'detnet.graph.schema', 'detnet.graph.text']"
    )
