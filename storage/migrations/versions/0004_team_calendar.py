"""team calendar and problems: make-up working days (调休) and the team problems admins were told about

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "makeup_workday",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "day"),
    )
    with op.batch_alter_table("makeup_workday", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_makeup_workday_team_id"), ["team_id"], unique=False)
    op.create_table(
        "team_problem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("problem", sa.String(length=64), nullable=False),
        sa.Column("noticed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "problem"),
    )
    with op.batch_alter_table("team_problem", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_problem_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("team_problem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_problem_team_id"))
    op.drop_table("team_problem")
    with op.batch_alter_table("makeup_workday", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_makeup_workday_team_id"))
    op.drop_table("makeup_workday")
