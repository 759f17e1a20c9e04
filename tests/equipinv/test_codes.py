"""Region, industry and credit-code validation against the shipped code lists."""

from __future__ import annotations

import pytest

from equipinv import codes


def test_region_list_covers_the_plans_provinces() -> None:
    lvliang = codes.region("141100")
    assert (lvliang.name, lvliang.level, lvliang.parent_code) == ("吕梁市", "city", "140000")
    counties = [r for r in codes.regions().values() if r.parent_code == "141100"]
    assert len(counties) == 13
    shanxi = [r for r in codes.regions().values() if r.code.startswith("14") and r.level == "county"]
    hebei = [r for r in codes.regions().values() if r.code.startswith("13") and r.level == "county"]
    assert (len(shanxi), len(hebei)) == (117, 167)
    assert len(codes.regions()) == 3213


def test_region_chain_and_descendants() -> None:
    assert [r.code for r in codes.region_chain("141181")] == ["141181", "141100", "140000"]
    below = codes.region_descendants("141100")
    assert "141181" in below and "140521" not in below and len(below) == 14


def test_unknown_region_is_refused_by_value() -> None:
    with pytest.raises(codes.CodeError, match='"999999"'):
        codes.region("999999")


@pytest.mark.parametrize("code", ["C2521", "2521", "c2521"])
def test_industry_codes_accept_the_usual_spellings(code: str) -> None:
    entry = codes.industry(code)
    assert (entry.code, entry.name, entry.full_code) == ("2521", "炼焦", "C2521")
    assert codes.industry_division(code).full_code == "C25"


@pytest.mark.parametrize("code", ["C9999", "Z", "B2521", "25211"])
def test_unknown_or_mismatched_industry_is_refused(code: str) -> None:
    with pytest.raises(codes.CodeError, match="GB/T 4754-2017"):
        codes.industry(code)


def test_industry_list_has_every_level() -> None:
    levels = [i.level for i in codes.industries().values()]
    assert (levels.count("section"), levels.count("division"), levels.count("group"), levels.count("class")) == (
        20, 97, 473, 1381)


def test_credit_code_check_character() -> None:
    # the worked example printed in GB 32100-2015 and reproduced widely
    assert codes.validate_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    assert codes.validate_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    made = codes.make_credit_code("91141181MA0GX5K2L")
    assert codes.validate_credit_code(made) == made


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y44", "校验码错误：第18位应为 3"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100YI3", "非法字符 I"),
        ("9135010OM000100Y43", "非法字符 O"),
    ],
)
def test_bad_credit_codes_say_what_is_wrong(code: str, fragment: str) -> None:
    with pytest.raises(codes.CodeError) as caught:
        codes.validate_credit_code(code)
    assert fragment in str(caught.value) and code in str(caught.value)
