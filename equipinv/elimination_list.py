"""设备淘汰清单: every unit that must go by law or mandatory standard, whether or not a plan picked it.

One section per kind of legal basis (`equipinv.elimination_basis.BASIS_KINDS`), each with its subtotal,
so a county reports legal eliminations by kind and never counts the plan's encouraged renewals among
them (those are `equipinv.renewal_list`). A unit with several legal findings is one row, under its
strongest kind, citing every basis. The timetable always names a year; the replacement obeys the rule
that condemned the unit (`equipinv.lawful_replacement`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session

from equipinv import designations, labels
from equipinv.elimination_basis import BASIS_KINDS, FindingLike, Timetable, legal_findings, timetable
from equipinv.fuel_switch import value_gas_switches
from equipinv.lawful_replacement import Replacement, lawful_replacement
from equipinv.ledger_reader import findings_text, listed_findings, record_status
from equipinv.listing import ListSection, Row
from equipinv.models import Equipment, Finding, SafetyAssessment
from equipinv.row_spool import RowSpool

if TYPE_CHECKING:
    from equipinv.lists import _Ledger

_CHUNK = 5000
#: The unit columns the rows read (a banned boiler's gas option: `equipinv.fuel_switch`): a province's
#: list skips the rest, the grade details above all.
ELIMINATION_UNIT_COLUMNS = ("id", "enterprise_id", "name", "model", "quantity", "commissioning_date", "category",
                            "value_sources", "fuel", "capacity_t_h", "capacity_mw", "thermal_efficiency_pct",
                            "operating_hours_per_year", "load_factor")
_ASSESSMENTS = SafetyAssessment.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class LegalBasis:
    """Why one unit must go: its strongest kind, the findings behind it, and a failed assessment if any."""

    kind: str
    pairs: list[tuple[str, FindingLike]]
    """(legal kind, finding), strongest first."""
    failed_assessment: SafetyAssessment | None = None

    @property
    def findings(self) -> list[FindingLike]:
        return [f for _k, f in self.pairs]

    @property
    def lead_citation(self) -> str:
        """The document of the strongest kind's first finding (a failed assessment names itself)."""
        lead = next((f for k, f in self.pairs if k == self.kind), None)
        return lead.citation if lead is not None else "安全风险评估不合格"

    @property
    def text(self) -> str:
        parts = [f"{f.citation}：{f.reason}" for f in self.findings]
        if self.failed_assessment is not None:
            a = self.failed_assessment
            parts.append(f"安全风险评估不合格（{a.assessed_date.isoformat()}，{a.assessor}"
                         f"{'，报告 ' + a.report_no if a.report_no else ''}）")
        return "；".join(dict.fromkeys(parts))


def latest_assessments(session: Session, where: Any) -> dict[int, SafetyAssessment]:
    """The newest safety assessment of each unit among the assessments matching `where`."""
    query = (sa.select(SafetyAssessment).where(where)
             .order_by(_ASSESSMENTS.c.equipment_id, _ASSESSMENTS.c.assessed_date, _ASSESSMENTS.c.id))
    return {assessment.equipment_id: assessment for (assessment,) in session.execute(query)}


def enterprises_latest_assessments(session: Session, enterprise_ids: Iterable[int]) -> dict[int, SafetyAssessment]:
    """The newest safety assessment of each unit of these enterprises."""
    ids = list(enterprise_ids)
    latest: dict[int, SafetyAssessment] = {}
    for start in range(0, len(ids), _CHUNK):
        latest |= latest_assessments(session, _ASSESSMENTS.c.enterprise_id.in_(ids[start:start + _CHUNK]))
    return latest


def legal_basis(findings: Sequence[FindingLike], assessment: SafetyAssessment | None) -> LegalBasis | None:
    """The unit's legal basis for elimination, or None when no law condemns it."""
    legal = legal_findings(findings)
    failed = assessment if assessment is not None and assessment.outcome == "replace" else None
    if not legal and failed is None:
        return None
    kinds = [k for k, _f in legal] + (["safety_failed"] if failed else [])
    strongest = min(kinds, key=list(BASIS_KINDS).index)
    return LegalBasis(strongest, legal, failed)


def replacement_for(u: Equipment, basis: LegalBasis) -> Replacement:
    """The lawful replacement by the finding of the unit's strongest kind."""
    lead = next((f for k, f in basis.pairs if k == basis.kind), None)
    return lawful_replacement(u.category, basis.kind, lead.rule_id if lead else "",
                              getattr(lead, "replacement", None) if lead else None)


