"""How the issuing body's name is set in the header's left column: its lines and its size.

ND30 (Phụ lục I, Mục II.2): the name is in capitals, bold, 12-13 pt, centred; a long name may take
several lines. A name wider than the column is broken into two lines only between word groups
(``data/header_breaks.yaml``): after "-" or ",", before "VÀ" or the place ("TỈNH …"), after the
kind of body it starts with (``SỞ KHOA HỌC / VÀ CÔNG NGHỆ``, ``BAN QUẢN LÝ / KHU KINH TẾ TỈNH``), at
13 pt, else at 12 pt; only when no such break fits is it cut where the two lines come out most
equal. Lines written in the registry (``header_name``) are kept; they are set at 12 pt when one is
too wide at 13 pt and all fit at 12 pt.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from pathlib import Path

import yaml

from khcn_docs import measure

COLUMN_PT = 6.2 / 2.54 * 72 - 11   # the header's left column (templates: 6.2 cm) less cell margins
SIZE, SMALL = 13, 12  # ND30's range for the name; 12 only when the name fits no other way
_RULES = Path(__file__).with_name("data") / "header_breaks.yaml"


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, ...], ...]]:
    """Return the break rules: marks a line may end with, words a line may start with, heads
    (as word tuples, longest first)."""
    data = yaml.safe_load(_RULES.read_text(encoding="utf-8"))
    heads = sorted((tuple(head.split()) for head in data["heads"]), key=len, reverse=True)
    return tuple(data["after_marks"]), frozenset(data["before_words"]), tuple(heads)


def group_cuts(words: list[str]) -> list[int]:
    """Return the positions ``i`` (a break before ``words[i]``) between two word groups of a name."""
    marks, before, heads = _rules()
    cuts = {i for i in range(1, len(words)) if words[i - 1].endswith(marks) or words[i] in before}
    head = next((len(h) for h in heads if tuple(words[:len(h)]) == h), 0)
    if 0 < head < len(words):
        cuts.add(head)
    return sorted(cuts)


def is_head(line: str) -> bool:
    """Return True when ``line`` is only the kind of body a name starts with ("LIÊN HIỆP CÁC HỘI",
    "BAN QUẢN LÝ"): the first line of a name broken after its head, never a whole name."""
    return tuple(line.upper().split()) in _rules()[2]


def widest(text: str, size: float) -> float:
    """Return the width in pt of the widest line of ``text`` set bold at ``size``."""
    return max(measure.text_width_pt(line, size, True) for line in text.split("\n"))


def _two_lines(words: list[str], cuts, size: float) -> str | None:
    """Return ``words`` on two lines broken at the one of ``cuts`` giving the narrowest wider
    line at ``size``; None when ``cuts`` is empty."""
    splits = [f"{' '.join(words[:i])}\n{' '.join(words[i:])}" for i in cuts]
    return min(splits, key=lambda text: widest(text, size), default=None)


def split(name: str, size: float, width: float) -> str | None:
    """Return ``name`` on two lines broken between word groups, both fitting ``width`` at
    ``size``; None when no such break fits."""
    words = name.split()
    best = _two_lines(words, group_cuts(words), size)
    return best if best is not None and widest(best, size) <= width else None


def layout(name: str, width: float = COLUMN_PT) -> tuple[str, int]:
    """Return the name as printed (lines joined by "\\n") and its size in pt (13, or 12 when it
    fits only so) in ``width`` (by default the header's left column): written lines kept, else
    one line, else two lines between word groups at 13 then 12 pt, else the two most equal lines
    at 13 pt."""
    if "\n" in name:
        small = widest(name, SIZE) > width and widest(name, SMALL) <= width
        return name, SMALL if small else SIZE
    if measure.text_width_pt(name, SIZE, True) <= width:
        return name, SIZE
    for size in (SIZE, SMALL):
        if (lines := split(name, size, width)) is not None:
            return lines, size
    words = name.split()
    return (_two_lines(words, range(1, len(words)), SIZE) or name), SIZE


def grouped(name: str, width: float = COLUMN_PT) -> str | None:
    """Return ``name`` (lines joined by "\\n" or not) on the fewest lines broken between word
    groups that all fit ``width`` (by default the header's left column) at 13 pt, else at 12 pt
    (of those, the narrowest widest line); None when no such lines fit."""
    words = name.split()
    cuts = group_cuts(words)
    for count in range(len(cuts) + 1):
        texts = ["\n".join(" ".join(words[a:b]) for a, b in zip((0, *chosen), (*chosen, len(words))))
                 for chosen in combinations(cuts, count)]
        for size in (SIZE, SMALL):
            if fitting := [text for text in texts if widest(text, size) <= width]:
                return min(fitting, key=lambda text: widest(text, size))
    return None


def too_wide(lines: str, width: float = COLUMN_PT) -> list[str]:
    """Return the written lines of a name (``header_name``) that do not fit ``width`` (by default
    the header's left column) even at 12 pt."""
    return [line for line in lines.split("\n") if measure.text_width_pt(line, SMALL, True) > width]
