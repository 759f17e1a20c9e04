"""The schedule: MILP equals brute force on small random instances, constraints hold on the
returned plan, infeasible mandatory work is explained with the shortfall, the greedy is bounded."""

import itertools

import numpy as np
import pytest

from equipinv.planning.optimiser import InfeasiblePlanError, PolicyTarget, plan_schedule

YEARS = [2026, 2027, 2028]


def _instance(seed, n=5):
    rng = np.random.default_rng(seed)
    cost = np.c_[np.zeros(n), rng.uniform(1, 10, (n, 2))]
    value = np.c_[np.zeros(n), rng.uniform(-3, 12, (n, 2))]
    budget = rng.uniform(6, 16, 3)
    mandatory = rng.random(n) < 0.3
    deadline = np.where(mandatory, rng.choice(YEARS, n), np.nan)
    key = rng.random(n) < 0.6
    return value, cost, budget, mandatory, deadline, key


def _brute(value, cost, budget, mandatory, deadline, rate, target=None):
    """Best total over every assignment of (keep | action k in year j) per unit."""
    n = value.shape[0]
    options = [(0, -1)] + [(k, j) for k in (1, 2) for j in range(len(YEARS))]
    factor = (1 + rate) ** -np.arange(len(YEARS))
    best = None
    for combo in itertools.product(options, repeat=n):
        spend, total, ok, hits = np.zeros(len(YEARS)), 0.0, True, 0
        for u, (k, j) in enumerate(combo):
            if k == 0:
                ok = ok and not mandatory[u]
                continue
            if mandatory[u] and YEARS[j] > deadline[u]:
                ok = False
            spend[j] += cost[u, k]
            total += value[u, k] * factor[j]
            if target is not None and target.units[u] and YEARS[j] <= target.year:
                hits += 1
        if target is not None:
            need = np.ceil(target.share * target.units.sum()) - (target.already_met & target.units).sum()
            ok = ok and hits >= need
        if ok and (spend <= budget + 1e-9).all() and (best is None or total > best):
            best = total
    return best


def _check_plan(s, cost, budget, mandatory, deadline):
    spend = np.zeros(len(YEARS))
    for u in np.flatnonzero(s.action):
        spend[YEARS.index(s.year[u])] += cost[u, s.action[u]]
    assert (spend <= np.asarray(budget) + 1e-6).all(), "budget exceeded"
    for u in np.flatnonzero(mandatory):
        assert s.action[u] > 0, f"mandatory unit {u} not scheduled"
        if deadline[u] <= YEARS[-1]:
            assert s.year[u] <= max(deadline[u], YEARS[0]), f"unit {u} after its deadline"
    assert spend.tolist() == pytest.approx(s.spend_yuan)


@pytest.mark.parametrize("seed", range(24))
def test_milp_equals_brute_force(seed):
    value, cost, budget, mandatory, deadline, _ = _instance(seed)
    best = _brute(value, cost, budget, mandatory, deadline, 0.05)
    kwargs = dict(current_year=2026, mandatory=mandatory, deadline_year=deadline, discount_rate=0.05,
                  mip_rel_gap=1e-9)
    if best is None:
        with pytest.raises(InfeasiblePlanError):
            plan_schedule(value, cost, YEARS, budget, method="milp", **kwargs)
        return
    s = plan_schedule(value, cost, YEARS, budget, method="milp", **kwargs)
    assert s.objective == pytest.approx(best, abs=1e-6)
    assert s.gap <= 1e-3 and s.bound >= s.objective - 1e-6
    _check_plan(s, cost, budget, mandatory, deadline)
    g = plan_schedule(value, cost, YEARS, budget, method="greedy", **kwargs)
    _check_plan(g, cost, budget, mandatory, deadline)
    assert g.objective <= best + 1e-6 <= g.bound + 2e-6
    assert s.gap <= 1e-9 or s.bound - s.objective <= 1e-9 * abs(s.objective)


@pytest.mark.parametrize("seed", range(6))
def test_policy_target_against_brute_force(seed):
    value, cost, budget, _, _, key = _instance(100 + seed)
    no = np.zeros(5, dtype=bool)
    target = PolicyTarget(year=2027, share=0.5, units=key, already_met=no & key)
    best = _brute(value, cost, budget * 1.5, no, np.full(5, np.nan), 0.0, target)
    if best is None:
        with pytest.raises(InfeasiblePlanError):
            plan_schedule(value, cost, YEARS, budget * 1.5, current_year=2026, targets=[target])
        return
    s = plan_schedule(value, cost, YEARS, budget * 1.5, current_year=2026, targets=[target],
                      mip_rel_gap=1e-9)
    assert s.objective == pytest.approx(best, abs=1e-6)
    done = (s.action > 0) & (s.year <= 2027) & key
    assert done.sum() >= np.ceil(0.5 * key.sum())


