"""Every document rendered from the demo ledger (built and planned by the `demo` command).

Proves, from the files themselves, that the four lists and the summary the planner builds from a
believable ledger render: page counts, the header on every page, the totals, and the Chinese
strings of the rows extracted back as the rows hold them.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlmodel import Session

from equipinv.cli import main
from equipinv.db import open_database
from equipinv.demo import DEMO_TODAY
from equipinv.listing import ListDocument
from equipinv.lists import LIST_IDS, Scope, build_list
from equipinv.summary import build_summary
from reports.cells import format_number
from reports.pdf import render_list_pdf
from reports.summary import render_summary_pdf
from reports.xlsx import HEADER_ROW, render_list_xlsx

from .samples import column_lines, column_right_edge, dark_fraction, page_texts, squash


@pytest.fixture(scope="module")
def demo_documents(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.sqlite"
    assert main(["--db", str(db), "demo", "--out", str(folder / "out"), "--json"]) in (0, None)
    engine = open_database(str(db))
    with Session(engine) as session:
        scope = Scope.everything(session)
        docs = {list_id: build_list(session, list_id, scope, today=DEMO_TODAY) for list_id in LIST_IDS}
        summary = build_summary(session, scope, today=DEMO_TODAY)
    engine.dispose()
    return folder, docs, summary


@pytest.mark.parametrize("list_id", LIST_IDS)
def test_each_list_pdf_from_the_demo(demo_documents, list_id: str) -> None:
    folder, docs, _ = demo_documents
    doc: ListDocument = docs[list_id]
    path = folder / f"{list_id}.pdf"
    result = render_list_pdf(doc, path)
    pages = page_texts(path)
    assert result.pages == len(pages) and result.rows == doc.row_count
    for number, text in enumerate(pages, start=1):
        if number < len(pages) or "合计" in text:  # a last page may hold only the notes and the sign-off
            assert all(squash(c.header) in text for c in doc.printed_columns()), f"page {number} lacks the header"
        assert f"第{number}页共{len(pages)}页" in text
    whole = "".join(pages)
    for section in doc.sections:
        for row in section.rows:
            for value in (row.get(c.key) for c in doc.printed_columns()):
                if isinstance(value, str) and value:
                    assert squash(value) in whole, value
    if doc.row_count:
        total = format_number(doc.column("quantity"), doc.totals()["quantity"])
        assert re.search(rf"合计{re.escape(total)}", whole)
    else:
        assert "无" in whole
    assert dark_fraction(path, 1) > 0.002


def test_demo_elimination_list_is_not_empty(demo_documents) -> None:
    _, docs, _ = demo_documents
    assert docs["elimination"].row_count > 0 and docs["current_state"].row_count > 0


def test_all_lists_in_one_workbook(demo_documents) -> None:
    folder, docs, _ = demo_documents
    result = render_list_xlsx(list(docs.values()), folder / "lists.xlsx")
    wb = openpyxl.load_workbook(folder / "lists.xlsx", read_only=True)
    assert wb.sheetnames == result.sheets == [d.title for d in docs.values()]
    for doc in docs.values():
        rows = list(wb[doc.title].iter_rows(min_row=HEADER_ROW, values_only=True))
        printed = doc.printed_columns()
        assert [h for h in rows[0] if h][-len(printed):] == [c.header for c in printed]
        assert sum(1 for r in rows[1:] if isinstance(r[0], int)) == doc.row_count


def test_summary_pdf_from_the_demo(demo_documents) -> None:
    folder, _, summary = demo_documents
    result = render_summary_pdf(summary, folder / "summary.pdf")
    whole = "".join(page_texts(folder / "summary.pdf"))
    assert result.pages >= 2 and not result.missing_chars
    for category in summary.categories():
        assert category in whole
    assert f"{sum(c.units for c in summary.level_counts)}" in whole
    for year in summary.plan_years:
        assert f"{year.investment_yuan:,.0f}" in whole


def test_no_text_crosses_into_the_next_column(demo_documents) -> None:
    folder, docs, _ = demo_documents
    doc = docs["elimination"]
    result = render_list_pdf(doc, folder / "columns.pdf")
    for key in ("enterprise", "basis", "deadline", "replacement_name"):
        right = column_right_edge(doc, key)
        lines = column_lines(folder / "columns.pdf", doc, key)
        assert lines, key
        for x, text in lines:
            assert x + stringWidth(text, result.font_name, 8) <= right, (key, text)


def test_elimination_pdf_states_the_kind_once_per_section(demo_documents) -> None:
    """The 依据类别 column repeated its section's heading on every row and squeezed 淘汰标准: it is left out of
    the PDF (the heading says it, with the section's rows and pieces), and the list fits in fewer pages
    (the demo's list took 64 pages with the column)."""
    folder, docs, _ = demo_documents
    doc = docs["elimination"]
    result = render_list_pdf(doc, folder / "kinds.pdf")
    pages = page_texts(folder / "kinds.pdf")
    assert "依据类别" not in pages[0].split("依据类别：")[0]  # no column header before the first section heading
    for section in doc.sections:
        pieces = sum(r["quantity"] for r in section.rows)
        assert squash(f"依据类别：{section.title}") in "".join(pages)
        assert f"{len(section.rows)}行、{pieces}台" in squash(section.title)
    assert result.pages <= 40, result.pages
    assert any(c.key == "basis_kind_label" for c in doc.columns)  # CSV and JSON, without headings, keep it


@pytest.mark.parametrize("kind", ["list", "summary"])
def test_every_form_ends_with_the_sign_off_block(demo_documents, kind: str) -> None:
    folder, docs, summary = demo_documents
    path = folder / f"sign-{kind}.pdf"
    if kind == "list":
        render_list_pdf(docs["elimination"], path)
    else:
        render_summary_pdf(summary, path)
    last = squash(page_texts(path)[-1])
    block = re.search(r"填报单位（盖章）：.*填报人：.*审核人：.*联系电话：.*填报日期：(\d{4})年(\d+)月(\d+)日", last)
    assert block is not None, last[-300:]
    assert last.index("审核人") > last.rfind("注1")  # after the notes: the form's last lines
    assert (int(block[1]), int(block[2]), int(block[3])) == (DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day)


def test_summary_counts_pieces_and_explains_the_elimination_total(demo_documents) -> None:
    """Tables headed （台） count pieces (a ledger row's 数量), and the elimination total of the summary is the
    list's own, made up by basis kind in rows and pieces."""
    folder, docs, summary = demo_documents
    rows = [r for s in docs["elimination"].sections for r in s.rows]
    render_summary_pdf(summary, folder / "counts.pdf")
    whole = squash("".join(page_texts(folder / "counts.pdf")))
    pieces_in_ledger = sum(r["quantity"] for s in docs["current_state"].sections for r in s.rows)
    assert sum(c.units for c in summary.level_counts) == pieces_in_ledger > docs["current_state"].row_count
    assert sum(c.rows for c in summary.basis_counts) == len(rows)
    assert sum(c.pieces for c in summary.basis_counts) == sum(r["quantity"] for r in rows) > len(rows)
    assert sum(e.units for e in summary.eliminations) == sum(r["quantity"] for r in rows)
    for c in summary.basis_counts:
        assert f"{squash(c.basis_kind_label)}{c.rows}{c.pieces}" in whole
    assert f"{len(rows)}行、{sum(r['quantity'] for r in rows)}台（套）" in whole
