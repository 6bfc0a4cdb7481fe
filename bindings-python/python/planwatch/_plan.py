"""Plans: loading, validating, reading and evaluating."""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _planwatch
from ._planwatch import ErrorRecord

if TYPE_CHECKING:
    from ._agenda import Agenda, Reminders
    from ._evaluation import Evaluation

__all__ = ["Plan", "load", "read_excel", "validate", "validate_rules", "rule_catalogue"]

PathLike = Union[str, "os.PathLike[str]"]
#: A rule set: ``None`` (the plan directory's rules.json, else the defaults), a dict in
#: the ``rules.json`` format, its JSON text (a ``str``), or a rules file as a
#: ``pathlib.Path`` (any ``os.PathLike``). A ``str`` is never taken as a path: a web
#: service that forwards user text as rules must not read its own files.
Rules = Union[None, Mapping[str, Any], str, "os.PathLike[str]"]
#: A day: a ``datetime.date`` (or ``datetime``) or an ISO string ``YYYY-MM-DD``.
Day = Union[_dt.date, str]


def _json_default(value: Any) -> Any:
    """Lets dicts built in Python hold dates, sets and tuples."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _plain(value: Any) -> Any:
    """A value built in Python, numpy or pandas as the plain value the model reads.

    Missing values (``None``, NaN, ``pandas.NA``, ``NaT``) are dropped from dicts, so an
    empty spreadsheet cell reads as an absent field; dates and timestamps (``datetime``,
    ``pandas.Timestamp``, ``numpy.datetime64``) become ISO days; numpy scalars and arrays
    become Python numbers and lists; sets become sorted lists.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    name = type(value).__name__
    if name in ("NAType", "NaTType"):
        return None
    if isinstance(value, float):
        return None if value != value else value
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            plain = _plain(v)
            if plain is not None:
                out[k if isinstance(k, str) else str(_plain(k))] = plain
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=str)
    module = type(value).__module__.split(".")[0]
    if module == "numpy":
        if name == "datetime64":
            day = value.astype("datetime64[D]").item()
            return None if day is None else _plain(day)
        if hasattr(value, "tolist"):
            return _plain(value.tolist())
    return value


def _dumps(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, default=_json_default)


def _day(value: Day) -> Union[_dt.date, str]:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, (_dt.date, str)):
        return value
    raise TypeError(f"expected a datetime.date or an ISO date string, got {type(value).__name__}")


def _rules_args(rules: Rules) -> Tuple[Optional[str], Optional[str]]:
    """``(json_text, path)`` for the native calls."""
    if rules is None:
        return None, None
    if isinstance(rules, Mapping):
        return _dumps(rules), None
    if isinstance(rules, str):
        return rules, None
    if isinstance(rules, os.PathLike):
        return None, os.fspath(rules)
    raise TypeError(
        f"rules must be None, a dict, JSON text or a pathlib.Path, not {type(rules).__name__}"
    )


