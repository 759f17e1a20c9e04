"""Rules the database enforces itself, for every client (this program, a TUI, or raw SQL).

- The audit log is append-only: no UPDATE, DELETE or TRUNCATE. A trigger writes each new row's
  `login` (who, from the database session), its place in its enterprise's chain (`chain_seq`), the
  previous row's hash (`prev_hash`) and its own (`row_hash`); `equipinv.audit_chain` verifies them.
- Elimination records move only planned -> done -> verified; the login that verifies must differ
  from the login that reported it done; a verified record is never changed or deleted.
- A stored submission never changes except that a newer one supersedes it (status complete ->
  superseded, done by the database when the newer one is inserted); its `login` is the session's,
  and its version is the next of its enterprise.

"Login" is `current_user` on PostgreSQL. On SQLite, whoever holds the file can do anything, so the
login is what the program records: the `EQUIPINV_USER` environment variable, else the operating
system user (`sqlite_login`), registered on each connection as the SQL function `equipinv_login()`.
On PostgreSQL the owner of the tables (who runs migrations and can disable triggers anyway) is not
bound by the separation of duties; staff logins are.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

LOGIN_ENV = "EQUIPINV_USER"
SEPARATOR = "\x1f"  # between the fields of a row's canonical text (see audit_chain)

APPEND_ONLY = "审计日志只能追加，不能修改或删除 (error: the audit log is append-only)"
FORGED_HASH = "审计日志的链字段由数据库填写 (error: audit chain fields are written by the database)"
VERIFIED_FROZEN = "已核验销号的淘汰记录不能修改或删除 (error: a verified elimination record is immutable)"
BAD_MOVE = "淘汰记录只能按 计划→已完成→已核验 的顺序变更 (error: elimination moves only planned -> done -> verified)"
NEW_NOT_PLANNED = "淘汰记录只能以“计划”状态新建 (error: an elimination record starts planned)"
SAME_LOGIN = "核验销号须由报告完成者以外的登录进行 (error: the login that reported it done cannot verify it)"
LOGIN_FORGED = "登录名由数据库记录，不能由客户端填写 (error: logins are recorded by the database)"
SUBMISSION_FIXED = ("已存储的报送记录不能修改，只能被新版本替代 "
                    "(error: a stored submission cannot be changed, only superseded by a newer one)")
SUBMISSION_VERSION = "报送版本号须为本企业的下一个版本 (error: a submission's version must be the next one)"
MESSAGES = (APPEND_ONLY, FORGED_HASH, VERIFIED_FROZEN, BAD_MOVE, NEW_NOT_PLANNED, SAME_LOGIN, LOGIN_FORGED,
            SUBMISSION_FIXED, SUBMISSION_VERSION)


def sqlite_login() -> str:
    """Who is working, on SQLite: EQUIPINV_USER, else the operating system user (read on every call)."""
    return os.environ.get(LOGIN_ENV) or getpass.getuser()


def session_login() -> Any:
    """The session's login as a SQL expression, for a column the database checks (SQLite) or overwrites
    (PostgreSQL): the program never supplies it as a value."""
    return sa.func.equipinv_login()


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SQLITE_FUNCTIONS: dict[str, tuple[int, Callable[..., str]]] = {
    "equipinv_login": (0, sqlite_login),
    "equipinv_sha256": (1, lambda text: sha256_hex("" if text is None else str(text))),
}


def register_sqlite_functions(dbapi_connection: object) -> None:
    """The SQL functions the SQLite triggers call (a connection without them cannot write the audit log)."""
    for name, (arity, function) in SQLITE_FUNCTIONS.items():
        dbapi_connection.create_function(name, arity, function)  # type: ignore[attr-defined]


def refusal(exc: sa.exc.DBAPIError) -> str | None:
    """The message of one of these rules when the database refused a statement with it, else None."""
    text = str(exc.orig)
    return next((m for m in MESSAGES if m in text), None)


def _sqlite_fields(row: str) -> str:
    """The canonical text of an audit row as SQLite computes it (`audit_chain.canonical` mirrors it)."""
    names = ("id", "enterprise_id", "chain_seq", "at", "login", "actor", "action", "table_name", "row_id",
             "submission_id", "changes", "prev_hash")
    return " || char(31) || ".join(f"coalesce(CAST({row}{n} AS TEXT), '')" for n in names)


def _raise(message: str) -> str:
    return "SELECT RAISE(ABORT, '" + message.replace("'", "''") + "');"


_SQLITE = [
    # audit log
    f"""CREATE TRIGGER auditlog_no_forged_chain BEFORE INSERT ON auditlog
        WHEN NEW.row_hash IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.chain_seq IS NOT NULL OR NEW.login IS NOT NULL
        BEGIN {_raise(FORGED_HASH)} END""",
    """CREATE TRIGGER auditlog_chain AFTER INSERT ON auditlog BEGIN
        UPDATE auditlog SET login = equipinv_login(),
          chain_seq = coalesce((SELECT max(chain_seq) FROM auditlog WHERE enterprise_id IS NEW.enterprise_id
                                AND id <> NEW.id), 0) + 1,
          prev_hash = (SELECT row_hash FROM auditlog WHERE enterprise_id IS NEW.enterprise_id AND id <> NEW.id
                       ORDER BY chain_seq DESC LIMIT 1)
        WHERE id = NEW.id;
        UPDATE auditlog SET row_hash = equipinv_sha256(""" + _sqlite_fields("") + """) WHERE id = NEW.id;
      END""",
    f"""CREATE TRIGGER auditlog_append_only BEFORE UPDATE ON auditlog WHEN OLD.row_hash IS NOT NULL
        BEGIN {_raise(APPEND_ONLY)} END""",
    f"CREATE TRIGGER auditlog_no_delete BEFORE DELETE ON auditlog BEGIN {_raise(APPEND_ONLY)} END",
    # elimination records
    f"""CREATE TRIGGER elimination_starts_planned BEFORE INSERT ON eliminationrecord
        WHEN NEW.status <> 'planned' OR NEW.done_login IS NOT NULL OR NEW.verified_login IS NOT NULL
        BEGIN {_raise(NEW_NOT_PLANNED)} END""",
    f"""CREATE TRIGGER elimination_verified_frozen BEFORE UPDATE ON eliminationrecord WHEN OLD.status = 'verified'
        BEGIN {_raise(VERIFIED_FROZEN)} END""",
    f"""CREATE TRIGGER elimination_verified_kept BEFORE DELETE ON eliminationrecord WHEN OLD.status = 'verified'
        BEGIN {_raise(VERIFIED_FROZEN)} END""",
    f"""CREATE TRIGGER elimination_moves BEFORE UPDATE ON eliminationrecord
        WHEN NOT (NEW.status = OLD.status OR (OLD.status = 'planned' AND NEW.status = 'done')
                  OR (OLD.status = 'done' AND NEW.status = 'verified'))
        BEGIN {_raise(BAD_MOVE)} END""",
    f"""CREATE TRIGGER elimination_logins BEFORE UPDATE ON eliminationrecord
        WHEN (NEW.status = OLD.status AND (NEW.done_login IS NOT OLD.done_login
                                           OR NEW.verified_login IS NOT OLD.verified_login))
          OR (OLD.status = 'planned' AND NEW.status = 'done'
              AND (NEW.done_login IS NOT equipinv_login() OR NEW.verified_login IS NOT NULL))
          OR (OLD.status = 'done' AND NEW.status = 'verified'
              AND (NEW.verified_login IS NOT equipinv_login() OR NEW.done_login IS NOT OLD.done_login))
        BEGIN {_raise(LOGIN_FORGED)} END""",
    f"""CREATE TRIGGER elimination_separation BEFORE UPDATE ON eliminationrecord
        WHEN OLD.status = 'done' AND NEW.status = 'verified' AND OLD.done_login IS equipinv_login()
        BEGIN {_raise(SAME_LOGIN)} END""",
    # submissions
    f"""CREATE TRIGGER submission_login BEFORE INSERT ON submission WHEN NEW.login IS NOT equipinv_login()
        BEGIN {_raise(LOGIN_FORGED)} END""",
    f"""CREATE TRIGGER submission_next_version BEFORE INSERT ON submission
        WHEN NEW.version IS NOT coalesce((SELECT max(version) FROM submission
                                          WHERE enterprise_id IS NEW.enterprise_id), 0) + 1
        BEGIN {_raise(SUBMISSION_VERSION)} END""",
    """CREATE TRIGGER submission_supersedes AFTER INSERT ON submission BEGIN
        UPDATE submission SET status = 'superseded'
        WHERE enterprise_id IS NEW.enterprise_id AND id <> NEW.id AND status = 'complete';
      END""",
    """CREATE TRIGGER submission_fixed BEFORE UPDATE ON submission
        WHEN NOT (OLD.status = 'complete' AND NEW.status = 'superseded')
          OR """ + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in (
        "id", "enterprise_id", "source", "filename", "checksum_sha256", "version", "period", "submitted_by",
        "rows_accepted", "rows_rejected", "created_at", "login", "manifest_created_at", "sequence")) + f"""
        BEGIN {_raise(SUBMISSION_FIXED)} END""",
    f"CREATE TRIGGER submission_kept BEFORE DELETE ON submission BEGIN {_raise(SUBMISSION_FIXED)} END",
]

_PG_CANONICAL = ("concat_ws(chr(31), NEW.id::text, coalesce(NEW.enterprise_id::text, ''), NEW.chain_seq::text, "
                 "to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), coalesce(NEW.login, ''), "
                 "coalesce(NEW.actor, ''), NEW.action, NEW.table_name, coalesce(NEW.row_id::text, ''), "
                 "coalesce(NEW.submission_id::text, ''), NEW.changes::text, coalesce(NEW.prev_hash, ''))")


def _pg_raise(message: str) -> str:
    return "RAISE EXCEPTION USING MESSAGE = '" + message.replace("'", "''") + "', ERRCODE = 'check_violation';"


_POSTGRES = [
    "CREATE OR REPLACE FUNCTION equipinv_login() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_user::text $$",
    # audit log
    f"""CREATE OR REPLACE FUNCTION equipinv_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE last record;
    BEGIN
      PERFORM pg_advisory_xact_lock(190007, coalesce(NEW.enterprise_id, 0));
      SELECT chain_seq, row_hash INTO last FROM auditlog
        WHERE enterprise_id IS NOT DISTINCT FROM NEW.enterprise_id ORDER BY chain_seq DESC LIMIT 1;
      NEW.login := current_user;
      NEW.at := clock_timestamp();
      NEW.chain_seq := coalesce(last.chain_seq, 0) + 1;
      NEW.prev_hash := last.row_hash;
      NEW.row_hash := encode(sha256(convert_to({_PG_CANONICAL}, 'UTF8')), 'hex');
      RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION equipinv_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {_pg_raise(APPEND_ONLY)} END $$""",
    "DROP TRIGGER IF EXISTS auditlog_chain ON auditlog",
    "CREATE TRIGGER auditlog_chain BEFORE INSERT ON auditlog FOR EACH ROW EXECUTE FUNCTION equipinv_audit_chain()",
    "DROP TRIGGER IF EXISTS auditlog_append_only ON auditlog",
    "CREATE TRIGGER auditlog_append_only BEFORE UPDATE OR DELETE ON auditlog "
    "FOR EACH ROW EXECUTE FUNCTION equipinv_append_only()",
    "DROP TRIGGER IF EXISTS auditlog_no_truncate ON auditlog",
    "CREATE TRIGGER auditlog_no_truncate BEFORE TRUNCATE ON auditlog "
    "FOR EACH STATEMENT EXECUTE FUNCTION equipinv_append_only()",
    # elimination records
    f"""CREATE OR REPLACE FUNCTION equipinv_elimination_rules() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'planned' THEN {_pg_raise(NEW_NOT_PLANNED)} END IF;
        NEW.done_login := NULL; NEW.verified_login := NULL;
        RETURN NEW;
      END IF;
      IF OLD.status = 'verified' THEN {_pg_raise(VERIFIED_FROZEN)} END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      IF NEW.status = OLD.status THEN
        NEW.done_login := OLD.done_login; NEW.verified_login := OLD.verified_login;
      ELSIF OLD.status = 'planned' AND NEW.status = 'done' THEN
        NEW.done_login := current_user; NEW.verified_login := NULL;
      ELSIF OLD.status = 'done' AND NEW.status = 'verified' THEN
        IF OLD.done_login = current_user AND NOT pg_has_role(current_user,
             (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN {_pg_raise(SAME_LOGIN)} END IF;
        NEW.done_login := OLD.done_login; NEW.verified_login := current_user;
      ELSE {_pg_raise(BAD_MOVE)}
      END IF;
      RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS elimination_rules ON eliminationrecord",
    "CREATE TRIGGER elimination_rules BEFORE INSERT OR UPDATE OR DELETE ON eliminationrecord "
    "FOR EACH ROW EXECUTE FUNCTION equipinv_elimination_rules()",
    # submissions
    """CREATE OR REPLACE FUNCTION equipinv_submission_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(190008, coalesce(NEW.enterprise_id, 0));
      NEW.login := current_user;
      NEW.status := 'complete';
      NEW.version := coalesce((SELECT max(version) FROM submission
                               WHERE enterprise_id IS NOT DISTINCT FROM NEW.enterprise_id), 0) + 1;
      RETURN NEW;
    END $$""",
    # runs as the owner: staff may not update submissions themselves
    """CREATE OR REPLACE FUNCTION equipinv_submission_supersede() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      UPDATE submission SET status = 'superseded'
        WHERE enterprise_id IS NOT DISTINCT FROM NEW.enterprise_id AND id <> NEW.id AND status = 'complete';
      RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION equipinv_submission_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR NOT (OLD.status = 'complete' AND NEW.status = 'superseded')
         OR (to_jsonb(OLD) - 'status') IS DISTINCT FROM (to_jsonb(NEW) - 'status') THEN {_pg_raise(SUBMISSION_FIXED)}
      END IF;
      RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS submission_new ON submission",
    "CREATE TRIGGER submission_new BEFORE INSERT ON submission FOR EACH ROW EXECUTE FUNCTION equipinv_submission_new()",
    "DROP TRIGGER IF EXISTS submission_supersedes ON submission",
    "CREATE TRIGGER submission_supersedes AFTER INSERT ON submission "
    "FOR EACH ROW EXECUTE FUNCTION equipinv_submission_supersede()",
    "DROP TRIGGER IF EXISTS submission_fixed ON submission",
    "CREATE TRIGGER submission_fixed BEFORE UPDATE OR DELETE ON submission "
    "FOR EACH ROW EXECUTE FUNCTION equipinv_submission_fixed()",
    "REVOKE ALL ON FUNCTION equipinv_submission_supersede() FROM PUBLIC",
]

_SQLITE_TRIGGER = re.compile(r"CREATE TRIGGER (\w+)")


def install(connection: sa.Connection) -> None:
    """Create (or re-create) every rule of the module docstring on this database."""
    if connection.dialect.name == "postgresql":
        for statement in _POSTGRES:
            connection.exec_driver_sql(statement)
        return
    for statement in _SQLITE:
        name = _SQLITE_TRIGGER.search(statement).group(1)  # type: ignore[union-attr]
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(statement)


def uninstall(connection: sa.Connection) -> None:
    """Drop the rules again (a downgrade)."""
    if connection.dialect.name == "postgresql":
        for table, name in (("auditlog", "auditlog_chain"), ("auditlog", "auditlog_append_only"),
                            ("auditlog", "auditlog_no_truncate"), ("eliminationrecord", "elimination_rules"),
                            ("submission", "submission_new"), ("submission", "submission_supersedes"),
                            ("submission", "submission_fixed")):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        return
    for statement in _SQLITE:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_SQLITE_TRIGGER.search(statement).group(1)}")  # type: ignore[union-attr]
