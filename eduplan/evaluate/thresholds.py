"""Status thresholds: a frozen dataclass whose defaults come from ``thresholds.yaml``.

The file is read once (``default_thresholds`` is cached); nothing else in ``evaluate``
does I/O. Bad values raise ``ValueError`` naming the key: evaluate may import only
``eduplan.domain``, so the services layer wraps it into a ``ConfigError`` if needed.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Thresholds:
    on_track: float  # R ≥ on_track → on_track
    at_risk: float  # at_risk ≤ R < on_track → at_risk
    lagging: float  # lagging ≤ R < at_risk → lagging; below → regressing
    stale_years: int  # latest value older than reference year − stale_years → no_data
    forecast_half_life: float  # years for a forecast weight to halve

    def __post_init__(self) -> None:
        for name in ("on_track", "at_risk", "lagging", "forecast_half_life"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"threshold {name!r} must be a finite number, got {value!r}")
            object.__setattr__(self, name, float(value))
        if isinstance(self.stale_years, bool) or not isinstance(self.stale_years, int) or self.stale_years < 0:
            raise ValueError(f"threshold 'stale_years' must be an integer ≥ 0, got {self.stale_years!r}")
        if not self.on_track >= self.at_risk >= self.lagging:
            raise ValueError(
                f"thresholds must satisfy on_track ≥ at_risk ≥ lagging, got "
                f"{self.on_track}, {self.at_risk}, {self.lagging}"
            )
        if self.forecast_half_life <= 0:
            raise ValueError(f"threshold 'forecast_half_life' must be > 0, got {self.forecast_half_life}")

    def with_overrides(self, **changes: Any) -> Thresholds:
        """A copy with some values replaced (a plan's own thresholds)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown threshold(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)


def _parse(data: Any, source: str) -> Thresholds:
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping of threshold names to values")
    names = {f.name for f in dataclasses.fields(Thresholds)}
    unknown = set(data) - names
    missing = names - set(data)
    if unknown:
        raise ValueError(f"{source}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if missing:
        raise ValueError(f"{source}: missing key(s) {', '.join(sorted(missing))}")
    try:
        return Thresholds(**data)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from exc


@lru_cache(maxsize=1)
def default_thresholds() -> Thresholds:
    """The thresholds shipped in ``eduplan/evaluate/thresholds.yaml`` (read once)."""
    text = resources.files("eduplan.evaluate").joinpath("thresholds.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text), "thresholds.yaml")


def load_thresholds(path: str | Path | None = None, **overrides: Any) -> Thresholds:
    """Thresholds from ``path`` (default: the shipped file), then ``overrides`` applied."""
    if path is None:
        base = default_thresholds()
    else:
        source = Path(path)
        base = _parse(yaml.safe_load(source.read_text(encoding="utf-8")), str(source))
    return base.with_overrides(**overrides) if overrides else base
