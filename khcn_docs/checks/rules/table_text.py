"""table-text: text in tables of the body (e.g. a report form's task table) at least 11 pt.

NĐ30, Phụ lục I, Phần I, Mục I (phông chữ) — tables are not body paragraphs, so the indent and
justification rules do not apply to them; their text must still be Times New Roman (see
font-family) and readable: at least ``min_size`` pt. The header and signature tables are checked
by their own rules.
"""

from __future__ import annotations

from khcn_docs.checks.expect import num, problem

ID = "table-text"
CLAUSE = "Phụ lục I, Phần I, Mục I"
TITLE_VI = "Chữ trong bảng của phần nội dung tối thiểu 11 pt"


def check(lay, opts):
    """Yield a problem for each table paragraph with text smaller than ``min_size``."""
    low = opts["min_size"]
    for para in lay.tables:
        small = sorted({r.size_pt for r in para.visible_runs if r.size_pt < low - 0.01})
        if small:
            yield problem(ID, "table.size", para, found=num(small[0]), expected=num(low))
