"""Photos that survive a new token: filed photos land in the file store (folder or S3) by SHA-256, and a
supervisor still receives them after the bot restarts with another token on a server that no longer
knows the old file_ids. Through the real bot, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from pydantic import SecretStr
from sqlmodel import col, select

from jobs.escalation import escalate_overdue
from localbotapi.driver import TelegramUser
from localbotapi.files import tiny_png
from localbotapi.server import LocalBotApiServer
from presentation import services
from storage.db import Database
from storage.file_models import StoredFile
from storage.models import Role
from tests.conftest import ADMIN_ID, RunningBot
from tests.support.chat import reply, said, showing, tap
from tests.support.field import SITE, all_checkins, make_checkin, make_customer, north_of, stored_visits
from tests.support.flows import file_feedback
from tests.support.paperwork import all_feedback
from tests.support.people import make_staff, make_team, opened

# Another bot token, as after a revoke at @BotFather or a move of the bot (same shape as the tests' one).
NEW_TOKEN = "700001:TEST-not-a-real-token-BBBBBBBBBBBBBBBB"
RED, GREEN, SHEET = tiny_png(rgb=(200, 40, 40)), tiny_png(rgb=(40, 200, 40)), tiny_png(6, 8, (250, 250, 250))
BUCKET = "fieldbot-photos"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A local S3 server (moto) on 127.0.0.1, with an empty bucket."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=url,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    yield url
    server.stop()


def _s3_objects(endpoint: str, prefix: str) -> dict[str, bytes]:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


async def _rows(db: Database) -> Sequence[StoredFile]:
    async with db.session() as session:
        return (
            await session.exec(
                select(StoredFile).order_by(col(StoredFile.role).desc(), col(StoredFile.position))
            )
        ).all()


async def _until(db: Database, done: Callable[[Sequence[StoredFile]], bool]) -> Sequence[StoredFile]:
    """The store's rows once `done(rows)`; the downloads run in the background, right after filing."""
    async with asyncio.timeout(15):
        # Polled: the database has no event to wait on.
        while not done(rows := await _rows(db)):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    return rows


async def _until_stored(db: Database, count: int) -> Sequence[StoredFile]:
    """The rows once all `count` of them hold their bytes."""
    return await _until(db, lambda rows: len(rows) == count and all(row.stored_at for row in rows))


async def _file_visit(u: TelegramUser, photos: Sequence[bytes], sheet: bytes) -> None:
    """A rep files a visit record (prefilled from the check-in) with photos and a signed dispatch sheet."""
    await u.send_command("/visit")
    ask_type = await u.next_message()
    await tap(u, ask_type, "Warranty repair")
    await reply(u, "XG-200")
    await reply(u, "SN-0042")
    await reply(u, "Spindle bearing noisy")
    await reply(u, "Replaced the bearing")
    ask_result = await reply(u, "Bearing 6204 x1")
    ask_stars = await tap(u, ask_result, "✅ Resolved")
    ask_photos = await tap(u, ask_stars, "⭐5")
    assert "Send photos" in ask_photos.text
    last = ask_photos
    for data in photos:
        await u.send_photo(data)
        last = await u.next_message()
    await tap(u, last, "Done")
    await u.send_photo(sheet)
    preview = await u.next_message()
    assert "Signed dispatch sheet: ✅ photo attached" in preview.text
    assert (await tap(u, preview, "✅ Submit")).text == "✅ Visit record filed for ACME Ltd."


async def _supervisor_sees_visit(boss: TelegramUser) -> list[bytes]:
    """The supervisor opens /visits, picks the record, and gets its text and photos: their bytes."""
    await boss.send_command("/visits")
    listing = await boss.next_message()
    assert "Latest visit records" in listing.text
    [button] = listing.inline_buttons()
    assert "ACME Ltd · Li Lei 📷3 ✍️" in button["text"]
    await boss.press(listing, button["text"])
    record = await boss.next_message()
    assert "Visit record #" in record.text and "Spindle bearing noisy" in record.text
    received = []
    for caption in ("photo 1/3", "photo 2/3", "photo 3/3", "signed dispatch sheet"):
        photo = await boss.next_message()
        assert photo.kind == "photo" and caption in (photo.caption or ""), photo
        stored = boss.server.files.get(photo.photo_file_id or "")
        assert stored is not None
        received.append(stored.data)
    return received


