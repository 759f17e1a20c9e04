"""新增企业: the enterprise a ledger belongs to, validated as you type (credit code with its check
character, GB/T 2260 region, GB/T 4754 industry) and stored through the ledger (audited).

An engineer starting from an empty database adds the enterprise here, then its units with the unit form.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Static

from equipinv import ledger
from equipinv.db import session_scope
from equipinv.validation import ValidationFailed, validate_enterprise
from tui.errors import guarded
from tui.screens.form_screen import FormScreen
from tui.widgets.form_field import FormField

# short labels: the form's label column is 14 cells wide
LABELS = {"credit_code": "信用代码*", "name": "企业名称*", "region_code": "行政区划*", "industry_code": "行业代码*",
          "annual_energy_tce": "年综合能耗", "contact_person": "联系人", "contact_phone": "联系电话"}
REQUIRED = ("credit_code", "name", "region_code", "industry_code")
HINTS = {"credit_code": "18 位，含校验位", "region_code": "县级代码，如 141181 孝义市", "industry_code": "如 C2521 或 2521",
         "annual_energy_tce": "如 12000 tce、12000吨标准煤"}


class EnterpriseFormScreen(FormScreen):
    form_title = "新增企业"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="form-body"):
            yield Static("[b]新增企业[/b]（Ctrl+S 保存，Esc 取消）", id="form-title")
            for field, label in LABELS.items():
                yield FormField(field, label, hint=HINTS.get(field, ""))
            with Horizontal(id="form-buttons"):
                yield Button("保存 (Ctrl+S)", variant="primary", id="save")
                yield Button("取消 (Esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#input-credit_code", Input).focus()

    @on(Input.Changed)
    def _validate_as_typed(self, event: Input.Changed) -> None:
        field_widget = next((a for a in event.input.ancestors if isinstance(a, FormField)), None)
        if field_widget is not None:
            field_widget.show_error(self._check(field_widget.field, event.value))

    @staticmethod
    def _check(field: str, value: str) -> str | None:
        if not value.strip():
            return "为必填项" if field in REQUIRED else None
        try:
            validate_enterprise({field: value}, partial=True)
        except ValidationFailed as failed:
            return "；".join(e.message for e in failed.errors) or None
        return None

    def has_changes(self) -> bool:
        return any(f.changed for f in self.query(FormField))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_leave()

    @guarded
    def action_save(self) -> None:
        fields = list(self.query(FormField))
        for f in fields:  # required fields left untouched show their message now
            f.show_error(self._check(f.field, f.value))
        invalid = [f for f in fields if f.has_class("invalid")]
        if invalid:
            invalid[0].query_one(Input).focus()
            self.notify("请先改正标红的字段：" + "、".join(f.label for f in invalid), title="未保存", severity="error")
            return
        raw = {f.field: f.value for f in fields if f.value}
        try:
            with session_scope(self.app.engine) as session:  # type: ignore[attr-defined]
                enterprise = ledger.add_enterprise(session, raw, actor="tui")
                name = enterprise.name
        except ValidationFailed as failed:
            for error in failed.errors:
                self.query_one(f"#field-{error.field}", FormField).show_error(error.message)
            self.notify("\n".join(e.message for e in failed.errors), title="未保存", severity="error", markup=False)
            return
        self.app.pop_screen()
        self.notify(f"已新增企业 {name}，可按 a 录入设备或按 m 导入台账")
