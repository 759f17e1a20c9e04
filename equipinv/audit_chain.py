"""Checking the audit log's hash chain: every row of an enterprise names the hash of the one before.

The database writes the chain (equipinv.integrity); this module recomputes it from the stored
fields, so a row changed, deleted or inserted behind the triggers' back (by someone who disabled
them, or edited the SQLite file) shows as a break, named by its id. Rewriting a whole chain
consistently is possible for whoever can disable the triggers; the last hash of each chain
(`ChainReport.heads`) is what to note down elsewhere to detect that too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from equipinv.integrity import SEPARATOR, sha256_hex

_FIELDS = ("id", "enterprise_id", "chain_seq", "at", "login", "actor", "action", "table_name", "row_id",
           "submission_id", "changes", "prev_hash")


def _as_text(dialect: str, name: str) -> str:
    if dialect == "postgresql":
        if name == "at":
            return "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
        return f"{name}::text"
    return f"CAST({name} AS TEXT)"


def chained_rows(connection: sa.Connection) -> Iterator[tuple[list[str | None], str | None]]:
    """Each audit row's fields as the database renders them to text, and its stored hash, chain by chain."""
    dialect = connection.dialect.name
    columns = ", ".join(_as_text(dialect, n) for n in _FIELDS)
    query = f"SELECT {columns}, row_hash FROM auditlog ORDER BY auditlog.enterprise_id, auditlog.chain_seq, auditlog.id"
    for row in connection.exec_driver_sql(query):
        yield list(row[:-1]), row[-1]


def canonical(fields: list[str | None]) -> str:
    """The text a row's hash is taken of (the triggers build the same)."""
    return SEPARATOR.join("" if v is None else v for v in fields)


@dataclass
class ChainBreak:
    row_id: int
    enterprise_id: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"row_id": self.row_id, "enterprise_id": self.enterprise_id, "reason": self.reason}


@dataclass
class ChainReport:
    rows: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)  # enterprise id ("" for none) -> last row's hash

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "intact": not self.breaks, "breaks": [b.to_dict() for b in self.breaks],
                "heads": self.heads}


def verify(connection: sa.Connection) -> ChainReport:
    """Recompute every chain; a row whose hash, predecessor or position does not fit is a break."""
    report = ChainReport()
    chain: str | None = None
    previous_hash: str | None = None
    expected_seq = 1
    for fields, stored in chained_rows(connection):
        report.rows += 1
        row_id, enterprise, seq, prev = int(fields[0] or 0), fields[1] or "", fields[2], fields[-1]
        if enterprise != chain:
            chain, previous_hash, expected_seq = enterprise, None, 1
        where = int(enterprise) if enterprise else None
        if stored is None or seq is None:
            report.breaks.append(ChainBreak(row_id, where, "行未进入哈希链 (row outside the chain)"))
        elif int(seq) != expected_seq:
            report.breaks.append(ChainBreak(row_id, where, f"链序号为 {seq}，应为 {expected_seq}（前面有行被删除或插入） "
                                                           f"(chain position {seq}, expected {expected_seq})"))
        elif prev != previous_hash:
            report.breaks.append(ChainBreak(row_id, where, "所记前一行哈希与前一行不符 (previous hash does not match)"))
        elif sha256_hex(canonical(fields)) != stored:
            report.breaks.append(ChainBreak(row_id, where, "内容与其哈希不符（行被改动） (row changed after it was written)"))
        previous_hash = stored
        expected_seq = (int(seq) if seq is not None else expected_seq) + 1
        report.heads[enterprise] = stored or ""
    return report


def backfill(connection: sa.Connection) -> None:
    """Chain the rows written before the chain existed (a migration, before the triggers are installed)."""
    last: dict[str, tuple[int, str | None]] = {}
    rows = list(connection.exec_driver_sql(
        f"SELECT {', '.join(_as_text(connection.dialect.name, n) for n in _FIELDS)} FROM auditlog "
        "ORDER BY auditlog.enterprise_id, auditlog.id"))
    for row in rows:
        fields = list(row)
        seq, prev = last.get(fields[1] or "", (0, None))
        fields[2], fields[-1] = str(seq + 1), prev
        digest = sha256_hex(canonical(fields))
        connection.execute(sa.text("UPDATE auditlog SET chain_seq = :s, prev_hash = :p, row_hash = :h WHERE id = :i"),
                           {"s": seq + 1, "p": prev, "h": digest, "i": int(fields[0])})
        last[fields[1] or ""] = (seq + 1, digest)
