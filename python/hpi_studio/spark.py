"""HPI Studio on Spark: the same numbers as one machine, one CBSA per task.

RSAI is computed per CBSA (its supertracts, city index and tract panel
depend on that CBSA's sales alone), so a national run is a
``groupBy(cbsa).applyInPandas``: each task calls :func:`hpi_studio.calculate`
on one CBSA's sales with the tracts and attributes broadcast to every
executor. The pooled methods (BMN, WRS, ARS, CS) are grouped by the sales'
own CBSA, their regions. The bootstrap's draws are keyed by the seed and the
CBSA's name, so bands fan out with the CBSAs and equal a single machine's.

    >>> from hpi_studio import spark as hss
    >>> result = hss.calculate(sales_df, tracts_df, attributes_df, method="rsai", start=1990, end=2021)
    >>> result.index.write.parquet("s3://bucket/hpi/index")

Aggregation across CBSAs (states, the nation, your groups) and composites
are computed from all CBSAs at once and are not split here: run those on one
machine from the per-CBSA results, or with :func:`hpi_studio.calculate`.
"""

import io
import json
from typing import Any, Dict, Optional

from . import _native
from ._run import _bind

# The combined rows every task returns; split into the three results on the driver.
_KIND, _GROUP = "__hpi_kind", "__hpi_group"
_INDEX = ("region", "method", "weight", "period", "index", "index_sa", "index_smoothed", "se", "lower", "upper")
_TRACTS = ("tract", "cbsa", "weight", "period", "index", "supertract", "half_pairs")
_NUMBERS = {"index", "index_sa", "index_smoothed", "se", "lower", "upper", "half_pairs"}
_NOT_SPLIT = ("aggregate", "composites", "groups")


class SparkResult:
    """A run on Spark: Spark DataFrames in the CLI's column layout.

    Attributes:
        index: region, method, weight, period, index (and the bands' se, lower,
            upper; index_sa and index_smoothed when asked for).
        tracts: RSAI's tract panel: tract, cbsa, weight, period, index, supertract, half_pairs.
        quality: one row per CBSA (or region): ``group`` and its quality report as JSON text.
    """

    def __init__(self, index: Any, tracts: Any, quality: Any) -> None:
        self.index = index
        self.tracts = tracts
        self.quality = quality


def _columns(kind: str, frame: Any, columns: Optional[Dict[str, str]]) -> Dict[str, str]:
    found = _native.find_columns(kind, list(frame.columns), list((columns or {}).items()))
    if found is None:
        # The read names what is missing, as it would on one machine.
        from ._errors import HpiError

        raise HpiError("bad_input", f"{kind}: a required column is missing (columns: {', '.join(frame.columns)})")
    return found


