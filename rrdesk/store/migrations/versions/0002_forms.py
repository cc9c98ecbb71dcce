"""Form records (with the form id and version they were captured with) and drafts.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer,
                  sa.ForeignKey("cases.id", name="fk_form_records_case_id_cases")),
        sa.Column("record_date", sa.Date),
        sa.Column("review_due", sa.Date),
        sa.Column("status", sa.String(16)),
        sa.Column("mappa_category", sa.Integer),
        sa.Column("mappa_level", sa.Integer),
        sa.Column("answers", sa.Text, nullable=False, server_default="{}"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_form_records_form_id", "form_records", ["form_id"])
    op.create_index("ix_form_records_case_id", "form_records", ["case_id"])
    op.create_index("ix_form_records_record_date", "form_records", ["record_date"])
    op.create_index("ix_form_records_review_due", "form_records", ["review_due"])
    op.create_table(
        "form_drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("record_key", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False, server_default="{}"),
        sa.Column("saved_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("form_id", "record_key", name="uq_form_drafts_form_id"),
    )


def downgrade() -> None:
    op.drop_table("form_drafts")
    op.drop_index("ix_form_records_review_due", "form_records")
    op.drop_index("ix_form_records_record_date", "form_records")
    op.drop_index("ix_form_records_case_id", "form_records")
    op.drop_index("ix_form_records_form_id", "form_records")
    op.drop_table("form_records")
