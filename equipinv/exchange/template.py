"""The ledger workbook an engineer fills in: instructions, enterprise sheet, equipment sheet.

Headers carry their units ("额定功率(kW)"), enumerated columns get drop-down lists of the Chinese
labels, and a few example rows show the forms values may take ("75 kW", "100 hp", "2009年6月").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

import efficiency_tables as et
from equipinv import labels
from equipinv.exchange.columns import COLUMNS, REQUIRED, header_of, parameter_columns
from equipinv.exchange.safe_cells import safe_text

EQUIPMENT_SHEET = "设备台账"
ENTERPRISE_SHEET = "企业信息"
INSTRUCTIONS_SHEET = "填表说明"
_CHOICES_SHEET = "选项"

_INSTRUCTIONS = (
    "设备台账填报说明（equipinv 台账模板）",
    "1. 先在“企业信息”表填写统一社会信用代码、企业名称、行政区划代码（GB/T 2260，如 141181）"
    "和行业代码（GB/T 4754-2017，如 C2521）。",
    "2. 在“设备台账”表每行填一台（套）设备；资产编号在本企业内不得重复；带 * 的列为必填。",
    "3. 数值可带单位：如 75 kW、100 hp、1250 kVA、10 t/h；不带单位时按表头括号中的单位理解。",
    "4. 日期可写 2009-06-15、2009-06、2009.6、2009年6月 或 Excel 日期。",
    "5. 设备类别、运行情况、使用状态、燃料、排放标准请从下拉列表选择。",
    "6. 性能参数（效率、损耗、比功率、热效率）请填铭牌或实测值；未知的留空，程序会说明无法分级的原因。",
    "7. 示例行（资产编号以 示例 开头）仅作填写参考，导入时会被忽略，可以删除。",
    "8. 设备台账表右侧的参数列（如 泵类型、燃烧方式、煤种、冷却方式IC代码）只填相应类别的设备；"
    "各类设备能效分级所需的字段见下表。",
    "9. 所属项目填“项目”表中的项目名称；项目的投产时间、是否新建、年综合能耗、总投资在“项目”表填写。",
    "10. 焦炉、水泥熟料线、高炉、转炉、电弧炉、铁合金炉等生产线填“生产线”表：产能为年产能（t/a，可写 60万吨/年），"
    "单位产品能耗为 kgce/t 并填其年份；程序按标杆/基准（或能耗限额标准1级/3级）分级。",
    "11. 本表以外的列（如 资产原值）可以保留：导入时原样保存在各设备的“其他列”中，导入报告列出列名和值的个数；"
    "功率或容量的单位可写在右侧的“单位”列。",
)
PROJECT_SHEET = "项目"
_ENTERPRISE_KEYS = ("credit_code", "name", "region_code", "industry_code", "annual_energy_tce", "contact_person",
                    "contact_phone", "mine_type", "equipment_investment_2023_yuan")
PROJECT_HEADERS = (("项目名称", "name"), ("项目投产时间", "commissioning_date"), ("新建项目", "is_new_project"),
                   ("年综合能耗(tce)", "annual_energy_tce"), ("项目总投资(元)", "investment_yuan"))


def _fields_needed() -> list[tuple[str, str]]:
    """(category label, the headers its grading needs) for the instructions sheet, from the benchmark tables."""
    return [(labels.label("category", category),
             "、".join(dict.fromkeys(header_of(p.name) for p in params if p.required)))
            for category, params in et.PARAMETERS.items()]
_EXAMPLES = (
    {"asset_no": "示例-DJ-001", "name": "皮带机电机", "category": "三相异步电动机", "model": "YE3-280S-4",
     "manufacturer": "某电机厂", "year_made": 2019, "quantity": 1, "rated_power_kw": "75 kW", "poles": 4,
     "efficiency_pct": 95.0, "commissioning_date": "2019年6月", "design_life_years": 20,
     "operating_hours_per_year": 6000, "load_factor": 0.75, "condition": "良好", "status": "在用", "site": "备煤车间"},
    {"asset_no": "示例-BY-001", "name": "配电变压器", "category": "电力变压器", "model": "S13-630/10", "year_made": 2018,
     "quantity": 1, "capacity_kva": "630 kVA", "voltage_kv": 10, "no_load_loss_w": 570, "load_loss_w": 6200,
     "commissioning_date": "2018-09", "design_life_years": 25, "condition": "良好", "status": "在用"},
    {"asset_no": "示例-HC-001", "name": "运煤车", "category": "载货汽车", "model": "ZZ3257N3847A", "year_made": 2014,
     "quantity": 1, "rated_power_kw": "280 kW", "fuel": "柴油", "emission_standard": "国四",
     "vehicle_type": "重型载货汽车（包括半挂牵引车和全挂牵引车）", "commissioning_date": "2014.3", "status": "在用"},
)


@dataclass(frozen=True)
class FilledLedger:
    """What a pre-filled template holds: the enterprise sheet, the units (as `ledger_rows` gives them), projects,
    production lines (as `lines_member.lines_document` gives them)."""

    enterprise: dict[str, Any]
    fields: list[str]
    rows: list[list[Any]]
    projects: list[dict[str, Any]]
    lines: list[dict[str, Any]] = dataclasses.field(default_factory=list)


def write_template(path: str | Path, filled: FilledLedger | None = None) -> Path:
    """Write the ledger template to `path` (.xlsx): empty with examples, or filled with an enterprise's ledger."""
    wb = Workbook()
    guide = wb.active
    guide.title = INSTRUCTIONS_SHEET
    for n, line in enumerate(_INSTRUCTIONS, start=1):
        guide.cell(row=n, column=1, value=line).font = Font(bold=n == 1, size=14 if n == 1 else 11)
    start = len(_INSTRUCTIONS) + 2
    guide.cell(row=start, column=1, value="各类设备能效分级所需字段").font = Font(bold=True)
    for n, (category, needed) in enumerate(_fields_needed(), start=start + 1):
        guide.cell(row=n, column=1, value=f"{category}：{needed}")
    guide.column_dimensions["A"].width = 120

    enterprise = wb.create_sheet(ENTERPRISE_SHEET)
    for n, (key, hint) in enumerate((("统一社会信用代码", "18位，含校验码"), ("企业名称", ""),
                                     ("行政区划代码", "GB/T 2260，6位"), ("行业代码", "GB/T 4754-2017，如 C2521"),
                                     ("年综合能耗(tce)", "吨标准煤"), ("联系人", ""), ("联系电话", ""),
                                     ("矿井类型", "煤矿填 井工矿 或 露天矿"),
                                     ("2023年设备投资额(元)", "规划目标“较2023年增长”的基准，如 800万元")), start=1):
        enterprise.cell(row=n, column=1, value=key).font = Font(bold=True)
        enterprise.cell(row=n, column=3, value=hint).font = Font(color="808080")
        if filled is not None:
            enterprise.cell(row=n, column=2, value=safe_text(filled.enterprise.get(_ENTERPRISE_KEYS[n - 1]) or ""))
    enterprise.column_dimensions["A"].width = 20
    enterprise.column_dimensions["B"].width = 36
    enterprise.column_dimensions["C"].width = 30

    sheet = wb.create_sheet(EQUIPMENT_SHEET)
    choices = wb.create_sheet(_CHOICES_SHEET)
    choices.sheet_state = "hidden"
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    all_columns = (*COLUMNS, *parameter_columns())
    for index, column in enumerate(all_columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header + (" *" if column.field in REQUIRED else ""))
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            for row, choice in enumerate(column.choices, start=1):
                choices.cell(row=row, column=index, value=choice)
            validation = DataValidation(type="list", formula1=f"={_CHOICES_SHEET}!${letter}$1:${letter}${len(column.choices)}",
                                        allow_blank=True, showErrorMessage=True, errorTitle="无效选项",
                                        error=f"请从下拉列表中选择{column.header}")
            validation.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(validation)
    if filled is None:
        rows = [[example.get(c.field) for c in all_columns] for example in _EXAMPLES]
    else:
        if extra := [f for f in filled.fields if f not in {c.field for c in all_columns}]:
            for index, name in enumerate(extra, start=len(all_columns) + 1):  # e.g. value_sources
                sheet.cell(row=1, column=index, value=name).font = Font(bold=True)
        order = {f: i for i, f in enumerate(filled.fields)}
        wanted = [c.field for c in all_columns] + extra
        rows = [[row[order[f]] if f in order else None for f in wanted] for row in filled.rows]
    for row_number, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            if value not in (None, ""):
                sheet.cell(row=row_number, column=index, value=safe_text(value))
    sheet.freeze_panes = "C2"
    projects = wb.create_sheet(PROJECT_SHEET)
    for index, (header, _) in enumerate(PROJECT_HEADERS, start=1):
        projects.cell(row=1, column=index, value=header).font = Font(bold=True)
        projects.column_dimensions[get_column_letter(index)].width = 24 if index == 1 else 16
    for row_number, project in enumerate(filled.projects if filled else [], start=2):
        for index, (_, field) in enumerate(PROJECT_HEADERS, start=1):
            value = project.get(field)
            if value is not None:
                projects.cell(row=row_number, column=index,
                              value={True: "是", False: "否"}.get(value, value) if isinstance(value, bool) else value)
    from equipinv.exchange.line_sheet import write_line_sheet  # here: line_sheet reads through reader, which imports us

    write_line_sheet(wb, filled.lines if filled else [])
    out = Path(path)
    wb.save(out)
    return out
