"""can-cu: căn cứ lines are italic, each ends with ";" and the last with ".".

NĐ30, Phụ lục I, Phần I, Mục II.6 (nội dung: căn cứ ban hành). The block is the run of
consecutive paragraphs starting "Căn cứ" right under the tên loại and trích yếu, before the body
proper (TT 01/2011's final "," is no longer right). A paragraph starting "Căn cứ" further on is
body text ("Căn cứ chức năng, nhiệm vụ được giao, …"), and so is one ending ":", the sentence that
introduces the body ("Căn cứ …, Ủy ban nhân dân tỉnh ban hành Kế hoạch … như sau:"). A document
without a tên loại (a công văn) has no căn cứ block.
"""

from __future__ import annotations

from khcn_docs.checks.expect import expect_italic, problem

ID = "can-cu"
CLAUSE = "Phụ lục I, Phần I, Mục II.6"
TITLE_VI = "Căn cứ: in nghiêng, mỗi dòng kết thúc “;”, dòng cuối “.”"


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
    with a tên loại (empty ones skipped), up to the first other one or one ending ":"; [] when none."""
    if lay.title is None:
        return []
    out = []
    for para in lay.body:
        text = para.text.strip()
        if not text:
            continue
        if not text.startswith("Căn cứ") or text.endswith(":"):
            break
        out.append(para)
    return out
