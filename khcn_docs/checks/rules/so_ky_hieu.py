"""so-ky-hieu: "Số: 05/KH-UBND" — pattern, leading zero, type abbreviation, size 13 pt.

NĐ30, Phụ lục I, Phần I, Mục II.3 and Phụ lục III (chữ viết tắt tên loại). "Số" and a colon,
the number (from 01; below 10 with one leading zero: 01…09, none from 10 on), "/", then the
ký hiệu: for a named document the Phụ lục III abbreviation of its type first (KH for kế
hoạch, BC for báo cáo…); for a công văn the issuer and unit abbreviations, never a type
abbreviation. Some issuers' own abbreviations are also type abbreviations (Thanh tra tỉnh
"TTr", Cục Thuế "CT"): a công văn symbol whose first group abbreviates the issuer's name in the
header passes; one whose second group does ("KH-SKHCN") is an error; any other is only a
warning, since the file cannot tell.
A draft may leave the number blank ("Số:      /KH-UBND", "Số: …/KH-UBND"). Upright, not bold.
"""

from __future__ import annotations

import re

from khcn_docs import vn
from khcn_docs.checks import kinds
from khcn_docs.checks.expect import DRAFT_BLANK, expect_format, missing, problem
from khcn_docs.checks.rules.issuer_name import name_lines, split_names

ID = "so-ky-hieu"
CLAUSE = "Phụ lục I, Phần I, Mục II.3; Phụ lục III"
TITLE_VI = "Số, ký hiệu: đúng dạng, số 0 phía trước, chữ viết tắt tên loại đúng Phụ lục III"
PATTERN = re.compile(
    rf"^Số: (?P<num>[0-9]+|\s*(?:{DRAFT_BLANK}\s*)?)/(?P<sym>[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9&]*)+)$")


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
    number = m.group("num").strip().strip("….")  # a draft's blank: spaces, "…" or "..."
    if number and int(number) == 0:
        yield problem(ID, "so.no_number", seg, found=number)
    elif number and number != f"{int(number):02d}":
        yield problem(ID, "so.zero", seg, found=number, expected=f"{int(number):02d}")
    groups = m.group("sym").split("-")
    first, expected = groups[0], kinds.abbreviation(lay.kind)
    if lay.kind == kinds.CONG_VAN:
        yield from _cong_van(lay, seg, groups)
    elif expected and first != expected:
        yield problem(ID, "so.abbr", seg, found=first, expected=expected,
                      kind=kinds.type_name(lay.kind).capitalize())


def _cong_van(lay, seg, groups):
    """Yield a problem when a công văn symbol starts with a type abbreviation that is not the issuer's.

    An error when a later group abbreviates the issuer's name ("KH-SKHCN": the type stands before
    the issuer), a warning when no group does (the first may be the issuer's own abbreviation).
    """
    first = groups[0]
    if first not in kinds.ABBREVIATIONS:
        return
    issuer = " ".join(s.text for s in split_names(name_lines(lay))[1])
    if abbreviates(first, issuer):
        return
    if any(abbreviates(g, issuer) for g in groups[1:]):
        yield problem(ID, "so.cong_van", seg, found=first)
        return
    prob = problem(ID, "so.cong_van_ambiguous", seg, found=first,
                   kind=kinds.type_name(kinds.ABBREVIATIONS[first]).capitalize())
    prob.severity = "warning"
    yield prob


def abbreviates(abbr: str, name: str) -> bool:
    """Return True when ``abbr`` reads as an abbreviation of ``name``.

    Its capitals are initials of the name's words in order, the first one the first word's (words
    may be skipped: "SKHCN" for "SỞ KHOA HỌC VÀ CÔNG NGHỆ"); its small letters follow within the
    word just begun ("TTr" for "THANH TRA TỈNH", "CT" for "CỤC THUẾ TỈNH …").
    """
    words = vn.no_diacritics(name).upper().replace("-", " ").split()
    abbr = vn.no_diacritics(abbr)
    return bool(words and abbr) and words[0][0] == abbr[0] and _follows(abbr[1:], words, 0, 1)


def _follows(abbr: str, words: list[str], w: int, pos: int) -> bool:
    """Return True when ``abbr`` matches from word ``w``, letter ``pos`` on (see ``abbreviates``)."""
    if not abbr:
        return True
    c = abbr[0]
    if c.isupper():
        return any(words[j][0] == c and _follows(abbr[1:], words, j, 1) for j in range(w + 1, len(words)))
    k = words[w].find(c.upper(), pos)
    return k >= 0 and _follows(abbr[1:], words, w, k + 1)
