"""Grade units against the edition in force: per unit (`grade_unit`) and over arrays (`grade_arrays`).

Both paths share input preparation (`derive.prepare`), the input checks and the threshold rules; they
differ in how the table row is found (a row-by-row scan per unit, a dense cell grid for arrays) and in
the comparison (plain Python per unit, numpy for arrays), so the property test comparing them checks
the fast lookup against the obvious one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np

from .derive import ASSUMPTIONS, Prepared, prepare
from .parameters import METRICS, PARAMETERS, Parameter
from .registry import CATEGORY_LABELS, Edition, edition_on
from .results import SLOT_LEVELS, GradeArrays, GradeResult, Threshold, reason_code, reason_text
from .strings import factorize
from .tables import Band, Table


def _today(on: date | None) -> date:
    return on if on is not None else date.today()


# table keys derived from parameters (derive.py) and how users know them
_DERIVED_LABELS = {"voltage_group": "额定电压", "voltage_class": "电压等级", "capacity_mw_equiv": "额定容量"}


def _param_label(category: str, name: str) -> str:
    for prm in PARAMETERS.get(category, ()):
        if prm.name == name:
            return prm.short_label
    return _DERIVED_LABELS.get(name, name)


def category_reason(category: str, on: date) -> tuple[str | None, Edition | None]:
    """Why a whole category cannot be graded on `on`, or the edition to use."""
    if not category:
        return "缺少设备类别 (missing category)", None
    if category not in CATEGORY_LABELS:
        return f"未知设备类别 \"{category}\" (unknown category)", None
    if category not in PARAMETERS:
        return f"{CATEGORY_LABELS[category]}在2024年版能效水平中无已编码的标准 (no encoded standard for {category})", None
    edition = edition_on(category, on)
    if edition is None:
        return f"{on.isoformat()} 无已知现行的{CATEGORY_LABELS[category]}能效标准版本 (no edition known in force)", None
    if edition.status != "encoded":
        return edition.missing_reason, edition
    return None, edition


def input_reasons(category: str, p: Prepared, with_metrics: bool = True) -> np.ndarray:
    """First failing input check per unit (reason code, 0 = fine): missing, then out of physical bounds."""
    reason = np.zeros(p.n, dtype=np.int16)
    metrics = METRICS[category]
    for prm in PARAMETERS[category]:
        if prm.name in metrics and not with_metrics:
            continue
        if prm.name in p.invalid:
            _set(reason, p.invalid[prm.name], f"{prm.short_label}的值不是数值 ({prm.name} is not a number)")
        if prm.required or prm.name in p.conditional:
            _set(reason, p.missing[prm.name], f"缺少{prm.short_label} (missing {prm.name})")
    if with_metrics:
        for m, values in p.metrics.items():
            label = _param_label(category, m)
            _set(reason, values < 0, f"{label}为负值，超出物理范围 ({m} negative)")
            _set(reason, values > p.upper[m], f"{label}超出物理上限 ({m} above its physical bound)")
    for name, values in p.dims.items():
        _set(reason, values < 0, f"{_param_label(category, name)}为负值 ({name} negative)")
    return reason


def _set(reason: np.ndarray, mask: np.ndarray, text: str) -> None:
    mask = mask & (reason == 0)
    if mask.any():
        reason[mask] = reason_code(text)


def no_row_reasons(category: str, edition: Edition, p: Prepared, found: np.ndarray) -> np.ndarray:
    """Why no row of the table holds a unit: a code of a part not encoded, an unknown code, a missing
    optional input, else a rating outside the table."""
    reason = np.zeros(p.n, dtype=np.int16)
    lost = found < 0
    if not lost.any():
        return reason
    table = edition.table
    lost_idx = np.nonzero(lost)[0]
    for k, values in edition.unencoded.items():
        _set(reason, lost & np.isin(p.keys[k], values), edition.unencoded_reason)
    for k in table.keys:
        if k in p.keys:
            sub = p.keys[k][lost_idx]
            unknown = np.zeros(p.n, dtype=bool)
            unknown[lost_idx] = ~(np.isin(sub, table.key_values(k)) | (sub == ""))
            _set(reason, unknown, f"{_param_label(category, k)}的取值不在{edition.label}的表中 "
                                  f"(value of {k} not in the table)")
    optional = [prm for prm in PARAMETERS[category] if not prm.required and prm.name in p.missing]
    for prm in optional:  # first blame a missing code that would make a row match
        if prm.name in table.keys:
            _set(reason, lost & _would_match(table, p, prm.name, lost & p.missing[prm.name] & (reason == 0)),
                 _missing_text(prm))
    for prm in optional:  # then a missing band value some row would accept, or an input a band is derived from
        missing = lost & p.missing[prm.name]
        if prm.name in table.dims:
            missing &= _would_match_dim(table, p, prm.name, missing & (reason == 0))
        if prm.name not in table.keys:
            _set(reason, missing, _missing_text(prm))
    _set(reason, lost, f"额定参数超出{edition.label}表的范围 (rating outside the table)")
    return reason


def _missing_text(prm: Parameter) -> str:
    return f"缺少{prm.short_label}，无法确定标准表中的行 (missing {prm.name}: no table row can be chosen)"


def _would_match(table: Table, p: Prepared, key: str, mask: np.ndarray) -> np.ndarray:
    """Units in `mask` that some value of the missing code `key` would place in a row."""
    return _would_match_any(table, p, key, list(table.key_values(key)), mask)


def _would_match_dim(table: Table, p: Prepared, dim: str, mask: np.ndarray) -> np.ndarray:
    """Units in `mask` that some value of the missing dimension `dim` would place in a row.

    One value inside each row's band is tried (a missing value must not be blamed for a unit no row
    could hold anyway, e.g. an axial fan's hub ratio on a centrifugal fan outside the table).
    """
    inside = (_inside(row.bands[dim]) for row in table.rows if dim in row.bands)
    values = sorted({v for v in inside if v is not None})
    return _would_match_any(table, p, dim, values, mask)


def _would_match_any(table: Table, p: Prepared, name: str, values: list[Any], mask: np.ndarray) -> np.ndarray:
    """Units in `mask` that one of `values` for the key or dimension `name` would place in a row."""
    out = np.zeros(p.n, dtype=bool)
    idx = np.nonzero(mask)[0]
    if len(idx) == 0:
        return out
    keys = {k: p.keys[k][idx] for k in table.keys}
    dims = {d: p.dims[d][idx] for d in table.dims}
    target = keys if name in table.keys else dims
    for value in values:
        target[name] = np.full(len(idx), value)
        out[idx] |= table.find_rows(keys, dims) >= 0
    return out


def _inside(band: Band) -> float | None:
    """A value the band contains, or None for an open band (which a missing value already satisfies)."""
    if band.is_open:
        return None
    if band.lo == -math.inf:
        return band.hi if band.hi_incl else band.hi - 1e-9
    if band.hi == math.inf:
        return band.lo if band.lo_incl else band.lo + 1e-9
    return (band.lo + band.hi) / 2


def thresholds_for(edition: Edition, p: Prepared, rows: np.ndarray) -> dict[str, np.ndarray]:
    """(n, 3) thresholds per metric for units whose table row is `rows` (>= 0 everywhere)."""
    table = edition.table
    if edition.thresholds == "pump_formula":
        ln_ns, ln_q = p.aux["ln_ns"][:, None], p.aux["ln_q"][:, None]
        a, b, c, d, e = (table.extras_for(rows, f"formula_{x}")[:, None] for x in "abcde")
        eta = a * ln_ns ** 2 + b * ln_q ** 2 + c * ln_ns * ln_q + d * ln_ns + e * ln_q
        return {"efficiency_pct": eta - table.values_for(rows, "ci")}
    if edition.thresholds == "offset_eta_db":
        off = table.values_for(rows, "offset_pct_points")
        eta_db = p.aux["eta_db"][:, None]
        out = eta_db + off
        g3 = np.isinf(off[:, 2])
        out[:, 2] = np.where(g3, p.aux["eta_db"] - p.aux["delta_eta"], np.nan)
        return {"efficiency_pct": out}
    if edition.thresholds == "row_metric":
        return _row_metric_thresholds(edition, rows)
    return {m.name: table.values_for(rows, m.name) for m in edition.metrics}


def _row_metric_thresholds(edition: Edition, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Tables whose rows each judge their own metric, plus gates every grade must also pass (GB 19577).

    A metric a row does not judge gets -inf (always met, never shown)."""
    table = edition.table
    main_metric, values = table.texts_for(rows, "metric"), table.values_for(rows, "value")
    out = {}
    for spec in edition.metrics:
        t = np.where((main_metric == spec.name)[:, None], values, -np.inf)
        for gate in ("gate1", "gate2"):
            hit = table.texts_for(rows, f"{gate}_metric") == spec.name
            t = np.where(hit[:, None], table.extras_for(rows, f"{gate}_min")[:, None], t)
        out[spec.name] = t
    return out


