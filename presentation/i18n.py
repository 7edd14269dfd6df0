"""Message catalogs: every user-facing text, in English and Simplified Chinese.

Handlers ask for a text by key; values passed in are HTML-escaped here, because every message is
sent with parse_mode=HTML and a customer called "A<B & Co" must not break it.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
from typing import Any

from presentation import locales
from presentation.locales import en, zh

LANGUAGES = ("en", "zh")


def _load_catalogs() -> dict[str, dict[str, str]]:
    """The core catalogs plus one module per feature (presentation/locales/<feature>.py with EN and ZH dicts).

    Each feature keeps both languages side by side in one file, so a new text is added in both at once.
    """
    catalogs = {"en": dict(en.MESSAGES), "zh": dict(zh.MESSAGES)}
    for module_info in sorted(pkgutil.iter_modules(locales.__path__), key=lambda m: m.name):
        if module_info.name in LANGUAGES:
            continue
        module = importlib.import_module(f"presentation.locales.{module_info.name}")
        for lang, attr in (("en", "EN"), ("zh", "ZH")):
            texts: dict[str, str] = getattr(module, attr)
            clash = set(texts) & set(catalogs[lang])
            if clash:
                raise RuntimeError(f"presentation/locales/{module_info.name}.py redefines {sorted(clash)}")
            catalogs[lang].update(texts)
    return catalogs


CATALOGS: dict[str, dict[str, str]] = _load_catalogs()


class Raw(str):
    """Text that is already valid HTML (made by `t()` itself), passed through without escaping."""

    __slots__ = ()


def language_for(telegram_code: str | None, default: str = "zh") -> str:
    """Pick a catalog from Telegram's language_code ("zh-hans", "en-US", ...)."""
    if not telegram_code:
        return default
    code = telegram_code.lower()
    if code.startswith("zh"):
        return "zh"
    return "en"


def t(lang: str, key: str, **values: Any) -> Raw:
    """The text for `key` in `lang`, with `values` escaped and filled in."""
    catalog = CATALOGS.get(lang) or CATALOGS["en"]
    template = catalog.get(key) or CATALOGS["en"][key]
    safe = {name: v if isinstance(v, Raw) else html.escape(str(v), quote=False) for name, v in values.items()}
    return Raw(template.format(**safe))


def all_texts(key: str) -> set[str]:
    """The text of `key` in every language; for matching reply-keyboard buttons whatever the language."""
    return {CATALOGS[lang][key] for lang in LANGUAGES}
