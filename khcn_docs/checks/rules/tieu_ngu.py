"""tieu-ngu: "Độc lập - Tự do - Hạnh phúc", bold, 13–14 pt, with a line under it.

NĐ30, Phụ lục I, Phần I, Mục II.1 (ô số 1): the phrases are joined by a hyphen with a space on
each side (an en dash "–" is flagged); each phrase starts with a capital; a solid line is drawn
under the motto. The line may be a bottom border of the paragraph, a drawn line shape, or a
typed line of underscores on the next line of the same column; the motto's own letters are not
underlined.
"""

from __future__ import annotations

from khcn_docs.checks.expect import expect_format, expect_not_underlined, missing, part, problem
from khcn_docs.checks.segments import fold

ID = "tieu-ngu"
CLAUSE = "Phụ lục I, Phần I, Mục II.1"
TITLE_VI = "Tiêu ngữ: đúng chữ, gạch nối có cách, đậm, cỡ 13–14, có đường kẻ dưới"
TEXT = "Độc lập - Tự do - Hạnh phúc"


def check(lay, opts):
    """Yield problems for a missing or wrong Tiêu ngữ, its format and the line under it."""
    found = lay.find("tieu-ngu")
    if not found:
        yield missing(ID, "tieu-ngu")
        return
    seg = found[0]
    text = fold(seg.text)
    if "–" in text or "—" in text:
        yield problem(ID, "motto.dash", seg, found=text, expected=TEXT)
    elif text != TEXT:
        yield problem(ID, "text.wrong", seg, part=part("tieu-ngu"), found=text, expected=TEXT)
    yield from expect_format(ID, seg, "tieu-ngu", size=opts["size"], bold=True, italic=False)
    yield from expect_not_underlined(ID, seg, "tieu-ngu")
    if not lay.line_after(seg):
        yield problem(ID, "line.missing", seg, part=part("tieu-ngu"))
