"""Rule details found by mutating generated documents: each case states what a clerk should see."""

from __future__ import annotations

import pytest

from .conftest import build, problems
from .mutations import text


@pytest.mark.parametrize("issuer,symbol,severity", [
    ("THANH TRA TỈNH", "TTr-QLKH", None),  # Thanh tra tỉnh's own abbreviation is TTr
    ("CỤC THUẾ TỈNH QUẢNG TRỊ", "CT-TTHT", None),  # Cục Thuế: CT
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "KH-SKHCN", "error"),  # the type abbreviation before the issuer's
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "TTr-QLKH", "warning"),  # cannot tell: maybe another abbreviation
])
def test_cong_van_symbol_starting_like_a_type_abbreviation(tmp_path, issuer, symbol, severity):
    doc, h = build("cong-van")
    text("issuer", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", issuer)(doc, h)
    text("so", "/SKHCN-QLKH", "/" + symbol)(doc, h)
    found = [(p.rule, p.severity) for p in problems(doc, tmp_path) if p.rule == "so-ky-hieu"]
    assert found == ([("so-ky-hieu", severity)] if severity else [])
