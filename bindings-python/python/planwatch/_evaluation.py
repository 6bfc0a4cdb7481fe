"""Evaluations: findings, their filters, the other results, tables and pictures."""

from __future__ import annotations

import datetime as _dt
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Union, overload

from . import _planwatch
from ._planwatch import Finding

if TYPE_CHECKING:
    import pandas

    from ._report import Report
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ._diff import Diff
    from ._plan import Plan

__all__ = ["Evaluation"]

Names = Union[None, str, Iterable[str]]
PathLike = Union[str, "os.PathLike[str]"]


def _names(value: Names) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _columns(columns: Names) -> Optional[List[str]]:
    """The column names asked for (a single name is one column); None for all."""
    return None if columns is None else _names(columns)


def _filter(
    severity: Names = None,
    min_severity: Optional[str] = None,
    rule: Names = None,
    owner: Names = None,
    strategy: Names = None,
    province: Names = None,
    subject_kind: Names = None,
    subject: Names = None,
) -> Dict[str, Any]:
    """The keyword arguments in the shape of core's ``FindingFilter``."""
    return {
        "min_severity": min_severity,
        "severities": _names(severity),
        "rules": _names(rule),
        "owners": _names(owner),
        "strategies": _names(strategy),
        "provinces": _names(province),
        "subject_kinds": _names(subject_kind),
        "subjects": _names(subject),
    }