def unit_legal_basis(ledger: _Ledger, u: Equipment) -> LegalBasis | None:
    return legal_basis(ledger.findings_of(u), ledger.assessment_of(u))


def elimination_sections(ledger: _Ledger) -> list[ListSection]:
    """设备淘汰清单: one section per basis kind in `BASIS_KINDS` order, its heading counting its rows and
    pieces; the rows wait on disk (`equipinv.row_spool`) until every unit has been read."""
    spool = RowSpool()
    by_kind = {kind: spool.section() for kind in BASIS_KINDS}
    pieces = dict.fromkeys(BASIS_KINDS, 0)  # counted on the way in: reading the spool back costs more
    for row in elimination_rows(ledger):
        by_kind[row["basis_kind"]].append(row)
        pieces[row["basis_kind"]] += _pieces(row)
    return [ListSection(f"{BASIS_KINDS[kind]}（{len(rows)} 行、{pieces[kind]} 台）", rows)
            for kind, rows in by_kind.items() if rows]


def scope_elimination_counts(ledger: _Ledger) -> EliminationCounts:
    """The list's counts without its rows (`check` states them): the same units under the same strongest
    kind, with no timetable, replacement or row text built (about half the list's cost at 100,000 units)."""
    return elimination_counts({"basis_kind": basis.kind, "quantity": u.quantity}
                              for u in ledger.units_where(_may_be_condemned(), also=(_findings(ledger),))
                              if (basis := legal_basis(listed_findings(u.findings), ledger.assessment_of(u)))
                              is not None)


def _findings(ledger: _Ledger) -> Any:
    """Each unit's findings as one text in its row (`u.findings`): the list and its counts read them alike."""
    return findings_text(ledger.dialect).label("findings")


def _may_be_condemned() -> Any:
    """Units with a matching finding or a failed assessment: the only ones `legal_basis` can condemn.

    One IN over a UNION: PostgreSQL makes it a hash join, where two INs joined by OR became a subplan
    rescanned per unit (past work_mem: minutes at 1,000,000 units), and SQLite reads the ids then each unit
    by its key, where EXISTS per unit made it read every unit in index order."""
    units, findings = Equipment.__table__, Finding.__table__  # type: ignore[attr-defined]
    return units.c.id.in_(sa.union(
        sa.select(findings.c.equipment_id).where(findings.c.outcome == "match"),
        sa.select(_ASSESSMENTS.c.equipment_id).where(_ASSESSMENTS.c.outcome == "replace")))


@dataclass(frozen=True)
class _Decision:
    """What a row says of its unit's legal basis: the same for every unit with the same findings, failed
    assessment, planned year and category, so a province's list works each one out once."""

    kind: str
    text: str
    citation: str
    when: Timetable
    replacement: Replacement


_DECISIONS_HELD = 100_000  # distinct decisions remembered at once (findings with per-unit deadlines rarely repeat)


def _assessment_key(a: SafetyAssessment | None) -> tuple[Any, ...] | None:
    return None if a is None else (a.outcome, a.assessed_date, a.assessor, a.report_no)


_VALUED_AT_ONCE = 1024  # rows held back so that their banned boilers' gas options are valued together


def elimination_rows(ledger: _Ledger) -> Iterator[Row]:
    """The rows of 设备淘汰清单 in ledger order, each naming its `basis_kind`."""
    pending = _unvalued_rows(ledger)
    while batch := list(itertools.islice(pending, _VALUED_AT_ONCE)):
        yield from _valued(batch, ledger.today)