def _row_state_reasons(edition: Edition, rows: np.ndarray, thr: dict[str, np.ndarray],
                       p: Prepared, check_metrics: bool = True) -> np.ndarray:
    """Rows the standard marks "—" (no requirement) or whose thresholds the sources lack; units lacking a
    metric their row judges."""
    reason = np.zeros(len(rows), dtype=np.int16)
    for spec in edition.metrics if check_metrics else ():
        needed = np.isfinite(thr[spec.name]).any(axis=1)
        _set(reason, needed & np.isnan(p.metrics[spec.name]),
             f"缺少{_param_label(edition.category, spec.name)} (missing {spec.name})")
    table = edition.table
    _set(reason, table.missing_for(rows), f"{edition.label}该规格的部分限值未收录 (threshold not available)")
    undefined = np.ones(len(rows), dtype=bool)
    for t in thr.values():
        undefined &= (np.isnan(t) | np.isneginf(t)).all(axis=1)
    _set(reason, undefined, f"{edition.label}表中该规格为“—”，无要求或缺少计算所需参数 "
                            "(no requirement for this rating, or inputs for the threshold missing)")
    return reason


# ------------------------------------------------------------------------------------------- arrays

def _columns_n(columns: Mapping[str, object]) -> int:
    for v in columns.values():
        return len(v)  # type: ignore[arg-type]
    return 0


