"""calculate, quality and evaluate: HPI Studio runs on tables in memory or
files, checked and computed by the same code as ``hpi calculate``."""

import inspect
import json
import sys
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from . import _native
from ._errors import HpiError
from ._inputs import TableLike, streams
from ._table import Table

#: A progress callback: ``progress(stage, done, total)``. Raising in it stops
#: the run, and the exception reaches the caller; Ctrl-C stops it too.
Progress = Callable[[str, int, int], Any]

_DEFAULTS = json.loads(_native.defaults())

# The keywords that go into each part of the request (the run request's are
# the Rust type's fields; the tests check they match).
_READ = ("columns", "date_format", "sheet", "earliest_year", "latest_year", "max_price", "strict")
_BANDS = ("intervals", "bootstrap", "seed")
_TABLES = ("transactions", "tracts", "attributes", "groups")
_PAPER_FILTERS = ("same_period", "cagr", "ratio")


class Result:
    """What :func:`calculate` computed.

    Attributes:
        index: the city (and aggregate) indices, as ``hpi calculate --output`` writes them.
        tracts: RSAI's balanced tract panel (None for the pooled methods).
        quality: the quality report, as ``hpi quality --json`` prints it: what
            happened to every row, pair, tract and CBSA, and each table's bad rows.
    """

    def __init__(self, index: Table, tracts: Optional[Table], quality: Dict[str, Any]) -> None:
        self.index = index
        self.tracts = tracts
        self.quality = quality

    def __repr__(self) -> str:
        tracts = "none" if self.tracts is None else f"{self.tracts.num_rows} rows"
        return f"hpi_studio.Result(index: {self.index.num_rows} rows, tracts: {tracts})"


class Evaluation:
    """What :func:`evaluate` found.

    Attributes:
        report: the evaluation, as ``hpi evaluate --format json`` writes it.
        table: the same as ``item, value`` rows.
        index: the index evaluated.
        quality: the run's quality report.
    """

    def __init__(self, report: Dict[str, Any], table: Table, index: Table, quality: Dict[str, Any]) -> None:
        self.report = report
        self.table = table
        self.index = index
        self.quality = quality

    def __repr__(self) -> str:
        return f"hpi_studio.Evaluation({self.table.num_rows} figures)"


def _filters(value: Any, method: str) -> Any:
    """The filters as the request takes them: "all", "none", paper filter
    names, or a dict of settings over the method's defaults."""
    if value is None:
        return None
    defaults = dict(_DEFAULTS["filters"].get(method, _DEFAULTS["filters"]["rsai"]))
    if isinstance(value, str):
        if value in ("all", "none"):
            on = value == "all"
            return {**defaults, **{name: on for name in _PAPER_FILTERS}}
        value = [value]
    if isinstance(value, dict):
        return {**defaults, **value}
    names = list(value)
    unknown = [n for n in names if n not in _PAPER_FILTERS]
    if unknown:
        raise HpiError(
            "invalid_request",
            f"unknown filter '{unknown[0]}' (expected all, none, or a list of {', '.join(_PAPER_FILTERS)})",
        )
    return {**defaults, **{name: name in names for name in _PAPER_FILTERS}}


def _tiers(value: Any) -> Any:
    if value is None or isinstance(value, (str, dict)):
        return value
    if isinstance(value, int):
        return {"quantiles": value}
    return {"breakpoints": [float(p) for p in value]}