@pytest.mark.parametrize("store_kind", ["folder", "s3"])
async def test_visit_photos_are_stored_by_hash_and_reach_the_supervisor_after_a_new_token(
    bot: RunningBot,
    api: LocalBotApiServer,
    db: Database,
    tmp_path: Path,
    store_kind: str,
    request: pytest.FixtureRequest,
) -> None:
    if store_kind == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        prefix = f"run-{tmp_path.name}"
        bot.settings = bot.settings.model_copy(
            update={
                "file_store": f"s3://{BUCKET}/{prefix}",
                "file_store_endpoint_url": endpoint,
                "file_store_access_key_id": "test",
                "file_store_secret_access_key": SecretStr("test"),
            }
        )
        await bot.restart()
    team = await make_team(db)
    rep = await make_staff(db, 3001, team=team, name="Li Lei")
    await make_staff(db, 3900, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    acme = await make_customer(db, team, "ACME Ltd")
    await make_checkin(db, rep, acme, db.clock.now() - timedelta(minutes=30))
    u, boss = api.user(3001, "Li"), api.user(3900, "Wang")

    # The same photo twice: two rows, one stored object.
    await _file_visit(u, [RED, RED, GREEN], SHEET)

    [visit] = await stored_visits(db)
    rows = await _until_stored(db, 4)
    assert [(r.role, r.position) for r in rows] == [
        ("photo", 0),
        ("photo", 1),
        ("photo", 2),
        ("dispatch_sheet", 0),
    ]
    assert [r.file_id for r in rows] == [*visit.photo_file_ids, visit.dispatch_sheet_file_id]
    assert [r.sha256 for r in rows] == [sha(RED), sha(RED), sha(GREEN), sha(SHEET)]
    assert all(r.owner == "visit" and r.owner_id == visit.id for r in rows)
    assert all(
        r.mime_type == "image/png" and r.size == len(d)
        for r, d in zip(rows, [RED, RED, GREEN, SHEET], strict=True)
    )
    assert rows[0].path == f"sha256/{sha(RED)[:2]}/{sha(RED)}.png"
    if store_kind == "folder":
        kept = {
            str(p.relative_to(tmp_path / "files")): p.read_bytes()
            for p in (tmp_path / "files").rglob("*")
            if p.is_file()
        }
    else:
        kept = {key.removeprefix(f"{prefix}/"): data for key, data in _s3_objects(endpoint, prefix).items()}
    assert kept == {r.path: d for r, d in zip(rows, [RED, RED, GREEN, SHEET], strict=True)}  # RED once
    assert all(sha(data) in path for path, data in kept.items())

    # A new token on a server that no longer knows any file_id issued so far.
    api.files.forget_file_ids()
    bot.settings = bot.settings.model_copy(update={"telegram_bot_token": SecretStr(NEW_TOKEN)})
    await bot.restart()

    assert await _supervisor_sees_visit(boss) == [RED, RED, GREEN, SHEET]
    # The file_ids Telegram gave the uploads are kept: the next time nothing is uploaded again.
    rows = await _until(db, lambda rows: all(r.sent_file_id for r in rows))
    assert all(api.files.get(r.sent_file_id or "") for r in rows)
    assert rows[0].sent_file_id == rows[1].sent_file_id  # one upload served both places of the red photo
    files_before = len(api.files._by_path)
    assert await _supervisor_sees_visit(boss) == [RED, RED, GREEN, SHEET]
    assert len(api.files._by_path) == files_before


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
async def test_a_failed_download_keeps_the_record_and_is_fetched_after_a_restart(
    bot: RunningBot, api: LocalBotApiServer, db: Database, tmp_path: Path
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3001, team=team, name="Li Lei")
    acme = await make_customer(db, team, "ACME Ltd")
    await make_checkin(db, rep, acme, db.clock.now() - timedelta(minutes=30))
    u = api.user(3001, "Li")
    api.fail_next("getFile", 500, description="Internal Server Error", times=2)

    await _file_visit(u, [GREEN], SHEET)  # filed without waiting for the downloads

    rows = await _until(db, lambda rows: len(rows) == 2 and all(r.attempts for r in rows))
    assert len(await stored_visits(db)) == 1
    assert all(
        r.stored_at is None and r.next_attempt_at and "Internal Server Error" in (r.last_error or "")
        for r in rows
    )
    assert not (tmp_path / "files" / "sha256").exists()

    await bot.restart()  # a restart fetches whatever is not stored yet, whatever the back-off said
    rows = await _until_stored(db, 2)
    assert [r.sha256 for r in rows] == [sha(GREEN), sha(SHEET)]
    assert (tmp_path / "files" / rows[0].path).read_bytes() == GREEN  # type: ignore[operator]


async def test_a_feedback_photo_reaches_the_admins_from_the_store_when_escalated_after_a_new_token(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team, name="Li Lei")
    await make_staff(db, 3900, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    boss, admin = await opened(api, 3900, "Wang"), await opened(api, ADMIN_ID, "Root")
    rep = api.user(3001, "Li")
    preview = await file_feedback(
        rep, kind="Product quality problem", photos=1, severity="Critical (media, legal or safety risk)"
    )
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    await said(boss, "Critical feedback")
    assert (await boss.next_message()).kind == "photo"  # at once, by the file_id the rep's photo has
    [feedback] = await all_feedback(db)
    [row] = await _until_stored(db, 1)
    assert (row.owner, row.owner_id, row.file_id) == ("feedback", feedback.id, feedback.photo_file_ids[0])
    assert row.sha256 == sha(tiny_png())

    api.files.forget_file_ids()
    bot.settings = bot.settings.model_copy(update={"telegram_bot_token": SecretStr(NEW_TOKEN)})
    app = await bot.restart()
    later = feedback.created_at + timedelta(hours=3)
    store = services.store_of(app.bot_data)
    assert await escalate_overdue(app.bot, db, bot.settings, later, store=store) == 1
    await said(admin, f"Escalation: critical feedback #{feedback.id}")
    photo = await admin.next_message()
    assert photo.kind == "photo" and photo.caption == f"#{feedback.id}"
    assert api.files.get(photo.photo_file_id or "").data == tiny_png()  # type: ignore[union-attr]


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
async def test_a_check_in_site_photo_is_kept_in_the_store(
    bot: RunningBot, api: LocalBotApiServer, db: Database, tmp_path: Path
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    await make_customer(db, team, "ACME Ltd")
    rep = api.user(3001, "Li")
    await rep.send_command("/checkin")
    await rep.next_message()
    await rep.send_location(*north_of(*SITE, 50), horizontal_accuracy=20)
    await rep.next_message()
    offer = await rep.next_message()
    await rep.press(offer, "ACME Ltd · 50 m")
    assert str((await rep.next_message()).text).endswith("Add a photo of the site?")
    await rep.send_photo(GREEN)
    preview = await rep.next_message()
    assert "Check in at ACME Ltd" in str(preview.text)
    await rep.press(preview, "✅ Check in")
    assert "Photo saved" in str((await showing(rep, "You are at the site")).text)

    [checkin] = await all_checkins(db)
    [row] = await _until_stored(db, 1)
    assert (row.owner, row.owner_id, row.file_id) == ("check_in", checkin.id, checkin.photo_file_id)
    assert (tmp_path / "files" / (row.path or "")).read_bytes() == GREEN and row.sha256 == sha(GREEN)
