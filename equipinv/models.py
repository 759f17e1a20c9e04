"""The stored tables of equipinv (SQLModel), one class per table.

Quantities are plain floats in the canonical unit named in the column (`rated_power_kw`); enums are
plain English strings (validated on the way in by `equipinv.schemas`, labelled in Chinese by
`equipinv.labels`); timestamps are UTC. Every row that came in with a survey submission knows which
one (`submission_id`), and rows staff edit concurrently carry a `version` for optimistic locking.

Note: no `from __future__ import annotations` here, it breaks SQLModel relationships.
"""

import datetime as dt
from typing import Any, Optional

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Timestamps are stored in UTC; SQLite hands them back naive, still meaning UTC."""
    return dt.datetime.now(dt.UTC)


def _ts(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True), **kwargs)


class Region(SQLModel, table=True):
    """A GB/T 2260 administrative division (seeded from the shipped code list)."""

    code: str = Field(primary_key=True, max_length=6)
    name: str
    level: str = Field(max_length=10)  # province | city | county
    parent_code: Optional[str] = Field(default=None, foreign_key="region.code", index=True)


class Submission(SQLModel, table=True):
    """One survey submission: a ledger import, a survey package, the demo, or edits in the app."""

    # the same file is stored once per enterprise: a second import (even a concurrent one) is a duplicate
    __table_args__ = (sa.Index("uq_submission_enterprise_checksum", "enterprise_id", "checksum_sha256", unique=True,
                               sqlite_where=sa.text("status <> 'rejected'"),
                               postgresql_where=sa.text("status <> 'rejected'")),)

    id: Optional[int] = Field(default=None, primary_key=True)
    enterprise_id: Optional[int] = Field(default=None, foreign_key="enterprise.id", index=True)
    source: str = Field(max_length=20)  # ledger | package | demo | app | cli
    filename: Optional[str] = None
    checksum_sha256: Optional[str] = Field(default=None, max_length=64, index=True)
    version: int = 1
    period: Optional[str] = Field(default=None, max_length=20)  # e.g. 2026-11 or 2026-11-2 (dekad)
    submitted_by: Optional[str] = None
    status: str = Field(default="complete", max_length=20)  # complete | superseded | rejected
    rows_accepted: int = 0
    rows_rejected: int = 0
    created_at: dt.datetime = _ts()
    # the database login that stored it (set or checked by the database, see equipinv.integrity)
    login: Optional[str] = Field(default=None, max_length=63)
    # a package's place in its enterprise's sequence, from its manifest (never the file name)
    manifest_created_at: Optional[dt.datetime] = Field(default=None, sa_type=sa.DateTime(timezone=True))
    sequence: Optional[int] = None


class Enterprise(SQLModel, table=True):
    """An enterprise (项目单位) identified by its unified social credit code."""

    id: Optional[int] = Field(default=None, primary_key=True)
    credit_code: str = Field(unique=True, max_length=18)
    name: str
    region_code: str = Field(foreign_key="region.code", index=True)
    industry_code: str = Field(max_length=5, index=True)  # GB/T 4754-2017 class, e.g. 2521
    annual_energy_tce: Optional[float] = None
    # 2023 equipment investment, the baseline of the plans' "+25 % over 2023" target (yuan)
    equipment_investment_2023_yuan: Optional[float] = None
    contact_person: Optional[str] = None
    contact_phone: Optional[str] = None
    mine_type: Optional[str] = Field(default=None, max_length=12)  # underground (井工矿) | open_pit (露天矿)
    # the submission that last changed this row (no foreign key: submission already points here)
    submission_id: Optional[int] = None
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()
    version: int = 1


class Site(SQLModel, table=True):
    """A site or workshop (厂区/车间) of an enterprise."""

    __table_args__ = (sa.UniqueConstraint("enterprise_id", "name", name="uq_site_enterprise_name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    name: str


class Project(SQLModel, table=True):
    """A project (项目) of an enterprise; new projects are surveyed separately (新建项目设备摸底)."""

    __table_args__ = (sa.UniqueConstraint("enterprise_id", "name", name="uq_project_enterprise_name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    name: str
    commissioning_date: Optional[dt.date] = None
    is_new_project: bool = False
    annual_energy_tce: Optional[float] = None
    investment_yuan: Optional[float] = None  # the project's total investment (项目总投资)


class DeclaredNeed(SQLModel, table=True):
    """A renewal or retrofit need an enterprise declares itself (企业自报需求), for a unit or a production line.

    The county's demand list is built from these and from the plans: a declared need travels in the
    survey package and keeps saying where it came from.
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    equipment_id: Optional[int] = Field(default=None, foreign_key="equipment.id", index=True)
    line_name: Optional[str] = None  # a production line (产线/装置) the need is for, when not one unit
    action: str = Field(max_length=20)  # renewal | retrofit | safety_retrofit | digital_retrofit | eliminate
    replacement: Optional[str] = None
    investment_yuan: Optional[float] = None  # the enterprise's quoted investment
    planned_year: int
    reason: str
    submission_id: Optional[int] = Field(default=None, foreign_key="submission.id")
    created_at: dt.datetime = _ts()


