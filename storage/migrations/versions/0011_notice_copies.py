"""feedback notice copies: every delivered copy of a feedback notice, to edit them all

Revision ID: 0011
Revises: 0010

When one supervisor acknowledged, resolved or made a work order from a feedback, only their own copy of
the notice was edited; the others kept the old buttons and read as if nobody had acted. One row per
delivered copy (chat, message, language, the HTML it shows) lets the bot edit every copy to show who
acted.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_notice_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "message_id"),
    )
    with op.batch_alter_table("feedback_notice_copy", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_notice_copy_feedback_id"), ["feedback_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("feedback_notice_copy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_notice_copy_feedback_id"))
    op.drop_table("feedback_notice_copy")
