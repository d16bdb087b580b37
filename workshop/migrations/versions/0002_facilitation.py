"""Facilitation: session templates and stage plans, timers, moderation, focus, team members,
on-behalf input, listening rounds, responses, closing feedback, rating rounds, presence.

Existing workshops become co-projecting workshops with the stages they had; existing cards keep
their author's role and count as posted on a phone, visible and approved.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 18:06:46.914218

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("criteria", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criteria_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("prompt", sa.String(length=300), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rounds_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "co_facilitator",
                "table_facilitator",
                "interpreter",
                "observer",
                name="teamrole",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("display_name", sa.String(length=40), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_members_token"), ["token"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_team_members_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "feedback",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="feedback_score_range"),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("participant_id"),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "presence",
        sa.Column("sid", sa.String(length=64), nullable=False),
        sa.Column("server", sa.String(length=120), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("view", sa.String(length=10), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("sid"),
    )
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_presence_server"), ["server"], unique=False)
        batch_op.create_index(batch_op.f("ix_presence_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "moderation_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=True),
        sa.Column("prototype_id", sa.Integer(), nullable=True),
        sa.Column("facilitator_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitators.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
        ),
        sa.ForeignKeyConstraint(
            ["prototype_id"],
            ["prototypes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("moderation_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_actions_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "problem_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("dots >= 0", name="problem_dots_not_negative"),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "problem_id", "participant_id", "stage", name="one_problem_vote_per_person"
        ),
    )
    with op.batch_alter_table("problem_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_problem_votes_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_problem_votes_problem_id"), ["problem_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_problem_votes_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "rating_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("prototype_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["prototype_id"],
            ["prototypes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rating_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rating_items_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("prototype_id", sa.Integer(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "adopt", "study", "not_possible", name="decision", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("facilitator_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitators.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["prototype_id"],
            ["prototypes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prototype_id"),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_responses_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "ratings",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="rating_score_range"),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criteria.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["rating_items.id"],
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
        ),
        sa.PrimaryKeyConstraint("item_id", "criterion_id", "participant_id"),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ratings_workshop_id"), ["workshop_id"], unique=False)

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("on_behalf", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.alter_column("token", existing_type=sa.VARCHAR(length=64), nullable=True)
        batch_op.alter_column("theme_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_foreign_key(
            "fk_participants_added_by", "team_members", ["added_by_id"], ["id"]
        )

    with op.batch_alter_table("problems", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "author_role",
                sa.Enum(
                    "resident", "decision_maker", "other", name="role", native_enum=False, length=20
                ),
                nullable=False,
                server_default="resident",
            )
        )
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column(
                "origin",
                sa.Enum(
                    "phone",
                    "on_behalf",
                    "quote",
                    "imported",
                    name="origin",
                    native_enum=False,
                    length=12,
                ),
                nullable=False,
                server_default="phone",
            )
        )
        batch_op.add_column(sa.Column("entered_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("original_text", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("approved", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("focus", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.alter_column("theme_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column("author_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_foreign_key(
            "fk_problems_merged_into", "problems", ["merged_into_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_problems_entered_by", "team_members", ["entered_by_id"], ["id"]
        )
        batch_op.create_foreign_key("fk_problems_source", "problems", ["source_id"], ["id"])
        batch_op.create_foreign_key("fk_problems_round", "rounds", ["round_id"], ["id"])

    with op.batch_alter_table("prototypes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "origin",
                sa.Enum(
                    "phone",
                    "on_behalf",
                    "quote",
                    "imported",
                    name="origin",
                    native_enum=False,
                    length=12,
                ),
                nullable=False,
                server_default="phone",
            )
        )
        batch_op.add_column(sa.Column("entered_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.alter_column("author_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_foreign_key(
            "fk_prototypes_entered_by", "team_members", ["entered_by_id"], ["id"]
        )

    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "stage_plan",
                sa.String(length=200),
                nullable=False,
                server_default="welcome,problems,prototypes,vote,results,closed",
            )
        )
        batch_op.add_column(sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("timer_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("lock_at_zero", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("premoderation", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("focus_count", sa.Integer(), nullable=False, server_default="2")
        )
        batch_op.add_column(sa.Column("projector_theme_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("current_round_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("copied_from_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_workshops_projector_theme", "themes", ["projector_theme_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_workshops_current_round", "rounds", ["current_round_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_workshops_copied_from", "workshops", ["copied_from_id"], ["id"]
        )

        batch_op.create_check_constraint("focus_count_range", "focus_count BETWEEN 1 AND 10")

    # Data: old rows as the new model reads them.
    op.execute("UPDATE workshops SET template = 'workshop' WHERE template = 'coprojecting'")
    op.execute(
        "UPDATE problems SET author_role = "
        "(SELECT participants.role FROM participants WHERE participants.id = problems.author_id)"
    )


def downgrade():
    op.execute("UPDATE workshops SET template = 'coprojecting' WHERE template = 'workshop'")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_constraint("focus_count_range", type_="check")
        batch_op.drop_constraint("fk_workshops_copied_from", type_="foreignkey")
        batch_op.drop_constraint("fk_workshops_current_round", type_="foreignkey")
        batch_op.drop_constraint("fk_workshops_projector_theme", type_="foreignkey")
        batch_op.drop_column("copied_from_id")
        batch_op.drop_column("current_round_id")
        batch_op.drop_column("projector_theme_id")
        batch_op.drop_column("focus_count")
        batch_op.drop_column("premoderation")
        batch_op.drop_column("lock_at_zero")
        batch_op.drop_column("timer_seconds")
        batch_op.drop_column("timer_ends_at")
        batch_op.drop_column("stage_plan")

    with op.batch_alter_table("prototypes", schema=None) as batch_op:
        batch_op.drop_constraint("fk_prototypes_entered_by", type_="foreignkey")
        batch_op.alter_column("author_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("hidden")
        batch_op.drop_column("entered_by_id")
        batch_op.drop_column("origin")

    with op.batch_alter_table("problems", schema=None) as batch_op:
        batch_op.drop_constraint("fk_problems_round", type_="foreignkey")
        batch_op.drop_constraint("fk_problems_source", type_="foreignkey")
        batch_op.drop_constraint("fk_problems_entered_by", type_="foreignkey")
        batch_op.drop_constraint("fk_problems_merged_into", type_="foreignkey")
        batch_op.alter_column("author_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.alter_column("theme_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("focus")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("approved")
        batch_op.drop_column("hidden")
        batch_op.drop_column("original_text")
        batch_op.drop_column("source_id")
        batch_op.drop_column("round_id")
        batch_op.drop_column("entered_by_id")
        batch_op.drop_column("origin")
        batch_op.drop_column("language")
        batch_op.drop_column("author_role")

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_constraint("fk_participants_added_by", type_="foreignkey")
        batch_op.alter_column("theme_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.alter_column("token", existing_type=sa.VARCHAR(length=64), nullable=False)
        batch_op.drop_column("on_behalf")
        batch_op.drop_column("added_by_id")

    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ratings_workshop_id"))

    op.drop_table("ratings")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responses_workshop_id"))

    op.drop_table("responses")
    with op.batch_alter_table("rating_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_items_workshop_id"))

    op.drop_table("rating_items")
    with op.batch_alter_table("problem_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_problem_votes_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_problem_votes_problem_id"))
        batch_op.drop_index(batch_op.f("ix_problem_votes_participant_id"))

    op.drop_table("problem_votes")
    with op.batch_alter_table("moderation_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_actions_workshop_id"))

    op.drop_table("moderation_actions")
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_presence_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_presence_server"))

    op.drop_table("presence")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_workshop_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_members_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_team_members_token"))

    op.drop_table("team_members")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rounds_workshop_id"))

    op.drop_table("rounds")
    with op.batch_alter_table("criteria", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criteria_workshop_id"))

    op.drop_table("criteria")