def grade_arrays(category: str, columns: Mapping[str, object], on: date | None = None) -> GradeArrays:
    """Grade n units of one category: columns of canonical parameters (NaN / "" where missing)."""
    on = _today(on)
    category = category.strip().lower()
    n = _columns_n(columns)
    grade = np.zeros(n, dtype=np.int8)
    level = np.zeros(n, dtype=np.int8)
    rows = np.full(n, -1, dtype=np.int32)
    why, edition = category_reason(category, on)
    ed_index = np.full(n, -1 if edition is None else edition.index, dtype=np.int16)
    if why is not None or edition is None:
        return GradeArrays(grade, level, np.full(n, reason_code(why or ""), dtype=np.int16), ed_index, rows,
                           np.zeros(n, dtype=bool))
    p = prepare(category, columns, n)
    reason = input_reasons(category, p)
    table = edition.table
    found = table.find_rows({k: p.keys[k] for k in table.keys}, {d: p.dims[d] for d in table.dims})
    reason = np.where(reason == 0, no_row_reasons(category, edition, p, found), reason)
    ok_rows = np.where(found >= 0, found, 0)
    thr = thresholds_for(edition, p, ok_rows)
    reason = np.where(reason == 0, _row_state_reasons(edition, ok_rows, thr, p), reason).astype(np.int16)
    met = np.ones((n, 3), dtype=bool)
    defined = np.ones((n, 3), dtype=bool)
    for spec in edition.metrics:
        t = thr[spec.name]
        v = p.metrics[spec.name][:, None]
        met &= ((v >= t) if spec.direction == "higher" else (v <= t)) | np.isneginf(t)
        defined &= ~np.isnan(t)
    best = np.argmax(met, axis=1) + 1
    lv = np.where(met.any(axis=1), best, 4).astype(np.int8)
    good = reason == 0
    level[good] = lv[good]
    graded = good & defined.all(axis=1)
    grade[graded] = lv[graded]
    rows[good] = found[good]
    assumed = good & (p.assumed if p.assumed is not None else False)
    return GradeArrays(grade, level, reason, ed_index, rows, assumed)


def grade_ledger(categories: np.ndarray, columns: Mapping[str, object], on: date | None = None) -> GradeArrays:
    """Grade a mixed ledger: grouped by category, each group vectorised."""
    on = _today(on)
    cats = np.asarray(categories)
    n = len(cats)
    out = GradeArrays(np.zeros(n, np.int8), np.zeros(n, np.int8), np.zeros(n, np.int16),
                      np.full(n, -1, np.int16), np.full(n, -1, np.int32), np.zeros(n, dtype=bool))
    inv, uniq = factorize(cats)
    order = np.argsort(inv, kind="stable")
    bounds = np.searchsorted(inv[order], np.arange(len(uniq) + 1))
    for k, cat in enumerate(uniq.tolist()):
        idx = order[bounds[k]:bounds[k + 1]]
        names = [prm.name for prm in PARAMETERS.get(cat.strip().lower(), ())]
        sub = {name: np.asarray(columns[name])[idx] for name in names if name in columns}
        if not sub:
            sub = {"_n": np.empty(len(idx))}
        res = grade_arrays(cat, sub, on)
        for attr in ("grade", "level", "reason", "edition", "row"):
            getattr(out, attr)[idx] = getattr(res, attr)
        if res.assumed is not None:
            out.assumed[idx] = res.assumed  # type: ignore[index]
    return out


# ------------------------------------------------------------------------------------------- per unit

def _unit_columns(category: str, params: Mapping[str, object]) -> dict[str, object]:
    cols: dict[str, object] = {}
    for prm in PARAMETERS.get(category, ()):
        v = params.get(prm.name)
        if prm.kind == "str":
            cols[prm.name] = np.array(["" if v is None else str(v)])
        else:
            number = _to_float(v)
            cols[prm.name] = np.array([number]) if not math.isnan(number) or v is None or v == "" else \
                np.array([v], dtype=object)
    return cols


