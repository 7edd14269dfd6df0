"""order alert copies: the customer-answer alerts on work orders are recorded like feedback notices

Revision ID: 0012
Revises: 0011

When one supervisor turned a customer's bad answer into a complaint, the other supervisors' alerts kept
the "Turn into a complaint" button. Each delivered alert is now a feedback_notice_copy row with the
order's id and, once the complaint is filed, the complaint's id, so every copy shows who filed it and
follows the complaint from then on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite cannot alter a column or add a foreign key in place, so the table is copied.
    with op.batch_alter_table("feedback_notice_copy", schema=None) as batch_op:
        batch_op.add_column(sa.Column("order_id", sa.Integer(), nullable=True))
        batch_op.alter_column("feedback_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            "fk_feedback_notice_copy_order_id_work_order", "work_order", ["order_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_feedback_notice_copy_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    # An alert no complaint was filed from has no feedback to belong to: it is forgotten.
    op.execute("DELETE FROM feedback_notice_copy WHERE feedback_id IS NULL")
    with op.batch_alter_table("feedback_notice_copy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_notice_copy_order_id"))
        batch_op.drop_constraint("fk_feedback_notice_copy_order_id_work_order", type_="foreignkey")
        batch_op.alter_column("feedback_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("order_id")
