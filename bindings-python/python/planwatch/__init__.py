"""planwatch: monitor a national strategic plan from Python.

Load a plan and its monitoring data, evaluate it as of a day, and look at the findings,
rates, indicator statuses and schedule forecast as objects, pandas tables and pictures.
All behaviour lives in the Rust engine; this package converts and forwards.

>>> import planwatch
>>> plan = planwatch.load("examples/nsp-2019-2023")          # doctest: +SKIP
>>> ev = plan.evaluate("2021-06-30")                         # doctest: +SKIP
>>> ev.filter(min_severity="error", province="pcct-kampot")  # doctest: +SKIP
"""

from ._planwatch import (
    ErrorRecord,
    Finding,
    PlanwatchError,
    PlanwatchIOError,
    RuleError,
    ValidationError,
    __version__,
)
from ._plan import Plan, load, read_excel, rule_catalogue, validate, validate_rules
from ._agenda import Agenda, Reminders
from ._dhis2 import import_dhis2
from ._diff import Diff
from ._evaluation import Evaluation
from ._report import Report

__all__ = [
    "Agenda",
    "Diff",
    "ErrorRecord",
    "Evaluation",
    "Finding",
    "Plan",
    "PlanwatchError",
    "PlanwatchIOError",
    "Reminders",
    "Report",
    "RuleError",
    "ValidationError",
    "__version__",
    "import_dhis2",
    "load",
    "read_excel",
    "rule_catalogue",
    "validate",
    "validate_rules",
]
