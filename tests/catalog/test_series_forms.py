"""Series and family matching: every catalogue item that names a series, a family or a phrase matches
the members ledgers write (stage counts, size prefixes, trim letters, frame and pole codes, O written as 0,
words between a phrase's words) and none of their look-alikes, on both matcher paths.

The cases live in series_cases.toml (≥ 3 members and ≥ 3 look-alikes per item); a test also checks that
no such item is left without cases, so a new series row cannot arrive untested.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from catalog import UnitFacts, columns_from_units, match_arrays, match_unit, rules
from catalog.normalize import FORMS, canonical_model, item_match, o_zero_variants, phrase_in

AS_OF = date(2026, 11, 22)
CASES: dict[str, dict] = tomllib.loads((Path(__file__).with_name("series_cases.toml")).read_text(encoding="utf-8"))


def _spec(rule_id: str):
    spec = next((s for s in rules() if s.rule_id == rule_id), None)
    assert spec is not None, f"no catalogue item {rule_id}"
    return spec


def _unit(spec, case: dict, text: str) -> UnitFacts:
    category = sorted(spec.categories)[0]
    if spec.match == "name":
        return UnitFacts(category=category, product_name=text)
    return UnitFacts(category=category, model=text, product_name=case.get("name"))


def _hits(units: list[UnitFacts], rule_id: str) -> tuple[list[bool], list[bool]]:
    """Does the item answer (match or cannot decide) for each unit: per-unit path, vectorised path."""
    per_unit = [any(f.rule_id == rule_id for f in match_unit(u, AS_OF)) for u in units]
    arrays = match_arrays(columns_from_units(units), AS_OF)
    vector = [False] * len(units)
    for unit, finding in arrays.findings():
        if finding.rule_id == rule_id:
            vector[unit] = True
    return per_unit, vector


def test_every_series_family_and_phrase_item_has_cases():
    named = {s.rule_id for s in rules() if s.type == "entry" and (s.match in ("series", "name") or s.forms)}
    assert named - set(CASES) == set(), "items without member/look-alike cases"
    for rule_id, case in CASES.items():
        members = case.get("members", case.get("names", []))
        assert len(members) >= 3 and len(case["lookalikes"]) >= 3, rule_id


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_members_match_and_lookalikes_do_not(rule_id):
    spec = _spec(rule_id)
    case = CASES[rule_id]
    members = case.get("members", case.get("names", []))
    units = [_unit(spec, case, t) for t in members + case["lookalikes"]]
    per_unit, vector = _hits(units, rule_id)
    assert per_unit == vector, f"{rule_id}: the two matcher paths disagree"
    got_members, got_lookalikes = per_unit[:len(members)], per_unit[len(members):]
    assert all(got_members), f"{rule_id}: members not matched: {[m for m, h in zip(members, got_members) if not h]}"
    assert not any(got_lookalikes), (
        f"{rule_id}: look-alikes matched: {[x for x, h in zip(case['lookalikes'], got_lookalikes) if h]}")


def test_every_stated_form_is_a_known_one_and_used():
    used = {f for s in rules() for f in s.forms}
    assert used <= set(FORMS)
    assert used == set(FORMS), f"forms documented but no item states them: {set(FORMS) - used}"


def test_issue_examples():
    """The three misses the issue reported: stage count, impeller-size prefix, words between a phrase's words."""
    assert item_match(canonical_model("6DA-8×5"), "6DA", "exact", frozenset({"stages"}))
    assert not item_match(canonical_model("6DA-8×5"), "6DA", "exact")
    assert item_match(canonical_model("4BA-18"), "BA", "series", frozenset({"size_prefix"}))
    assert not item_match(canonical_model("4BA-18"), "BA", "series")
    assert phrase_in("铝芯...电缆", "铝芯电力电缆") and not phrase_in("铝芯电缆", "铝芯电力电缆")
    assert not phrase_in("铝芯...电缆", "电缆铝芯")  # words in order only
    assert o_zero_variants("JR02") == ["JRO2"] and o_zero_variants("BJO2") == ["BJ02"]
