"""page-size: A4 paper (210 × 297 mm), portrait; landscape only where allowed.

NĐ30, Phụ lục I, Phần I, Mục I (khổ giấy A4; trình bày theo chiều dài, chiều rộng chỉ khi có
bảng biểu). Each section is checked; sizes are compared to the whole twip they are written in
(Word's A4, 11906 × 16838 twips, is A4 even with ``tolerance_mm: 0``), and ``tolerance_mm``
allows sizes that far from A4 (a side refused is shown with the decimals that tell it from A4's:
11905 twips is "209,99 mm"); set ``allow_landscape: false`` to flag landscape sections.
"""

from __future__ import annotations

from khcn_docs.checks.expect import WRITTEN_MM, num_outside, problem

ID = "page-size"
CLAUSE = "Phụ lục I, Phần I, Mục I"
TITLE_VI = "Khổ giấy A4, trình bày theo chiều dài (chiều rộng khi có bảng biểu)"


def check(lay, opts):
    """Yield a problem per section whose paper is not A4 or whose orientation is not allowed."""
    tol = opts["tolerance_mm"] + WRITTEN_MM
    for sec in lay.doc.sections:
        short, long_ = sorted((sec.width.mm, sec.height.mm))
        if abs(short - 210) > tol or abs(long_ - 297) > tol:
            yield problem(ID, "page.size", section=sec.number,
                          width=_shown(sec.width.mm, short, tol), height=_shown(sec.height.mm, short, tol))
        elif sec.landscape and not opts["allow_landscape"]:
            yield problem(ID, "page.landscape", section=sec.number)


def _shown(value: float, short: float, tol: float) -> str:
    """Return the side ``value`` (mm) of a page whose short side is ``short`` for a message, with
    the decimals that tell it from A4's side (210 or 297 mm, give or take ``tol``) when it is not."""
    a4 = 210 if value == short else 297
    return num_outside(value, a4 - tol, a4 + tol)
