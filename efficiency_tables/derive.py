"""Turn a category's input columns into what its table is keyed by, vectorised.

Inputs are the canonical parameter columns (floats with NaN for missing, strings with "" for missing).
Outputs are normalised key strings, float rating dimensions, the metric values, auxiliary arrays some
threshold rules need (pump specific speed, the specified efficiency of submersible pumps), an upper
physical bound per metric, and a mask of units whose table key rests on an assumption.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .parameters import METRICS, PARAMETERS
from .strings import factorize
from .tables import norm_key

# A stated sanity bound, not a standard value: net-calorific-value efficiencies of condensing boilers
# exceed 100 % but not ~111 % (the higher/lower heating value ratio of natural gas).
CONDENSING_MAX_PCT = 111.0

ASSUMPTIONS: dict[str, str] = {
    "transformer": "未给出电压等级，按容量推定（≤2500 kVA 取 10 kV 表，>2500 kVA 取 35 kV 表） "
                   "(voltage not given: 10 kV tables assumed up to 2500 kVA, 35 kV above)",
}

MULTISTAGE_PUMPS = ("multistage", "light_multistage_vertical", "light_multistage_horizontal")


@dataclass
class Prepared:
    n: int
    keys: dict[str, np.ndarray] = field(default_factory=dict)
    dims: dict[str, np.ndarray] = field(default_factory=dict)
    metrics: dict[str, np.ndarray] = field(default_factory=dict)
    aux: dict[str, np.ndarray] = field(default_factory=dict)
    upper: dict[str, np.ndarray | float] = field(default_factory=dict)
    missing: dict[str, np.ndarray] = field(default_factory=dict)  # param -> unit lacks it
    invalid: dict[str, np.ndarray] = field(default_factory=dict)  # param -> given but not a number
    conditional: set[str] = field(default_factory=set)  # optional params whose `missing` mask means "needed"
    assumed: np.ndarray | None = None


def float_column(columns: Mapping[str, object], name: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(floats with NaN where missing, mask of values given but not numbers)."""
    col = columns.get(name)
    if col is None:
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    arr = np.asarray(col)
    if arr.dtype.kind in "fiub":
        return arr.astype(float, copy=False), np.zeros(n, dtype=bool)
    out = np.full(n, np.nan)
    invalid = np.zeros(n, dtype=bool)
    for i, v in enumerate(arr.tolist()):
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        try:
            out[i] = float(v)
        except (TypeError, ValueError):
            invalid[i] = True
    return out, invalid


def str_column(columns: Mapping[str, object], name: str, n: int) -> np.ndarray:
    """Normalised (stripped, lower-case) strings; "" where missing. Normalises each distinct value once."""
    col = columns.get(name)
    if col is None:
        return np.full(n, "", dtype="<U1")
    codes, uniques = factorize(col)
    if len(uniques) == 0:
        return np.full(n, "", dtype="<U1")
    normed = np.array([norm_key(None if u in ("None", "nan") else u) for u in uniques.tolist()])
    return normed[codes]


def _voltage_text(v: np.ndarray, low_voltage_key: str | None = None) -> np.ndarray:
    uniq, inv = np.unique(v, return_inverse=True)
    texts = []
    for u in uniq.tolist():
        if np.isnan(u):
            texts.append("")
        elif low_voltage_key and u <= 1.14:
            texts.append(low_voltage_key)
        else:
            texts.append(f"{u:g}")
    return np.array(texts or [""])[inv.reshape(-1)]


def prepare(category: str, columns: Mapping[str, object], n: int) -> Prepared:
    """Prepared inputs for one category; the table's keys/dims are named as in its data file."""
    p = Prepared(n)
    for prm in PARAMETERS[category]:
        if prm.kind == "str":
            p.keys[prm.name] = str_column(columns, prm.name, n)
            p.missing[prm.name] = p.keys[prm.name] == ""
        else:
            p.dims[prm.name], p.invalid[prm.name] = float_column(columns, prm.name, n)
            p.missing[prm.name] = np.isnan(p.dims[prm.name]) & ~p.invalid[prm.name]
    for m in METRICS[category]:
        p.metrics[m] = p.dims.pop(m)
        p.upper[m] = 100.0 if m.endswith("_pct") else np.inf
    derive = _DERIVE.get(category)
    if derive is not None:
        derive(p)
    return p


def _motor_voltage(p: Prepared, low_voltage_key: str | None) -> None:
    p.keys["voltage_group"] = _voltage_text(p.dims.pop("voltage_kv"), low_voltage_key)


def _pm_motor(p: Prepared) -> None:
    _motor_voltage(p, "le1140v")


def _hv_motor(p: Prepared) -> None:
    _motor_voltage(p, None)


def _transformer(p: Prepared) -> None:
    v = p.dims.pop("voltage_kv")
    cap = p.dims["capacity_kva"]
    assumed = np.isnan(v) & ~np.isnan(cap)
    v = np.where(assumed, np.where(cap <= 2500, 10.0, 35.0), v)
    p.keys["voltage_class"] = _voltage_text(v)
    p.missing["voltage_kv"] = np.isnan(v)
    p.assumed = assumed


def _boiler(p: Prepared) -> None:
    mw = p.dims.pop("capacity_mw")
    tph = p.dims.pop("capacity_t_h")
    p.dims["capacity_mw_equiv"] = np.where(np.isnan(mw), tph * 0.7, mw)
    p.missing["capacity_t_h"] = p.missing["capacity_mw"] = np.isnan(p.dims["capacity_mw_equiv"])
    p.upper["thermal_efficiency_pct"] = np.where(p.keys["condensing"] == "yes", CONDENSING_MAX_PCT, 100.0)


def _pump(p: Prepared) -> None:
    q = p.dims["flow_m3_h"]
    head = p.dims.pop("head_m")
    speed = p.dims.pop("speed_rpm")
    stages = p.dims.pop("stages")
    ptype = p.keys["pump_type"]
    multistage = np.isin(ptype, MULTISTAGE_PUMPS)
    p.missing["stages"] = multistage & np.isnan(stages)
    p.conditional.add("stages")
    stages = np.where(multistage & ~np.isnan(stages), stages, 1.0)  # per-stage head for multistage pumps only
    q_ns = np.where(ptype == "double_suction", q / 2.0, q)
    h_stage = head / stages
    with np.errstate(invalid="ignore", divide="ignore"):
        ns = 3.65 * speed * np.sqrt(q_ns / 3600.0) / h_stage ** 0.75
        p.aux["ln_ns"] = np.log(ns)
        p.aux["ln_q"] = np.log(q)
    bad = ~(ns > 0) | ~(q > 0)
    p.aux["ln_ns"][bad] = np.nan


def _submersible(p: Prepared) -> None:
    p.aux["eta_db"] = p.dims.pop("specified_efficiency_pct")
    p.aux["delta_eta"] = p.dims.pop("efficiency_tolerance_pct")


_DERIVE = {
    "pm_motor": _pm_motor, "hv_motor": _hv_motor, "transformer": _transformer, "boiler": _boiler,
    "pump": _pump, "submersible_pump": _submersible,
}
