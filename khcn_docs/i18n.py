"""Messages a clerk reads, in Vietnamese (default) or English.

Choose the language with ``--lang en`` or the environment variable ``KHCN_DOCS_LANG=en``.
Catalogues live in ``khcn_docs/locale/<lang>.yaml`` as data; code refers to messages by key.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

# Imported here, not in _catalogue: the command line loads this module with Ctrl-C held (cli.py),
# so a Ctrl-C cannot leave yaml half-imported and break the very message that says "stopped".
from khcn_docs.spec.yamlsrc import bundled_data

SUPPORTED = ("vi", "en")
_LOCALE_DIR = Path(__file__).with_name("locale")
_current: list[str] = []


def set_language(lang: str | None) -> None:
    """Set the language for this process (``None`` keeps the environment's or the default)."""
    if lang:
        _current[:] = [lang if lang in SUPPORTED else "vi"]


def env_code(value: str) -> str | None:
    """Return the supported language a ``KHCN_DOCS_LANG`` value names: the code in any case and
    spacing (`` EN``), or a locale name (``en_US.UTF-8``, ``vi_VN``); None for any other value
    (``english``, ``fr``, empty)."""
    code = re.split(r"[_.@]", value.strip().lower(), maxsplit=1)[0]
    return code if code in SUPPORTED else None


def unsupported_env_language() -> str | None:
    """Return the value of ``KHCN_DOCS_LANG`` when it is set to no supported language (``fr``,
    ``english``), which ``language`` reads as Vietnamese; None when it is unset, empty or supported."""
    value = os.environ.get("KHCN_DOCS_LANG", "").strip()
    return value if value and env_code(value) is None else None


def language() -> str:
    """Return the active language code: ``vi`` or ``en`` (``KHCN_DOCS_LANG`` read as
    ``unsupported_env_language`` reads it: one it does not name is Vietnamese)."""
    if _current:
        return _current[0]
    return env_code(os.environ.get("KHCN_DOCS_LANG", "")) or "vi"


@lru_cache(maxsize=None)
def _catalogue(lang: str) -> dict[str, str]:
    data = bundled_data(_LOCALE_DIR / f"{lang}.yaml") or {}
    return {str(k): str(v) for k, v in data.items()}


PLURAL_PARAMS = ("count", "days")  # the number a message's noun agrees with: the first of these it is given


def t(_key: str, /, **params: object) -> str:
    """Return the message ``_key`` in the active language, formatted with ``params``.

    A language whose nouns change with their number (English: "1 day late", "2 days late") writes
    the singular as ``<key>.one``, used when the message's number (``PLURAL_PARAMS``) is 1;
    Vietnamese needs none. Falls back to Vietnamese, then to the key itself, so a missing
    translation never crashes.
    """
    catalogue = _catalogue(language())
    number = next((params[name] for name in PLURAL_PARAMS if name in params), None)
    text = (number == 1 and catalogue.get(f"{_key}.one")) or catalogue.get(_key) or _catalogue("vi").get(_key) or _key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def t_or(_key: str, _default: str, /, **params: object) -> str:
    """Return the message ``_key`` like ``t``, or ``_default`` when no catalogue has that key."""
    text = t(_key, **params)
    return _default if text == _key else text
