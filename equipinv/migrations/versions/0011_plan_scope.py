"""plan scope

A plan says which scope it was made for (one enterprise, a region, or all enterprises), so a list or a
report takes the plan of its own scope. Plans stored before carry an enterprise when they were made for
one and are otherwise taken as made for all enterprises (the only other scope the program offered).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 09:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_kind', sqlmodel.sql.sqltypes.AutoString(length=10),
                                      nullable=False, server_default='all'))
        batch_op.create_index(batch_op.f('ix_plan_scope_kind'), ['scope_kind'], unique=False)
    op.execute("UPDATE plan SET scope_kind = 'enterprise' WHERE enterprise_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_scope_kind'))
        batch_op.drop_column('scope_kind')
