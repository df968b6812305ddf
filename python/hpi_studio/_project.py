"""Reading HPI Studio project files (``.hpiproj``): their runs and results."""

import json
import os
from typing import Any, Dict, List, Optional, Union

from . import _native
from ._table import Table


class Project:
    """A project file, opened read-only in spirit: nothing here writes to it.

    A file written by a newer HPI Studio, or that is not a project, is refused
    with an :class:`HpiError` (``not_a_project``).
    """

    def __init__(self, native: "_native.Project") -> None:
        self._native = native

    @property
    def path(self) -> str:
        """The file."""
        return self._native.path

    def runs(self) -> List[Dict[str, Any]]:
        """The saved runs, newest first: id, method, parameters, status, times."""
        return json.loads(self._native.runs())

    def index(self, run: int, intervals: Optional[float] = None) -> Table:
        """Run ``run``'s city index; with ``intervals`` (a confidence level, e.g.
        0.95) also ``se, lower, upper``, as ``hpi export --intervals`` writes them."""
        return Table(self._native.index(run, intervals))

    def tracts(self, run: int) -> Table:
        """Run ``run``'s RSAI tract panel."""
        return Table(self._native.tracts(run))

    def quality(self, run: int) -> Optional[Dict[str, Any]]:
        """Run ``run``'s quality report (None when it has none)."""
        return json.loads(self._native.quality(run))

    def evaluation(self, run: int) -> Optional[Dict[str, Any]]:
        """Run ``run``'s evaluation (None when it was not evaluated)."""
        return json.loads(self._native.evaluation(run))

    def __repr__(self) -> str:
        return f"hpi_studio.Project({self.path!r})"


def open_project(path: Union[str, "os.PathLike[str]"]) -> Project:
    """Opens the project file at ``path``."""
    return Project(_native.open_project(os.fspath(path)))
