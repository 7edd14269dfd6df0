"""Copies wanted on purpose: webhook mode behind a load balancer on one PostgreSQL database. Every copy
answers webhooks; only the holder of the single-instance lock runs the scheduled jobs, and when it stops
another takes them over. And at start only updates received before the process started are replayed."""

from __future__ import annotations

import asyncio
import itertools
import logging
import socket
from contextlib import AsyncExitStack
from datetime import timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from aiohttp import web

from bot import instance
from bot.app import FieldApplication, build_application
from bot.runner import webhook
from domain.clock import SettableClock
from domain.deadlines import DEFAULT_SCHEDULES, period_for
from domain.settings import Settings
from jobs import reminders
from localbotapi.server import LocalBotApiServer
from storage import inbox
from storage.db import Database
from tests.conftest import TEST_START, TOKEN, RunningBot
from tests.support.people import make_rep, make_team

SECRET = "lb_Secret-1"
WEEK = period_for(
    DEFAULT_SCHEDULES["weekly"], (TEST_START + timedelta(days=400)).date(), ZoneInfo("Asia/Shanghai")
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LoadBalancer:
    """Round-robin over the copies' webhook servers; a copy that does not answer is skipped."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/telegram"
        self.answered: dict[int, int] = dict.fromkeys(ports, 0)
        self._next = itertools.cycle(ports)
        self._runner: web.AppRunner | None = None

    async def __aenter__(self) -> LoadBalancer:
        server = web.Application()
        server.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(server)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        async with aiohttp.ClientSession() as http:
            for _ in self.ports:
                port = next(self._next)
                try:
                    async with http.post(
                        f"http://127.0.0.1:{port}/telegram", data=body, headers=dict(request.headers)
                    ) as answer:
                        self.answered[port] += 1
                        return web.Response(status=answer.status, body=await answer.read())
                except aiohttp.ClientConnectionError:
                    continue
        return web.Response(status=502)


def _jobs(app: FieldApplication) -> set[str]:
    assert app.job_queue is not None
    return {job.name for job in app.job_queue.jobs() if job.name}


async def _answered(api: LocalBotApiServer, user_id: int) -> bool:
    stranger = api.user(user_id, "Stranger")
    await stranger.send_text("hello")
    return "only for registered" in ((await stranger.next_message(timeout=20)).text or "")


@pytest.mark.parametrize("empty_database_url", ["postgresql"], indirect=True)
async def test_two_webhook_copies_both_answer_and_one_runs_the_jobs_until_it_stops(
    api: LocalBotApiServer,
    database_url: str,
    db: Database,
    clock: SettableClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.instance")
    team = await make_team(db, "East")
    await make_rep(db, 7001, team, joined=WEEK.due_at - timedelta(days=30))
    rep = api.user(7001, "Rep", started=True)
    ports = [_free_port(), _free_port()]
    async with LoadBalancer(ports) as balancer:
        settings = Settings(
            telegram_bot_token=TOKEN,  # type: ignore[arg-type]
            telegram_api_base_url=api.base_url,
            database_url=database_url,
            webhook_url=balancer.url,
            webhook_secret=SECRET,  # type: ignore[arg-type]
            default_language="en",
            _env_file=None,  # type: ignore[call-arg]
        )
        first_stack, second_stack = AsyncExitStack(), AsyncExitStack()
        async with second_stack:
            async with first_stack:
                first = await first_stack.enter_async_context(
                    webhook(
                        build_application(settings, clock=clock),
                        port=ports[0],
                        url=balancer.url,
                        secret=SECRET,
                    )
                )
                second = await second_stack.enter_async_context(
                    webhook(
                        build_application(settings, clock=clock),
                        port=ports[1],
                        url=balancer.url,
                        secret=SECRET,
                    )
                )
                # Both answer what the balancer hands them; only the first runs the scheduled jobs.
                for user_id in range(7101, 7105):
                    assert await _answered(api, user_id)
                assert all(count > 0 for count in balancer.answered.values()), balancer.answered
                assert {reminders.JOB_NAME, instance.JOB_NAME} <= _jobs(first)
                assert _jobs(second) == {instance.JOB_NAME}
                assert "another copy (pid " in caplog.text and "runs the scheduled jobs" in caplog.text

            # The first copy is gone. A reminder falls due now: the second takes the jobs over and sends it.
            clock.set(WEEK.due_at - timedelta(hours=24) + timedelta(seconds=5))
            reminder = await rep.next_message(timeout=instance.CHECK_EVERY + 15)
            assert "is due" in (reminder.text or "")
            assert reminders.JOB_NAME in _jobs(second)
            assert "runs them now" in caplog.text
            assert await _answered(api, 7105)  # and it answers everything the balancer sends
            await asyncio.sleep(2)
            assert len(rep.messages) == 1  # the reminder, once


def _hello(update_id: int, user_id: int) -> dict[str, object]:
    """A stranger's message as Telegram delivers it."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Stranger"},
            "text": "hello",
        },
    }


@pytest.mark.parametrize("empty_database_url", ["sqlite", "postgresql"], indirect=True)
async def test_at_start_only_updates_received_before_this_process_are_replayed(
    settings: Settings, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    crashed = api.user(7201, "Crashed", started=True)
    current = api.user(7202, "Current", started=True)
    start = clock.now()
    async with db.session() as session:
        clock.set(start - timedelta(minutes=1))  # received by a copy that died while handling it
        await inbox.receive(session, 900001, _hello(900001, crashed.id))
        clock.set(start + timedelta(hours=1))  # received after this process started: handled right now
        await inbox.receive(session, 900002, _hello(900002, current.id))
    clock.set(start)
    running = RunningBot(settings, clock)
    await running.start()
    try:
        assert "only for registered" in ((await crashed.next_message(timeout=10)).text or "")
        await asyncio.sleep(2)
        assert current.messages == []
    finally:
        await running.stop()
