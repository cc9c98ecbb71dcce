"""The case record: sentence, requirements and licence conditions, recalls and breaches,
flags, gender and ethnicity, IOM selections, and case field history with values.

Revision ID: 0004_case_record
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_case_record"
down_revision = "0003"
branch_labels = None
depends_on = None


def _case_id(primary_key: bool = False) -> sa.Column:
    return sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False,
                     primary_key=primary_key)


def upgrade() -> None:
    op.create_table(
        "case_sentences",
        _case_id(primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("licence_end", sa.Date),
        sa.Column("sentence_expiry", sa.Date),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_case_sentences_licence_end", "case_sentences", ["licence_end"])
    op.create_table(
        "case_requirements",
        sa.Column("id", sa.Integer, primary_key=True),
        _case_id(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_case_requirements_case_id", "case_requirements", ["case_id"])
    op.create_index("ix_case_requirements_kind", "case_requirements", ["kind"])
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer, primary_key=True),
        _case_id(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_case_events_case_id", "case_events", ["case_id"])
    op.create_table(
        "case_flags",
        sa.Column("id", sa.Integer, primary_key=True),
        _case_id(),
        sa.Column("flag", sa.String(24), nullable=False),
        sa.Column("since", sa.Date),
        sa.Column("until", sa.Date),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_case_flags_case_id", "case_flags", ["case_id"])
    op.create_index("ix_case_flags_flag", "case_flags", ["flag"])
    op.create_table(
        "case_profiles",
        _case_id(primary_key=True),
        sa.Column("gender", sa.String(16)),
        sa.Column("gender_words", sa.String(100), nullable=False, server_default=""),
        sa.Column("ethnicity", sa.String(4)),
        sa.Column("ethnicity_words", sa.String(100), nullable=False, server_default=""),
    )
    op.create_index("ix_case_profiles_gender", "case_profiles", ["gender"])
    op.create_table(
        "iom_selections",
        sa.Column("id", sa.Integer, primary_key=True),
        _case_id(),
        sa.Column("cohort", sa.String(8), nullable=False),
        sa.Column("selected_on", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("crime_type", sa.String(100), nullable=False, server_default=""),
        sa.Column("deselected_on", sa.Date),
        sa.Column("deselection_reason", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_iom_selections_case_id", "iom_selections", ["case_id"])
    op.create_table(
        "case_field_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        _case_id(),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("changed_by", sa.String(100), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("old_value", sa.Text, nullable=False, server_default=""),
        sa.Column("new_value", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_case_field_changes_case_id", "case_field_changes", ["case_id"])


def downgrade() -> None:
    for name in ("case_field_changes", "iom_selections", "case_profiles", "case_flags",
                 "case_events", "case_requirements", "case_sentences"):
        op.drop_table(name)
