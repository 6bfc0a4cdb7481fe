"""What changed between two evaluations: new, resolved and changed findings as frames."""

from __future__ import annotations

import datetime as _dt
import json
from typing import TYPE_CHECKING, Any, Dict, Optional

from . import _planwatch

if TYPE_CHECKING:
    import pandas

__all__ = ["Diff"]


class Diff:
    """What changed from one evaluation (``from_day``) to a later one (``to_day``),
    findings matched by their stable ids: made by :meth:`Evaluation.diff`.

    ``new`` and ``resolved`` are DataFrames with the columns of
    :meth:`Evaluation.findings_frame` (``resolved`` as the earlier evaluation had them);
    ``changed`` has one row per finding in both whose severity or evidence changed:
    ``change`` (``escalated``, ``de_escalated`` or ``evidence_moved``), the finding's
    identity, then ``severity_before``/``severity_after``, ``message_before``/
    ``message_after`` and ``evidence_before``/``evidence_after`` (JSON text). Frames need
    ``pip install planwatch[pandas]``; ``to_json`` is the engine's JSON, byte for byte
    what ``planwatch diff --format json`` prints.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _planwatch.RawDiff) -> None:
        self._native = native

    @property
    def plan_id(self) -> str:
        """The plan id of the later evaluation."""
        return self._native.plan_id

    @property
    def from_day(self) -> _dt.date:
        """The day of the earlier evaluation."""
        return self._native.from_day

    @property
    def to_day(self) -> _dt.date:
        """The day of the later evaluation."""
        return self._native.to_day

    @property
    def summary(self) -> Dict[str, Any]:
        """The counts: ``total``, ``by_rule``, ``by_owner``, ``by_province``, each with
        ``new``, ``resolved``, ``changed``, ``escalated``, ``de_escalated`` and
        ``evidence_moved``."""
        result: Dict[str, Any] = json.loads(self._native.to_json())["summary"]
        return result

    def _frame(self, part: str) -> "pandas.DataFrame":
        from ._frames import _to_pandas, severity_categorical

        df = _to_pandas(self._native.table(part))
        for column in ("severity", "severity_before", "severity_after"):
            if column in df.columns:
                df[column] = severity_categorical(df[column])
        return df

    @property
    def new(self) -> "pandas.DataFrame":
        """The findings that appeared, in the later evaluation's order."""
        return self._frame("new")

    @property
    def resolved(self) -> "pandas.DataFrame":
        """The findings that disappeared, in the earlier evaluation's order."""
        return self._frame("resolved")

    @property
    def changed(self) -> "pandas.DataFrame":
        """The findings that changed, before and after, in the later evaluation's order."""
        return self._frame("changed")

    def counts_frame(self, by: str = "rule") -> "pandas.DataFrame":
        """The counts by ``rule``, ``owner`` or ``province`` (one row per key, in a column
        of that name, keys in byte order), or ``total`` (one row)."""
        from ._frames import _to_pandas

        return _to_pandas(self._native.counts_table(by))

    def to_json(self, indent: bool = False) -> str:
        """The diff as JSON text: ``plan``, ``from``, ``to``, ``summary``, then the
        ``new``, ``resolved`` and ``changed`` arrays."""
        return self._native.to_json(indent)

    def to_csv(self) -> str:
        """The diff table as CSV text, as ``planwatch diff --format csv`` prints it."""
        return self._native.csv()

    def text(self, limit: Optional[int] = None) -> str:
        """The aligned text ``planwatch diff`` prints; ``limit`` caps the findings shown."""
        return self._native.text(limit)

    def __len__(self) -> int:
        return sum(self._native.counts())

    def __repr__(self) -> str:
        return repr(self._native)