class Plan:
    """A validated plan and its monitoring data.

    Build one with :func:`planwatch.load`, :meth:`Plan.from_json` or
    :meth:`Plan.from_dict`: each checks everything and raises :class:`ValidationError`
    listing every problem found. A ``Plan`` is immutable; the collections it exposes
    (``activities``, ``organisations``, ...) are fresh lists of dicts in the JSON format
    (dates as ISO strings) on every access.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _planwatch.Dataset) -> None:
        if not isinstance(native, _planwatch.Dataset):
            raise TypeError("use planwatch.load, Plan.from_json or Plan.from_dict")
        self._native = native

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        # Pickled in core's compact form (the plan's canonical JSON, and the directory's
        # rule set), so that a plan travels to Dask or Spark workers; see
        # docs/distributed.md for the sizes and times measured.
        return (Plan, (self._native,))

    # construction ----------------------------------------------------------------
    @classmethod
    def load(
        cls,
        path: PathLike,
        monitoring: Optional[PathLike] = None,
        *,
        limits: Optional[Mapping[str, int]] = None,
    ) -> "Plan":
        """Loads a plan directory (``plan.json`` and, when present, ``monitoring.json``
        and ``rules.json``) or a plan file with an optional monitoring file. A
        directory's ``rules.json`` is what :meth:`evaluate` applies when given no rule
        set. ``limits`` lowers or raises the bounds on the work the plan implies (see
        :func:`planwatch.load`)."""
        return cls(_planwatch.load(os.fspath(path), _fspath(monitoring), _limits(limits)))

    @classmethod
    def from_json(
        cls,
        plan: str,
        monitoring: Optional[str] = None,
        *,
        limits: Optional[Mapping[str, int]] = None,
    ) -> "Plan":
        """Parses and validates a plan (and its monitoring data) from JSON text; errors
        carry JSON paths with lines and columns. ``limits`` as in :func:`planwatch.load`."""
        return cls(_planwatch.from_json(plan, monitoring, _limits(limits)))

    @classmethod
    def from_dict(
        cls, plan: Mapping[str, Any], monitoring: Optional[Mapping[str, Any]] = None
    ) -> "Plan":
        """Validates a plan (and its monitoring data) given as dicts in the JSON format,
        read directly (not through JSON text): errors name the path of each problem, such
        as ``status_updates[0].actual_finish``.

        Records from pandas or polars can be passed as they are: dates may be
        ``datetime.date``, ``datetime``, ``pandas.Timestamp`` or ``numpy.datetime64``;
        numbers may be numpy scalars; a missing value (``None``, NaN, ``pandas.NA``,
        ``NaT``) counts as an absent field."""
        return cls(
            _planwatch.from_objects(
                _plain(plan), None if monitoring is None else _plain(monitoring)
            )
        )

    @classmethod
    def from_tables(cls, tables: Mapping[str, Any]) -> "Plan":
        """Validates a plan given as tables of the plan layout (``docs/tables.md``: one
        table per entity, ``plan``, ``organisations``, ``activities``, ...,
        ``status_updates``, ``submissions``, ``indicator_values``), each a pandas or
        polars DataFrame, a pyarrow Table or any object with ``__arrow_c_stream__``,
        read column by column through Arrow (no JSON text in between).

        Empty cells (None, NaN, NaT) are absent fields; dates may be date or datetime
        columns or ISO text; numbers numeric columns or text. Errors name the table, the
        row (the header is row 1, so the first data row is row 2) and the column.
        """
        return cls(_planwatch.from_tables([(name, _arrow(t)) for name, t in tables.items()]))

    def with_monitoring(self, tables: Mapping[str, Any]) -> "Plan":
        """The same plan (and directory rule set) with the monitoring data that
        ``tables`` give instead of its own: tables of the plan layout's monitoring part
        (``status_updates``, ``submissions``, ``indicator_values``, ``meetings``; an
        absent one is empty), each a DataFrame or Arrow table as for
        :meth:`from_tables`, validated against the plan. This is how one partition of a
        large monitoring table is evaluated against the whole plan
        (``planwatch.distributed.reporting_rates``)."""
        return Plan(
            self._native.with_monitoring_tables([(n, _arrow(t)) for n, t in tables.items()])
        )

    def for_reporters(self, reporters: Union[str, Sequence[str]]) -> "Plan":
        """The same plan, monitoring data and rule set, expecting the reports of
        ``reporters`` (organisation ids; one id or several) only: its reporting rates, its
        ``missing_report``, ``late_report`` and ``low_completeness`` findings and every
        other reader of the expected reports count those reporters' reports and nothing
        else. This is how one partition of a large submissions table is counted without
        walking the whole plan's expected reports (``planwatch.distributed``). Raises
        :class:`~planwatch.ValidationError` for an id that is no organisation of the plan.
        """
        names = [reporters] if isinstance(reporters, str) else list(reporters)
        return Plan(self._native.for_reporters(names))

    # reading ---------------------------------------------------------------------
    @property
    def id(self) -> str:
        """The plan's id."""
        return self._native.id

    @property
    def title(self) -> str:
        """The plan's title."""
        return self._native.title

    @property
    def start(self) -> _dt.date:
        """The plan's first day."""
        return self._native.start

    @property
    def end(self) -> _dt.date:
        """The plan's last day."""
        return self._native.end

    @property
    def rules_file(self) -> Optional[str]:
        """The ``rules.json`` of the directory the plan was loaded from, which
        :meth:`evaluate` applies when given no rule set; ``None`` when there is none (a
        plan file, a directory without one, a plan built from JSON text or dicts)."""
        return self._native.rules_file

    @property
    def activities(self) -> List[Dict[str, Any]]:
        """The activities, in plan order."""
        return self._native.part("activities")  # type: ignore[no-any-return]

    @property
    def organisations(self) -> List[Dict[str, Any]]:
        """The organisations, in plan order."""
        return self._native.part("organisations")  # type: ignore[no-any-return]

    @property
    def strategies(self) -> List[Dict[str, Any]]:
        """The strategies."""
        return self._native.part("strategies")  # type: ignore[no-any-return]

    @property
    def groups(self) -> List[Dict[str, Any]]:
        """The activity groups."""
        return self._native.part("groups")  # type: ignore[no-any-return]

    @property
    def indicators(self) -> List[Dict[str, Any]]:
        """The indicators."""
        return self._native.part("indicators")  # type: ignore[no-any-return]

    @property
    def reporting_obligations(self) -> List[Dict[str, Any]]:
        """Who reports what, how often."""
        return self._native.part("reporting_obligations")  # type: ignore[no-any-return]

    @property
    def meeting_obligations(self) -> List[Dict[str, Any]]:
        """Who meets, how often."""
        return self._native.part("meeting_obligations")  # type: ignore[no-any-return]

    @property
    def obligations(self) -> Dict[str, List[Dict[str, Any]]]:
        """``{"reporting": [...], "meeting": [...]}``."""
        return {"reporting": self.reporting_obligations, "meeting": self.meeting_obligations}

    @property
    def monitoring(self) -> Dict[str, Any]:
        """The monitoring data (status updates, submissions, indicator values, meetings)."""
        return self._native.part("monitoring")  # type: ignore[no-any-return]

    def to_dict(self) -> Dict[str, Any]:
        """``{"plan": ..., "monitoring": ...}`` in the JSON format;
        ``Plan.from_dict(**p.to_dict())`` gives the same plan back."""
        return {"plan": self._native.part("plan"), "monitoring": self.monitoring}

    def stats(self) -> Dict[str, Any]:
        """Counts of what the plan holds and expects (activities, organisations by kind,
        expected reports by type, submissions, ...)."""
        return self._native.stats()  # type: ignore[no-any-return]

    def report_matrix(self, report_type: str, as_of: Day) -> Dict[str, Any]:
        """Reporters x periods of one report type as of a day: ``reporters``, ``periods``
        and ``cells[row][column]`` (``on_time``, ``late``, ``missing``, ``pending``,
        ``not_expected``)."""
        return self._native.report_matrix(report_type, _day(as_of))  # type: ignore[no-any-return]

    # checking and evaluating -----------------------------------------------------------
    def validate(self, rules: Rules = None) -> List[ErrorRecord]:
        """The problems left to report, as error records; never raises.

        A ``Plan`` exists only once its plan and monitoring data passed every check (the
        constructors raise :class:`ValidationError` otherwise), so this returns the
        problems of ``rules`` when given (unknown rules, bad parameters or scopes, custom
        rules that do not compile) and an empty list otherwise. To check files without
        raising, use :func:`planwatch.validate`.
        """
        return validate_rules(rules)

    def evaluate(self, as_of: Day, rules: Rules = None) -> "Evaluation":
        """Evaluates the plan as of a day (a ``datetime.date`` or ``"YYYY-MM-DD"``) with a
        rule set: a dict, JSON text or a path to a rules file; ``None`` for the rules of
        the directory the plan was loaded from (its ``rules.json``, see
        :attr:`rules_file`), else the defaults, as ``planwatch check`` does. An explicit
        rule set wins; ``rules={}`` gives the built-in defaults even then.

        Raises :class:`RuleError` for an invalid rule set, :class:`PlanwatchIOError` when
        the rules file cannot be read. The GIL is released while evaluating.
        """
        from ._evaluation import Evaluation

        text, path = _rules_args(rules)
        return Evaluation(self._native.evaluate(_day(as_of), text, path), self)

    # who must act next -------------------------------------------------------------
    def agenda(self, as_of: Day, days: int = 30, owner: Optional[str] = None) -> "Agenda":
        """Who must act next as of a day: per owner, the activities to start or finish,
        reports to submit and meetings to hold from ``as_of`` to ``days`` days after it
        (at most 3660), and what is already overdue; for every owner or ``owner`` only.

        Raises :class:`ValidationError` for a window longer than 3660 days or an unknown
        owner.
        """
        from ._agenda import Agenda

        return Agenda(self._native.agenda(_day(as_of), days, owner))

    def reminders(
        self, as_of: Day, owner: Optional[str] = None, rules: Rules = None
    ) -> "Reminders":
        """The reminders due on a day, per owner, on the cadence of the rule set's
        ``reminders`` (``rules`` as for :meth:`evaluate`: ``None`` for the directory's
        ``rules.json``, else the default: due soon 30, 7 and 1 days before; late 1 and 7
        days after, then every 30 days).

        Raises :class:`RuleError` for an invalid rule set, :class:`ValidationError` for an
        unknown owner.
        """
        from ._agenda import Reminders

        text, path = _rules_args(rules)
        return Reminders(self._native.reminders(_day(as_of), owner, text, path))

    # files out ---------------------------------------------------------------------
    def calendar_ics(self, as_of: Day, owner: Optional[str] = None) -> str:
        """An iCalendar (RFC 5545) of activity deadlines and report and meeting due days,
        for every organisation or ``owner`` only; ``as_of`` is the events' DTSTAMP, so
        the same plan gives the same text. Save it as ``.ics`` to subscribe to it."""
        return self._native.calendar_ics(_day(as_of), owner)

    def graph_dot(self, as_of: Day) -> str:
        """The dependency graph as Graphviz DOT, one cluster per strategy, the critical
        path as of ``as_of`` in red."""
        return self._native.graph_dot(_day(as_of))

    def graph_mermaid(self, as_of: Day) -> str:
        """The dependency graph as a Mermaid flowchart (``flowchart LR``), the critical
        path as of ``as_of`` in red."""
        return self._native.graph_mermaid(_day(as_of))

    # display ---------------------------------------------------------------------
    def _repr_html_(self) -> str:
        return self._native.html()

    def __repr__(self) -> str:
        s = self._native
        return f"<Plan {s.id} ({s.start} to {s.end}): {s.title}>"


