"""Turning what people type into clean, canonical values — or into messages naming field and value.

One validator serves the CLI, the TUI form and the Excel import, so a ledger row is judged the same
way wherever it comes from. Quantities go through `equipinv.units`, codes through `equipinv.codes`,
enum text through `equipinv.labels`; every problem becomes a `FieldError` and all of a row's problems
are reported together (the import's error workbook lists them field by field).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from efficiency_tables import PARAMETERS, Parameter
from equipinv import codes, designations, labels
from equipinv.errors import BadInput
from equipinv.mine_location import LOCATION_SOURCE, underground_from_location
from equipinv.rated_parameters import RatedParametersError, read_rated_parameters
from equipinv.units import FIELD_LABELS, QuantityError, parse_quantity


@dataclass(frozen=True)
class FieldError:
    field: str
    value: str
    message: str  # Chinese first, English after

    def __str__(self) -> str:
        return self.message


class ValidationFailed(BadInput, ValueError):
    """One or more fields of a record are wrong; `errors` says which and why."""

    advice = "请改正后再保存"

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        first = errors[0] if len(errors) == 1 else None
        super().__init__("；".join(e.message for e in errors), field=first.field if first else None,
                         value=first.value if first else None)


def validate_each(given: Iterable[tuple[str, Mapping[str, object]]],
                  validate: Callable[..., dict[str, Any]], *, today: dt.date) -> tuple[list[dict[str, Any]], list[str]]:
    """Each record given with its place ("第 3 行") validated: the clean ones, and one problem per bad one
    named by its place, so a sheet or member is refused whole with every fault said at once."""
    clean, problems = [], []
    for place, raw in given:
        try:
            clean.append(validate(raw, today=today))
        except ValidationFailed as exc:
            problems.append(f"{place}：{exc}")
    return clean, problems


FIELD_NAMES_ZH: dict[str, str] = {
    "asset_no": "资产编号",
    "name": "设备名称",
    "category": "设备类别",
    "model": "型号",
    "manufacturer": "生产厂家",
    "year_made": "出厂年份",
    "quantity": "数量",
    "poles": "极数",
    "efficiency_pct": "效率",
    "thermal_efficiency_pct": "热效率",
    "cop": "性能系数",
    "commissioning_date": "投运日期",
    "design_life_years": "设计年限",
    "operating_hours_per_year": "年运行小时",
    "load_factor": "负载率",
    "condition": "运行情况",
    "status": "使用状态",
    "transformer_type": "变压器类型",
    "core_material": "铁心材料",
    "insulation_class": "绝缘等级",
    "connection_group": "联结组别",
    "fuel": "燃料",
    "emission_standard": "排放标准",
    "vehicle_type": "车辆类型",
    "vehicle_use": "车辆用途",
    "annual_distance_km": "年行驶里程",
    "fuel_l_per_100km": "百公里油耗",
    "replacement_fuel_l_per_100km": "拟购车辆百公里油耗",
    "variable_duty": "变工况运行",
    "operating": "营运车辆",
    "underground_coal_mine": "煤矿井下使用",
    "cnc": "数控机床",
    "key_process": "关键工序",
    "site": "厂区/车间",
    "project": "所属项目",
    "parent_asset_no": "所属产线资产编号",
    "notes": "备注",
    "credit_code": "统一社会信用代码",
    "region_code": "行政区划代码",
    "industry_code": "行业代码",
    "annual_energy_tce": "年综合能耗",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "specific_power_kw_per_m3_min": "比功率",
    "mileage_km": "累计行驶里程",
    "location": "使用地点",  # mine fields (issue 23)
    "explosion_proof": "防爆型式",
    "ma_number": "煤安标志编号",
    "category_word": "类型原文",
    "rated_parameters": "额定参数",
    "mine_type": "矿井类型",
} | FIELD_LABELS

# Plausible bounds per quantity field, in the canonical unit: outside them a value is a typing error.
BOUNDS: dict[str, tuple[float, float]] = {
    "rated_power_kw": (0.01, 1_000_000.0),
    "measured_input_kw": (0.001, 1_000_000.0),
    "capacity_kva": (1.0, 2_000_000.0),
    "capacity_mw": (0.01, 2_000.0),
    "capacity_t_h": (0.05, 5_000.0),
    "voltage_kv": (0.02, 1_100.0),
    "no_load_loss_w": (0.0, 1_000_000.0),
    "load_loss_w": (0.0, 5_000_000.0),
    "flow_m3_h": (0.01, 1_000_000.0),
    "head_m": (0.1, 5_000.0),
    "flow_m3_min": (0.01, 100_000.0),
    "pressure_mpa": (0.0, 100.0),
    "speed_rpm": (1.0, 100_000.0),
    "mileage_km": (0.0, 10_000_000.0),
    "specific_power_kw_per_m3_min": (0.5, 50.0),
    "annual_energy_tce": (0.0, 100_000_000.0),
    "equipment_investment_2023_yuan": (0.0, 10_000_000_000_000.0),
}
PLAIN_BOUNDS: dict[str, tuple[float, float]] = {
    "efficiency_pct": (1.0, 100.0),
    "thermal_efficiency_pct": (10.0, 110.0),  # condensing gas boilers exceed 100 % on a net basis
    "cop": (0.5, 15.0),
    "design_life_years": (0.5, 100.0),
    "operating_hours_per_year": (0.0, 8784.0),
    "load_factor": (0.0, 1.5),
    "annual_distance_km": (0.0, 1_000_000.0),
    "fuel_l_per_100km": (1.0, 200.0),
    "replacement_fuel_l_per_100km": (1.0, 200.0),
}
#: The unit of each plain-number field (typed as a bare number), said when a value comes with a unit.
PLAIN_UNITS: dict[str, str] = {
    "efficiency_pct": "%", "thermal_efficiency_pct": "%", "cop": "", "design_life_years": "年",
    "operating_hours_per_year": "h/年", "load_factor": "", "annual_distance_km": "km", "fuel_l_per_100km": "L/100km",
    "replacement_fuel_l_per_100km": "L/100km",
}
_UNITS_EN = {"年": "years", "h/年": "hours a year", "": "none"}
BOOL_FIELDS = ("variable_duty", "operating", "underground_coal_mine", "cnc", "key_process")
ENUM_FIELDS = ("category", "status", "condition", "transformer_type", "core_material", "fuel", "emission_standard",
               "vehicle_use")
TEXT_FIELDS = (
    "asset_no", "name", "model", "manufacturer", "insulation_class", "connection_group",
    "vehicle_type", "site", "project", "parent_asset_no", "notes",
) + ("location", "explosion_proof", "ma_number", "category_word")  # mine fields (issue 23)
# Fields an edit may clear (their columns are nullable), and those it may not.
CLEARABLE = frozenset({
    *(set(BOUNDS) - {"annual_energy_tce", "equipment_investment_2023_yuan"}), *PLAIN_BOUNDS, "condition", "transformer_type", "core_material", "fuel",
    "emission_standard", "model", "manufacturer", "insulation_class", "connection_group", "vehicle_type", "vehicle_use", "notes",
    "year_made", "poles", "commissioning_date", "variable_duty", "operating", "underground_coal_mine",
    "cnc", "key_process", "location", "explosion_proof", "ma_number", "category_word",
})
_NOT_CLEARABLE = frozenset({"asset_no", "name", "category", "quantity", "status"})
#: Every key `validate_equipment` takes for a unit (besides the rating parameters of `extra_rating_parameters`).
ENTRY_FIELDS: tuple[str, ...] = (
    "asset_no", "name", "category", "model", "manufacturer", "year_made", "quantity", "status", "condition",
    "commissioning_date", *(f for f in BOUNDS if f not in ("annual_energy_tce", "equipment_investment_2023_yuan")),
    "poles", *PLAIN_BOUNDS, *(f for f in ENUM_FIELDS if f not in ("category", "status", "condition")),
    *(f for f in TEXT_FIELDS if f not in ("asset_no", "name", "model", "manufacturer")), *BOOL_FIELDS, "rated_parameters",
)
_MAPPINGS = ("value_sources", "rating_params", "extra")  # JSON columns, taken as given


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value)
    )


def _error(field: str, value: object, zh: str, en: str) -> FieldError:
    name = FIELD_NAMES_ZH.get(field, field)
    return FieldError(field, str(value), f'{name} "{value}" {zh} (error: {field} "{value}" {en})')


_DATE_PATTERNS: list[tuple[re.Pattern[str], bool]] = [
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"), True),
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), False),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), True),
    (re.compile(r"^(\d{4})年?$"), False),
]


def parse_date(text: object) -> dt.date:
    """Dates as people write them: 2009-06-15, 2009-06, 2009.6, 2009年6月, 2009/6/15, 20090615, 2009.

    A month without a day means the first of that month; a bare year means 1 January (ledgers often
    give only the year of commissioning). Raises ValueError on anything else.
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    raw = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    raw = re.sub(r"[T ]\d{1,2}:\d{2}(:\d{2})?$", "", raw)
    for pattern, has_day in _DATE_PATTERNS:
        m = pattern.match(raw)
        if m:
            year = int(m.group(1))
            month = int(m.group(2)) if m.lastindex and m.lastindex >= 2 else 1
            day = int(m.group(3)) if has_day else 1
            return dt.date(year, month, day)
    raise ValueError(f"not a date: {text!r}")


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError("boolean")
    if isinstance(value, (int, float)):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    return float(text)


