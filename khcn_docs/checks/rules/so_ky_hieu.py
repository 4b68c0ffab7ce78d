"""so-ky-hieu: "Số: 05/KH-UBND" — pattern, leading zero, type abbreviation, size 13 pt.

NĐ30, Phụ lục I, Phần I, Mục II.3 and Phụ lục III (chữ viết tắt tên loại). "Số" and a colon,
the number (from 01; below 10 with one leading zero: 01…09, none from 10 on), "/", then the
ký hiệu: for a named document the Phụ lục III abbreviation of its type first (KH for kế
hoạch, BC for báo cáo…); for a công văn the issuer and unit abbreviations, never a type
abbreviation. Some issuers' own abbreviations are also type abbreviations (Thanh tra tỉnh
"TTr", Cục Thuế "CT"): a công văn symbol whose first group abbreviates the issuer's name in the
header passes; one whose second group does ("KH-SKHCN") is an error; any other is only a
warning, since the file cannot tell. "CV" first ("CV-SKHCN"), as clerks abbreviate "công văn", is
an error unless it abbreviates the issuer: Phụ lục III gives a công văn no type abbreviation.
Both are shown the symbol without it ("Số: 05/SKHCN-QLKH").
A draft may leave the number blank ("Số:      /KH-UBND", "Số: …/KH-UBND"). Upright, not bold.
A line of the wrong form is shown the form for its kind, built from its own abbreviations where
it has them (a công văn "Số 45/SKHCN-QLKH": "Số: 05/SKHCN-QLKH"; a báo cáo "Số 45/BC-SNV":
"Số: 05/BC-SNV"; a công văn "Số: 45/SKHCN": "Số: 05/SKHCN-<đơn vị>", the unit taken from "Lưu: VT,
<đơn vị>."), and what is wrong when it can be told: no colon after "Số", spaces around "/", a
symbol of one group only, a year between number and symbol.
"""

from __future__ import annotations

import re

from khcn_docs import vn
from khcn_docs.checks import kinds
from khcn_docs.checks.expect import DRAFT_BLANK, expect_format, missing, problem
from khcn_docs.checks.rules.issuer_name import name_lines, split_names
from khcn_docs.i18n import t

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
        yield problem(ID, "so.pattern", seg, found=text, why=_why(text), expected=_example(lay, text))
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


_LOOSE = re.compile(r"^Số\s*(?P<colon>:?)\s*(?P<num>[^/]*?)\s*(?:/\s*(?P<mid>[^/]*?)\s*)?/\s*(?P<sym>[^/]*)$")
"""A "Số:" line read loosely: colon or not, number, an extra part ("/2024"), symbol."""
_GROUP = re.compile(r"[A-Za-zĐđ0-9&]+")
_LUU = re.compile(r"Lưu:\s*VT\s*,\s*([A-Za-zĐđ0-9&]+)")
EXAMPLE_UNIT = "VP"
"""The drafting unit shown in a công văn's example when the document names none ("Lưu: VT, …")."""
EXAMPLE_ISSUER = "UBND"
"""The issuer shown in an example when the document's symbol names none."""
CONG_VAN_TYPE = "CV"
"""What clerks put first in a công văn's symbol for "công văn" (Phụ lục III gives it none)."""


def _why(text: str) -> str:
    """Return what is wrong with a "Số:" line of the wrong form, as " (…; …)", or "" when unsure."""
    m = _LOOSE.match(text)
    if not m:
        return ""
    reasons = []
    if not m.group("colon"):
        reasons.append(t("check.so.why.colon"))
    if re.search(r"[0-9….]\s+/|/\s+", text):
        reasons.append(t("check.so.why.spaces"))
    if m.group("mid"):
        reasons.append(t("check.so.why.extra", found=m.group("mid")))
    sym = m.group("sym").strip()
    if sym and "-" not in sym:
        reasons.append(t("check.so.why.one_group", found=sym))
    return f" ({'; '.join(reasons)})" if reasons else ""


def _example(lay, text: str) -> str:
    """Return the "Số: 05/…" form for the document's kind, with the document's own abbreviations."""
    m = _LOOSE.match(text)
    groups = [g if g != g.lower() else g.upper()  # "kh-ubnd" typed in small letters: KH-UBND
              for g in re.split(r"\s*-\s*", m.group("sym").strip()) if _GROUP.fullmatch(g)] if m else []
    abbr = kinds.abbreviation(lay.kind)
    if abbr:
        types = {a.upper() for a in kinds.ABBREVIATIONS}
        rest = groups[1:] if groups and groups[0].upper() in types else groups
        return "Số: 05/" + "-".join([abbr, *(rest or [EXAMPLE_ISSUER])])
    if lay.kind != kinds.CONG_VAN:
        return "Số: 05/" + ("-".join(groups) if len(groups) > 1 else "KH-" + EXAMPLE_ISSUER)
    issuer = _issuer(lay)
    if len(groups) > 1 and _type_like(groups[0]) and not abbreviates(groups[0], issuer):
        groups = groups[1:]
    if len(groups) < 2:
        groups = (groups or [EXAMPLE_ISSUER]) + [_drafting_unit(lay)]
    return "Số: 05/" + "-".join(groups)


def _drafting_unit(lay) -> str:
    """Return the drafting unit of the "- Lưu: VT, <đơn vị>." line, or ``EXAMPLE_UNIT``."""
    for seg in lay.sign("item"):
        m = _LUU.search(seg.text)
        if m:
            return m.group(1)
    return EXAMPLE_UNIT


def _cong_van(lay, seg, groups):
    """Yield a problem when a công văn symbol starts with a type abbreviation that is not the issuer's.

    An error when it is "CV" or a later group abbreviates the issuer's name ("KH-SKHCN": the type
    stands before the issuer), shown the symbol without it; a warning when no group does (the
    first may be the issuer's own abbreviation).
    """
    first = groups[0]
    if not _type_like(first):
        return
    issuer = _issuer(lay)
    if abbreviates(first, issuer):
        return
    if first == CONG_VAN_TYPE or any(abbreviates(g, issuer) for g in groups[1:]):
        key = "so.cong_van_cv" if first == CONG_VAN_TYPE else "so.cong_van"
        yield problem(ID, key, seg, found=first, expected=_example(lay, seg.text.replace("\u00a0", " ")))
        return
    prob = problem(ID, "so.cong_van_ambiguous", seg, found=first,
                   kind=kinds.type_name(kinds.ABBREVIATIONS[first]).capitalize())
    prob.severity = "warning"
    yield prob


def _issuer(lay) -> str:
    """Return the issuer's name as the header's left column prints it (its lines joined)."""
    return " ".join(s.text for s in split_names(name_lines(lay))[1])


def _type_like(group: str) -> bool:
    """Return True when a công văn symbol's ``group`` reads as a type abbreviation ("KH", "CV")."""
    return group in kinds.ABBREVIATIONS or group == CONG_VAN_TYPE


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
