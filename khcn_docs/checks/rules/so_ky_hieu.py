"""so-ky-hieu: "Số: 05/KH-UBND" — pattern, leading zero, type abbreviation, size 13 pt.

NĐ30, Phụ lục I, Phần I, Mục II.3 and Phụ lục III (chữ viết tắt tên loại). "Số" and a colon,
the number (below 10 with a leading zero: 01…09), "/", then the ký hiệu: for a named document
the Phụ lục III abbreviation of its type first (KH for kế hoạch, BC for báo cáo…); for a công
văn the issuer and unit abbreviations, never a type abbreviation. A draft may leave the number
blank ("Số:      /KH-UBND"). Upright, not bold.
"""

from __future__ import annotations

import re

from khcn_docs.checks import kinds
from khcn_docs.checks.expect import expect_format, missing, problem

ID = "so-ky-hieu"
CLAUSE = "Phụ lục I, Phần I, Mục II.3; Phụ lục III"
TITLE_VI = "Số, ký hiệu: đúng dạng, số 0 phía trước, chữ viết tắt tên loại đúng Phụ lục III"
PATTERN = re.compile(
    r"^Số: (?P<num>[0-9]+|\s*)/(?P<sym>[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9&]*)+)$")


def check(lay, opts):
    """Yield problems for the "Số:" line: presence, pattern, number, abbreviation and format."""
    found = lay.find("so")
    if not found:
        if lay.header:
            yield missing(ID, "so")
        return
    seg = found[0]
    yield from _pattern(lay, seg)
    yield from expect_format(ID, seg, "so", size=opts["size"], bold=False, italic=False)


def _pattern(lay, seg):
    """Yield problems about the text of the "Số:" line."""
    text = seg.text.replace("\u00a0", " ")
    m = PATTERN.match(re.sub(r"(?<=:)\s+(?=\d)", " ", text)) or PATTERN.match(text)
    if not m:
        yield problem(ID, "so.pattern", seg, found=text)
        return
    number = m.group("num").strip()
    if number and (len(number) == 1 or (number.startswith("0") and int(number) >= 10) or number == "00"):
        yield problem(ID, "so.zero", seg, found=number, expected=f"{int(number):02d}")
    first = m.group("sym").split("-")[0]
    expected = kinds.abbreviation(lay.kind)
    if lay.kind == kinds.CONG_VAN and first in kinds.ABBREVIATIONS:
        yield problem(ID, "so.cong_van", seg, found=first)
    elif expected and first != expected:
        yield problem(ID, "so.abbr", seg, found=first, expected=expected,
                      kind=kinds.type_name(lay.kind).capitalize())
