"""targets: 2023 investment baseline, CNC and key-process flags

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 10:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('equipment_investment_2023_yuan', sa.Float(), nullable=True))
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cnc', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('key_process', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_column('key_process')
        batch_op.drop_column('cnc')
    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.drop_column('equipment_investment_2023_yuan')
