"""measured input power

A unit may carry its electrical input power measured at its usual duty (实测输入功率, kW); the savings
models then use the measurement for the old unit's energy instead of nameplate power × load factor.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measured_input_kw', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_column('measured_input_kw')