def test_mandatory_over_budget_reports_shortfall_per_year():
    # three mandatory units costing 100 (cheapest action) due 2026, 2026 and 2027; budgets 150/50/50:
    # by 2026 need 200 of 150 -> 2026 short 50; by 2027 need 300 of 200 + those 50 -> 2027 short 50
    cost = np.array([[0, 100, 120], [0, 100, 130], [0, 100, 110], [0, 10, 20]], dtype=float)
    value = np.array([[0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 5, 6]], dtype=float)
    with pytest.raises(InfeasiblePlanError) as err:
        plan_schedule(value, cost, YEARS, [150, 50, 50], current_year=2026,
                      mandatory=[1, 1, 1, 0], deadline_year=[2026, 2026, 2027, np.nan])
    assert err.value.shortfall_yuan_by_year == {2026: pytest.approx(50), 2027: pytest.approx(50)}
    message = str(err.value)
    assert message.startswith("错误") and "2026" in message and "50" in message


def test_single_mandatory_unit_larger_than_any_year():
    cost = np.array([[0, 500, 600]], dtype=float)
    with pytest.raises(InfeasiblePlanError) as err:
        plan_schedule(np.zeros((1, 3)), cost, YEARS, [300, 300, 300], current_year=2026,
                      mandatory=[1], deadline_year=[2028])
    assert err.value.shortfall_yuan_by_year[2028] == pytest.approx(200)


def test_past_year_and_bad_budget_refused():
    value, cost = np.zeros((1, 3)), np.ones((1, 3))
    with pytest.raises(ValueError, match="2025"):
        plan_schedule(value, cost, [2025, 2026], [1, 1], current_year=2026)
    with pytest.raises(ValueError, match="-5"):
        plan_schedule(value, cost, [2026, 2027], [1, -5], current_year=2026)
    with pytest.raises(ValueError, match="discount_rate"):
        plan_schedule(value, cost, [2026], [1], current_year=2026, discount_rate=3.0)


def test_medium_instance_within_gap_and_greedy_bound():
    rng = np.random.default_rng(7)
    n = 3000
    inv = rng.lognormal(10, 1, n)
    cost = np.c_[np.zeros(n), inv, inv * rng.uniform(1.2, 1.5, n)]
    annual = inv * rng.uniform(0.02, 0.3, n)
    value = np.c_[np.zeros(n), annual * 8 - inv, annual * 10 - cost[:, 2]]
    mandatory = rng.random(n) < 0.03
    deadline = np.where(mandatory, rng.choice(YEARS, n), np.nan)
    budget = [inv.sum() * 0.08] * 3
    kwargs = dict(current_year=2026, mandatory=mandatory, deadline_year=deadline, discount_rate=0.08)
    s = plan_schedule(value, cost, YEARS, budget, **kwargs)
    assert s.method == "milp" and s.gap <= 1e-3
    _check_plan(s, cost, budget, mandatory, deadline)
    assert s.binding_budget_years, "a tight budget should bind in some year"
    g = plan_schedule(value, cost, YEARS, budget, method="greedy", **kwargs)
    _check_plan(g, cost, budget, mandatory, deadline)
    assert g.objective <= s.bound + 1e-6 and g.bound >= s.objective * (1 - 1e-3)
    assert g.gap == pytest.approx((g.bound - g.objective) / g.objective)


def test_greedy_with_policy_target_meets_it():
    rng = np.random.default_rng(11)
    n = 400
    cost = np.c_[np.zeros(n), rng.uniform(1, 10, (n, 2))]
    value = np.c_[np.zeros(n), rng.uniform(-3, 12, (n, 2))]
    key = rng.random(n) < 0.5
    met = key & (rng.random(n) < 0.2)
    target = PolicyTarget(year=2027, share=0.6, units=key, already_met=met)
    budget = [cost[:, 1].sum() * 0.3] * 3
    s = plan_schedule(value, cost, YEARS, budget, current_year=2026, targets=[target],
                      method="greedy")
    assert s.status in ("price_directed", "deadline_first")
    done = key & (met | ((s.action > 0) & (s.year <= 2027)))
    assert done.sum() >= np.ceil(0.6 * key.sum())
    _check_plan(s, cost, budget, np.zeros(n, bool), np.full(n, np.nan))
    exact = plan_schedule(value, cost, YEARS, budget, current_year=2026, targets=[target])
    assert s.objective <= exact.bound + 1e-6


