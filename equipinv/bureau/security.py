"""Many bureau users on one PostgreSQL database, kept apart by the database itself (row-level security).

`setup_roles` (run once, and again after an upgrade, by the database owner) creates the group role
`equipinv_staff`, grants it the tables, and puts policies on every table that holds an enterprise's
data: a staff role sees the enterprises of its region and everything below it (a city role sees its
counties), and may write only where its `bureaustaff` row says `can_write` (county staff). The
policies call scope functions that take no role: they read the caller's own `bureaustaff` row through
a view that shows only `current_user`'s row (the view runs with its owner's rights, `current_user`
stays the caller's), so the rules hold for raw SQL too, not only for this program, and also for a pool
login that switches with SET ROLE, and no login can ask for another's scope. Staff may not update
or delete audit rows or submissions (equipinv.integrity holds the rest of those rules). The owner (who
runs migrations and consolidation) is not a staff role and keeps full access.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from equipinv import codes
from equipinv.errors import BadInput

STAFF_GROUP = "equipinv_staff"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# Tables whose rows belong to an enterprise directly (column enterprise_id), nullable or not.
_BY_ENTERPRISE = ("site", "project", "equipment", "eliminationrecord", "submission", "safetyassessment",
                  "productionline", "declaredneed")
# Tables whose rows belong to a unit.
_BY_UNIT = ("finding", "planitem")

# The scope helpers run as the caller and read the caller's own staff row through a view that only
# ever shows `current_user`'s row: no argument names a role, so no login can ask about another.
_FUNCTIONS = f"""
DROP FUNCTION IF EXISTS equipinv_regions(name, boolean) CASCADE;
DROP FUNCTION IF EXISTS equipinv_enterprises(name, boolean) CASCADE;
DROP FUNCTION IF EXISTS equipinv_units(name, boolean) CASCADE;
CREATE OR REPLACE VIEW equipinv_my_staff WITH (security_barrier) AS
  SELECT region_code, can_write FROM bureaustaff WHERE role_name = current_user;
CREATE OR REPLACE FUNCTION equipinv_regions(write_only boolean) RETURNS SETOF text
LANGUAGE sql STABLE SET search_path = public AS $$
  WITH RECURSIVE scope(code) AS (
    SELECT region_code FROM equipinv_my_staff WHERE can_write OR NOT write_only
    UNION SELECT r.code FROM region r JOIN scope s ON r.parent_code = s.code)
  SELECT code FROM scope
$$;
CREATE OR REPLACE FUNCTION equipinv_enterprises(write_only boolean) RETURNS SETOF integer
LANGUAGE sql STABLE SET search_path = public AS $$
  SELECT id FROM enterprise WHERE region_code IN (SELECT equipinv_regions(write_only))
$$;
CREATE OR REPLACE FUNCTION equipinv_units(write_only boolean) RETURNS SETOF integer
LANGUAGE sql STABLE SET search_path = public AS $$
  SELECT id FROM equipment WHERE enterprise_id IN (SELECT equipinv_enterprises(write_only))
$$;
REVOKE ALL ON equipinv_my_staff FROM PUBLIC;
GRANT SELECT ON equipinv_my_staff TO {STAFF_GROUP};
REVOKE ALL ON FUNCTION equipinv_regions(boolean), equipinv_enterprises(boolean), equipinv_units(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION equipinv_regions(boolean), equipinv_enterprises(boolean), equipinv_units(boolean)
  TO {STAFF_GROUP};
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
    policed = ("enterprise", *_BY_ENTERPRISE, "plan", "rosterentry", "auditlog", *_BY_UNIT)
    statements = [
        # first, before the grants write these tables' catalogue rows: an autovacuum ANALYZE holding one of
        # them would wait on those rows while the ALTER TABLE below waits on it (a deadlock); waiting here,
        # the server cancels the autovacuum instead
        f"LOCK TABLE {', '.join(policed)} IN ACCESS EXCLUSIVE MODE",
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{STAFF_GROUP}') "
        f"THEN CREATE ROLE {STAFF_GROUP} NOLOGIN; END IF; END $$",
        f"GRANT USAGE ON SCHEMA public TO {STAFF_GROUP}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {STAFF_GROUP}",
        f"REVOKE INSERT, UPDATE, DELETE ON region, bureaustaff, alembic_version FROM {STAFF_GROUP}",
        f"REVOKE SELECT ON bureaustaff FROM {STAFF_GROUP}",
        # the audit log only grows; a stored submission is superseded by the database, never edited
        f"REVOKE UPDATE, DELETE, TRUNCATE ON auditlog, submission FROM {STAFF_GROUP}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {STAFF_GROUP}",
    ]
    statements.append(_FUNCTIONS)
    statements += _policies("enterprise", "region_code IN (SELECT equipinv_regions({w}))")
    for table in _BY_ENTERPRISE:
        statements += _policies(table, "enterprise_id IN (SELECT equipinv_enterprises({w}))")
    statements += _policies("plan", "enterprise_id IS NULL OR enterprise_id IN (SELECT equipinv_enterprises({w}))")
    statements += _policies("rosterentry", "region_code IS NULL OR region_code IN (SELECT equipinv_regions({w}))")
    statements += _policies("auditlog", "enterprise_id IN (SELECT equipinv_enterprises({w}))")
    # an audit row of no enterprise is seen by the login that wrote it (the database records who)
    statements += ["DROP POLICY IF EXISTS staff_read_own ON auditlog",
                   f"CREATE POLICY staff_read_own ON auditlog FOR SELECT TO {STAFF_GROUP} "
                   "USING (enterprise_id IS NULL AND login = current_user)"]
    for table in _BY_UNIT:
        statements += _policies(table, "equipment_id IN (SELECT equipinv_units({w}))")
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)


def _is_staff(connection: sa.Connection) -> bool:
    """Whether the connected login is bureau staff (row-level security applies to it)."""
    if connection.dialect.name != "postgresql":
        return False
    if not connection.execute(sa.text("SELECT to_regclass('equipinv_my_staff') IS NOT NULL")).scalar_one():
        return False
    return bool(connection.execute(sa.text(  # a superuser "is a member" of every role, but bypasses the policies
        f"SELECT pg_has_role(current_user, '{STAFF_GROUP}', 'MEMBER') AND NOT (rolsuper OR rolbypassrls) "
        "FROM pg_roles WHERE rolname = current_user")).scalar_one())


def login_scope(connection: sa.Connection, *, write: bool = True) -> set[str] | None:
    """The region codes the connected staff login may write (or read), its own and those below; None when
    it is not staff (the owner, or SQLite: no row-level security) and sees everything."""
    if not _is_staff(connection):
        return None
    return set(connection.execute(sa.text("SELECT equipinv_regions(:w)"), {"w": write}).scalars())


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
