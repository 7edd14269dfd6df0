"""Claims for the scoring and HR jobs in the reminder log: a row per person, month and stage is inserted
before the message goes, so a restart or a second copy never sends the same one twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from storage.log_models import ReminderLog
from storage.reminders import dialect_insert, mark, release
from storage.teams import table

log_t = table(ReminderLog)
KEY = ["staff_id", "kind", "period_start", "stage"]


async def claim(
    session: AsyncSession, staff_ids: Sequence[int], *, kind: str, month: date, stage: str, now: datetime
) -> list[int]:
    """Claim (kind, month, stage) for each of `staff_ids`; the ids this caller won."""
    if not staff_ids:
        return []
    rows = [
        {
            "staff_id": i,
            "kind": kind,
            "period_start": month,
            "stage": stage,
            "claimed_at": now,
            "status": "pending",
        }
        for i in staff_ids
    ]
    statement = (
        dialect_insert(session, log_t)
        .values(rows)
        .on_conflict_do_nothing(index_elements=KEY)
        .returning(log_t.c.staff_id)
    )
    return [row[0] for row in (await session.exec(statement)).all()]


async def settle(
    session: AsyncSession, *, staff_id: int, kind: str, month: date, stage: str, status: str, now: datetime
) -> None:
    """How a claimed send ended: "failed" gives the claim back for the next run; else it is recorded."""
    if status == "failed":
        await release(session, staff_id=staff_id, kind=kind, period_start=month, stage=stage)
    else:
        await mark(
            session, staff_id=staff_id, kind=kind, period_start=month, stage=stage, status=status, at=now
        )
