"""Distribution of documents: who received the minutes (or an extract), when and how.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_recipients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_type", sa.String(40), nullable=False),
        sa.Column("record_id", sa.Integer, nullable=False),
        sa.Column("what", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("agency", sa.String(100), nullable=False, server_default=""),
        sa.Column("method", sa.String(60), nullable=False, server_default=""),
        sa.Column("sent_on", sa.Date, nullable=False),
        sa.Column("sent_by", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_document_recipients_record_id", "document_recipients", ["record_id"])


def downgrade() -> None:
    op.drop_index("ix_document_recipients_record_id", "document_recipients")
    op.drop_table("document_recipients")
