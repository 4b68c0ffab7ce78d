"""cong-van-vv: a công văn has a "V/v …" line under "Số:", 12–13 pt, not bold.

NĐ30, Phụ lục I, Phần I, Mục II.5 (ô số 5b: trích yếu nội dung công văn). Only công văn carry
a V/v line; on other kinds the line is flagged.
"""

from __future__ import annotations

from khcn_docs.checks import kinds
from khcn_docs.checks.expect import expect_format, missing, problem

ID = "cong-van-vv"
CLAUSE = "Phụ lục I, Phần I, Mục II.5"
TITLE_VI = "Công văn có dòng “V/v …” cỡ 12–13, không đậm"


def check(lay, opts):
    """Yield problems for a missing, misplaced or wrongly formatted V/v line."""
    lines = lay.find("vv")
    if lay.kind != kinds.CONG_VAN:
        if lines and lay.kind != kinds.UNKNOWN:
            yield problem(ID, "vv.not_cong_van", lines[0])
        return
    if not lines:
        yield missing(ID, "vv")
        return
    if not lines[0].text.startswith("V/v "):
        yield problem(ID, "vv.form", lines[0], found=lines[0].text[:6])
    for seg in lines:
        yield from expect_format(ID, seg, "vv", size=opts["size"], bold=False, italic=False)
