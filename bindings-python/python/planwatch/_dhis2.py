"""DHIS2 data in: DHIS2 exports into a plan directory's monitoring data."""

from __future__ import annotations

import os
from typing import Any, Dict, Sequence, Union

from . import _planwatch

__all__ = ["import_dhis2"]

PathLike = Union[str, "os.PathLike[str]"]


def import_dhis2(
    exports: Union[PathLike, Sequence[PathLike]],
    mapping: PathLike,
    into: PathLike,
    *,
    write: bool = True,
) -> Dict[str, Any]:
    """Imports DHIS2 exports into the plan directory ``into``, as
    ``planwatch import-dhis2 EXPORT... --mapping MAPPING --into INTO`` does.

    ``exports`` are DHIS2 export files (one path or several): data value sets as JSON or
    as CSV in DHIS2's columns (``.csv``), and complete data set registrations as JSON.
    ``mapping`` is the mapping file that names the DHIS2 ids of the plan's obligations,
    indicators, breakdowns and organisations (docs/dhis2.md). The imported indicator values
    and report submissions are merged with the directory's ``monitoring.json`` and, unless
    ``write=False``, written there. The GIL is released meanwhile.

    Returns the summary (rows read, indicator values and submissions made per indicator and
    data set, entries replaced, rows skipped): the dict of
    ``planwatch import-dhis2 --format json``. Raises :class:`ValidationError` listing every
    problem (each record names the file, the row or JSON path and the id), or
    :class:`PlanwatchIOError` when a file cannot be read or written::

        summary = planwatch.import_dhis2(
            ["dhis2/values.json", "dhis2/registrations.json"], "dhis2/mapping.json", "nsp")
        summary["submissions"]
    """
    if isinstance(exports, (str, os.PathLike)):
        exports = [exports]
    return _planwatch.import_dhis2(list(exports), mapping, into, write)
