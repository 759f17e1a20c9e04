"""Every catalogue file: for each kind of entry it holds (series, exact model, name, attribute) one
unit built from the row must be found and one near miss must not; plus hand-written cases for the
conditions that decide (year of manufacture, rating, voltage, frame size, fuel, site)."""

from datetime import date

import pytest

from catalog import UnitFacts, catalogues, match_unit, rules
from catalog.loader import Spec

AS_OF = date(2026, 11, 22)
CATALOGUE_IDS = [c.id for c in catalogues() if c.kind == "catalogue" and c.status != "draft"]


def ids(unit):
    return {f.rule_id: f for f in match_unit(unit, AS_OF)}


def specimen(spec: Spec) -> dict:
    """Unit fields that satisfy every condition of `spec`."""
    kw: dict = {"category": sorted(spec.categories)[0]}
    bounds = {f: (lo, hi) for f, lo, hi in spec.bounds}
    if spec.match in ("series", "exact"):
        code = spec.patterns[0]
        kw["model"] = f"{code}{int(bounds['frame'][0] or 100)}M-4" if "frame" in bounds else code
    if spec.match == "name" or spec.keywords:
        kw["product_name"] = "矿用" + spec.keywords[0]
    for field, (lo, hi) in bounds.items():
        if field != "frame":
            kw[field] = hi if lo is None else lo
    if spec.fuels:
        kw["fuel"] = sorted(spec.fuels)[0]
    if spec.site:
        kw["underground_coal_mine"] = True
    return kw


def per_kind(catalogue_id):
    seen = {}
    for s in rules():
        if s.document.id == catalogue_id and s.type == "entry":
            seen.setdefault((s.match, s.mode), s)
    return list(seen.values())


@pytest.mark.parametrize("catalogue_id", CATALOGUE_IDS)
def test_true_match_per_entry_kind(catalogue_id):
    kinds = per_kind(catalogue_id)
    if catalogue_id == "hazchem_b1":  # process items only: listed for review, nothing to match
        assert kinds == []
        return
    assert kinds
    for spec in kinds:
        f = ids(UnitFacts(**specimen(spec))).get(spec.rule_id)
        assert f is not None and f.outcome == "match", (spec.rule_id, specimen(spec))
        assert f.citation.startswith("《" + spec.document.title)


@pytest.mark.parametrize("catalogue_id", CATALOGUE_IDS)
def test_near_miss_per_entry_kind(catalogue_id):
    for spec in per_kind(catalogue_id):
        kw = specimen(spec)
        if spec.match in ("series", "exact"):
            code = spec.patterns[0]
            kw["model"] = code + ("0" if spec.mode == "exact" or code[-1].isdigit() else "Q")
        elif spec.match == "name":
            kw["product_name"] = "普通设备"
        else:
            kw["category"] = "other"
        assert spec.rule_id not in ids(UnitFacts(**kw)), (spec.rule_id, kw)


def test_every_matchable_row_can_match():
    for spec in rules():
        if spec.type == "entry":
            f = ids(UnitFacts(**specimen(spec))).get(spec.rule_id)
            assert f is not None and f.outcome == "match", spec.rule_id


def test_y_series_motor_and_look_alikes():
    hit = ids(UnitFacts(category="motor", model="Y132S1-2", year_made=2001))
    assert hit["miit-b2-1-1"].citation == "《高耗能落后机电设备（产品）淘汰目录（第二批）》第1-1项"
    assert hit["miit-b2-1-1"].deadline_label == "按主管部门规定期限"
    for look_alike in ("YE3-132S1-2", "YE4-132S1-2", "YX3-132S1-2", "Y2-132S1-2"):
        assert "miit-b2-1-1" not in ids(UnitFacts(category="motor", model=look_alike, year_made=2001))
    assert "miit-b2-1-1" in ids(UnitFacts(category="motor", model="电机 y132s1 2 型", year_made=2001))


def test_batch3_year_of_manufacture_boundary():
    made = lambda y: ids(UnitFacts(category="motor", model="Y2-90S-4", year_made=y))
    assert made(2003)["miit-b3-1-2"].outcome == "match"
    assert made(2003)["miit-b3-1-2"].deadline == date(2015, 12, 31)
    assert made(2003)["miit-b3-1-2"].deadline_label == "立即"
    assert "miit-b3-1-2" not in made(2004)
    cd = made(None)["miit-b3-1-2"]
    assert cd.outcome == "cannot_decide" and cd.missing_fields == ("year_made",) and "出厂年份" in cd.note


def test_batch3_fans_split_at_2005():
    fan = lambda y: ids(UnitFacts(category="fan", model="Y5-47No.6C", year_made=y))
    assert fan(2005)["miit-b3-3-1-a"].deadline_label == "立即" and "miit-b3-3-1-b" not in fan(2005)
    assert fan(2006)["miit-b3-3-1-b"].deadline == date(2015, 12, 31) and "miit-b3-3-1-a" not in fan(2006)


