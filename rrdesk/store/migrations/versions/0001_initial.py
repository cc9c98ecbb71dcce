"""Vault settings, cases and the audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vault_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("family_name", sa.String(100), nullable=False),
        sa.Column("given_names", sa.String(100), nullable=False, server_default=""),
        sa.Column("aliases", sa.String(500), nullable=False, server_default=""),
        sa.Column("date_of_birth", sa.Date),
        sa.Column("pnc", sa.String(16)),
        sa.Column("crn", sa.String(7)),
        sa.Column("lead_agency", sa.String(100), nullable=False, server_default=""),
        sa.Column("offender_manager", sa.String(100), nullable=False, server_default=""),
        sa.Column("iom_cohort", sa.String(8), nullable=False, server_default="none"),
        sa.Column("mappa_category", sa.Integer),
        sa.Column("mappa_level", sa.Integer),
        sa.Column("rosh", sa.String(12)),
        sa.Column("status", sa.String(8), nullable=False, server_default="active"),
        sa.Column("opened_on", sa.Date),
        sa.Column("closed_on", sa.Date),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_cases_family_name", "cases", ["family_name"])
    op.create_index("ix_cases_pnc", "cases", ["pnc"])
    op.create_index("ix_cases_crn", "cases", ["crn"])
    op.create_index("ix_cases_offender_manager", "cases", ["offender_manager"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Append-only in the app: updates and deletes are refused by the database itself.
        op.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.drop_table("audit_log")
    op.drop_table("cases")
    op.drop_table("vault_meta")
