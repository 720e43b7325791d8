"""assessment.link_salt: secret links derived from a salt, so the cookie never holds them

Revision ID: 3b9d2e7c41a5
Revises: 6aea84832e8a
Create Date: 2026-12-02 11:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b9d2e7c41a5'
down_revision = '6aea84832e8a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_salt', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('link_salt')
