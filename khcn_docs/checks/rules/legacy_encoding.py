"""legacy-encoding: no TCVN3 (ABC) or VNI text.

NĐ30, Phụ lục I, Phần I, Mục I (bộ mã Unicode). Flags runs in the legacy fonts (``.VnTime``,
``.VnTimeH``, ``VNI-Times`` …) and paragraphs whose characters look like TCVN3/VNI text read as
Unicode (e.g. "Céng hßa x· héi" or "Coäng hoøa"): at least ``min_chars`` characters that
Vietnamese Unicode text never has (ß, ·, ñ, Ö, ø, ¸ …) standing inside words.
"""

from __future__ import annotations

import re

from khcn_docs.checks.expect import problem

ID = "legacy-encoding"
CLAUSE = "Phụ lục I, Phần I, Mục I"
TITLE_VI = "Không dùng bảng mã cũ TCVN3 (ABC), VNI"

_LEGACY_FONT = re.compile(r"^(\.Vn|VNI[- ]|VN-?Times|VNtimes)", re.I)
_LEGACY_CHARS = set("¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹»¼½¾ÆÇÈËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ")
_CLASS = "[" + re.escape("".join(sorted(_LEGACY_CHARS))) + "]"
_IN_WORD = re.compile(rf"(?<=[^\W\d_]){_CLASS}|{_CLASS}(?=[^\W\d_])")


def check(lay, opts):
    """Yield a problem for each paragraph in a legacy font or with legacy-encoded characters."""
    for para in lay.everything():
        font = next((n for r in para.runs if r.text.strip() for _, n, _ in r.fonts
                     if _LEGACY_FONT.match(n)), None)
        if font:
            yield problem(ID, "legacy.font", para, found=font)
        elif _looks_legacy(para.text, opts["min_chars"]):
            yield problem(ID, "legacy.chars", para)


def _looks_legacy(text: str, min_chars: int) -> bool:
    """Return True when ``text`` has ``min_chars`` TCVN3/VNI-typical characters inside words."""
    return len(_IN_WORD.findall(text)) >= min_chars
