"""can-cu: căn cứ lines are italic, each ends with ";" and the last with ".".

NĐ30, Phụ lục I, Phần I, Mục II.6 (nội dung: căn cứ ban hành). The block is the run of
consecutive body paragraphs starting "Căn cứ" (TT 01/2011's final "," is no longer right).
"""

from __future__ import annotations

from khcn_docs.checks.expect import expect_italic, problem

ID = "can-cu"
CLAUSE = "Phụ lục I, Phần I, Mục II.6"
TITLE_VI = "Căn cứ: in nghiêng, mỗi dòng kết thúc “;”, dòng cuối “.”"


def check(lay, opts):
    """Yield problems for each căn cứ block: italics and final punctuation."""
    for block in blocks(lay.body):
        for n, para in enumerate(block):
            yield from expect_italic(ID, para, True, "can-cu")
            end = "." if n == len(block) - 1 else ";"
            if not para.text.rstrip().endswith(end):
                yield problem(ID, "list.end", para, expected=end)


def blocks(paras):
    """Return the runs of consecutive paragraphs starting with "Căn cứ" (empty ones skipped)."""
    out, current = [], []
    for para in paras:
        if not para.text.strip():
            continue
        if para.text.lstrip().startswith("Căn cứ"):
            current.append(para)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out
