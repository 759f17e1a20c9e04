"""Large synthetic ledgers for benchmarks: up to millions of units, deterministic from a seed.

`synthetic_columns(n)` gives numpy columns shaped like a real province survey (category mix, model
series, ratings, ages, performance figures, some gaps); `store_synthetic(engine, n)` writes them as
ledger rows with bulk Core inserts, spread over synthetic enterprises in real Shanxi and Hebei
counties, the empty ratings their models state filled as the validator fills them. Nothing here is used by the program's own results.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import sqlalchemy as sa

from equipinv import codes, designations
from equipinv.codes import make_credit_code
from equipinv.models import Enterprise, Equipment, utcnow

CATEGORY_MIX = {"motor": 0.55, "transformer": 0.08, "pump": 0.12, "fan": 0.08, "air_compressor": 0.05,
                "boiler": 0.02, "truck": 0.06, "pressure_vessel": 0.03, "elevator": 0.01}
_MOTOR_PREFIX = np.array(["Y", "Y2-", "YE2-", "YE3-", "YE4-", "YX3-", "YB2-"])
_MOTOR_FRAMES = np.array(["132S-4", "160M-4", "180L-4", "200L-4", "225M-4", "250M-4", "280S-4", "315M-4"])
_MOTOR_KW = np.array([5.5, 11.0, 22.0, 30.0, 45.0, 55.0, 75.0, 132.0])
_TRANSFORMER_KVA = np.array([200.0, 315.0, 400.0, 500.0, 630.0, 800.0, 1000.0, 1250.0, 1600.0])
_TRANSFORMER_SERIES = np.array(["S7", "S9", "S11", "S13", "SCB10"])
# real designations for the other decodable categories (equipinv.designations reads their ratings)
_OTHER_MODELS = {
    "fan": ["4-72-11No.8C", "4-72No.6C", "Y5-47-12No.10D", "9-19No.5A", "G4-73-11No.14D"],
    "pump": ["IS80-65-160", "IS100-80-160", "D46-30×5", "150S50"],
    "boiler": ["DZL4-1.25-AII", "SZL10-1.25-AII", "WNS4-1.25-Q", "SZS20-1.6-Q"],
    "air_compressor": ["LG-20/8", "W-0.9/7", "V-3/8", "LG-10/0.8"],
}


def synthetic_columns(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    """n units as canonical columns (NaN / "" for missing), vectorised."""
    rng = np.random.default_rng(seed)
    names = list(CATEGORY_MIX)
    category = np.array(names, dtype=object)[rng.choice(len(names), size=n, p=list(CATEGORY_MIX.values()))]
    frame = rng.integers(0, len(_MOTOR_FRAMES), n)
    prefix = _MOTOR_PREFIX[rng.integers(0, len(_MOTOR_PREFIX), n)]
    series = _TRANSFORMER_SERIES[rng.integers(0, len(_TRANSFORMER_SERIES), n)]
    kva = _TRANSFORMER_KVA[rng.integers(0, len(_TRANSFORMER_KVA), n)]
    is_motor, is_tx = category == "motor", category == "transformer"
    model = np.where(is_motor, np.char.add(prefix.astype(str), _MOTOR_FRAMES[frame]),
                     np.where(is_tx, np.char.add(np.char.add(series.astype(str), "-"), kva.astype(int).astype(str)),
                              "M-" + rng.integers(100, 999, n).astype(str))).astype(object)
    pick = rng.integers(0, 4, n)
    for other, models in _OTHER_MODELS.items():
        model = np.where(category == other, np.array(models, dtype=object)[pick % len(models)], model)
    year_made = rng.integers(1985, 2026, n)
    power = np.where(is_motor, _MOTOR_KW[frame], rng.choice([15.0, 30.0, 55.0, 90.0, 160.0], n))
    loss = 5.0 * (power / 75.0) ** -0.283 * rng.uniform(0.7, 1.6, n)
    efficiency = np.where(rng.random(n) < 0.05, np.nan, np.round(100.0 - loss, 1))
    commissioned = (np.datetime64("1970-01-01") + (year_made - 1970) * 365 + rng.integers(0, 365, n)).astype(
        "datetime64[D]")
    return {
        "category": category, "model": model.astype(object), "year_made": year_made.astype(np.float64),
        # like real ledgers, some motor rows leave the pole count to the model
        "rated_power_kw": np.where(is_tx, np.nan, power), "poles": np.where(is_motor & (rng.random(n) >= 0.08), 4.0, np.nan),
        "efficiency_pct": np.where(is_motor | (category == "pump") | (category == "fan"), efficiency, np.nan),
        "capacity_kva": np.where(is_tx, kva, np.nan),
        "transformer_type": np.where(is_tx, np.where(series == "SCB10", "dry", "oil"), "").astype(object),
        "no_load_loss_w": np.where(is_tx, np.round(kva * rng.uniform(0.8, 1.9, n)), np.nan),
        "load_loss_w": np.where(is_tx, np.round(kva * rng.uniform(8.0, 11.5, n)), np.nan),
        "commissioning_date": commissioned, "design_life_years": np.full(n, 20.0),
        "operating_hours_per_year": rng.choice([4000.0, 6000.0, 8000.0], n), "load_factor": rng.uniform(0.3, 0.9, n),
        "emission_standard": np.where(category == "truck", rng.choice(["china_3", "china_4", "china_5", "china_6"], n),
                                      "").astype(object),
    }


def _enterprises(count: int, seed: int) -> list[dict[str, Any]]:
    counties = sorted(r.code for r in codes.regions().values() if r.level == "county" and r.code[:2] in ("13", "14"))
    rng = np.random.default_rng(seed)
    industries = ["2521", "0610", "3011", "3110", "4610", "3431", "2614"]
    now = utcnow()
    return [{"credit_code": make_credit_code(f"91{counties[i % len(counties)]}MA{i:07X}"[:17]),
             "name": f"合成企业{i:05d}", "region_code": counties[i % len(counties)],
             "industry_code": industries[int(rng.integers(0, len(industries)))], "annual_energy_tce": 10000.0,
             "created_at": now, "updated_at": now, "version": 1} for i in range(count)]


def store_synthetic(engine: sa.Engine, n: int, *, enterprises: int = 100, seed: int = 1, batch: int = 20_000) -> None:
    """Write n synthetic units over `enterprises` synthetic enterprises (bulk Core inserts)."""
    columns = synthetic_columns(n, seed)
    with engine.begin() as connection:
        first = int(connection.execute(sa.select(sa.func.max(Enterprise.id))).scalar_one() or 0)
        connection.execute(sa.insert(Enterprise), _enterprises(enterprises, seed))
        ids = np.arange(first + 1, first + enterprises + 1)
        now = utcnow()
        owner = ids[np.arange(n) % enterprises]
        for start in range(0, n, batch):
            rows = []
            for i in range(start, min(n, start + batch)):
                row: dict[str, Any] = {"enterprise_id": int(owner[i]), "asset_no": f"SYN-{i:08d}", "quantity": 1,
                                       "name": f"合成设备{i}", "status": "in_use", "value_sources": {},
                                       "rating_params": {}, "created_at": now, "updated_at": now, "version": 1}
                for key, values in columns.items():
                    value = values[i]
                    if isinstance(value, np.datetime64):
                        row[key] = None if np.isnat(value) else value.astype(dt.date)
                    elif isinstance(value, str):
                        row[key] = value or None
                    elif isinstance(value, (float, np.floating)):
                        row[key] = None if np.isnan(value) else (int(value) if key in ("year_made", "poles") else float(value))
                    else:
                        row[key] = value
                if designations.decodable(row["category"]):  # the validator's rule, on this bulk path
                    designations.fill_record(row)
                rows.append(row)
            keys = set().union(*rows)  # one executemany needs every row to name the same columns
            connection.execute(sa.insert(Equipment), [dict.fromkeys(keys) | row for row in rows])
