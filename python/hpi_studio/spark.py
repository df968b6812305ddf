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
from typing import Any, Dict, List, Optional, Tuple

from . import _native
from ._errors import HpiError
from ._run import _bind

# The combined rows every task returns; split into the three results on the driver.
_KIND, _GROUP = "__hpi_kind", "__hpi_group"
_INDEX = ("region", "method", "weight", "period", "index", "index_sa", "index_smoothed", "se", "lower", "upper")
_TRACTS = ("tract", "cbsa", "weight", "period", "index", "supertract", "half_pairs")
_NUMBERS = {"index", "index_sa", "index_smoothed", "se", "lower", "upper", "half_pairs"}
_NOT_SPLIT = ("aggregate", "composites", "groups")
_TABLES = ("transactions", "tracts", "attributes", "groups")


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


def _split(arguments: Dict[str, Any]) -> Tuple[Any, "_Tables"]:
    """A run's sales keyed by CBSA (RSAI: their tract's; pooled: their own),
    and what gives each CBSA its tracts and attributes on the executors."""
    from pyspark.sql import functions as F

    transactions, tracts = arguments["transactions"], arguments["tracts"]
    sales_columns = _columns("transactions", transactions, arguments.get("columns"))
    if arguments["method"] != "rsai":
        region = sales_columns.get("cbsa")
        key = _key_text(F.col(region)) if region else F.lit(None).cast("string")
        return transactions.withColumn(_GROUP, key), _Tables(arguments, None)
    tables = _Tables(arguments, transactions.sparkSession.sparkContext)
    if "tract" not in sales_columns:
        raise HpiError("bad_input", "transactions: RSAI needs each sale's tract (no tract column)")
    cbsa_of = tracts.select(
        _key_text(F.col(tables.tract_columns["tract"])).alias("__hpi_tract"),
        _key_text(F.col(tables.tract_columns["cbsa"])).alias(_GROUP),
    ).dropDuplicates(["__hpi_tract"])
    tract_of_sale = _key_text(F.col(sales_columns["tract"]))
    keyed = transactions.join(F.broadcast(cbsa_of), tract_of_sale == F.col("__hpi_tract"), "inner")
    return keyed.drop("__hpi_tract"), tables


class _Tables:
    """The tracts and attributes broadcast to the executors (RSAI), and each
    CBSA's share of them; pickled into every task, so it holds no DataFrame."""

    def __init__(self, arguments: Dict[str, Any], context: Any) -> None:
        tracts, attributes, columns = arguments["tracts"], arguments["attributes"], arguments.get("columns")
        self.tracts_bc = self.attributes_bc = None
        self.tract_columns: Dict[str, str] = {}
        self.attribute_columns: Dict[str, str] = {}
        if context is None:
            return
        if tracts is None:
            raise HpiError("invalid_request", "the RSAI method needs a tracts table")
        self.tract_columns = _columns("tracts", tracts, columns)
        self.tracts_bc = context.broadcast(_arrow_bytes(tracts))
        if attributes is not None:
            self.attribute_columns = _columns("attributes", attributes, columns)
            self.attributes_bc = context.broadcast(_arrow_bytes(attributes))

    def of(self, group: Optional[str]) -> Tuple[Any, Any]:
        """On an executor: the group's tracts and attributes (None for pooled methods)."""
        import pyarrow.compute as pc

        if self.tracts_bc is None:
            return None, None

        def text(column: Any) -> Any:
            return pc.utf8_trim_whitespace(pc.cast(column, "string"))

        all_tracts = _table(self.tracts_bc)
        tracts = all_tracts.filter(pc.equal(text(all_tracts[self.tract_columns["cbsa"]]), group))
        if self.attributes_bc is None:
            return tracts, None
        all_attributes = _table(self.attributes_bc)
        ids = text(tracts[self.tract_columns["tract"]]).combine_chunks()
        attributes = all_attributes.filter(pc.is_in(text(all_attributes[self.attribute_columns["tract"]]), value_set=ids))
        return tracts, attributes


def _arguments(function: str, transactions: Any, tracts: Any, attributes: Any, options: Dict[str, Any]) -> Dict[str, Any]:
    """calculate's arguments, checked, without what cannot be split by CBSA."""
    for name in _NOT_SPLIT + ("progress",):
        if options.get(name):
            raise TypeError(f"hpi_studio.spark.{function}: {name} is computed across CBSAs; use hpi_studio.{function}")
    return _bind(transactions, {"tracts": tracts, "attributes": attributes}, options)


