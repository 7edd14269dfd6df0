"""photo store: every record photo's file_id, and its bytes' hash and path once downloaded

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

import storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stored_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=200), nullable=False),
        sa.Column("sent_file_id", sa.String(length=200), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("path", sa.String(length=300), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("mime_type", sa.String(length=100), nullable=True),
        sa.Column("stored_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_attempt_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "owner_id", "role", "position"),
    )
    with op.batch_alter_table("stored_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_file_file_id"), ["file_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_file_next_attempt_at"), ["next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_file_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_file_sent_file_id"), ["sent_file_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_file_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stored_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_stored_file_sent_file_id"))
        batch_op.drop_index(batch_op.f("ix_stored_file_owner_id"))
        batch_op.drop_index(batch_op.f("ix_stored_file_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_stored_file_file_id"))

    op.drop_table("stored_file")
