"""equipment extra

A unit keeps the cells of an imported ledger's columns that no field takes (`extra`, a JSON mapping of the
ledger's header to the cell), so an import never discards what an enterprise wrote. Units stored before
hold none.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 14:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (not batch mode): rebuilding `equipment` on SQLite would drop a table the findings,
    # plan items and audit rows point at, which the enforced foreign keys refuse once the ledger holds units
    op.add_column('equipment', sa.Column('extra', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_column('extra')
