"""rates fast path: the deadline each team rate was computed with, and indexes for the rates job

Revision ID: 0006
Revises: 0005

`team_on_time_rate.due_at` lets the five-minute rates run see that a schedule changed since a period was
rated; `ix_report_kind_period_submitted` lets it find reports filed after a period was rated with one
index range per rated period instead of reading every report of the team. The index on
`on_time_rate.staff_id` goes: the unique (staff_id, kind, period_start) already serves it, and every
index is paid for on each of the rows the job writes. (An index on (team_id, kind, period_start) was
tried: rows arrive by staff, so it is written in 52 places at once and doubled SQLite's cost of writing
a year of rates; the plain team_id index is appended to.)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("team_on_time_rate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", storage.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(
            "ix_report_kind_period_submitted", ["kind", "period_start", "submitted_at"], unique=False
        )
    with op.batch_alter_table("on_time_rate", schema=None) as batch_op:
        batch_op.drop_index("ix_on_time_rate_staff_id")


def downgrade() -> None:
    with op.batch_alter_table("on_time_rate", schema=None) as batch_op:
        batch_op.create_index("ix_on_time_rate_staff_id", ["staff_id"], unique=False)
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index("ix_report_kind_period_submitted")
    with op.batch_alter_table("team_on_time_rate", schema=None) as batch_op:
        batch_op.drop_column("due_at")
