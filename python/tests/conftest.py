"""Shared fixtures: the repository's data, and the real `hpi` binary the
Python results are compared with (HPI_BIN, else the shared target folder's)."""

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample"
KING_COUNTY = ROOT / "tests" / "data" / "king-county" / "ex_sales.csv"


def hpi_binary() -> Path:
    given = os.environ.get("HPI_BIN")
    if given:
        return Path(given)
    target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "hpi-studio" / "target"))
    return target / "debug" / "hpi"


@pytest.fixture(scope="session")
def hpi():
    """Runs the hpi CLI; returns its standard output."""
    binary = hpi_binary()
    if not binary.exists():
        pytest.fail(f"no hpi binary at {binary}: build it (cargo build -p hpi-cli) or set HPI_BIN")

    def run(*args: str) -> str:
        done = subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


def assert_same_table(python_table, cli_csv_text):
    """Equal to the last bit: the CLI writes each float in its shortest exact
    form, which reads back as the same float."""
    ours = python_table.to_pydict()
    rows = list(csv.DictReader(io.StringIO(cli_csv_text)))
    assert rows, "the CLI wrote no rows"
    assert list(ours) == list(rows[0].keys())
    for name, values in ours.items():
        numeric = any(isinstance(v, float) for v in values)
        theirs = [None if r[name] == "" else (float(r[name]) if numeric else r[name]) for r in rows]
        assert values == theirs, name
