"""A local Telegram Bot API server and simulated users for end-to-end tests of fieldbot.

async with LocalBotApiServer() as server:
    app = (ApplicationBuilder().token(TOKEN).base_url(f"{server.base_url}/bot")
           .base_file_url(f"{server.base_url}/file/bot").build())
    ann = server.user(1001, "Ann")
    await ann.send_command("start")
    reply = await ann.next_message()
"""

from .driver import GroupChat, TelegramUser
from .files import tiny_png
from .models import ApiError, CallbackAnswer, ChatActionRecord, SentMessage
from .server import LocalBotApiServer

__all__ = [
    "ApiError",
    "CallbackAnswer",
    "ChatActionRecord",
    "GroupChat",
    "LocalBotApiServer",
    "SentMessage",
    "TelegramUser",
    "tiny_png",
]
