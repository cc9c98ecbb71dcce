"""MAPPA: referrals, meetings and attendance, case review minutes (reviewed actions,
disclosure decisions, amendments), level history, RMP versions (risks, actions, sharing)
and attachments kept inside the vault.

Revision ID: 0005
Revises: 0004_case_record
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004_case_record"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mappa_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("chair", sa.String(length=100), nullable=False),
        sa.Column("minute_taker", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("statement_text", sa.Text(), nullable=False),
        sa.Column("statement_agreed", sa.Boolean(), nullable=False),
        sa.Column("statement_recorded_by", sa.String(length=100), nullable=False),
        sa.Column("statement_recorded_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_meetings")),
    )
    op.create_index(op.f("ix_mappa_meetings_held_at"), "mappa_meetings", ["held_at"], unique=False)
    op.create_index(op.f("ix_mappa_meetings_level"), "mappa_meetings", ["level"], unique=False)
    op.create_table(
        "mappa_attendees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["mappa_meetings.id"],
            name=op.f("fk_mappa_attendees_meeting_id_mappa_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_attendees")),
    )
    op.create_index(
        op.f("ix_mappa_attendees_meeting_id"), "mappa_attendees", ["meeting_id"], unique=False
    )
    op.create_table(
        "mappa_case_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("review_type", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("category", sa.Integer(), nullable=True),
        sa.Column("level_before", sa.Integer(), nullable=True),
        sa.Column("level_decision", sa.String(length=8), nullable=True),
        sa.Column("new_level", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(length=100), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("locked_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_mappa_case_reviews_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["mappa_meetings.id"],
            name=op.f("fk_mappa_case_reviews_meeting_id_mappa_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_case_reviews")),
        sa.UniqueConstraint("meeting_id", "case_id", name=op.f("uq_mappa_case_reviews_meeting_id")),
    )
    op.create_index(
        op.f("ix_mappa_case_reviews_case_id"), "mappa_case_reviews", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_mappa_case_reviews_meeting_id"), "mappa_case_reviews", ["meeting_id"], unique=False
    )
    op.create_index(
        op.f("ix_mappa_case_reviews_status"), "mappa_case_reviews", ["status"], unique=False
    )
    op.create_table(
        "mappa_referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("referring_agency", sa.String(length=100), nullable=False),
        sa.Column("referrer", sa.String(length=100), nullable=False),
        sa.Column("category", sa.Integer(), nullable=False),
        sa.Column("proposed_level", sa.Integer(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("index_offence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("accepted_level", sa.Integer(), nullable=True),
        sa.Column("first_meeting_id", sa.Integer(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("form_record_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_mappa_referrals_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["form_record_id"],
            ["form_records.id"],
            name=op.f("fk_mappa_referrals_form_record_id_form_records"),
        ),
        sa.ForeignKeyConstraint(
            ["first_meeting_id"],
            ["mappa_meetings.id"],
            name=op.f("fk_mappa_referrals_first_meeting_id_mappa_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_referrals")),
    )
    op.create_index(
        op.f("ix_mappa_referrals_case_id"), "mappa_referrals", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_mappa_referrals_referral_date"), "mappa_referrals", ["referral_date"], unique=False
    )
    op.create_index(op.f("ix_mappa_referrals_status"), "mappa_referrals", ["status"], unique=False)
    op.create_table(
        "mappa_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["mappa_case_reviews.id"],
            name=op.f("fk_mappa_amendments_review_id_mappa_case_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_amendments")),
    )
    op.create_index(
        op.f("ix_mappa_amendments_review_id"), "mappa_amendments", ["review_id"], unique=False
    )
    op.create_table(
        "mappa_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_mappa_attachments_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["mappa_case_reviews.id"],
            name=op.f("fk_mappa_attachments_review_id_mappa_case_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_attachments")),
    )
    op.create_index(
        op.f("ix_mappa_attachments_case_id"), "mappa_attachments", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_mappa_attachments_review_id"), "mappa_attachments", ["review_id"], unique=False
    )
    op.create_table(
        "mappa_disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("disclose", sa.Boolean(), nullable=False),
        sa.Column("to_whom", sa.String(length=200), nullable=False),
        sa.Column("by_whom", sa.String(length=100), nullable=False),
        sa.Column("how", sa.String(length=200), nullable=False),
        sa.Column("when", sa.Date(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["mappa_case_reviews.id"],
            name=op.f("fk_mappa_disclosures_review_id_mappa_case_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_disclosures")),
    )
    op.create_index(
        op.f("ix_mappa_disclosures_review_id"), "mappa_disclosures", ["review_id"], unique=False
    )
    op.create_table(
        "mappa_level_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=True),
        sa.Column("to_level", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_mappa_level_history_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["mappa_meetings.id"],
            name=op.f("fk_mappa_level_history_meeting_id_mappa_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["mappa_case_reviews.id"],
            name=op.f("fk_mappa_level_history_review_id_mappa_case_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_level_history")),
    )
    op.create_index(
        op.f("ix_mappa_level_history_case_id"), "mappa_level_history", ["case_id"], unique=False
    )
    op.create_table(
        "rmp_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("protective_factors", sa.Text(), nullable=False),
        sa.Column("licence_conditions", sa.Text(), nullable=False),
        sa.Column("no_action_reasons", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_rmp_versions_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["mappa_case_reviews.id"],
            name=op.f("fk_rmp_versions_review_id_mappa_case_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rmp_versions")),
    )
    op.create_index(op.f("ix_rmp_versions_case_id"), "rmp_versions", ["case_id"], unique=False)
    op.create_index(op.f("ix_rmp_versions_review_id"), "rmp_versions", ["review_id"], unique=False)
    op.create_table(
        "rmp_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rmp_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=16), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["rmp_actions.id"],
            name=op.f("fk_rmp_actions_carried_from_id_rmp_actions"),
        ),
        sa.ForeignKeyConstraint(
            ["rmp_id"], ["rmp_versions.id"], name=op.f("fk_rmp_actions_rmp_id_rmp_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rmp_actions")),
    )
    op.create_index(op.f("ix_rmp_actions_rmp_id"), "rmp_actions", ["rmp_id"], unique=False)
    op.create_table(
        "rmp_risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rmp_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("nature", sa.Text(), nullable=False),
        sa.Column("who_at_risk", sa.Text(), nullable=False),
        sa.Column("when", sa.Text(), nullable=False),
        sa.Column("circumstances", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rmp_id"], ["rmp_versions.id"], name=op.f("fk_rmp_risks_rmp_id_rmp_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rmp_risks")),
    )
    op.create_index(op.f("ix_rmp_risks_rmp_id"), "rmp_risks", ["rmp_id"], unique=False)
    op.create_table(
        "rmp_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rmp_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("shared_on", sa.Date(), nullable=False),
        sa.Column("shared_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["rmp_id"], ["rmp_versions.id"], name=op.f("fk_rmp_shares_rmp_id_rmp_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rmp_shares")),
    )
    op.create_index(op.f("ix_rmp_shares_rmp_id"), "rmp_shares", ["rmp_id"], unique=False)
    op.create_table(
        "mappa_action_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("rmp_action_id", sa.Integer(), nullable=True),
        sa.Column("heading", sa.String(length=16), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["mappa_case_reviews.id"],
            name=op.f("fk_mappa_action_reviews_review_id_mappa_case_reviews"),
        ),
        sa.ForeignKeyConstraint(
            ["rmp_action_id"],
            ["rmp_actions.id"],
            name=op.f("fk_mappa_action_reviews_rmp_action_id_rmp_actions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mappa_action_reviews")),
    )
    op.create_index(
        op.f("ix_mappa_action_reviews_review_id"),
        "mappa_action_reviews",
        ["review_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("mappa_action_reviews")
    op.drop_index(op.f("ix_rmp_shares_rmp_id"), table_name="rmp_shares")
    op.drop_table("rmp_shares")
    op.drop_index(op.f("ix_rmp_risks_rmp_id"), table_name="rmp_risks")
    op.drop_table("rmp_risks")
    op.drop_index(op.f("ix_rmp_actions_rmp_id"), table_name="rmp_actions")
    op.drop_table("rmp_actions")
    op.drop_index(op.f("ix_rmp_versions_review_id"), table_name="rmp_versions")
    op.drop_index(op.f("ix_rmp_versions_case_id"), table_name="rmp_versions")
    op.drop_table("rmp_versions")
    op.drop_index(op.f("ix_mappa_level_history_case_id"), table_name="mappa_level_history")
    op.drop_table("mappa_level_history")
    op.drop_index(op.f("ix_mappa_disclosures_review_id"), table_name="mappa_disclosures")
    op.drop_table("mappa_disclosures")
    op.drop_index(op.f("ix_mappa_attachments_review_id"), table_name="mappa_attachments")
    op.drop_index(op.f("ix_mappa_attachments_case_id"), table_name="mappa_attachments")
    op.drop_table("mappa_attachments")
    op.drop_index(op.f("ix_mappa_amendments_review_id"), table_name="mappa_amendments")
    op.drop_table("mappa_amendments")
    op.drop_index(op.f("ix_mappa_referrals_status"), table_name="mappa_referrals")
    op.drop_index(op.f("ix_mappa_referrals_referral_date"), table_name="mappa_referrals")
    op.drop_index(op.f("ix_mappa_referrals_case_id"), table_name="mappa_referrals")
    op.drop_table("mappa_referrals")
    op.drop_index(op.f("ix_mappa_case_reviews_status"), table_name="mappa_case_reviews")
    op.drop_index(op.f("ix_mappa_case_reviews_meeting_id"), table_name="mappa_case_reviews")
    op.drop_index(op.f("ix_mappa_case_reviews_case_id"), table_name="mappa_case_reviews")
    op.drop_table("mappa_case_reviews")
    op.drop_index(op.f("ix_mappa_attendees_meeting_id"), table_name="mappa_attendees")
    op.drop_table("mappa_attendees")
    op.drop_index(op.f("ix_mappa_meetings_level"), table_name="mappa_meetings")
    op.drop_index(op.f("ix_mappa_meetings_held_at"), table_name="mappa_meetings")
    op.drop_table("mappa_meetings")
