"""Named conversion coefficients and economic defaults of the planning core, each with its source.

Two frozen dataclasses: :class:`Coefficients` (energy and emission factors, sourced) and
:class:`Economics` (prices, discount rate, horizon, support measures — assumptions the user should
override). A value nobody could source is ``None`` and listed in :data:`MISSING`: the savings models
then mark the units that need it as incomplete instead of inventing a number. ``with_overrides``
returns a validated copy; bad values raise :class:`ValueError` with a Chinese + English message that
names the key and the value.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from equipinv.planning.fuels import fuel_units, fuels

_MISSING_TEXT = "missing: not sourced; supply the value in [coefficients]"

#: Canonical unit of each fuel's own quantity (fuel saved is reported in it), from the fuel data file.
FUEL_UNITS: Mapping[str, str] = MappingProxyType(fuel_units())

#: Where each default comes from.  "sourced" values are transcribed from public documents;
#: "assumption" values are placeholders the user should replace; "missing" values are None.
SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "kgce_per_kwh": "GB/T 2589-2020 综合能耗计算通则, electricity equivalent (calorific) value "
        "当量值 0.1229 kgce/kWh = 3600 kJ/kWh / 29307.6 kJ/kgce",
        "kgce_per_kwh_equal_value": "electricity equal (substitution) value 等价值 = the national average "
        "supply coal rate of thermal power plants >= 6 MW, 2022: 300.7 gce/kWh (China Electricity Council, "
        "as reported by People's Daily 2023-07-10 / ineng.org; project reference "
        "factors/energy_conversion_factors.csv, marked not verified); local rules may prescribe another year",
        "equal_value_year": "data year of kgce_per_kwh_equal_value",
        "electricity_basis": "choice: 'equivalent' (GB/T 2589-2020 当量值, default) or 'equal' (等价值)",
        "grid_kgco2_per_kwh": "MEE + NBS announcement of the 2023 national average grid CO2 emission "
        "factor 0.5306 kgCO2/kWh (published around 2026-01; 2022: 0.5366, 2021: 0.5568)",
        "grid_factor_year": "data year of grid_kgco2_per_kwh",
        "kj_per_kgce": "GB/T 2589-2020: 1 kgce = 29307.6 kJ (7000 kcal)",
        **{f"fuel_kgce_per_unit.{code}": f.sources.get("kgce", _MISSING_TEXT)
           for code, f in fuels().items()},
        **{f"fuel_kgco2_per_unit.{code}": f.sources.get("kgco2", _MISSING_TEXT)
           for code, f in fuels().items()},
        **{f"fuel_kg_per_litre.{code}": f.sources["density"] for code, f in fuels().items() if "density" in f.sources},
        "mw_per_t_h_steam": "convention 1 t/h steam ≈ 0.7 MW, as in GB 24500-2020's split at "
        "20 t/h ≈ 14 MW",
    }
)

#: Keys whose default is None: a model needing one marks units incomplete until the user supplies it.
MISSING: tuple[str, ...] = (
    *(f"fuel_kgce_per_unit.{code}" for code, f in fuels().items() if f.kgce_per_unit is None),
    *(f"fuel_kgco2_per_unit.{code}" for code, f in fuels().items() if f.kgco2_per_unit is None),
)

#: Statutory share of an energy-saving special-equipment investment credited against income tax
#: (企业所得税法 第三十四条, 实施条例 第一百条: 10 % of the investment in equipment on the
#: 节能节水专用设备企业所得税优惠目录, carried forward up to 5 years).  Cited by article from the
#: statute; not in the project's reference set — verify before relying on it.  Only equipment on the
#: catalogue qualifies, so :class:`Economics` defaults ``tax_credit_share`` to 0.
TAX_CREDIT_SHARE_STATUTE = 0.10


def _frozen(mapping: Mapping[str, float | None]) -> Mapping[str, float | None]:
    return MappingProxyType(dict(mapping))


def _error(key: str, value: object, zh: str, en: str) -> ValueError:
    return ValueError(f"错误：参数 {key} 的值 {value!r} {zh} (error: {key} = {value!r} {en})")


def _check_number(key: str, value: object, lo: float | None, hi: float | None) -> float:
    """Return ``value`` as a float, or raise when it is not a finite number in [lo, hi]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _error(key, value, "不是有限数值", "is not a finite number")
    if lo is not None and value < lo:
        if lo == 0:
            raise _error(key, value, "不能为负数", "must not be negative")
        raise _error(key, value, f"应不小于 {lo}", f"must be at least {lo}")
    if hi is not None and value > hi:
        raise _error(key, value, f"应在 [{lo}, {hi}] 范围内", f"must lie in [{lo}, {hi}]")
    return float(value)


