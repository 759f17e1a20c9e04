"""Investment appraisal, vectorised: payback, NPV, IRR, equivalent annual cost, support measures.

Conventions (the same in every function): the investment is paid at t = 0, the annual saving arrives
at the end of years 1..n (n may be fractional: the last year counts pro rata through the annuity
factor), the residual value of the old unit is received at t = 0 (sold or scrapped when replaced).
Support measures reduce the net investment by their present value: an investment subsidy share at
t = 0; a tax credit on the investment net of the subsidy (equipment bought with government grants
does not qualify) credited at the end of year 1; an interest subsidy (贴息) of ``interest_subsidy_rate``
per year on a loan of ``loan_share`` of the net investment, repaid in equal principal instalments over
``loan_term_years`` — only the subsidy counts, the loan itself is taken as NPV-neutral.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from equipinv.planning.coefficients import Economics
from equipinv.planning.savings import Savings

Floats = NDArray[np.float64]

IRR_LOW, IRR_HIGH = -0.99, 10.0
IRR_ITERATIONS = 80


def annuity_factor(rate: ArrayLike, years: ArrayLike) -> Floats:
    """Present value of 1 yuan a year for ``years`` years: (1 − (1+r)^−n) / r, n when r = 0."""
    r, n = np.asarray(rate, dtype=float), np.asarray(years, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        af = (1.0 - (1.0 + r) ** (-n)) / r
    return np.where(np.abs(r) < 1e-12, n, af)


def simple_payback_years(investment_yuan: ArrayLike, annual_saving_yuan: ArrayLike) -> Floats:
    """Investment / annual saving; +inf where the saving is not positive."""
    i, a = np.asarray(investment_yuan, dtype=float), np.asarray(annual_saving_yuan, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a > 0, np.maximum(i, 0.0) / a, np.where(np.isnan(a), np.nan, np.inf))


def npv(investment_yuan: ArrayLike, annual_saving_yuan: ArrayLike, rate: ArrayLike,
        years: ArrayLike, residual_value_yuan: ArrayLike = 0.0) -> Floats:
    """NPV = −I + residual + A · annuity_factor(r, n)."""
    i, a = np.asarray(investment_yuan, dtype=float), np.asarray(annual_saving_yuan, dtype=float)
    return -i + np.asarray(residual_value_yuan, dtype=float) + a * annuity_factor(rate, years)


def _annuity_slope(rate: Floats, years: Floats) -> Floats:
    """d annuity_factor / d rate (−n(n+1)/2 at r = 0)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        disc = (1.0 + rate) ** (-years)
        slope = (years * disc / (1.0 + rate) * rate - (1.0 - disc)) / rate**2
    return np.where(np.abs(rate) < 1e-9, -years * (years + 1.0) / 2.0, slope)


def irr(investment_yuan: ArrayLike, annual_saving_yuan: ArrayLike, years: ArrayLike,
        residual_value_yuan: ArrayLike = 0.0) -> Floats:
    """IRR of −(I − residual) at t = 0 then A a year for n years.

    Newton's method on A · annuity_factor(r, n) = I, kept inside a shrinking bisection bracket
    [−99 %, 1000 %] so it always converges.  NaN where no rate in the bracket makes the NPV zero
    (saving not positive, or no investment).
    """
    net = np.asarray(investment_yuan, dtype=float) - np.asarray(residual_value_yuan, dtype=float)
    a = np.asarray(annual_saving_yuan, dtype=float)
    n = np.asarray(years, dtype=float)
    net, a, n = (np.array(x, dtype=float) for x in np.broadcast_arrays(net, a, n))
    lo, hi = np.full(net.shape, IRR_LOW), np.full(net.shape, IRR_HIGH)
    ok = (net > 0) & (a > 0) & (a * annuity_factor(lo, n) >= net) & (a * annuity_factor(hi, n) <= net)
    idx = np.flatnonzero(ok)
    net_k, a_k, n_k = net.ravel()[idx], a.ravel()[idx], n.ravel()[idx]
    lo_k, hi_k = lo.ravel()[idx], hi.ravel()[idx]
    r = np.clip(a_k / net_k - 1.0 / np.maximum(n_k, 1.0), IRR_LOW + 0.01, IRR_HIGH - 0.01)
    act = np.arange(idx.size)  # units still iterating
    for _ in range(IRR_ITERATIONS):
        ra, aa, na = r[act], a_k[act], n_k[act]
        f = aa * annuity_factor(ra, na) - net_k[act]
        lo_a, hi_a = np.where(f > 0, ra, lo_k[act]), np.where(f > 0, hi_k[act], ra)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = ra - f / (aa * _annuity_slope(ra, na))
        inside = np.isfinite(step) & (step > lo_a) & (step < hi_a)
        new = np.where(inside, step, 0.5 * (lo_a + hi_a))
        r[act], lo_k[act], hi_k[act] = new, lo_a, hi_a
        act = act[np.abs(new - ra) >= 1e-11]
        if act.size == 0:
            break
    out = np.full(net.size, np.nan)
    out[idx] = r
    return out.reshape(net.shape) if net.ndim else out.reshape(())[()]