class Evaluation:
    """The result of evaluating a plan as of a day.

    Iterating gives the findings (most severe first, in the engine's documented order);
    ``summary``, ``rollups``, ``indicators``, ``forecast`` and every other part of the
    engine's evaluation are attributes holding plain Python values in the JSON format
    (new parts the engine adds appear as attributes too: see :meth:`parts`).
    """

    __slots__ = ("_native", "_plan", "_findings")

    def __init__(self, native: _planwatch.RawEvaluation, plan: "Plan") -> None:
        self._native = native
        self._plan = plan
        self._findings: Optional[List[Finding]] = None

    # findings --------------------------------------------------------------------
    @property
    def plan(self) -> "Plan":
        """The plan evaluated."""
        return self._plan

    @property
    def as_of(self) -> _dt.date:
        """The day evaluated."""
        return self._native.as_of

    @property
    def findings(self) -> List[Finding]:
        """Every finding, in order (a new list each time)."""
        if self._findings is None:
            self._findings = self._native.findings()
        return list(self._findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self._native)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> List[Finding]: ...
    def __getitem__(self, index: Union[int, slice]) -> Union[Finding, List[Finding]]:
        return self.findings[index]

    def filter(
        self,
        severity: Names = None,
        min_severity: Optional[str] = None,
        rule: Names = None,
        owner: Names = None,
        strategy: Names = None,
        province: Names = None,
        subject_kind: Names = None,
        subject: Names = None,
    ) -> List[Finding]:
        """The findings that pass every criterion given, in order; within one criterion
        any of several values matches (``rule=["overdue", "late_start"]``).

        ``severity`` keeps exactly those severities, ``min_severity`` those at least as
        severe (``info`` < ``warning`` < ``error`` < ``critical``). Unknown severities or
        subject kinds raise :class:`ValidationError`, and so does a rule, owner, province
        or strategy the evaluation cannot have a finding about (a rule neither built in
        nor a custom rule evaluated, an id the plan lacks): its message names the close
        ones (``unknown rule `overdu`: did you mean `overdue`?``), as the command line's
        ``check --rule`` does. Filtering is done by the engine.
        """
        return self._native.findings(
            _filter(severity, min_severity, rule, owner, strategy, province, subject_kind, subject)
        )

    def diff(self, other: "Evaluation") -> "Diff":
        """What changed from this evaluation to ``other`` (a later day, or a later
        snapshot of the data): findings ``new``, ``resolved`` and ``changed``, matched by
        their stable ids, as DataFrames, with counts by rule, owner and province. See
        :class:`Diff`."""
        from ._diff import Diff

        if not isinstance(other, Evaluation):
            raise TypeError(f"diff needs an Evaluation, not {type(other).__name__}")
        return Diff(_planwatch.diff(self._native, other._native))

    # other parts -----------------------------------------------------------------------
    def parts(self) -> List[str]:
        """The names of the evaluation's parts besides ``findings``."""
        return self._native.field_names()

    @property
    def summary(self) -> Dict[str, Any]:
        """Counts of findings: ``total``, ``by_severity``, ``by_rule``."""
        return self._native.field("summary")  # type: ignore[no-any-return]

    @property
    def rollups(self) -> Dict[str, Any]:
        """Finding counts by severity x rule x owner x strategy (``cells``) and by owner,
        strategy and province."""
        return self._native.field("rollups")  # type: ignore[no-any-return]

    @property
    def indicators(self) -> List[Dict[str, Any]]:
        """Every indicator's status on the day, in plan order."""
        return self._native.field("indicators")  # type: ignore[no-any-return]

    @property
    def forecast(self) -> Dict[str, Any]:
        """The schedule forecast: per activity early/late dates, slack, the critical
        path."""
        return self._native.field("forecast")  # type: ignore[no-any-return]

    @property
    def rates(self) -> Dict[str, Any]:
        """Reporting and meeting rates (completeness, timeliness), by their part name
        (``reporting``, ``meetings``): whatever rates the engine's evaluation holds."""
        names = self.parts()
        return {n: self._native.field(n) for n in ("reporting", "meetings") if n in names}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._native.field(name)

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self.parts()))

    def to_dict(self) -> Dict[str, Any]:
        """The whole evaluation as plain Python values, in the engine's JSON format."""
        return self._native.to_dict()  # type: ignore[no-any-return]

    def to_json(self, indent: bool = False) -> str:
        """The whole evaluation as JSON text (the same as the command line's
        ``check --format json``)."""
        return self._native.to_json(indent)

    def report_matrix(self, report_type: str = "monthly") -> Dict[str, Any]:
        """Reporters x periods of one report type as of the evaluation's day (see
        :meth:`Plan.report_matrix`)."""
        return self._native.report_matrix(report_type)  # type: ignore[no-any-return]

    # tables ------------------------------------------------------------------------
    def findings_table(
        self,
        severity: Names = None,
        min_severity: Optional[str] = None,
        rule: Names = None,
        owner: Names = None,
        strategy: Names = None,
        province: Names = None,
        subject_kind: Names = None,
        subject: Names = None,
        columns: Names = None,
    ) -> Any:
        """The findings (those passing the filter, see :meth:`filter`) as an Arrow table
        built by the engine from its columns, with the columns of :meth:`findings_frame`
        (``rule``, ``severity``, ``subject_kind``, ``owner``, ``strategy`` and
        ``province`` dictionary-encoded), or only those named in ``columns``, in that
        order (the text of the others, messages and evidence above all, is not built).
        The object exposes ``__arrow_c_stream__``, so ``polars.DataFrame(t)``,
        ``duckdb.sql("select * from t")`` and ``pyarrow.table(t)`` read it without
        pyarrow being needed by planwatch."""
        flt = _filter(severity, min_severity, rule, owner, strategy, province, subject_kind, subject)
        return self._native.findings_table(flt, _columns(columns))

    def forecast_table(self) -> Any:
        """The schedule forecast as an Arrow table (see :meth:`findings_table`), one row
        per activity, the columns of :meth:`forecast_frame`."""
        return self._native.forecast_table()

    def findings_frame(
        self,
        severity: Names = None,
        min_severity: Optional[str] = None,
        rule: Names = None,
        owner: Names = None,
        strategy: Names = None,
        province: Names = None,
        subject_kind: Names = None,
        subject: Names = None,
        columns: Names = None,
    ) -> "pandas.DataFrame":
        """The findings (those passing the filter, see :meth:`filter`) as a DataFrame,
        one row each: ``id``, ``rule``, ``severity`` (an ordered categorical),
        ``subject_kind``, ``subject_id``, ``subject_name``, ``period``, ``message``,
        ``owner``, ``owner_name``, ``strategy``, ``province``, ``province_name`` and
        ``evidence`` (JSON text): names and titles beside the ids; or only the
        ``columns`` named, in that order. Needs ``pip install planwatch[pandas]``."""
        from ._frames import findings_frame

        flt = _filter(severity, min_severity, rule, owner, strategy, province, subject_kind, subject)
        return findings_frame(self._native, flt, _columns(columns))

    def rates_frame(self, by: str = "reporter", of: str = "reporting") -> "pandas.DataFrame":
        """Rates as a DataFrame: ``of`` is the rates part (``reporting`` or ``meetings``),
        ``by`` its breakdown (``reporter``, ``kind``, ``type``, ``period`` for reporting;
        ``obligation``, ``organiser``, ``kind``, ``period`` for meetings; ``province``
        for both; ``overall``).

        ``by="province"`` adds up the reporters (or organisers) of each province, a
        reporter's province being its organisation's (as a finding's ``province`` is its
        owner's): one row per province in natural id order, with a ``reporters`` count,
        then one row with no ``province`` (null) for those of no province. Needs
        ``pip install planwatch[pandas]``."""
        from ._frames import province_rates_frame, table_frame

        if by == "province":
            return province_rates_frame(self._native, of)
        path = f"{of}.overall" if by == "overall" else f"{of}.by_{by}"
        return table_frame(self._native, path, by)

    def forecast_frame(self) -> "pandas.DataFrame":
        """The schedule forecast, one row per activity: its group, title, lead, status,
        planned start, deadline, early and late dates, ``slack_days``, ``critical`` and
        driving predecessor. Needs ``pip install planwatch[pandas]``."""
        from ._frames import forecast_frame

        return forecast_frame(self._native)

    def indicators_frame(self) -> "pandas.DataFrame":
        """Indicator statuses, one row per indicator. Needs
        ``pip install planwatch[pandas]``."""
        from ._frames import table_frame

        return table_frame(self._native, "indicators", "indicator")

    def rollups_frame(self, by: str = "owner") -> "pandas.DataFrame":
        """Finding counts by ``owner``, ``strategy`` or ``province`` (one row each, counts
        by severity), or ``cells`` (severity x rule x owner x strategy). Needs
        ``pip install planwatch[pandas]``."""
        from ._frames import table_frame

        path = "rollups.cells" if by == "cells" else f"rollups.by_{by}"
        return table_frame(self._native, path, by)

    def table(self, path: str, key_column: str = "key") -> "pandas.DataFrame":
        """Any part of the evaluation (a dotted path such as ``rollups.by_strategy``) as a
        DataFrame. Needs ``pip install planwatch[pandas]``."""
        from ._frames import table_frame

        return table_frame(self._native, path, key_column)

    # pictures ----------------------------------------------------------------------
    def plot_completeness(
        self, report_type: str = "monthly", ax: Optional["Axes"] = None
    ) -> "Figure":
        """A reporter x period heat map of one report type: on time, late, missing,
        pending, not expected (the engine's reporting matrix as of the day). Returns the
        matplotlib Figure. Needs ``pip install planwatch[plot]``."""
        from ._plot import plot_completeness

        fig: Figure = plot_completeness(self.report_matrix(report_type), ax)
        return fig

    def plot_schedule(
        self,
        activities: Optional[Iterable[str]] = None,
        max_rows: int = 40,
        ax: Optional["Axes"] = None,
    ) -> "Figure":
        """A Gantt chart: each activity's planned window (planned start to deadline), its
        forecast (early start to early finish, with a marker at the forecast finish) and
        its slip past the deadline highlighted, with the as-of day marked. Shows the given
        ``activities``, or else every activity when there are at most ``max_rows``, or else
        the ``max_rows`` with the least slack. Returns the matplotlib Figure. Needs
        ``pip install planwatch[plot]``."""
        from ._plot import plot_schedule

        fig: Figure = plot_schedule(
            self.forecast, self._plan.activities, self.as_of, activities, max_rows, ax
        )
        return fig

    # display -----------------------------------------------------------------------
    # files out ---------------------------------------------------------------------
    def to_csv(
        self,
        path: Optional[PathLike] = None,
        owner: Optional[str] = None,
        table: str = "findings",
    ) -> Optional[str]:
        """A table as CSV (``findings``, ``rates``, ``forecast`` or ``indicators``, with the
        columns of ``docs/exports.md``, names beside ids): returned as text when ``path``
        is ``None``, else written there. With ``owner`` (an organisation id), only that
        organisation's rows."""
        data = self._native.render("csv", owner, table)
        if path is None:
            return data.decode("utf-8")
        with open(os.fspath(path), "wb") as f:
            f.write(data)
        return None

    def to_excel(self, path: PathLike, owner: Optional[str] = None) -> None:
        """Writes the findings, rates, forecast and indicators sheets to an ``.xlsx``
        workbook (date cells, number cells, names beside ids; the same bytes for the same
        evaluation). With ``owner``, only that organisation's rows."""
        data = self._native.render("xlsx", owner)
        with open(os.fspath(path), "wb") as f:
            f.write(data)

    def export(self, path: PathLike, owner: Optional[str] = None) -> str:
        """Writes the export that ``path``'s extension asks for, as ``planwatch export``
        does: ``.csv``, ``.xlsx``, ``.ics``, ``.dot`` or ``.mmd`` (any other raises
        :class:`ValidationError`); returns the extension."""
        return self._native.export(os.fspath(path), owner)

    def report(self, period: Optional[str] = None) -> "Report":
        """The progress report of ``period`` (a period id such as ``"2021Q2"``; ``None``:
        the period of the plan's main report type, quarterly for the NSP, that contains
        the as-of day) as a :class:`Report`: ``.html`` is the document ``planwatch
        report`` writes, ``.save(path)`` writes it, and a notebook shows it. The changes
        it lists are counted from an evaluation at the end of the previous period with
        this evaluation's rules.

        Raises :class:`ValidationError` for a period that is no period id, starts after
        the as-of day or lies outside the plan.
        """
        from ._report import Report

        return Report(self._native.report(period))

    def _repr_html_(self) -> str:
        return self._native.html(10)

    def __repr__(self) -> str:
        s = self.summary
        sev = ", ".join(f"{n} {k}" for k, n in reversed(list(s["by_severity"].items())) if n)
        return (
            f"<Evaluation {self._native.plan_id} as of {self.as_of}: "
            f"{s['total']} findings{' (' + sev + ')' if sev else ''}>"
        )