def share_scale(field: str) -> float | None:
    """What 100 % is in a share field's own scale (a part of a whole, dimensionless), else None.

    Column names carry their unit: `*_pct` fields are kept in percent (efficiency_pct=91% is 91), a load
    factor and `*_fraction` fields as a fraction (load_factor=70% is 0.7). Only these take a percentage.
    """
    if field.endswith("_pct"):
        return 100.0
    return 1.0 if field == "load_factor" or field.endswith("_fraction") else None


def plain_number(field: str, value: object, category: str | None = None) -> float:
    """A number typed for a field without unit text (an efficiency, a load factor, years) as the ledger
    reads it — a percentage for a share field only — for the fronts that describe a unit without
    storing it (classify, match, savings). Raises `ValidationFailed` naming the field and its unit."""
    unit = PLAIN_UNITS.get(field)
    if unit is None:
        params = extra_rating_parameters().get(field, {})
        parameter = params.get(category or "") or next(iter(params.values()), None)
        unit = parameter.unit if parameter else ("%" if field.endswith("_pct") else "")
    try:
        return _plain_number(field, value, unit, share_scale(field))
    except _Bad as bad:
        raise ValidationFailed([_error(field, value, bad.zh, bad.en)]) from None


def _plain_number(field: str, value: object, unit: str, share_scale: float | None) -> float:
    """A field typed as a bare number in `unit`: a percentage only for a share field (`share_scale`, what
    100 % is in the field's scale), and any other unit refused naming the field's own unit — so
    design_life_years=70% is never stored as 70 years."""
    text = value if isinstance(value, (bool, int, float)) else unicodedata.normalize("NFKC", str(value)).strip()
    percent = isinstance(text, str) and text.endswith("%")
    in_unit, unit_en = f"单位为 {unit}" if unit else "无单位的数", _UNITS_EN.get(unit, unit)
    try:
        number = _number(text[:-1] if isinstance(text, str) and percent else text)
    except ValueError as exc:
        raise _Bad(f"不是数值（{in_unit}，只填数字）", f"is not a number (its unit is {unit_en})") from exc
    if not percent:
        return number
    if share_scale is None:
        raise _Bad(f"不能写成百分数（{in_unit}）", f"cannot be a percentage (its unit is {unit_en})")
    return number * share_scale / 100.0


