"""Phones follow their own series of deltas (``workshops.phone_seq``).

A delta that only changes what phones do not show (the dots placed while results are hidden,
how many people joined) goes to the projector and control screen alone; phones number theirs
separately, so skipping those leaves them no gap to mistake for a lost delta.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 08:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("phone_seq", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("phone_seq")
