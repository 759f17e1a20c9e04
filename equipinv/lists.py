"""The lists the plans require, built from the stored ledger, findings and the latest plan.

设备使用现状清单 (current state), 设备更新和技术改造需求清单 (demand, one section per industry),
新建项目设备清单 (new projects) and 设备淘汰清单 (elimination: name, years in service, basis,
timetable, replacement). Each is an `equipinv.listing.ListDocument` of rows a person reads; the
renderers (reports, tui) draw them and compute nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv import codes, designations, labels
from equipinv.elimination_list import (
    ELIMINATION_UNIT_COLUMNS,
    EliminationCounts,
    elimination_sections,
    latest_assessments,
    legal_basis,
    list_notes,
    replacement_for,
    scope_elimination_counts,
)
from equipinv.errors import BadInput
from equipinv.field_labels import chinese_part
from equipinv.fuel_switch import fuel_switch_figures
from equipinv.ledger_reader import LIST_UNIT_COLUMNS, ScopeLedger, ids_among, stream
from equipinv.ledger_stats import years_in_service
from equipinv.listing import FillerInfo, ListDocument, ListSection, Row, standard_list
from equipinv.models import DeclaredNeed, Enterprise, Equipment, Finding, Plan, PlanItem, SafetyAssessment
from equipinv.plans import accepted_plan_for, plan_reference
from equipinv.projects import NEED_ACTIONS
from equipinv.renewal_list import renewal_rows
from equipinv.row_spool import RowSpool, SpooledRows

LIST_IDS = ("current_state", "demand", "new_project", "elimination", "renewal")
_REPLACING_ACTIONS = ("energy_saving", "advanced", "right_size", "replace_now", "replace_at_failure")


@dataclass(frozen=True)
class Scope:
    """Which enterprises a list covers and how the form names that."""

    enterprise_ids: tuple[int, ...]
    description: str
    filler_unit: str
    kind: str = "all"  # enterprise | region | all: a stored plan belongs to exactly one (kind, key)
    key: str | None = None  # the enterprise id (as text) or the region code

    @classmethod
    def enterprise(cls, e: Enterprise) -> Scope:
        assert e.id is not None
        return cls((e.id,), f"企业：{e.name}（{e.credit_code}）", e.name, "enterprise", str(e.id))

    @classmethod
    def region(cls, session: Session, code: str) -> Scope:
        region = codes.region(code)
        ids = session.exec(select(Enterprise.id).where(
            col(Enterprise.region_code).in_(codes.region_descendants(code)))).all()
        return cls(tuple(i for i in ids if i is not None), f"地区：{region.name}（{code}）", f"{region.name}工业和信息化主管部门",
                   "region", region.code)

    @classmethod
    def everything(cls, session: Session) -> Scope:
        """All enterprises of the database; in an enterprise's own database (one enterprise) that enterprise,
        so a plan made there is its plan, and its survey package carries it to the county."""
        ids = [i for i in session.exec(select(Enterprise.id)).all() if i is not None]
        if len(ids) == 1:
            only = session.get(Enterprise, ids[0])
            assert only is not None
            return cls.enterprise(only)
        return cls(tuple(ids), "全部企业", "")


def spec_text(u: Equipment) -> str:
    """The main rating of a unit as a form prints it: "75 kW 4极", "630 kVA", "10 t/h"."""
    parts: list[str] = []
    if u.capacity_kva:
        parts.append(f"{u.capacity_kva:g} kVA")
    if u.capacity_t_h:
        parts.append(f"{u.capacity_t_h:g} t/h")
    if u.capacity_mw:
        parts.append(f"{u.capacity_mw:g} MW")
    if u.rated_power_kw and not u.capacity_kva:
        parts.append(f"{u.rated_power_kw:.4g} kW")
    if u.poles:
        parts.append(f"{u.poles}极")
    if u.flow_m3_min:
        parts.append(f"{u.flow_m3_min:g} m³/min")
    if u.flow_m3_h:
        parts.append(f"{u.flow_m3_h:g} m³/h")
    if u.pressure_mpa and u.category in ("air_compressor", "boiler", "pressure_vessel"):
        parts.append(f"{u.pressure_mpa:g} MPa")
    if u.emission_standard:
        parts.append(labels.label("emission_standard", u.emission_standard))
    return " ".join(parts)


def level_text(u: Equipment) -> str:
    """"准入水平（3级）", or "未分级：reason" so a missing grade is never silent."""
    if u.benchmark_level in (None, "ungraded"):
        reason = (u.grade_detail or {}).get("reason")
        return f"未分级：{chinese_part(reason)}" if reason else "未分级"
    grade = f"（{labels.label('grade', u.grade)}）" if u.grade else ""
    estimated = "（估算）" if (u.grade_detail or {}).get("estimated_fields") else ""
    return f"{labels.label('benchmark_level', u.benchmark_level)}{grade}{estimated}"


_UNITS = Equipment.__table__  # type: ignore[attr-defined]
#: What the row builders read beyond what a list shows: the designation note (`value_sources`), a banned
#: boiler's gas option (`fuel_switch`: fuel, hours, load, efficiency) and the demand list's savings basis.
_LEDGER_COLUMNS = (*LIST_UNIT_COLUMNS, "value_sources", "fuel", "operating_hours_per_year", "load_factor",
                   "thermal_efficiency_pct", "measured_input_kw")


class _Ledger(ScopeLedger):
    """The rows a list needs for a scope: units streamed, the rest read per chunk (`equipinv.ledger_reader`)."""

    def __init__(self, session: Session, scope: Scope, today: dt.date,
                 unit_columns: Sequence[str] = _LEDGER_COLUMNS) -> None:
        super().__init__(session, scope.enterprise_ids, today, unit_columns=unit_columns)
        self.list_scope = scope

    @cached_property
    def plan(self) -> Plan | None:
        """The plan accepted for this list's own scope (`equipinv.plans`), never another scope's."""
        return accepted_plan_for(self.session, self.list_scope)

    def own_plan_item_of(self, u: Any) -> Any:
        """For a region or all enterprises: the unit's item in its enterprise's own accepted plan (one it made,
        or one its survey package brought), which counts when the scope's own plan does not schedule it."""
        if self.list_scope.kind == "enterprise":
            return None
        items, plans = PlanItem.__table__, Plan.__table__  # type: ignore[attr-defined]

        def read(ids: Sequence[int]) -> dict[int, Any]:
            query = (sa.select(*items.columns).join(plans, plans.c.id == items.c.plan_id)
                     .where(ids_among(items.c.equipment_id, ids, self.dialect), plans.c.status == "accepted",
                            plans.c.scope_kind == "enterprise")
                     .order_by(items.c.id))
            return {row.equipment_id: row for row in stream(self.session, query)}
        return self.lookup(u, "own_plan_items", read)

    def assessment_of(self, u: Any) -> SafetyAssessment | None:
        """The unit's newest safety assessment (`equipinv.elimination_list`)."""
        return self.lookup(u, "assessments", lambda ids: latest_assessments(
            self.session, ids_among(SafetyAssessment.__table__.c.equipment_id, ids, self.dialect)))  # type: ignore[attr-defined]

    @cached_property
    def declared_needs(self) -> dict[int | None, list[DeclaredNeed]]:
        """The needs the scope's enterprises declared themselves, by unit (None: a production line)."""
        found: dict[int | None, list[DeclaredNeed]] = defaultdict(list)
        for need in self.session.exec(select(DeclaredNeed).where(self.scope.of(col(DeclaredNeed.enterprise_id)))
                                      .order_by(col(DeclaredNeed.id))):
            found[need.equipment_id].append(need)
        return found

    def enterprise_name(self, u: Equipment) -> str:
        return self.enterprises[u.enterprise_id].name

    def served(self, u: Equipment) -> float | None:
        years = years_in_service(u.commissioning_date, self.today)
        return None if years is None else round(years, 1)

