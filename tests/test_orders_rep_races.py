"""Two people pressing at once, and buttons a rep should not have: the rep accepts while the supervisor
reassigns (one winner, the other told); another rep's order, another team's, a cancelled one, a stale
state and a forged id change nothing and are answered "this button is no longer active"."""

from __future__ import annotations

from sqlmodel import select

from domain.orders import OrderState
from localbotapi.server import LocalBotApiServer
from presentation.buttons import PickRep, RepAction
from presentation.i18n import t
from storage import orders as orders_db
from storage.db import Database
from storage.order_models import WorkOrder, WorkOrderEvent
from tests.conftest import RunningBot
from tests.support.chat import showing
from tests.support.field import make_customer
from tests.support.order_story import BOSS, REP, dispatch, fast_forward, stored, story
from tests.support.people import make_rep, make_team, opened

OTHER = 9102
STALE = t("en", "common.stale_button")


async def test_the_rep_accepts_while_the_supervisor_reassigns_one_wins_and_the_other_is_told(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team, rep_row, _boss_row, _acme, order = await story(db)
    zhou_row = await make_rep(db, OTHER, team, name="Zhou Min")
    rep, zhou = await opened(api, REP, "Li"), await opened(api, OTHER, "Zhou")
    boss = api.user(BOSS, "Wang")
    await dispatch(api, boss, order, rep_row)
    offer = await showing(rep, "A work order for you")
    shown = boss.last_message  # the message the dispatch button was pressed on
    assert shown is not None

    # Both at once: neither waits for the other's answer.
    reassign = PickRep(order.id or 0, zhou_row.id or 0, "assigned", rep_row.id or 0).pack()
    accept_press = await rep.press(offer, t("en", "orders_rep.button.accept"))
    reassign_press = await boss.press_raw(shown.message_id, reassign)
    accept_answer = await rep.callback_answer(accept_press)
    reassign_answer = await boss.callback_answer(reassign_press)

    final = await stored(db, order)
    async with db.session() as session:
        kinds = [e.kind for e in (await session.exec(select(WorkOrderEvent))).all()]
    if final.state == OrderState.ACCEPTED:  # the rep was first
        assert final.assignee_id == rep_row.id and "reassigned" not in kinds
        assert reassign_answer.show_alert and f"#{order.id}" in (reassign_answer.text or "")
        await showing(rep, f"You accepted work order #{order.id}")
        await zhou.assert_no_message()
    else:  # the supervisor was first: the order is Zhou's, Li's Accept changed nothing
        assert (final.state, final.assignee_id) == (OrderState.ASSIGNED, zhou_row.id)
        assert "accepted" not in kinds and (accept_answer.text, accept_answer.show_alert) == (STALE, True)
        await showing(zhou, "A work order was passed on to you")
    assert kinds.count("accepted") + kinds.count("reassigned") == 1


async def test_an_accept_after_the_supervisor_reassigned_changes_nothing_and_the_rep_was_told(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team, rep_row, _boss_row, _acme, order = await story(db)
    zhou_row = await make_rep(db, OTHER, team, name="Zhou Min")
    rep, zhou = await opened(api, REP, "Li"), await opened(api, OTHER, "Zhou")
    boss = api.user(BOSS, "Wang")
    await dispatch(api, boss, order, rep_row)
    offer = await showing(rep, "A work order for you")
    shown = boss.last_message
    assert shown is not None

    reassign = PickRep(order.id or 0, zhou_row.id or 0, "assigned", rep_row.id or 0).pack()
    await boss.callback_answer(await boss.press_raw(shown.message_id, reassign))
    await showing(zhou, "A work order was passed on to you")
    await showing(
        rep, f"#{order.id}"
    )  # the supervisor's side tells the previous rep (handlers.order_dispatch)
    late = await rep.callback_answer(await rep.press(offer, t("en", "orders_rep.button.accept")))
    assert (late.text, late.show_alert) == (STALE, True)
    final = await stored(db, order)
    assert (final.state, final.assignee_id) == (OrderState.ASSIGNED, zhou_row.id)


async def test_buttons_of_orders_that_are_not_mine_or_not_in_that_state_change_nothing(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team, rep_row, boss_row, acme, order = await story(db)
    await make_rep(db, OTHER, team, name="Zhou Min")
    await fast_forward(db, order, rep_row, to=OrderState.ASSIGNED)
    south = await make_team(db, "South")
    south_rep = await make_rep(db, 9201, south, name="Sun Li")
    beta = await make_customer(db, south, "Beta Foods")
    async with db.session() as session:
        theirs = await orders_db.create_order(
            session, team_id=south.id or 0, customer_id=beta.id or 0, created_by_id=None,
            category="installation", assignee_id=south_rep.id, now=db.clock.now(),
        )  # fmt: skip
        dropped = await orders_db.create_order(
            session, team_id=team.id or 0, customer_id=acme.id or 0, created_by_id=boss_row.id,
            category="maintenance", assignee_id=rep_row.id, now=db.clock.now(),
        )  # fmt: skip
        await orders_db.accept(session, dropped.id or 0, rep_row.id or 0, db.clock.now())
        await orders_db.cancel_order(
            session, dropped.id or 0, boss_row.id, "customer sold the machine", db.clock.now()
        )
    rep, zhou = await opened(api, REP, "Li"), await opened(api, OTHER, "Zhou")
    mine = (await rep.send_command("/help"), await rep.next_message())[1]
    others = (await zhou.send_command("/help"), await zhou.next_message())[1]

    async def refused(user: object, message_id: int, data: str) -> None:
        press = await user.press_raw(message_id, data)  # type: ignore[attr-defined]
        answer = await user.callback_answer(press)  # type: ignore[attr-defined]
        assert (answer.text, answer.show_alert) == (STALE, True), data

    oid = order.id or 0
    await refused(zhou, others.message_id, RepAction("accept", oid, "assigned").pack())  # Li's order
    await refused(zhou, others.message_id, RepAction("decline", oid, "assigned").pack())  # opens no flow
    await refused(rep, mine.message_id, RepAction("accept", theirs.id or 0, "assigned").pack())  # South's
    await refused(rep, mine.message_id, RepAction("arrive", dropped.id or 0, "accepted").pack())  # cancelled
    await refused(rep, mine.message_id, RepAction("arrive", oid, "accepted").pack())  # not accepted yet
    await refused(rep, mine.message_id, RepAction("done", oid, "assigned").pack())  # no Done before work
    await refused(rep, mine.message_id, "owk:accept:99999999999999:assigned")  # beyond any id
    await refused(rep, mine.message_id, "owk:accept:1")  # malformed
    await zhou.assert_no_message()
    await rep.assert_no_message()

    async with db.session() as session:
        rows = {o.id: (o.state, o.assignee_id) for o in (await session.exec(select(WorkOrder))).all()}
    assert rows == {
        oid: (OrderState.ASSIGNED, rep_row.id),
        theirs.id: (OrderState.ASSIGNED, south_rep.id),
        dropped.id: (OrderState.CANCELLED, rep_row.id),
    }


async def test_a_second_tap_resumes_the_open_step_and_another_orders_button_waits(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team, rep_row, boss_row, acme, order = await story(db)
    await fast_forward(db, order, rep_row, to=OrderState.ASSIGNED)
    async with db.session() as session:
        other = await orders_db.create_order(
            session, team_id=team.id or 0, customer_id=acme.id or 0, created_by_id=boss_row.id,
            category="maintenance", assignee_id=rep_row.id, now=db.clock.now(),
        )  # fmt: skip
    rep = await opened(api, REP, "Li")
    listing = (await rep.send_command("/orders"), await rep.next_message())[1]
    await rep.press(listing, f"#{order.id} ACME Ltd")
    card = await showing(rep, "Service levels")
    await rep.press(card, t("en", "orders_rep.button.decline"))
    await showing(rep, t("en", "orders_rep.ask_reason", id=order.id, customer="ACME Ltd"))
    again = await rep.callback_answer(await rep.press(card, t("en", "orders_rep.button.decline")))
    assert again.text is None  # the same step, asked again below
    ask = t("en", "orders_rep.ask_reason", id=order.id, customer="ACME Ltd")
    await rep.wait_until(lambda: sum(ask in m.shown_text for m in rep.messages) == 2)
    decline_other = RepAction("decline", other.id or 0, "assigned").pack()
    wait = await rep.callback_answer(await rep.press_raw(card.message_id, decline_other))
    assert (wait.text, wait.show_alert) == (t("en", "common.finish_first"), True)
    await rep.send_text("Flat tyre")
    await showing(rep, "Reason: Flat tyre")
    assert (await stored(db, other)).state == OrderState.ASSIGNED