class _Overridable:
    """``with_overrides`` shared by the two parameter sets; bounds come from ``_BOUNDS``."""

    _BOUNDS: Mapping[str, tuple[float | None, float | None]] = {}

    def with_overrides(self, mapping: Mapping[str, Any]) -> Any:
        """Return a copy with ``mapping`` applied; dict-valued fields merge key by key."""
        names = {f.name: f for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        changes: dict[str, Any] = {}
        for key, value in mapping.items():
            if key not in names:
                raise _error(key, value, "不是已知参数", "is not a known parameter")
            current = getattr(self, key)
            if isinstance(current, Mapping):
                if not isinstance(value, Mapping):
                    raise _error(key, value, "应为键值表", "must be a table of values")
                merged = dict(current)
                for sub, subvalue in value.items():
                    full = f"{key}.{sub}"
                    merged[sub] = None if subvalue is None else _check_number(full, subvalue, 0, None)
                changes[key] = _frozen(merged)
            elif isinstance(current, str):
                changes[key] = self._check_text(key, value)
            elif isinstance(current, int) and not isinstance(current, bool) and key.endswith("year"):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise _error(key, value, "应为整数年份", "must be an integer year")
                changes[key] = value
            elif isinstance(current, bool):
                if not isinstance(value, bool):
                    raise _error(key, value, "应为 true 或 false", "must be true or false")
                changes[key] = value
            else:
                lo, hi = self._BOUNDS.get(key, (0, None))
                if value is None and current is None:
                    changes[key] = None
                    continue
                changes[key] = _check_number(key, value, lo, hi)
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]

    def _check_text(self, key: str, value: object) -> str:
        raise _error(key, value, "不可修改", "cannot be changed")


@dataclass(frozen=True)
class Coefficients(_Overridable):
    """Energy and emission factors (see :data:`SOURCES` for each value's source)."""

    kgce_per_kwh: float = 0.1229
    kgce_per_kwh_equal_value: float | None = 0.3007
    equal_value_year: int = 2022
    electricity_basis: str = "equivalent"
    grid_kgco2_per_kwh: float = 0.5306
    grid_factor_year: int = 2023
    kj_per_kgce: float = 29307.6
    mw_per_t_h_steam: float = 0.7
    fuel_kgce_per_unit: Mapping[str, float | None] = field(
        default_factory=lambda: _frozen({code: f.kgce_per_unit for code, f in fuels().items()})
    )
    fuel_kgco2_per_unit: Mapping[str, float | None] = field(
        default_factory=lambda: _frozen({code: f.kgco2_per_unit for code, f in fuels().items()})
    )
    fuel_kg_per_litre: Mapping[str, float | None] = field(
        default_factory=lambda: _frozen({code: f.density_kg_per_l for code, f in fuels().items() if f.unit == "L"})
    )

    _BOUNDS = MappingProxyType({"kgce_per_kwh_equal_value": (0.0, 1.0)})

    def _check_text(self, key: str, value: object) -> str:
        if key == "electricity_basis" and value in ("equivalent", "equal"):
            return str(value)
        raise _error(key, value, "应为 equivalent（当量值）或 equal（等价值）",
                     "must be 'equivalent' or 'equal'")

    def electricity_kgce_per_kwh(self) -> float | None:
        """The kgce/kWh of the chosen basis; None when the equal value was not supplied."""
        if self.electricity_basis == "equal":
            return self.kgce_per_kwh_equal_value
        return self.kgce_per_kwh

    def fuel_factor(self, kind: str, code: str) -> float | None:
        """kgce ("kgce") or kgCO2 ("kgco2") per unit of ``code``; None when not sourced or supplied.

        A fuel counted in litres takes its per-kg figure times its density (``fuel_kg_per_litre``, the
        data file's unless the user gave one), unless the user gave its per-litre factor itself.
        """
        table = self.fuel_kgce_per_unit if kind == "kgce" else self.fuel_kgco2_per_unit
        value = table.get(code)
        density = self.fuel_kg_per_litre.get(code)
        fuel = fuels().get(code)
        if fuel is None or fuel.unit != "L" or density is None:
            return value
        if value != (fuel.kgce_per_unit if kind == "kgce" else fuel.kgco2_per_unit):
            return value  # the user's own per-litre factor
        per_kg = (None if fuel.ncv_mj_per_kg is None else fuel.ncv_mj_per_kg * 1000.0 / self.kj_per_kgce) \
            if kind == "kgce" else fuel.kgco2_per_kg
        return None if per_kg is None else per_kg * density


