"""录入/编辑设备: a form validated as you type, saved through the ledger (audited), then graded and checked.

Quantities are typed with their units ("75 kW", "100 hp", "1250 kVA"), dates as people write them
("2009-06", "2009年6月"). The fields shown follow the category: the common ledger fields plus the
rating parameters its benchmark table needs.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

import efficiency_tables as et
from equipinv import categories, labels
from equipinv.models import Equipment
from equipinv.services.units import add_unit, edit_unit, enterprises
from equipinv.validation import BOUNDS, FIELD_NAMES_ZH, ValidationFailed, validate_equipment
from tui.errors import guarded
from tui.screens.form_screen import FormScreen
from tui.screens.unit_detail import FIELD_UNITS
from tui.widgets.drop_down import DropDown
from tui.widgets.form_field import FormField

COMMON = ("asset_no", "name", "model", "manufacturer", "year_made", "quantity", "commissioning_date",
          "design_life_years", "site", "operating_hours_per_year", "load_factor", "notes")
ENUM_COMMON = ("status", "condition")
HINTS = {"rated_power_kw": "如 75 kW、100 hp", "capacity_kva": "如 1250 kVA", "commissioning_date": "如 2009-06-15、2009年6月",
         "capacity_t_h": "如 10 t/h", "capacity_mw": "如 2.8 MW", "flow_m3_min": "如 20 m³/min",
         "pressure_mpa": "如 0.8 MPa", "load_factor": "0～1，如 0.7", "efficiency_pct": "%，如 95.1"}
ENUM_FIELDS = {"transformer_type", "core_material", "fuel", "emission_standard", "vehicle_use"}


def category_fields(category: str) -> list[tuple[str, str]]:
    """(field, Chinese label) of the rating parameters a category's benchmark table needs, then the other
    fields the category registry names for it (what savings and the catalogues read)."""
    fields = [(p.name, FIELD_NAMES_ZH.get(p.name, p.short_label)) for p in et.PARAMETERS.get(category, ())]
    entry = categories.registry().get(category)
    fields += [(f.name, FIELD_NAMES_ZH.get(f.name, f.name)) for f in (entry.fields if entry else ())]
    return list(dict.fromkeys(fields))


def shown_value(unit: Equipment | None, field: str) -> str:
    """A stored value as the form shows it: quantities with their unit, codes as Chinese labels."""
    if unit is None:
        return ""
    value = getattr(unit, field, None) if field in Equipment.model_fields else (unit.rating_params or {}).get(field)
    if value is None:
        return ""
    if field in ENUM_FIELDS:
        return labels.label(field, value)
    if isinstance(value, float):
        # quantities parsed with units are shown with theirs; plain numbers (%, hours) without
        return f"{value:.10g} {FIELD_UNITS[field]}" if field in BOUNDS and field in FIELD_UNITS else f"{value:.10g}"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class UnitFormScreen(FormScreen):
    def __init__(self, unit: Equipment | None, *, site: str | None = None, enterprise_id: int | None = None) -> None:
        super().__init__()
        self.unit = unit
        self.site = site
        self.enterprise_id = enterprise_id
        self.category = unit.category if unit else "motor"
        self.form_title = f"编辑设备 {unit.asset_no} {unit.name}" if unit else "新增设备"
        self._opened_with: dict[str | None, object] = {}

    def compose(self) -> ComposeResult:
        u = self.unit
        yield Header()
        with VerticalScroll(id="form-body"):
            yield Static(f"[b]{self.form_title}[/b]（Ctrl+S 保存，Esc 取消；数量可带单位）", id="form-title")
            if u is None:
                choices = [(name, str(eid)) for eid, name in enterprises(self.app.context)]  # type: ignore[attr-defined]
                with Horizontal(classes="select-row"):
                    yield Label("所属企业")
                    yield DropDown(choices, prompt="请选择企业", id="form-enterprise", compact=True,
                                   value=str(self.enterprise_id or choices[0][1]) if choices else Select.NULL)
            with Horizontal(classes="select-row"):
                yield Label("设备类别")
                yield DropDown([(zh, code) for code, zh in labels.CATEGORIES.items()], value=self.category,
                               allow_blank=False, id="form-category", compact=True)
            with Horizontal(classes="select-row"):
                yield Label("使用状态")
                yield DropDown([(zh, code) for code, zh in labels.STATUSES.items()], value=u.status if u else "in_use",
                               allow_blank=False, id="form-status", compact=True)
                yield Label("运行情况")
                yield DropDown([(zh, code) for code, zh in labels.CONDITIONS.items()], prompt="未填", compact=True,
                               value=u.condition if u and u.condition else Select.NULL, id="form-condition")
            with Vertical(id="form-common"):
                for field in COMMON:
                    value = (self.site or "") if field == "site" else shown_value(u, field)
                    yield FormField(field, FIELD_NAMES_ZH.get(field, field), value,
                                    hint=HINTS.get(field, ""))
            yield Static("[b]技术参数[/b]", classes="section")
            yield Vertical(*self._parameter_fields(), id="form-params")
            with Horizontal(id="form-buttons"):
                yield Button("保存 (Ctrl+S)", variant="primary", id="save")
                yield Button("取消 (Esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._opened_with = self._choices()

    def _choices(self) -> dict[str | None, object]:
        return {select.id: select.value for select in self.query(Select)}

    def has_changes(self) -> bool:
        return any(f.changed for f in self.query(FormField)) or self._choices() != self._opened_with

    def _parameter_fields(self) -> list[FormField]:
        return [FormField(f, label, shown_value(self.unit, f), hint=HINTS.get(f, ""))
                for f, label in category_fields(self.category)]

    @on(Select.Changed, "#form-category")
    async def _category_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self.category:
            return
        self.category = str(event.value)
        box = self.query_one("#form-params", Vertical)
        await box.remove_children()
        await box.mount_all(self._parameter_fields())

    @on(Input.Changed)
    def _validate_as_typed(self, event: Input.Changed) -> None:
        field_widget = next((a for a in event.input.ancestors if isinstance(a, FormField)), None)
        if field_widget is not None:
            field_widget.show_error(self._check(field_widget.field, event.value))

    def _check(self, field: str, value: str) -> str | None:
        if not value.strip():
            return "为必填项" if field in ("asset_no", "name") else None
        try:
            validate_equipment({"category": self.category, field: value}, partial=True)
        except ValidationFailed as failed:
            return "；".join(e.message for e in failed.errors if e.field == field) or None
        return None

    def _raw(self) -> dict[str, object]:
        raw: dict[str, object] = {}
        for f in self.query(FormField):
            if (self.unit is None and f.value) or (self.unit is not None and f.changed):
                raw[f.field] = f.value  # an edit that empties a field clears it
        for field, selector in (("category", "#form-category"), ("status", "#form-status"),
                                ("condition", "#form-condition")):
            value = self.query_one(selector, Select).value
            if value is not Select.NULL and (self.unit is None or value != getattr(self.unit, field)):
                raw[field] = str(value)
        return raw

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_leave()

    @guarded
    def action_save(self) -> None:
        invalid = [f for f in self.query(FormField) if f.has_class("invalid")]
        if invalid:
            invalid[0].query_one(Input).focus()
            self.notify("请先改正标红的字段：" + "、".join(f.label for f in invalid), title="未保存", severity="error")
            return
        raw = self._raw()
        context = self.app.context  # type: ignore[attr-defined]
        try:
            if self.unit is None:
                enterprise = self.query_one("#form-enterprise", Select).value
                if enterprise is Select.NULL:
                    self.notify("请选择所属企业", title="未保存", severity="error")
                    return
                unit_id = add_unit(context, int(str(enterprise)), raw).id
                self.app.pop_screen()
                self.app.open_unit(unit_id)  # type: ignore[attr-defined]
                self.notify("已新增设备并完成能效分级和淘汰检查")
                return
            if not raw:
                self.notify("没有修改", severity="warning")
                return
            changes = edit_unit(context, self.unit.id or 0, raw, expected_version=self.unit.version).changes
        except ValidationFailed as failed:
            self._show_errors(failed)
            return
        self.app.pop_screen()
        self.notify(f"已保存 {len(changes)} 项修改（已记入审计日志），已重新分级和检查")

    def _show_errors(self, failed: ValidationFailed) -> None:
        for error in failed.errors:
            for f in self.query(FormField):
                if f.field == error.field:
                    f.show_error(error.message)
        self.notify("\n".join(e.message for e in failed.errors), title="未保存：请改正后再保存", severity="error",
                    markup=False)