def _arrow_bytes(frame: Any) -> bytes:
    """A small Spark DataFrame (tracts, attributes) as Arrow IPC bytes, to broadcast."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame.toPandas(), preserve_index=False)
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


# A Python worker runs many tasks; the broadcast object stays registered in it, so its
# identity keys the table read from it (kept with it, so that the identity stays its own).
_tables_on_this_worker: Dict[int, Any] = {}


def _table(broadcast: Any) -> Any:
    """A broadcast table, read once per Python worker."""
    import pyarrow as pa

    if broadcast is None:
        return None
    key = id(broadcast)
    if key not in _tables_on_this_worker:
        _tables_on_this_worker[key] = (broadcast, pa.ipc.open_stream(broadcast.value).read_all())
    return _tables_on_this_worker[key][1]


def _key_text(column: Any) -> Any:
    from pyspark.sql import functions as F

    return F.trim(column.cast("string"))


def _schema() -> Any:
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    names = [_KIND, _GROUP, "quality"] + list(dict.fromkeys(_INDEX + _TRACTS))
    return StructType([StructField(n, DoubleType() if n in _NUMBERS else StringType(), True) for n in names])


def calculate(
    transactions: Any,
    tracts: Optional[Any] = None,
    attributes: Optional[Any] = None,
    **options: Any,
) -> SparkResult:
    """Runs :func:`hpi_studio.calculate` on Spark DataFrames, one CBSA (RSAI)
    or region (pooled methods) per task. Takes calculate's keywords, except
    ``progress`` and those that span CBSAs (``aggregate``, ``composites``,
    ``groups``). Sales whose tract is not in ``tracts`` are left out, as a
    single run leaves them out as bad rows.
    """
    import pyarrow.compute as pc
    from pyspark.sql import functions as F

    for name in _NOT_SPLIT + ("progress",):
        if options.get(name):
            raise TypeError(f"hpi_studio.spark.calculate: {name} is computed across CBSAs; use hpi_studio.calculate")
    # calculate's own checks of every keyword, before Spark does anything.
    arguments = _bind(transactions, {"tracts": tracts, "attributes": attributes}, options)
    method = arguments["method"]
    columns = arguments.get("columns")
    spark = transactions.sparkSession
    sales_columns = _columns("transactions", transactions, columns)
    if method == "rsai":
        if tracts is None:
            from ._errors import HpiError

            raise HpiError("invalid_request", "the RSAI method needs a tracts table")
        tract_columns = _columns("tracts", tracts, columns)
        if "tract" not in sales_columns:
            from ._errors import HpiError

            raise HpiError("bad_input", "transactions: RSAI needs each sale's tract (no tract column)")
        cbsa_of = tracts.select(
            _key_text(F.col(tract_columns["tract"])).alias("__hpi_tract"),
            _key_text(F.col(tract_columns["cbsa"])).alias(_GROUP),
        ).dropDuplicates(["__hpi_tract"])
        keyed = transactions.join(
            F.broadcast(cbsa_of), _key_text(F.col(sales_columns["tract"])) == F.col("__hpi_tract"), "inner"
        ).drop("__hpi_tract")
        tracts_bc = spark.sparkContext.broadcast(_arrow_bytes(tracts))
        attributes_bc = None
        if attributes is not None:
            attribute_columns = _columns("attributes", attributes, columns)
            attributes_bc = spark.sparkContext.broadcast(_arrow_bytes(attributes))
        else:
            attribute_columns = {}
    else:
        region = sales_columns.get("cbsa")
        keyed = transactions.withColumn(_GROUP, _key_text(F.col(region)) if region else F.lit(None).cast("string"))
        tracts_bc = attributes_bc = None
        tract_columns = attribute_columns = {}
    kept = {k: v for k, v in arguments.items() if k not in ("transactions", "tracts", "attributes", "groups")}
    schema = _schema()
    names = [f.name for f in schema.fields]

    def one_group(frame: Any) -> Any:
        import pandas as pd

        from . import calculate as run

        group = frame[_GROUP].iloc[0] if len(frame) else None
        sales = frame.drop(columns=[_GROUP])
        group_tracts = group_attributes = None
        if tracts_bc is not None:
            all_tracts = _table(tracts_bc)
            key = pc.utf8_trim_whitespace(pc.cast(all_tracts[tract_columns["cbsa"]], "string"))
            group_tracts = all_tracts.filter(pc.equal(key, group))
            if attributes_bc is not None:
                all_attributes = _table(attributes_bc)
                ids = pc.utf8_trim_whitespace(pc.cast(group_tracts[tract_columns["tract"]], "string"))
                theirs = pc.utf8_trim_whitespace(pc.cast(all_attributes[attribute_columns["tract"]], "string"))
                group_attributes = all_attributes.filter(pc.is_in(theirs, value_set=ids.combine_chunks()))
        result = run(sales, group_tracts, group_attributes, **kept)
        parts = [pd.DataFrame({_KIND: ["quality"], "quality": [json.dumps(result.quality)]})]
        parts.append(result.index.to_pandas().assign(**{_KIND: "index"}))
        if result.tracts is not None:
            parts.append(result.tracts.to_pandas().assign(**{_KIND: "tracts"}))
        out = pd.concat(parts, ignore_index=True).assign(**{_GROUP: group})
        for name in names:
            if name not in out.columns:
                out[name] = None
        out = out[names]
        for name in names:
            # Plain object columns for text: pyspark cannot yet convert pandas 3's
            # Arrow-backed strings.
            out[name] = out[name].astype("float64" if name in _NUMBERS else object)
        return out

    combined = keyed.groupBy(_GROUP).applyInPandas(one_group, schema=schema).persist()
    # The CLI's columns: the bands' with intervals, the derived series' when asked for.
    asked = {
        "index_sa": arguments.get("seasonal") is not None,
        "index_smoothed": arguments.get("smooth") is not None,
        **{n: arguments.get("intervals") is not None for n in ("se", "lower", "upper")},
    }
    index_names = [n for n in _INDEX if asked.get(n, True)]
    index = combined.where(F.col(_KIND) == "index").select(*index_names)
    tract_panel = combined.where(F.col(_KIND) == "tracts").select(*_TRACTS) if method == "rsai" else None
    quality = combined.where(F.col(_KIND) == "quality").select(F.col(_GROUP).alias("group"), "quality")
    return SparkResult(index, tract_panel, quality)
