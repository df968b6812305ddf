"""Result tables: Arrow columns that pyarrow, pandas and polars take without a copy."""

from typing import Any, Dict, List, Optional

from . import _native


class Table:
    """A result table (the city index, the tract panel, an evaluation).

    Its columns are the CLI's: the index has ``region, method, weight,
    period, index`` (and ``se, lower, upper`` with bands), the tract panel
    ``tract, cbsa, weight, period, index, supertract, half_pairs``. Text
    columns are strings, the others float64; an empty cell is null.

    It speaks Arrow's PyCapsule interface, so ``pyarrow.table(t)``,
    ``polars.DataFrame(t)`` and ``duckdb`` read it directly; ``to_pandas()``,
    ``to_polars()`` and ``to_arrow()`` do the same for you.
    """

    __slots__ = ("_native",)

    def __init__(self, native: "_native.Table") -> None:
        self._native = native

    def __arrow_c_stream__(self, requested_schema: Optional[Any] = None) -> Any:
        return self._native.__arrow_c_stream__(requested_schema)

    @property
    def column_names(self) -> List[str]:
        """The column names, in order."""
        return self._native.column_names

    @property
    def num_rows(self) -> int:
        """The number of rows."""
        return self._native.num_rows

    def __len__(self) -> int:
        return self._native.num_rows

    def to_pydict(self) -> Dict[str, List[Any]]:
        """The columns as lists (None for an empty cell), by name. Needs nothing installed."""
        return self._native.to_pydict()

    def to_pylist(self) -> List[Dict[str, Any]]:
        """The rows as dicts."""
        columns = self.to_pydict()
        return [dict(zip(columns, row)) for row in zip(*columns.values())]

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table`` (pyarrow 14 or later)."""
        import pyarrow

        return pyarrow.table(self)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` (through pyarrow)."""
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        """A ``polars.DataFrame``."""
        import polars

        return polars.DataFrame(self)

    def __repr__(self) -> str:
        names = self.column_names
        rows = self.to_pylist()[:5]
        lines = [f"hpi_studio.Table: {self.num_rows} rows, columns {', '.join(names)}"]
        for row in rows:
            lines.append("  " + ", ".join("" if v is None else str(v) for v in row.values()))
        if self.num_rows > len(rows):
            lines.append("  …")
        return "\n".join(lines)
