"""Urgent feedback from the supervisors' side: notices, Acknowledge / Mark resolved, refusals, escalation,
blocked recipients, and the queries the digests use."""

from __future__ import annotations

from datetime import timedelta

from bot.app import FieldApplication
from domain.settings import Settings
from jobs.escalation import escalate_overdue
from localbotapi.server import LocalBotApiServer
from presentation.buttons import AcknowledgeFeedback, ResolveFeedback
from presentation.i18n import t
from storage import digests as digests_db
from storage.db import Database
from storage.models import Role
from tests.conftest import ADMIN_ID
from tests.support.chat import said
from tests.support.flows import file_feedback
from tests.support.paperwork import all_feedback, make_feedback
from tests.support.people import make_staff, make_team, opened, staff_row


async def test_batch_problem_ack_and_resolve_round_trip(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team, name="Li Lei")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR, name="Boss Zhao")
    sup, sup2 = await opened(api, 4001, "Wang"), await opened(api, 4002, "Zhao")
    rep = api.user(3001, "Li")

    preview = await file_feedback(
        rep, kind="Product quality problem", product="XG-200", photos=2, severity="Batch quality problem"
    )
    await rep.press(preview, "✅ Submit")
    filed = await said(rep, "is filed")
    assert "Your supervisor has been told at once" in filed.text
    [stored] = await all_feedback(db)

    notice = await said(sup, f"Batch quality problem #{stored.id} from Li Lei (North)")
    assert "Product model: XG-200" in notice.text
    assert "Pump leaks oil after 200 hours" in notice.text
    assert "Photos: 2" in notice.text
    assert [b["callback_data"] for b in notice.inline_buttons()] == [
        AcknowledgeFeedback(stored.id or 0).pack()
    ]
    photos = [await sup.next_message(), await sup.next_message()]
    assert [(p.kind, p.caption, p.photo_file_id) for p in photos] == [
        ("photo", f"#{stored.id}", file_id) for file_id in stored.photo_file_ids
    ]
    notice2 = await said(sup2, "Batch quality problem")

    query = await sup.press(notice, "✅ Acknowledge")
    assert (await sup.callback_answer(query)).text == "Acknowledged. Li Lei has been told."
    told = await said(
        rep, f"Your feedback #{stored.id} (Product quality problem) was acknowledged by Boss Wang."
    )
    assert told is not None
    await sup.wait_until(lambda: "Acknowledged by Boss Wang" in notice.text)
    assert [b["callback_data"] for b in notice.inline_buttons()] == [ResolveFeedback(stored.id or 0).pack()]
    # The second supervisor's copy says so too, with Mark resolved instead of Acknowledge.
    await sup2.wait_until(lambda: "Acknowledged by Boss Wang" in notice2.text)
    assert [b["callback_data"] for b in notice2.inline_buttons()] == [ResolveFeedback(stored.id or 0).pack()]
    # A press from a copy not yet updated, and a double press, learn who already acknowledged it.
    query = await sup2.press_raw(notice2.message_id, AcknowledgeFeedback(stored.id or 0).pack())
    assert (await sup2.callback_answer(query)).text == "Already acknowledged by Boss Wang."
    query = await sup.press_raw(notice.message_id, AcknowledgeFeedback(stored.id or 0).pack())
    assert (await sup.callback_answer(query)).text == "Already acknowledged by Boss Wang."

    query = await sup.press(notice, "☑️ Mark resolved")
    assert (await sup.callback_answer(query)).text == "Marked resolved. Li Lei has been told."
    await said(rep, f"Your feedback #{stored.id} (Product quality problem) was marked resolved by Boss Wang.")
    await sup.wait_until(lambda: "Resolved by Boss Wang" in notice.text and not notice.inline_buttons())
    await sup2.wait_until(lambda: "Resolved by Boss Wang" in notice2.text and not notice2.inline_buttons())
    query = await sup2.press_raw(notice2.message_id, ResolveFeedback(stored.id or 0).pack())
    assert (await sup2.callback_answer(query)).text == "Already marked resolved by Boss Wang."

    [stored] = await all_feedback(db)
    boss = await staff_row(db, 4001)
    assert stored.acknowledged_by_id == boss.id and stored.resolved_by_id == boss.id
    assert stored.acknowledged_at is not None and stored.resolved_at is not None
    await rep.assert_no_message()  # told exactly twice


