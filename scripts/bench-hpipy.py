"""Pooled BMN on the King County sales replicated many times: HPI Studio's `hpi calculate`
against hpipy (from PyPI), each timed as a whole process (start-up, reading the CSV, pairing,
the regression, writing the index), on the same file in the same run.

    python3 scripts/bench-hpipy.py                       # 50 and 411 copies, monthly
    python3 scripts/bench-hpipy.py --copies 50 --period quarterly
    python3 scripts/bench-hpipy.py --python /tmp/ka/bin/python   # where hpipy is installed

hpipy runs under `--python` (default: this interpreter); when it cannot import hpipy the
comparison is skipped with a note and only HPI Studio is timed. To install the peer as the
known answers were made (tests/data/king-county/README.md):

    python3 -m venv /tmp/ka && /tmp/ka/bin/pip install hpipy==0.1.5

Each copy of a sale gets its own property and sale id, so the pairs are the original pairs
repeated and the least-squares index is the original one: both programs' indices are checked
against tests/data/king-county/golden (hpiR's) to 1e-6 relative before any time is reported.
The `--copies 2 --smoke` run is the short version the test suite runs.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "king-county"
PERIODS = {"annual": "Y", "quarterly": "Q", "monthly": "M"}

# The child that runs hpipy: read the CSV, form hpiR's pairs, fit BMN, write the index.
HPIPY = """
import sys
import pandas as pd
from hpipy.price_index import RepeatTransactionIndex
sales = pd.read_csv(sys.argv[1], dtype={"pinx": str, "sale_id": str}, parse_dates=["sale_date"])
hpi = RepeatTransactionIndex.create_index(
    sales, prop_id="pinx", trans_id="sale_id", price="sale_price", date="sale_date",
    periodicity=sys.argv[2], estimator="base", log_dep=True, seq_only=True,
)
pd.DataFrame({"value": [float(v) for v in hpi.value]}).to_csv(sys.argv[3], index=False)
"""


def replicate(copies: int, out: Path) -> int:
    """Writes `copies` copies of ex_sales.csv, each with its own property and sale ids."""
    with open(DATA / "ex_sales.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["pinx", "sale_id", "sale_price", "sale_date"])
        for k in range(copies):
            for r in rows:
                w.writerow([f"{r['pinx']}-{k}", f"{r['sale_id']}-{k}", r["sale_price"], r["sale_date"]])
    return copies * len(rows)


def golden(period: str) -> list[float]:
    with open(DATA / "golden" / f"ex_sales_bmn_{period}.csv", newline="") as f:
        return [float(r["value"]) for r in csv.DictReader(f)]


def worst_relative(got: list[float], want: list[float]) -> float:
    if len(got) != len(want):
        return float("inf")
    return max(abs(g - w) / abs(w) for g, w in zip(got, want))


def checked(path: Path, column: str, want: list[float], what: str) -> float:
    """How far the index in `column` of `path` is from `want` (relative); it must be within 1e-6."""
    with open(path, newline="") as f:
        got = [float(r[column]) for r in csv.DictReader(f)]
    off = worst_relative(got, want)
    if off > 1e-6:
        sys.exit(f"{what} is {off:.2e} from hpiR's (relative)")
    return off


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed ({done.returncode}):\n{done.stderr}")
    return seconds


def default_hpi() -> str:
    target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "hpi-studio" / "target"))
    for profile in ("release", "debug"):
        if (target / profile / "hpi").exists():
            return str(target / profile / "hpi")
    return "hpi"


def has_hpipy(python: str) -> bool:
    return subprocess.run([python, "-c", "import hpipy"], capture_output=True).returncode == 0


def run(copies: int, period: str, hpi: str, python: str | None, work: Path) -> None:
    sales_file = work / f"ex_sales_x{copies}.csv"
    sales = replicate(copies, sales_file)
    want = golden(period)
    ours = work / "hpi.csv"
    hpi_seconds = timed(
        [hpi, "calculate", "--transactions", str(sales_file), "--map", "property_id=pinx,price=sale_price",
         "--method", "bmn", "--period", period, "--start", "2010", "--end", "2016", "--output", str(ours)]
    )
    off = checked(ours, "index", want, f"hpi's index on {copies} copies")
    print(f"King County x{copies}: {sales:,} sales, BMN {period} ({len(want)} periods)")
    print(f"  hpi calculate    {hpi_seconds:8.2f} s   index within {off:.1e} of hpiR's")
    if python is None:
        print("  hpipy            skipped: no Python with hpipy given (--python)")
        return
    if not has_hpipy(python):
        print(f"  hpipy            skipped: {python} cannot import hpipy (pip install hpipy==0.1.5)")
        return
    theirs = work / "hpipy.csv"
    hpipy_seconds = timed([python, "-c", HPIPY, str(sales_file), PERIODS[period], str(theirs)])
    their_off = checked(theirs, "value", want, f"hpipy's index on {copies} copies")
    print(f"  hpipy            {hpipy_seconds:8.2f} s   index within {their_off:.1e} of hpiR's")
    print(f"  hpipy / hpi      {hpipy_seconds / hpi_seconds:8.1f}   (aim: at least 25)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, action="append", help="copies of the sales (repeatable)")
    parser.add_argument("--period", choices=list(PERIODS), default="monthly")
    parser.add_argument("--hpi", default=None, help="the hpi binary (default: the release build, else debug)")
    parser.add_argument("--python", default=sys.executable, help="a Python with hpipy installed")
    parser.add_argument("--smoke", action="store_true", help="the short run of the test suite: hpi only")
    args = parser.parse_args()
    # 50 copies as the issue names them (267,400 sales); 411 copies are its 2.2 million.
    copies = args.copies or [50, 411]
    python = None if args.smoke else args.python
    with tempfile.TemporaryDirectory() as work:
        for n in copies:
            run(n, args.period, args.hpi or default_hpi(), python, Path(work))


if __name__ == "__main__":
    main()
