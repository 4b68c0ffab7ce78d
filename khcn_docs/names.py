"""How ND30 wants the signer's name written (Phụ lục I, Phần I, Mục II.7, ô 7b): the full name in
normal case ("Nguyễn Văn Minh"), with no academic or courtesy title before it.

One reading for the checker's ``signature`` rule (a name in a .docx) and for the spec's warnings (a
name in ``signers.yaml``), so that ``build`` warns of exactly what ``check`` would report; kept out
of ``khcn_docs.checks`` so that loading a plan does not import the checker.
"""

from __future__ import annotations

import re

from khcn_docs.vn import is_caps

TITLES = (r"GS|PGS|TS|TSKH|ThS|Th\.S|KS|BS|CN|NGƯT|NGND",
          r"(?:Phó\s+)?Giáo\s+sư|Tiến\s+s[ĩỹ](?:\s+khoa\s+học)?|Thạc\s+s[ĩỹ]|Kỹ\s+sư|Bác\s+s[ĩỹ]|Cử\s+nhân")
ACADEMIC = re.compile(rf"^(?:(?:{'|'.join(TITLES)})(?!\w)\.?[\s,.-]*)+", re.I)
"""One academic title or more before a name: abbreviated, alone or joined ("TS.", "PGS.TS",
"GS. TSKH"), or spelled out ("Thạc sĩ", "Phó Giáo sư, Tiến sĩ")."""
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Đinh", "Trương", "Trịnh", "Lương", "Lưu", "Mai", "Cao", "Hà",
            "Lâm", "Phùng", "Tô", "Thái", "Tạ", "Chu", "Quách", "Kiều", "Hứa", "La", "Triệu", "Nông")
HONORIFIC = re.compile(rf"^(Đồng chí(?!\w)|Đ/c\.?|(?:Ông|Bà|Ô\.|B\.)(?=\s+(?:{'|'.join(SURNAMES)})\s))"
                       r"(?=\s*\S+\s+\S)\s*", re.I)
"""A courtesy title before a name of at least two words: "Đồng chí", "Đ/c", or "Ông"/"Bà" before a
common surname (Ông and Đồng are surnames too: "Ông Văn Tùng", "Đồng Chí Thanh" are names)."""
CASE_FAULTS = ("sign.name_caps", "sign.name_lower")
"""The faults of a name's letters (the others are a title before it)."""


def name_faults(text: str) -> list[tuple[str, dict]]:
    """Return (``check.`` message key, its parameters) for each thing ND30 forbids in the signer's
    name ``text``: an academic or courtesy title before it, all capitals, a word in small letters
    ("nguyễn văn minh", "Nguyễn văn Minh"); empty for a name written "Nguyễn Văn Minh"."""
    faults = []
    rest = text.strip()
    if m := ACADEMIC.match(rest):
        faults.append(("sign.academic", {"found": m.group(0).strip(" ,-")}))
        rest = rest[m.end():].strip()
    if h := HONORIFIC.match(rest):
        faults.append(("sign.honorific", {"found": h.group(0).strip()}))
        rest = rest[h.end():].strip()
    if is_caps(rest):
        faults.append(("sign.name_caps", {}))
    elif small := [word for word in rest.split() if _initial(word).islower()]:
        faults.append(("sign.name_lower", {"found": small[0]}))
    return faults


def mended(text: str) -> str:
    """Return the name ``text`` as ND30 wants it: no title before it, and when its case is wrong
    each word started with a capital, the rest in small letters ("NGUYỄN VĂN MINH" -> "Nguyễn Văn Minh")."""
    rest = text.strip()
    for pattern in (ACADEMIC, HONORIFIC):
        if m := pattern.match(rest):
            rest = rest[m.end():].strip()
    if not any(key in CASE_FAULTS for key, _ in name_faults(rest)):
        return rest
    return " ".join(word[:1].upper() + word[1:].lower() for word in rest.split())


def _initial(word: str) -> str:
    """Return the first letter of ``word`` ("" when it has none)."""
    return next((c for c in word if c.isalpha()), "")
