"""Part-load efficiency of induction motors, from the US DOE MEASUR motor curves (data file, cited).

A motor's efficiency falls as its load falls; taking the full-load value at every load undervalues
the savings of exactly the lightly loaded motors right-sizing is for.  This module turns a rated
output, a pole count and (when known) the full-load efficiency into the efficiency at any load from
0 to 125 %, vectorised over a ledger.  The coefficients and the way MEASUR combines them are in
``data/motor_part_load_measur.toml`` with repository, file and commit.

Stated assumptions: an unknown pole count is taken as 4 poles (the most common industrial motor);
an unknown full-load efficiency takes the "energy efficient" class curve unscaled (MEASUR's default
class); the 60 Hz NEMA curves stand for 50 Hz motors of the same pole count.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]

KW_PER_HP = 0.746
LOAD_POINTS = np.array([0.25, 0.50, 0.75, 1.00, 1.25])
MAX_LOAD = 1.25
POLE_COUNTS = (2, 4, 6, 8, 10, 12)
DEFAULT_POLES = 4
CLASSES = ("energy_efficient", "standard")
HP_RANGES = ("le125", "gt125")

ASSUMPTIONS = {
    "poles": "极数未知时按 4 极计 (unknown pole count taken as 4 poles)",
    "motor_efficiency_pct": "电机满载效率未知时取 MEASUR「高效」(energy efficient) 类曲线 "
                            "(unknown full-load efficiency: MEASUR energy-efficient class curve)",
}


@lru_cache(maxsize=1)
def _table() -> tuple[Floats, dict[str, Any]]:
    """Coefficients as an array [class, hp range, pole index, coefficient a..e, load point]."""
    text = files("equipinv.planning").joinpath("data/motor_part_load_measur.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    table = np.full((len(CLASSES), len(HP_RANGES), len(POLE_COUNTS), 5, 4), np.nan)
    for curve in data["curve"]:
        k, r, p = CLASSES.index(curve["class"]), HP_RANGES.index(curve["hp_range"]), POLE_COUNTS.index(curve["poles"])
        table[k, r, p] = [curve[name] for name in "abcde"]
    if np.isnan(table).any():
        raise RuntimeError("motor_part_load_measur.toml lacks a curve (class × hp range × poles)")
    return table, data["source"]


def source() -> dict[str, Any]:
    """Publisher, repository, file and commit of the curves (for notes and the calculator)."""
    return dict(_table()[1])


def _pole_index(poles: Floats) -> NDArray[np.intp]:
    p = np.where(np.isin(poles, POLE_COUNTS), poles, DEFAULT_POLES)
    return (p / 2 - 1).astype(np.intp)


def load_points(rated_power_kw: ArrayLike, poles: ArrayLike | None = None,
                full_load_pct: ArrayLike | None = None) -> Floats:
    """Efficiency (fraction) at 25, 50, 75, 100 and 125 % load: shape (n, 5).

    With a full-load efficiency, MEASUR's "specified" rule: the class (energy efficient or standard)
    whose 100 % value is nearer gives the shape, scaled so that the 100 % point is the given value.
    """
    table, meta = _table()
    kw = np.atleast_1d(np.asarray(rated_power_kw, dtype=float))
    n = kw.shape[0]
    hp = kw / KW_PER_HP
    pole = _pole_index(np.broadcast_to(np.asarray(np.nan if poles is None else poles, dtype=float), (n,)))
    spec = np.broadcast_to(np.asarray(np.nan if full_load_pct is None else full_load_pct, dtype=float), (n,)) / 100
    coeffs = table[:, (hp > 125).astype(np.intp), pole]  # (class, n, coefficient, load)
    a, b, c, d, e = (coeffs[:, :, i, :] for i in range(5))
    x = hp[None, :, None]
    four = (a + b * np.exp(-c * x) + d * np.exp(-e * x)) / 100  # (class, n, 4)
    overload = float(meta["overload_factor_125"])
    curves = np.concatenate([four, overload * four[:, :, 3:4]], axis=2)  # (class, n, 5)
    ee, se = curves[0], curves[1]
    use_se = np.abs(ee[:, 3] - spec) > np.abs(se[:, 3] - spec)
    shape = np.where(use_se[:, None], se, ee)
    scale = np.where(np.isnan(spec), 1.0, spec / shape[:, 3])
    return shape * scale[:, None]


def _lagrange(x: Floats) -> Floats:
    """Weights of the 4th-order polynomial through the five load points, evaluated at x: (n, 5)."""
    w = np.ones((x.shape[0], LOAD_POINTS.size))
    for i, xi in enumerate(LOAD_POINTS):
        for j, xj in enumerate(LOAD_POINTS):
            if i != j:
                w[:, i] *= (x - xj) / (xi - xj)
    return w


def input_per_rated(points: Floats, load: ArrayLike) -> Floats:
    """Electrical input as a share of rated output at ``load`` (shaft output / rated output).

    25–125 %: load / η(load) with η the polynomial through the five points; below 25 %: load plus
    losses falling linearly from the 25 % losses to 0.8 of them at no load (MEASUR).  NaN beyond
    125 % or below 0 (outside the curves' range).
    """
    x = np.broadcast_to(np.asarray(load, dtype=float), (points.shape[0],))
    share = float(_table()[1]["no_load_loss_share_of_25pct_loss"])
    loss25 = (1 / points[:, 0] - 1) * 0.25
    light = x + share * loss25 + x / 0.25 * (loss25 - share * loss25)
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.sum(_lagrange(np.clip(x, 0.25, MAX_LOAD)) * points, axis=1)
        full = x / eta
    out = np.where(x < 0.25, light, full)
    return np.where((x < 0) | (x > MAX_LOAD) | np.isnan(x), np.nan, out)


def efficiency_at(points: Floats, load: ArrayLike) -> Floats:
    """Efficiency (fraction) at ``load``; 0 at no load, NaN outside 0–125 %."""
    x = np.broadcast_to(np.asarray(load, dtype=float), (points.shape[0],))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x / input_per_rated(points, x))


def load_from_input(points: Floats, input_kw: ArrayLike, rated_power_kw: ArrayLike,
                    iterations: int = 30) -> Floats:
    """Shaft load (share of rated) that draws ``input_kw``: MEASUR's use of a measured input power.

    Solved by fixed-point iteration L ← P_in · η(L) / P_rated, which converges because η varies
    slowly with load; NaN where the measured input exceeds what 125 % load would draw.
    """
    ratio = np.asarray(input_kw, dtype=float) / np.asarray(rated_power_kw, dtype=float)
    load = np.clip(ratio * 0.9, 0.0, MAX_LOAD)
    for _ in range(iterations):
        load = np.clip(ratio * efficiency_at(points, np.maximum(load, 1e-6)), 0.0, MAX_LOAD)
    return np.where(ratio > input_per_rated(points, np.full(points.shape[0], MAX_LOAD)), np.nan, load)
