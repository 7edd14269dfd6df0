"""Group commit: flushes that arrive together share a transaction, and each still fails only for itself."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import inbox
from storage.db import Database
from storage.group_commit import GroupCommit


def _count_commits(db: Database) -> list[int]:
    commits = [0]

    @event.listens_for(db.engine.sync_engine, "commit")
    def _committed(_connection: Any) -> None:
        commits[0] += 1

    return commits


def _handle(update_id: int) -> Any:
    async def work(session: AsyncSession) -> int:
        await inbox.store_many(session, {update_id: {"update_id": update_id}})
        await inbox.finish(session, update_id)
        return update_id

    return work


async def _done(db: Database, update_id: int) -> bool:
    async with db.read() as session:
        return await inbox.is_done(session, update_id)


async def test_units_that_arrive_together_share_one_transaction_and_each_is_committed(db: Database) -> None:
    group = GroupCommit(db)
    commits = _count_commits(db)
    results = await asyncio.gather(*(group.run(_handle(update_id)) for update_id in range(1, 41)))
    assert results == list(range(1, 41))
    # All forty arrived before the writer's first turn: one transaction, not forty.
    assert commits[0] == 1
    assert all([await _done(db, update_id) for update_id in range(1, 41)])


async def test_a_failing_unit_fails_alone_and_the_others_are_committed(db: Database) -> None:
    group = GroupCommit(db)

    async def broken(session: AsyncSession) -> None:
        await inbox.store_many(session, {99: {"update_id": 99}})
        raise ValueError("a bug in one person's flush")

    first = asyncio.ensure_future(group.run(_handle(1)))
    await asyncio.sleep(0)  # the first group is being written: the next three share a transaction
    together = asyncio.gather(
        group.run(_handle(2)), group.run(broken), group.run(_handle(3)), return_exceptions=True
    )
    assert await first == 1
    two, failure, three = await together
    assert (two, three) == (2, 3)
    assert isinstance(failure, ValueError)
    assert [await _done(db, update_id) for update_id in (1, 2, 3)] == [True, True, True]
    async with db.read() as session:
        # The broken unit's write was rolled back with it: update 99 was never stored.
        assert await inbox.unfinished(session, received_before=db.clock.now() + timedelta(days=1)) == []


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
async def test_a_cancelled_waiter_does_not_strand_the_others(db: Database) -> None:
    group = GroupCommit(db)
    first = asyncio.ensure_future(group.run(_handle(1)))
    await asyncio.sleep(0)
    second = asyncio.ensure_future(group.run(_handle(2)))
    third = asyncio.ensure_future(group.run(_handle(3)))
    await asyncio.sleep(0)
    second.cancel()  # a stop cancels one person's handling mid-flush
    assert await first == 1
    assert await third == 3
    assert await _done(db, 3)
