"""quoc-hieu: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", capitals, bold, 12–13 pt.

NĐ30, Phụ lục I, Phần I, Mục II.1 (Quốc hiệu và Tiêu ngữ, ô số 1). Both spellings "CỘNG HÒA" and
"CỘNG HOÀ" are accepted (the decree itself uses both).
"""

from __future__ import annotations

from khcn_docs.checks.expect import expect_caps, expect_format, missing, part, problem
from khcn_docs.checks.segments import canon

ID = "quoc-hieu"
CLAUSE = "Phụ lục I, Phần I, Mục II.1"
TITLE_VI = "Quốc hiệu: đúng chữ, in hoa, đậm, cỡ 12–13"
TEXT = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def check(lay, opts):
    """Yield problems for a missing, misspelt or wrongly formatted Quốc hiệu."""
    found = lay.find("quoc-hieu")
    if not found:
        yield missing(ID, "quoc-hieu")
        return
    seg = found[0]
    if canon(seg.text) != TEXT:
        yield problem(ID, "text.wrong", seg, part=part("quoc-hieu"), found=seg.text, expected=TEXT)
    yield from expect_caps(ID, seg, "quoc-hieu")
    yield from expect_format(ID, seg, "quoc-hieu", size=opts["size"], bold=True, italic=False)
