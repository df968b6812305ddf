"""A national run on a real local Spark cluster (two executor processes)
equals the single-machine run: RSAI with all six weights on generated data
with 20 CBSAs, its tract panel, a 20-replicate bootstrap with a fixed seed,
and pooled BMN by region."""

import os
import sys

import pytest

import hpi_studio as hs
from hpi_studio import spark as hss

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def data(hpi, tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    hpi("generate", "--seed", "3", "--cbsas", "22", "--tracts-per-cbsa", "10", "--properties", "80000",
        "--start-year", "2000", "--end-year", "2012", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Executors run this interpreter, which has hpi_studio installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    # The master, workers and executors listen on loopback only.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local-cluster[2,1,1024]")
        .appName("hpi_studio tests")
        .config("spark.executor.memory", "700m")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    yield session
    session.stop()


def rows(table, keys):
    """A table's rows by key, for comparing results that come back in any order."""
    columns = table if isinstance(table, dict) else table.to_pydict()
    names = list(columns)
    out = {}
    for values in zip(*columns.values()):
        row = dict(zip(names, values))
        out[tuple(row[k] for k in keys)] = row
    return out


def spark_rows(frame, keys):
    collected = frame.toPandas()
    return rows({c: [None if v != v else v for v in collected[c]] for c in collected.columns}, keys)


def assert_close(ours, theirs):
    assert ours.keys() == theirs.keys()
    for key, row in ours.items():
        for name, value in row.items():
            other = theirs[key][name]
            if isinstance(value, float) and other is not None:
                assert abs(value - other) <= 1e-12 * max(1.0, abs(value)), (key, name, value, other)
            else:
                assert value == other, (key, name, value, other)


def test_rsai_on_two_executors_equals_one_machine(spark, data):
    files = [str(data / f) for f in ("transactions.csv", "tracts.csv", "attributes.csv")]
    one = hs.calculate(*files, method="rsai", start=2000, end=2012, intervals=0.95, bootstrap=20, seed=11)
    read = spark.read.option("header", True)
    # Twenty partitions of sales: the CBSAs' rows start on both executors.
    sales = read.csv(files[0]).repartition(20)
    cluster = hss.calculate(sales, read.csv(files[1]), read.csv(files[2]), method="rsai", start=2000, end=2012,
                            intervals=0.95, bootstrap=20, seed=11)
    index = spark_rows(cluster.index, ("region", "weight", "period"))
    assert len({k[0] for k in index}) >= 20
    assert {k[1] for k in index} == {"sample", "value", "unit", "upb", "college", "nonwhite"}
    assert_close(index, rows(one.index, ("region", "weight", "period")))
    panel = spark_rows(cluster.tracts, ("tract", "weight", "period"))
    assert_close(panel, rows(one.tracts, ("tract", "weight", "period")))
    assert cluster.quality.count() == len({k[0] for k in index})
    # The work was spread: tasks ran on both executors.
    executors = spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size() - 1
    assert executors == 2


def test_pooled_bmn_by_region_equals_one_machine(spark, data):
    sales = str(data / "transactions.csv")
    one = hs.calculate(sales, method="bmn", period="quarterly", start=2000, end=2012, intervals=0.9)
    cluster = hss.calculate(spark.read.option("header", True).csv(sales), method="bmn", period="quarterly",
                            start=2000, end=2012, intervals=0.9)
    assert cluster.tracts is None
    assert_close(spark_rows(cluster.index, ("region", "period")), rows(one.index, ("region", "period")))


def test_what_spans_cbsas_is_refused(spark, data):
    sales = spark.read.option("header", True).csv(str(data / "transactions.csv"))
    with pytest.raises(TypeError):
        hss.calculate(sales, sales, method="rsai", start=2000, end=2012, aggregate=["nation"])
    with pytest.raises(TypeError):
        hss.calculate(sales, method="bmn", start=2000, end=2012, colour="red")


def assert_same_numbers(ours, theirs, where="report"):
    """Nested reports equal, floats to 1e-12."""
    if isinstance(ours, float) and isinstance(theirs, float):
        assert abs(ours - theirs) <= 1e-12 * max(1.0, abs(ours)), (where, ours, theirs)
    elif isinstance(ours, dict):
        assert ours.keys() == theirs.keys(), where
        for k in ours:
            assert_same_numbers(ours[k], theirs[k], f"{where}.{k}")
    elif isinstance(ours, list):
        assert len(ours) == len(theirs), where
        for k, (a, b) in enumerate(zip(ours, theirs)):
            assert_same_numbers(a, b, f"{where}[{k}]")
    else:
        assert ours == theirs, (where, ours, theirs)


def test_revision_vintages_fan_out_by_cbsa_and_equal_one_machine(spark, data):
    import json

    files = [str(data / f) for f in ("transactions.csv", "tracts.csv", "attributes.csv")]
    keywords = dict(method="rsai", start=2000, end=2012, weights=["sample", "value"], revision_from="2008")
    one = hs.evaluate(*files, **keywords)
    read = spark.read.option("header", True)
    cluster = hss.evaluate(read.csv(files[0]), read.csv(files[1]), read.csv(files[2]), **keywords)
    by_series = {}
    for row in cluster.report.collect():
        for series in json.loads(row["report"])["series"]:
            by_series[(series["region"], series["weight"])] = series
    assert len(by_series) == len(one.report["series"]) >= 40
    for series in one.report["series"]:
        assert series["revision"]["vintages"] == 5
        assert_same_numbers(by_series[(series["region"], series["weight"])], series)
    assert cluster.table.count() > 0
    with pytest.raises(TypeError):
        hss.evaluate(read.csv(files[0]), read.csv(files[1]), method="rsai", start=2000, end=2012, kfold=5)
