"""From the stored ledger to ranked recommendations and a stored multi-year plan.

The database is read once into arrays; the replacement's figures come from the benchmark tables
(`efficiency_tables.level_requirement`: a new unit at the energy-saving or advanced level is taken to
just meet that level's threshold); savings, economics, ranking and the schedule are the vectorised
core in `equipinv.planning`. A ledger row with `quantity` > 1 is planned as one decision for the
batch: its investment and savings scale with the quantity.

Choices stated here (the issue leaves them open):
- a mandatory finding without its own deadline (MIIT batches 1-2 give none) must be done by the end
  of the campaign, 2027 (`CAMPAIGN_END_YEAR`); a deadline already past means the first plan year;
- the "tce" objective maximises the tce saved from each action's year to the end of the evaluation
  horizon (last plan year + `horizon_years`), so earlier work counts more;
- a policy target "by year Y at least S of key energy-using units at the energy-saving level or
  better" counts the graded units of the categories the benchmark tables cover;
- a mandatory unit whose savings cannot be computed still has to be replaced: it enters the plan
  at its cost with zero value; one with no price at all is reported and left out of the budget.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, overload

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

import catalog
import efficiency_tables as et
from equipinv import labels
from equipinv.bulk_insert import insert_columns
from equipinv.config import Config
from equipinv.errors import BadInput
from equipinv.grading import grader_column_parameters, unit_parameters
from equipinv.ledger_arrays import to_array
from equipinv.ledger_reader import EnterpriseFilter, stream_chunks, unit_query
from equipinv.lists import Scope
from equipinv.memory_budget import PLANNING_BYTES_PER_UNIT, ensure_fits
from equipinv.models import Equipment, Finding, Plan, PlanItem
from equipinv.plans import scope_columns, supersede_others
from equipinv.planning import MODEL_VERSION as PLANNING_MODEL_VERSION
from equipinv.planning.candidates import ACTIONS, MOTOR_DECISION_LABELS, Candidates, build_candidates, motor_decisions
from equipinv.planning.optimiser import InfeasiblePlanError, PolicyTarget, Schedule, plan_schedule, tce_objective
from equipinv.planning.ranking import Ranking, economic_score, rank_units
from equipinv.planning.triage import triage_mandatory

MODEL_VERSION = f"equipinv-planner/1+{PLANNING_MODEL_VERSION}"
CAMPAIGN_END_YEAR = 2027
LEVEL_ACTIONS = ("energy_saving", "advanced")
_METRIC_FIELDS = ("efficiency_pct", "no_load_loss_w", "load_loss_w", "specific_power_kw_per_m3_min",
                  "thermal_efficiency_pct", "polytropic_efficiency_pct")


@dataclass
class PlanningData:
    """The units of a scope as arrays, with their candidates and the facts the ranking needs."""

    units: list[PlanUnit]
    candidates: Candidates
    quantity: np.ndarray
    mandatory: np.ndarray
    deadline_year: np.ndarray
    safety: np.ndarray
    graded: np.ndarray
    mandatory_basis: list[str]
    safety_basis: list[str]
    requirement_notes: list[str] = field(default_factory=list)
    #: the efficiency (%) an energy-saving-level replacement has, per unit (NaN where no table gives one)
    replacement_efficiency_pct: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def scaled(self, values: np.ndarray) -> np.ndarray:
        """Per-unit figures times the batch quantity of each ledger row."""
        return values * self.quantity[:, None]


_KNOWN_RATINGS = 50_000  # ratings whose requirements are kept between chunks (a ledger has few)


def _requirements(rows: Sequence[Any], columns: Mapping[str, Sequence[Any]], on: dt.date,
                  known: dict[tuple[Any, ...], Any]) -> tuple[dict[str, dict[str, np.ndarray]], list[str]]:
    """The replacement's metric values per level for a chunk's `rows` (their `columns`), from the tables
    (NaN where a table gives none).

    Units alike in their rating columns and rating_params (by identity: the rows of a chunk are all alive)
    are looked up once, through the first of them, and the values spread back to all by numpy (reading each
    row's rating columns as attributes was a third of reading the units). `known` keeps each rating's requirements across
    the chunks of one ledger: read once per rating."""
    rated = [f for f in grader_column_parameters() if f not in _METRIC_FIELDS]
    codes: dict[tuple[Any, ...], int] = {}  # a unit's rating columns -> the number of its kind in the chunk
    kind = np.array([codes.setdefault(raw, len(codes)) for raw in zip(
        columns["category"], *(columns[f] for f in rated), map(id, columns["rating_params"]), strict=True)],
        dtype=np.int64)
    first = np.unique(kind, return_index=True)[1].tolist()  # each kind's first unit
    table = {level: {name: np.full(len(first), np.nan) for name in _METRIC_FIELDS} for level in LEVEL_ACTIONS}
    notes: set[str] = set()
    for code, i in enumerate(first):
        category = columns["category"][i]
        if category not in et.PARAMETERS:
            continue
        params = unit_parameters(rows[i])
        key = (category, *sorted((k, str(v)) for k, v in params.items() if k not in _METRIC_FIELDS))
        found = known.get(key) or [et.level_requirement(category, params, level, on=on) for level in LEVEL_ACTIONS]
        if len(known) < _KNOWN_RATINGS:
            known[key] = found
        for level, requirement in zip(LEVEL_ACTIONS, found, strict=True):
            if requirement.reason:
                notes.add(requirement.reason)
            for name, value in requirement.values().items():
                if name in table[level]:
                    table[level][name][code] = value
    return {level: {name: values[kind] for name, values in by_name.items()} for level, by_name in table.items()}, \
        sorted(notes)


#: The unit columns planning reads: the savings inputs, the grader's parameters and what a line names.
_PLAN_COLUMNS = (
    "id", "asset_no", "name", "category", "quantity", "design_life_years", "fuel", "fuel_l_per_100km",
    "benchmark_level", "grade_standard", "rating_params", "rated_power_kw", "capacity_kva", "capacity_t_h",
    "capacity_mw", "operating_hours_per_year", "load_factor", "efficiency_pct", "no_load_loss_w", "load_loss_w",
    "flow_m3_min", "specific_power_kw_per_m3_min", "thermal_efficiency_pct", "annual_distance_km", "poles",
    "commissioning_date", "measured_input_kw", "replacement_fuel_l_per_100km",
)
_EQUIPMENT = Equipment.__table__  # type: ignore[attr-defined]
_FINDING = Finding.__table__  # type: ignore[attr-defined]


class PlanUnit(NamedTuple):
    """What planning keeps of a unit once its candidates are built: what a line names, what motor decisions read."""

    id: int
    asset_no: str
    name: str
    category: str
    benchmark_level: str | None
    grade_standard: str | None
    rated_power_kw: float | None
    operating_hours_per_year: float | None
    load_factor: float | None
    efficiency_pct: float | None
    commissioning_date: dt.date | None
    design_life_years: float | None
    measured_input_kw: float | None


_OWN = 3  # PlanUnit's fields id, asset_no, name: one unit's own, never shared with another

_NUMBERS = ("rated_power_kw", "capacity_kva", "capacity_t_h", "capacity_mw", "operating_hours_per_year", "load_factor",
            "efficiency_pct", "no_load_loss_w", "load_loss_w", "flow_m3_min", "specific_power_kw_per_m3_min",
            "thermal_efficiency_pct", "annual_distance_km", "fuel_l_per_100km", "design_life_years", "quantity", "poles",
            "measured_input_kw", "replacement_fuel_l_per_100km")
# Savings inputs kept in `rating_params` (a benchmark parameter with no column of its own).
_RATING_NUMBERS = ("polytropic_efficiency_pct",)


@dataclass
class _ReadUnits:
    units: list[PlanUnit]
    numbers: dict[str, np.ndarray]
    fuel: np.ndarray
    new_by_level: dict[str, dict[str, np.ndarray]]
    notes: list[str]


def _read_units(session: Session, in_scope: Any, on: dt.date) -> _ReadUnits:
    """The units in use or idle of a scope, in id order, read a chunk at a time: each chunk's rows become
    number columns, benchmark requirements and `PlanUnit`s, then are dropped (memory: a chunk of rows)."""
    names = list(dict.fromkeys((*_PLAN_COLUMNS, *grader_column_parameters())))
    live = sa.and_(in_scope, _EQUIPMENT.c.status != "eliminated")
    count = session.execute(sa.select(sa.func.count()).select_from(_EQUIPMENT).where(live)).scalar_one()
    ensure_fits("排序与规划", "ranking and planning", int(count), PLANNING_BYTES_PER_UNIT)  # before reading any row
    query = unit_query(names, live).order_by(_EQUIPMENT.c.id)
    units: list[PlanUnit] = []
    numbers: dict[str, list[np.ndarray]] = {name: [] for name in (*_NUMBERS, *_RATING_NUMBERS)}
    fuel: list[str] = []
    new_by_level: dict[str, dict[str, list[np.ndarray]]] = {
        level: {name: [] for name in _METRIC_FIELDS} for level in LEVEL_ACTIONS}
    notes: set[str] = set()
    # One object per distinct value of a unit's repeated fields (category, level, standard, ratings, dates),
    # shared by the units that have it: at 1 M units each row's own copies took some 0.4 GB. The id, asset
    # number and name (the first `_OWN` fields) are each unit's own; per-field tables keep 1, 1.0 and True apart.
    shared: list[dict[Any, Any]] = [{} for _ in PlanUnit._fields]
    known: dict[tuple[Any, ...], Any] = {}  # each rating's requirements, for every chunk
    for chunk in stream_chunks(session, query):
        columns = dict(zip(names, zip(*chunk, strict=True), strict=True))
        for name in _NUMBERS:
            numbers[name].append(to_array(columns[name], "number"))
        for name in _RATING_NUMBERS:
            numbers[name].append(to_array([(p or {}).get(name) for p in columns["rating_params"]], "number"))
        fuel.extend(f or ("electric" if c != "boiler" else "") for f, c in zip(columns["fuel"], columns["category"],
                                                                               strict=True))
        required, chunk_notes = _requirements(chunk, columns, on, known)
        for level, by_name in required.items():
            for name, values in by_name.items():
                new_by_level[level][name].append(values)
        notes.update(chunk_notes)
        fields = [columns[f] if k < _OWN else map(shared[k].setdefault, columns[f], columns[f])
                  for k, f in enumerate(PlanUnit._fields)]
        units.extend(map(PlanUnit._make, zip(*fields, strict=True)))
    return _ReadUnits(
        units, {name: _joined(parts) for name, parts in numbers.items()},
        np.array(fuel, dtype=object).astype(str) if fuel else np.zeros(0, dtype=str),
        {level: {name: _joined(parts) for name, parts in by_name.items()} for level, by_name in new_by_level.items()},
        sorted(notes))


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """A column read in chunks, as one array (empty when no chunk came)."""
    return np.concatenate(parts) if parts else np.zeros(0)


def _finding_flags(session: Session, in_scope: Any, ids: np.ndarray) -> tuple[np.ndarray, ...]:
    """Mandatory / safety flags, earliest deadline year and first citation per unit, joined in SQL and
    spread over the units a chunk of findings at a time by numpy (a Python step per finding: some 0.2 s per 100 k units)."""
    n = len(ids)
    mandatory, safety, deadline = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), np.full(n, np.nan)
    mandatory_basis, safety_basis = np.full(n, "", dtype=object), np.full(n, "", dtype=object)
    query = (sa.select(_FINDING.c.equipment_id, _FINDING.c.kind, _FINDING.c.deadline, _FINDING.c.citation)
             .join(_EQUIPMENT, _EQUIPMENT.c.id == _FINDING.c.equipment_id)
             .where(in_scope, _EQUIPMENT.c.status != "eliminated", _FINDING.c.outcome == "match",
                    _FINDING.c.kind.in_(("mandatory", "safety_assessment")))
             .order_by(_FINDING.c.id))
    for chunk in stream_chunks(session, query):
        unit, kind, due, citation = (np.array(column, dtype=object) for column in zip(*chunk, strict=True))
        at = np.searchsorted(ids, unit.astype(np.int64))
        is_mandatory = kind == "mandatory"
        mandatory[at[is_mandatory]] = True
        safety[at[~is_mandatory]] = True
        np.fmin.at(deadline, at[is_mandatory], [d.year if d else CAMPAIGN_END_YEAR for d in due[is_mandatory]])
        _first_citations(mandatory_basis, at[is_mandatory], citation[is_mandatory])
        _first_citations(safety_basis, at[~is_mandatory], citation[~is_mandatory])
    return mandatory, safety, deadline, mandatory_basis, safety_basis


def _first_citations(basis: np.ndarray, at: np.ndarray, citation: np.ndarray) -> None:
    """Give the units `at` that have no citation yet the first non-empty one of theirs, in finding order."""
    given = citation != ""
    units, first = np.unique(at[given], return_index=True)
    empty = basis[units] == ""
    basis[units[empty]] = citation[given][first[empty]]


def load_planning_data(session: Session, scope: Scope, config: Config, *, on: dt.date) -> PlanningData:
    """Everything the ranking and the schedule need for the units in use or idle of `scope`."""
    in_scope = EnterpriseFilter(session, scope.enterprise_ids).of_units(session)
    read = _read_units(session, in_scope, on)
    units, numbers, n = read.units, read.numbers, len(read.units)
    old: dict[str, Any] = {name: numbers[name] for name in _NUMBERS[:13]}
    old["poles"] = numbers["poles"]
    old["measured_input_kw"] = numbers["measured_input_kw"]
    old["polytropic_efficiency_pct"] = numbers["polytropic_efficiency_pct"]
    old["fuel_per_100km"] = numbers["fuel_l_per_100km"]
    categories = np.array([u.category for u in units], dtype=object).astype(str) if n else np.zeros(0, dtype=str)
    old["fuel"] = read.fuel
    old["quantity"] = np.ones(n)
    new_by_level = read.new_by_level
    for level in LEVEL_ACTIONS:  # a vehicle's replacement: no table gives it, the ledger states it or it is missing
        new_by_level[level]["fuel_per_100km"] = numbers["replacement_fuel_l_per_100km"]
    life = numbers["design_life_years"]
    remaining = np.maximum(np.where(np.isnan(life) | (life == 0), 15.0, life), 1.0)
    candidates = build_candidates(categories, old, new_by_level,
                                  econ=config.economics, coeffs=config.coefficients, prices=config.prices,
                                  years=remaining)
    ids = np.array([u.id for u in units], dtype=np.int64)
    mandatory, safety, deadline, mandatory_basis, safety_basis = _finding_flags(session, in_scope, ids)
    graded = np.array([u.benchmark_level not in (None, "ungraded") for u in units], dtype=bool)
    quantity = numbers["quantity"]
    quantity = np.where(np.isnan(quantity) | (quantity == 0), 1.0, quantity)
    return PlanningData(units, candidates, quantity, mandatory, deadline, safety, graded | mandatory | safety,
                        list(mandatory_basis), list(safety_basis), read.notes,
                        new_by_level["energy_saving"]["efficiency_pct"])


@dataclass
class Recommendation:
    """One ranked line: the decision for a unit, its figures and why it stands where it does."""

    rank: int
    equipment_id: int
    asset_no: str
    name: str
    category: str
    decision: str
    decision_label: str
    annual_saving_kwh: float | None
    annual_saving_tce: float | None
    annual_saving_tco2: float | None
    investment_yuan: float | None
    payback_years: float | None
    npv_yuan: float | None
    reason: str
    missing_fields: list[str]

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _best_action(data: PlanningData) -> np.ndarray:
    """Per unit the level action with the higher NPV among the complete ones (-1: none complete)."""
    npv = np.where(data.candidates.complete, data.candidates.npv_yuan, -np.inf)
    npv[:, 0] = -np.inf
    best = np.argmax(npv, axis=1)
    return np.where(np.isfinite(npv[np.arange(len(best)), best]), best, -1)


def recommend(data: PlanningData, *, score_kind: str = "npv_per_yuan",
              config: Config | None = None) -> tuple[Ranking, list[Recommendation]]:
    """Rank every unit: mandatory first (by deadline), then safety, then the economic score."""
    ranking, lines = rank_recommendations(data, score_kind=score_kind, config=config)
    return ranking, list(lines)


def rank_recommendations(data: PlanningData, *, score_kind: str = "npv_per_yuan",
                         config: Config | None = None) -> tuple[Ranking, RecommendationLines]:
    """`recommend`, with lines built only when read (a page, or a stream of a province's lines)."""
    c = data.candidates
    best = _best_action(data)
    rows = np.arange(len(data.units))
    pick = np.where(best >= 0, best, 1)
    npv = np.where(best >= 0, c.npv_yuan[rows, pick], np.nan)
    invest = np.where(best >= 0, c.investment_yuan[rows, pick], np.nan)
    tce = np.where(best >= 0, c.tce_saved[rows, pick], np.nan)
    payback = np.where(best >= 0, c.payback_years[rows, pick], np.nan)
    score = economic_score(score_kind, npv, invest, tce, payback)
    ranking = rank_units(mandatory=data.mandatory, deadline_year=data.deadline_year, safety=data.safety,
                         graded=data.graded, score=score, score_kind=score_kind,
                         mandatory_basis=data.mandatory_basis, safety_basis=data.safety_basis)
    motor = _motor_decisions(data, config)
    q, units, mandatory, rank, reasons = data.quantity, data.units, data.mandatory, ranking.rank, ranking.reasons

    def lines(block: np.ndarray) -> list[Recommendation]:
        """The lines of the units `block`, their figures gathered and rounded a column at a time (one
        numpy scalar operation per figure and line cost a third of `recommend --json`)."""
        k, scale = pick[block], q[block]
        figures = (np.where(c.energy_unit[block] == "kWh", c.energy_saved[block, k] * scale, np.nan),
                   tce[block] * scale, c.tco2_saved[block, k] * scale, invest[block] * scale, payback[block],
                   npv[block] * scale)
        out = []
        for i, r, b, p, m, kwh, t, co2, yuan, years, value in zip(
                block.tolist(), rank[block].tolist(), best[block].tolist(), k.tolist(), mandatory[block].tolist(),
                *map(_nums, figures), strict=True):
            u = units[i]
            decision = motor.get(i, ACTIONS[p] if b >= 0 else ("energy_saving" if m else "incomplete"))
            label = MOTOR_DECISION_LABELS.get(decision) or labels.ACTIONS.get(decision) or decision
            missing = sorted({f for a in (1, 2) for f in c.missing_fields(i, a)}) if b < 0 else []
            out.append(Recommendation(r, int(u.id or 0), u.asset_no, u.name, u.category, decision, label,
                                      kwh, t, co2, yuan, years, value, reasons[i], missing))
        return out

    return ranking, RecommendationLines(np.concatenate([ranking.order, ranking.excluded]).astype(np.int64), lines)


_LINE_BLOCK = 1024  # lines built at once when a stream or a long slice reads them


class RecommendationLines(Sequence[Recommendation]):
    """The ranked lines, built when read a block at a time: a page or a stream of a province's lines holds only those."""

    def __init__(self, order: np.ndarray, lines: Callable[[np.ndarray], list[Recommendation]]) -> None:
        self._order, self._lines = order, lines

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> Recommendation: ...
    @overload
    def __getitem__(self, index: slice) -> list[Recommendation]: ...

    def __getitem__(self, index: int | slice) -> Recommendation | list[Recommendation]:
        if isinstance(index, slice):
            return list(self._built(self._order[index]))
        return self._lines(self._order[[index]])[0]

    def __iter__(self) -> Iterator[Recommendation]:
        return self._built(self._order)

    def _built(self, order: np.ndarray) -> Iterator[Recommendation]:
        """The lines of the units `order`, `_LINE_BLOCK` built at once: what a stream holds is one block."""
        for start in range(0, len(order), _LINE_BLOCK):
            yield from self._lines(order[start:start + _LINE_BLOCK])


def _motor_decisions(data: PlanningData, config: Config | None) -> dict[int, str]:
    """Replace now / at failure / repair at failure for motors not under a mandatory order."""
    idx = [i for i, u in enumerate(data.units) if u.category == "motor" and not data.mandatory[i]]
    if not idx or config is None:
        return {}
    units = [data.units[i] for i in idx]
    rows = np.array(idx)
    new_eff = data.replacement_efficiency_pct[rows]
    c = data.candidates
    rewind = config.prices.investment_yuan(np.array(["motor"] * len(idx)), "rewind",
                                           {"rated_power_kw": np.array([u.rated_power_kw or np.nan for u in units]),
                                            "quantity": np.ones(len(idx))})[0]
    decision = motor_decisions(np.array([u.rated_power_kw or np.nan for u in units]),
                               np.array([u.operating_hours_per_year or np.nan for u in units]),
                               np.array([u.load_factor or np.nan for u in units]),
                               np.array([u.efficiency_pct or np.nan for u in units]), new_eff,
                               c.investment_yuan[rows, 1], rewind, econ=config.economics, coeffs=config.coefficients,
                               measured_input_kw=np.array([u.measured_input_kw or np.nan for u in units]))
    return {i: str(d) for i, d in zip(idx, decision.decision, strict=True) if d != "incomplete"}


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 4)


def _nums(values: np.ndarray) -> list[float | None]:
    """`_num` of each value (as Python floats: a numpy scalar per value costs more than the rounding)."""
    return [_num(v) for v in values.tolist()]


def energy_saving_target(data: PlanningData, year: int, share: float) -> PolicyTarget:
    """"By `year` at least `share` of key energy-using units at the energy-saving level or better"."""
    if not 0.0 < share <= 1.0:
        raise BadInput(f"目标比例 {share} 应在 (0, 1] 之间 (error: target share must be in (0, 1])")
    key = np.array([u.category in et.PARAMETERS and u.benchmark_level not in (None, "ungraded") for u in data.units],
                   dtype=bool)
    met = np.array([u.benchmark_level in ("advanced", "energy_saving") for u in data.units], dtype=bool)
    return PolicyTarget(year=year, share=share, units=key, already_met=met & key)


def parse_targets(text: str) -> list[tuple[int, float]]:
    """"2027=0.6,2028=70%" -> [(2027, 0.6), (2028, 0.7)]: policy targets as YEAR=SHARE (share in (0, 1])."""
    targets = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        year_text, sep, share_text = part.partition("=")
        percent = share_text.strip().endswith("%")
        try:
            year, share = int(year_text), float(share_text.strip().rstrip("%")) / (100 if percent else 1)
        except ValueError as exc:
            raise BadInput(f'目标 "{part}" 应写成 年份=比例，如 2027=0.6 (error: target "{part}" must be YEAR=SHARE)') from exc
        if not sep:
            raise BadInput(f'目标 "{part}" 应写成 年份=比例 (error: target "{part}" must be YEAR=SHARE)')
        if not 0.0 < share <= 1.0:
            raise BadInput(f'目标 "{part}" 的比例应在 0 到 1（或 100%）之间 (error: target share must be in (0, 1])')
        targets.append((year, share))
    return targets


def parse_budgets(text: str, current_year: int) -> dict[int, float]:
    """"2027=5e6,2028=5e6" -> {2027: 5e6, 2028: 5e6}; past years and bad amounts are refused."""
    budgets: dict[int, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        year_text, sep, amount_text = part.partition("=")
        try:
            year, amount = int(year_text), float(amount_text)
        except ValueError as exc:
            raise BadInput(f'预算 "{part}" 应写成 年份=金额，如 2027=5e6 (error: budget "{part}" must be YEAR=YUAN)') from exc
        if not sep:
            raise BadInput(f'预算 "{part}" 应写成 年份=金额 (error: budget "{part}" must be YEAR=YUAN)')
        if year < current_year:
            raise BadInput(f"预算年份 {year} 已过去（今年 {current_year} 年） (error: budget year {year} is in the past)")
        if not amount >= 0 or amount == float("inf"):
            raise BadInput(f'{year} 年预算 "{amount_text}" 不是非负金额 (error: budget {year} must be a non-negative amount)')
        budgets[year] = amount
    if not budgets:
        raise BadInput("没有给出预算 (error: no budget given)")
    return budgets


@dataclass(slots=True)
class PlannedItem:
    """One scheduled action, with the fields of a stored `PlanItem` (a plan of a province holds hundreds of
    thousands: they are stored in one bulk insert, never built as ORM objects)."""

    plan_id: int
    equipment_id: int
    action: str
    year: int
    mandatory: bool
    deadline: dt.date | None
    investment_yuan: float
    annual_saving_kwh: float
    annual_saving_tce: float
    annual_saving_tco2: float
    npv_yuan: float | None
    payback_years: float | None
    reason: str
    status: str = "planned"  # planned | done (equipinv.bureau.renewal_progress)
    actual_cost_yuan: float | None = None
    completed_date: dt.date | None = None


@dataclass
class UnfundedItem:
    """A mandatory unit the budget could not pay for by its deadline."""

    equipment_id: int
    asset_no: str
    name: str
    year: int  # the plan year its deadline falls in
    cost_yuan: float  # its cheapest action
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class PlanResult:
    plan_id: int | None
    schedule: Schedule
    excluded: list[str]
    items: list[PlannedItem]
    unfunded: list[UnfundedItem] = field(default_factory=list)
    shortfall_yuan_by_year: dict[int, float] = field(default_factory=dict)


def _risk(data: PlanningData, current_year: int) -> np.ndarray:
    """Who goes first among mandatory units with the same deadline: safety first, then the oldest for its life."""
    age = np.array([(current_year - u.commissioning_date.year) / max(u.design_life_years or 15.0, 1.0)
                    if u.commissioning_date else 0.0 for u in data.units])
    return data.safety.astype(float) * 100.0 + age


def make_plan(session: Session, data: PlanningData, budgets: dict[int, float], *, objective: str,
              config: Config, current_year: int, scope: Scope, targets: tuple[PolicyTarget, ...] = (),
              store: bool = True, method: str = "auto", strict: bool = False) -> PlanResult:
    """Solve the schedule and store it (Plan + PlanItems) with the inputs that produced it.

    A budget below the mandatory work still yields the best plan within it: the mandatory units it
    can pay for come first (`planning.triage`), the rest are listed as unfunded with the shortfall
    per year. `strict` refuses such a budget instead (`InfeasiblePlanError` naming the shortfall).
    """
    if objective not in ("npv", "tce"):
        raise BadInput(f'目标 "{objective}" 未知（可选 npv、tce） (error: unknown objective "{objective}")')
    c = data.candidates
    # every per-unit property once, as arrays (never per chosen item: that made planning O(items × n))
    cost = data.scaled(c.investment_yuan)
    npv, payback = data.scaled(c.npv_yuan), c.payback_years
    tce, tco2 = data.scaled(c.tce_saved), data.scaled(c.tco2_saved)
    kwh = np.where((c.energy_unit == "kWh")[:, None], data.scaled(c.energy_saved), 0.0)
    value = np.where(c.complete, npv if objective == "npv" else tce, np.nan)
    excluded = []
    for i in np.flatnonzero(data.mandatory):
        if np.isnan(value[i, 1:]).all() and np.isfinite(cost[i, 1:]).any():
            value[i, 1:] = np.where(np.isfinite(cost[i, 1:]), 0.0, np.nan)
        if not np.isfinite(cost[i, 1:]).any():
            u = data.units[i]
            excluded.append(f"{u.asset_no} {u.name}：强制淘汰但缺少价格，未计入预算 (mandatory, no price)")
    mandatory = data.mandatory & np.isfinite(cost[:, 1:]).any(axis=1)
    years = sorted(budgets)
    if objective == "tce":
        value = tce_objective(value, years, years[-1] + int(config.economics.horizon_years))
    def solve(value: np.ndarray, mandatory: np.ndarray) -> Schedule:
        return plan_schedule(value, cost, years, [budgets[y] for y in years], current_year=current_year,
                             mandatory=mandatory, deadline_year=data.deadline_year,
                             discount_rate=config.economics.discount_rate if objective == "npv" else 0.0,
                             targets=targets, method=method)

    unfunded: list[UnfundedItem] = []
    shortfall: dict[int, float] = {}
    try:
        schedule = solve(value, mandatory)
    except InfeasiblePlanError:
        if strict:
            raise
        first_year = value[..., 0] if value.ndim == 3 else value
        triage = triage_mandatory(cost, np.isfinite(cost) & ~np.isnan(first_year), mandatory, data.deadline_year,
                                  _risk(data, current_year), years, [budgets[y] for y in years])
        if not triage.unfunded:  # the budget fits the mandatory work: the policy targets are what fails
            raise
        value = value.copy()
        value[triage.unfunded] = np.nan  # not planned: listed as unfunded instead
        schedule = solve(value, mandatory & triage.funded)
        shortfall = triage.shortfall_by_year()
        unfunded = [UnfundedItem(int(data.units[i].id or 0), data.units[i].asset_no, data.units[i].name, year,
                                 round(cost_yuan, 2), data.mandatory_basis[i])
                    for i, year, cost_yuan in zip(triage.unfunded, triage.due_year, triage.cost_yuan, strict=True)]
    items = []
    for i in np.flatnonzero(schedule.action > 0):
        k = int(schedule.action[i])
        u = data.units[i]
        items.append(PlannedItem(
            plan_id=0, equipment_id=int(u.id or 0), action=ACTIONS[k], year=int(schedule.year[i]),
            mandatory=bool(data.mandatory[i]),
            deadline=dt.date(int(data.deadline_year[i]), 12, 31) if data.mandatory[i] else None,
            investment_yuan=float(cost[i, k]), annual_saving_kwh=_zero(kwh[i, k]),
            annual_saving_tce=_zero(tce[i, k]), annual_saving_tco2=_zero(tco2[i, k]),
            npv_yuan=_num(npv[i, k]), payback_years=_num(payback[i, k]),
            reason=(f"强制淘汰：{data.mandatory_basis[i]}" if data.mandatory[i] else "经济性优选") +
                   f"；{labels.ACTIONS[ACTIONS[k]]}，{int(schedule.year[i])}年实施"))
    plan_id = None
    if store:
        plan = Plan(**scope_columns(scope), objective=objective, budgets={str(y): b for y, b in budgets.items()},
                    inputs={"scope": scope.description, "current_year": current_year,
                            "economics": _plain(config.economics), "coefficients": _plain(config.coefficients),
                            "price_edition": config.prices.edition,
                            "targets": [{"year": t.year, "share": t.share, "label": t.label} for t in targets],
                            "units": len(data.units),
                            "unfunded_mandatory": [u.to_dict() for u in unfunded],
                            "shortfall_yuan_by_year": {str(y): v for y, v in shortfall.items()}},
                    objective_value=schedule.objective, gap=schedule.gap, solver=f"{schedule.method}:{schedule.status}",
                    model_version=MODEL_VERSION, table_edition=_editions(data), catalogue_version=catalog.CATALOGUE_VERSION)
        session.add(plan)
        session.flush()
        plan_id = plan.id
        supersede_others(session, plan)
        for item in items:
            item.plan_id = int(plan_id or 0)
        _store_items(session, items)
    return PlanResult(plan_id, schedule, excluded, items, unfunded, shortfall)


def _store_items(session: Session, items: list[PlannedItem]) -> None:
    """The plan's items in one bulk insert (COPY on PostgreSQL), not one ORM insert each."""
    table = PlanItem.__table__  # type: ignore[attr-defined]
    names = [c.name for c in table.columns if c.name != "id"]
    insert_columns(session.connection(), table, {name: [getattr(it, name) for it in items] for name in names})


def _zero(value: float) -> float:
    return float(value) if np.isfinite(value) else 0.0


def _plain(obj: Any) -> dict[str, Any]:
    import dataclasses

    return {f.name: (dict(v) if hasattr((v := getattr(obj, f.name)), "items") else v) for f in dataclasses.fields(obj)}


def _editions(data: PlanningData) -> str:
    return ", ".join(sorted({u.grade_standard for u in data.units if u.grade_standard}))
