"""Text widths in Times New Roman (from its metric twin's advance widths) and ND30 rule lines.

ND30 draws short solid lines under the issuing body's name (1/3-1/2 of its length) and under a
trích yếu; the decree's own sample files type them as underscore runs, as we do.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

_TABLE = Path(__file__).with_name("data") / "serif_widths.json"
UNDERSCORE_EM = 0.5
RULE_FRACTION = 0.42  # inside ND30's 1/3 to 1/2


@lru_cache(maxsize=1)
def _widths() -> dict[str, dict[str, float]]:
    return json.loads(_TABLE.read_text(encoding="utf-8"))


def _char_em(ch: str, table: dict[str, float]) -> float:
    """Return one character's advance in em; unknown letters fall back to their base letter, else 0.5."""
    if ch in table:
        return table[ch]
    base = unicodedata.normalize("NFD", ch)[:1]
    return table.get(base, 0.5)


@lru_cache(maxsize=8192)
def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width in points of one line of ``text`` set in Times New Roman."""
    table = _widths()["bold" if bold else "regular"]
    return sum(_char_em(ch, table) for ch in text) * size_pt


@lru_cache(maxsize=4096)
def rule(text: str, size_pt: float, bold: bool, max_width_pt: float,
         fraction: float = RULE_FRACTION) -> str:
    """Return underscores drawing a line ``fraction`` as long as ``text``'s longest line (wrapped at ``max_width_pt``)."""
    longest = max((min(text_width_pt(line, size_pt, bold), max_width_pt) for line in text.split("\n")), default=0)
    count = max(3, round(fraction * longest / (UNDERSCORE_EM * size_pt)))
    return "_" * count
