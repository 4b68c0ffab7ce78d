"""List numbering: which paragraphs carry a bullet, and the label of numbered ones.

A bullet level (``w:numFmt="bullet"``, whatever its ``lvlText``: "-", "–", "•", "") counts as a
leading ``"- "``; numbered levels (decimal, roman, letter) get their computed label
(e.g. ``"II."``, ``"1."``, ``"a)"``), counted per abstract list as Word does for one list.
"""

from __future__ import annotations

from khcn_docs.checks.styles import q, wattr
from khcn_docs.vn import roman


def _format(fmt: str, n: int) -> str:
    """Return counter ``n`` in the numbering format ``fmt`` (decimal for unknown formats)."""
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


class Numbering:
    """The document's numbering definitions plus running counters."""

    def __init__(self, numbering_el):
        self.nums: dict[str, str] = {}
        self.abstract: dict[str, dict[int, object]] = {}
        self.counters: dict[str, list[int]] = {}
        if numbering_el is None:
            return
        for ab in numbering_el.iter(q("abstractNum")):
            levels = {int(wattr(lvl, "ilvl") or 0): lvl for lvl in ab.iter(q("lvl"))}
            self.abstract[wattr(ab, "abstractNumId")] = levels
        for num in numbering_el.iter(q("num")):
            self.nums[wattr(num, "numId")] = wattr(num.find(q("abstractNumId")), "val")

    def level(self, num_id: str | None, ilvl: int):
        """Return the ``w:lvl`` element for a paragraph's numbering, or None when not numbered."""
        if not num_id or num_id == "0":
            return None
        return self.abstract.get(self.nums.get(num_id), {}).get(ilvl)

    def label(self, num_id: str | None, ilvl: int) -> tuple[str, bool]:
        """Return ``(prefix, is_bullet)``: ``("- ", True)`` for bullets, ``("1. ", False)`` for numbers.

        Returns ``("", False)`` when the paragraph is not numbered. Advances the list's counter.
        """
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return "", False
        fmt = wattr(lvl.find(q("numFmt")), "val") or "decimal"
        text = wattr(lvl.find(q("lvlText")), "val") or ""
        if fmt == "bullet":
            return "- ", True
        if fmt == "none":
            return (text + " " if text.strip() else ""), False
        key = self.nums[num_id]
        counts = self.counters.setdefault(key, [0] * 9)
        start = int(wattr(lvl.find(q("start")), "val") or 1)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        counts[ilvl + 1:] = [0] * (8 - ilvl)
        levels = self.abstract[key]
        for i in range(9):
            if f"%{i + 1}" in text:
                sub = levels.get(i)
                sub_fmt = wattr(sub.find(q("numFmt")), "val") if sub is not None else "decimal"
                text = text.replace(f"%{i + 1}", _format(sub_fmt or "decimal", max(counts[i], 1)))
        return text + " ", False
