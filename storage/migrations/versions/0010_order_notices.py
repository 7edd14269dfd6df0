"""order notices: each SLA reminder and alert per recipient, pending until it is sent

Revision ID: 0010
Revises: 0009

The SLA job used to claim a reminder or alert on order_target alone and commit before sending, so a
process killed between the claim and the send lost that notice. One row per recipient now records
whether it went out: a claim a dead process left pending is sent after the restart (jobs.order_sla),
and one supervisor's failed send is retried without writing to the others again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "order_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("claimed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.ForeignKeyConstraint(["target_id"], ["order_target.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("target_id", "kind", "staff_id"),
    )
    with op.batch_alter_table("order_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_notice_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("order_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_notice_status"))
    op.drop_table("order_notice")
