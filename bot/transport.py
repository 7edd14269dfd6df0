"""How the bot talks HTTP to the Bot API: PTB's request interface on aiohttp's client instead of httpx.

Measured with bench/updates_bench.py, PTB's default client (httpx on httpcore) was about a third of the
bot's CPU per update: with many people answered side by side its connection pool asks every idle
connection whether the server closed it (a select() on each socket, through anyio's attribute lookup)
before and after every request. aiohttp's pool does not, and its HTTP parser is compiled; the bot's CPU
per answered update fell by about a quarter. aiohttp is already a dependency (the local Bot API server).

What PTB relies on is kept: a timeout raises TimedOut and any other transport failure NetworkError (both
retried by polling and by presentation.delivery); the status and body go back for PTB to read, so Telegram's
own errors (429, 403, 5xx) are handled by PTB as before. A proxy comes from the environment (HTTPS_PROXY,
ALL_PROXY, NO_PROXY), as with httpx.
"""

from __future__ import annotations

import re
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB marks "not given by the caller" with instances of this class (BaseRequest.DEFAULT_NONE is one).
_NotGiven = type(BaseRequest.DEFAULT_NONE)
# The token is the path segment after /bot (or /file/bot); an error naming the URL must not carry it.
_TOKEN_IN_URL = re.compile(r"/bot[^/\s]+")


class UnsupportedProxy(NetworkError):
    """The environment names a proxy of a kind the client cannot use (the message says which and the fix)."""


class AiohttpRequest(BaseRequest):
    """One connection pool to the Bot API server, with PTB's timeouts."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds the long-poll time to it for getUpdates)."""
        return self._read

    async def initialize(self) -> None:
        """Nothing to open yet: the pool opens with the first request (see _open)."""

    async def shutdown(self) -> None:
        """Close every connection; a later request opens a new pool."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    def _open(self) -> aiohttp.ClientSession:
        # Opened on first use rather than in initialize: PTB initializes both of a bot's requests before
        # its getMe, and leaves them open when getMe fails; aiohttp would then complain of an unclosed
        # pool in the middle of the one-line startup error. Only the request that was used needs closing.
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._pool_size),
            headers={"User-Agent": self.USER_AGENT},
            # The Bot API sets no cookies. (aiohttp's trust_env is not used: it reads ~/.netrc and the proxy
            # variables again on a thread for every request, a sixth of the bot's CPU; see _proxy.)
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        return self._session

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; the status code and the body."""
        session = self._session or self._open()
        files = request_data.multipart_data if request_data is not None else None
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, pool_timeout, bool(files))
        data: Any = None
        if request_data is not None:
            data = _form(request_data.json_parameters, files) if files else request_data.json_parameters
        try:
            proxy = self._proxy(url)
            async with session.request(method, url, data=data, timeout=timeout, proxy=proxy) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's own timeouts are TimeoutErrors too
            raise TimedOut from err
        except (aiohttp.ClientError, OSError) as err:
            reason = _TOKEN_IN_URL.sub("/bot…", str(err))
            raise NetworkError(f"aiohttp.{type(err).__name__}: {reason}") from err

    def _proxy(self, url: str) -> str | None:
        """The proxy the environment names for `url`'s server, looked up once per server."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._proxies:
            bypass = parts.hostname is not None and urllib.request.proxy_bypass(parts.hostname)
            proxies = {} if bypass else urllib.request.getproxies()
            variable = parts.scheme if parts.scheme in proxies else "all"  # ALL_PROXY too, as httpx read it
            proxy = proxies.get(variable)
            scheme = urlsplit(proxy).scheme if proxy else "http"
            if scheme not in ("http", "https"):
                # A SOCKS proxy would be spoken to as an HTTP one and fail obscurely. (Never show the URL:
                # it may hold a password.)
                raise UnsupportedProxy(
                    f"{variable.upper()}_PROXY is a {scheme}:// proxy; the bot speaks to HTTP proxies "
                    "only: set an http:// proxy, or run a self-hosted Bot API and set TELEGRAM_API_BASE_URL"
                )
            self._proxies[origin] = proxy
        return self._proxies[origin]

    def _timeout(
        self, read: Any, write: Any, connect: Any, pool: Any, uploading: bool
    ) -> aiohttp.ClientTimeout:
        read = self._read if isinstance(read, _NotGiven) else read
        connect = self._connect if isinstance(connect, _NotGiven) else connect
        pool = self._pool if isinstance(pool, _NotGiven) else pool
        write = (self._media_write if uploading else self._write) if isinstance(write, _NotGiven) else write
        # aiohttp has no timeout per write. A small request is written into the socket's buffer at once,
        # so only an upload can stall while writing: bound its whole exchange by write + read instead.
        total = write + read if uploading and write is not None and read is not None else None
        return aiohttp.ClientTimeout(
            total=total,
            # aiohttp's `connect` includes the wait for a free connection in the pool.
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )


def _form(fields: dict[str, str], files: dict[str, Any]) -> aiohttp.FormData:
    """A multipart body: the method's parameters, then each file as PTB describes it."""
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename or name, content_type=mime_type)
    return form