def npv_cashflows(cashflows_yuan: ArrayLike, rate: ArrayLike) -> Floats:
    """NPV of rows of cash flows, column t at the end of year t (column 0 = today)."""
    cf = np.atleast_2d(np.asarray(cashflows_yuan, dtype=float))
    t = np.arange(cf.shape[1])
    r = np.asarray(rate, dtype=float).reshape(-1, 1)
    return (cf * (1.0 + r) ** (-t)).sum(axis=1)


def irr_cashflows(cashflows_yuan: ArrayLike) -> Floats:
    """IRR of each row of cash flows (an outlay first, then returns), vectorised bisection.

    Assumes one sign change, so the NPV falls with the rate; NaN where no root lies in
    [−99 %, 1000 %].
    """
    cf = np.atleast_2d(np.asarray(cashflows_yuan, dtype=float))
    t = np.arange(cf.shape[1])

    def f(r: Floats) -> Floats:
        return (cf * (1.0 + r[:, None]) ** (-t)).sum(axis=1)

    lo, hi = np.full(cf.shape[0], IRR_LOW), np.full(cf.shape[0], IRR_HIGH)
    ok = (f(lo) >= 0) & (f(hi) <= 0)
    for _ in range(IRR_ITERATIONS):
        mid = 0.5 * (lo + hi)
        above = f(mid) > 0
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
    return np.where(ok, 0.5 * (lo + hi), np.nan)


def equivalent_annual_cost(investment_yuan: ArrayLike, rate: ArrayLike, years: ArrayLike,
                           annual_operating_cost_yuan: ArrayLike = 0.0,
                           residual_value_yuan: ArrayLike = 0.0) -> Floats:
    """EAC = (I − residual) / annuity_factor(r, n) + annual operating cost."""
    net = np.asarray(investment_yuan, dtype=float) - np.asarray(residual_value_yuan, dtype=float)
    return net / annuity_factor(rate, years) + np.asarray(annual_operating_cost_yuan, dtype=float)


@dataclass
class Support:
    """Present value (yuan, t = 0) of each support measure per unit."""

    subsidy_yuan: Floats
    tax_credit_yuan: Floats
    interest_subsidy_yuan: Floats

    @property
    def total_yuan(self) -> Floats:
        return self.subsidy_yuan + self.tax_credit_yuan + self.interest_subsidy_yuan


def support_value(investment_yuan: ArrayLike, econ: Economics) -> Support:
    """Present value of the subsidy, the tax credit and the interest subsidy (see module doc)."""
    i = np.asarray(investment_yuan, dtype=float)
    r = econ.discount_rate
    subsidy = i * econ.investment_subsidy_share
    own = i - subsidy
    tax = own * econ.tax_credit_share / (1.0 + r)
    term = econ.loan_term_years
    years = np.arange(1, int(np.ceil(term)) + 1, dtype=float)
    outstanding = np.clip(1.0 - (years - 1.0) / term, 0.0, 1.0)
    pv_per_yuan = float((outstanding * econ.interest_subsidy_rate * (1.0 + r) ** (-years)).sum())
    interest = own * econ.loan_share * pv_per_yuan
    return Support(subsidy, tax, interest)


@dataclass
class Appraisal:
    """Economics of one action per unit (yuan, years, rates as fractions)."""

    investment_yuan: Floats
    net_investment_yuan: Floats
    annual_saving_yuan: Floats
    payback_years: Floats
    npv_yuan: Floats
    irr: Floats
    eac_yuan: Floats
    support: Support


def appraise(investment_yuan: ArrayLike, annual_saving_yuan: ArrayLike, econ: Economics,
             years: ArrayLike | None = None, residual_value_yuan: ArrayLike = 0.0) -> Appraisal:
    """Payback, NPV, IRR and EAC after support measures and the old unit's residual value.

    ``years`` is the evaluation period (the new unit's remaining useful life), by default
    ``econ.horizon_years``.  The net investment is I − residual − PV(support).
    """
    i = np.asarray(investment_yuan, dtype=float)
    a = np.asarray(annual_saving_yuan, dtype=float)
    n = np.asarray(econ.horizon_years if years is None else years, dtype=float)
    sup = support_value(i, econ)
    net = i - np.asarray(residual_value_yuan, dtype=float) - sup.total_yuan
    r = econ.discount_rate
    return Appraisal(
        investment_yuan=i,
        net_investment_yuan=net,
        annual_saving_yuan=a,
        payback_years=simple_payback_years(net, a),
        npv_yuan=npv(net, a, r, n),
        irr=irr(net, a, n),
        eac_yuan=equivalent_annual_cost(net, r, n),
        support=sup,
    )


def annual_saving_yuan(savings: Savings, econ: Economics) -> tuple[Floats, NDArray[np.bool_]]:
    """Yuan per year saved (energy saved × the carrier's price) and the mask of units lacking a price.

    Electricity at ``electricity_price_yuan_per_kwh``; fuels at ``fuel_price_yuan_per_unit`` in their
    own unit; a fuel with no price gives NaN and is flagged.
    """
    n = savings.energy_saved.shape[0]
    price = np.full(n, np.nan)
    for carrier in np.unique(savings.carrier):
        value = econ.price_per_unit(str(carrier))
        if value is not None:
            price[savings.carrier == carrier] = value
    return savings.energy_saved * price, np.isnan(price) & ~np.isnan(savings.energy_saved)