@dataclass(frozen=True)
class Economics(_Overridable):
    """Economic parameters.  Every default here is an ASSUMPTION to be overridden by the user.

    - ``discount_rate`` 0.08 per year: a typical industrial hurdle rate, not an official figure.
    - ``horizon_years`` 15: assumed service life of a new unit when the caller gives none.
    - ``payback_threshold_years`` 3: the motor-management rule of thumb for "worth it" (assumption).
    - ``electricity_price_yuan_per_kwh`` 0.65: an assumed average industrial tariff; use your bill.
    - ``fuel_price_yuan_per_unit``: missing (None) until supplied, in the fuel's unit (FUEL_UNITS).
    - support measures default to none: ``investment_subsidy_share`` (share of the investment paid
      by a grant), ``loan_share`` / ``loan_term_years`` / ``interest_subsidy_rate`` (贴息: interest
      points per year paid by the government on the outstanding loan), ``tax_credit_share`` (set it to
      TAX_CREDIT_SHARE_STATUTE for equipment on the energy-saving equipment catalogue).
    """

    discount_rate: float = 0.08
    horizon_years: float = 15.0
    payback_threshold_years: float = 3.0
    electricity_price_yuan_per_kwh: float = 0.65
    fuel_price_yuan_per_unit: Mapping[str, float | None] = field(
        default_factory=lambda: _frozen(
            {"coal": None, "gas": None, "oil": None, "biomass": None, "diesel": None, "petrol": None}
        )
    )
    investment_subsidy_share: float = 0.0
    loan_share: float = 0.0
    loan_term_years: float = 5.0
    interest_subsidy_rate: float = 0.0
    tax_credit_share: float = 0.0

    _BOUNDS = MappingProxyType(
        {
            "discount_rate": (0.0, 1.0),
            "horizon_years": (1.0, 100.0),
            "payback_threshold_years": (0.0, 100.0),
            "electricity_price_yuan_per_kwh": (0.0, None),
            "investment_subsidy_share": (0.0, 1.0),
            "loan_share": (0.0, 1.0),
            "loan_term_years": (1.0, 50.0),
            "interest_subsidy_rate": (0.0, 1.0),
            "tax_credit_share": (0.0, 1.0),
        }
    )

    def price_per_unit(self, fuel: str) -> float | None:
        """Price of one unit of ``fuel`` (its FUEL_UNITS unit); electricity from its own field."""
        if fuel == "electric":
            return self.electricity_price_yuan_per_kwh
        return self.fuel_price_yuan_per_unit.get(fuel)
