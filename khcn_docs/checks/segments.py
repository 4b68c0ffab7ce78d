"""Split paragraphs into segments (lines between tabs and line breaks) and name what each holds.

Word users lay the header out either as a two-column table or as plain paragraphs with tabs
("ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …"); both become the same list of segments, each with its column.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from khcn_docs.checks.model import Para, Run, Segment
from khcn_docs.vn import is_caps

_SPLIT = re.compile(r"([\t\n])")
_WS = re.compile(r"\s+")
PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s")
SIGNER_TITLES = ("CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG", "THỦ TƯỚNG", "ỦY VIÊN", "CHỦ NHIỆM", "THƯ KÝ", "BÍ THƯ",
                 "CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "CHÁNH ÁN", "VIỆN KIỂM SÁT", "TỔNG KIỂM TOÁN",
                 "ỦY BAN", "HỘI ĐỒNG")
"""Words of a signer's title (chức vụ) or collective that a person's name never holds."""
STAMPS = ("HỎA TỐC HẸN GIỜ", "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN", "TUYỆT MẬT", "TỐI MẬT", "MẬT")
"""Stamps a header may carry under the V/v line: độ mật (ô 10a) and mức độ khẩn (ô 10b), NĐ30 Phụ
lục I, Mục II.10 — a line holding only one of them is a stamp, never an organisation name."""
DATE_HINT = re.compile(r"\bngày\b.*\btháng\b.*\bnăm\b", re.I | re.S)


def fold(text: str) -> str:
    """Return ``text`` NFC with whitespace runs (NBSP included) folded to one space, stripped."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def canon(text: str) -> str:
    """Return ``text`` folded and capitalised, with "HOÀ"/"HÒA"-style accent positions unified."""
    text = fold(text).upper()
    return text.replace("OÀ", "ÒA").replace("OẢ", "ỎA").replace("UỶ", "ỦY").replace("OÁ", "ÓA")


def split(para: Para) -> list[Segment]:
    """Return the non-empty segments of ``para``, split at tabs and line breaks, with columns.

    In a table cell the column is the cell's (first column ``left``); in a plain paragraph the
    first of two or more tab-separated pieces is ``left`` and the others ``right``; a single
    piece is ``right`` when a tab precedes it, else ``left``.
    """
    lines: list[list[list[tuple[str, Run | None]]]] = [[[]]]
    prefix = para.text[: len(para.text) - sum(len(r.text) for r in para.runs)]
    if prefix:
        lines[0][0].append((prefix, None))
    for run in para.runs:
        for chunk in _SPLIT.split(run.text):
            if chunk == "\t":
                lines[-1].append([])
            elif chunk == "\n":
                lines.append([[]])
            elif chunk:
                lines[-1][-1].append((chunk, run))
    out: list[Segment] = []
    for pieces in lines:
        out.extend(_line_segments(para, pieces))
    return out


def _line_segments(para: Para, pieces) -> list[Segment]:
    """Return the segments of one line of ``para`` given its tab-separated pieces."""
    texts = ["".join(t for t, _ in piece) for piece in pieces]
    filled = [i for i, t in enumerate(texts) if t.strip()]
    out = []
    for n, i in enumerate(filled):
        if para.cell:
            column = "left" if para.cell[2] == 0 else "right"
        elif len(filled) > 1:
            column = "left" if n == 0 else "right"
        else:
            column = "right" if i > 0 else "left"
        runs = tuple(dataclasses.replace(r, text=t) for t, r in pieces[i] if r is not None)
        out.append(Segment(para=para, text=fold(texts[i]), runs=runs, column=column))
    return out


def header_role(text: str) -> str:
    """Return what a header segment holds.

    One of ``quoc-hieu``, ``tieu-ngu``, ``rule`` (a line of underscores), ``so``, ``vv``,
    ``place-date``, ``stamp`` (one of ``STAMPS``: "KHẨN", "MẬT"…), ``org`` (capitalised text) or
    ``other``.
    """
    up = canon(text)
    if up in STAMPS:
        return "stamp"
    if up.startswith("CỘNG HÒA"):
        return "quoc-hieu"
    if up.startswith("ĐỘC LẬP"):
        return "tieu-ngu"
    if is_rule(text):
        return "rule"
    if re.match(r"^SỐ\s*[:.]?\s*(\d|/|:|$)", up):
        return "so"
    if re.match(r"^V\s*/\s*V\b", up):
        return "vv"
    if DATE_HINT.search(text):
        return "place-date"
    return "org" if is_caps(text) else "other"


def is_rule(text: str) -> bool:
    """Return True when ``text`` is a typed line: only underscores (at least 3) and spaces."""
    stripped = text.replace(" ", "")
    return len(stripped) >= 3 and set(stripped) == {"_"}


def is_signer_title(text: str) -> bool:
    """Return True when a signature line is a title, not a name: a prefix (TM./KT./…), a line in
    capitals holding a title word of ``SIGNER_TITLES`` ("PHÓ CHỦ TỊCH", "GIÁM ĐỐC"), or one in any
    case that starts with such a word or "Phó". A name in ordinary case that merely holds such a
    word (a given name "Trưởng": "Lê Văn Trưởng") is a name."""
    folded = canon(text)
    words = f" {folded} "
    held = any(f" {w} " in words for w in SIGNER_TITLES)
    starts = folded.startswith("PHÓ ") or any(folded.startswith(f"{w} ") or folded == w for w in SIGNER_TITLES)
    return bool(PREFIX.match(folded)) or (held and is_caps(text)) or starts


def signature_role(text: str, column: str | None = None) -> str:
    """Return what a signature-block segment holds.

    One of ``label`` ("Nơi nhận:"), ``item`` (a "- …" recipient line), ``placeholder`` (a line in
    parentheses), ``title`` (capitals: "KT. CHỦ TỊCH") or ``text`` (the signer's name, or other).
    ``column`` (``left`` for a signature table's left cell) forces Nơi nhận roles.
    """
    up = canon(text)
    if up.startswith("NƠI NHẬN"):
        return "label"
    if text.lstrip().startswith(("-", "–", "+", "•")) or column == "left":
        return "item"
    if text.lstrip().startswith("("):
        return "placeholder"
    return "title" if is_caps(text) else "text"
