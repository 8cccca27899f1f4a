"""projection reminders calendar hotspots

Revision ID: f58a8eb346fa
Revises: 7621933b9b0e
Create Date: 2026-11-29 13:23:00.708609
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f58a8eb346fa"
down_revision: str | None = "7621933b9b0e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "author_category",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("category_code", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", "category_code", name=op.f("author_category_pkey")),
        schema="monitoring",
    )
    op.create_table(
        "hotspot_problem",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("topic_code", sa.String(length=10), nullable=False),
        sa.Column("territory_code", sa.String(length=40), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("observed", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("p_value", sa.Float(), nullable=False),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.Column("appeal_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=200), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("hotspot_problem_pkey")),
        schema="monitoring",
    )
    op.create_index(
        "hotspot_problem_one_open_per_series_idx",
        "hotspot_problem",
        ["topic_code", "territory_code"],
        unique=True,
        schema="monitoring",
        postgresql_where=sa.text("status <> 'closed'"),
        sqlite_where=sa.text("status <> 'closed'"),
    )
    op.create_index(
        "hotspot_problem_status_idx",
        "hotspot_problem",
        ["status"],
        unique=False,
        schema="monitoring",
    )
    op.create_table(
        "redirect",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("from_body_code", sa.String(length=80), nullable=False),
        sa.Column("redirected_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("redirect_pkey")),
        schema="monitoring",
    )
    op.create_index(
        op.f("redirect_appeal_id_idx"), "redirect", ["appeal_id"], unique=False, schema="monitoring"
    )
    op.create_index(
        op.f("redirect_from_body_code_idx"),
        "redirect",
        ["from_body_code"],
        unique=False,
        schema="monitoring",
    )
    op.create_table(
        "reminder",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("threshold", sa.String(length=40), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", "threshold", "due_date", name=op.f("reminder_pkey")),
        schema="monitoring",
    )
    op.create_table(
        "work_calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("work_calendar_day_pkey")),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column("registered", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        schema="monitoring",
    )
    op.add_column(
        "deadline", sa.Column("channel", sa.String(length=20), nullable=True), schema="monitoring"
    )
    op.add_column(
        "deadline", sa.Column("kind", sa.String(length=20), nullable=True), schema="monitoring"
    )
    op.add_column(
        "deadline", sa.Column("sign", sa.String(length=20), nullable=True), schema="monitoring"
    )
    op.add_column(
        "deadline",
        sa.Column("topic_code", sa.String(length=10), nullable=True),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column("territory_code", sa.String(length=40), nullable=True),
        schema="monitoring",
    )
    op.add_column(
        "deadline", sa.Column("sex", sa.String(length=10), nullable=True), schema="monitoring"
    )
    op.add_column(
        "deadline",
        sa.Column("social_status", sa.String(length=10), nullable=True),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column("anonymous", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column("priority", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column(
            "needs_no_further_study", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        schema="monitoring",
    )
    op.add_column(
        "deadline", sa.Column("ceiling_date", sa.Date(), nullable=True), schema="monitoring"
    )
    op.add_column(
        "deadline", sa.Column("forward_by", sa.Date(), nullable=True), schema="monitoring"
    )
    op.add_column("deadline", sa.Column("return_by", sa.Date(), nullable=True), schema="monitoring")
    op.add_column(
        "deadline",
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        schema="monitoring",
    )
    op.add_column(
        "deadline", sa.Column("outcome", sa.String(length=40), nullable=True), schema="monitoring"
    )
    op.add_column(
        "deadline",
        sa.Column("extensions", sa.Integer(), server_default="0", nullable=False),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column("redirects", sa.Integer(), server_default="0", nullable=False),
        schema="monitoring",
    )
    op.add_column(
        "deadline",
        sa.Column("reworks", sa.Integer(), server_default="0", nullable=False),
        schema="monitoring",
    )
    op.add_column(
        "deadline", sa.Column("satisfied", sa.String(length=10), nullable=True), schema="monitoring"
    )
    op.create_index(
        op.f("deadline_received_on_idx"),
        "deadline",
        ["received_on"],
        unique=False,
        schema="monitoring",
    )
    op.create_index(
        "deadline_topic_code_territory_code_received_on_idx",
        "deadline",
        ["topic_code", "territory_code", "received_on"],
        unique=False,
        schema="monitoring",
    )


def downgrade() -> None:
    op.drop_index(
        "deadline_topic_code_territory_code_received_on_idx",
        table_name="deadline",
        schema="monitoring",
    )
    op.drop_index(op.f("deadline_received_on_idx"), table_name="deadline", schema="monitoring")
    op.drop_column("deadline", "satisfied", schema="monitoring")
    op.drop_column("deadline", "reworks", schema="monitoring")
    op.drop_column("deadline", "redirects", schema="monitoring")
    op.drop_column("deadline", "extensions", schema="monitoring")
    op.drop_column("deadline", "outcome", schema="monitoring")
    op.drop_column("deadline", "answered_at", schema="monitoring")
    op.drop_column("deadline", "status_changed_at", schema="monitoring")
    op.drop_column("deadline", "return_by", schema="monitoring")
    op.drop_column("deadline", "forward_by", schema="monitoring")
    op.drop_column("deadline", "ceiling_date", schema="monitoring")
    op.drop_column("deadline", "needs_no_further_study", schema="monitoring")
    op.drop_column("deadline", "priority", schema="monitoring")
    op.drop_column("deadline", "anonymous", schema="monitoring")
    op.drop_column("deadline", "social_status", schema="monitoring")
    op.drop_column("deadline", "sex", schema="monitoring")
    op.drop_column("deadline", "territory_code", schema="monitoring")
    op.drop_column("deadline", "topic_code", schema="monitoring")
    op.drop_column("deadline", "sign", schema="monitoring")
    op.drop_column("deadline", "kind", schema="monitoring")
    op.drop_column("deadline", "channel", schema="monitoring")
    op.drop_column("deadline", "received_at", schema="monitoring")
    op.drop_column("deadline", "registered", schema="monitoring")
    op.drop_table("work_calendar_day", schema="monitoring")
    op.drop_table("reminder", schema="monitoring")
    op.drop_index(op.f("redirect_from_body_code_idx"), table_name="redirect", schema="monitoring")
    op.drop_index(op.f("redirect_appeal_id_idx"), table_name="redirect", schema="monitoring")
    op.drop_table("redirect", schema="monitoring")
    op.drop_index("hotspot_problem_status_idx", table_name="hotspot_problem", schema="monitoring")
    op.drop_index(
        "hotspot_problem_one_open_per_series_idx",
        table_name="hotspot_problem",
        schema="monitoring",
        postgresql_where=sa.text("status <> 'closed'"),
        sqlite_where=sa.text("status <> 'closed'"),
    )
    op.drop_table("hotspot_problem", schema="monitoring")
    op.drop_table("author_category", schema="monitoring")