def _to_float(v: object) -> float:
    if v is None or v == "":
        return math.nan
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _threshold_list(edition: Edition, thr: dict[str, np.ndarray], slots: range = range(3)) -> list[Threshold]:
    out = []
    for spec in edition.metrics:
        for k in slots:
            value = float(thr[spec.name][0, k])
            if math.isfinite(value):
                out.append(Threshold(spec.name, str(k + 1), SLOT_LEVELS[k], value, spec.unit, spec.direction))
    return out


def _meets(value: float, threshold: float, direction: str) -> bool:
    if threshold == -math.inf:  # a metric this row does not judge
        return True
    if math.isnan(threshold) or math.isnan(value):
        return False
    return value >= threshold if direction == "higher" else value <= threshold


def grade_unit(category: str, params: Mapping[str, object], on: date | None = None) -> GradeResult:
    """Grade one unit; never raises for bad input (the result says why it is ungradable)."""
    on = _today(on)
    category = category.strip().lower()
    metrics = METRICS.get(category, ())
    values = {m: (None if math.isnan(_to_float(params.get(m))) else _to_float(params.get(m))) for m in metrics}
    first = metrics[0] if metrics else None
    result = GradeResult(category=category, grade=None, level=None, metric=first,
                         value=values.get(first) if first else None, metrics=values, assessed_on=on)
    why, edition = category_reason(category, on)
    if edition is not None:
        result.standard, result.edition = edition.standard, edition.edition
    if why is not None or edition is None:
        result.ungradable_reason = why
        return result
    result.between_rule, result.between_rule_sourced = edition.between_rule_text, edition.rule_sourced
    p = prepare(category, _unit_columns(category, params), 1)
    code = int(input_reasons(category, p)[0])
    table = edition.table
    row_index = -1
    if code == 0:
        row_index = table.find_row({k: str(p.keys[k][0]) for k in table.keys},
                                   {d: float(p.dims[d][0]) for d in table.dims})
        code = int(no_row_reasons(category, edition, p, np.array([row_index]))[0])
    if code == 0:
        thr = thresholds_for(edition, p, np.array([row_index]))
        code = int(_row_state_reasons(edition, np.array([row_index]), thr, p)[0])
    if code != 0:
        result.ungradable_reason = reason_text(code)
        return result
    row = table.rows[row_index]
    if p.assumed is not None and p.assumed[0]:
        result.assumptions.append(ASSUMPTIONS[category])
    if edition.thresholds == "row_metric":  # report the metrics this row judges, the main one first
        judged = [row.texts["metric"]] + [row.texts[g] for g in ("gate1_metric", "gate2_metric") if row.texts[g]]
        result.metric, result.value = judged[0], values.get(judged[0])
        result.metrics = {m: values.get(m) for m in judged}
    result.table, result.clause = row.source["table"] or None, row.source["clause"] or None
    result.source_page, result.source_id = row.source["source_page"] or None, row.source["source_id"] or None
    result.confidence = row.source["confidence"] or None
    result.rating = {k: v for k, v in row.listed.items() if v}
    result.thresholds = _threshold_list(edition, thr)
    met = [all(_meets(float(p.metrics[s.name][0]), float(thr[s.name][0, k]), s.direction) for s in edition.metrics)
           for k in range(3)]
    defined = all(not math.isnan(float(thr[s.name][0, k])) for s in edition.metrics for k in range(3))
    slot = next((k for k in range(3) if met[k]), None)
    result.level = SLOT_LEVELS[slot] if slot is not None else "below_access"
    if defined:
        result.grade = str(slot + 1) if slot is not None else "below_3"
    return result


def requirement_thresholds(category: str, params: Mapping[str, object], on: date
                           ) -> tuple[Edition | None, list[Threshold], str | None, str | None]:
    """All thresholds for a described unit (no metric needed): edition, thresholds, table, reason."""
    why, edition = category_reason(category, on)
    if why is not None or edition is None:
        return edition, [], None, why
    p = prepare(category, _unit_columns(category, params), 1)
    code = int(input_reasons(category, p, with_metrics=False)[0])
    table = edition.table
    row_index = -1
    if code == 0:
        row_index = table.find_row({k: str(p.keys[k][0]) for k in table.keys},
                                   {d: float(p.dims[d][0]) for d in table.dims})
        code = int(no_row_reasons(category, edition, p, np.array([row_index]))[0])
    if code != 0:
        return edition, [], None, reason_text(code)
    thr = thresholds_for(edition, p, np.array([row_index]))
    code = int(_row_state_reasons(edition, np.array([row_index]), thr, p, check_metrics=False)[0])
    if code != 0:
        return edition, [], None, reason_text(code)
    return edition, _threshold_list(edition, thr), table.rows[row_index].source["table"] or None, None

