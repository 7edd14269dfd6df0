"""Whole flows a test goes through on its way to what it checks."""

from __future__ import annotations

from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from presentation.i18n import t
from tests.support.chat import said


async def file_feedback(
    rep: TelegramUser,
    *,
    kind: str,
    category: str | None = None,
    customer: str | None = None,
    product: str | None = None,
    description: str = "Pump leaks oil after 200 hours",
    photos: int = 0,
    severity: str = "Normal",
    has_customers: bool = False,
) -> SentMessage:
    """Go through /feedback with English button labels up to the preview; returns the preview."""
    await rep.send_command("/feedback")
    await rep.press(await said(rep, t("en", "feedback.ask_kind")), kind)
    if category is not None:
        await rep.press(await said(rep, t("en", "feedback.ask_category")), category)
    if has_customers:
        await rep.press(await said(rep, t("en", "feedback.ask_customer")), customer or t("en", "common.skip"))
    ask_product = await said(rep, t("en", "feedback.ask_product"))
    if product is None:
        await rep.press(ask_product, t("en", "common.skip"))
    else:
        await rep.send_text(product)
    await said(rep, "Describe it")
    await rep.send_text(description)
    ask_photos = await said(rep, t("en", "feedback.ask_photos"))
    for number in range(1, photos + 1):
        await rep.send_photo()
        await said(rep, t("en", "forms.photo_added", count=number))
    await rep.press(ask_photos, t("en", "forms.done"))
    await rep.press(await said(rep, t("en", "feedback.ask_severity")), severity)
    return await said(rep, "Please check before submitting")
