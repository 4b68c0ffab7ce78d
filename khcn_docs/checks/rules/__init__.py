"""The ND30 rules, one module each. ``RULES`` lists their modules in reporting order.

Every rule module has ``ID`` (the rule id used in settings and output), ``CLAUSE`` (the part of
Nghị định 30/2020/NĐ-CP it enforces), a docstring (its user documentation) and
``check(layout, options)`` yielding ``Problem`` objects.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_NAMES = (
    "page_size", "margins", "font_family", "font_color", "text_nfc", "legacy_encoding",
    "quoc_hieu", "tieu_ngu", "issuer_name", "rule_length", "so_ky_hieu", "place_date", "ten_loai_trich_yeu",
    "cong_van_vv", "kinh_gui", "can_cu", "body_text", "table_text", "signature", "noi_nhan",
    "signature_keep", "signature_level", "positions", "page_number",
)


def load() -> list[ModuleType]:
    """Return the rule modules in reporting order."""
    return [importlib.import_module(f"{__name__}.{name}") for name in _NAMES]
