"""Writes the Parquet seeds in seeds/parquet/ beside the exported index.

Made once with pyarrow 18.1.0 (PyPI) on Python 3.11: files of every kind of
table the importer reads, in the layouts writers produce (dictionary and plain
encodings, data pages v1 and v2, snappy, zstd and gzip, nulls, several row
groups, typed dates and integers), small enough for the fuzzer to mutate.

    python -m venv /tmp/pa && /tmp/pa/bin/pip install pyarrow==18.1.0
    /tmp/pa/bin/python fuzz/parquet_seeds.py
"""
import datetime as dt
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq

out = pathlib.Path(__file__).parent / "seeds" / "parquet"
ids = ["p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4"]
dates = ["2010-01-15", "2013-06-01", "2011-03-02", "2014-07-09", "2010-05-05", "2012-12-31", "2011-11-11", "2015-02-28"]
prices = [100000.0, 121000.0, 250000.5, 301000.0, 90000.0, 99000.0, 410000.0, 505000.0]
tracts = ["53033000100", None, "53033000200", "53033000200", "53033000100", "53033000100", None, "53033000300"]

sales = pa.table({"property_id": ids, "sale_date": dates, "price": prices, "tract": tracts, "cbsa": ["42660"] * 8})
pq.write_table(sales, out / "sales.parquet", row_group_size=3, compression="snappy")

typed = pa.table(
    {
        "pinx": pa.array([1, 1, 2, 2, 3, 3, 4, 4], pa.int64()),
        "sale_date": pa.array([dt.date.fromisoformat(d) for d in dates], pa.date32()),
        "sale_price": pa.array([int(p) for p in prices], pa.int64()),
        "weight": pa.array([1.0, None, 0.5, 2.0, 1.0, 1.0, None, 3.0], pa.float32()),
    }
)
pq.write_table(typed, out / "sales-typed-v2-zstd.parquet", data_page_version="2.0", compression="zstd")
pq.write_table(typed, out / "sales-plain-gzip.parquet", use_dictionary=False, compression="gzip", row_group_size=4)

pq.write_table(
    pa.table(
        {
            "tract": ["53033000100", "53033000200", "53033000300"],
            "cbsa": ["42660", "42660", "42660"],
            "lat": [47.61, 47.55, 47.70],
            "lon": [-122.33, -122.30, -122.40],
        }
    ),
    out / "tracts.parquet",
)
pq.write_table(
    pa.table({"tract": ["53033000100", "53033000200"], "year": pa.array([2010, 2011], pa.int16()), "group": ["a", "b"]}),
    out / "groups-uncompressed.parquet",
    compression="none",
)
