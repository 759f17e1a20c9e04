"""Real-world model designations decode to what they state, per category, and garbled ones to what
is certain only: each case lists the parts the designation must yield, and the fields it must not."""

from __future__ import annotations

from typing import Any

import pytest

from equipinv.designations import decode

# (category, model as ledgers spell it, parts that must be decoded, part names that must be absent)
CASES: list[tuple[str, str, dict[str, Any], tuple[str, ...]]] = [
    # motors: series, frame, frame length, core length, poles; explosion-proof; efficiency class as an estimate
    ("motor", "Y315M-4", {"series": "Y", "frame": 315, "frame_length": "M", "poles": 4}, ("efficiency_class_estimate",)),
    ("motor", "Y132S1-2", {"series": "Y", "frame": 132, "frame_length": "S", "core_length": 1, "poles": 2}, ()),
    ("motor", "Y160L-6", {"frame": 160, "frame_length": "L", "poles": 6}, ()),
    ("motor", "Y250M-4", {"frame": 250, "poles": 4}, ()),
    ("motor", "Y80M2-2", {"frame": 80, "core_length": 2, "poles": 2}, ()),
    ("motor", "Y2-160M-4", {"series": "Y2", "frame": 160, "poles": 4}, ()),
    ("motor", "Y2-160M-4 B3", {"series": "Y2", "frame": 160, "frame_length": "M", "poles": 4}, ()),
    ("motor", "Y3-315L2-4", {"series": "Y3", "frame": 315, "core_length": 2, "poles": 4}, ()),
    ("motor", "YX3-160M-4", {"series": "YX3", "poles": 4}, ("efficiency_class_estimate",)),
    ("motor", "YE2-315S-4", {"series": "YE2", "frame": 315, "poles": 4, "efficiency_class_estimate": "IE2"}, ()),
    ("motor", "YE3-80M1-2", {"series": "YE3", "frame": 80, "frame_length": "M", "core_length": 1, "poles": 2,
                             "efficiency_class_estimate": "IE3"}, ()),
    ("motor", "YE3-132M-4", {"series": "YE3", "frame": 132, "poles": 4}, ()),
    ("motor", "YE3 225M-4", {"series": "YE3", "frame": 225, "poles": 4}, ()),
    ("motor", "YE3225M-4", {"series": "YE3", "frame": 225, "poles": 4}, ()),
    ("motor", "YE4-200L-4", {"series": "YE4", "frame": 200, "frame_length": "L", "efficiency_class_estimate": "IE4"}, ()),
    ("motor", "YE5-225M-2", {"series": "YE5", "poles": 2, "efficiency_class_estimate": "IE5"}, ()),
    ("motor", "YB-250M-4", {"series": "YB", "explosion_proof": "隔爆型", "poles": 4}, ()),
    ("motor", "YB2-200L-4", {"series": "YB2", "explosion_proof": "隔爆型", "frame": 200}, ()),
    ("motor", "YBX3-315M-4", {"series": "YBX3", "explosion_proof": "隔爆型", "poles": 4}, ()),
    ("motor", "YBK2-200L-4", {"series": "YBK2", "explosion_proof": "隔爆型（矿用）", "poles": 4}, ()),
    ("hv_motor", "YKK4503-4", {"series": "YKK", "frame": 450, "core_length": 3, "poles": 4, "cooling_ic": "IC611"}, ()),
    ("hv_motor", "YKS5002-6 10kV", {"series": "YKS", "frame": 500, "poles": 6, "cooling_ic": "IC81W", "voltage_kv": 10.0}, ()),
    ("hv_motor", "YKK400-4 6kV", {"frame": 400, "poles": 4, "voltage_kv": 6.0}, ()),
    ("motor", "JO2-41-4", {"series": "JO2", "frame": 4, "core_length": 1, "poles": 4}, ()),
    ("motor", "ye3－１３２ｍ－４", {"series": "YE3", "frame": 132, "poles": 4}, ()),  # full-width, lower case
    ("motor", "电机Y132S-4型", {"series": "Y", "frame": 132, "poles": 4}, ()),
    ("motor", "Y-?", {"series": "Y"}, ("frame", "poles")),  # garbled: the series only
    ("motor", "Y160M", {"frame": 160}, ("poles",)),  # no pole count written: none invented
    ("motor", "Y160M-5", {"frame": 160}, ("poles",)),  # an odd pole count is not a pole count
    # transformers: letters, loss level, sealed, capacity kVA, HV kV, LV kV
    ("transformer", "S7-500/10", {"performance_level": 7, "transformer_type": "oil", "capacity_kva": 500.0,
                                  "voltage_kv": 10.0}, ("sealed", "lv_kv")),
    ("transformer", "S9-M-315/10", {"performance_level": 9, "sealed": True, "capacity_kva": 315.0}, ()),
    ("transformer", "S11-M-800/10", {"performance_level": 11, "sealed": True, "capacity_kva": 800.0}, ()),
    ("transformer", "S11-M-1000/10-0.4", {"capacity_kva": 1000.0, "voltage_kv": 10.0, "lv_kv": 0.4}, ()),
    ("transformer", "S13-M-200/10", {"performance_level": 13, "capacity_kva": 200.0, "core_material": "steel"}, ()),
    ("transformer", "S20-M-400/10", {"performance_level": 20, "capacity_kva": 400.0}, ()),
    ("transformer", "SCB10-1250/10", {"performance_level": 10, "transformer_type": "dry", "capacity_kva": 1250.0}, ()),
    ("transformer", "SCB13-2000/10/0.4", {"performance_level": 13, "transformer_type": "dry", "capacity_kva": 2000.0,
                                          "voltage_kv": 10.0, "lv_kv": 0.4}, ()),
    ("transformer", "SC10-630/10", {"transformer_type": "dry", "capacity_kva": 630.0}, ()),
    ("transformer", "SG10-800/10", {"transformer_type": "dry", "capacity_kva": 800.0}, ()),
    ("transformer", "SH15-M-630/10", {"performance_level": 15, "core_material": "amorphous", "sealed": True,
                                      "transformer_type": "oil", "capacity_kva": 630.0}, ()),
    ("transformer", "SBH15-M-400/10", {"core_material": "amorphous", "capacity_kva": 400.0}, ()),
    ("transformer", "SZ11-10000/35", {"tap_changer": "on_load", "capacity_kva": 10000.0, "voltage_kv": 35.0}, ()),
    ("transformer", "SL7-315/10", {"performance_level": 7, "capacity_kva": 315.0}, ()),
    ("transformer", "s11－m－630／10", {"capacity_kva": 630.0, "voltage_kv": 10.0}, ()),  # full-width, lower case
    ("transformer", "S9-/10", {"performance_level": 9, "voltage_kv": 10.0}, ("capacity_kva",)),  # capacity missing
    ("transformer", "S11", {"performance_level": 11}, ("capacity_kva", "voltage_kv")),
    # fans: use code, pressure coefficient (x10), specific speed, inlet, design number, machine number, drive
    ("fan", "4-72-11No.8C", {"pressure_coefficient": 0.4, "specific_speed": 72.0, "inlet": 1, "design_no": 1,
                             "machine_number": 8.0, "drive": "C", "fan_type": "centrifugal"}, ()),
    ("fan", "4-72No.6C", {"pressure_coefficient": 0.4, "specific_speed": 72.0, "machine_number": 6.0, "drive": "C"},
     ("inlet",)),
    ("fan", "Y5-47-12No.10D", {"use": "Y", "pressure_coefficient": 0.5, "specific_speed": 47.0, "design_no": 2,
                               "machine_number": 10.0, "drive": "D"}, ()),
    ("fan", "9-19No.5A", {"pressure_coefficient": 0.9, "specific_speed": 19.0, "machine_number": 5.0, "drive": "A"}, ()),
    ("fan", "9-19No.6.3A", {"machine_number": 6.3}, ()),
    ("fan", "G4-73-11No.14D", {"use": "G", "pressure_coefficient": 0.4, "specific_speed": 73.0, "machine_number": 14.0}, ()),
    ("fan", "Y5-48No.12D", {"use": "Y", "specific_speed": 48.0, "machine_number": 12.0}, ()),
    ("fan", "B4-72No.5A", {"use": "B", "pressure_coefficient": 0.4}, ()),
    ("fan", "4-72-11 No 8 C", {"machine_number": 8.0, "specific_speed": 72.0}, ()),
    ("fan", "9-26", {"pressure_coefficient": 0.9, "specific_speed": 26.0}, ("machine_number", "drive")),
    # pumps: IS/IH end suction, ISG inline, S / SH double suction, D / DA1 multistage
    ("pump", "IS80-65-160", {"series": "IS", "pump_type": "end_suction", "inlet_mm": 80.0, "outlet_mm": 65.0,
                             "impeller_mm": 160.0}, ("head_m",)),
    ("pump", "IS100-80-160A", {"impeller_cut": "A", "impeller_mm": 160.0}, ()),
    ("pump", "IH50-32-160", {"series": "IH", "inlet_mm": 50.0, "outlet_mm": 32.0}, ()),
    ("pump", "ISG100-160", {"series": "ISG", "pump_type": "inline", "inlet_mm": 100.0, "impeller_mm": 160.0}, ()),
    ("pump", "150S50", {"pump_type": "double_suction", "inlet_mm": 150.0, "head_m": 50.0}, ()),
    ("pump", "250S65A", {"pump_type": "double_suction", "impeller_cut": "A"}, ("head_m",)),  # cut impeller
    ("pump", "10SH-9A", {"pump_type": "double_suction", "inlet_inch": 10.0, "pump_specific_speed": 90}, ()),
    ("pump", "D46-30×5", {"pump_type": "multistage", "flow_m3_h": 46.0, "stage_head_m": 30.0, "stages": 5,
                         "head_m": 150.0}, ()),
    ("pump", "D155-67*6", {"flow_m3_h": 155.0, "stages": 6, "head_m": 402.0}, ()),
    ("pump", "MD46-30x5", {"series": "MD", "stages": 5}, ()),
    ("pump", "DA1-100×5", {"series": "DA1", "inlet_mm": 100.0, "stages": 5}, ("flow_m3_h",)),
    ("pump", "D46-30", {"flow_m3_h": 46.0, "stage_head_m": 30.0}, ("stages", "head_m")),
    # industrial boilers: body, firing, capacity t/h or MW, pressure MPa, fuel and coal class
    ("boiler", "DZL10-1.25-AII", {"body": "DZ", "firing": "grate", "capacity_t_h": 10.0, "pressure_mpa": 1.25,
                                  "fuel": "coal", "coal_class": "bituminous_2"}, ("capacity_mw",)),
    ("boiler", "DZL4-1.25-AII", {"capacity_t_h": 4.0, "coal_class": "bituminous_2"}, ()),
    ("boiler", "DZL4-1.25-AⅡ", {"capacity_t_h": 4.0, "coal_class": "bituminous_2"}, ()),  # Roman numeral Ⅱ
    ("boiler", "SZS20-1.6-Q", {"body": "SZ", "firing": "chamber", "capacity_t_h": 20.0, "pressure_mpa": 1.6,
                               "fuel": "gas"}, ("coal_class",)),
    ("boiler", "WNS4-1.25-Y(Q)", {"body": "WN", "firing": "chamber", "capacity_t_h": 4.0, "fuel": "oil",
                                  "alternative_fuel": "gas"}, ()),
    ("boiler", "WNS10-1.25-Q", {"fuel": "gas", "capacity_t_h": 10.0}, ()),
    ("boiler", "SHL20-1.25/350-AII", {"body": "SH", "firing": "grate", "capacity_t_h": 20.0,
                                      "steam_temperature_c": 350}, ()),
    ("boiler", "DHL14-1.25/130/70-AII", {"body": "DH", "capacity_mw": 14.0, "outlet_temperature_c": 130,
                                         "inlet_temperature_c": 70}, ("capacity_t_h",)),
    ("boiler", "SZL10-1.25-AIII", {"coal_class": "bituminous_3"}, ()),
    ("boiler", "SHX20-2.45-WII", {"firing": "fluidized_bed", "coal_class": "anthracite_2"}, ()),
    ("boiler", "dzl4－1.25－aii", {"capacity_t_h": 4.0, "fuel": "coal"}, ()),
    ("boiler", "KZL4-13-1", {}, ()),  # a pre-1992 spelling: not read at all
    ("boiler", "SZL10-13-AII", {"firing": "grate", "fuel": "coal"}, ("pressure_mpa", "capacity_t_h")),  # kgf/cm² era
    # air compressors: structure, flow m³/min, pressure
    ("air_compressor", "LG-20/8", {"compressor_kind": "screw", "flow_m3_min": 20.0, "pressure_mpa": 0.8}, ()),
    ("air_compressor", "LG-12.5/0.8", {"flow_m3_min": 12.5, "pressure_mpa": 0.8}, ()),
    ("air_compressor", "W-0.9/7", {"compressor_kind": "piston", "flow_m3_min": 0.9, "pressure_mpa": 0.7}, ()),
    ("air_compressor", "V-3/8", {"compressor_kind": "piston", "flow_m3_min": 3.0, "pressure_mpa": 0.8}, ()),
    ("air_compressor", "L-10/8", {"structure": "L", "flow_m3_min": 10.0}, ()),
    ("air_compressor", "LG-12.5/2", {"flow_m3_min": 12.5}, ("pressure_mpa",)),  # bar or MPa? not read
]


