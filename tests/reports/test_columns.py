"""Column widths from content: short names and models keep whole, long text gets the rest.

Checked on the widths themselves (every list, every name length from 4 to 16 characters, a page
too narrow for the minimums), on the line breaker (no lone last character, no opening bracket at a
line end) and on rendered A4-landscape PDFs read back with pdftotext -layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from equipinv.listing import STANDARD_LISTS, ListSection, standard_list
from reports.columns import column_widths
from reports.fonts import resolve_font
from reports.layout import FRAME_WIDTH
from reports.pdf import CELL_PAD, CELL_SIZE, PAD_X, SEQ_WIDTH, render_list_pdf, table_widths
from reports.wrap import NO_LINE_END, Wrapper

from .samples import BASES, FILLER, elimination_rows, layout_lines, reads_back

PAD = 2 * PAD_X + CELL_PAD
# Lüliang-style enterprise names of 4 to 16 characters
NAMES = ["金晖焦化", "孝义金晖焦化厂", "柳林县鑫源煤业公司", "孝义市金晖焦化有限公司", "山西吕梁离石焦化有限公司",
         "孝义市金达煤化工有限责任公司", "张家口宣化恒达机械制造有限公司", "山西焦煤集团汾西矿业有限责任公司"]


@pytest.fixture(scope="module")
def wrapper() -> Wrapper:
    return Wrapper(resolve_font().name, CELL_SIZE)


def _cell_lines(wrapper: Wrapper, text: str, width: float) -> list[str]:
    return wrapper.lines(text, width - PAD)


def _rows(name: str, n: int = 6) -> list[dict[str, object]]:
    rows = elimination_rows(name, n)
    for i, row in enumerate(rows):
        row["model"] = ("YBX3-315L2-4", "SCB10-2500/10", "Y2-280M-4", "ZGS11-Z-500/10")[i % 4]
    return rows


@pytest.mark.parametrize("list_id", sorted(STANDARD_LISTS))
@pytest.mark.parametrize("name", NAMES)
def test_names_fit_on_two_lines_without_a_lone_character(wrapper: Wrapper, list_id: str, name: str) -> None:
    doc = standard_list(list_id, [ListSection("", _rows(name))], filler=FILLER)
    widths = table_widths(doc, resolve_font())
    assert sum(widths) == pytest.approx(FRAME_WIDTH) and widths[0] == SEQ_WIDTH
    keys = [c.key for c in doc.printed_columns()]
    lines = _cell_lines(wrapper, name, widths[1 + keys.index("enterprise")])
    assert "".join(lines) == name
    assert len(lines) <= 2 and min(len(ln) for ln in lines) >= 2, lines
    if len(name) <= 12 and list_id == "elimination":  # the list with room to spare: one line
        assert len(lines) == 1, lines
    if "model" in keys:
        for model in {str(r["model"]) for r in _rows(name)}:
            assert _cell_lines(wrapper, model, widths[1 + keys.index("model")]) == [model]


def test_long_text_takes_the_room_short_columns_leave(wrapper: Wrapper) -> None:
    doc = standard_list("elimination", [ListSection("", _rows("孝义市金晖焦化有限公司"))], filler=FILLER)
    widths = dict(zip([c.key for c in doc.printed_columns()], table_widths(doc, resolve_font())[1:], strict=True))
    assert max(widths, key=widths.__getitem__) == "basis"
    for key, value in (("quantity", "4"), ("years_in_service", "22.0"), ("equipment_name", "三相异步电动机")):
        assert wrapper.text_width(value) + PAD <= widths[key] < widths["basis"] / 2, key
    assert _cell_lines(wrapper, "服务年限（年）", widths["years_in_service"]) in (["服务年限（年）"], ["服务年限", "（年）"])


def test_too_narrow_a_page_shrinks_every_minimum_alike(wrapper: Wrapper) -> None:
    columns = STANDARD_LISTS["demand"][1]
    texts = [["山西焦煤集团汾西矿业有限责任公司"] * len(columns)]
    widths = column_widths(columns, texts, wrapper, 200.0, PAD)
    assert sum(widths) == pytest.approx(200.0) and min(widths) > 0


def test_a_short_cjk_text_never_ends_on_a_lone_character(wrapper: Wrapper) -> None:
    name = "孝义市金晖焦化有限公司"
    for chars in range(6, 11):  # from two even lines to one character short of one line
        lines = wrapper.lines(name, wrapper.text_width(name[:chars]) + 0.1)
        assert "".join(lines) == name and len(lines[-1]) >= 2, (chars, lines)
        assert all(wrapper.text_width(ln) <= wrapper.text_width(name[:chars]) + 0.1 for ln in lines)


def test_an_opening_bracket_never_ends_a_line(wrapper: Wrapper) -> None:
    text = "低于准入水平（低于3级）" + BASES[0]
    for width in range(30, 140, 2):
        for line in wrapper.lines(text, width)[:-1]:
            assert line[-1] not in NO_LINE_END, (width, line)


def test_rendered_names_and_models_read_back_whole(tmp_path: Path) -> None:
    sections = [ListSection(name, _rows(name, 4)) for name in NAMES]
    doc = standard_list("elimination", sections, filler=FILLER, section_label="企业")
    render_list_pdf(doc, tmp_path / "names.pdf")
    lines = [ln for ln in layout_lines(tmp_path / "names.pdf") if "企业：" not in ln]
    for name in NAMES:
        assert reads_back(name, lines), name
        if len(name) <= 12:
            assert any(name in ln for ln in lines), f"{name} fits on one line"
    for model in {str(r["model"]) for s in sections for r in s.rows}:
        assert any(model in ln for ln in lines), model
