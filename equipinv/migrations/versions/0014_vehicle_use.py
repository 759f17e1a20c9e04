"""targets: a vehicle's use (车辆用途) for the NEV-share targets on buses and taxis

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vehicle_use', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_column('vehicle_use')
