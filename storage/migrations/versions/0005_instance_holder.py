"""instance holder: who holds a bot's PostgreSQL single-instance lock (host, pid, since)

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The lock itself is a PostgreSQL advisory lock (SQLite uses a lock file); this row only names the
    # holder, so that a second copy can say which copy is already running.
    op.create_table(
        "instance_holder",
        sa.Column("lock_key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("since", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("lock_key"),
    )


def downgrade() -> None:
    op.drop_table("instance_holder")
