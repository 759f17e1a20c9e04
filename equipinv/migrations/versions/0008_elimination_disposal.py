"""elimination kinds, disposal, safety assessments, plan item progress

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('safetyassessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('assessed_date', sa.Date(), nullable=False),
    sa.Column('next_review_date', sa.Date(), nullable=True),
    sa.Column('assessor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('report_no', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_safetyassessment_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_safetyassessment_equipment_id_equipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safetyassessment'))
    )
    with op.batch_alter_table('safetyassessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safetyassessment_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safetyassessment_equipment_id'), ['equipment_id'], unique=False)

    with op.batch_alter_table('eliminationrecord', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('disposal_route', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('recipient_cert_no', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('disposal_weight_t', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('disposal_quantity', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_eliminationrecord_basis_kind'), ['basis_kind'], unique=False)

    with op.batch_alter_table('planitem', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False,
                                      server_default='planned'))
        batch_op.add_column(sa.Column('actual_cost_yuan', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('completed_date', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('planitem', schema=None) as batch_op:
        batch_op.drop_column('completed_date')
        batch_op.drop_column('actual_cost_yuan')
        batch_op.drop_column('status')

    with op.batch_alter_table('eliminationrecord', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eliminationrecord_basis_kind'))
        batch_op.drop_column('disposal_quantity')
        batch_op.drop_column('disposal_weight_t')
        batch_op.drop_column('recipient_cert_no')
        batch_op.drop_column('recipient')
        batch_op.drop_column('disposal_route')
        batch_op.drop_column('basis_kind')

    with op.batch_alter_table('safetyassessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safetyassessment_equipment_id'))
        batch_op.drop_index(batch_op.f('ix_safetyassessment_enterprise_id'))
    op.drop_table('safetyassessment')
