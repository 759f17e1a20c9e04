"""Every PDF the program writes, made and read on a machine without any Chinese font.

The CLI runs in its own process as on a fresh Debian: fontconfig pointed at an empty font
directory, ``EQUIPINV_PDF_FONT`` unset, no config file. poppler then reads the files back in the
same environment, so nothing can borrow a system font. Proves that every font is embedded, that
the five headings of the Lüliang task split and the enterprise names come back as text (a name
on one line, or on two with more than one character on the second), and that a heading is drawn
as distinct glyphs: not blank, and not the font's tofu box drawn again and again.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from sqlmodel import Session, select

from equipinv.db import open_database
from equipinv.demo import DEMO_TODAY
from equipinv.lists import Scope, build_list
from equipinv.models import Enterprise
from reports.cells import section_heading
from reports.fonts import resolve_font
from reports.layout import MARGIN_TOP, PAGE_SIZE

from .samples import ink_cells, layout_lines, reads_back, same_shape

HEADINGS = {
    "current_state": "设备使用现状清单",
    "demand": "设备更新和技术改造需求清单",
    "new_project": "新建项目设备清单",
    "elimination": "设备淘汰清单",
    "summary": "设备更新和淘汰工作汇总",
}
# The other documents the program writes: their fonts must be embedded too.
OTHER_DOCUMENTS = {"renewal": (), "progress": ("--period", "month")}
TITLE_SIZE, TITLE_LEADING = 18, 24  # reports.layout.make_styles' title style
SCRIPT = Path(sys.executable).with_name("equipinv")


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, dict]]:
    """The demo ledger and its five PDFs, written by the CLI in a font-less environment."""
    folder = tmp_path_factory.mktemp("fresh")
    (folder / "no-fonts").mkdir()
    (folder / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{folder / "no-fonts"}</dir>'
        f'<cachedir>{folder / "fc-cache"}</cachedir></fontconfig>', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "EQUIPINV_PDF_FONT"}
    env |= {"FONTCONFIG_FILE": str(folder / "fonts.conf"), "XDG_CONFIG_HOME": str(folder / "config"),
            "HOME": str(folder)}
    if shutil.which("fc-list"):  # fontconfig's tool is optional (poppler only needs its library)
        listed = subprocess.run(["fc-list"], capture_output=True, text=True, env=env, check=True).stdout
        assert listed.strip() == "", "the environment must offer no font at all"
    db = str(folder / "demo.sqlite")
    _run(env, "--db", db, "demo", "--out", str(folder / "demo"))
    results = {}
    for report in HEADINGS:
        out = _run(env, "--db", db, "report", report, "-o", str(folder / f"{report}.pdf"),
                   "--as-of", DEMO_TODAY.isoformat(), "--json")
        results[report] = json.loads(out.stdout)
    for report, extra in OTHER_DOCUMENTS.items():
        out = _run(env, "--db", db, "report", report, *extra, "-o", str(folder / f"{report}.pdf"),
                   "--as-of", DEMO_TODAY.isoformat(), "--json")
        results[report] = json.loads(out.stdout)
    return folder, env, results


def _pdf_fonts(pdf: Path, env: dict[str, str]) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, env=env, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.mark.parametrize("report", [*HEADINGS, *OTHER_DOCUMENTS])
def test_every_font_is_embedded(fresh, report: str) -> None:
    folder, env, results = fresh
    fonts = _pdf_fonts(folder / f"{report}.pdf", env)
    assert fonts, "the PDF names its fonts"
    for row in fonts:  # name type encoding emb sub uni object ID
        assert row[-5:-3] == ["yes", "yes"], f"{row[0]} is not an embedded subset"
    assert results[report]["missing_chars"] == []


def test_the_demo_command_pdfs_embed_their_fonts(fresh) -> None:
    folder, env, _ = fresh
    for pdf in sorted((folder / "demo").glob("*.pdf")):
        assert all(row[-5:-3] == ["yes", "yes"] for row in _pdf_fonts(pdf, env)), pdf.name


@pytest.mark.parametrize("report", HEADINGS)
def test_heading_and_enterprise_names_read_back(fresh, report: str) -> None:
    folder, env, _ = fresh
    lines = layout_lines(folder / f"{report}.pdf", env)
    assert any(HEADINGS[report] in line for line in lines[:5]), lines[:5]
    if report == "summary":
        return
    engine = open_database(str(folder / "demo.sqlite"))
    with Session(engine) as session:
        doc = build_list(session, report, Scope.everything(session), today=DEMO_TODAY)
        enterprises = session.exec(select(Enterprise.name)).all()
    engine.dispose()
    cells = {row["enterprise"] for section in doc.sections for row in section.rows}
    names = {n for n in enterprises if any(c.startswith(n) for c in cells)}  # a cell may add "／project"
    assert names or report not in ("current_state", "elimination")
    headings = {section_heading(doc, s.title) for s in doc.sections}
    in_table = [line for line in lines if line.strip() not in headings]  # "企业：…" rows name it whole
    for name in names:
        assert reads_back(name, in_table), name


def _tofu_reference(path: Path, count: int) -> Path:
    """``count`` characters the shipped font lacks, drawn like a title: reportlab uses the .notdef box."""
    font = resolve_font()
    canvas = Canvas(str(path), pagesize=PAGE_SIZE, initialFontName=font.name)
    canvas.setFont(font.name, TITLE_SIZE)
    absent = "".join(chr(0x20000 + i) for i in range(count))  # CJK Extension B
    assert font.missing_chars([absent]) == sorted(absent)
    canvas.drawCentredString(PAGE_SIZE[0] / 2, PAGE_SIZE[1] - MARGIN_TOP - TITLE_SIZE, absent)
    canvas.save()
    return path


@pytest.mark.parametrize("report", HEADINGS)
def test_heading_is_drawn_as_glyphs_not_tofu(fresh, report: str) -> None:
    folder, env, _ = fresh
    title = HEADINGS[report]
    cells = ink_cells(folder / f"{report}.pdf", 1, MARGIN_TOP, TITLE_LEADING, TITLE_SIZE, len(title), env)
    tofu = ink_cells(_tofu_reference(folder / f"tofu-{report}.pdf", len(title)), 1, MARGIN_TOP, TITLE_LEADING,
                     TITLE_SIZE, len(title), env)
    assert all(tofu) and all(same_shape(tofu[0], t) for t in tofu), "the reference is one box, repeated"
    assert all(cells), f"every character of {title} has ink"
    for i, cell in enumerate(cells):
        assert not same_shape(cell, tofu[0]), f"{title[i]} is drawn as the tofu box"
        for j in range(i):
            if title[i] != title[j]:
                assert not same_shape(cell, cells[j]), f"{title[i]} and {title[j]} look alike"


def test_a_character_outside_the_font_is_reported_on_stderr(fresh) -> None:
    folder, env, _ = fresh
    rare = "\U00020000"
    db = folder / "rare.sqlite"
    db.write_bytes((folder / "demo.sqlite").read_bytes())
    with sqlite3.connect(db) as conn:
        (name,) = conn.execute("SELECT name FROM enterprise ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE enterprise SET name = ? WHERE name = ?", (name[:2] + rare + name[2:], name))
    out = _run(env, "--db", str(db), "report", "current_state", "-o", str(folder / "rare.pdf"),
               "--as-of", DEMO_TODAY.isoformat(), "--json")
    assert json.loads(out.stdout)["missing_chars"] == [rare]
    assert f"{rare}(U+20000)" in out.stderr and "EQUIPINV_PDF_FONT" in out.stderr
    text = "".join("".join(layout_lines(folder / "rare.pdf", env)).split())
    assert f"{name[:2]}[U+20000]" in text


def test_the_measure_sees_the_old_unembedded_output_as_unreadable(fresh, tmp_path: Path) -> None:
    """The STSong-Light CID font PDFs used before: blank without system fonts, boxes with them."""
    _, env, _ = fresh
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    canvas = Canvas(str(tmp_path / "cid.pdf"), pagesize=PAGE_SIZE, initialFontName="STSong-Light")
    canvas.setFont("STSong-Light", TITLE_SIZE)
    title = HEADINGS["elimination"]
    canvas.drawCentredString(PAGE_SIZE[0] / 2, PAGE_SIZE[1] - MARGIN_TOP - TITLE_SIZE, title)
    canvas.save()
    cells = ink_cells(tmp_path / "cid.pdf", 1, MARGIN_TOP, TITLE_LEADING, TITLE_SIZE, len(title), env)
    assert not any(cells) or all(same_shape(cells[0], c) for c in cells)
