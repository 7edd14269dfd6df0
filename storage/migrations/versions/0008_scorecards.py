"""scorecards: team working week and scoring settings, attendance marks, whereabouts, scores, KPI inputs

Revision ID: 0008
Revises: 0007

`leave.half_day` is added with a server default so the leave already recorded stays whole days.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

import storage.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_work_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("scheme_key", sa.String(length=64), nullable=False),
        sa.Column("scoring_deadline_day", sa.Integer(), nullable=False),
        sa.Column("hr_day", sa.Integer(), nullable=False),
        sa.Column("locate_window_minutes", sa.Integer(), nullable=False),
        sa.Column("workday_start", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id"),
    )
    op.create_table(
        "attendance_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("mark", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id", "day"),
    )
    op.create_table(
        "kpi_input",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("service_costs", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("sales_revenue", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("units_in_warranty", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id", "month"),
    )
    op.create_table(
        "locate_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("asked_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asked_by_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("locate_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_locate_request_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_locate_request_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "month_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("scheme_key", sa.String(length=64), nullable=False),
        sa.Column("work_points", sa.Float(), nullable=True),
        sa.Column("attendance", sa.Float(), nullable=True),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id", "month"),
    )
    with op.batch_alter_table("month_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_month_score_team_id"), ["team_id"], unique=False)

    op.create_table(
        "score_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id", "month", "item_key"),
    )
    with op.batch_alter_table("leave", schema=None) as batch_op:
        batch_op.add_column(sa.Column("half_day", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("leave", schema=None) as batch_op:
        batch_op.drop_column("half_day")

    op.drop_table("score_entry")
    with op.batch_alter_table("month_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_month_score_team_id"))

    op.drop_table("month_score")
    with op.batch_alter_table("locate_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_locate_request_staff_id"))
        batch_op.drop_index(batch_op.f("ix_locate_request_due_at"))

    op.drop_table("locate_request")
    op.drop_table("kpi_input")
    op.drop_table("attendance_mark")
    op.drop_table("team_work_settings")
