"""signature-keep: the Nơi nhận and signature block never splits across pages nor stands alone on one.

NĐ30, Phụ lục I, Phần I, Mục II.7 and II.9 place the block under the body; the decree says
nothing about page breaks, so this is a warning. It follows office practice: a page holding only
the signature could be detached and put under another text. Word and LibreOffice keep the block
together with two paragraph and row properties: a signature table's rows have "Allow row to
break across pages" turned off (``w:cantSplit``), and the body's last paragraph has "Keep with
next" (``w:keepNext``), with any empty paragraphs between it and the block. A block laid out in
plain paragraphs keeps each of its lines but the last with the next. Row properties set only in a
table style are not read.
"""

from __future__ import annotations

from khcn_docs.checks.expect import problem
from khcn_docs.checks.model import Para

ID = "signature-keep"
CLAUSE = "Phụ lục I, Phần I, Mục II.7, II.9"
TITLE_VI = "Nơi nhận và chữ ký không bị tách trang, đi cùng các dòng cuối của nội dung"


def check(lay, opts):
    """Yield a warning when the block can split across pages, and one when nothing keeps it with the body."""
    block = _block(lay)
    if not block:
        return
    if lay.signature_table is not None:
        loose = next((p for p in block if not p.cant_split), None)
    else:
        loose = next((p for p in block[:-1] if not p.keep_next), None)
    if loose is not None:
        yield problem(ID, "sign.can_split", loose)
    alone = next((p for p in _body_end(lay, block[0]) if not p.keep_next), None)
    if alone is not None:
        yield problem(ID, "sign.alone", alone)


def _block(lay) -> list[Para]:
    """Return the block's paragraphs in document order: its table's, or the plain paragraphs it is in."""
    if lay.signature_table is not None:
        return [p for p in lay.doc.paras if p.cell and p.cell[0] == lay.signature_table]
    return list({s.para.index: s.para for _, s in lay.signature}.values())


def _body_end(lay, first: Para) -> list[Para]:
    """Return the paragraphs from just before ``first`` back to the body's last one with text
    (nearest first); empty when a table or nothing comes before the block."""
    out = []
    for para in reversed(lay.doc.paras[:first.index - 1]):
        if para.cell is not None:
            return []
        out.append(para)
        if para.text.strip():
            return out
    return []