def _parse_bool(value: object) -> bool:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y", "是", "有", "√"):
        return True
    if text in ("0", "false", "no", "n", "否", "无", "×"):
        return False
    raise ValueError(text)


def validate_equipment(raw: Mapping[str, object], *, today: dt.date | None = None, partial: bool = False,
                       warnings: list[FieldError] | None = None) -> dict[str, Any]:
    """Clean one equipment record. Keys are canonical field names; values may be text with units.

    With `partial=True` (an edit) only the given fields are checked and returned, and the required
    fields may be absent; an optional field given blank is cleared (None), a required one given blank is
    an error. Raises `ValidationFailed` listing every bad field.

    With a `warnings` list (an import), a category word that names no known category is stored as
    其他 with the word kept in `category_word`, and a warning is added instead of an error; so are
    quantities of a combined 额定参数 cell that no field takes.
    """
    today = today or dt.date.today()
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    for field, value in raw.items():
        if field in ("annual_energy_tce", "equipment_investment_2023_yuan"):  # an enterprise figure, not a unit's
            errors.append(_error(field, value, "不是设备字段", "is not a field of a unit"))
            continue
        if partial and _is_blank(value) and field in CLEARABLE:
            clean[field] = None
            continue
        if partial and _is_blank(value) and field in _NOT_CLEARABLE:
            errors.append(_error(field, "", "不能为空", "must not be blank"))
            continue
        if field in _MAPPINGS and value and not isinstance(value, Mapping):  # typed on a command line
            errors.append(_error(field, value, "不能直接录入（由导入和型号推导写入）", "is not entered by hand"))
            continue
        if field in _MAPPINGS or _is_blank(value):
            if field in _MAPPINGS and value:
                clean[field] = dict(value)  # type: ignore[call-overload]
            continue
        if field in extra_rating_parameters() or field == "rated_parameters":
            continue  # judged below, once the category is known
        try:
            clean[field] = (_clean_repeated(field, value, today) if field in _REPEATING and isinstance(value, Hashable)
                            else _clean_field(field, value, today))
        except _Bad as bad:
            if field == "category" and warnings is not None:
                clean["category"], clean["category_word"] = "other", str(value).strip()[:40]
                warnings.append(FieldError(field, str(value), f'设备类别 "{value}" 不是已知类别，已按“其他”录入并保留原词 '
                                           f'(warning: category "{value}" is not known; stored as other, word kept)'))
                continue
            errors.append(_error(field, value, bad.zh, bad.en))
    _mine_fields(raw, clean, errors, warnings)
    for field, value in raw.items():
        if field in extra_rating_parameters() and not _is_blank(value):
            if warnings is not None and _foreign_parameter(field, value, clean, warnings):
                continue
            try:
                clean[field] = _clean_rating_param(field, value, clean.get("category"))
            except _Bad as bad:
                errors.append(_error(field, value, bad.zh, bad.en))
    if not partial:
        for required in ("asset_no", "name", "category"):
            if required not in clean and not any(e.field == required for e in errors):
                errors.append(_error(required, "", "为必填项", "is required"))
    made, commissioned = clean.get("year_made"), clean.get("commissioning_date")
    if made and commissioned and commissioned.year < made - 1:
        errors.append(_error("commissioning_date", commissioned, f"早于出厂年份 {made}", f"is before year made {made}"))
    if errors:
        raise ValidationFailed(errors)
    clean = split_rating_params(clean)
    if not partial:  # every full record passes here: the model fills its empty ratings (edits: ledger.edit_equipment)
        designations.fill_record(clean)
    return clean