def test_tce_objective_counts_years_to_horizon():
    from equipinv.planning.optimiser import tce_objective

    values = tce_objective(np.array([[0.0, 2.0, 3.0]]), YEARS, 2030)
    # done in 2026 it saves 2027..2030 = 4 years, in 2028: 2 years
    assert values[0, 1].tolist() == [8.0, 6.0, 4.0]
    s = plan_schedule(values, np.array([[0.0, 5.0, 9.0]]), YEARS, [10, 10, 10], current_year=2026)
    assert (s.action[0], s.year[0]) == (2, 2026) and s.objective == pytest.approx(12.0)


def test_mandatory_without_deadline_done_within_plan_and_late_deadline_free():
    value = np.array([[0, -5, -6], [0, -5, -6]], dtype=float)  # replacing only costs money
    cost = np.array([[0, 5, 6], [0, 5, 6]], dtype=float)
    s = plan_schedule(value, cost, YEARS, [10, 10, 10], current_year=2026, mandatory=[1, 1],
                      deadline_year=[np.nan, 2035])
    assert s.action[0] == 1 and s.year[0] in YEARS  # no deadline: still inside the plan
    assert s.action[1] == 0  # deadline after the plan: not forced now
    assert s.objective == pytest.approx(-5.0)


def test_already_met_target_does_not_shift_the_others():
    rng = np.random.default_rng(5)
    n = 60
    cost = np.c_[np.zeros(n), rng.uniform(1, 10, (n, 2))]
    value = np.c_[np.zeros(n), rng.uniform(-8, 2, (n, 2))]  # mostly not worth doing
    group_a, group_b = np.arange(n) < 30, np.arange(n) >= 30
    met_a = group_a.copy()  # group A is already at the level
    targets = [PolicyTarget(2027, 0.5, group_a, met_a, label="A"),
               PolicyTarget(2027, 0.5, group_b, np.zeros(n, bool), label="B")]
    for method in ("milp", "greedy"):
        s = plan_schedule(value, cost, YEARS, [200, 200, 200], current_year=2026, targets=targets,
                          method=method)
        done_b = group_b & (s.action > 0) & (s.year <= 2027)
        assert done_b.sum() >= 15, method
        assert not ((s.action > 0) & group_a & (value.max(axis=1) <= 0)).any(), method
        if method == "milp":
            assert s.binding_targets == ["2027 B ≥ 50%"]


@pytest.mark.parametrize("method", ["milp", "greedy"])
def test_empty_and_nothing_worth_doing(method):
    s = plan_schedule(np.zeros((0, 3)), np.zeros((0, 3)), YEARS, [10, 10, 10], current_year=2026,
                      method=method)
    assert s.action.size == 0 and s.objective == 0
    s = plan_schedule(np.array([[0.0, -1, -2]]), np.array([[0.0, 1, 2]]), YEARS, [10, 10, 10],
                      current_year=2026, method=method)
    assert s.action.tolist() == [0] and s.objective == 0 and s.spend_yuan == [0, 0, 0]
    s = plan_schedule(np.array([[0.0, 1, 2]]), np.array([[0.0, 1, 2]]), YEARS, [0, 0, 0],
                      current_year=2026, method=method)
    assert s.action.tolist() == [0] and s.binding_budget_years == YEARS


def test_mandatory_unit_without_price_is_explained():
    value = np.array([[0.0, np.nan, np.nan], [0.0, 1.0, 2.0]])
    cost = np.array([[0.0, np.nan, np.nan], [0.0, 1.0, 2.0]])
    with pytest.raises(InfeasiblePlanError, match="缺少价格") as err:
        plan_schedule(value, cost, YEARS, [10, 10, 10], current_year=2026, mandatory=[1, 0],
                      deadline_year=[2027, np.nan])
    assert "units 0" in str(err.value)


def test_deadline_first_fallback_respects_deadlines_budget_and_target():
    from equipinv.planning.greedy import _deadline_first
    from equipinv.planning.optimiser import prepare, target_rows

    value, cost, budget, mandatory, deadline, key = _instance(3, n=40)
    target = PolicyTarget(2027, 0.4, key, np.zeros(40, bool))
    p = prepare(value, cost, YEARS, budget * 8, 2026, mandatory, deadline, targets=[target])
    act, yr = _deadline_first(p)
    chosen = np.flatnonzero(yr >= 0)
    spend = np.bincount(yr[chosen], weights=cost[chosen, act[chosen]], minlength=3)
    assert (spend <= budget * 8 + 1e-6).all()
    assert (yr[mandatory] >= 0).all()
    assert all(YEARS[yr[u]] <= deadline[u] for u in np.flatnonzero(mandatory))
    (mask,), (need,) = target_rows(p, chosen, act[chosen], yr[chosen])
    assert mask.sum() >= need
