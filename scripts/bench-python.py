"""The Python package against the CLI, and Spark against one process
(docs/performance.md#python-and-spark). Run with the venv's Python after a
release `pip install ./python` and `cargo build --release -p hpi-cli`:

    python scripts/bench-python.py cli-vs-python DIR        # DIR from `hpi bench` (transactions.csv, tracts.csv, attributes.csv)
    python scripts/bench-python.py spark DIR REPLICATES     # bootstrap on a local 2-executor cluster vs one process

Prints one JSON object of timings (seconds, best of the repeats) on standard output.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HPI = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache/hpi-studio/target")) / "release" / "hpi"


def timed(run, repeats=2):
    best = None
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return round(best, 2)


def cli_vs_python(data: Path) -> dict:
    import pyarrow.csv as pacsv

    import hpi_studio as hs

    files = [str(data / f) for f in ("transactions.csv", "tracts.csv", "attributes.csv")]
    years = ["--start", "1975", "--end", "2021"]

    def cli():
        subprocess.run([str(HPI), "calculate", "--transactions", files[0], "--tracts", files[1], "--attributes",
                        files[2], "--method", "rsai", *years, "--output", "/dev/null", "--tract-output", "/dev/null"],
                       check=True)

    def python_files():
        r = hs.calculate(*files, method="rsai", start=1975, end=2021)
        r.index.to_arrow(), r.tracts.to_arrow()

    tables = {}

    def read_arrow():
        tables["t"] = [pacsv.read_csv(f) for f in files]

    def python_arrow():
        r = hs.calculate(*tables["t"], method="rsai", start=1975, end=2021)
        r.index.to_arrow(), r.tracts.to_arrow()

    out = {"cli": timed(cli), "python_files": timed(python_files), "pyarrow_read_csv": timed(read_arrow, 1)}
    out["python_arrow_tables"] = timed(python_arrow)
    out["overhead_files"] = round(out["python_files"] / out["cli"] - 1, 3)
    return out


def spark(data: Path, replicates: int) -> dict:
    from pyspark.sql import SparkSession

    import hpi_studio as hs
    from hpi_studio import spark as hss

    files = [str(data / f) for f in ("transactions.csv", "tracts.csv", "attributes.csv")]
    keywords = dict(method="rsai", start=1975, end=2021, intervals=0.95, bootstrap=replicates, seed=1)
    one = timed(lambda: hs.calculate(*files, **keywords), 1)
    os.environ.update(PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    session = (SparkSession.builder.master("local-cluster[2,1,6144]").config("spark.executor.memory", "5g")
               .config("spark.driver.memory", "4g").config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "8").getOrCreate())
    read = session.read.option("header", True)

    def on_spark():
        result = hss.calculate(read.csv(files[0]), read.csv(files[1]), read.csv(files[2]), **keywords)
        result.index.count()
        result.tracts.count()

    cluster = timed(on_spark, 1)
    session.stop()
    return {"replicates": replicates, "one_process_2_threads": one, "local_spark_2_executors": cluster}


if __name__ == "__main__":
    what, data = sys.argv[1], Path(sys.argv[2])
    result = cli_vs_python(data) if what == "cli-vs-python" else spark(data, int(sys.argv[3]))
    print(json.dumps(result, indent=2))
