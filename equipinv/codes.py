"""Official identifiers: GB/T 2260 regions, GB/T 4754-2017 industries, GB 32100 credit codes.

The two code lists are package data (see `data/SOURCES.md`), loaded once. Validation functions raise
`CodeError` with a message that names the field and the value, ready to show a user.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from equipinv.errors import BadInput


class CodeError(BadInput, ValueError):
    """An identifier that fails validation; the message names the field and the value."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    parent_code: str | None


@dataclass(frozen=True)
class Industry:
    code: str  # section letter, or 2/3/4 digits
    name: str
    level: str  # section | division | group | class
    parent_code: str | None
    full_code: str  # e.g. C2521


def _read_csv(name: str) -> list[dict[str, str]]:
    text = files("equipinv").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def regions() -> dict[str, Region]:
    """Every GB/T 2260 region (2024 list), keyed by its 6-digit code."""
    return {
        row["code"]: Region(row["code"], row["name"], row["level"], row["parent_code"] or None)
        for row in _read_csv("gbt2260_2024_regions.csv")
    }


@cache
def industries() -> dict[str, Industry]:
    """Every GB/T 4754-2017 entry keyed by its code (letter or digits)."""
    return {
        row["code"]: Industry(row["code"], row["name"], row["level"], row["parent_code"] or None, row["full_code"])
        for row in _read_csv("gbt4754_2017_industries.csv")
    }


def region(code: str) -> Region:
    """The region with this code, or a `CodeError` naming it."""
    code = str(code).strip()
    found = regions().get(code)
    if found is None:
        raise CodeError(
            f'行政区划代码 "{code}" 不在 GB/T 2260（2024年）代码表中 '
            f'(error: region code "{code}" is not in the GB/T 2260 list)'
        )
    return found


def region_chain(code: str) -> list[Region]:
    """The region and its ancestors, county first, province last."""
    chain = [region(code)]
    while chain[-1].parent_code:
        chain.append(region(chain[-1].parent_code))
    return chain


def region_descendants(code: str) -> set[str]:
    """The codes of `code` and every region below it (county -> itself, city -> its counties ...)."""
    region(code)
    children: dict[str, list[str]] = {}
    for r in regions().values():
        if r.parent_code:
            children.setdefault(r.parent_code, []).append(r.code)
    found, stack = {code}, [code]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def industry(code: str) -> Industry:
    """The industry with this code ("C2521", "2521", "C25" or "25" all work), or a `CodeError`."""
    raw = str(code).strip().upper()
    key = raw[1:] if len(raw) > 1 and raw[0].isalpha() and raw[1:].isdigit() else raw
    found = industries().get(key)
    if found is None or (key != raw and found.full_code != raw):
        raise CodeError(
            f'行业代码 "{code}" 不在 GB/T 4754-2017 行业分类中 '
            f'(error: industry code "{code}" is not in GB/T 4754-2017)'
        )
    return found


def industry_division(code: str) -> Industry:
    """The division (大类) an industry code belongs to: the level bureaus group demand lists by."""
    entry = industry(code)
    while entry.level not in ("division", "section") and entry.parent_code:
        entry = industries()[entry.parent_code]
    return entry


# GB 32100-2015: the 31 characters of a unified social credit code and the weights of positions 1..17.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    """The 18th character GB 32100 computes from the first 17 (modulus 31)."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> str:
    """Return the normalised (upper-case) code, or raise `CodeError` saying what is wrong."""
    value = str(code).strip().upper()
    label = f'统一社会信用代码 "{code}"'
    if len(value) != 18:
        raise CodeError(f"{label} 应为18位，实际{len(value)}位 (error: credit code must have 18 characters)")
    bad = [c for c in value if c not in CREDIT_CODE_CHARSET]
    if bad:
        raise CodeError(
            f"{label} 含非法字符 {''.join(bad)}（不得使用 I、O、Z、S、V） "
            f"(error: credit code has invalid characters {''.join(bad)})"
        )
    expected = credit_code_check_character(value[:17])
    if value[17] != expected:
        raise CodeError(
            f"{label} 校验码错误：第18位应为 {expected}，实际为 {value[17]} "
            f"(error: credit code check character should be {expected}, got {value[17]})"
        )
    return value


def make_credit_code(prefix17: str) -> str:
    """Complete 17 characters with their check character (demo data and tests build codes this way)."""
    return prefix17 + credit_code_check_character(prefix17)