def _unvalued_rows(ledger: _Ledger) -> Iterator[tuple[Row, Any, tuple[str, str, str]]]:
    """Each row but its remark, the banned boiler whose gas option the remark values (else None) and the
    remark's parts: the record's status, the replacement's note, what the model designation filled."""
    decided: dict[tuple[Any, ...], _Decision | None] = {}
    plan_id = ledger.plan.id if ledger.plan else None
    also = (_findings(ledger), record_status().label("record_status"))
    for u in ledger.units_where(_may_be_condemned(), also=also):
        assessment = ledger.assessment_of(u)
        item = ledger.plan_item_of(u)
        planned_year = item.year if item is not None and item.action != "keep" else None
        key = (u.findings, _assessment_key(assessment), planned_year, u.category)
        if key not in decided:
            if len(decided) >= _DECISIONS_HELD:
                decided.clear()
            basis = legal_basis(listed_findings(u.findings), assessment)
            decided[key] = None if basis is None else _Decision(
                basis.kind, basis.text, basis.lead_citation, timetable(basis.findings, planned_year, plan_id, ledger.today),
                replacement_for(u, basis))
        decision = decided[key]
        if decision is None:
            continue
        note = decision.replacement.note
        row = {
            "enterprise": ledger.enterprise_name(u), "equipment_name": u.name, "model": u.model,
            "quantity": u.quantity, "years_in_service": ledger.served(u),
            "basis_kind": decision.kind, "basis_kind_label": BASIS_KINDS[decision.kind], "basis": decision.text,
            "basis_citation": decision.citation,
            "category": u.category,
            "deadline": decision.when.text, "deadline_year": decision.when.year,
            "replacement_name": decision.replacement.text,
        }
        yield (row, u if note and u.category == "boiler" else None,
               (labels.label("elimination_status", u.record_status), note, designations.derived_remark(u.value_sources)))


def _valued(batch: list[tuple[Row, Any, tuple[str, str, str]]], today: dt.date) -> Iterator[Row]:
    """The batch's rows with their remarks, its banned boilers' gas options valued in one computation
    (`equipinv.fuel_switch.value_gas_switches`: 0.2 ms a boiler one by one)."""
    options = iter(value_gas_switches([boiler for _row, boiler, _parts in batch if boiler is not None], on=today))
    for row, boiler, (status, note, derived) in batch:
        if boiler is not None:  # a banned boiler: valued for the lawful gas option
            note = f"{next(options).text}；投资按锅炉每蒸吨占位单价（不分燃料）估算"
        row["remark"] = "；".join(r for r in (status, note, derived) if r)
        yield row


@dataclass(frozen=True)
class EliminationCounts:
    """The one count of the elimination list that the console, the summary and the list itself state:
    rows (ledger rows, 行) and pieces (台/套, a row's 数量), in total and by legal basis kind."""

    rows: int
    pieces: int
    by_kind: dict[str, tuple[int, int]]
    """Basis kind code -> (rows, pieces), in `BASIS_KINDS` order, kinds with no row left out."""

    def text(self) -> str:
        """"208 行、237 台（套），其中淘汰目录 55 行、69 台；……" (or "无")."""
        if not self.rows:
            return "0 行、0 台（套）"
        parts = "；".join(f"{BASIS_KINDS[k]} {r} 行、{p} 台" for k, (r, p) in self.by_kind.items())
        return f"{self.rows} 行、{self.pieces} 台（套），其中{parts}"


def elimination_counts(rows: Iterable[Row]) -> EliminationCounts:
    """Count rows of 设备淘汰清单 (each carries its `basis_kind`): rows and pieces, by kind."""
    by_kind = {kind: [0, 0] for kind in BASIS_KINDS}
    for row in rows:
        counts = by_kind[row["basis_kind"]]
        counts[0] += 1
        counts[1] += _pieces(row)
    kept = {k: (r, p) for k, (r, p) in by_kind.items() if r}
    return EliminationCounts(sum(r for r, _p in kept.values()), sum(p for _r, p in kept.values()), kept)


def _pieces(row: Row) -> int:
    """The pieces (台/套) a row counts: its 数量, one when not stated."""
    return int(row.get("quantity") or 1)


def list_notes(list_id: str) -> list[str]:
    """What the elimination and renewal lists hold, printed under them."""
    if list_id == "elimination":
        return ["本清单只列依法律法规、淘汰目录、强制性标准（准入水平）或方案明确淘汰的设备，按依据类别分节小计；"
                "更新计划中的经济性、节能性更新另见《鼓励更新清单》。",
                "淘汰时间表：已列入更新计划的按计划年度，否则按依据规定的期限，均未规定的按2027年底（行动期限）。"]
    if list_id == "demand":
        return ["被淘汰目录禁止的锅炉（10蒸吨及以下燃煤、固定炉排燃煤、2蒸吨及以下生物质）按燃料替代更新；"
                "年节能量按同规格节能水平燃气锅炉（GB 24500-2020）估算，减碳量与回收期须两种燃料的排放系数与价格，缺失留空。"]
    if list_id == "renewal":
        return ["本清单为鼓励类更新改造（经济性、节能性选择及引导报废），不属于依法淘汰，不计入淘汰任务。"]
    return []
