"""Reading the file a `fieldbot import …` command names, with the one-line error every import gives."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


async def read_input(file: str) -> bytes | None:
    """FILE's bytes; None once stderr has said why it cannot be read and what to check."""
    path = Path(file)
    try:
        return await asyncio.to_thread(path.read_bytes)  # a big file must not stall the event loop
    except OSError as exc:
        print(f"fieldbot: cannot read {path}: {exc.strerror}; check the path", file=sys.stderr)
        return None