def _fspath(path: Optional[PathLike]) -> Optional[str]:
    return None if path is None else os.fspath(path)


def _arrow(table: Any) -> Any:
    """A table as an object with ``__arrow_c_stream__``: pandas goes through pyarrow
    without its index (pandas 2.2 and later speak the Arrow PyCapsule interface
    themselves, but with the index as a column, so a filtered frame would bring an
    ``__index_level_0__`` column), anything else that speaks the interface as is."""
    if type(table).__module__.split(".")[0] == "pandas":
        try:
            import pyarrow
        except ImportError as e:  # pragma: no cover - pandas extra installs pyarrow
            raise ImportError("reading pandas tables needs pyarrow: pip install planwatch[pandas]") from e
        return pyarrow.Table.from_pandas(table, preserve_index=False)
    if hasattr(table, "__arrow_c_stream__"):
        return table
    raise TypeError(
        f"a table must be a DataFrame or an Arrow table, not {type(table).__name__}"
    )


def read_excel(path: PathLike) -> Plan:
    """Loads a plan from an ``.xlsx`` workbook of the plan layout (one sheet per table,
    ``docs/tables.md``; no Excel needed). A ``NAME.rules.json`` beside ``NAME.xlsx``
    becomes the default rule set, as on the command line. Errors name the sheet, row and
    column."""
    if not os.fspath(path).lower().endswith(".xlsx"):
        raise ValueError(f"read_excel reads .xlsx workbooks, not {os.fspath(path)!r}")
    return Plan.load(path)


