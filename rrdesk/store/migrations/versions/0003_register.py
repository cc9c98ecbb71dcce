"""Case register: offence count and review dates, pathway needs and actions, the plan,
and the case search index.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("offence_count", sa.Integer, nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("last_review", sa.Date))
        batch.add_column(sa.Column("next_review", sa.Date))
        batch.add_column(sa.Column("sort_name", sa.String(220), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("merged_into_id", sa.Integer,
                                   sa.ForeignKey("cases.id",
                                                 name="fk_cases_merged_into_id_cases")))
        batch.create_index("ix_cases_next_review", ["next_review"])
        batch.create_index("ix_cases_sort_name", ["sort_name"])
    op.create_table(
        "pathway_needs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("pathway", sa.String(24), nullable=False),
        sa.Column("need_level", sa.String(12), nullable=False),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("assessed_on", sa.Date),
        sa.Column("assessed_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_pathway_needs_case_id", "pathway_needs", ["case_id"])
    op.create_table(
        "pathway_actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("pathway", sa.String(24), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("owner_agency", sa.String(100), nullable=False, server_default=""),
        sa.Column("named_person", sa.String(100), nullable=False, server_default=""),
        sa.Column("target_date", sa.Date),
        sa.Column("rag", sa.String(10), nullable=False, server_default="amber"),
        sa.Column("outcome", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_pathway_actions_case_id", "pathway_actions", ["case_id"])
    op.create_index("ix_pathway_actions_target_date", "pathway_actions", ["target_date"])
    op.create_table(
        "pathway_action_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("action_id", sa.Integer, sa.ForeignKey("pathway_actions.id"),
                  nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("changed_by", sa.String(100), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("old_value", sa.Text, nullable=False, server_default=""),
        sa.Column("new_value", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_pathway_action_changes_action_id", "pathway_action_changes",
                    ["action_id"])
    op.create_table(
        "plan_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("need", sa.Text, nullable=False, server_default=""),
        sa.Column("priority_issue", sa.Text, nullable=False, server_default=""),
        sa.Column("action", sa.Text, nullable=False, server_default=""),
        sa.Column("owner", sa.Text, nullable=False, server_default=""),
        sa.Column("timescale", sa.Text, nullable=False, server_default=""),
        sa.Column("rag", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_plan_rows_position", "plan_rows", ["position"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        from rrdesk.store import search

        search.create_index(bind)
        search.rebuild_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS case_search")
    op.drop_table("plan_rows")
    op.drop_table("pathway_action_changes")
    op.drop_table("pathway_actions")
    op.drop_table("pathway_needs")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_next_review")
        batch.drop_index("ix_cases_sort_name")
        batch.drop_column("sort_name")
        batch.drop_column("merged_into_id")
        batch.drop_column("next_review")
        batch.drop_column("last_review")
        batch.drop_column("offence_count")
