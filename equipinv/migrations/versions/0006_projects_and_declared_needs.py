"""project investment and enterprise-declared needs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:55:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('investment_yuan', sa.Float(), nullable=True))
    op.create_table('declaredneed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=True),
    sa.Column('line_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('replacement', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('investment_yuan', sa.Float(), nullable=True),
    sa.Column('planned_year', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_declaredneed_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_declaredneed_equipment_id_equipment')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_declaredneed_submission_id_submission')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaredneed'))
    )
    with op.batch_alter_table('declaredneed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaredneed_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_declaredneed_equipment_id'), ['equipment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('declaredneed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaredneed_equipment_id'))
        batch_op.drop_index(batch_op.f('ix_declaredneed_enterprise_id'))
    op.drop_table('declaredneed')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('investment_yuan')
