"""production lines graded against the 标杆/基准 benchmarks

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'productionline',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('capacity_t_a', sa.Float(), nullable=False),
        sa.Column('unit_energy_kgce_t', sa.Float(), nullable=True),
        sa.Column('energy_year', sa.Integer(), nullable=True),
        sa.Column('commissioning_date', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'],
                                name=op.f('fk_productionline_enterprise_id_enterprise')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_productionline')),
        sa.UniqueConstraint('enterprise_id', 'name', name='uq_production_line_enterprise_name'),
    )
    with op.batch_alter_table('productionline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_productionline_enterprise_id'), ['enterprise_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('productionline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_productionline_enterprise_id'))
    op.drop_table('productionline')
