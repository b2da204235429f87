"""sources of monitoring data: proposals read from documents; an observation's source document

Revision ID: 0004_sources
Revises: 0003
Create Date: 2026-12-06 16:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_sources'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'proposals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('indicator_id', sa.Integer(), nullable=True),
        sa.Column('region_id', sa.Integer(), nullable=True),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('value', sa.Numeric(precision=24, scale=6), nullable=False),
        sa.Column('unit', sa.String(length=32), nullable=True),
        sa.Column('quote', sa.Text(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('observation_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_by', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_proposals_indicator_id_indicators')),
        sa.ForeignKeyConstraint(['observation_id'], ['observations.id'],
                                name=op.f('fk_proposals_observation_id_observations'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_proposals_plan_id_plans'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_proposals_region_id_regions')),
        sa.ForeignKeyConstraint(['reviewed_by'], ['users.id'], name=op.f('fk_proposals_reviewed_by_users')),
        sa.ForeignKeyConstraint(['target_id'], ['targets.id'], name=op.f('fk_proposals_target_id_targets'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_indicator_id'), ['indicator_id'], unique=False)
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_plan_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_quote', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_observations_source_plan_id_plans'), 'plans', ['source_plan_id'],
                                    ['id'], ondelete='SET NULL')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reporting_year', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('reporting_year')
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_observations_source_plan_id_plans'), type_='foreignkey')
        batch_op.drop_column('source_quote')
        batch_op.drop_column('source_plan_id')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_indicator_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_plan_id'))
    op.drop_table('proposals')