def _mine_fields(raw: Mapping[str, object], clean: dict[str, Any], errors: list[FieldError],
                 warnings: list[FieldError] | None) -> None:
    """A combined 额定参数 cell read into its fields (a field given in its own column wins), and the
    underground flag read from 使用地点 when the ledger does not give it (issue 23)."""
    combined = raw.get("rated_parameters")
    if not _is_blank(combined):
        try:
            fields, notes = read_rated_parameters(combined, clean.get("category"))
        except RatedParametersError as bad:
            errors.append(_error("rated_parameters", combined, bad.zh, bad.en))
        else:
            for name, number in fields.items():
                if name in clean:
                    continue
                try:
                    clean[name] = _bounded(name, number, BOUNDS[name])
                except _Bad as bad:
                    errors.append(_error("rated_parameters", combined, bad.zh, bad.en))
            if warnings is not None:
                warnings.extend(FieldError("rated_parameters", str(combined), note) for note in notes)
    if clean.get("location") and "underground_coal_mine" not in clean:
        underground = underground_from_location(clean["location"])
        if underground is not None:
            clean["underground_coal_mine"] = underground
            clean["value_sources"] = {**clean.get("value_sources", {}), "underground_coal_mine": LOCATION_SOURCE}


class _Bad(Exception):
    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en


# Fields whose few distinct values repeat down a ledger (ratings, codes, years, dates): each distinct
# cell is cleaned once per run, which makes a province's import several times faster.
_REPEATING = frozenset({*BOUNDS, *PLAIN_BOUNDS, *ENUM_FIELDS, "year_made", "quantity", "poles", "commissioning_date",
                        *BOOL_FIELDS})


def _clean_repeated(field: str, value: object, today: dt.date) -> Any:
    ok, result = _clean_memo(field, type(value).__name__, value, today)
    if not ok:
        raise _Bad(*result)
    return result


@lru_cache(maxsize=1 << 16)
def _clean_memo(field: str, kind: str, value: object, today: dt.date) -> tuple[bool, Any]:
    """`_clean_field`'s answer, or the messages of its refusal; `kind` keeps 1, 1.0 and True apart."""
    try:
        return True, _clean_field(field, value, today)
    except _Bad as bad:
        return False, (bad.zh, bad.en)


