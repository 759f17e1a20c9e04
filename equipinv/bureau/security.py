"""Many bureau users on one PostgreSQL database, kept apart by the database itself (row-level security).

`setup_roles` (run once, and again after an upgrade, by the database owner) creates the group role
`equipinv_staff`, grants it the tables, and puts policies on every table that holds an enterprise's
data: a staff role sees the enterprises of its region and everything below it (a city role sees its
counties), and may write only where its `bureaustaff` row says `can_write` (county staff). The
policies pass `current_user` (as evaluated in the caller's context) to SECURITY DEFINER functions
that say which regions, enterprises and units that role may see or change, so the rules hold for raw
SQL too, not only for this program, and also for a pool login that switches with SET ROLE. The owner (who runs migrations
and consolidation) is not a staff role and keeps full access.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from equipinv import codes
from equipinv.errors import BadInput

STAFF_GROUP = "equipinv_staff"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# Tables whose rows belong to an enterprise directly (column enterprise_id), nullable or not.
_BY_ENTERPRISE = ("site", "project", "equipment", "eliminationrecord", "submission")
_BY_ENTERPRISE_NULLABLE = ("plan", "auditlog")
# Tables whose rows belong to a unit.
_BY_UNIT = ("finding", "planitem")

_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION equipinv_regions(who name, write_only boolean) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH RECURSIVE scope(code) AS (
    SELECT region_code FROM bureaustaff WHERE role_name = who AND (can_write OR NOT write_only)
    UNION SELECT r.code FROM region r JOIN scope s ON r.parent_code = s.code)
  SELECT code FROM scope
$$;
CREATE OR REPLACE FUNCTION equipinv_enterprises(who name, write_only boolean) RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id FROM enterprise WHERE region_code IN (SELECT equipinv_regions(who, write_only))
$$;
CREATE OR REPLACE FUNCTION equipinv_units(who name, write_only boolean) RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id FROM equipment WHERE enterprise_id IN (SELECT equipinv_enterprises(who, write_only))
$$;
REVOKE ALL ON FUNCTION equipinv_regions(name, boolean), equipinv_enterprises(name, boolean),
  equipinv_units(name, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION equipinv_regions(name, boolean), equipinv_enterprises(name, boolean),
  equipinv_units(name, boolean) TO {STAFF_GROUP};
"""


class SecurityError(BadInput, ValueError):
    """Row-level security needs PostgreSQL and a valid role name."""


def _policies(table: str, condition: str) -> list[str]:
    """Read with `condition(false)`, write with `condition(true)`; idempotent."""
    read, write = condition.format(w="false"), condition.format(w="true")
    statements = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"]
    for name, command, clause in (("staff_read", "SELECT", f"USING ({read})"),
                                  ("staff_insert", "INSERT", f"WITH CHECK ({write})"),
                                  ("staff_update", "UPDATE", f"USING ({write}) WITH CHECK ({write})"),
                                  ("staff_delete", "DELETE", f"USING ({write})")):
        statements.append(f"DROP POLICY IF EXISTS {name} ON {table}")
        statements.append(f"CREATE POLICY {name} ON {table} FOR {command} TO {STAFF_GROUP} {clause}")
    return statements


def setup_roles(engine: sa.Engine) -> None:
    """Create the staff group, its grants, the scope functions and every policy (safe to repeat)."""
    if engine.dialect.name != "postgresql":
        raise SecurityError("行级安全只适用于 PostgreSQL 数据库 (error: row-level security needs PostgreSQL)")
    statements = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{STAFF_GROUP}') "
        f"THEN CREATE ROLE {STAFF_GROUP} NOLOGIN; END IF; END $$",
        f"GRANT USAGE ON SCHEMA public TO {STAFF_GROUP}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {STAFF_GROUP}",
        f"REVOKE INSERT, UPDATE, DELETE ON region, bureaustaff, alembic_version FROM {STAFF_GROUP}",
        f"REVOKE SELECT ON bureaustaff FROM {STAFF_GROUP}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {STAFF_GROUP}",
    ]
    statements.append(_FUNCTIONS)
    statements += _policies("enterprise", "region_code IN (SELECT equipinv_regions(current_user, {w}))")
    for table in _BY_ENTERPRISE:
        statements += _policies(table, "enterprise_id IN (SELECT equipinv_enterprises(current_user, {w}))")
    for table in _BY_ENTERPRISE_NULLABLE:
        statements += _policies(table, "enterprise_id IS NULL OR "
                                       "enterprise_id IN (SELECT equipinv_enterprises(current_user, {w}))")
    for table in _BY_UNIT:
        statements += _policies(table, "equipment_id IN (SELECT equipinv_units(current_user, {w}))")
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)


def add_staff(engine: sa.Engine, role_name: str, region_code: str, *, can_write: bool, password: str | None) -> None:
    """A login role for one staff member, scoped to a region (writes only with `can_write`)."""
    if engine.dialect.name != "postgresql":
        raise SecurityError("行级安全只适用于 PostgreSQL 数据库 (error: row-level security needs PostgreSQL)")
    if not _ROLE_NAME.match(role_name):
        raise SecurityError(f'角色名 "{role_name}" 只能含小写字母、数字和下划线 (error: invalid role name "{role_name}")')
    codes.region(region_code)
    with engine.begin() as connection:
        exists = connection.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role_name}).first()
        if exists is None:
            connection.exec_driver_sql(f"CREATE ROLE {role_name} LOGIN IN ROLE {STAFF_GROUP}")
        if password is not None:
            quoted = password.replace("'", "''")
            connection.exec_driver_sql(f"ALTER ROLE {role_name} PASSWORD '{quoted}'")
        connection.execute(sa.text(
            "INSERT INTO bureaustaff (role_name, region_code, can_write) VALUES (:r, :c, :w) "
            "ON CONFLICT (role_name) DO UPDATE SET region_code = EXCLUDED.region_code, can_write = EXCLUDED.can_write"),
            {"r": role_name, "c": region_code, "w": can_write})
