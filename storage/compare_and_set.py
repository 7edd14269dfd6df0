"""One conditional UPDATE (compare-and-set): the way a state changes once however many people or runs race
for it, since the database applies one UPDATE at a time and the losers find the condition no longer holds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, update
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


async def update_if(
    session: AsyncSession, model: type[SQLModel], /, *where: ColumnElement[bool], **values: Any
) -> bool:
    """Set `values` on the rows of `model` that match `where`; True if this call changed one."""
    result = await session.exec(update(model).where(*where).values(**values))
    return bool(result.rowcount)