def _clean_field(field: str, value: object, today: dt.date) -> Any:
    if field in BOUNDS:
        try:
            number = parse_quantity(field, value)  # type: ignore[arg-type]
        except QuantityError as exc:
            raise _Bad(exc.reason_zh, exc.reason_en) from exc
        return _bounded(field, number, BOUNDS[field])
    if field in PLAIN_BOUNDS:
        number = _plain_number(field, value, PLAIN_UNITS[field], share_scale(field))
        return _bounded(field, number, PLAIN_BOUNDS[field])
    if field in ENUM_FIELDS:
        code = labels.code_for(field, str(value))
        if code is None:
            allowed = "、".join(labels.ENUMS[field].values())
            raise _Bad(f"不是可选值（可选：{allowed}）", f"is not one of {', '.join(labels.ENUMS[field])}")
        return code
    if field in TEXT_FIELDS:
        text = clean_text(value, identifier=field in IDENTIFIER_FIELDS)
        if field == "ma_number":  # 煤安标志编号 as printed on the certificate: ＭＡＤ０９… and mad09… are MAD09…
            text = text.replace(" ", "").upper()
        if len(text) > 500:
            raise _Bad("超过500个字符", "is longer than 500 characters")
        if field in ("explosion_proof", "ma_number", "category_word") and len(text) > 40:  # their columns' width
            raise _Bad("超过40个字符", "is longer than 40 characters")
        return text
    if field == "year_made":
        try:
            number = float(value.year) if isinstance(value, dt.date) else _number(value)
        except ValueError:
            try:  # a date written where the year made goes (制造日期): its year
                number = float(parse_date(value).year)
            except ValueError as exc:
                raise _Bad("不是年份", "is not a year") from exc
        if not math.isfinite(number) or number != int(number):
            raise _Bad("不是整年份", "is not a whole year")
        year = int(number)
        if not 1900 <= year <= today.year:
            raise _Bad(f"应在1900至{today.year}年之间", f"must be between 1900 and {today.year}")
        return year
    if field == "quantity":
        number = _whole_number(value)
        if not 1 <= number <= 100_000:
            raise _Bad("应为1至100000的整数", "must be a whole number from 1 to 100000")
        return number
    if field == "poles":
        number = _whole_number(value)
        if number % 2 or not 2 <= number <= 64:
            raise _Bad("应为2至64的偶数", "must be an even number from 2 to 64")
        return number
    if field == "commissioning_date":
        try:
            date = parse_date(value)
        except ValueError as exc:
            raise _Bad("不是可识别的日期（如 2009-06-15、2009年6月、2009.6）", "is not a date") from exc
        if date > today:
            raise _Bad(f"晚于今天（{today.isoformat()}）", f"is in the future (today is {today.isoformat()})")
        if date.year < 1900:
            raise _Bad("早于1900年", "is before 1900")
        return date
    if field in BOOL_FIELDS:
        try:
            return _parse_bool(value)
        except ValueError as exc:
            raise _Bad("应为 是/否", "must be yes or no") from exc
    raise _Bad("不是可录入的字段", "is not a known field")


@cache
def extra_rating_parameters() -> dict[str, dict[str, Parameter]]:
    """Rating parameters the benchmark tables take that have no column of their own (kept in
    `rating_params`): name -> category -> parameter (the same name may differ by category)."""
    from equipinv.models import Equipment

    columns = set(Equipment.model_fields)
    found: dict[str, dict[str, Parameter]] = {}
    for category, params in PARAMETERS.items():
        for p in params:
            if p.name not in columns:
                found.setdefault(p.name, {})[category] = p
    return found


def _clean_rating_param(field: str, value: object, category: str | None) -> float | str:
    by_category = extra_rating_parameters()[field]
    candidates = [by_category[category]] if category in by_category else list(by_category.values())
    if candidates[0].kind == "float":
        unit = candidates[0].unit
        number = _plain_number(field, value, unit, share_scale(field))
        if not math.isfinite(number) or number < 0:
            raise _Bad("应为非负数", "must be a non-negative number")
        return number
    text = str(value).strip()
    choices = sorted({c for p in candidates for c in p.choices}) if all(p.choices for p in candidates) else []
    if choices and text not in choices:
        raise _Bad(f"不是可选值（可选：{'、'.join(choices)}）", f"is not one of {', '.join(choices)}")
    return text


