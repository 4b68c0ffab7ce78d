"""can-cu: căn cứ lines are italic, each ends with ";" and the last with ".".

NĐ30, Phụ lục I, Phần I, Mục II.6 (nội dung: căn cứ ban hành). The block is the run of
consecutive paragraphs starting "Căn cứ" right under the tên loại and trích yếu, before the body
proper (TT 01/2011's final "," is no longer right). A Quyết định's competence line in capitals
above it ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", centred) is skipped, and the "Theo đề nghị của …"
(or "Xét đề nghị …") lines after it close the block, as in Phụ lục III, mẫu 1.2: then those
end the block with "." and every "Căn cứ" line ends with ";". A paragraph starting "Căn cứ"
further on is body text ("Căn cứ chức năng, nhiệm vụ được giao, …"), and so is one ending ":",
the sentence that introduces the body ("Căn cứ …, Ủy ban nhân dân tỉnh ban hành Kế hoạch … như
sau:"). A document without a tên loại (a công văn) has no căn cứ block.
"""

from __future__ import annotations

import re

from khcn_docs.checks import kinds
from khcn_docs.checks.expect import expect_italic, problem
from khcn_docs.vn import is_caps

ID = "can-cu"
CLAUSE = "Phụ lục I, Phần I, Mục II.6"
TITLE_VI = "Căn cứ: in nghiêng, mỗi dòng kết thúc “;”, dòng cuối “.”"
OPENS = ("Căn cứ",)
CLOSES = ("Theo đề nghị", "Xét đề nghị")
"""How the block's lines start: the căn cứ themselves, then the proposal lines that close it."""
_NUMBERED = re.compile(r"^([IVXLC]+|\d+)\.")


def check(lay, opts):
    """Yield problems for the căn cứ block: italics and final punctuation."""
    lines = block(lay)
    for n, para in enumerate(lines):
        yield from expect_italic(ID, para, True, "can-cu")
        end = "." if n == len(lines) - 1 else ";"
        if not para.text.rstrip().endswith(end):
            yield problem(ID, "list.end", para, expected=end)


def block(lay) -> list:
    """Return the căn cứ lines: the paragraphs starting "Căn cứ" that open the body of a document
    with a tên loại (empty ones and a competence line skipped), then its "Theo đề nghị" lines, up
    to the first other one or one ending ":"; [] when none."""
    if lay.title is None or lay.kind == kinds.CONG_VAN:
        return []
    paras = [p for p in lay.body if p.text.strip()]
    start = 0
    while start < min(2, len(paras)) and _competence(paras[start]):
        start += 1
    out = []
    for para in paras[start:]:
        text = para.text.strip()
        closing = out and text.startswith(CLOSES)
        if text.endswith(":") or not (closing or text.startswith(OPENS) and not _closed(out)):
            break
        out.append(para)
    return out


def _competence(para) -> bool:
    """Return True for a Quyết định's competence line: centred capitals, not a numbered heading."""
    text = para.text.strip()
    return para.align == "center" and is_caps(text) and not _NUMBERED.match(text)


def _closed(lines) -> bool:
    """Return True when the block already has its closing "Theo đề nghị" line."""
    return bool(lines) and lines[-1].text.strip().startswith(CLOSES)
