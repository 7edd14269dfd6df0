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
    await rep.press(await said(rep, "What do you want to report?"), kind)
    if category is not None:
        await rep.press(await said(rep, "What is the complaint about?"), category)
    if has_customers:
        await rep.press(await said(rep, "Which customer"), customer or "Skip")
    ask_product = await said(rep, "Which product model?")
    if product is None:
        await rep.press(ask_product, "Skip")
    else:
        await rep.send_text(product)
    await said(rep, "Describe it")
    await rep.send_text(description)
    ask_photos = await said(rep, "Send photos")
    for number in range(1, photos + 1):
        await rep.send_photo()
        await said(rep, f"Photo {number} added")
    await rep.press(ask_photos, t("en", "forms.done"))
    await rep.press(await said(rep, "How serious is it?"), severity)
    return await said(rep, "Please check before submitting")
