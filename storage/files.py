"""Queries of the photo store's table (storage.file_models.StoredFile). Callers pass the session in.

A record's photos are registered in the same transaction that files the record, so a photo can never
be filed without its download being due; the downloader then completes each row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.compare_and_set import update_if
from storage.field_models import VisitRecord
from storage.file_models import Owner, Role, StoredFile

# Waits between failed downloads: quick at first (a passing network hiccup), then hourly at most, for ever
# (a file_id the server no longer knows keeps its row, so nothing is silently dropped).
_BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=1))


async def register(
    session: AsyncSession,
    owner: Owner,
    owner_id: int,
    file_ids: Sequence[str],
    *,
    now: datetime,
    role: Role = Role.PHOTO,
) -> list[StoredFile]:
    """Keep these photos of a record, due for download at once; the same call again changes nothing,
    a different photo in the same place (a check-in photo sent again) replaces the old one."""
    rows = []
    for position, file_id in enumerate(file_ids):
        query = select(StoredFile).where(
            StoredFile.owner == owner,
            StoredFile.owner_id == owner_id,
            StoredFile.role == role,
            StoredFile.position == position,
        )
        row = (await session.exec(query)).first()
        if row is None:
            row = StoredFile(
                owner=owner, owner_id=owner_id, role=role, position=position, file_id="", created_at=now
            )
        if row.file_id != file_id:
            row.file_id, row.sent_file_id, row.sha256, row.path = file_id, None, None, None
            row.size, row.mime_type, row.stored_at = None, None, None
            row.attempts, row.last_error, row.next_attempt_at = 0, None, now
        session.add(row)
        rows.append(row)
    await session.flush()
    return rows


async def due(session: AsyncSession, *, now: datetime, limit: int = 50) -> Sequence[StoredFile]:
    """Photos whose download is due, oldest first."""
    query = (
        select(StoredFile)
        .where(col(StoredFile.next_attempt_at).is_not(None), col(StoredFile.next_attempt_at) <= now)
        .order_by(col(StoredFile.next_attempt_at), col(StoredFile.id))
        .limit(limit)
    )
    return (await session.exec(query)).all()


async def pending_count(session: AsyncSession) -> int:
    """How many photos are not in the store yet."""
    query = select(func.count()).select_from(StoredFile).where(col(StoredFile.next_attempt_at).is_not(None))
    return int((await session.exec(query)).one())


async def mark_stored(
    session: AsyncSession,
    row_id: int,
    *,
    file_id: str,
    sha256: str,
    path: str,
    size: int,
    mime_type: str | None,
    now: datetime,
) -> bool:
    """Record that the bytes are in the store; False when the row was given another photo meanwhile."""
    same_photo = (col(StoredFile.id) == row_id, col(StoredFile.file_id) == file_id)
    stored = {"sha256": sha256, "path": path, "size": size, "mime_type": mime_type, "stored_at": now}
    return await update_if(session, StoredFile, *same_photo, **stored, next_attempt_at=None)


async def mark_failed(session: AsyncSession, row_id: int, *, error: str, now: datetime) -> datetime:
    """Count a failed download and push the next attempt back; returns when it will be."""
    row = await session.get(StoredFile, row_id)
    if row is None or row.next_attempt_at is None:
        return now
    row.attempts += 1
    row.last_error = error[:200]
    row.next_attempt_at = now + _BACKOFF[min(row.attempts, len(_BACKOFF)) - 1]
    session.add(row)
    return row.next_attempt_at


async def by_file_id(session: AsyncSession, file_id: str) -> StoredFile | None:
    """The stored photo a file_id (as received, or as Telegram returned it on a later upload) stands for;
    a copy already in the store first."""
    query = (
        select(StoredFile)
        .where(or_(col(StoredFile.file_id) == file_id, col(StoredFile.sent_file_id) == file_id))
        .order_by(col(StoredFile.stored_at).is_(None), col(StoredFile.id))
    )
    return (await session.exec(query)).first()


async def remember_sent(session: AsyncSession, sha256: str, file_id: str) -> None:
    """The file_id Telegram gave the bytes on upload: sent from then on instead of uploading again."""
    await session.exec(
        update(StoredFile).where(col(StoredFile.sha256) == sha256).values(sent_file_id=file_id)
    )


async def register_visit(session: AsyncSession, visit: VisitRecord, *, now: datetime) -> list[StoredFile]:
    """Keep a filed visit record's photos and its signed dispatch sheet."""
    rows = await register(session, Owner.VISIT, visit.id or 0, visit.photo_file_ids, now=now)
    if visit.dispatch_sheet_file_id:
        sheet = [visit.dispatch_sheet_file_id]
        rows += await register(session, Owner.VISIT, visit.id or 0, sheet, now=now, role=Role.DISPATCH_SHEET)
    return rows


async def retry_now(session: AsyncSession, *, now: datetime) -> int:
    """Make every photo not stored yet due at once (at start: a restart is often what fixed the cause)."""
    result = await session.exec(
        update(StoredFile).where(col(StoredFile.next_attempt_at) > now).values(next_attempt_at=now)
    )
    return int(result.rowcount or 0)
