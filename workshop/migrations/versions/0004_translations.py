"""Translations of cards (``translations``) and prototypes (``prototype_translations``),
typed by the team or made by a machine; the language a prototype was written in.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 21:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("machine", sa.Boolean(), nullable=False),
        sa.Column("made_by", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["team_members.id"]),
        sa.ForeignKeyConstraint(["problem_id"], ["problems.id"]),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("problem_id", "language"),
    )
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.create_index("ix_translations_problem_id", ["problem_id"], unique=False)
        batch_op.create_index("ix_translations_workshop_id", ["workshop_id"], unique=False)

    op.create_table(
        "prototype_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("prototype_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("what_changes", sa.Text(), nullable=False),
        sa.Column("who_benefits", sa.Text(), nullable=False),
        sa.Column("who_acts", sa.Text(), nullable=False),
        sa.Column("first_step", sa.Text(), nullable=False),
        sa.Column("machine", sa.Boolean(), nullable=False),
        sa.Column("made_by", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["team_members.id"]),
        sa.ForeignKeyConstraint(["prototype_id"], ["prototypes.id"]),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prototype_id", "language"),
    )
    with op.batch_alter_table("prototype_translations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_prototype_translations_prototype_id", ["prototype_id"], unique=False
        )
        batch_op.create_index(
            "ix_prototype_translations_workshop_id", ["workshop_id"], unique=False
        )
    with op.batch_alter_table("prototypes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("prototypes", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("prototype_translations", schema=None) as batch_op:
        batch_op.drop_index("ix_prototype_translations_workshop_id")
        batch_op.drop_index("ix_prototype_translations_prototype_id")
    op.drop_table("prototype_translations")
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.drop_index("ix_translations_workshop_id")
        batch_op.drop_index("ix_translations_problem_id")
    op.drop_table("translations")