def sections(rows: Iterable[tuple[str, Row]]) -> list[ListSection]:
    """Rows grouped under their section title, in order of first appearance; kept on disk past a batch."""
    spool = RowSpool()
    grouped: dict[str, SpooledRows] = {}
    for title, row in rows:
        if title not in grouped:
            grouped[title] = spool.section()
        grouped[title].append(row)
    return [ListSection(title, section_rows) for title, section_rows in grouped.items()]


def _replacement_name(u: Equipment, item: PlanItem | None, findings: list[Finding]) -> str:
    category = labels.label("category", u.category)
    condemned = legal_basis(findings, None)
    if condemned is not None:  # a replacement never falls under the rule that condemned the unit
        return replacement_for(u, condemned).text
    if item is not None and item.action in _REPLACING_ACTIONS:
        return f"{category}（{labels.label('action', item.action)}）"
    for f in findings:
        if f.replacement:
            return f.replacement
    return f"达到节能水平及以上的{category}"


def current_state_rows(ledger: _Ledger) -> Iterable[tuple[str, Row]]:
    for u in ledger.units:
        if u.status == "eliminated":
            continue
        project = ledger.projects.get(u.project_id) if u.project_id else None
        yield ledger.enterprise_name(u), {
            "enterprise": ledger.enterprise_name(u) + (f"／{project.name}" if project else ""),
            "project_commissioning_date": (project.commissioning_date if project and project.commissioning_date
                                           else u.commissioning_date),
            "equipment_name": u.name, "model": u.model, "spec": spec_text(u), "quantity": u.quantity,
            "design_life_years": u.design_life_years, "years_in_service": ledger.served(u),
            "condition_label": labels.label("condition", u.condition) or labels.label("status", u.status),
            "efficiency_level_label": level_text(u),
            "remark": _remark("闲置" if u.status == "idle" else "", u),
        }


