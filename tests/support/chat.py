"""Reading and answering the bot's messages: the one place a test waits for, taps and edits."""

from __future__ import annotations

from localbotapi.chatview import ChatView
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from presentation.buttons import FormButton
from presentation.i18n import t


async def said(user: TelegramUser, text: str) -> SentMessage:
    """The next bot message, which must contain `text`."""
    message = await user.next_message()
    assert text in (message.text or ""), user.transcript()
    return message


async def showing(user: ChatView, text: str, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109
    """The latest bot message that shows `text` (sent or edited into it), waiting for it."""

    def find() -> SentMessage | None:
        return next((m for m in reversed(user.messages) if text in m.shown_text), None)

    return await user.wait_until(find, timeout)


async def edited(user: ChatView, message: SentMessage, text: str) -> SentMessage:
    """`message` once the bot has edited `text` into it."""

    def find() -> SentMessage | None:
        current = user.server.find_sent(message.chat_id, message.message_id)
        return current if current is not None and text in current.shown_text else None

    return await user.wait_until(find)


async def reply(user: TelegramUser, text: str) -> SentMessage:
    """Type `text` and return the bot's next message."""
    await user.send_text(text)
    return await user.next_message()


async def tap(user: TelegramUser, message: SentMessage, button: str) -> SentMessage:
    """Press a button and return the bot's next message."""
    await user.press(message, button)
    return await user.next_message()


async def edit(user: TelegramUser, preview: SentMessage, part: str) -> None:
    """Edit under the preview, then the part to change (the list replaces the preview's buttons)."""
    await user.press(preview, t("en", "common.edit"))
    await user.wait_until(lambda: any(b["text"] == part for b in preview.inline_buttons()))
    await user.press(preview, part)


async def edit_part(user: TelegramUser, preview: SentMessage, part: str) -> SentMessage:
    """Edit under the preview, then the part to change; the bot's question for it."""
    await edit(user, preview, part)
    return await user.next_message()


def token_of(message: SentMessage) -> str:
    """The staleness token the form engine put in the buttons of `message`."""
    for button in message.inline_buttons():
        data = FormButton.unpack(button.get("callback_data"))
        if data is not None:
            return data.token
    raise AssertionError(f"no form button on message {message.message_id}")


def forged(prompt: SentMessage, action: str, arg: str = "-") -> str:
    """A button of `prompt`'s form as a tampering client would make it (with the prompt's real token)."""
    real = FormButton.unpack(prompt.inline_buttons()[0]["callback_data"])
    assert real is not None, prompt.inline_buttons()
    return FormButton(real.form, action, arg, real.token).pack()
