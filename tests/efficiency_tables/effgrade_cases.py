"""Test helpers: build units that land on a given data-file row, and the grade the row says they get.

Reads the data files with the csv module (not through the package's loader) so a loader bug shows.
"""

from __future__ import annotations

import csv
import math
from importlib.resources import files

from efficiency_tables.registry import Edition

VOLTAGE_FOR_GROUP = {"le1140v": 0.38, "3/3.3/6": 3.0, "10": 10.0, "35": 35.0}
PUMP_INPUTS = {"head_m": 30.0, "speed_rpm": 2900.0, "stages": 2.0}
SUBMERSIBLE_INPUTS = {"specified_efficiency_pct": 70.0, "efficiency_tolerance_pct": 3.0}


def records(edition: Edition) -> list[dict[str, str]]:
    text = files("efficiency_tables").joinpath("data").joinpath(edition.file).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _inside(rec: dict[str, str], d: str) -> float | None:
    """A value inside the row's band for dimension d (the inclusive end where there is one)."""
    if rec.get(d, "").strip():
        return float(rec[d])
    if rec.get(f"{d}_band_min", "").strip():
        return float(rec[f"{d}_band_min"])
    lo, hi = rec.get(f"{d}_min", "").strip(), rec.get(f"{d}_max", "").strip()
    lo_incl, hi_incl = rec.get(f"{d}_min_incl") == "1", rec.get(f"{d}_max_incl") == "1"
    if lo and lo_incl:
        return float(lo)
    if hi and hi_incl:
        return float(hi)
    if lo and hi:
        return (float(lo) + float(hi)) / 2
    if lo:
        return float(lo) * 1.5 + 1
    if hi:
        return float(hi) / 2
    return None


def unit_for_row(edition: Edition, rec: dict[str, str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for k in edition.keys:
        cell = rec[k]
        if cell == "*":
            continue
        value = cell.split("/")[0]
        if k == "voltage_group" or k == "voltage_class":
            params["voltage_kv"] = VOLTAGE_FOR_GROUP[cell]
        else:
            params[k] = value
    for d in edition.dims:
        v = _inside(rec, d)
        if v is not None:
            params["capacity_mw" if d == "capacity_mw_equiv" else d] = v
    if edition.category == "pump":
        params.update(PUMP_INPUTS)
    if edition.category == "submersible_pump":
        params.update(SUBMERSIBLE_INPUTS)
    return params


def row_thresholds(edition: Edition, rec: dict[str, str], params: dict[str, object]) -> dict[str, list[float]]:
    """Thresholds per metric, slots grade 1/2/3 (NaN = none), computed here from the row."""
    def cell(c: str, k: int) -> float:
        text = rec[f"{c}_g{k}"].strip()
        return math.nan if text in ("", "missing") else (math.inf if text == "rule" else float(text))

    if edition.thresholds == "pump_formula":
        q = float(params["flow_m3_h"])
        stages = float(params["stages"]) if params["pump_type"] in (
            "multistage", "light_multistage_vertical", "light_multistage_horizontal") else 1.0
        q_ns = q / 2 if params["pump_type"] == "double_suction" else q
        ns = 3.65 * float(params["speed_rpm"]) * math.sqrt(q_ns / 3600) / (float(params["head_m"]) / stages) ** 0.75
        a, b, c, d, e = (float(rec[f"formula_{x}"]) for x in "abcde")
        eta = a * math.log(ns) ** 2 + b * math.log(q) ** 2 + c * math.log(ns) * math.log(q) + d * math.log(ns) \
            + e * math.log(q)
        return {"efficiency_pct": [eta - cell("ci", k) for k in (1, 2, 3)]}
    if edition.thresholds == "offset_eta_db":
        eta_db = SUBMERSIBLE_INPUTS["specified_efficiency_pct"]
        g3 = eta_db - SUBMERSIBLE_INPUTS["efficiency_tolerance_pct"] if cell("offset_pct_points", 3) == math.inf \
            else math.nan
        return {"efficiency_pct": [eta_db + cell("offset_pct_points", 1), eta_db + cell("offset_pct_points", 2), g3]}
    if edition.thresholds == "row_metric":  # the row's own metric, and gates that hold for every grade
        out = {rec["metric"]: [cell("value", k) for k in (1, 2, 3)]}
        for gate in ("gate1", "gate2"):
            if rec[f"{gate}_metric"]:
                out[rec[f"{gate}_metric"]] = [float(rec[f"{gate}_min"])] * 3
        return out
    return {m.name: [cell(m.name, k) for k in (1, 2, 3)] for m in edition.metrics}


def expected(directions: dict[str, str], thr: dict[str, list[float]], values: dict[str, float]
             ) -> tuple[str | None, str]:
    """(grade, level) the row's thresholds give for these metric values."""
    def meets(m: str, k: int) -> bool:
        t = thr[m][k]
        return not math.isnan(t) and (values[m] >= t if directions[m] == "higher" else values[m] <= t)

    slots = [all(meets(m, k) for m in thr) for k in range(3)]
    first = next((k for k in range(3) if slots[k]), None)
    level = ("advanced", "energy_saving", "access")[first] if first is not None else "below_access"
    full = all(not math.isnan(thr[m][k]) for m in thr for k in range(3))
    grade = (str(first + 1) if first is not None else "below_3") if full else None
    return grade, level


def best_value(direction: str) -> float:
    return 100.0 if direction == "higher" else 0.0
