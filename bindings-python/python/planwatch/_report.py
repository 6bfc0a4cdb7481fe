"""The progress report: one self-contained, printable HTML document for a plan's
committee."""

from __future__ import annotations

import datetime as _dt
import os
from typing import Optional, Union

from . import _planwatch

__all__ = ["Report"]

PathLike = Union[str, "os.PathLike[str]"]


class Report:
    """The progress report of one period, made by :meth:`Evaluation.report`: per
    strategy and activity group the activities done, on track, late and not started;
    reporting completeness and timeliness by province, unit and working group; each
    indicator against its target with a chart; meetings held; the changes since the
    previous report period; the findings by severity.

    ``html`` is the document, byte for byte what ``planwatch report`` writes (``str(report)``
    gives it too); :meth:`save` writes it to a file. In a notebook the report shows itself
    (``_repr_html_``) inside an ``<iframe>``, so its styles stay its own; the evaluation's
    own ``_repr_html_`` remains the compact summary.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _planwatch.RawReport) -> None:
        self._native = native

    @property
    def html(self) -> str:
        """The document: ``<!DOCTYPE html>`` and one ``<html>`` element, styles inline,
        charts as inline SVG."""
        return self._native.html

    @property
    def period(self) -> str:
        """The id of the period covered (``2021Q2``)."""
        return self._native.period

    @property
    def previous(self) -> Optional[str]:
        """The id of the period the changes are counted from; ``None`` when the plan has
        none before this one."""
        return self._native.previous

    @property
    def as_of(self) -> _dt.date:
        """The day evaluated."""
        return self._native.as_of

    def save(self, path: PathLike) -> None:
        """Writes the document to ``path`` (whole or not at all: a temporary file beside
        it is renamed over it). Raises :class:`PlanwatchIOError` when it cannot."""
        self._native.save(os.fspath(path))

    def _repr_html_(self) -> str:
        return self._native.iframe()

    def __str__(self) -> str:
        return self._native.html

    def __repr__(self) -> str:
        return f"<Report {self.period} as of {self.as_of}>"
