"""The guide's Python examples run as written (docs/python.md, docs/hpipy.md),
each page's blocks in order in one namespace, from the repository's folder.
A block whose first line is a comment starting "# Needs" is shown, not run."""

import os
import re

import pytest

from conftest import ROOT, hpi_binary


@pytest.mark.parametrize("page", ["python.md", "hpipy.md"])
def test_the_examples_run(page, monkeypatch):
    text = (ROOT / "docs" / page).read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
    assert blocks, page
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HPI_BIN", str(hpi_binary()))
    namespace = {}
    ran = 0
    for block in blocks:
        if block.startswith("# Needs"):
            continue
        exec(compile(block, f"{page} example", "exec"), namespace)
        ran += 1
    assert ran >= 2
