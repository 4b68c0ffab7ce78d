"""ten-loai-trich-yeu: tên loại (capitals, bold, 13–14 pt, centred) and trích yếu (bold,
normal case, 13–14 pt, centred) with a short line under it.

NĐ30, Phụ lục I, Phần I, Mục II.5 (ô số 5a). A công văn has no tên loại (its trích yếu is the
"V/v" line, see cong-van-vv). The tên loại must match the document's kind (detected, or given
with ``--kind``).
"""

from __future__ import annotations

from khcn_docs.checks import kinds
from khcn_docs.checks.expect import expect_caps, expect_centred, expect_format, missing, part, problem
from khcn_docs.checks.segments import canon
from khcn_docs.vn import is_caps

ID = "ten-loai-trich-yeu"
CLAUSE = "Phụ lục I, Phần I, Mục II.5"
TITLE_VI = "Tên loại (in hoa, đậm) và trích yếu (đậm), căn giữa, cỡ 13–14, có đường kẻ"


def check(lay, opts):
    """Yield problems for the tên loại, the trích yếu and the line under it."""
    if lay.kind == kinds.CONG_VAN:
        if lay.title is not None:
            yield problem(ID, "title.cong_van", lay.title, found=lay.title.text)
        return
    if lay.title is None:
        if lay.kind != kinds.UNKNOWN:
            yield missing(ID, "title")
        return
    yield from _title(lay, opts)
    yield from _summary(lay, opts)


def _title(lay, opts):
    """Yield problems for the tên loại line."""
    seg, want = lay.title, kinds.type_name(lay.kind)
    if want and canon(seg.text) != canon(want):
        yield problem(ID, "title.kind", seg, found=seg.text, expected=want)
    yield from expect_caps(ID, seg, "title")
    yield from expect_centred(ID, seg, "title")
    yield from expect_format(ID, seg, "title", size=opts["size"], bold=True, italic=False)


def _summary(lay, opts):
    """Yield problems for the trích yếu lines and the line under them."""
    if not lay.summary:
        yield problem(ID, "missing", lay.title, part=part("summary"))
        return
    for seg in lay.summary:
        shouted = is_caps(seg.text) or (seg.visible_runs and all(r.caps for r in seg.visible_runs))
        if shouted and len(seg.text) > 12:
            yield problem(ID, "summary.caps", seg)
        yield from expect_centred(ID, seg, "summary")
        yield from expect_format(ID, seg, "summary", size=opts["size"], bold=True, italic=False)
    if not lay.summary_line:
        yield problem(ID, "line.missing", lay.summary[-1], part=part("summary"))
