"""positions: the parts stand where the decree's layout puts them: the header at the top of page 1;
Quốc hiệu, Tiêu ngữ and the place and date in the header's right column; the organisation names,
"Số:" and "V/v" in its left column; Nơi nhận left and the signer right, the whole block under the body.

The header (Quốc hiệu, organisation name) opens page 1: a page break, a section break starting a new
page or "page break before" ahead of it leaves a blank first page, and text ahead of it is out of
place; either is an error. Empty paragraphs ahead of it pass (they only move it down a line or
two), and so does a short line in capitals (ô số 11's "XEM XONG TRẢ LẠI", "LƯU HÀNH NỘI BỘ", a
"DỰ THẢO" mark), which the decree's layout puts above the header.

NĐ30, Phụ lục I, Phần I, Mục II (each part's place: ô số 1 "bên phải", ô số 2 "bên trái", ô số 3
under the organisation name, ô số 4 under the Quốc hiệu) and Mục IV (sơ đồ bố trí). Columns are
read only when the header has two (a table, or lines laid out with tabs): a header written as
one stack of centred lines has none to compare. The organisation names count as misplaced only
when none of them is in the left column. The body goes on after the signature block when a
paragraph after it (outside tables, before any "Phụ lục") is a numbered heading ("I. …", "1. …")
or ends with "./."; the first paragraph after the block is then flagged. A block laid out in plain
paragraphs (no table) runs to the end of the document, so only a signature table is placed.
"""

from __future__ import annotations

from khcn_docs.checks.expect import align_name, part, problem
from khcn_docs.checks.rules.body_text import HEADING
from khcn_docs.checks.segments import canon
from khcn_docs.vn import is_caps

ID = "positions"
CLAUSE = "Phụ lục I, Phần I, Mục II và Mục IV"
TITLE_VI = "Vị trí: Quốc hiệu, địa danh bên phải; tên cơ quan, số bên trái; khối chữ ký dưới nội dung"
COLUMNS = {"quoc-hieu": "right", "tieu-ngu": "right", "place-date": "right", "so": "left", "vv": "left"}
"""The header column of each part (role: column); the organisation names go left."""


def check(lay, opts):
    """Yield problems for header parts in the wrong column, Nơi nhận on the right and body text
    after the signature block."""
    yield from _header_on_top(lay)
    yield from _header(lay)
    label = next((s for s in lay.sign("label") if s.column == "right"), None)
    if label is not None and lay.signature_table is not None:
        yield problem(ID, "position.noi_nhan", label)
    after = _body_after_signature(lay)
    if after is not None:
        yield problem(ID, "position.signature", after)


ABOVE_HEADER_MAX = 40
"""The longest line in capitals allowed above the header (ô số 11: "XEM XONG TRẢ LẠI"…)."""


def _header_on_top(lay):
    """Yield a problem when a page break or text comes before the header (blank or wrong page 1)."""
    if not lay.header:
        return
    top = min((s.para for _, s in lay.header), key=lambda p: p.index)
    before = [p for p in lay.doc.paras if p.index < top.index]
    breaks = [p for p in before if p.page_break] + ([top] if top.break_before else [])
    if breaks:
        yield problem(ID, "position.page_break", breaks[0])
        return
    text = next((p for p in before if p.text.strip() and not _ok_above_header(p.text)), None)
    if text is not None:
        yield problem(ID, "position.before_header", text)


def _ok_above_header(text: str) -> bool:
    """Return True for a short line in capitals (an ô số 11 instruction or a draft mark)."""
    text = " ".join(text.split())
    return len(text) <= ABOVE_HEADER_MAX and is_caps(text)


def _header(lay):
    """Yield one problem per header part standing in the other column (two-column headers only)."""
    if {s.column for _, s in lay.header} != {"left", "right"}:
        return
    for role, column in COLUMNS.items():
        seg = next(iter(lay.find(role)), None)
        if seg is not None and seg.column != column:
            yield _misplaced(seg, role, column)
    names = lay.find("org")
    if names and all(s.column == "right" for s in names):
        yield _misplaced(names[0], "issuer", "left")


def _misplaced(seg, what: str, column: str):
    """Return the problem "<part> stands in the <other> column; ND30 puts it <column>"."""
    return problem(ID, "position.column", seg, part=part(what), found=align_name(seg.column),
                   expected=align_name(column))


def _body_after_signature(lay):
    """Return the first paragraph after the signature block when the body goes on after it, or None."""
    if not lay.signature:
        return None
    end = max(s.para.index for _, s in lay.signature)
    after = []
    for para in lay.doc.paras[end:]:
        text = para.text.strip()
        if canon(text).startswith("PHỤ LỤC") and para.cell is None:
            break
        if text and para.cell is None:
            after.append(para)
    body = any(p.text.strip().endswith("./.") or HEADING.match(p.text.strip()) for p in after)
    return after[0] if body else None