class ProductionLine(SQLModel, table=True):
    """A production line or process unit (生产线/工序装置: a coke-oven battery, a clinker line, a blast furnace …).

    Graded by its unit-product energy use against the 标杆/基准 values of its kind
    (`equipinv.line_benchmarks`); capacity weights the plans' "标杆水平产能比例".
    """

    __table_args__ = (sa.UniqueConstraint("enterprise_id", "name", name="uq_production_line_enterprise_name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    name: str
    kind: str = Field(max_length=40)  # a kind of equipinv/data/line_benchmarks.csv
    capacity_t_a: float  # annual production capacity, tonnes of product per year
    unit_energy_kgce_t: Optional[float] = None  # unit-product energy use, kgce per tonne of product
    energy_year: Optional[int] = None  # the year that energy figure was measured in
    commissioning_date: Optional[dt.date] = None
    created_at: dt.datetime = _ts()


class Equipment(SQLModel, table=True):
    """One equipment unit (or a batch of identical units: `quantity`) in an enterprise's ledger."""

    __table_args__ = (sa.UniqueConstraint("enterprise_id", "asset_no", name="uq_equipment_enterprise_asset"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    site_id: Optional[int] = Field(default=None, foreign_key="site.id")
    project_id: Optional[int] = Field(default=None, foreign_key="project.id")
    parent_id: Optional[int] = Field(default=None, foreign_key="equipment.id")
    asset_no: str = Field(max_length=64)
    name: str
    category: str = Field(max_length=20, index=True)
    model: Optional[str] = None
    manufacturer: Optional[str] = None
    year_made: Optional[int] = None
    quantity: int = 1
    # ratings (canonical units in the names)
    rated_power_kw: Optional[float] = None
    capacity_kva: Optional[float] = None
    capacity_mw: Optional[float] = None
    capacity_t_h: Optional[float] = None
    voltage_kv: Optional[float] = None
    poles: Optional[int] = None
    speed_rpm: Optional[float] = None
    flow_m3_h: Optional[float] = None
    head_m: Optional[float] = None
    flow_m3_min: Optional[float] = None
    pressure_mpa: Optional[float] = None
    # performance
    efficiency_pct: Optional[float] = None
    no_load_loss_w: Optional[float] = None
    load_loss_w: Optional[float] = None
    specific_power_kw_per_m3_min: Optional[float] = None
    thermal_efficiency_pct: Optional[float] = None
    cop: Optional[float] = None
    # type details
    transformer_type: Optional[str] = Field(default=None, max_length=10)  # oil | dry
    core_material: Optional[str] = Field(default=None, max_length=12)  # steel | amorphous
    insulation_class: Optional[str] = Field(default=None, max_length=2)
    connection_group: Optional[str] = Field(default=None, max_length=12)
    fuel: Optional[str] = Field(default=None, max_length=20)
    emission_standard: Optional[str] = Field(default=None, max_length=10)  # china_0 .. china_6
    vehicle_type: Optional[str] = None
    vehicle_use: Optional[str] = Field(default=None, max_length=20)  # 车辆用途 (labels.VEHICLE_USES), issue 22
    mileage_km: Optional[float] = None
    annual_distance_km: Optional[float] = None
    fuel_l_per_100km: Optional[float] = None
    # the type-approval consumption of the vehicle bought to replace this one (工信部燃料消耗量公示 / its
    # quote): no table gives a new truck's figure, so a vehicle's savings need the enterprise to state it
    replacement_fuel_l_per_100km: Optional[float] = None
    variable_duty: Optional[bool] = None
    operating: Optional[bool] = None  # 营运车辆: a vehicle in commercial operation (truck campaign rules)
    underground_coal_mine: Optional[bool] = None  # used underground in a coal mine (coal-mine banned lists)
    cnc: Optional[bool] = None  # machine tools: numerically controlled (数控), for the CNC-rate target
    key_process: Optional[bool] = None  # machine tools: used in a key process (关键工序), the CNC rate's population
    # mine equipment (issue 23): where it is used (使用地点), its explosion-proof type (防爆型式), its
    # 煤安标志编号 (MA number), and the 类型 word a ledger gave when it named no known category
    location: Optional[str] = None
    explosion_proof: Optional[str] = Field(default=None, max_length=40)
    ma_number: Optional[str] = Field(default=None, max_length=40)
    category_word: Optional[str] = Field(default=None, max_length=40)
    # use
    commissioning_date: Optional[dt.date] = None
    design_life_years: Optional[float] = None
    operating_hours_per_year: Optional[float] = None
    load_factor: Optional[float] = None
    # electrical input power measured at the unit's usual duty (kW, 实测输入功率): the savings models use it
    # for the old unit's energy instead of nameplate × load factor (issue 20)
    measured_input_kw: Optional[float] = None
    condition: Optional[str] = Field(default=None, max_length=10)  # good | fair | poor | stopped
    status: str = Field(default="in_use", max_length=12, index=True)  # in_use | idle | eliminated
    notes: Optional[str] = None
    # further rating parameters a benchmark table needs, by the names efficiency_tables.PARAMETERS gives
    # (e.g. {"compressor_type": "rotary_fixed", "cooling": "air", "pressure_coefficient": 0.9})
    rating_params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # where each performance value came from: {"efficiency_pct": "measured" | "nameplate" | "estimated"}
    value_sources: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # what an imported ledger held in columns no field takes, by the ledger's own header ({"资产原值(万元)": 12.5}):
    # kept so nothing an enterprise reported is lost, and carried to the county with the unit (issue 16)
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # grading result (efficiency_tables) with provenance
    grade: Optional[str] = Field(default=None, max_length=8)  # 1 | 2 | 3 | below_3
    benchmark_level: Optional[str] = Field(default=None, max_length=14, index=True)
    grade_standard: Optional[str] = None  # e.g. GB 18613-2020
    grade_detail: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    graded_at: Optional[dt.datetime] = Field(default=None, sa_type=sa.DateTime(timezone=True))
    checked_at: Optional[dt.datetime] = Field(default=None, sa_type=sa.DateTime(timezone=True))
    submission_id: Optional[int] = Field(default=None, foreign_key="submission.id")
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()
    version: int = 1


class Finding(SQLModel, table=True):
    """A catalogue or rule finding on a unit (catalog matcher), with its legal basis and deadline."""

    id: Optional[int] = Field(default=None, primary_key=True)
    equipment_id: int = Field(foreign_key="equipment.id", index=True)
    rule_id: str = Field(max_length=64)
    catalogue_id: str = Field(max_length=64)
    catalogue_version: str = Field(max_length=32)
    kind: str = Field(max_length=20)  # mandatory | advisory | safety_assessment
    outcome: str = Field(max_length=16)  # match | cannot_decide
    citation: str
    reason: str
    deadline: Optional[dt.date] = None
    deadline_label: Optional[str] = None
    replacement: Optional[str] = None
    missing_fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    checked_at: dt.datetime = _ts()


class Plan(SQLModel, table=True):
    """A stored replacement schedule with everything needed to defend it later."""

    id: Optional[int] = Field(default=None, primary_key=True)
    enterprise_id: Optional[int] = Field(default=None, foreign_key="enterprise.id", index=True)
    region_code: Optional[str] = Field(default=None, max_length=6)
    # the scope the plan was made for: enterprise (enterprise_id) | region (region_code) | all
    scope_kind: str = Field(default="all", max_length=10, index=True,
                            sa_column_kwargs={"server_default": "all"})
    objective: str = Field(max_length=10)  # npv | tce
    status: str = Field(default="accepted", max_length=12)
    budgets: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    inputs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    objective_value: Optional[float] = None
    gap: Optional[float] = None
    solver: Optional[str] = None
    model_version: str = Field(max_length=32)
    table_edition: Optional[str] = None
    catalogue_version: Optional[str] = None
    created_at: dt.datetime = _ts()


class PlanItem(SQLModel, table=True):
    """One scheduled action of a plan: what happens to a unit, in which year, and why."""

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    equipment_id: int = Field(foreign_key="equipment.id", index=True)
    action: str = Field(max_length=24)  # keep | energy_saving | advanced | ...
    year: Optional[int] = None
    mandatory: bool = False
    deadline: Optional[dt.date] = None
    investment_yuan: float = 0.0
    annual_saving_kwh: float = 0.0
    annual_saving_tce: float = 0.0
    annual_saving_tco2: float = 0.0
    npv_yuan: Optional[float] = None
    payback_years: Optional[float] = None
    reason: str = ""
    # progress of the item (旬调度 counts renewal items done and investment spent)
    status: str = Field(default="planned", max_length=10)  # planned | done
    actual_cost_yuan: Optional[float] = None
    completed_date: Optional[dt.date] = None


class EliminationRecord(SQLModel, table=True):
    """An elimination to close: planned -> done (date, evidence) -> verified by the bureau (对账销号)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    equipment_id: int = Field(foreign_key="equipment.id", index=True, unique=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    basis: str
    deadline: Optional[dt.date] = None
    replacement: Optional[str] = None
    status: str = Field(default="planned", max_length=10)  # planned | done | verified
    done_date: Optional[dt.date] = None
    evidence: Optional[str] = None
    verified_date: Optional[dt.date] = None
    verified_by: Optional[str] = None
    # which kind of legal basis (equipinv.elimination_basis.BASIS_KINDS): catalogue | coal_mine | ...
    basis_kind: Optional[str] = Field(default=None, max_length=16, index=True)
    # how the unit left (recorded when marked done): 拆解 / 回收 / 再制造 / 转让 / 梯次利用
    disposal_route: Optional[str] = Field(default=None, max_length=16)
    recipient: Optional[str] = None
    recipient_cert_no: Optional[str] = None  # qualification or 报废机动车回收证明 number
    disposal_weight_t: Optional[float] = None
    disposal_quantity: Optional[int] = None
    # database logins that reported it done and verified it (set or checked by the database)
    done_login: Optional[str] = Field(default=None, max_length=63)
    verified_login: Optional[str] = Field(default=None, max_length=63)
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()
    version: int = 1


class SafetyAssessment(SQLModel, table=True):
    """A safety risk assessment a rule calls for (old pressure vessels, elevators) and its outcome.

    pass: kept until `next_review_date`; repair: kept after repair; replace: the unit failed and becomes
    an elimination (basis kind safety_failed).
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    equipment_id: int = Field(foreign_key="equipment.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    rule_id: str = Field(max_length=64)
    outcome: str = Field(max_length=10)  # pass | repair | replace
    assessed_date: dt.date
    next_review_date: Optional[dt.date] = None
    assessor: str
    report_no: Optional[str] = None
    created_at: dt.datetime = _ts()


class AuditLog(SQLModel, table=True):
    """Who changed what, when: every edit of the ledger leaves one row here.

    Append-only in the database (equipinv.integrity): `login` (who, from the database session), `at`
    on PostgreSQL, `chain_seq`, `prev_hash` and `row_hash` are written by a trigger, never by the
    client; `actor` is the program's own label of the path (tui, cli, import), not trusted.
    """

    __table_args__ = (sa.Index("uq_auditlog_enterprise_chain", "enterprise_id", "chain_seq", unique=True),)

    id: Optional[int] = Field(default=None, primary_key=True)
    at: dt.datetime = _ts(index=True)
    actor: Optional[str] = None
    action: str = Field(max_length=20)  # create | update | retire | delete | import | verify ...
    table_name: str = Field(max_length=32)
    row_id: Optional[int] = None
    enterprise_id: Optional[int] = Field(default=None, index=True)
    submission_id: Optional[int] = None
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    login: Optional[str] = Field(default=None, max_length=63)
    chain_seq: Optional[int] = None  # position in its enterprise's hash chain, 1 first
    prev_hash: Optional[str] = Field(default=None, max_length=64)
    row_hash: Optional[str] = Field(default=None, max_length=64)


class RosterEntry(SQLModel, table=True):
    """An enterprise a bureau expects a survey from (应报企业名录), loaded from the bureau's roster file."""

    id: Optional[int] = Field(default=None, primary_key=True)
    credit_code: str = Field(unique=True, max_length=18)
    name: str
    region_code: Optional[str] = Field(default=None, foreign_key="region.code", index=True)
    industry_code: Optional[str] = Field(default=None, max_length=5)
    key_energy_user: Optional[bool] = None
    source: Optional[str] = None  # the roster file it came from
    loaded_at: dt.datetime = _ts()


class BureauStaff(SQLModel, table=True):
    """A bureau staff database role and the region it works on (PostgreSQL row-level security).

    County staff get `can_write`; city staff read their counties. The policies created by
    `equipinv bureau setup-roles` consult this table through a SECURITY DEFINER function.
    """

    role_name: str = Field(primary_key=True, max_length=63)
    region_code: str = Field(foreign_key="region.code")
    can_write: bool = False