def _limits(limits: Optional[Mapping[str, int]]) -> Optional[Dict[str, int]]:
    if limits is None:
        return None
    if not isinstance(limits, Mapping):
        raise TypeError(f"limits must be a mapping of limit names to numbers, not {type(limits).__name__}")
    return dict(limits)


def load(
    path: PathLike,
    monitoring: Optional[PathLike] = None,
    *,
    limits: Optional[Mapping[str, int]] = None,
) -> Plan:
    """Loads a plan from any source the command line reads: a JSON plan directory
    (``plan.json`` and, when present, ``monitoring.json`` and ``rules.json``), a CSV
    tables directory or a mix of both, ``plan.json`` (read as its directory), or an
    ``.xlsx`` workbook; or a plan file with an explicit monitoring file. The GIL is released
    while loading. A directory's ``rules.json`` becomes the default rule set of
    :meth:`Plan.evaluate`, so that ``load(dir).evaluate(day)`` gives what
    ``planwatch check dir --as-of day`` gives.

    ``limits`` bounds the work the plan implies, checked before any of it is done:
    ``max_plan_years`` (default 100), ``max_expected_reports`` (reporters times periods,
    default 50,000,000) and ``max_expected_meetings`` (default 10,000,000). A web service
    taking plans from its users should lower them; a plan past one raises
    :class:`ValidationError` with kind ``limit_exceeded``::

        planwatch.load("plans/upload", limits={"max_expected_reports": 100_000})

    Raises :class:`ValidationError` listing every problem of the plan and monitoring
    data, :class:`RuleError` for an invalid ``rules.json``, or :class:`PlanwatchIOError`
    when a file cannot be read.
    """
    return Plan.load(path, monitoring, limits=limits)


