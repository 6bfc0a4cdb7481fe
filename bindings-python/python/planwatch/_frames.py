"""pandas tables built from Arrow record batches made by the engine (via the Arrow
PyCapsule interface): pandas and pyarrow are imported only here, on first use."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from . import _planwatch

_HINT = "install them with: pip install planwatch[pandas]"


def _libs() -> Any:
    try:
        import pandas  # noqa: F401
        import pyarrow
    except ImportError as e:
        raise ImportError(
            f"planwatch tables need pandas and pyarrow ({e.name or e} is missing); {_HINT}"
        ) from None
    return pyarrow


def _to_pandas(table: Any) -> Any:
    pa = _libs()
    return pa.table(table).to_pandas()


def severity_categorical(column: Any) -> Any:
    """A column of severity names as an ordered categorical (``info`` < ... < ``critical``)."""
    import pandas as pd

    return column.astype(pd.CategoricalDtype(list(_planwatch.SEVERITIES), ordered=True))


def findings_frame(
    native: _planwatch.RawEvaluation, flt: Dict[str, Any], columns: Optional[List[str]] = None
) -> Any:
    _libs()  # fail before doing any work
    import pandas as pd

    df = _to_pandas(native.findings_table(flt, columns))
    if "severity" in df.columns:
        df["severity"] = df["severity"].astype(
            pd.CategoricalDtype(list(_planwatch.SEVERITIES), ordered=True)
        )
    return df


def forecast_frame(native: _planwatch.RawEvaluation) -> Any:
    return _to_pandas(native.forecast_table())


def table_frame(native: _planwatch.RawEvaluation, path: str, key_column: str) -> Any:
    _libs()
    return _to_pandas(native.table(path, key_column))


def province_rates_frame(native: _planwatch.RawEvaluation, of: str) -> Any:
    _libs()
    return _to_pandas(native.province_rates_table(of))
