"""Document kinds (Điều 7) with their type names and Phụ lục III abbreviations, and kind detection.

Detection order: the tên loại line (e.g. ``KẾ HOẠCH``), then a ``V/v`` line (công văn), then the
type abbreviation in the ký hiệu (``Số: 05/KH-UBND`` -> kế hoạch; an unknown first group means
công văn). Returns ``"unknown"`` when none of these is present.
"""

from __future__ import annotations

import re

from khcn_docs.checks.segments import canon

# slug: (TÊN LOẠI in capitals, Phụ lục III abbreviation)
KINDS: dict[str, tuple[str, str]] = {
    "nghi-quyet": ("NGHỊ QUYẾT", "NQ"), "quyet-dinh": ("QUYẾT ĐỊNH", "QĐ"),
    "chi-thi": ("CHỈ THỊ", "CT"), "quy-che": ("QUY CHẾ", "QC"), "quy-dinh": ("QUY ĐỊNH", "QyĐ"),
    "thong-cao": ("THÔNG CÁO", "TC"), "thong-bao": ("THÔNG BÁO", "TB"),
    "huong-dan": ("HƯỚNG DẪN", "HD"), "chuong-trinh": ("CHƯƠNG TRÌNH", "CTr"),
    "ke-hoach": ("KẾ HOẠCH", "KH"), "phuong-an": ("PHƯƠNG ÁN", "PA"), "de-an": ("ĐỀ ÁN", "ĐA"),
    "du-an": ("DỰ ÁN", "DA"), "bao-cao": ("BÁO CÁO", "BC"), "bien-ban": ("BIÊN BẢN", "BB"),
    "to-trinh": ("TỜ TRÌNH", "TTr"), "hop-dong": ("HỢP ĐỒNG", "HĐ"), "cong-dien": ("CÔNG ĐIỆN", "CĐ"),
    "ban-ghi-nho": ("BẢN GHI NHỚ", "BGN"), "ban-thoa-thuan": ("BẢN THỎA THUẬN", "BTT"),
    "giay-uy-quyen": ("GIẤY ỦY QUYỀN", "GUQ"), "giay-moi": ("GIẤY MỜI", "GM"),
    "giay-gioi-thieu": ("GIẤY GIỚI THIỆU", "GGT"), "giay-nghi-phep": ("GIẤY NGHỈ PHÉP", "GNP"),
    "phieu-gui": ("PHIẾU GỬI", "PG"), "phieu-chuyen": ("PHIẾU CHUYỂN", "PC"),
    "phieu-bao": ("PHIẾU BÁO", "PB"),
}
CONG_VAN = "cong-van"
UNKNOWN = "unknown"
ABBREVIATIONS = {abbr: slug for slug, (_, abbr) in KINDS.items()}
_SYMBOL = re.compile(r"/\s*([^\s/-]+)-")


def choices() -> list[str]:
    """Return the kind slugs a user may pass to ``--kind`` (``auto`` first)."""
    return ["auto", CONG_VAN, *sorted(KINDS)]


_NAMES = {canon(name): slug for slug, (name, _) in KINDS.items()} | {"CÔNG VĂN": CONG_VAN}


def kind_of_name(text: str) -> str | None:
    """Return the kind slug whose tên loại is ``text`` (any case/spacing), or None.

    "CÔNG VĂN" gives ``cong-van``: a công văn has no tên loại, but a clerk may type one, and the
    line must then be read as one (and flagged), not as the body's first paragraph.
    """
    return _NAMES.get(canon(text))


def kind_of_symbol(symbol: str) -> str:
    """Return the kind implied by a "Số: …" line: the type abbreviation's kind, else công văn."""
    m = _SYMBOL.search(symbol)
    if not m:
        return UNKNOWN
    return ABBREVIATIONS.get(m.group(1), CONG_VAN)


def detect(title: str | None, has_vv: bool, symbol: str | None) -> str:
    """Return the document kind from its tên loại line, V/v line and "Số:" line (in that order)."""
    if title and kind_of_name(title):
        return kind_of_name(title)
    if has_vv:
        return CONG_VAN
    return kind_of_symbol(symbol) if symbol else UNKNOWN


def abbreviation(kind: str) -> str | None:
    """Return the Phụ lục III abbreviation for ``kind`` (None for công văn and unknown kinds)."""
    return KINDS[kind][1] if kind in KINDS else None


def type_name(kind: str) -> str | None:
    """Return the capitalised tên loại of ``kind`` (None for công văn and unknown kinds)."""
    return KINDS[kind][0] if kind in KINDS else None