def _parts(category: str, model: str) -> dict[str, Any]:
    decoded = decode(category, model)
    return {} if decoded is None else {p.name: p.value for p in decoded.parts}


def test_at_least_sixty_real_world_designations() -> None:
    assert len(CASES) >= 60 and {c for c, *_ in CASES} >= {"motor", "transformer", "fan", "pump", "boiler",
                                                          "air_compressor"}


@pytest.mark.parametrize(("category", "model", "expected", "absent"), CASES, ids=[c[1] for c in CASES])
def test_designation_decodes_what_it_states(category: str, model: str, expected: dict[str, Any],
                                            absent: tuple[str, ...]) -> None:
    parts = _parts(category, model)
    assert {k: parts.get(k) for k in expected} == expected
    assert not set(absent) & set(parts)
    if not expected:
        assert decode(category, model) is None


def test_every_part_names_its_source_and_efficiency_class_is_an_estimate() -> None:
    decoded = decode("motor", "YE3-80M1-2")
    assert decoded is not None
    for part in decoded.parts:
        assert part.source.title and part.source.kind in ("standard", "convention")
    assert decoded.part("efficiency_class_estimate").estimate  # type: ignore[union-attr]
    assert "efficiency_class_estimate" not in decoded.fields()  # shown, never graded
    assert decode("transformer", "S7-500/10").part("capacity_kva").source.title.startswith("JB/T 3837")  # type: ignore[union-attr]
    assert decode("pump", "D46-30×5").part("stages").source.kind == "convention"  # type: ignore[union-attr]


@pytest.mark.parametrize("model", ["", "   ", "?", "型号不详", "XYZ-123", "12345", "S", "Y", "No.8"])
def test_unknown_or_empty_designations_decode_nothing_beyond_what_is_certain(model: str) -> None:
    for category in ("motor", "transformer", "fan", "pump", "boiler", "air_compressor"):
        decoded = decode(category, model)
        assert decoded is None or not decoded.fields()
    assert decode("truck", "Y315M-4") is None  # categories without designation rules are left alone
    assert _parts("motor", "Y") == {"series": "Y"}
