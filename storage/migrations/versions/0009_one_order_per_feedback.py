"""one work order per complaint: a unique index on work_order.feedback_id

Revision ID: 0009
Revises: 0008

"Create work order" under a complaint's notice may be pressed by every supervisor who got the notice;
the index lets exactly one order be made from it, however the submits race (storage.order_feedback).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_order_feedback_id"), ["feedback_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_order_feedback_id"))
