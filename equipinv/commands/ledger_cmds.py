"""`equipinv enterprise ...` and `equipinv equipment ...`: keeping the ledger from the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from equipinv.cli_support import STATE, emit_json, parse_assignments, print_table, record_dict, terminal_safe, warn

if TYPE_CHECKING:
    from sqlmodel import Session

    from equipinv.models import Enterprise, Equipment

enterprise_app = typer.Typer(help="企业 (enterprises)", no_args_is_help=True)
equipment_app = typer.Typer(help="设备台账 (equipment ledger)", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]
EnterpriseOpt = Annotated[str, typer.Option("--enterprise", "-e", help="企业：信用代码、名称或编号 (credit code, name or id)")]

EQUIPMENT_KEYS_HELP = (
    "字段 KEY=VALUE，例如 asset_no=M-001 name=主电机 category=motor rated_power_kw=\"75 kW\" poles=4 "
    "efficiency_pct=93.6 commissioning_date=2009-06 design_life_years=20 "
    "(fields as KEY=VALUE; quantities may carry units)"
)


def register(app: typer.Typer) -> None:
    app.add_typer(enterprise_app, name="enterprise")
    app.add_typer(equipment_app, name="equipment")


def enterprise_record(e: Enterprise, unit_count: int | None = None) -> dict[str, Any]:
    from equipinv import codes

    region = codes.regions().get(e.region_code)
    industry = codes.industries().get(e.industry_code)
    record = record_dict(e, ["id", "credit_code", "name", "region_code", "industry_code", "annual_energy_tce",
                             "equipment_investment_2023_yuan", "contact_person", "contact_phone", "mine_type", "version"])
    record["region_label"] = region.name if region else None
    record["industry_label"] = industry.name if industry else None
    if unit_count is not None:
        record["unit_count"] = unit_count
    return record


@enterprise_app.command("add", help="登记企业 (add an enterprise)")
def enterprise_add(
    credit_code: Annotated[str, typer.Option("--credit-code", help="统一社会信用代码")],
    name: Annotated[str, typer.Option("--name", help="企业名称")],
    region: Annotated[str, typer.Option("--region", help="行政区划代码 GB/T 2260")],
    industry: Annotated[str, typer.Option("--industry", help="行业代码 GB/T 4754-2017，如 C2521")],
    energy: Annotated[str | None, typer.Option("--energy", help="年综合能耗，如 \"12000 tce\"")] = None,
    investment_2023: Annotated[str | None, typer.Option(
        "--investment-2023", help="2023年设备投资额（目标基准），如 \"1200万元\"")] = None,
    mine_type: Annotated[str | None, typer.Option("--mine-type", help="煤矿：井工矿 或 露天矿 (mines only)")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import add_enterprise

    with session_scope(STATE.engine()) as session:
        enterprise = add_enterprise(session, {"credit_code": credit_code, "name": name, "region_code": region,
                                              "industry_code": industry, "annual_energy_tce": energy,
                                              "equipment_investment_2023_yuan": investment_2023, "mine_type": mine_type},
                                   actor="cli")
        record = enterprise_record(enterprise)
    if json_output:
        emit_json(record)
    else:
        typer.echo(f"已登记企业 {record['name']}（{record['credit_code']}），编号 {record['id']}")


def _unit_counts(session: Session) -> dict[int, int]:
    from sqlmodel import col, func, select

    from equipinv.models import Equipment

    rows = session.exec(select(col(Equipment.enterprise_id), func.count()).group_by(col(Equipment.enterprise_id))).all()
    return {eid: n for eid, n in rows}


@enterprise_app.command("list", help="列出企业 (list enterprises)")
def enterprise_list(json_output: JsonFlag = False) -> None:
    from sqlmodel import col, select

    from equipinv.db import session_scope
    from equipinv.models import Enterprise

    with session_scope(STATE.engine()) as session:
        counts = _unit_counts(session)
        records = [enterprise_record(e, counts.get(e.id or 0, 0))
                   for e in session.exec(select(Enterprise).order_by(col(Enterprise.region_code), col(Enterprise.id)))]
    if json_output:
        emit_json(records)
        return
    print_table("企业", ["编号", "统一社会信用代码", "名称", "地区", "行业", "设备数"],
                [(r["id"], r["credit_code"], r["name"], r["region_label"], r["industry_label"], r["unit_count"])
                 for r in records])


@enterprise_app.command("show", help="查看企业 (show one enterprise)")
def enterprise_show(key: Annotated[str, typer.Argument(help="信用代码、名称或编号")], json_output: JsonFlag = False) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise

    with session_scope(STATE.engine()) as session:
        enterprise = find_enterprise(session, key)
        record = enterprise_record(enterprise, _unit_counts(session).get(enterprise.id or 0, 0))
    if json_output:
        emit_json(record)
        return
    for k, v in record.items():
        typer.echo(terminal_safe(f"{k}: {'' if v is None else v}"))


EQUIPMENT_LIST_KEYS = ["id", "asset_no", "name", "category", "model", "quantity", "rated_power_kw", "capacity_kva",
                       "year_made", "commissioning_date", "design_life_years", "status", "condition", "grade",
                       "benchmark_level"]


def equipment_record(unit: Equipment, keys: list[str] | None = None) -> dict[str, Any]:
    from equipinv import designations, labels

    record = {k: v for k, v in record_dict(unit).items() if v is not None and v != {}} if keys is None \
        else record_dict(unit, keys)
    for enum in ("category", "status", "condition", "benchmark_level"):
        if record.get(enum) is not None:
            record[f"{enum}_label"] = labels.label(enum, record[enum])
    if keys is None:  # the full record says which values the model gave and which entered values it contradicts
        review = designations.review(unit.model_dump())
        record["derived_from_model"] = designations.derived_fields(unit.value_sources)
        record["designation_conflicts"] = [c.to_dict() for c in review.conflicts]
        record["designation"] = review.decoded.to_dict() if review.decoded else None
    return record


def _warn_designation(record: dict[str, Any]) -> None:
    from equipinv import designations

    if record["derived_from_model"]:
        warn(f"{designations.derived_remark({k: designations.DERIVED for k in record['derived_from_model']})}"
             f"（非铭牌值） (derived from the model: {', '.join(record['derived_from_model'])})")
    for conflict in record["designation_conflicts"]:
        warn(conflict["message"])


@equipment_app.command("add", help="新增设备 (add a unit)")
def equipment_add(
    enterprise: EnterpriseOpt,
    fields: Annotated[list[str], typer.Argument(help=EQUIPMENT_KEYS_HELP)],
    json_output: JsonFlag = False,
) -> None:
    from equipinv.services import units

    unit = units.add_unit(STATE.context(), enterprise, parse_assignments(fields))
    record = equipment_record(unit)
    if json_output:
        emit_json(record)
    else:
        typer.echo(f"已新增设备 {record['asset_no']} {record['name']}，编号 {record['id']}")
        _warn_designation(record)


@equipment_app.command("list", help="列出设备 (list units)")
def equipment_list(
    enterprise: Annotated[str | None, typer.Option("--enterprise", "-e")] = None,
    category: Annotated[str | None, typer.Option("--category")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 0,
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import col, select

    from equipinv import labels
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.models import Equipment

    with session_scope(STATE.engine()) as session:
        query = select(Equipment).order_by(col(Equipment.enterprise_id), col(Equipment.asset_no))
        if enterprise:
            query = query.where(Equipment.enterprise_id == find_enterprise(session, enterprise).id)
        if category:
            query = query.where(Equipment.category == (labels.code_for("category", category) or category))
        if status:
            query = query.where(Equipment.status == (labels.code_for("status", status) or status))
        if limit:
            query = query.limit(limit)
        records = [equipment_record(u, EQUIPMENT_LIST_KEYS) for u in session.exec(query)]
    if json_output:
        emit_json(records)
        return
    print_table("设备台账", ["资产编号", "名称", "类别", "型号", "数量", "功率kW", "投运", "状态", "能效水平"],
                [(r["asset_no"], r["name"], r["category_label"], r["model"], r["quantity"], r["rated_power_kw"],
                  r["commissioning_date"], r["status_label"], r.get("benchmark_level_label", "")) for r in records])


@equipment_app.command("show", help="查看设备 (show one unit)")
def equipment_show(enterprise: EnterpriseOpt, asset_no: Annotated[str, typer.Argument(help="资产编号")],
                   json_output: JsonFlag = False) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise, find_equipment

    with session_scope(STATE.engine()) as session:
        record = equipment_record(find_equipment(session, find_enterprise(session, enterprise), asset_no))
    if json_output:
        emit_json(record)
        return
    for k, v in record.items():
        if k == "extra":  # the imported ledger's columns no field takes, under their own headers
            v = "；".join(f"{header}={cell}" for header, cell in v.items()) + "（原台账中未对应字段的列）"
        typer.echo(terminal_safe(f"{k}: {v}"))


@equipment_app.command("edit", help="修改设备字段 (edit fields of a unit)")
def equipment_edit(
    enterprise: EnterpriseOpt,
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    fields: Annotated[list[str], typer.Argument(help=EQUIPMENT_KEYS_HELP)],
    json_output: JsonFlag = False,
) -> None:
    from equipinv.services import units

    result = units.edit_unit(STATE.context(), (enterprise, asset_no), parse_assignments(fields))
    record = equipment_record(result.unit)
    if json_output:
        emit_json({"unit": record, "changed": sorted(result.changes)})
    else:
        typer.echo(f"已修改 {asset_no}：{', '.join(sorted(result.changes)) or '无变化'}"
                   + ("，已重新分级和检查" if result.changes else ""))
        _warn_designation(record)


@equipment_app.command("retire", help="设备淘汰（或 --idle 标为闲置） (retire a unit, or mark it idle)")
def equipment_retire(
    enterprise: EnterpriseOpt,
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    idle: Annotated[bool, typer.Option("--idle", help="只标为闲置 (mark idle instead)")] = False,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.services import units

    unit = units.set_unit_status(STATE.context(), (enterprise, asset_no), "idle" if idle else "eliminated")
    record = equipment_record(unit, EQUIPMENT_LIST_KEYS)
    if json_output:
        emit_json(record)
    else:
        typer.echo(f"{asset_no} 已标为{record['status_label']}")