def _foreign_parameter(field: str, value: object, clean: dict[str, Any], warnings: list[FieldError]) -> bool:
    """An imported row giving a parameter of another category's benchmark table (a boiler's 燃烧方式 on a
    motor row): the value is kept in `extra` under the parameter's name, where no grading reads it, and a
    warning says so. True when that happened."""
    category, by_category = clean.get("category"), extra_rating_parameters()[field]
    if category is None or category in by_category:
        return False
    name = next(iter(by_category.values())).short_label
    owners = "、".join(labels.label("category", c) for c in by_category)
    clean["extra"] = {**clean.get("extra", {}), name: value if isinstance(value, (int, float, str)) else str(value)}
    warnings.append(FieldError(field, str(value), f'{name} "{value}" 是{owners}的参数，不适用于'
                               f'{labels.label("category", category)}，未用于分级，原值保存在其他列(extra) '
                               f'(warning: {field} belongs to {", ".join(by_category)}, not {category}; kept in extra)'))
    return True


def split_rating_params(clean: dict[str, Any]) -> dict[str, Any]:
    """Move the extra rating parameters of a cleaned record into its `rating_params` mapping."""
    extra = {k: clean.pop(k) for k in list(clean) if k in extra_rating_parameters()}
    if extra:
        clean["rating_params"] = {**clean.get("rating_params", {}), **extra}
    return clean


def _whole_number(value: object) -> int:
    try:
        number = _number(value)
    except ValueError as exc:
        raise _Bad("不是整数", "is not a whole number") from exc
    if not math.isfinite(number) or number != int(number):
        raise _Bad("不是整数", "is not a whole number")
    return int(number)


def _bounded(field: str, number: float, bounds: tuple[float, float]) -> float:
    low, high = bounds
    if not math.isfinite(number) or not low <= number <= high:
        raise _Bad(f"超出合理范围 {low:g}～{high:g}", f"is outside the plausible range {low:g}..{high:g}")
    return number


# Text that names a thing (asset numbers): an invisible character would make two different keys look alike.
IDENTIFIER_FIELDS = frozenset({"asset_no", "parent_asset_no"})


def clean_text(value: object, *, identifier: bool = False) -> str:
    """Text as stored: NFKC-normalised (full-width letters, compatibility forms) and trimmed. An
    identifier with a control, zero-width or bidirectional character (anything not printable) is
    refused; other text loses its control characters (line breaks become spaces)."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.isprintable():  # the usual case, at C speed
        return text
    if identifier:
        hidden = next(c for c in text if not c.isprintable())
        raise _Bad(f"含不可见或控制字符 U+{ord(hidden):04X}",
                   f"contains the invisible or control character U+{ord(hidden):04X}")
    return "".join(" " if c in "\t\n\r" else c for c in text
                   if c in "\t\n\r" or unicodedata.category(c) != "Cc").strip()


_ENTERPRISE_CHECKS: dict[str, Callable[[object], Any]] = {
    "credit_code": lambda v: codes.validate_credit_code(clean_text(v, identifier=True)),
    "region_code": lambda v: codes.region(str(v).strip()).code,
    "industry_code": lambda v: codes.industry(str(v)).code,
}


def validate_enterprise(raw: Mapping[str, object], *, partial: bool = False) -> dict[str, Any]:
    """Clean one enterprise record (credit code with its check character, region, industry ...)."""
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    for field, value in raw.items():
        if _is_blank(value):
            continue
        try:
            if field in _ENTERPRISE_CHECKS:
                clean[field] = _ENTERPRISE_CHECKS[field](value)
            elif field in ("annual_energy_tce", "equipment_investment_2023_yuan"):
                clean[field] = _clean_field(field, value, dt.date.today())
            elif field in ("name", "contact_person", "contact_phone"):
                clean[field] = clean_text(value)
            elif field == "mine_type":
                code = labels.code_for("mine_type", str(value))
                if code is None:
                    raise _Bad(f"不是可选值（可选：{'、'.join(labels.MINE_TYPES.values())}）",
                               f"is not one of {', '.join(labels.MINE_TYPES)}")
                clean[field] = code
            else:
                raise _Bad("不是可录入的字段", "is not a known field")
        except codes.CodeError as exc:
            errors.append(FieldError(field, str(value), str(exc)))
        except _Bad as bad:
            errors.append(_error(field, value, bad.zh, bad.en))
    if not partial:
        for required in ("credit_code", "name", "region_code", "industry_code"):
            if required not in clean and not any(e.field == required for e in errors):
                errors.append(_error(required, "", "为必填项", "is required"))
    if errors:
        raise ValidationFailed(errors)
    return clean


def parse_yes_no(value: object) -> bool:
    """是/否, yes/no, 1/0, √/× as a bool; ValueError for anything else (for flags outside a unit record)."""
    return _parse_bool(value)
