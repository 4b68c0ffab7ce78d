"""margins: top 20–25 mm, bottom 20–25 mm, left 30–35 mm, right 15–20 mm.

NĐ30, Phụ lục I, Phần I, Mục I (định lề trang). The same ranges apply to landscape sections
(the decree gives no separate rule). Ranges and ``tolerance_mm`` are settings; margins are
compared to the whole twip they are written in (Word's 2 cm, 1134 twips, is 20 mm), and a
margin refused is shown with the decimals that tell it from the range (1133 twips: "19,98 mm").
"""

from __future__ import annotations

from khcn_docs.checks.expect import WRITTEN_MM, num_outside, part, problem, span

ID = "margins"
CLAUSE = "Phụ lục I, Phần I, Mục I"
TITLE_VI = "Lề trên, dưới 20–25 mm; lề trái 30–35 mm; lề phải 15–20 mm"


def check(lay, opts):
    """Yield a problem per section and side whose margin is outside its range."""
    tol = opts["tolerance_mm"] + WRITTEN_MM
    for sec in lay.doc.sections:
        for side in ("top", "bottom", "left", "right"):
            lo, hi = opts[side]
            value = getattr(sec, side).mm
            if not lo - tol <= value <= hi + tol:
                yield problem(ID, "margin", section=sec.number, side=part("margin-" + side),
                              found=num_outside(value, lo - tol, hi + tol), expected=span(lo, hi))
