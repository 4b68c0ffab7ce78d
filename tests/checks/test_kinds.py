"""Document kind detection and the Phụ lục III abbreviations."""

from __future__ import annotations

import pytest

from khcn_docs.checks import kinds


@pytest.mark.parametrize("title,has_vv,symbol,expected", [
    ("KẾ HOẠCH", False, "Số: 05/KH-UBND", "ke-hoach"),
    ("Báo  cáo", False, None, "bao-cao"),
    ("TỜ TRÌNH", False, "Số: 05/KH-UBND", "to-trinh"),
    (None, True, "Số: 12/UBND-VP", "cong-van"),
    (None, False, "Số:      /TB-SKHCN", "thong-bao"),
    (None, False, "Số: 15/QĐ-UBND", "quyet-dinh"),
    (None, False, "Số: 12/UBND-VP", "cong-van"),
    (None, False, "Số: 3/QyĐ-SKHCN", "quy-dinh"),
    ("PHÒNG CHÁY", False, None, "unknown"),
    ("Công văn", False, None, "cong-van"),  # a công văn has no tên loại, but a clerk may type one
])
def test_detect(title, has_vv, symbol, expected):
    assert kinds.detect(title, has_vv, symbol) == expected


def test_abbreviations_follow_phu_luc_iii():
    assert [kinds.abbreviation(k) for k in ("ke-hoach", "bao-cao", "to-trinh", "chuong-trinh")] == \
        ["KH", "BC", "TTr", "CTr"]
    assert kinds.abbreviation("cong-van") is None
