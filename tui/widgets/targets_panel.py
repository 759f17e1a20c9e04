"""规划目标进度: the plans' targets for the regions of the ledger, as the overview's panel.

The rows are the ones `equipinv targets` and the summary report show (`equipinv.targets.rows`). They are
computed in a thread worker of their own, which the overview starts once its own figures are on screen,
so the first screen never waits for (or competes with) them; "刷新" on the overview reloads them too.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from sqlmodel import Session
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from equipinv.targets.rows import RegionTargets, TargetRow, scope_targets

LOADING = "正在计算目标进度…"
STATUS_STYLES = {"met": "green", "not_met": "yellow", "insufficient_data": "red", "no_threshold": "dim"}


def _projected(row: TargetRow) -> str:
    if row.projected_year is None:
        return "—"
    return f"{row.projected_year}年 {dict(row.projected)[row.projected_year]}"


def region_table(region: RegionTargets) -> Table:
    """One region's targets: 目标, 现值, 按计划预计, 目标值 and the gap or what is missing."""
    table = Table(box=None, padding=(0, 1), title=f"{region.title}  {region.headline}", title_justify="left",
                  expand=True)
    table.add_column("目标", no_wrap=True)
    for header, justify in (("规划", "left"), ("现值", "right"), ("按计划预计", "right"), ("目标值", "right"),
                            ("差距或缺少的数据", "left")):
        table.add_column(header, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in region.rows:
        table.add_row(row.label, row.document_number, row.now, _projected(row), row.target,
                      Text(row.short_outcome, style=STATUS_STYLES.get(row.status, "")))
    return table


def panel_body(regions: list[RegionTargets], note: str | None) -> RenderableType:
    if not regions:
        return Text(note or "没有覆盖台账所在地区的规划目标数据", style="dim")
    return Group(*(region_table(r) for r in regions))


class TargetsPanel(Vertical):
    """The targets of the ledger's regions, loaded in a worker when the overview asks (`reload`)."""

    DEFAULT_CSS = "TargetsPanel { height: auto; border: round $primary 40%; padding: 0 1; margin: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Static("[b]规划目标进度[/b]（现值 → 按已接受计划预计 → 目标；equipinv targets --region 查看原文）")
        yield Static(LOADING, id="targets-body")

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="targets", exit_on_error=False)
    def _load(self) -> tuple[list[RegionTargets], str | None]:
        with Session(self.app.engine) as session:  # type: ignore[attr-defined]
            return scope_targets(session, "all", None, self.app.today)  # type: ignore[attr-defined]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "targets":
            return
        event.stop()
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            regions, note = event.worker.result
            self.query_one("#targets-body", Static).update(panel_body(regions, note))
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            self.query_one("#targets-body", Static).update(Text("目标进度未能计算", style="red"))
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]
