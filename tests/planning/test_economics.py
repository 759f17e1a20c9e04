"""Economics against known values: textbook NPV/annuity, numpy-financial's IRR example, support."""

import numpy as np
import pytest

from equipinv.planning.coefficients import Economics
from equipinv.planning.economics import (
    annual_saving_yuan,
    annuity_factor,
    appraise,
    equivalent_annual_cost,
    irr,
    irr_cashflows,
    npv,
    npv_cashflows,
    simple_payback_years,
    support_value,
)
from equipinv.planning.savings import boiler_savings, motor_savings


def test_annuity_and_npv_known_values():
    # annuity factor at 10 % over 5 years = 3.790787 (standard tables)
    assert annuity_factor(0.10, 5) == pytest.approx(3.790787, abs=1e-6)
    assert annuity_factor(0.0, 7) == 7
    assert npv(1000, 300, 0.10, 5) == pytest.approx(137.236, abs=1e-3)
    assert npv(1000, 300, 0.10, 5, residual_value_yuan=100) == pytest.approx(237.236, abs=1e-3)


def test_npv_of_cashflows_known_value():
    # -100, 39, 59, 55, 20 at 10 %: 35.4545 + 48.7603 + 41.3223 + 13.6603 - 100 = 39.1974
    assert npv_cashflows([[-100, 39, 59, 55, 20]], 0.10)[0] == pytest.approx(39.1974, abs=1e-4)


def test_irr_known_values():
    # numpy-financial documents irr([-100, 39, 59, 55, 20]) = 0.28095
    assert irr_cashflows([[-100, 39, 59, 55, 20]])[0] == pytest.approx(0.28095, abs=1e-5)
    # an annuity: 1000 now, 300 a year for 5 years -> 15.24 %
    rate = irr(1000, 300, 5)
    assert rate == pytest.approx(0.15238, abs=1e-5)
    assert npv(1000, 300, rate, 5) == pytest.approx(0.0, abs=1e-6)


def test_irr_vectorised_and_undefined():
    rates = irr([1000, 1000, 1000, 0], [300, 0, -10, 100], [5, 5, 5, 5])
    assert rates[0] == pytest.approx(0.15238, abs=1e-5)
    assert np.isnan(rates[1:]).all()
    rng = np.random.default_rng(3)
    inv, ann, n = rng.uniform(1e3, 1e5, 200), rng.uniform(1e2, 3e4, 200), rng.integers(3, 20, 200)
    r = irr(inv, ann, n)
    ok = ~np.isnan(r)
    assert ok.sum() > 150
    assert np.abs(npv(inv[ok], ann[ok], r[ok], n[ok])).max() < 1e-4 * inv.max()


def test_payback_and_eac():
    assert simple_payback_years(1000, 300) == pytest.approx(3.3333, abs=1e-4)
    assert np.isinf(simple_payback_years(1000, 0))
    assert np.isnan(simple_payback_years(1000, np.nan))
    # 10,000 yuan over 5 years at 10 %: 10000 / 3.790787 = 2637.97 a year
    assert equivalent_annual_cost(10000, 0.10, 5) == pytest.approx(2637.97, abs=0.01)


def test_support_measures_hand_example():
    # 100,000 yuan; 20 % subsidy = 20,000; tax credit 10 % of the remaining 80,000 at the end of
    # year 1 = 8000 / 1.08 = 7407.41; loan of 50 % (40,000) over 5 years, 2 points subsidised on the
    # outstanding balance 40k, 32k, 24k, 16k, 8k -> 800, 640, 480, 320, 160 discounted at 8 %
    # = 740.74 + 548.70 + 381.04 + 235.21 + 108.89 = 2014.58
    e = Economics().with_overrides({"investment_subsidy_share": 0.2, "tax_credit_share": 0.1,
                                    "loan_share": 0.5, "interest_subsidy_rate": 0.02})
    s = support_value(np.array([100000.0]), e)
    assert s.subsidy_yuan[0] == pytest.approx(20000)
    assert s.tax_credit_yuan[0] == pytest.approx(7407.41, abs=0.01)
    assert s.interest_subsidy_yuan[0] == pytest.approx(2014.58, abs=0.01)
    a = appraise([100000.0], [20000.0], e, years=[10])
    net = 100000 - 20000 - 7407.41 - 2014.58
    assert a.net_investment_yuan[0] == pytest.approx(net, abs=0.02)
    assert a.npv_yuan[0] == pytest.approx(-net + 20000 * annuity_factor(0.08, 10), abs=0.05)
    plain = appraise([100000.0], [20000.0], Economics(), years=[10])
    assert plain.npv_yuan[0] < a.npv_yuan[0] and plain.payback_years[0] == pytest.approx(5.0)


def test_residual_value_reduces_investment():
    a = appraise([10000.0], [2000.0], Economics(), residual_value_yuan=[1000.0])
    assert a.net_investment_yuan[0] == pytest.approx(9000.0)
    assert a.payback_years[0] == pytest.approx(4.5)


def test_energy_prices():
    s = motor_savings([75.0], [6000.0], [0.8], [92.0], [95.0])
    value, no_price = annual_saving_yuan(s, Economics())
    assert value[0] == pytest.approx(s.energy_saved[0] * 0.65) and value[0] > 0 and not no_price[0]
    coal = boiler_savings([7.0], [75.0], [85.0], [4000.0], [0.7], ["coal"])
    value, no_price = annual_saving_yuan(coal, Economics())
    assert np.isnan(value[0]) and no_price[0]
    priced = Economics().with_overrides({"fuel_price_yuan_per_unit": {"coal": 0.9}})
    value, no_price = annual_saving_yuan(coal, priced)
    assert value[0] == pytest.approx(coal.energy_saved[0] * 0.9) and not no_price[0]