def _as_spark_rows(out: Any, names: List[str], numbers: Any) -> Any:
    for name in names:
        if name not in out.columns:
            out[name] = None
    out = out[names]
    for name in names:
        # Plain object columns for text: pyspark cannot yet convert pandas 3's Arrow-backed strings.
        out[name] = out[name].astype("float64" if name in numbers else object)
    return out


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
    from pyspark.sql import functions as F

    arguments = _arguments("calculate", transactions, tracts, attributes, options)
    keyed, tables = _split(arguments)
    kept = {k: v for k, v in arguments.items() if k not in _TABLES}
    schema = _schema()
    names = [f.name for f in schema.fields]

    def one_group(frame: Any) -> Any:
        import pandas as pd

        from . import calculate as run

        group = frame[_GROUP].iloc[0] if len(frame) else None
        group_tracts, group_attributes = tables.of(group)
        result = run(frame.drop(columns=[_GROUP]), group_tracts, group_attributes, **kept)
        parts = [pd.DataFrame({_KIND: ["quality"], "quality": [json.dumps(result.quality)]})]
        parts.append(result.index.to_pandas().assign(**{_KIND: "index"}))
        if result.tracts is not None:
            parts.append(result.tracts.to_pandas().assign(**{_KIND: "tracts"}))
        out = pd.concat(parts, ignore_index=True).assign(**{_GROUP: group})
        return _as_spark_rows(out, names, _NUMBERS)

    combined = keyed.groupBy(_GROUP).applyInPandas(one_group, schema=schema).persist()
    # The CLI's columns: the bands' with intervals, the derived series' when asked for.
    asked = {
        "index_sa": arguments.get("seasonal") is not None,
        "index_smoothed": arguments.get("smooth") is not None,
        **{n: arguments.get("intervals") is not None for n in ("se", "lower", "upper")},
    }
    index_names = [n for n in _INDEX if asked.get(n, True)]
    index = combined.where(F.col(_KIND) == "index").select(*index_names)
    tract_panel = combined.where(F.col(_KIND) == "tracts").select(*_TRACTS) if arguments["method"] == "rsai" else None
    quality = combined.where(F.col(_KIND) == "quality").select(F.col(_GROUP).alias("group"), "quality")
    return SparkResult(index, tract_panel, quality)


class SparkEvaluation:
    """:func:`evaluate` on Spark.

    Attributes:
        report: one row per CBSA (or region): ``group`` and its evaluation as JSON
            text, as ``hpi_studio.evaluate(...).report`` gives it for that CBSA.
        table: the same as ``group, item, value`` rows.
    """

    def __init__(self, report: Any, table: Any) -> None:
        self.report = report
        self.table = table


def evaluate(
    transactions: Any,
    tracts: Optional[Any] = None,
    attributes: Optional[Any] = None,
    *,
    volatility_window: int = 3,
    revision_from: Optional[str] = None,
    **options: Any,
) -> SparkEvaluation:
    """Runs :func:`hpi_studio.evaluate` on Spark DataFrames, one CBSA (or
    region) per task: volatility, in-sample accuracy and, with
    ``revision_from``, revision and forecast accuracy from vintages, each
    vintage re-estimated in the CBSA's own task. k-fold accuracy is not split:
    its folds are drawn over all pairs at once (run it with
    :func:`hpi_studio.evaluate`). Takes :func:`calculate`'s other keywords.
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    if options.get("kfold") is not None:
        raise TypeError("hpi_studio.spark.evaluate: k-fold folds are drawn over all pairs; use hpi_studio.evaluate")
    arguments = _arguments("evaluate", transactions, tracts, attributes, options)
    keyed, tables = _split(arguments)
    kept = {k: v for k, v in arguments.items() if k not in _TABLES + ("intervals", "bootstrap", "seed")}
    names = [_GROUP, "report", "item", "value"]
    schema = StructType([StructField(n, StringType(), True) for n in names])

    def one_group(frame: Any) -> Any:
        import pandas as pd

        from . import evaluate as run

        group = frame[_GROUP].iloc[0] if len(frame) else None
        group_tracts, group_attributes = tables.of(group)
        result = run(frame.drop(columns=[_GROUP]), group_tracts, group_attributes,
                     volatility_window=volatility_window, revision_from=revision_from, **kept)
        rows = result.table.to_pandas().astype({"value": str})
        out = pd.concat([pd.DataFrame({"report": [json.dumps(result.report)]}), rows], ignore_index=True)
        return _as_spark_rows(out.assign(**{_GROUP: group}), names, ())

    combined = keyed.groupBy(_GROUP).applyInPandas(one_group, schema=schema).persist()
    report = combined.where(F.col("report").isNotNull()).select(F.col(_GROUP).alias("group"), "report")
    table = combined.where(F.col("report").isNull()).select(F.col(_GROUP).alias("group"), "item", "value")
    return SparkEvaluation(report, table)
