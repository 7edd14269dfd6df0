"""work orders: orders, their timeline and SLA targets, team service levels, customer links, order rates

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

import storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_sla",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("accept_hours", sa.Integer(), nullable=False),
        sa.Column("arrive_hours", sa.Integer(), nullable=False),
        sa.Column("finish_hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "category", "priority"),
    )
    op.create_table(
        "team_sla_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("hours_kind", sa.String(length=16), nullable=False),
        sa.Column("work_start", sa.String(length=5), nullable=False),
        sa.Column("work_end", sa.String(length=5), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id"),
    )
    op.create_table(
        "order_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("good", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Float(), nullable=True),
        sa.Column("computed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id", "kind", "month"),
    )
    with op.batch_alter_table("order_rate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_rate_team_id"), ["team_id"], unique=False)

    op.create_table(
        "work_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("contact_name", sa.String(length=64), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("product_model", sa.String(length=100), nullable=True),
        sa.Column("serial_number", sa.String(length=100), nullable=True),
        sa.Column("fault", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("photo_file_ids", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("fee_amount", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("fee_quoted_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("receipt_number", sa.String(length=64), nullable=True),
        sa.Column("taken_items", sa.Text(), nullable=True),
        sa.Column("visit_record_id", sa.Integer(), nullable=True),
        sa.Column("check_in_id", sa.Integer(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("customer_confirmed", sa.Boolean(), nullable=True),
        sa.Column("customer_comment", sa.Text(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rated_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["check_in_id"],
            ["check_in.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_record_id"],
            ["visit_record.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_order_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_order_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_order_done_at"), ["done_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_order_rated_at"), ["rated_at"], unique=False)
        batch_op.create_index("ix_work_order_team_state", ["team_id", "state"], unique=False)

    op.create_table(
        "customer_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_order.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("customer_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_link_order_id"), ["order_id"], unique=False)

    op.create_table(
        "order_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("started_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("remind_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("met_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("alerted_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_order.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "target"),
    )
    with op.batch_alter_table("order_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_target_due_at"), ["due_at"], unique=False)
        batch_op.create_index(
            "ix_order_target_pending_reminder",
            ["remind_at"],
            unique=False,
            sqlite_where=sa.text("met_at IS NULL AND reminded_at IS NULL"),
            postgresql_where=sa.text("met_at IS NULL AND reminded_at IS NULL"),
        )
        batch_op.create_index(
            "ix_order_target_pending_alert",
            ["due_at"],
            unique=False,
            sqlite_where=sa.text("met_at IS NULL AND alerted_at IS NULL"),
            postgresql_where=sa.text("met_at IS NULL AND alerted_at IS NULL"),
        )

    op.create_table(
        "work_order_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_order.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("work_order_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_order_event_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_order_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_order_event_order_id"))

    op.drop_table("work_order_event")
    with op.batch_alter_table("order_target", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_order_target_pending_alert",
            sqlite_where=sa.text("met_at IS NULL AND alerted_at IS NULL"),
            postgresql_where=sa.text("met_at IS NULL AND alerted_at IS NULL"),
        )
        batch_op.drop_index(
            "ix_order_target_pending_reminder",
            sqlite_where=sa.text("met_at IS NULL AND reminded_at IS NULL"),
            postgresql_where=sa.text("met_at IS NULL AND reminded_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_order_target_due_at"))

    op.drop_table("order_target")
    with op.batch_alter_table("customer_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_link_order_id"))

    op.drop_table("customer_link")
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.drop_index("ix_work_order_team_state")
        batch_op.drop_index(batch_op.f("ix_work_order_rated_at"))
        batch_op.drop_index(batch_op.f("ix_work_order_done_at"))
        batch_op.drop_index(batch_op.f("ix_work_order_customer_id"))
        batch_op.drop_index(batch_op.f("ix_work_order_assignee_id"))

    op.drop_table("work_order")
    with op.batch_alter_table("order_rate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_rate_team_id"))

    op.drop_table("order_rate")
    op.drop_table("team_sla_settings")
    op.drop_table("team_sla")
