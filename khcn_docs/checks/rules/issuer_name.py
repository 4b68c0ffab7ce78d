"""issuer-name: tên cơ quan chủ quản (not bold) and cơ quan ban hành (bold), capitals, 12–13 pt,
with a short line under the issuer.

NĐ30, Phụ lục I, Phần I, Mục II.2 (ô số 2). The capitalised lines of the header's left column
are the names: when there are two or more, the lines above the first bold one are the cơ quan chủ
quản (a long name wraps onto several lines; when no line is bold, those of the first paragraph,
else the first line) and the others the cơ quan ban hành — except when the first line is bold
and the next one continues it ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG TRỊ", "… KHOA HỌC" / "VÀ KỸ THUẬT
…"), or the first line is only the kind of body a name starts with ("LIÊN HIỆP CÁC HỘI" /
"KHOA HỌC …", ``header_lines.is_head``): then all lines are one issuer name written on several
lines. The line under the issuer may be a
bottom border, a drawn line or underscores. A line holding only a secrecy or urgency stamp (ô 10a,
10b: MẬT, TỐI MẬT, TUYỆT MẬT, KHẨN, THƯỢNG KHẨN, HỎA TỐC, HỎA TỐC HẸN GIỜ; ``segments.STAMPS``),
as typed under the V/v line, is a stamp, not a name.
"""

from __future__ import annotations

from khcn_docs.checks.expect import expect_caps, expect_format, missing, problem
from khcn_docs.header_lines import is_head

ID = "issuer-name"
CONTINUATION = ("TỈNH ", "THÀNH PHỐ ", "HUYỆN ", "QUẬN ", "THỊ XÃ ", "XÃ ", "PHƯỜNG ", "THỊ TRẤN ",
                "VÀ ", "CỦA ", "TẠI ", "VỀ ", "THUỘC ")
CLAUSE = "Phụ lục I, Phần I, Mục II.2"
TITLE_VI = "Tên cơ quan chủ quản (không đậm) và cơ quan ban hành (đậm), in hoa, cỡ 12–13, có đường kẻ"


def check(lay, opts):
    """Yield problems for the organisation names in the header and the line under the issuer."""
    names = name_lines(lay)
    if not names:
        if lay.header:
            yield missing(ID, "issuer")
        return
    parent, issuer = split_names(names)
    for seg in parent:
        yield from expect_caps(ID, seg, "parent")
        yield from expect_format(ID, seg, "parent", size=opts["size"], bold=False)
    for seg in issuer:
        yield from expect_caps(ID, seg, "issuer")
        yield from expect_format(ID, seg, "issuer", size=opts["size"], bold=True)
    if not lay.line_after(issuer[-1]):
        yield problem(ID, "line.missing", issuer[-1], part=issuer[-1].text)


def name_lines(lay):
    """Return the header's organisation-name lines (those of the left column when it has any)."""
    return [s for s in lay.find("org") if s.column == "left"] or lay.find("org")


def split_names(names):
    """Return ``(parent lines, issuer lines)`` from the capitalised left-column lines: when the
    first line is not bold, the cơ quan chủ quản is every line above the first bold one (a long
    parent name wraps onto several lines); with no bold line, the lines of the first paragraph when
    others follow it, else the first line."""
    if len(names) < 2:
        return [], names
    if _bold(names[0]):
        if names[1].text.upper().startswith(CONTINUATION) or is_head(names[0].text):
            return [], names
        return names[:1], names[1:]
    same_para = sum(seg.para is names[0].para for seg in names)
    unbolded = same_para if same_para < len(names) else 1
    first_bold = next((i for i, seg in enumerate(names) if _bold(seg)), unbolded)
    return names[:first_bold], names[first_bold:]


def _bold(seg) -> bool:
    """Return True when every visible run of ``seg`` is bold."""
    return bool(seg.visible_runs) and all(r.bold for r in seg.visible_runs)
