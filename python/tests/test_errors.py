"""Refusals: every one an HpiError with a code from the closed list, a
message naming the table, row, column and reason, and a hint in Python's
words; bad rows in a frame are left out and listed, as in a file."""

import pandas as pd
import pytest

import hpi_studio as hs
from conftest import SAMPLE

SALES, TRACTS = str(SAMPLE / "transactions.csv"), str(SAMPLE / "tracts.csv")


def sales_frame():
    return pd.read_csv(SALES, dtype=str)


def test_a_bad_row_in_a_frame_is_left_out_and_listed_by_line_and_column():
    sales = sales_frame()
    sales.loc[3, "price"] = "a lot"
    sales.loc[5, "sale_date"] = "2010-13-45"
    result = hs.calculate(sales, TRACTS, method="rsai", start=2000, end=2021)
    summary = next(f for f in result.quality["inputs"] if f["kind"] == "transactions")
    assert summary["file"] == "transactions"
    assert summary["rows"] == len(sales) and summary["accepted"] == len(sales) - 2
    # Line 2 is the frame's first row, as in a file with a header line.
    assert [(r["line"], r["column"]) for r in summary["rejected"]] == [(5, "price"), (7, "sale_date")]
    assert "a lot" in summary["rejected"][0]["reason"]


def test_strict_stops_at_the_first_bad_row_with_its_line_column_and_reason():
    sales = sales_frame()
    sales.loc[3, "price"] = "a lot"
    with pytest.raises(hs.HpiError) as e:
        hs.calculate(sales, TRACTS, method="rsai", start=2000, end=2021, strict=True)
    assert e.value.code == "bad_input"
    assert e.value.message.startswith("transactions:5: price:"), e.value.message


def test_a_missing_column_is_named_with_the_keyword_that_maps_it():
    sales = sales_frame().rename(columns={"price": "sold_for"})
    with pytest.raises(hs.HpiError) as e:
        hs.calculate(sales, method="bmn", start=2000, end=2021)
    assert e.value.code == "bad_input"
    assert "column 'price': missing" in e.value.message and "sold_for" in e.value.message
    assert e.value.hint == "columns={'price': 'NAME'} reads column NAME as price"
    result = hs.calculate(sales, method="bmn", start=2000, end=2021, columns={"price": "sold_for"})
    assert result.index.to_pydict() == hs.calculate(SALES, method="bmn", start=2000, end=2021).index.to_pydict()


def test_columns_the_engine_does_not_use_may_be_of_any_type():
    sales = sales_frame()
    sales["notes"] = [{"a": i} for i in range(len(sales))]  # a struct column: never read
    result = hs.calculate(sales, method="bmn", start=2000, end=2021)
    assert result.index.to_pydict() == hs.calculate(SALES, method="bmn", start=2000, end=2021).index.to_pydict()


@pytest.mark.parametrize(
    "options,code,words",
    [
        ({"weights": ["unit", "colour"]}, "invalid_request", "unknown weight 'colour'"),
        ({"start": 2021, "end": 2000}, "invalid_request", "before the first year"),
        ({"method": "bmn", "weights": "unit"}, "invalid_request", "weights apply to the RSAI method only"),
        ({"method": "bmn", "intervals": 0.95, "bootstrap": 40}, "invalid_request", "the bootstrap is for the RSAI"),
        ({"method": "bmn", "estimator": "robust", "intervals": 0.95}, "invalid_request", "no standard errors"),
        ({"method": "bmn", "bootstrap": 40}, "invalid_request", "confidence level"),
        ({"method": "mean"}, "invalid_request", "unknown variant `mean`"),
        ({"filters": ["cagr", "colour"]}, "invalid_request", "unknown filter 'colour'"),
        ({"filters": {"cagr_bonud": 0.2}}, "invalid_request", "cagr_bonud"),
        ({"intervals": 1.5}, "invalid_request", "1.5"),
    ],
)
def test_requests_are_checked_by_the_rust_code(options, code, words):
    arguments = {"method": "rsai", "start": 2000, "end": 2021, **options}
    with pytest.raises(hs.HpiError) as e:
        hs.calculate(SALES, TRACTS, **arguments)
    assert e.value.code == code and e.value.code in hs.CODES
    assert words in e.value.message, e.value.message


def test_a_misspelt_keyword_is_a_type_error():
    with pytest.raises(TypeError):
        hs.calculate(SALES, TRACTS, method="rsai", start=2000, end=2021, weigths=["unit"])
    with pytest.raises(TypeError):
        hs.quality(SALES, TRACTS, method="rsai", start=2000, end=2021, weigths=["unit"])


def test_rsai_without_tracts_and_a_table_that_is_not_a_table():
    with pytest.raises(hs.HpiError) as e:
        hs.calculate(SALES, method="rsai", start=2000, end=2021)
    assert e.value.code == "invalid_request" and "tracts" in e.value.message
    with pytest.raises(TypeError):
        hs.calculate(42, method="bmn", start=2000, end=2021)


def test_a_missing_file_and_a_header_without_rows():
    with pytest.raises(hs.HpiError) as e:
        hs.calculate("/nonexistent/sales.csv", method="bmn", start=2000, end=2021)
    assert e.value.code == "not_found" and "/nonexistent/sales.csv" in e.value.message
    with pytest.raises(hs.HpiError) as e:
        hs.calculate(sales_frame().iloc[:0], method="bmn", start=2000, end=2021)
    assert e.value.code == "bad_input" and "no data rows" in e.value.message