class _Bar:
    """progress=True: one line per stage on standard error, redrawn in place."""

    def __init__(self) -> None:
        self.stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.stage is not None and stage != self.stage:
            sys.stderr.write("\n")
        self.stage = stage
        share = done / total if total else 1.0
        sys.stderr.write(f"\r{stage:>32} [{'=' * int(share * 30):<30}] {share:4.0%}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.stage is not None:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _close(progress: Any) -> None:
    if isinstance(progress, _Bar):
        progress.close()


def _parts(arguments: Dict[str, Any]) -> Dict[str, Any]:
    """Splits calculate's arguments into what the native call takes."""
    fields = set(_native.request_fields())
    request = {k: v for k, v in arguments.items() if k in fields and v is not None}
    method = request.get("method", "rsai")
    if isinstance(request.get("weights"), str):
        request["weights"] = [request["weights"]]
    if isinstance(request.get("aggregate"), str):
        request["aggregate"] = [request["aggregate"]]
    if arguments.get("groups") is not None and "groups" not in request.get("aggregate", []):
        request["aggregate"] = list(request.get("aggregate", [])) + ["groups"]
    if request.get("seasonal") is True:
        request["seasonal"] = {}
    if "filters" in request:
        request["filters"] = _filters(request["filters"], method)
    if "tiers" in request:
        request["tiers"] = _tiers(request["tiers"])
    read = {k: arguments[k] for k in _READ if arguments.get(k) is not None}
    if "columns" in read:
        read["columns"] = list(dict(read["columns"]).items())
    bands = {k: arguments.get(k) for k in _BANDS}
    progress = arguments.get("progress")
    return {
        "tables": streams(**{k: arguments.get(k) for k in _TABLES}),
        "request": json.dumps(request),
        "read": json.dumps(read),
        "bands": json.dumps(bands),
        "progress": _Bar() if progress is True else (progress or None),
    }


def calculate(
    transactions: TableLike,
    tracts: Optional[TableLike] = None,
    attributes: Optional[TableLike] = None,
    groups: Optional[TableLike] = None,
    *,
    method: str = "rsai",
    start: int,
    end: int,
    period: str = "annual",
    weights: Optional[Union[str, Sequence[str]]] = None,
    min_half_pairs: Optional[int] = None,
    dedupe: Optional[str] = None,
    filters: Optional[Union[str, Sequence[str], Dict[str, Any]]] = None,
    keep_small_cbsas: bool = False,
    static_year: Optional[int] = None,
    estimator: Optional[str] = None,
    tiers: Optional[Union[int, Sequence[float]]] = None,
    seasonal: Optional[Union[bool, Dict[str, Any]]] = None,
    aggregate: Optional[Union[str, Sequence[str]]] = None,
    smooth: Optional[int] = None,
    composites: Optional[Sequence[Dict[str, Any]]] = None,
    intervals: Optional[float] = None,
    bootstrap: Optional[int] = None,
    seed: int = _DEFAULTS["seed"],
    columns: Optional[Dict[str, str]] = None,
    date_format: Optional[str] = None,
    sheet: Optional[str] = None,
    earliest_year: Optional[int] = None,
    latest_year: Optional[int] = None,
    max_price: Optional[float] = None,
    strict: bool = False,
    progress: Optional[Union[bool, Progress]] = None,
) -> Result:
    """Computes house price indices, as ``hpi calculate`` does.

    Tables are paths (CSV, Excel, Parquet: read exactly as the CLI reads
    them) or frames: pandas, polars, pyarrow or anything with
    ``__arrow_c_stream__``. Frames of text columns, as
    ``pandas.read_csv(dtype=str)`` gives, go through the same reader and
    checks as files; other types are written as a CSV would hold them first.
    Columns are found by name or a common synonym (``columns`` maps more);
    columns the engine does not use are ignored.

    Args:
        transactions: sales: property_id, sale_date, price[, tract][, cbsa][, weight].
        tracts: tract, cbsa, lat, lon (RSAI).
        attributes: tract, year, units, median_value, upb, college, nonwhite (RSAI's weights).
        groups: tract, group: your groups of tracts; RSAI also aggregates to them.
        method: "rsai", "bmn", "wrs", "ars" or "cs".
        start, end: the first and last year; the first period is 100.
        period: "annual", "quarterly" or "monthly" (RSAI: annual).
        weights: RSAI's weights (default all six): sale, value, unit, upb, college, nonwhite.
        min_half_pairs: half-pairs a supertract needs in t and t-1 (default 40).
        dedupe: "keep_highest" or "none": several sales of a property in one period.
        filters: "all", "none", a list of same_period, cagr, ratio, or a dict of
            filter settings (cagr_bound, ratio_low, ratio_high, min_holding_months,
            price_floor, price_ceiling, robust_z, ...) over the method's defaults.
        keep_small_cbsas: keep CBSAs below the threshold in some year.
        static_year: the year of the static weights (college, nonwhite).
        estimator: "least_squares" or "robust" (BMN and WRS).
        tiers: pooled methods: K price tiers at quantiles, or a list of price breakpoints.
        seasonal: True or STL settings: seasonally adjusted indices (quarterly, monthly).
        aggregate: RSAI: "state", "county", "nation" and/or "groups".
        smooth: a centred moving average over this many periods.
        composites: composite indices, as the HTTP API's run request takes them.
        intervals: a confidence level (e.g. 0.95): adds se, lower, upper.
        bootstrap: RSAI's bands: replicates of the pairs bootstrap (default 200).
        seed: the bootstrap's seed; the same seed gives the same bands.
        columns: {engine column: your column}, e.g. {"price": "sale_amount"}.
        date_format: how dates are written, e.g. "%m/%d/%Y".
        sheet: the Excel sheet to read.
        earliest_year, latest_year, max_price: sales outside are bad rows.
        strict: stop at the first bad row instead of leaving it out.
        progress: True for a bar on standard error, or progress(stage, done, total).

    Raises:
        HpiError: the request or a table was refused, or the run failed;
            ``code``, ``message``, ``hint`` and ``rows`` say why.
    """
    parts = _parts(dict(locals()))
    try:
        index, tract_panel, quality = _native.calculate(**parts)
    finally:
        _close(parts["progress"])
    return Result(Table(index), None if tract_panel is None else Table(tract_panel), json.loads(quality))


def _bind(transactions: TableLike, tables: Dict[str, Any], options: Dict[str, Any]) -> Dict[str, Any]:
    """calculate's arguments, checked and with their defaults, for the functions that take them."""
    bound = inspect.signature(calculate).bind(transactions, **tables, **options)
    bound.apply_defaults()
    return dict(bound.arguments)


def quality(
    transactions: TableLike,
    tracts: Optional[TableLike] = None,
    attributes: Optional[TableLike] = None,
    groups: Optional[TableLike] = None,
    **options: Any,
) -> Dict[str, Any]:
    """The quality report of a run, as ``hpi quality --json`` prints it.

    Takes :func:`calculate`'s arguments.
    """
    arguments = _bind(transactions, {"tracts": tracts, "attributes": attributes, "groups": groups}, options)
    return calculate(**arguments).quality


def evaluate(
    transactions: TableLike,
    tracts: Optional[TableLike] = None,
    attributes: Optional[TableLike] = None,
    groups: Optional[TableLike] = None,
    *,
    volatility_window: int = _DEFAULTS["volatility_window"],
    kfold: Optional[int] = None,
    kfold_seed: int = _DEFAULTS["seed"],
    revision_from: Optional[str] = None,
    **options: Any,
) -> Evaluation:
    """How well a run's indices fit their data, as ``hpi evaluate`` reports it:
    volatility, in-sample accuracy of predicting resale prices, k-fold
    accuracy (``kfold`` folds shuffled by ``kfold_seed``) and revision from
    vintages (``revision_from``: the last period of the first vintage, "2012"
    or "2012-Q3").

    Takes :func:`calculate`'s other arguments, except the bands.
    """
    arguments = _bind(transactions, {"tracts": tracts, "attributes": attributes, "groups": groups}, options)
    if any(arguments.get(k) is not None for k in ("intervals", "bootstrap")):
        raise TypeError("evaluate() takes no bands (intervals, bootstrap)")
    parts = _parts(arguments)
    del parts["bands"]
    asked = {"volatility_window": volatility_window, "kfold": kfold, "seed": kfold_seed, "revision_from": revision_from}
    try:
        report, table, index, quality_json = _native.evaluate(evaluate=json.dumps(asked), **parts)
    finally:
        _close(parts["progress"])
    return Evaluation(json.loads(report), Table(table), Table(index), json.loads(quality_json))
