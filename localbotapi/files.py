"""In-memory file storage: uploads by the bot or by simulated users, served via getFile."""

from __future__ import annotations

import itertools
import secrets
import struct
import zlib

from .models import StoredFile

# Telegram's file_ids start with a type-specific prefix; imitate that so ids look familiar.
_PREFIX = {
    "photos": "AgACAgIAAxkBAA",
    "documents": "BQACAgIAAxkBAA",
    "stickers": "CAACAgIAAxkBAA",
    "voice": "AwACAgIAAxkBAA",
}
_EXT = {"photos": "jpg", "stickers": "webp", "voice": "oga"}


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._counter = itertools.count()

    def add(
        self, data: bytes, folder: str, *, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        """Store bytes; folder is Telegram's file_path folder (photos, documents, ...)."""
        n = next(self._counter)
        ext = _EXT.get(folder) or (file_name.rsplit(".", 1)[-1] if file_name and "." in file_name else "")
        path = f"{folder}/file_{n}" + (f".{ext}" if ext else "")
        stored = StoredFile(
            file_id=_PREFIX.get(folder, "BQACAgIAAxkBAA") + secrets.token_urlsafe(48),
            file_unique_id="AQAD" + secrets.token_urlsafe(9),
            file_path=path,
            data=data,
            mime_type=mime_type,
            file_name=file_name,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[path] = stored
        return stored

    def alias(self, stored: StoredFile) -> StoredFile:
        """Another file_id for the same bytes (Telegram's smaller photo sizes get their own)."""
        other = StoredFile(
            file_id=stored.file_id[:14] + secrets.token_urlsafe(48),
            file_unique_id="AQAD" + secrets.token_urlsafe(9),
            file_path=stored.file_path,
            data=stored.data,
            mime_type=stored.mime_type,
            file_name=stored.file_name,
        )
        self._by_id[other.file_id] = other
        return other

    def forget_file_ids(self) -> None:
        """Refuse every file_id issued so far, as Telegram does once a bot has a new token or is moved:
        file_ids are valid for one bot only. Files uploaded afterwards get new, working ids."""
        self._by_id.clear()

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> StoredFile | None:
        return self._by_path.get(path)


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG, GIF or WebP image; None if it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        w, h = struct.unpack(">II", data[16:24])
        return w, h
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        w, h = struct.unpack("<HH", data[6:10])
        return w, h
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:16] == b"VP8X" and len(data) >= 30:
        w = int.from_bytes(data[24:27], "little") + 1
        h = int.from_bytes(data[27:30], "little") + 1
        return w, h
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return w, h
            i += 2 + length
    return None


def tiny_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A small valid PNG, the default photo simulated users send."""

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def photo_sizes(files: FileStore, stored: StoredFile, size: tuple[int, int]) -> list[dict[str, object]]:
    """PhotoSize array, smallest first (bots take the last one), like Telegram sends."""
    w, h = size
    sizes: list[dict[str, object]] = []
    if max(w, h) > 90:
        # Telegram adds a thumbnail of at most 90px; it shares the bytes here for simplicity.
        scale = 90 / max(w, h)
        thumb = files.alias(stored)
        sizes.append(
            {
                "file_id": thumb.file_id,
                "file_unique_id": thumb.file_unique_id,
                "file_size": len(stored.data),
                "width": max(1, round(w * scale)),
                "height": max(1, round(h * scale)),
            }
        )
    sizes.append(
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "width": w,
            "height": h,
        }
    )
    return sizes
