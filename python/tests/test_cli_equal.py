"""The Python package computes what the CLI computes, to the last bit: on the
sample study (RSAI, all six weights, the tract panel, bootstrap bands) and on
King County's real sales (pooled BMN and WRS, with analytic bands)."""

import json

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import polars as pl
import pytest

import hpi_studio as hs
from conftest import KING_COUNTY, SAMPLE, assert_same_table

SALES, TRACTS, ATTRIBUTES = (str(SAMPLE / f) for f in ("transactions.csv", "tracts.csv", "attributes.csv"))


def cli_rsai(hpi, tmp_path, *extra):
    index, panel, quality = (tmp_path / n for n in ("index.csv", "tracts.csv", "quality.json"))
    hpi("calculate", "--transactions", SALES, "--tracts", TRACTS, "--attributes", ATTRIBUTES,
        "--method", "rsai", "--start", "2000", "--end", "2021", "--output", str(index),
        "--tract-output", str(panel), "--quality-output", str(quality), *extra)
    return index.read_text(), panel.read_text(), json.loads(quality.read_text())


def test_the_sample_index_from_files_equals_the_cli(hpi, tmp_path):
    index, panel, quality = cli_rsai(hpi, tmp_path)
    result = hs.calculate(SALES, TRACTS, ATTRIBUTES, method="rsai", start=2000, end=2021)
    assert_same_table(result.index, index)
    assert_same_table(result.tracts, panel)
    assert result.quality == quality
    assert set(result.index.to_pydict()["weight"]) == {"sample", "value", "unit", "upb", "college", "nonwhite"}


@pytest.mark.parametrize("reader", ["pandas_text", "pandas_typed", "pyarrow", "polars"])
def test_frames_give_what_files_give(hpi, tmp_path, reader):
    index, panel, quality = cli_rsai(hpi, tmp_path)
    read = {
        # Text columns, as read_csv(dtype=str) gives: the same reader and checks as the file.
        "pandas_text": lambda p: pd.read_csv(p, dtype=str),
        # Typed columns: ints, floats, and tract ids as numbers (no leading zeros in the sample).
        "pandas_typed": lambda p: pd.read_csv(p),
        "pyarrow": lambda p: pacsv.read_csv(p),
        "polars": lambda p: pl.read_csv(p, infer_schema_length=0),
    }[reader]
    result = hs.calculate(read(SALES), read(TRACTS), read(ATTRIBUTES), method="rsai", start=2000, end=2021)
    assert_same_table(result.index, index)
    assert_same_table(result.tracts, panel)
    # The quality report names the tables by their argument, not a file.
    assert [f["file"] for f in result.quality["inputs"]] == ["tracts", "attributes", "transactions"]
    for ours, theirs in zip(result.quality["inputs"], quality["inputs"]):
        assert {k: v for k, v in ours.items() if k != "file"} == {k: v for k, v in theirs.items() if k != "file"}


def test_sale_dates_as_arrow_dates_read_as_the_text_does(hpi, tmp_path):
    index, _, _ = cli_rsai(hpi, tmp_path)
    sales = pacsv.read_csv(SALES, convert_options=pacsv.ConvertOptions(column_types={"sale_date": pa.date32()}))
    assert sales.schema.field("sale_date").type == pa.date32()
    result = hs.calculate(sales, TRACTS, ATTRIBUTES, method="rsai", start=2000, end=2021)
    assert_same_table(result.index, index)


def test_bootstrap_bands_equal_the_cli(hpi, tmp_path):
    index, _, _ = cli_rsai(hpi, tmp_path, "--intervals", "0.9", "--bootstrap", "20", "--seed", "7")
    result = hs.calculate(SALES, TRACTS, ATTRIBUTES, method="rsai", start=2000, end=2021,
                          intervals=0.9, bootstrap=20, seed=7)
    assert result.index.column_names[-3:] == ["se", "lower", "upper"]
    assert_same_table(result.index, index)


@pytest.mark.parametrize("method,period", [("bmn", "quarterly"), ("wrs", "monthly"), ("bmn", "annual")])
def test_king_county_pooled_indices_equal_the_cli(hpi, method, period):
    index = hpi("calculate", "--transactions", str(KING_COUNTY), "--map", "property_id=pinx,price=sale_price",
                "--method", method, "--period", period, "--start", "2010", "--end", "2016",
                "--intervals", "0.95", "--output", "-")
    sales = pd.read_csv(KING_COUNTY, dtype=str)
    result = hs.calculate(sales, method=method, period=period, start=2010, end=2016, intervals=0.95,
                          columns={"property_id": "pinx", "price": "sale_price"})
    assert result.tracts is None
    assert_same_table(result.index, index)


def test_quality_is_the_cli_quality_report(hpi):
    report = json.loads(hpi("quality", "--json", "--transactions", str(KING_COUNTY), "--map",
                            "property_id=pinx,price=sale_price", "--method", "wrs", "--start", "2010", "--end", "2016"))
    ours = hs.quality(str(KING_COUNTY), method="wrs", start=2010, end=2016,
                      columns={"property_id": "pinx", "price": "sale_price"})
    assert ours == report


def test_evaluate_equals_the_cli(hpi, tmp_path):
    out = tmp_path / "evaluation.json"
    hpi("evaluate", "--transactions", str(KING_COUNTY), "--map", "property_id=pinx,price=sale_price",
        "--method", "bmn", "--period", "quarterly", "--start", "2010", "--end", "2016",
        "--kfold", "5", "--revision-from", "2014-Q1", "--output", str(out))
    ours = hs.evaluate(str(KING_COUNTY), method="bmn", period="quarterly", start=2010, end=2016,
                       columns={"property_id": "pinx", "price": "sale_price"}, kfold=5, revision_from="2014-Q1")
    assert ours.report == json.loads(out.read_text())
    assert ours.table.num_rows > 0 and ours.index.num_rows == 28
