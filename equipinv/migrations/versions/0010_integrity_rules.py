"""integrity rules: audit hash chain, logins, package sequence, unique submissions, triggers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from equipinv import audit_chain, integrity

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('auditlog', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login', sa.String(length=63), nullable=True))
        batch_op.add_column(sa.Column('chain_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    with op.batch_alter_table('eliminationrecord', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_login', sa.String(length=63), nullable=True))
        batch_op.add_column(sa.Column('verified_login', sa.String(length=63), nullable=True))
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login', sa.String(length=63), nullable=True))
        batch_op.add_column(sa.Column('manifest_created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=True))
    bind = op.get_bind()
    audit_chain.backfill(bind)
    # records moved before logins were kept: their reporter is unknown, not anyone's
    op.execute("UPDATE eliminationrecord SET done_login = '(0010 之前)' WHERE status IN ('done', 'verified')")
    op.execute("UPDATE eliminationrecord SET verified_login = '(0010 之前)' WHERE status = 'verified'")
    op.create_index('uq_auditlog_enterprise_chain', 'auditlog', ['enterprise_id', 'chain_seq'], unique=True)
    op.create_index('uq_submission_enterprise_checksum', 'submission', ['enterprise_id', 'checksum_sha256'],
                    unique=True, sqlite_where=sa.text("status <> 'rejected'"),
                    postgresql_where=sa.text("status <> 'rejected'"))
    integrity.install(bind)


def downgrade() -> None:
    integrity.uninstall(op.get_bind())
    op.drop_index('uq_submission_enterprise_checksum', table_name='submission')
    op.drop_index('uq_auditlog_enterprise_chain', table_name='auditlog')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_column('sequence')
        batch_op.drop_column('manifest_created_at')
        batch_op.drop_column('login')
    with op.batch_alter_table('eliminationrecord', schema=None) as batch_op:
        batch_op.drop_column('verified_login')
        batch_op.drop_column('done_login')
    with op.batch_alter_table('auditlog', schema=None) as batch_op:
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('chain_seq')
        batch_op.drop_column('login')
