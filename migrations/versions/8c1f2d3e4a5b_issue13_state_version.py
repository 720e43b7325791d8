"""assessment.state_version: counts the saves of answers and statuses, so workers can reuse a state they read

Revision ID: 8c1f2d3e4a5b
Revises: 54a47f7fcae8
Create Date: 2026-12-02 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c1f2d3e4a5b'
down_revision = '54a47f7fcae8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('state_version')
