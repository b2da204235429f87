"""target semantics: measure, direction, 填报口径 and milestones of a target; 口径 of an observation

Revision ID: 0003
Revises: 0002_access_scope
Create Date: 2026-12-02 10:00:00

Follows 0002_access_scope.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002_access_scope'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('direction', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('entry_basis', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_targets_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_targets_parent_id_targets'), 'targets', ['parent_id'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.drop_column('basis')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_targets_parent_id_targets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_targets_parent_id'))
        batch_op.drop_column('parent_id')
        batch_op.drop_column('entry_basis')
        batch_op.drop_column('direction')
        batch_op.drop_column('measure')
