"""access scope: regions of users, submission and approval of data, session versions,
project units

* ``user_regions`` — the regions a user reports for (a unit user writes only there);
* ``data_approvals`` — one unit's values of one plan and year: submitted, approved
  (locked), returned with a comment, or reopened;
* ``users.session_version`` — raised at sign-out, which ends the user's sessions;
* ``project_units`` — the 责任单位 of a construction project, filled here from the task
  whose text holds the project, else from the tasks of its section (as before, when a
  project answered to the units of its section's tasks);
* an index on ``login_attempts.ip`` (sign-in limits per address).

Existing unit users get no region: an administrator grants them with
``eduplan user regions NAME --region 区域`` (granting every region their unit appears in
would keep exactly the cross-region writes this revision stops).

Revision ID: 0002_access_scope
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_access_scope'
down_revision = '0001'
branch_labels = None
depends_on = None

# a project inside a task's text answers to that task's units; any other to the units of
# the tasks of its section
_FROM_TASK_TEXT = """
INSERT INTO project_units (project_id, unit_id)
SELECT DISTINCT p.id, tu.unit_id FROM projects p
JOIN tasks t ON t.plan_id = p.plan_id AND p.start IS NOT NULL AND t.start IS NOT NULL AND t."end" IS NOT NULL
    AND t.start <= p.start AND p.start < t."end"
JOIN task_units tu ON tu.task_id = t.id
"""
_FROM_SECTION = """
INSERT INTO project_units (project_id, unit_id)
SELECT DISTINCT p.id, tu.unit_id FROM projects p
JOIN tasks t ON t.section_id = p.section_id
JOIN task_units tu ON tu.task_id = t.id
WHERE p.section_id IS NOT NULL AND p.id NOT IN (SELECT project_id FROM project_units)
"""


def upgrade() -> None:
    op.create_table('user_regions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_user_regions_region_id_regions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_regions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'region_id', name=op.f('pk_user_regions'))
    )
    op.create_table('data_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('submitted_by', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_data_approvals_decided_by_users')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_data_approvals_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by'], ['users.id'], name=op.f('fk_data_approvals_submitted_by_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['responsible_units.id'], name=op.f('fk_data_approvals_unit_id_responsible_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_approvals')),
    sa.UniqueConstraint('plan_id', 'unit_id', 'year', name='uq_data_approval_key')
    )
    with op.batch_alter_table('data_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_approvals_plan_id'), ['plan_id'], unique=False)

    op.create_table('project_units',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_units_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['responsible_units.id'], name=op.f('fk_project_units_unit_id_responsible_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'unit_id', name=op.f('pk_project_units'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_attempts_ip'), ['ip'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))

    op.execute(sa.text(_FROM_TASK_TEXT))
    op.execute(sa.text(_FROM_SECTION))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_ip'))

    op.drop_table('project_units')
    with op.batch_alter_table('data_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_approvals_plan_id'))

    op.drop_table('data_approvals')
    op.drop_table('user_regions')
