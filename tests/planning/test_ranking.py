"""Ranking tiers: mandatory by deadline, then safety, then the chosen score; ungraded excluded."""

import numpy as np
import pytest

from equipinv.planning.ranking import EXCLUDED_REASON, economic_score, rank_units


def _rank(kind="npv_per_yuan"):
    # unit: 0 econ good, 1 mandatory 2028, 2 ungraded, 3 safety, 4 mandatory 2026, 5 econ best,
    #       6 graded but no score, 7 mandatory and ungraded (still mandatory)
    npv = np.array([5000.0, 0, 9e9, 0, 0, 8000.0, np.nan, 0])
    inv = np.array([10000.0, 1, 1, 1, 1, 10000.0, 10000.0, 1])
    tce = np.array([3.0, 0, 0, 0, 0, 1.0, np.nan, 0])
    payback = np.array([2.0, 9, 9, 9, 9, 4.0, np.nan, 9])
    score = economic_score(kind, npv, inv, tce, payback)
    return rank_units(
        mandatory=[0, 1, 0, 0, 1, 0, 0, 1], deadline_year=[np.nan, 2028, np.nan, np.nan, 2026,
                                                            np.nan, np.nan, np.nan],
        safety=[0, 0, 0, 1, 0, 0, 0, 0], graded=[1, 1, 0, 1, 1, 1, 1, 0], score=score,
        score_kind=kind, mandatory_basis=["", "列入淘汰目录", "", "", "低于准入水平", "", "", ""])


def test_tier_order_and_reasons():
    r = _rank()
    assert r.order.tolist() == [4, 1, 7, 3, 5, 0, 6]
    assert r.reasons[4] == "第 1 位：强制淘汰：低于准入水平，须于 2026 年底前完成"
    assert "2028" in r.reasons[1] and "列入淘汰目录" in r.reasons[1]
    assert "未给出期限" in r.reasons[7]
    assert r.reasons[3].startswith("第 4 位：安全优先")
    assert "每万元投资净现值 8,000.00 元" in r.reasons[5]
    assert "经济数据不全" in r.reasons[6]
    assert r.reasons[2] == EXCLUDED_REASON == "未分级，未参与经济排序"
    assert r.excluded.tolist() == [2] and r.rank[2] == -1


def test_payback_ranks_ascending_and_tce_descending():
    assert _rank("payback").order.tolist()[4:6] == [0, 5]
    assert _rank("tce_per_yuan").order.tolist()[4:6] == [0, 5]


def test_unknown_score_rejected():
    with pytest.raises(ValueError, match="irr"):
        economic_score("irr", [1], [1], [1], [1])
