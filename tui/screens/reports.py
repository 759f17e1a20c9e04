"""生成报表: choose a list (or the summary), its scope (all, one enterprise or one region) and a format,
write it in a worker with progress, show the path. For the enterprise chosen, the survey package it
sends to its county (报送调查包) is written here too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from sqlmodel import Session, select
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from equipinv.exchange.package import export_package
from equipinv.ledger import NotFound
from equipinv.models import Enterprise, Equipment
from equipinv.services.context import Context
from equipinv.services.documents import list_document, summary_document
from equipinv.services.scopes import ScopeRequest
from tui.scope_choice import chosen_scope, enterprise_options
from tui.widgets.drop_down import DropDown

REPORTS: dict[str, str] = {
    "current_state": "设备使用现状清单", "demand": "设备更新和技术改造需求清单", "new_project": "新建项目设备清单",
    "elimination": "设备淘汰清单", "renewal": "鼓励更新清单", "summary": "汇总报告（仅 PDF）",
}


@dataclass(frozen=True)
class Written:
    """A file the screen wrote, how many rows (or units) it holds and what the user must be told about it."""

    path: Path
    count: int
    warnings: tuple[str, ...] = ()
    """The renderer's own messages (font fallback, characters the font lacks): the text the CLI prints."""


def write_report(ctx: Context, report: str, fmt: str, folder: Path, progress: Any = None,
                 scope: ScopeRequest | None = None) -> Written:
    """Render one list or the summary of `scope` (default: everything) into `folder`, with the font from --config."""
    from reports.documents import write_document

    scope = scope or ScopeRequest()

    folder.mkdir(parents=True, exist_ok=True)
    if report == "summary":
        document: Any = summary_document(ctx, scope)
        path = folder / "汇总报告.pdf"
    else:
        document = list_document(ctx, report, scope)
        path = folder / f"{document.title}.{fmt}"
    result = write_document(document, fmt, path, font=ctx.config.pdf_font, progress=progress)
    return Written(path, result["rows"], tuple(result["warnings"]))


class ReportsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "generate", "生成"),
        Binding("ctrl+e", "export_package", "导出调查包"),
        Binding("escape", "app.go_back", "返回"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="reports-form"):
            yield Label("清单")
            yield DropDown([(zh, code) for code, zh in REPORTS.items()], value="elimination", allow_blank=False,
                           id="report-kind", compact=True)
            yield Label("范围：企业（不选为全部企业）")
            yield DropDown([], prompt="全部企业", id="report-enterprise", compact=True)
            yield Label("或行政区划代码（含下辖地区，如 141100 吕梁市）")
            yield Input(placeholder="留空则不按地区", id="report-region", compact=True)
            yield Label("格式")
            yield DropDown([("PDF", "pdf"), ("Excel (XLSX)", "xlsx")], value="pdf", allow_blank=False, id="report-format",
                           compact=True)
            yield Label("保存到文件夹")
            yield Input(str(Path.cwd() / "equipinv-reports"), id="report-folder", compact=True)
            with Horizontal(classes="form-row"):
                yield Button("生成 (Ctrl+G)", variant="primary", id="generate")
                yield Button("导出调查包 (Ctrl+E)", id="export-package")
            yield ProgressBar(total=100, id="report-progress", show_eta=False)
            yield Static("", id="report-result")
        yield Footer()

    def on_mount(self) -> None:
        options = enterprise_options(self.app.context)  # type: ignore[attr-defined]
        self.query_one("#report-enterprise", Select).set_options(options)
        self.query_one("#report-kind").focus()

    def _scope(self) -> ScopeRequest | None:
        """The chosen scope, or None (with a message naming the value) when it cannot be used."""
        return chosen_scope(self, "#report-enterprise", "#report-region")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "generate":
            self.action_generate()
        elif event.button.id == "export-package":
            self.action_export_package()

    def action_generate(self) -> None:
        kind = str(self.query_one("#report-kind", Select).value)
        fmt = str(self.query_one("#report-format", Select).value)
        scope = self._scope()
        if scope is None:
            return
        folder = Path(self.query_one("#report-folder", Input).value.strip() or ".").expanduser()
        self.query_one("#report-progress", ProgressBar).update(total=100, progress=0)
        self.query_one("#report-result", Static).update(f"正在生成{REPORTS[kind]}…")
        self._generate(kind, fmt, folder, scope)

    def action_export_package(self) -> None:
        scope = self._scope()
        if scope is None:
            return
        if scope.enterprise is None:
            self.notify("请先在“范围”中选择要报送的企业 (choose the enterprise whose package to write)",
                        severity="warning")
            return
        folder = Path(self.query_one("#report-folder", Input).value.strip() or ".").expanduser()
        self.query_one("#report-result", Static).update("正在导出调查包…")
        self._export_package(int(scope.enterprise), folder)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _export_package(self, enterprise_id: int, folder: Path) -> Written:
        period = self.app.today.strftime("%Y-%m")  # type: ignore[attr-defined]
        folder.mkdir(parents=True, exist_ok=True)
        with Session(self.app.engine) as session:  # type: ignore[attr-defined]
            enterprise = session.get(Enterprise, enterprise_id)
            if enterprise is None:
                raise NotFound(f"企业（编号 {enterprise_id}）已不存在 (error: enterprise {enterprise_id} not found)")
            path = export_package(session, enterprise, folder / f"调查包_{enterprise.credit_code}_{period}.zip",
                                  period=period)
            units = len(session.exec(select(Equipment.id).where(Equipment.enterprise_id == enterprise_id)).all())
        return Written(path, units)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _generate(self, kind: str, fmt: str, folder: Path, scope: ScopeRequest) -> Written:
        worker = get_current_worker()
        bar = self.query_one("#report-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        return write_report(self.app.context, kind, fmt, folder, progress, scope)  # type: ignore[attr-defined]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "report":
            return
        result = self.query_one("#report-result", Static)
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Written):
            written = event.worker.result
            bar = self.query_one("#report-progress", ProgressBar)
            bar.update(total=bar.total or 1, progress=bar.total or 1)
            what = (f"已导出调查包（{written.count} 台设备）" if written.path.suffix == ".zip"
                    else f"已生成（{written.count} 行）")
            # the font warnings stay on the screen beside the path, worded as the CLI prints them
            result.update(f"{what}：\n[b]{escape(str(written.path.resolve()))}[/b]"
                          + "".join(f"\n[$text-warning]{escape(w)}[/]" for w in written.warnings))
            self.notify(f"已生成 {written.path.name}" + ("，请看屏幕上的字体提示" if written.warnings else ""),
                        severity="warning" if written.warnings else "information")
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            message = self.app.report_error(event.worker.error)  # type: ignore[attr-defined]
            result.update(f"[$text-error]生成失败：{escape(message)}[/]")
