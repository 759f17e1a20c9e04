"""savings: the replacement vehicle's fuel consumption (拟购车辆百公里油耗), issue 20

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replacement_fuel_l_per_100km', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_column('replacement_fuel_l_per_100km')
