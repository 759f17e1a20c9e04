"""Ranking of units for renewal: mandatory first (by deadline), then safety, then an economic score.

Tiers, in order: 0 mandatory eliminations (catalogue findings, below access level, past mandatory
age) by deadline; 1 safety (special equipment past design life); 2 graded units with a complete
economic score, best first; 3 graded units whose economics are incomplete.  Ungraded units outside
tiers 0–1 are excluded from the economic ranking and say so ("未分级，未参与经济排序").  Every unit
gets a reason in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from equipinv import labels
from equipinv.errors import BadInput

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]

SCORES = labels.SCORES
SCORE_LABELS = {
    "npv_per_yuan": "每万元投资净现值",
    "tce_per_yuan": "每万元投资年节能量",
    "payback": "投资回收期",
}
TIER_MANDATORY, TIER_SAFETY, TIER_ECONOMIC, TIER_INCOMPLETE, TIER_EXCLUDED = 0, 1, 2, 3, 4
EXCLUDED_REASON = "未分级，未参与经济排序"


@dataclass
class Ranking:
    """``order``: ranked unit indices (excluded units left out); per unit tier, rank and reason."""

    order: Ints
    tier: NDArray[np.int8]
    rank: Ints
    score: Floats
    reasons: list[str]

    @property
    def excluded(self) -> Ints:
        return np.flatnonzero(self.tier == TIER_EXCLUDED)


def economic_score(kind: str, npv_yuan: ArrayLike, investment_yuan: ArrayLike,
                   tce_saved: ArrayLike, payback_years: ArrayLike) -> Floats:
    """The chosen score: NPV or tce per 10,000 yuan invested (higher first), or payback years."""
    if kind not in SCORES:
        raise BadInput(f"错误：排序指标 {kind!r} 未知，可选 {', '.join(SCORES)} "
                         f"(error: unknown score {kind!r}; choose one of {', '.join(SCORES)})")
    inv = np.asarray(investment_yuan, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "npv_per_yuan":
            return np.where(inv > 0, np.asarray(npv_yuan, float) / inv * 1e4, np.nan)
        if kind == "tce_per_yuan":
            return np.where(inv > 0, np.asarray(tce_saved, float) / inv * 1e4, np.nan)
    return np.asarray(payback_years, dtype=float).copy()


def rank_units(*, mandatory: ArrayLike, deadline_year: ArrayLike, safety: ArrayLike,
               graded: ArrayLike, score: ArrayLike, score_kind: str = "npv_per_yuan",
               mandatory_basis: ArrayLike | None = None,
               safety_basis: ArrayLike | None = None) -> Ranking:
    """Rank units; all inputs are per-unit arrays (deadline NaN = none given).

    ``score`` comes from :func:`economic_score` with the same ``score_kind``; payback ranks
    ascending, the others descending.  ``mandatory_basis`` / ``safety_basis`` are short Chinese
    texts (e.g. "列入《高耗能落后机电设备（产品）淘汰目录（第一批）》") shown in the reason.
    """
    must = np.asarray(mandatory, dtype=bool)
    safe = np.asarray(safety, dtype=bool) & ~must
    graded_ = np.asarray(graded, dtype=bool)
    s = np.asarray(score, dtype=float)
    dl = np.asarray(deadline_year, dtype=float)
    n = must.shape[0]
    tier = np.full(n, TIER_EXCLUDED, dtype=np.int8)
    finite = np.isfinite(s)
    tier[graded_ & ~finite] = TIER_INCOMPLETE
    tier[graded_ & finite] = TIER_ECONOMIC
    tier[safe] = TIER_SAFETY
    tier[must] = TIER_MANDATORY
    key = np.where(finite, s if score_kind == "payback" else -s, np.inf)
    deadline_key = np.where(must & np.isfinite(dl), dl, np.inf)
    order = np.lexsort((np.arange(n), key, deadline_key, tier))
    order = order[tier[order] != TIER_EXCLUDED]
    rank = np.full(n, -1, dtype=np.int64)
    rank[order] = np.arange(1, order.size + 1)
    reasons = _reasons(tier, rank, s, dl, score_kind, mandatory_basis, safety_basis)
    return Ranking(order, tier, rank, s, reasons)


def _reasons(tier: NDArray[np.int8], rank: Ints, score: Floats, deadline: Floats, kind: str,
             mandatory_basis: ArrayLike | None, safety_basis: ArrayLike | None) -> list[str]:
    """One Chinese reason per unit, built tier by tier (the economic tier is the bulk)."""
    n = tier.shape[0]
    out = [EXCLUDED_REASON] * n

    def texts(basis: ArrayLike | None, rows: Ints) -> list[str]:
        if basis is None:
            return [""] * rows.size
        # object, not fixed-width text: one reference per unit, not the longest citation's width (1 M units: 0.4 GB)
        return [f"：{b}" if b else "" for b in np.broadcast_to(np.asarray(basis, dtype=object), (n,))[rows].tolist()]

    rows = np.flatnonzero(tier == TIER_MANDATORY)
    for i, r, d, b in zip(rows.tolist(), rank[rows].tolist(), deadline[rows].tolist(),
                          texts(mandatory_basis, rows), strict=True):
        when = f"，须于 {int(d)} 年底前完成" if np.isfinite(d) else "（未给出期限）"
        out[i] = f"第 {r} 位：强制淘汰{b}{when}"
    rows = np.flatnonzero(tier == TIER_SAFETY)
    for i, r, b in zip(rows.tolist(), rank[rows].tolist(), texts(safety_basis, rows), strict=True):
        out[i] = f"第 {r} 位：安全优先{b or '：特种设备超过设计使用年限'}"
    label = SCORE_LABELS[kind]
    unit = "年" if kind == "payback" else ("元" if kind == "npv_per_yuan" else " tce/年")
    rows = np.flatnonzero(tier == TIER_ECONOMIC)
    for i, r, v in zip(rows.tolist(), rank[rows].tolist(), score[rows].tolist(), strict=True):
        out[i] = f"第 {r} 位：按经济性排序，{label} {v:,.2f} {unit}"
    rows = np.flatnonzero(tier == TIER_INCOMPLETE)
    for i, r in zip(rows.tolist(), rank[rows].tolist(), strict=True):
        out[i] = f"第 {r} 位：经济数据不全，排在数据完整的设备之后"
    return out
