"""signature-level: "Nơi nhận:" and the first line of the signer's titles stand level.

NĐ30, Phụ lục I, Phần I, Mục IV (sơ đồ bố trí: ô 9b "Nơi nhận" left and ô 7a, the quyền hạn and
chức vụ of the signer, right, both starting on the same line under the body). In a signature
table the two lines start at the top of their cells, so they stand level when their paragraphs
have the same space before, read through the paragraph, its style and the styles it is based
on ("Paragraph → Spacing → Before"). A title line set 0 pt beside a "Nơi nhận:" set 12 pt
starts a line higher, right under the body's last line. The layout does not say how large the
space is, only that the two are level: it is compared, not prescribed (``tolerance_pt``). Read
only in a signature table whose two lines are each the first paragraph of their cell: laid out
with tabs they share one paragraph, and an empty line typed above either is not measured.
"""

from __future__ import annotations

from khcn_docs.checks.expect import num, problem

ID = "signature-level"
CLAUSE = "Phụ lục I, Phần I, Mục IV"
TITLE_VI = "Dòng “Nơi nhận:” và dòng đầu chức vụ người ký đứng ngang nhau"


def check(lay, opts):
    """Yield a problem when the first title line's space before differs from "Nơi nhận:"'s."""
    labels, titles = lay.sign("label"), lay.sign("title")
    if lay.signature_table is None or not labels or not titles:
        return
    label, title = labels[0].para, titles[0].para
    if label.cell == title.cell or not (_first_in_cell(lay, label) and _first_in_cell(lay, title)):
        return
    if abs(title.space_before.pt - label.space_before.pt) > opts["tolerance_pt"]:
        yield problem(ID, "sign.level", titles[0], title=titles[0].text,
                      found=num(title.space_before.pt), expected=num(label.space_before.pt))


def _first_in_cell(lay, para) -> bool:
    """Return True when no paragraph comes before ``para`` in its table cell."""
    return not any(p.cell == para.cell for p in lay.doc.paras[:para.index - 1])
