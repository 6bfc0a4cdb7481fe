"""Pictures drawn with matplotlib (imported only here, on first use) from data the engine
computes: the reporting matrix and the schedule forecast."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Iterable, List, Optional

from . import _planwatch

_HINT = "install it with: pip install planwatch[plot]"

#: Colours of the report states, in the engine's order of ``REPORT_STATES``.
_STATE_COLOURS = {
    "on_time": "#2e7d32",
    "late": "#f9a825",
    "missing": "#c62828",
    "pending": "#90caf9",
    "not_expected": "#eeeeee",
}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(f"planwatch pictures need matplotlib; {_HINT}") from None
    return plt


def _axes(ax: Optional[Any], width: float, height: float) -> Any:
    if ax is not None:
        return ax.figure, ax
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def plot_completeness(matrix: Dict[str, Any], ax: Optional[Any] = None) -> Any:
    """The heat map of a reporting matrix (see ``Evaluation.plot_completeness``)."""
    plt = _pyplot()
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    states: List[str] = list(_planwatch.REPORT_STATES)
    reporters: List[str] = matrix["reporters"]
    periods: List[str] = matrix["periods"]
    fig, ax = _axes(
        ax, max(6.0, 0.14 * len(periods) + 3.0), max(3.0, 0.2 * len(reporters) + 1.8)
    )
    title = f"{matrix['report_type']} reports as of {matrix['as_of']}"
    if not reporters or not periods:
        ax.text(0.5, 0.5, "no reports of this type are expected", ha="center", va="center")
        ax.set_axis_off()
        ax.set_title(title)
        return fig
    grid = [[states.index(c) for c in row] for row in matrix["cells"]]
    cmap = ListedColormap([_STATE_COLOURS.get(s, "#999999") for s in states])
    ax.imshow(
        grid, aspect="auto", cmap=cmap, vmin=-0.5, vmax=len(states) - 0.5, interpolation="nearest"
    )
    ax.set_yticks(range(len(reporters)))
    ax.set_yticklabels(reporters, fontsize=6)
    step = max(1, len(periods) // 24)
    ax.set_xticks(range(0, len(periods), step))
    ax.set_xticklabels(periods[::step], rotation=90, fontsize=6)
    ax.set_xlabel("period")
    ax.set_ylabel("reporter")
    counts = {s: sum(row.count(s) for row in matrix["cells"]) for s in states}
    ax.legend(
        handles=[
            Patch(color=_STATE_COLOURS.get(s, "#999999"), label=f"{s.replace('_', ' ')} ({counts[s]})")
            for s in states
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=7,
        frameon=False,
    )
    ax.set_title(title)
    del plt
    return fig


def _date(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


def plot_schedule(
    forecast: Dict[str, Any],
    activities: List[Dict[str, Any]],
    as_of: _dt.date,
    only: Optional[Iterable[str]] = None,
    max_rows: int = 40,
    ax: Optional[Any] = None,
) -> Any:
    """The Gantt chart of a forecast (see ``Evaluation.plot_schedule``)."""
    _pyplot()
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    planned = {a["id"]: a for a in activities}
    rows = [r for r in forecast["activities"] if r["activity"] in planned]
    position = {r["activity"]: i for i, r in enumerate(rows)}
    if only is not None:
        wanted = list(only)
        missing = [a for a in wanted if a not in position]
        if missing:
            raise KeyError(f"no activities {missing}")
        rows = [rows[position[a]] for a in wanted]
        note = ""
    elif len(rows) > max_rows:
        # the rows with the least slack (ties: plan order), shown by planned start
        worst = sorted(rows, key=lambda r: (r["slack_days"], position[r["activity"]]))[:max_rows]
        rows = sorted(worst, key=lambda r: (planned[r["activity"]]["planned_start"], position[r["activity"]]))
        note = f" ({len(rows)} of {len(position)} activities, least slack)"
    else:
        note = ""
    fig, ax = _axes(ax, 11.0, max(3.0, 0.28 * len(rows) + 1.6))
    num = mdates.date2num
    for i, r in enumerate(rows):
        a = planned[r["activity"]]
        start, deadline = _date(a["planned_start"]), _date(r["deadline"])
        es, ef = _date(r["early_start"]), _date(r["early_finish"])
        end_day = _dt.timedelta(days=1)  # inclusive days: a bar ends at the end of its last day
        ax.barh(i, num(deadline + end_day) - num(start), left=num(start), height=0.7,
                color="#dddddd", edgecolor="#999999", linewidth=0.5)
        late = r["slack_days"] < 0
        ax.barh(i, num(ef + end_day) - num(es), left=num(es), height=0.3,
                color="#c62828" if late else "#1565c0")
        if ef > deadline:
            ax.barh(i, num(ef + end_day) - num(deadline + end_day), left=num(deadline + end_day),
                    height=0.7, color="#c62828", alpha=0.25, hatch="//", edgecolor="#c62828",
                    linewidth=0)
        ax.plot(num(ef + end_day), i, marker="D", markersize=3.5, color="black")
    ax.axvline(num(as_of), color="#555555", linestyle="--", linewidth=1)
    labels = []
    for r in rows:
        a = planned[r["activity"]]
        title = "" if a.get("title_status") == "placeholder" else str(a.get("title", ""))
        short = title if len(title) <= 38 else title[:37] + "…"
        labels.append(f"{r['activity']} {short}" + (" *" if r.get("critical") else ""))
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels, fontsize=6)
    ax.invert_yaxis()
    ax.xaxis_date()
    ax.set_title(f"schedule forecast as of {as_of}{note}")
    ax.legend(
        handles=[
            Patch(facecolor="#dddddd", edgecolor="#999999", label="planned (start to deadline)"),
            Patch(color="#1565c0", label="forecast, on time"),
            Patch(color="#c62828", label="forecast, slipping"),
            Patch(facecolor="#c62828", alpha=0.25, hatch="//", label="slip past deadline"),
            Line2D([], [], marker="D", color="black", linestyle="", label="forecast finish"),
            Line2D([], [], color="#555555", linestyle="--", label="as of"),
        ],
        loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False,
    )
    return fig
