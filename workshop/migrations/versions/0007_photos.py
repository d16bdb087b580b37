"""Photos of paper prototypes, re-encoded on upload (no EXIF), one per prototype.

Revision ID: 0007_photos
Revises: 0006_idempotency
Create Date: 2026-12-05 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_photos"
down_revision = "0006_idempotency"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("prototype_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"]),
        sa.ForeignKeyConstraint(["prototype_id"], ["prototypes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["participants.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prototype_id"),
        # Ids never reused: a photo's address is cached by browsers for good.
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_photos_workshop_id"), ["workshop_id"], unique=False)


def downgrade():
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_photos_workshop_id"))
    op.drop_table("photos")
