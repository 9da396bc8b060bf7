"""One self-contained HTML page that stays safe whatever the records say.

A page is a template from `detnet/templates/` with its slots (`{{ name }}`) filled in
one pass. Every value from the records travels as JSON inside a
`<script type="application/json">` element, with `<`, `>` and `&` escaped, and the
page's own script shows it only as text; a Content-Security-Policy in the template
forbids any network access as a second line of defence. A page that draws a graph
inlines the vis-network copy that the pyvis package ships: it makes no request to
any host and opens from `file://`.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path

import orjson

from detnet.graph.files import private_file

VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")  # inside the pyvis package
SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: object) -> str:
    """JSON that is safe inside a `<script>` element: nothing in it can close the element.

    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = orjson.dumps(data).decode("utf-8")  # fast on the large tables of an overview
    return re.sub("[<>&\u2028\u2029]", lambda m: SCRIPT_ESCAPES[m.group()], text)


@cache
def vis_network_js() -> str:
    """The vis-network library as shipped by the pyvis package."""
    js = resources.files("pyvis").joinpath(*VIS_JS).read_text(encoding="utf-8")
    if "</script" in js.lower():  # never expected; it would end the inline element early
        raise RuntimeError("the vis-network library cannot be inlined: it contains </script")
    return js


@cache
def template(name: str) -> str:
    """A page template from `detnet/templates/`."""
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def fill(text: str, slots: dict[str, str]) -> str:
    """A template with each `{{ name }}` replaced by `slots[name]`, in one pass.

    A slot's filling is never searched for slots again, so no value can inject one.

    >>> fill("<b>{{ a }}</b>{{ b }}", {"a": "{{ b }}", "b": "!"})
    '<b>{{ b }}</b>!'
    """
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: slots[m.group(1)], text)


def write_page(text: str, path: str | os.PathLike) -> Path:
    """Write a page. A new file is readable by its owner only: it names people at risk.

    >>> import tempfile, pathlib
    >>> path = write_page("<p>hi</p>", pathlib.Path(tempfile.mkdtemp()) / "p.html")
    >>> path.read_text(), oct(path.stat().st_mode & 0o777)
    ('<p>hi</p>', '0o600')
    """
    path = Path(path)
    with private_file(path) as f:
        f.write(text.encode("utf-8"))
    return path
