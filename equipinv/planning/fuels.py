"""Fuel factors: each fuel's unit, heat value, kgce and kgCO2 per unit, read from ``data/fuel_factors.toml``.

The data file holds the facts with their sources (GB/T 2589-2020 for the standard-coal definition and
raw coal, the national enterprise GHG accounting guidelines' default parameters for heat value, carbon
content and oxidation rate; GB/T 32150—2025's default for purchased heat).  This module derives the two
factors the savings models need and says, per fuel, where each came from or that it is missing.  A fuel
counted in litres (diesel, petrol) is given per kg and by its density: its factors per litre are the
per-kg ones times the density, so a user's own density (``[coefficients] fuel_kg_per_litre``) revalues it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

CO2_PER_C = 44.0 / 12.0


@dataclass(frozen=True)
class Fuel:
    """One fuel's facts; None where nobody could source the value."""

    code: str
    name: str
    unit: str
    ncv_mj_per_unit: float | None
    ncv_mj_per_kg: float | None
    kgce_per_unit: float | None
    kgco2_per_unit: float | None
    kgco2_per_kg: float | None
    density_kg_per_l: float | None
    sources: Mapping[str, str]


def _derive(code: str, row: Mapping[str, Any], meta: Mapping[str, Any],
            table: Mapping[str, Mapping[str, Any]]) -> Fuel:
    """One fuel's factors from its row; a row with ``same_as`` takes that fuel's facts (stated why)."""
    if "same_as" in row:
        base = _derive(str(row["same_as"]), table[str(row["same_as"])], meta, table)
        why = str(row["same_as_source"])
        return Fuel(code, str(row["name"]), str(row["unit"]), base.ncv_mj_per_unit, base.ncv_mj_per_kg,
                    base.kgce_per_unit, base.kgco2_per_unit, base.kgco2_per_kg, base.density_kg_per_l,
                    MappingProxyType({kind: f"{why}; {text}" for kind, text in base.sources.items()}))
    kj_per_kgce = float(meta["kj_per_kgce"])
    ncv = row.get("ncv_mj_per_unit")
    if code == "heat":
        ncv = 1.0
    ncv_kg = row.get("ncv_mj_per_kg", ncv if row["unit"] == "kg" else None)
    density = row.get("density_kg_per_l")
    sources: dict[str, str] = {}
    if density is not None and ncv_kg is not None:
        ncv = ncv_kg * float(density)
        sources["density"] = f"{density} kg/L: {row['density_source']}"
    kgce = row.get("kgce_per_unit")
    if kgce is not None:
        sources["kgce"] = str(row["kgce_source"])
    elif ncv is not None:
        kgce = ncv * 1000.0 / kj_per_kgce
        sources["kgce"] = (f"NCV {_ncv_text(ncv_kg, density, ncv, row['unit'])} ÷ 29.3076 MJ/kgce "
                           f"({meta['kj_per_kgce_source']}); NCV: " + str(row.get("ncv_source", meta["ghg_source"])))
    co2 = co2_kg = None
    if "kgco2_per_unit" in row:
        co2 = float(row["kgco2_per_unit"])
        sources["kgco2"] = str(row["kgco2_source"])
    elif "carbon_tc_per_gj" in row:
        per_mj = float(row["carbon_tc_per_gj"]) * float(row["oxidation_pct"]) / 100.0 * CO2_PER_C
        co2 = None if ncv is None else ncv * per_mj
        co2_kg = None if ncv_kg is None else ncv_kg * per_mj
        sources["kgco2"] = (f"{meta['ghg_method']}; NCV {_ncv_text(ncv_kg, density, ncv, row['unit'])}, CC "
                            f"{row['carbon_tc_per_gj']} tC/GJ, OF {row['oxidation_pct']} %: "
                            + str(row.get("carbon_source", meta["ghg_source"])))
    return Fuel(code, str(row["name"]), str(row["unit"]), ncv, ncv_kg, kgce, co2, co2_kg,
                None if density is None else float(density), MappingProxyType(sources))


def _ncv_text(ncv_kg: float | None, density: Any, ncv: float | None, unit: str) -> str:
    """The heat value as the source gives it: per kg times the density for a fuel counted in litres."""
    if density is not None and ncv_kg is not None:
        return f"{ncv_kg} MJ/kg × {density} kg/L = {ncv:.4g} MJ/{unit}"
    return f"{ncv if ncv is not None else ncv_kg} MJ/{unit if ncv is not None else 'kg'}"


@lru_cache(maxsize=1)
def fuels() -> Mapping[str, Fuel]:
    """Every fuel the data file names, by code."""
    text = files("equipinv.planning").joinpath("data/fuel_factors.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return MappingProxyType({code: _derive(code, row, data["meta"], data["fuel"]) for code, row in data["fuel"].items()})


def fuel_units() -> dict[str, str]:
    """Canonical unit of each fuel's own quantity, electricity included."""
    return {**{code: f.unit for code, f in fuels().items()}, "electric": "kWh"}
