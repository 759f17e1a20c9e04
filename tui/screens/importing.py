"""导入: an Excel/CSV ledger (enterprise) or an inbox folder of survey packages and ledgers (bureau),
imported in a worker with progress; then the accepted counts and every rejected row or file with its reason.

A ledger goes through `exchange.ledger_import.import_ledger` (one submission, audited) and its units are
graded and checked at once; an inbox goes through `bureau.consolidate.consolidate` (one transaction per
file, completeness scores per enterprise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Header, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from equipinv.bureau.consolidate import ConsolidationReport, consolidate
from equipinv.db import session_scope
from equipinv.exchange.ledger_import import ImportReport, import_ledger
from equipinv.field_labels import field_label


class ImportScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "start", "开始导入", priority=True),
        Binding("escape", "app.go_back", "返回"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="import-form"):
            yield Label("台账文件（.xlsx / .csv）或收件箱文件夹（调查包与台账）")
            yield Input(placeholder="如 /home/user/台账.xlsx 或 /data/收件箱/", id="import-path")
            with Horizontal(classes="form-row"):
                yield Label("企业信用代码（工作簿无企业信息表时填写）")
                yield Input(id="import-credit")
            with Horizontal(classes="form-row"):
                yield Checkbox("只检查，不入库（试运行）", id="import-dry")
                yield Button("开始导入 (Ctrl+G)", variant="primary", id="start")
            yield ProgressBar(total=None, id="import-progress", show_eta=False)
            yield Static("", id="import-result")
        yield DataTable(id="import-table", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_start(self) -> None:
        text = self.query_one("#import-path", Input).value.strip()
        path = Path(text).expanduser() if text else None
        if path is None or not path.exists():
            self.notify(f"找不到“{text}”，请填写台账文件或收件箱文件夹的完整路径", title="未导入", severity="error",
                        markup=False)
            return
        if path.is_file() and path.suffix.lower() not in (".xlsx", ".csv"):
            self.notify("只能导入 .xlsx 或 .csv 台账，或一个收件箱文件夹", title="未导入", severity="error")
            return
        self.query_one("#import-progress").display = True
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#import-result", Static).update(f"正在导入 {escape(path.name)}…")
        self._run(path, self.query_one("#import-credit", Input).value.strip() or None,
                  self.query_one("#import-dry", Checkbox).value)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _run(self, path: Path, credit: str | None, dry_run: bool) -> ImportReport | ConsolidationReport:
        engine = self.app.engine  # type: ignore[attr-defined]
        worker = get_current_worker()
        bar = self.query_one("#import-progress", ProgressBar)
        if path.is_dir():
            def progress(done: int, total: int, name: str) -> None:
                if not worker.is_cancelled:
                    self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

            return consolidate(engine, path, progress=progress)
        with session_scope(engine) as session:
            report = import_ledger(session, path, enterprise_credit_code=credit, dry_run=dry_run, submitted_by="tui",
                                   today=self.app.today)  # type: ignore[attr-defined]
        return report

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "import" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self.query_one("#import-progress").display = False
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.query_one("#import-result", Static).update("导入未完成，数据库未作改动")
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]
        elif isinstance(event.worker.result, ImportReport):
            self._show_ledger(event.worker.result)
        elif isinstance(event.worker.result, ConsolidationReport):
            self._show_inbox(event.worker.result)

    def _table(self, columns: list[tuple[str, str]]) -> DataTable[Any]:
        table: DataTable[Any] = self.query_one("#import-table", DataTable)
        table.clear(columns=True)
        for key, header in columns:
            table.add_column(header, key=key)
        return table

    def _show_ledger(self, r: ImportReport) -> None:
        result = self.query_one("#import-result", Static)
        if r.duplicate:
            result.update(f"此文件已导入过（提交第 {r.version} 版），未作改动")
            return
        verb = "将导入（试运行，未入库）" if r.dry_run else "已导入"
        lines = [f"{verb}：{escape(r.enterprise_name or r.enterprise_credit_code or '')}，新增 [b]{r.accepted}[/b] 台，"
                 f"更新 {r.updated} 台，未变 {r.unchanged} 台，拒绝 [b red]{len(r.rejected)}[/] 行"]
        lines += [f"提示：{escape(notice)}" for notice in r.notices()]
        if r.error_workbook:
            lines.append(f"错误明细已写入 {escape(r.error_workbook)}")
        if r.warnings:
            lines.append(f"提示 {len(r.warnings)} 条：这些行已录入，录入方式见下表")
        result.update("\n".join(lines))
        table = self._table([("row", "行号"), ("field", "字段"), ("reason", "原因")])
        for rejected in r.rejected:
            for field, message in rejected.errors.items():
                table.add_row(str(rejected.row), field_label(field), message)
        for warning in r.warnings:
            table.add_row(str(warning.row), field_label(warning.field), f"提示：{warning.message}")
        if r.submission_id is not None and not r.dry_run:
            self.notify(f"已导入 {r.accepted + r.updated} 台，并已分级和检查")

    def _show_inbox(self, r: ConsolidationReport) -> None:
        self.query_one("#import-result", Static).update(
            f"收件箱：接收 [b]{len(r.accepted)}[/b] 份，拒收 [b red]{len(r.rejected)}[/] 份，重复 {len(r.duplicates)} 份，"
            f"替代旧版本 {len(r.superseded)} 家")
        table = self._table([("name", "文件或企业"), ("state", "结果"), ("detail", "原因 / 完整度")])
        for item in r.rejected:
            table.add_row(item["file"], "拒收", item["reason"])
        for item in r.skipped:
            table.add_row(item["file"], "跳过", item["reason"])
        for c in r.completeness:
            missing = "、".join(f"{field_label(k)} {v} 行" for k, v in c.missing.items())
            table.add_row(c.name, f"{c.units} 行", f"完整度 {c.score:.0%}" + (f"；缺：{missing}" if missing else ""))
