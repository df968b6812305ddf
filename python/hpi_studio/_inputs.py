"""Input tables as the engine takes them: a path (read exactly as the CLI
reads files) or an Arrow C stream from pandas, polars, pyarrow or anything
else that speaks Arrow's PyCapsule interface."""

import os
from typing import Any, Dict, Optional, Union

TableLike = Union[str, "os.PathLike[str]", Any]


def stream(value: Optional[TableLike], name: str) -> Any:
    """A path, or the capsule of ``value``'s Arrow stream."""
    if value is None:
        return None
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    if hasattr(value, "__arrow_c_stream__"):
        return value.__arrow_c_stream__()
    if type(value).__module__.startswith("pandas"):
        # pandas before 2.2 has no __arrow_c_stream__: pyarrow converts it (without the
        # index, which the engine has no use for).
        import pyarrow

        return pyarrow.Table.from_pandas(value, preserve_index=False).__arrow_c_stream__()
    if hasattr(value, "to_arrow"):
        return value.to_arrow().__arrow_c_stream__()
    raise TypeError(
        f"{name}: give a path or a table (a pandas, polars or pyarrow frame), not {type(value).__name__}"
    )


def streams(**tables: Optional[TableLike]) -> Dict[str, Any]:
    """Each table given, by the name messages call it."""
    return {name: stream(value, name) for name, value in tables.items() if value is not None}
