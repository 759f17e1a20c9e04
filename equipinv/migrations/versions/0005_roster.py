"""roster of enterprises that must report

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rosterentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credit_code', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('industry_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('key_energy_user', sa.Boolean(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_rosterentry_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rosterentry')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_rosterentry_credit_code'))
    )
    with op.batch_alter_table('rosterentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rosterentry_region_code'), ['region_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rosterentry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rosterentry_region_code'))
    op.drop_table('rosterentry')
