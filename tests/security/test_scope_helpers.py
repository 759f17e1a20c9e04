"""Attack 3: asking the scope helpers about someone else, and reading a partial roll-up as the whole.
The helpers take no role any more (each login learns its own scope only), tested for each staff kind;
a roll-up over more than the login may see says so."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from equipinv.cli import main
from equipinv.cli_support import STATE
from tests.security.conftest import LIULIN, LVLIANG, XIAOYI, Site

pytestmark = pytest.mark.postgres
LVLIANG_COUNTIES_IN_DEMO = {XIAOYI, LIULIN, "141121"}


def _set(engine: sa.Engine, sql: str) -> set[object]:
    with engine.connect() as c:
        return set(c.execute(sa.text(sql)).scalars())


@pytest.mark.parametrize("kind", ["clerk", "liulin", "city"])
def test_no_login_can_ask_for_another_logins_scope(pg_site: Site, kind: str) -> None:
    other = pg_site.login("liulin" if kind != "liulin" else "clerk")
    for helper in ("equipinv_regions", "equipinv_enterprises", "equipinv_units"):
        with pytest.raises(sa.exc.ProgrammingError, match="does not exist"), pg_site.engine(kind).connect() as c:
            c.execute(sa.text(f"SELECT {helper}(:who, false)"), {"who": other}).all()
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), pg_site.engine(kind).connect() as c:
        c.execute(sa.text("SELECT * FROM bureaustaff")).all()
    assert len(_set(pg_site.engine(kind), "SELECT region_code FROM equipinv_my_staff")) == 1  # its own row only


@pytest.mark.parametrize(("kind", "reads", "writes"), [
    ("clerk", {XIAOYI}, {XIAOYI}), ("liulin", {LIULIN}, {LIULIN}), ("city", None, set())])
def test_each_staff_kind_gets_its_own_scope(pg_site: Site, kind: str, reads: set[str] | None,
                                           writes: set[str]) -> None:
    engine = pg_site.engine(kind)
    regions_read = _set(engine, "SELECT equipinv_regions(false)")
    if reads is None:  # the city: itself and every county below it
        assert LVLIANG in regions_read and regions_read >= LVLIANG_COUNTIES_IN_DEMO
        assert all(str(code).startswith("1411") for code in regions_read)
    else:
        assert regions_read == reads
    assert _set(engine, "SELECT equipinv_regions(true)") == writes
    owner_ids = _set(pg_site.owner, "SELECT id FROM enterprise WHERE region_code IN ("
                     + ",".join(f"'{c}'" for c in regions_read) + ")")
    assert _set(engine, "SELECT equipinv_enterprises(false)") == owner_ids == _set(engine, "SELECT id FROM enterprise")
    written = _set(engine, "SELECT equipinv_units(true)")
    assert (len(written) > 0) == bool(writes)


def _rollup(pg_site: Site, kind: str, capsys: pytest.CaptureFixture[str], *json: str) -> str:
    url = pg_site.engine(kind).url.render_as_string(hide_password=False)
    STATE._engine = None
    capsys.readouterr()
    assert main(["--db", url, "rollup", "--region", LVLIANG, *json]) == 0
    return capsys.readouterr().out


def test_a_county_rollup_of_its_city_says_it_is_partial(pg_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    county = _rollup(pg_site, "clerk", capsys)
    assert "吕梁市合计" not in county and "汇总（吕梁市（仅本登录可见部分），按地区；" in county
    total = json.loads(_rollup(pg_site, "clerk", capsys, "--json"))["total"]
    assert (total["label"], total["partial"]) == ("吕梁市（仅本登录可见部分）合计", True)
    total = json.loads(_rollup(pg_site, "city", capsys, "--json"))["total"]
    assert (total["label"], total["partial"]) == ("吕梁市合计", False)