def _remark(text: str, u: Equipment) -> str:
    """A row's note, with what the model designation filled ("极数、额定容量由型号推得")."""
    return "；".join(t for t in (text, designations.derived_remark(u.value_sources)) if t)


def new_project_rows(ledger: _Ledger) -> Iterable[tuple[str, Row]]:
    for u in ledger.units:
        project = ledger.projects.get(u.project_id) if u.project_id else None
        if project is None or not project.is_new_project:
            continue
        compliant = u.benchmark_level in ("advanced", "energy_saving")
        yield ledger.enterprise_name(u), {
            "enterprise": ledger.enterprise_name(u), "project_name": project.name,
            "project_commissioning_date": project.commissioning_date, "equipment_name": u.name, "model": u.model,
            "spec": spec_text(u), "quantity": u.quantity, "efficiency_level_label": level_text(u),
            "compliance_label": "是" if compliant else ("未分级" if u.benchmark_level in (None, "ungraded") else "否"),
            "investment_yuan": None,
            "remark": _remark("" if compliant or u.benchmark_level in (None, "ungraded") else "低于节能水平，不符合新建项目要求", u),
        }


_PLAN_SOURCES = {"enterprise": "企业更新计划", "region": "地区更新计划", "all": "全部企业更新计划"}
DECLARED_SOURCE = "企业自报"


def _industry(ledger: _Ledger, enterprise_id: int) -> tuple[str, Enterprise]:
    enterprise = ledger.enterprises[enterprise_id]
    division = codes.industry_division(enterprise.industry_code)
    return f"{division.full_code} {division.name}", enterprise


def _demand_item(ledger: _Ledger, u: Equipment) -> tuple[Any, str]:
    """The plan item a demand row takes for a unit (the scope's plan, else its enterprise's) and its source."""
    item = ledger.plan_item_of(u)
    if item is None or item.action == "keep":
        return ledger.own_plan_item_of(u), _PLAN_SOURCES["enterprise"]
    return item, _PLAN_SOURCES[ledger.list_scope.kind]


def savings_notes(ledger: _Ledger) -> list[str]:
    """What the demand list's savings rest on (issue 20): how many old units' energy came from a measured
    input power rather than the rating times the load factor, and which items carry no computed savings
    (a plan item stores 0 where the savings model lacked an input: said here, never left as a silent zero)."""
    planned = [(u, item) for u in ledger.units
               if (item := _demand_item(ledger, u)[0]) is not None and item.action != "keep"]
    if not planned:
        return []
    measured = sum(1 for u, _ in planned if u.measured_input_kw)
    notes = [f"年节能量中现有设备的能耗：{measured} 项按实测输入功率计算（measured），"
             f"其余 {len(planned) - measured} 项按额定参数×负载率估算（nameplate）。"]
    blank = [u.name for u, item in planned
             if not (item.annual_saving_kwh or item.annual_saving_tce or item.annual_saving_tco2)]
    if blank:
        names = "、".join(dict.fromkeys(blank))
        notes.append(f"{len(blank)} 项（{names}）缺少计算节能量所需的数据（如原设备效率、新车百公里油耗），"
                     "其年节能量和年减碳量记为 0，并非测得为 0。")
    return notes


