"""signature: quyền hạn prefix TM./KT./TL./TUQ./Q., titles in capitals bold 13–14 pt, the
signer's name bold 13–14 pt with no academic title before it.

NĐ30, Phụ lục I, Phần I, Mục II.7 (ô số 7a, 7b). Old or Party forms ("T/M", "K/T", "TM" without
a full stop) and small letters ("Tm.", "kt.") are flagged on every title line, not only the
first ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH"). The name is the last line of the signer column;
the lines above it are titles, in capitals or not ("Phó Chủ tịch" is flagged); the lines in
parentheses (signature placeholders) are ignored. The name is in normal case: neither all
capitals ("NGUYỄN VĂN MINH") nor a word in small letters ("nguyễn văn minh", "Nguyễn văn
Minh"). No academic title ("TS.", "PGS.TS", "GS. TSKH", spelled out: "Thạc sĩ", "Phó Giáo sư,
Tiến sĩ"; the whole run of titles is one fault) and no courtesy title ("Ông", "Bà", "Đồng chí")
stands before the name; a title is read as such only before a name of two words or more
("Đồng Chí Thanh", "Ông Văn Tùng" are names). A last line that is itself a title ("GIÁM ĐỐC",
"PHÓ CHỦ TỊCH": a prefix or a title word such as CHỦ TỊCH, GIÁM ĐỐC, TRƯỞNG) means the name is
missing.
"""

from __future__ import annotations

import re

from khcn_docs.checks.expect import expect_caps, expect_format, missing, problem
from khcn_docs.checks.segments import PREFIX
from khcn_docs.names import name_faults

ID = "signature"
CLAUSE = "Phụ lục I, Phần I, Mục II.7"
TITLE_VI = "Chữ ký: TM./KT./TL./TUQ./Q., chức vụ in hoa đậm, họ tên đậm, không ghi học hàm"
WRONG_PREFIX = re.compile(r"^(T/M|K/T|T/L|T\.M\.?|K\.T\.?|TM|KT|TL|TUQ|Q)(?=[\s./]|$)", re.I)


def check(lay, opts):
    """Yield problems for the signer's titles and name."""
    titles, names = lay.sign("title"), lay.sign("name")
    if not titles and not names:
        if lay.signature or lay.kind != "unknown":
            yield missing(ID, "signer")
        return
    for seg in titles:
        if not PREFIX.match(seg.text) and WRONG_PREFIX.match(seg.text):
            yield problem(ID, "sign.prefix", seg, found=seg.text.split()[0])
        yield from expect_caps(ID, seg, "signer-title")
        yield from expect_format(ID, seg, "signer-title", size=opts["size"], bold=True, italic=False)
    if titles and not names:
        yield problem(ID, "sign.no_name", titles[-1], found=titles[-1].text)
    for seg in names:
        yield from _name(seg, opts)


def _name(seg, opts):
    """Yield problems for the signer's name line."""
    for key, params in name_faults(seg.text):
        yield problem(ID, key, seg, **params)
    yield from expect_format(ID, seg, "signer-name", size=opts["size"], bold=True, italic=False)
