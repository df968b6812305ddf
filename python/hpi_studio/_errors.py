"""The one exception HPI Studio raises, with the codes it carries."""

from typing import List, Optional, Tuple

#: Every code an :class:`HpiError` can carry: the list the desktop app and
#: the HTTP API use (checked against the Rust type by the tests).
CODES = (
    "invalid_request",
    "not_a_project",
    "bad_input",
    "already_imported",
    "no_data",
    "cancelled",
    "not_found",
    "io",
    "internal",
    "network",
    "untrusted",
)


class HpiError(Exception):
    """A request HPI Studio refused, or a run that failed.

    Attributes:
        code: what kind of refusal, one of :data:`CODES`.
        message: what went wrong, in words.
        hint: what to change (a keyword to pass), or None.
        rows: for a refused table, its bad rows as (line, column, reason);
            line 2 is a frame's first row, as in a file with a header line.
    """

    def __init__(
        self,
        code: str,
        message: str,
        hint: Optional[str] = None,
        rows: Optional[List[Tuple[int, str, str]]] = None,
    ) -> None:
        super().__init__(message if hint is None else f"{message} (hint: {hint})")
        self.code = code
        self.message = message
        self.hint = hint
        self.rows = list(rows or [])
