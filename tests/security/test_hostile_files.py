"""Attack 6: hostile files. Ledgers get the packages' size, ratio and member checks; duplicate ZIP
members are refused; invisible characters cannot fork an asset number; control characters never reach
the database or the terminal raw; a workbook cannot contradict -e; years are whole years."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from sqlmodel import Session

from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.db import session_scope
from equipinv.exchange.ledger_import import import_ledger
from equipinv.exchange.package import PackageError, read_package
from equipinv.exchange.reader import LedgerFileError, read_ledger
from tests.security.conftest import LIULIN, XIAOYI, Site
from tests.security.packages import export, rewrite

HEADER = "资产编号,设备名称,设备类别,型号,额定功率(kW),出厂年份\n"


def _codes(site: Site) -> tuple[str, str]:
    with site.owner.connect() as c:
        return tuple(c.execute(sa.text("SELECT credit_code FROM enterprise WHERE region_code = :r ORDER BY id LIMIT 1"),
                               {"r": r}).scalar_one() for r in (XIAOYI, LIULIN))  # type: ignore[return-value]


def _import(site: Site, path: Path, credit_code: str):  # type: ignore[no-untyped-def]
    """Imported through the county clerk's own login (on PostgreSQL a real county login)."""
    with session_scope(site.engine("clerk")) as s:
        return import_ledger(s, path, enterprise_credit_code=credit_code, submitted_by="clerk")


def _xlsx(path: Path, rows: list[list[object]], enterprise_code: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "设备台账"
    for row in [HEADER.strip().split(","), *rows]:
        ws.append(row)
    if enterprise_code:
        wb.create_sheet("企业信息").append(["统一社会信用代码", enterprise_code])
    wb.save(path)
    return path


def _with_member(source: Path, target: Path, name: str, content: bytes) -> Path:
    """A copy of a ZIP with one more member (possibly of a name already there)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we write on purpose
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr(name, content)
    target.write_bytes(buffer.getvalue())
    return target


def test_a_ledger_bomb_is_refused_naming_the_limit(site: Site, tmp_path: Path) -> None:
    own, _ = _codes(site)
    plain = _xlsx(tmp_path / "plain.xlsx", [["ZB-1", "电机", "三相异步电动机", "Y2-132S-4", 5.5, 2003]])
    with zipfile.ZipFile(plain) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"<sheetData>", b"<!--" + b" " * 40_000_000 + b"--><sheetData>", 1)
    bomb = tmp_path / "bomb.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, padded if info.filename == "xl/worksheets/sheet1.xml" else old.read(info))
    bomb.write_bytes(buffer.getvalue())
    before = site.scalar("SELECT count(*) FROM equipment")
    with pytest.raises(LedgerFileError, match="压缩比 .* 超过上限 200"):
        _import(site, bomb, own)
    assert site.scalar("SELECT count(*) FROM equipment") == before


def test_a_ledger_larger_than_the_unpacked_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    zeros = b"0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(3):  # three members of 180 MiB each, 540 MiB in all
            with z.open(f"xl/worksheets/sheet{n + 1}.xml", "w", force_zip64=True) as member:
                for _ in range(180):
                    member.write(zeros)
    with pytest.raises(LedgerFileError, match=r"超过上限 524288000 字节.*limit of 524288000 bytes"):
        read_ledger(path)


def test_duplicate_zip_members_are_refused(site: Site, tmp_path: Path) -> None:
    own, _ = _codes(site)
    plain = _xlsx(tmp_path / "plain.xlsx", [["ZD-1", "电机", "三相异步电动机", "Y2-132S-4", 5.5, 2003]])
    twice = _with_member(plain, tmp_path / "twice.xlsx", "xl/worksheets/sheet1.xml", b"<worksheet/>")
    with pytest.raises(LedgerFileError, match="重名成员 'xl/worksheets/sheet1.xml'"):
        _import(site, twice, own)
    with Session(site.owner) as s:
        package = export(s, XIAOYI, tmp_path / "p.zip", period="2026-11")
    doubled = rewrite(package, tmp_path / "doubled.zip", extra=[("ledger.csv", b"credit_code,asset_no\n")])
    with pytest.raises(PackageError, match="重名成员 'ledger.csv'"):
        read_package(doubled)


def test_invisible_characters_cannot_fork_an_asset_number(site: Site, tmp_path: Path) -> None:
    own, _ = _codes(site)
    ledger = tmp_path / "zw.csv"
    ledger.write_text(HEADER + "DJ-0001\u200b,电机,三相异步电动机,Y2-132S-4,5.5,2003\n"
                               "DJ-0002\u202e,电机,三相异步电动机,Y2-132S-4,5.5,2003\n", encoding="utf-8")
    before = site.scalar("SELECT count(*) FROM equipment")
    report = _import(site, ledger, own)
    assert report.accepted == 0 and len(report.rejected) == 2
    assert "U+200B" in report.rejected[0].errors["asset_no"] and "U+202E" in report.rejected[1].errors["asset_no"]
    assert site.scalar("SELECT count(*) FROM equipment") == before


def test_text_is_normalised_and_control_characters_never_reach_the_terminal(site: Site, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    own, _ = _codes(site)
    ledger = tmp_path / "ctl.csv"
    ledger.write_text(HEADER + "ZC-1,电机\x1b[2J\x07Ｘ,三相异步电动机,ＹＥ３-132S-4,5.5,2003\n"
                               "ZC-2,\u202e机电,三相异步电动机,Y2-132S-4,5.5,2003\n", encoding="utf-8")
    assert _import(site, ledger, own).accepted == 2
    assert site.scalar("SELECT name FROM equipment WHERE asset_no = 'ZC-1'") == "电机[2JX"  # NFKC, no controls
    assert site.scalar("SELECT model FROM equipment WHERE asset_no = 'ZC-1'") == "YE3-132S-4"
    STATE._engine = None
    url = site.owner.url.render_as_string(hide_password=False)
    assert main(["--db", url, "equipment", "show", "-e", own, "ZC-2"]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\\u202e机电" in out  # what remains is shown escaped, not obeyed


def test_a_workbook_naming_another_enterprise_than_e_is_refused(site: Site, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    own, other = _codes(site)
    book = _xlsx(tmp_path / "other.xlsx", [["ZE-1", "电机", "三相异步电动机", "Y2-132S-4", 5.5, 2003]],
                 enterprise_code=other)
    with pytest.raises(LedgerFileError, match=f"{other}.*{own}"):
        _import(site, book, own)
    STATE._engine = None
    assert main(["--db", site.owner.url.render_as_string(hide_password=False), "import", str(book), "-e", own]) == 2
    assert other in capsys.readouterr().err


def test_a_year_must_be_a_whole_year(site: Site, tmp_path: Path) -> None:
    own, _ = _codes(site)
    book = _xlsx(tmp_path / "year.xlsx", [["ZY-1", "电机", "三相异步电动机", "Y2-132S-4", 5.5, 2009.5],
                                          ["ZY-2", "电机", "三相异步电动机", "Y2-132S-4", 5.5, 2009.0]])
    report = _import(site, book, own)
    assert report.accepted == 1 and "不是整年份" in report.rejected[0].errors["year_made"]
    assert site.scalar("SELECT year_made FROM equipment WHERE asset_no = 'ZY-2'") == 2009
