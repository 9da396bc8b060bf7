"""`detnet.render` in a real Jupyter kernel: the view displays inline, as a sandboxed frame."""

from __future__ import annotations

import html

import nbformat
import pytest
from nbclient import NotebookClient

import detnet


@pytest.mark.slow
def test_render_displays_inline_in_jupyter(tmp_path):
    cell = 'import detnet\ndetnet.render(detnet.load_sample("seed-article"), person="P-MARQUEZ")'
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    [output] = notebook.cells[0].outputs
    shown = output["data"]["text/html"]
    assert shown.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in shown
    page = detnet.render(detnet.load_sample("seed-article"), person="P-MARQUEZ").html
    assert html.unescape(shown.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]) == page
