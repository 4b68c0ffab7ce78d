"""page-size: A4 paper (210 × 297 mm), portrait; landscape only where allowed.

NĐ30, Phụ lục I, Phần I, Mục I (khổ giấy A4; trình bày theo chiều dài, chiều rộng chỉ khi có
bảng biểu). Each section is checked; sizes are compared to the whole twip they are written in
(Word's A4, 11906 × 16838 twips, is A4 even with ``tolerance_mm: 0``), and ``tolerance_mm``
allows sizes that far from A4; set ``allow_landscape: false`` to flag landscape sections.
"""

from __future__ import annotations

from khcn_docs.checks.expect import WRITTEN_MM, num, problem

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
                          width=num(sec.width.mm), height=num(sec.height.mm))
        elif sec.landscape and not opts["allow_landscape"]:
            yield problem(ID, "page.landscape", section=sec.number)
