"""planwatch's exception classes and error records.

This file is compiled into the native module ``planwatch._planwatch`` (the binding
raises these classes); the package ``planwatch`` re-exports them.
"""

from dataclasses import dataclass, field
from typing import List, Optional, Sequence

__all__ = [
    "ErrorRecord",
    "PlanwatchError",
    "ValidationError",
    "RuleError",
    "PlanwatchIOError",
]


@dataclass(frozen=True)
class ErrorRecord:
    """One problem found in a plan, its monitoring data or a rule set.

    ``kind`` is the stable snake_case code (``duplicate_id``, ``unknown_reference``,
    ``unknown_rule``, ``io``, ...); ``path`` the JSON path of the offending value
    (``activities[3].lead``, empty for the document itself); ``file``, ``line`` and
    ``column`` (1-based) where known; ``subject`` the id of the activity, organisation,
    indicator, obligation or rule it is about, when there is one. For a plan read from
    tables, ``sheet`` (in a workbook), ``row`` (1-based, the header is row 1) and
    ``column_name`` (the header) say where, ``file`` being the CSV file or the workbook.
    """

    kind: str
    message: str
    path: str = ""
    file: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    subject: Optional[str] = None
    sheet: Optional[str] = None
    row: Optional[int] = None
    column_name: Optional[str] = None

    #: Where, rendered by the engine exactly as the command line prints it (set on the
    #: records planwatch makes; empty on records made by hand).
    location_text: str = field(default="", repr=False, compare=False)

    @property
    def location(self) -> str:
        """Where, as the command line prints it: ``file:line:column at path``, or for
        tables ``file sheet S row R, column C`` (the engine's own rendering)."""
        if self.location_text:
            return self.location_text
        out = self.file or ""
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        if self.path:
            out += (" " if out else "") + f"at {self.path}"
        return out or "<input>"

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.message}"


class PlanwatchError(Exception):
    """Base class of every error planwatch raises.

    ``errors`` lists the structured problems (empty when there are none to list, as for
    an internal error).
    """

    __module__ = "planwatch"
    errors: List[ErrorRecord]

    def __init__(self, message: str, errors: Sequence[ErrorRecord] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ValidationError(PlanwatchError, ValueError):
    """The plan, its monitoring data or an argument is invalid; ``errors`` lists every
    problem found, in order (file by file, then in document order)."""

    __module__ = "planwatch"


class RuleError(ValidationError):
    """A rule set is invalid: an unknown rule, a bad parameter or scope, a custom rule
    that does not compile; ``errors`` lists every problem."""

    __module__ = "planwatch"


class PlanwatchIOError(PlanwatchError, OSError):
    """A plan, monitoring or rule set file could not be read; ``filename`` names it."""

    __module__ = "planwatch"

    def __init__(self, message: str, errors: Sequence[ErrorRecord] = ()) -> None:
        PlanwatchError.__init__(self, message, errors)
        self.filename = next((e.file for e in self.errors if e.file), None)


ErrorRecord.__module__ = "planwatch"