def demand_rows(ledger: _Ledger) -> Iterable[tuple[str, Row]]:
    """The scope's plan decides for the units it schedules; a unit it leaves out takes its enterprise's own
    plan; what an enterprise declared itself is listed too. Each row says which of the three it came from."""
    for u in ledger.units:
        assert u.id is not None
        item, source = _demand_item(ledger, u)
        declared = ledger.declared_needs.get(u.id, [])
        section, enterprise = _industry(ledger, u.enterprise_id)
        if item is not None and item.action != "keep":
            target = {"energy_saving": "节能水平", "advanced": "先进水平"}.get(item.action, "节能水平及以上")
            yield section, {
                "enterprise": enterprise.name, "equipment_name": u.name, "model": u.model, "quantity": u.quantity,
                "efficiency_level_label": level_text(u),
                "measure_label": labels.ACTIONS.get(item.action, item.action),
                "target_equipment": _replacement_name(u, item, ledger.findings_of(u)),
                "target_level_label": target, "planned_year": item.year, "investment_yuan": item.investment_yuan,
                "annual_saving_tce": item.annual_saving_tce, "annual_reduction_tco2": item.annual_saving_tco2,
                "payback_years": item.payback_years,
                "source_label": source + ("；企业亦自报" if declared else ""),
            } | fuel_switch_figures(u, ledger.findings_of(u), ledger.today)
            continue
        for need in declared:
            yield section, _declared_row(enterprise, need, u.name, u.model, u.quantity, level_text(u))
    for need in ledger.declared_needs.get(None, []):  # production lines
        section, enterprise = _industry(ledger, need.enterprise_id)
        yield section, _declared_row(enterprise, need, need.line_name or "", None, None, "")


def _declared_row(enterprise: Enterprise, need: DeclaredNeed, name: str, model: str | None, quantity: int | None,
                  level: str) -> Row:
    """A need the enterprise declared itself (`equipinv.projects`): its own quote, no computed savings."""
    return {"enterprise": enterprise.name, "equipment_name": name, "model": model, "quantity": quantity,
            "efficiency_level_label": level, "measure_label": NEED_ACTIONS.get(need.action, need.action),
            "target_equipment": need.replacement or "", "target_level_label": "", "planned_year": need.planned_year,
            "investment_yuan": need.investment_yuan, "annual_saving_tce": None, "annual_reduction_tco2": None,
            "payback_years": None, "source_label": f"{DECLARED_SOURCE}：{need.reason}"}


_BUILDERS: dict[str, tuple[Callable[[_Ledger], list[ListSection]], str, Sequence[str]]] = {
    "current_state": (lambda ledger: sections(current_state_rows(ledger)), "企业", _LEDGER_COLUMNS),
    "new_project": (lambda ledger: sections(new_project_rows(ledger)), "企业", _LEDGER_COLUMNS),
    "elimination": (elimination_sections, "依据类别", ELIMINATION_UNIT_COLUMNS),
    "demand": (lambda ledger: sections(demand_rows(ledger)), "行业", _LEDGER_COLUMNS),
    "renewal": (lambda ledger: sections(renewal_rows(ledger)), "企业", _LEDGER_COLUMNS),
}
"""List id -> (its sections, what its sections are of, the unit columns its rows read)."""


def elimination_list_counts(session: Session, scope: Scope, *, today: dt.date) -> EliminationCounts:
    """The counts `build_list(session, "elimination", scope)` states, without building its rows."""
    return scope_elimination_counts(_Ledger(session, scope, today, unit_columns=("id", "enterprise_id", "quantity")))


def build_list(session: Session, list_id: str, scope: Scope, *, today: dt.date | None = None,
               filler: FillerInfo | None = None) -> ListDocument:
    """One of the four lists for `scope`, ready to render."""
    if list_id not in _BUILDERS:
        raise BadInput(f'未知的清单 "{list_id}"（可选：{"、".join(LIST_IDS)}） (error: unknown list "{list_id}")')
    today = today or dt.date.today()
    build_sections, section_label, unit_columns = _BUILDERS[list_id]
    ledger = _Ledger(session, scope, today, unit_columns)
    notes = [f"服务年限按投运日期计算至 {today.isoformat()}。"]
    if list_id in ("demand", "elimination", "renewal"):
        notes.append(f"依据更新计划：{plan_reference(ledger.plan)}，{scope.description}" if ledger.plan
                     else f"{scope.description}尚未制定更新计划：需求清单为空，鼓励更新清单只列规则鼓励的设备，"
                          "淘汰时间表按依据期限或2027年。")
    notes.extend(list_notes(list_id))
    if list_id == "demand":
        notes.extend(savings_notes(ledger))
    return standard_list(list_id, build_sections(ledger),
                         filler=filler or FillerInfo(unit=scope.filler_unit, date=today),
                         scope=scope.description, section_label=section_label, notes=notes)