def validate(
    source: Union[PathLike, Mapping[str, Any]],
    monitoring: Union[None, PathLike, Mapping[str, Any]] = None,
) -> List[ErrorRecord]:
    """Every problem of a plan, as error records, in order; an empty list when it is
    valid. Never raises for bad input: an unreadable file is a record of kind ``io``.

    ``source`` is a plan directory, a plan file, JSON text (starting with ``{``) or a
    dict; ``monitoring`` likewise (a file, JSON text or a dict). A directory's
    ``rules.json`` is checked too, once its plan and monitoring data are valid.
    """
    if isinstance(source, Mapping) or (isinstance(source, str) and source.lstrip().startswith("{")):
        plan_text = source if isinstance(source, str) else _dumps(source)
        if monitoring is None:
            mon_text = None
        elif isinstance(monitoring, Mapping):
            mon_text = _dumps(monitoring)
        elif isinstance(monitoring, str) and monitoring.lstrip().startswith("{"):
            mon_text = monitoring
        else:
            raise TypeError("with a plan given as a dict or JSON text, give monitoring likewise")
        return list(_planwatch.validate_json(plan_text, mon_text))
    if isinstance(monitoring, Mapping):
        raise TypeError("with a plan path, give monitoring as a path too")
    return list(_planwatch.validate_files(os.fspath(source), _fspath(monitoring)))


def validate_rules(rules: Rules) -> List[ErrorRecord]:
    """Every problem of a rule set (dict, JSON text or path), as error records; empty
    when it is valid or ``None``. Never raises for bad input."""
    text, path = _rules_args(rules)
    return list(_planwatch.check_rules(text, path))


def rule_catalogue() -> List[Dict[str, Any]]:
    """The built-in rules: ``id``, ``family``, ``subject``, ``description`` and
    ``default_severity``."""
    return list(_planwatch.rule_catalogue())
