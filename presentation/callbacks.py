"""Typed callback data: each button kind is a small class that packs itself into Telegram's 64 bytes and
parses itself back, refusing anything else.

A class declares its prefix once (`class ReportStart(CallbackData, prefix="rs")`) and its fields, nothing
else: the base makes it a frozen dataclass. The prefix is unique across the program (checked when the class
is defined), so no two modules agree on a string by convention any more; every such class lives in
presentation.buttons.
Fields are `str` or `int`; an int outside 0 ≤ x < 2**31 (the database's integer columns) is refused, so a
forged id never reaches a query and handlers check only what is theirs (0 may mean "nobody" or "new"); a
field named `token` carries the staleness token of the prompt the button was sent with (see handlers.forms).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, ClassVar, Self, dataclass_transform

SEPARATOR = ":"
MAX_BYTES = 64
_PREFIX = re.compile(r"^[a-z][a-z0-9]{0,5}$")
_INT = re.compile(r"^\d{1,10}$")
INT_LIMIT = 2**31  # the database's integer columns: a larger id is nobody's
_REGISTRY: dict[str, type[CallbackData]] = {}


@dataclass_transform(frozen_default=True)  # so that type checkers know the constructor and frozenness
class CallbackData:
    """Base of every button's data: each subclass becomes a frozen dataclass of its str and int fields."""

    prefix: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not _PREFIX.match(prefix):
            raise ValueError(f"callback prefix {prefix!r}: 1-6 lowercase letters and digits")
        if prefix in _REGISTRY:
            raise ValueError(f"callback prefix {prefix!r} is taken by {_REGISTRY[prefix].__qualname__}")
        cls.prefix = prefix
        _REGISTRY[prefix] = cls
        dataclasses.dataclass(frozen=True)(cls)

    def pack(self) -> str:
        """The callback_data string; raises if a value cannot be carried or the whole is over 64 bytes."""
        parts = [self.prefix]
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            text = str(value)
            if SEPARATOR in text:
                raise ValueError(f"{type(self).__name__}.{field.name} may not contain {SEPARATOR!r}")
            parts.append(text)
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"{type(self).__name__} packs to {len(data.encode())} bytes, over {MAX_BYTES}")
        return data

    @classmethod
    def unpack(cls, data: object) -> Self | None:
        """The button this data describes, or None for anything else (another kind, tampered, malformed)."""
        if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
            return None
        parts = data.split(SEPARATOR)
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        if parts[0] != cls.prefix or len(parts) != len(fields) + 1:
            return None
        values: dict[str, Any] = {}
        for field, text in zip(fields, parts[1:], strict=True):
            if field.type in (int, "int"):
                if not _INT.match(text) or int(text) >= INT_LIMIT:
                    return None
                values[field.name] = int(text)
            else:
                values[field.name] = text
        return cls(**values)

    @classmethod
    def pattern(cls) -> str:
        """A regular expression for CallbackQueryHandler: this class's buttons and no other's."""
        return f"^{re.escape(cls.prefix)}({re.escape(SEPARATOR)}|$)"
