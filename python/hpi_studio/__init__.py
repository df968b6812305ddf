"""HPI Studio for Python: house price indices (FHFA's repeat-sales
aggregation index RSAI, pooled BMN and WRS, ARS, Case-Shiller) from your own
transaction data, computed by the same engine as the HPI Studio app and the
``hpi`` command line, to the last digit.

    >>> import hpi_studio as hs
    >>> result = hs.calculate(sales, tracts, method="rsai", start=1990, end=2021)
    >>> result.index.to_pandas()

``hpi_studio.spark`` runs the same on a Spark cluster, one CBSA per task.
"""

from ._errors import CODES, HpiError
from ._native import __version__
from ._project import Project, open_project
from ._run import Evaluation, Progress, Result, calculate, evaluate, quality
from ._table import Table

__all__ = [
    "CODES",
    "Evaluation",
    "HpiError",
    "Progress",
    "Project",
    "Result",
    "Table",
    "__version__",
    "calculate",
    "evaluate",
    "open_project",
    "quality",
]
