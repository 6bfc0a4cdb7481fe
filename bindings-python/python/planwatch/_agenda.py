"""Who must act next: the agenda of a plan as of a day and the reminders due, as
records and frames."""

from __future__ import annotations

import datetime as _dt
import json
from typing import TYPE_CHECKING, Any, Dict, List

from . import _planwatch

if TYPE_CHECKING:
    import pandas

__all__ = ["Agenda", "Reminders"]

#: The columns of :meth:`Agenda.to_records` and :attr:`Agenda.frame`, in order (those of
#: ``planwatch agenda --format csv``).
AGENDA_COLUMNS = (
    "owner", "owner_name", "section", "id", "kind", "subject", "title", "period", "due",
    "days_left", "days_late", "status", "progress",
)
#: The columns of :meth:`Reminders.to_records` and :attr:`Reminders.frame`, in order.
REMINDER_COLUMNS = (
    "owner", "owner_name", "reminder", "reminder_kind", "days", "id", "kind", "subject",
    "title", "period", "due", "days_left", "days_late", "status", "progress",
)
_ITEM_COLUMNS = AGENDA_COLUMNS[3:]


def _item_record(item: Dict[str, Any]) -> Dict[str, Any]:
    record = {c: item.get(c) for c in _ITEM_COLUMNS}
    record["due"] = _dt.date.fromisoformat(item["due"])
    return record


class Agenda:
    """Who must act next as of a day: made by :meth:`Plan.agenda`.

    Per owner (organisations in natural id order, activities without a lead last), what
    falls due from the as-of day to ``days`` days after it (``upcoming``: activities to
    start or finish, reports to submit, meetings to hold, with ``days_left``) and what is
    already overdue (``overdue``, with ``days_late``). :meth:`to_records` gives one dict
    per item (no pandas needed), :attr:`frame` the same as a DataFrame (``pip install
    planwatch[pandas]``); ``to_json`` is the engine's JSON, byte for byte what
    ``planwatch agenda --format json`` prints.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _planwatch.RawAgenda) -> None:
        self._native = native

    @property
    def as_of(self) -> _dt.date:
        """The day it is drawn up as of."""
        return self._native.as_of

    @property
    def days(self) -> int:
        """The window, in days after the as-of day."""
        return self._native.days

    @property
    def until(self) -> _dt.date:
        """The window's last day (``as_of`` + ``days``)."""
        return self._native.until

    @property
    def summary(self) -> Dict[str, int]:
        """``owners`` with something to do, ``upcoming`` and ``overdue`` items."""
        owners, upcoming, overdue = self._native.counts()
        return {"owners": owners, "upcoming": upcoming, "overdue": overdue}

    @property
    def owners(self) -> List[Dict[str, Any]]:
        """Per owner: ``owner``, ``owner_name``, ``upcoming`` and ``overdue`` lists of
        items, as in the JSON."""
        result: List[Dict[str, Any]] = json.loads(self._native.to_json())["owners"]
        return result

    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per item with the columns of :data:`AGENDA_COLUMNS` (``due`` as a
        ``datetime.date``, absent values ``None``), owner by owner, upcoming then
        overdue, as ``planwatch agenda --format csv`` lists them."""
        out = []
        for o in self.owners:
            for section in ("upcoming", "overdue"):
                for item in o[section]:
                    out.append({"owner": o["owner"], "owner_name": o["owner_name"],
                                "section": section, **_item_record(item)})
        return out

    @property
    def frame(self) -> "pandas.DataFrame":
        """The items as a DataFrame, one row per item (the columns of
        :meth:`to_records`)."""
        from ._frames import _to_pandas

        return _to_pandas(self._native.table())

    def to_json(self, indent: bool = False) -> str:
        """The agenda as JSON text: ``plan``, ``as_of``, ``days``, ``until``, ``owner``,
        ``summary``, ``owners``."""
        return self._native.to_json(indent)

    def to_csv(self) -> str:
        """The agenda table as CSV text, as ``planwatch agenda --format csv`` prints it."""
        return self._native.csv()

    def to_ics(self) -> str:
        """The agenda as an iCalendar (RFC 5545), one all-day event per item, as
        ``planwatch agenda --format ics`` prints it."""
        return self._native.ics()

    def text(self) -> str:
        """The aligned text ``planwatch agenda`` prints."""
        return self._native.text()

    def __len__(self) -> int:
        _, upcoming, overdue = self._native.counts()
        return upcoming + overdue

    def __repr__(self) -> str:
        return repr(self._native)


class Reminders:
    """The reminders due on a day, per owner: made by :meth:`Plan.reminders`.

    Each reminder has a stable ``reminder`` id (``ITEM#due_soon-7``, ``ITEM#late-37``)
    whose offset fixes the one day it is due on, so a service that runs every day and
    sends what it is given sends each reminder once.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _planwatch.RawReminders) -> None:
        self._native = native

    @property
    def as_of(self) -> _dt.date:
        """The day they are due on."""
        return self._native.as_of

    @property
    def total(self) -> int:
        """How many reminders there are."""
        return self._native.total

    @property
    def cadence(self) -> Dict[str, Any]:
        """The cadence they follow: ``before``, ``after`` and ``repeat_after``."""
        result: Dict[str, Any] = json.loads(self._native.to_json())["cadence"]
        return result

    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per reminder with the columns of :data:`REMINDER_COLUMNS`, owner by
        owner, as ``planwatch agenda --reminders --format csv`` lists them."""
        out = []
        for o in json.loads(self._native.to_json())["owners"]:
            for r in o["reminders"]:
                out.append({"owner": o["owner"], "owner_name": o["owner_name"],
                            "reminder": r["id"], "reminder_kind": r["kind"],
                            "days": r["days"], **_item_record(r["item"])})
        return out

    @property
    def frame(self) -> "pandas.DataFrame":
        """The reminders as a DataFrame (the columns of :meth:`to_records`)."""
        from ._frames import _to_pandas

        return _to_pandas(self._native.table())

    def to_json(self, indent: bool = False) -> str:
        """The reminders as JSON text: ``plan``, ``as_of``, ``cadence``, ``owner``,
        ``total``, ``owners``."""
        return self._native.to_json(indent)

    def to_csv(self) -> str:
        """The reminders table as CSV text."""
        return self._native.csv()

    def text(self) -> str:
        """The aligned text ``planwatch agenda --reminders`` prints."""
        return self._native.text()

    def __len__(self) -> int:
        return self._native.total

    def __repr__(self) -> str:
        return repr(self._native)