async def test_rep_and_other_team_cannot_acknowledge(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, south = await make_team(db), await make_team(db, "South")
    rep_row = await make_staff(db, 3001, team=north)
    await make_staff(db, 3002, team=north)
    await make_staff(db, 4009, team=south, role=Role.SUPERVISOR)
    feedback = await make_feedback(db, rep_row, severity="critical")
    rep, colleague = await opened(api, 3001, "Li"), await opened(api, 3002, "Han")
    stranger_sup = await opened(api, 4009, "Sun")

    for person in (rep, colleague, stranger_sup):
        for data in (AcknowledgeFeedback(feedback.id or 0).pack(), ResolveFeedback(feedback.id or 0).pack()):
            query = await person.press_raw(1, data)
            answer = await person.callback_answer(query)
            assert answer.text == "Only a supervisor of this team or an admin can do that."
            assert answer.show_alert
    query = await stranger_sup.press_raw(1, AcknowledgeFeedback(999999).pack())
    assert (await stranger_sup.callback_answer(query)).text == "This button is no longer active."
    [stored] = await all_feedback(db)
    assert stored.acknowledged_at is None and stored.resolved_at is None


async def test_blocked_supervisor_does_not_break_filing(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR)
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR)
    await opened(api, 4001, "Wang")
    sup2 = await opened(api, 4002, "Zhao")
    api.block(4001)
    rep = api.user(3001, "Li")

    preview = await file_feedback(
        rep, kind="Customer complaint", category="Dealer or retailer", severity="Batch quality problem"
    )
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed and routed to: Sales department.")
    await said(sup2, "Batch quality problem")
    assert (await staff_row(db, 4001)).unreachable is True
    assert (await staff_row(db, 4002)).unreachable is False
    assert len(await all_feedback(db)) == 1


async def test_an_urgent_notice_gets_through_a_bad_gateway(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    """The notice goes through presentation.delivery: a 502 on the way to the supervisor is retried."""
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR)
    sup = await opened(api, 4002, "Zhao")
    rep = api.user(3001, "Li")

    preview = await file_feedback(
        rep, kind="Customer complaint", category="Dealer or retailer", severity="Batch quality problem"
    )
    api.fail_next("sendMessage", 502, chat_id=4002)
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed and routed to: Sales department.")
    await said(sup, "Batch quality problem")
    assert (await staff_row(db, 4002)).unreachable is False
    assert len(await all_feedback(db)) == 1


async def test_without_supervisors_admins_are_told(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    await make_staff(db, 5001, role=Role.ADMIN, name="HQ Admin")
    admin = await opened(api, 5001, "HQ")
    rep = api.user(3001, "Li")
    preview = await file_feedback(
        rep, kind="Market information", severity="Critical (media, legal or safety risk)"
    )
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    notice = await said(admin, "Critical feedback #")
    query = await admin.press(notice, "✅ Acknowledge")
    assert (await admin.callback_answer(query)).text.startswith("Acknowledged.")
    await said(rep, "was acknowledged by HQ Admin")


async def test_critical_feedback_is_escalated_once_after_the_limit(
    app: FieldApplication, api: LocalBotApiServer, db: Database, settings: Settings
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team, name="Li Lei")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR)
    await make_staff(db, 5001, role=Role.ADMIN, name="HQ Admin")
    sup, admin = await opened(api, 4001, "Wang"), await opened(api, 5001, "HQ")
    # An admin known only from ADMIN_TELEGRAM_IDS (not registered): told as well.
    settings_admin = api.user(ADMIN_ID, "Root")
    await settings_admin.send_text("hello")
    await settings_admin.next_message()
    rep = api.user(3001, "Li")
    preview = await file_feedback(
        rep, kind="Product quality problem", severity="Critical (media, legal or safety risk)"
    )
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    await said(sup, "Critical feedback")
    [stored] = await all_feedback(db)

    assert (
        await escalate_overdue(app.bot, db, settings, stored.created_at + timedelta(hours=1, minutes=59)) == 0
    )
    await admin.assert_no_message(0.2)
    now = stored.created_at + timedelta(hours=2, seconds=1)
    assert await escalate_overdue(app.bot, db, settings, now) == 1
    escalation = await said(admin, f"Escalation: critical feedback #{stored.id} from Li Lei (North)")
    assert "has not been acknowledged for 2 h" in escalation.text
    assert "Pump leaks oil after 200 hours" in escalation.text
    assert "Escalation" in (await settings_admin.next_message()).text
    [stored] = await all_feedback(db)
    assert stored.escalated_at == now
    # Running again (or later) sends nothing more.
    assert await escalate_overdue(app.bot, db, settings, now + timedelta(minutes=5)) == 0
    await admin.assert_no_message(0.2)
    # The admin acknowledges from the escalation; the rep is told.
    query = await admin.press(escalation, "✅ Acknowledge")
    assert (await admin.callback_answer(query)).text.startswith("Acknowledged.")
    await said(rep, "was acknowledged by HQ Admin")


