"""QR codes as PNG images, for links people open on another phone (segno writes PNG without Pillow)."""

from __future__ import annotations

import io

import segno

# Big enough to scan from a phone screen held up to another phone; the quiet zone is the standard's 4.
SCALE, BORDER = 8, 4


def qr_png(text: str) -> bytes:
    """A PNG of `text` as a QR code (error correction M: survives a scratched screen or a smudge)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=SCALE, border=BORDER)
    return buffer.getvalue()
