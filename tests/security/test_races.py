"""Attack 5: two processes at once, and a package for another county. The database's unique constraints
decide who stored a file or created an enterprise first; the loser says so, naming the file, and a
consolidation goes on with the next file. A county login's package of another county is refused
naming both regions."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from equipinv.bureau.consolidate import consolidate
from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.codes import make_credit_code
from equipinv.db import session_scope
from equipinv.exchange.package import import_package
from tests.security.conftest import LIULIN, XIAOYI, Site
from tests.security.packages import export, rewrite

NEW_CODE = make_credit_code("91141181MA0RACE0X")


def _inbox(site: Site, folder: Path) -> tuple[Path, Path]:
    """A package of an enterprise the county has never seen, and an ordinary one after it."""
    folder.mkdir()
    with Session(site.owner) as s:
        plain = export(s, XIAOYI, folder / "b_plain.zip", period="2026-11")
    new = rewrite(plain, folder / "a_new_enterprise.zip", credit_code=NEW_CODE)
    return new, plain


class _Holder(threading.Thread):
    """Another process: stores `package` and keeps its transaction open a moment before committing."""

    def __init__(self, engine: sa.Engine, package: Path) -> None:
        super().__init__(daemon=True)
        self.engine, self.package, self.stored = engine, package, threading.Event()

    def run(self) -> None:
        with session_scope(self.engine) as s:
            import_package(s, self.package, submitted_by="other process")
            s.flush()
            self.stored.set()
            time.sleep(1.5)


def test_a_concurrent_consolidation_reports_the_duplicate_and_goes_on(site: Site, tmp_path: Path) -> None:
    new, plain = _inbox(site, tmp_path / "inbox")
    holder = _Holder(site.owner, new)
    holder.start()
    assert holder.stored.wait(30)
    report = consolidate(site.owner, tmp_path / "inbox", workers=0)  # waits for the other, then loses the race
    holder.join()
    assert report.duplicates == [new.name] and report.rejected == []
    assert [a["file"] for a in report.accepted] == [plain.name]  # the next file was still stored
    assert site.scalar("SELECT count(*) FROM enterprise WHERE credit_code = :c", c=NEW_CODE) == 1
    assert site.scalar("SELECT count(*) FROM submission s JOIN enterprise e ON e.id = s.enterprise_id "
                       "WHERE e.credit_code = :c", c=NEW_CODE) == 1


def test_a_concurrent_import_says_so_naming_the_file(site: Site, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    new, _plain = _inbox(site, tmp_path / "inbox")
    holder = _Holder(site.owner, new)
    holder.start()
    assert holder.stored.wait(30)
    STATE._engine = None
    code = main(["--db", site.owner.url.render_as_string(hide_password=False), "survey", "import", str(new)])
    holder.join()
    err = capsys.readouterr().err
    assert code == 2 and new.name in err and "内部错误" not in err and "IntegrityError" not in err
    assert "已存在" in err or "已由另一进程导入" in err or "另一进程正在写入" in err
    assert site.scalar("SELECT count(*) FROM submission s JOIN enterprise e ON e.id = s.enterprise_id "
                       "WHERE e.credit_code = :c", c=NEW_CODE) == 1


@pytest.mark.postgres
def test_a_package_of_another_county_is_refused_naming_both(pg_site: Site, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with Session(pg_site.owner) as s:
        foreign = export(s, LIULIN, inbox / "a_liulin.zip", period="2026-11")
        own = export(s, XIAOYI, inbox / "b_xiaoyi.zip", period="2026-11")
    report = consolidate(pg_site.engine("clerk"), inbox, workers=0)
    assert [r["file"] for r in report.rejected] == [foreign.name]
    reason = report.rejected[0]["reason"]
    assert LIULIN in reason and XIAOYI in reason and "row-level security" not in reason
    assert [a["file"] for a in report.accepted] == [own.name]
    STATE._engine = None
    url = pg_site.engine("clerk").url.render_as_string(hide_password=False)
    assert main(["--db", url, "survey", "import", str(foreign)]) == 2
    err = capsys.readouterr().err
    assert LIULIN in err and XIAOYI in err and "内部错误" not in err


@pytest.mark.postgres
def test_a_credit_code_of_another_county_is_reported_as_existing(pg_site: Site, tmp_path: Path) -> None:
    """A package claiming Xiaoyi but carrying the credit code of a Liulin enterprise the clerk cannot see:
    the unique constraint decides, and the file is refused saying so, not with a database error."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with Session(pg_site.owner) as s:
        own = export(s, XIAOYI, tmp_path / "own.zip", period="2026-11")
    liulin_code = str(pg_site.scalar("SELECT credit_code FROM enterprise WHERE region_code = :r", r=LIULIN))
    forged = rewrite(own, inbox / "forged.zip", credit_code=liulin_code)
    report = consolidate(pg_site.engine("clerk"), inbox, workers=0)
    assert [r["file"] for r in report.rejected] == [forged.name]
    assert "already exists" in report.rejected[0]["reason"] and "IntegrityError" not in report.rejected[0]["reason"]
    assert pg_site.scalar("SELECT count(*) FROM enterprise WHERE credit_code = :c", c=liulin_code) == 1