async def test_acknowledged_or_batch_feedback_is_not_escalated(
    app: FieldApplication, api: LocalBotApiServer, db: Database, settings: Settings
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3001, team=team)
    boss = await make_staff(db, 4001, team=team, role=Role.SUPERVISOR)
    admin = await opened(api, ADMIN_ID, "Root")
    old = db.clock.now() - timedelta(hours=5)
    await make_feedback(db, rep, severity="batch", created_at=old)
    await make_feedback(
        db, rep, severity="critical", created_at=old, acknowledged_at=old, acknowledged_by_id=boss.id
    )
    await make_feedback(db, rep, severity="normal", created_at=old)
    assert await escalate_overdue(app.bot, db, settings, db.clock.now()) == 0
    await admin.assert_no_message(0.2)


async def test_critical_escalation_in_chinese(
    app: FieldApplication, api: LocalBotApiServer, db: Database, settings: Settings
) -> None:
    team = await make_team(db, "华东")
    await make_staff(db, 3001, team=team, language="zh", name="李雷")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, language="zh", name="王经理")
    await make_staff(db, 5001, role=Role.ADMIN, language="zh", name="总部")
    sup, admin = await opened(api, 4001, "王"), await opened(api, 5001, "总部")
    rep = api.user(3001, "李")
    await rep.send_command("/feedback")
    await rep.press(await said(rep, "你要反馈什么？"), "产品质量问题反馈")
    await rep.press(await said(rep, "产品型号是什么？"), "跳过")
    await said(rep, "请描述情况")
    await rep.send_text("设备起火，客户要找媒体")
    await rep.press(await said(rep, "如有照片请发送"), t("zh", "forms.done"))
    await rep.press(await said(rep, "严重程度如何？"), "重大（媒体、法律或安全风险）")
    await rep.press(await said(rep, "提交前请核对"), "✅ 提交")
    assert "已立即通知你的主管" in (await said(rep, "已提交")).text
    notice = await said(sup, "重大反馈 #")
    assert "来自 李雷（华东）" in notice.text
    [stored] = await all_feedback(db)
    assert await escalate_overdue(app.bot, db, settings, stored.created_at + timedelta(hours=3)) == 1
    escalation = await said(admin, "升级：李雷（华东）")
    assert "已 2 小时 无人确认" in escalation.text
    query = await sup.press(notice, "✅ 确认收到")
    assert (await sup.callback_answer(query)).text == "已确认，已通知 李雷。"
    await said(rep, "已由 王经理 确认")
    query = await admin.press(escalation, "✅ 确认收到")
    assert (await admin.callback_answer(query)).text == "已由 王经理 确认。"


async def test_digest_queries(db: Database) -> None:
    north, south = await make_team(db), await make_team(db, "South")
    rep = await make_staff(db, 3001, team=north)
    other = await make_staff(db, 3002, team=south)
    now = db.clock.now()
    inside = await make_feedback(db, rep, created_at=now - timedelta(hours=3), severity="batch")
    await make_feedback(db, rep, created_at=now - timedelta(days=2), severity="critical")
    acked = await make_feedback(
        db, rep, created_at=now - timedelta(hours=1), severity="critical", acknowledged_at=now
    )
    await make_feedback(db, other, created_at=now - timedelta(hours=1), severity="critical")
    async with db.session() as session:
        day = await digests_db.new_feedback(session, north.id or 0, now - timedelta(days=1), now)
        open_ones = await digests_db.open_escalations(session, north.id or 0)
    assert [f.id for f, _rep, _customer in day] == [inside.id, acked.id]
    assert [f.severity for f, _rep, _customer in open_ones] == ["critical", "batch"]