def test_s9_transformer_1997_mandatory_later_advisory():
    tr = lambda y: ids(UnitFacts(category="transformer", model="S9-200/10", year_made=y))
    assert tr(1997)["miit-b4-1-2-a"].kind == "mandatory"
    assert tr(1998)["miit-b4-1-2-b"].kind == "advisory" and "miit-b4-1-2-a" not in tr(1998)
    big = UnitFacts(category="transformer", model="S9-2000/10", year_made=1990)
    assert not {"miit-b4-1-2-a", "miit-b4-1-2-b"} & set(ids(big))
    assert "miit-b1-3-1" not in ids(UnitFacts(category="transformer", model="S11-M-200/10"))


def test_capacity_and_voltage_conditions():
    s7 = lambda kva: ids(UnitFacts(category="transformer", model="S7-500/10", capacity_kva=kva))
    assert s7(1600)["miit-b1-3-3"].outcome == "match" and "miit-b1-3-3" not in s7(2000)
    jk = lambda kv: ids(UnitFacts(category="hv_motor", model="JK133-2", voltage_kv=kv))
    assert jk(6)["miit-b4-2-2"].outcome == "match" and "miit-b4-2-2" not in jk(10)
    assert jk(None)["miit-b4-2-2"].missing_fields == ("voltage_kv",)


def test_industry_2024_frame_voltage_and_boilers():
    ybf = lambda model, kv: ids(UnitFacts(category="motor", model=model, voltage_kv=kv))
    assert ybf("YBF160M-4", 0.38)["ind2024-motor-ybf"].outcome == "match"
    assert "ind2024-motor-ybf" not in ybf("YBF180M-4", 0.38)  # frame 63-160 only
    assert "ind2024-motor-ybf" not in ybf("YBF160M-4", 6)
    boiler = lambda **kw: ids(UnitFacts(category="boiler", **kw))
    assert boiler(fuel="coal", capacity_t_h=10)["ind2024-boiler-coal-10t"].deadline_label == "立即"
    assert "ind2024-boiler-coal-10t" not in boiler(fuel="coal", capacity_t_h=10.5)
    assert "ind2024-boiler-coal-10t" not in boiler(fuel="gas", capacity_t_h=4)
    assert boiler(fuel="燃煤")["ind2024-boiler-coal-10t"].missing_fields == ("capacity_t_h",)
    assert boiler(fuel="biomass", capacity_t_h=2)["ind2024-boiler-biomass-2t"].outcome == "match"


def test_coal_mine_list_needs_the_site():
    motor = lambda site: ids(UnitFacts(category="motor", model="BJO2-41-4", underground_coal_mine=site))
    citation = "《禁止井工煤矿使用的设备及工艺目录（第一批）》（安监总规划〔2006〕146号）"
    assert motor(True)["coal-b1-6"].citation.startswith(citation)
    assert "coal-b1-6" not in motor(False)
    assert motor(None)["coal-b1-6"].missing_fields == ("underground_coal_mine",)
    cable = ids(UnitFacts(category="other", product_name="铝芯电缆", underground_coal_mine=True))
    assert cable["coal-b1-17"].outcome == "match"


def test_unknown_category_or_garbage_model_never_gives_a_false_finding():
    assert all(f.outcome == "cannot_decide" for f in match_unit(UnitFacts(category="马达", model="Y132S1-2"), AS_OF))
    assert match_unit(UnitFacts(category="motor", model="%%%???"), AS_OF)[0].rule_id == "benchmark-below-access"
    assert match_unit(UnitFacts(), AS_OF) == []
    assert match_unit(UnitFacts(category="motor", model="Y132S1-2", status="eliminated"), AS_OF) == []


def test_replacement_class_for_energy_equipment_cites_its_basis():
    """A plan's text is the basis only inside its region (issue 21): 吕梁 for 孝义, Shanxi's for 沁水, the
    national benchmark document for a Hebei enterprise or one whose region is not known."""
    def replacement(region: str | None) -> str:
        return ids(UnitFacts(category="motor", model="Y132S1-2", year_made=2001, region_code=region))["miit-b2-1-1"].replacement

    assert "节能水平" in replacement("141181") and "《吕梁市推动大规模设备更新和消费品以旧换新分解任务》" in replacement("141181")
    assert "晋政发〔2024〕10号" in replacement("140521") and "吕梁" not in replacement("140521")
    for region in ("130705", None):
        assert "发改环资规〔2024〕127号" in replacement(region) and "吕梁" not in replacement(region), region
    switch = ids(UnitFacts(category="other", model="HD9-200"))["miit-b2-3-1"]
    assert switch.replacement == ""  # no replacement given for switchgear, none invented
