"""Each rule: the conformant documents pass, and each mutation yields exactly the expected rules."""

from __future__ import annotations

import pytest

from .conftest import BLANK, build, rule_ids
from .mutations import (
    Cm, Mm, Pt, align, insert_before, insert_plain_before, body_table, chain, clear_page_field, delete, fmt, landscape,
    empty_after, footer_run, loose_signature, nfd,
    no_first_page, pf, section, stamp_after, styled_before, text,
)

VARIANTS = [("ke-hoach", "table"), ("ke-hoach", "tabs"), ("cong-van", "table"), ("cong-van", "tabs")]


@pytest.mark.parametrize("signature", ["table", "tabs"])
@pytest.mark.parametrize("kind,header", VARIANTS)
def test_conformant_document_passes(tmp_path, kind, header, signature):
    doc, _ = build(kind, header, signature)
    assert rule_ids(doc, tmp_path) == []


@pytest.mark.parametrize("kind,header", VARIANTS)
def test_issued_number_and_date_pass(tmp_path, kind, header):
    doc, h = build(kind, header)
    text("so", " " + BLANK, " 05")(doc, h)
    text("place-date", f"ngày{BLANK}tháng{BLANK}", "ngày 05 tháng 02 ")(doc, h)
    assert rule_ids(doc, tmp_path) == []


# (id, mutation, expected rule ids) for a kế hoạch; each runs with both header layouts.
KE_HOACH = [
    ("letter-paper", section(page_width=Mm(216), page_height=Mm(279)), ["page-size"]),
    ("landscape-a4", landscape(), []),
    ("left-margin-25", section(left_margin=Mm(25)), ["margins"]),
    ("top-margin-30", section(top_margin=Mm(30)), ["margins"]),
    ("right-margin-25", section(right_margin=Mm(25)), ["margins"]),
    ("bottom-margin-15", section(bottom_margin=Mm(15)), ["margins"]),
    ("arial-run", fmt("body-1", "kịp thời", font="Arial"), ["font-family"]),
    ("red-text", fmt("body-1", "kịp thời", color="FF0000"), ["font-color"]),
    ("nfd-text", nfd("body-1"), ["text-nfc"]),
    ("tcvn3-text", text("body-1", "Triển khai kịp thời", "Céng hßa x· héi chñ nghÜa ViÖt Nam"),
     ["legacy-encoding"]),
    ("vntime-font", fmt("body-1", "kịp thời", font=".VnTime"), ["font-family", "legacy-encoding"]),
    ("qh-not-bold", fmt("quoc-hieu", "CỘNG", bold=False), ["quoc-hieu"]),
    ("qh-14pt", fmt("quoc-hieu", "CỘNG", size=14), ["quoc-hieu"]),
    ("qh-hoa-spelling", text("quoc-hieu", "CỘNG HÒA", "CỘNG HOÀ"), []),
    ("qh-lower-case", text("quoc-hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                           "Cộng hòa xã hội chủ nghĩa Việt Nam"), ["quoc-hieu"]),
    ("qh-misspelt", text("quoc-hieu", "CHỦ NGHĨA", "CHỦ NGHIÃ"), ["quoc-hieu"]),
    ("motto-en-dash", text("tieu-ngu", "lập - Tự", "lập – Tự"), ["tieu-ngu"]),
    ("motto-no-spaces", text("tieu-ngu", "lập - Tự", "lập-Tự"), ["tieu-ngu"]),
    ("motto-12pt", fmt("tieu-ngu", "Độc", size=12), ["tieu-ngu"]),
    ("motto-no-line", text("motto-line", "_" * 25, ""), ["tieu-ngu"]),
    ("motto-line-short", text("motto-line", "_" * 25, "_" * 15), ["rule-length"]),
    ("motto-line-long", text("motto-line", "_" * 25, "_" * 30), ["rule-length"]),
    ("issuer-line-long", text("issuer-line", "_" * 10, "_" * 20), ["rule-length"]),
    ("issuer-line-short", text("issuer-line", "_" * 10, "_" * 5), ["rule-length"]),
    ("parent-bold", fmt("parent", "ỦY BAN", bold=True), ["issuer-name"]),
    ("issuer-not-bold", fmt("issuer", "SỞ KHOA", bold=False), ["issuer-name"]),
    ("issuer-lower-case", text("issuer", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
     ["issuer-name"]),
    ("issuer-14pt", fmt("issuer", "SỞ KHOA", size=14), ["issuer-name"]),
    ("issuer-no-line", text("issuer-line", "_" * 10, ""), ["issuer-name"]),
    ("number-no-zero", text("so", " " + BLANK, " 5"), ["so-ky-hieu"]),
    ("number-extra-zero", text("so", " " + BLANK, " 012"), ["so-ky-hieu"]),
    ("number-wrong-type", text("so", "/KH-", "/BC-"), ["so-ky-hieu"]),
    ("number-no-colon", text("so", "Số:", "Số"), ["so-ky-hieu"]),
    ("number-bold", fmt("so", "Số", bold=True), ["so-ky-hieu"]),
    ("day-no-zero", text("place-date", f"ngày{BLANK}tháng{BLANK}", "ngày 5 tháng 7 "), ["place-date"]),
    ("month-zero-09", text("place-date", f"ngày{BLANK}tháng{BLANK}", "ngày 15 tháng 09 "),
     ["place-date"]),
    ("month-1-no-zero", text("place-date", f"ngày{BLANK}tháng{BLANK}", "ngày 15 tháng 1 "),
     ["place-date"]),
    ("date-upright", fmt("place-date", "Quảng Trị", italic=False), ["place-date"]),
    ("date-no-comma", text("place-date", "Quảng Trị,", "Quảng Trị"), ["place-date"]),
    ("title-not-bold", fmt("title", bold=False), ["ten-loai-trich-yeu"]),
    ("title-lower", text("title", "KẾ HOẠCH", "Kế hoạch"), ["ten-loai-trich-yeu"]),
    ("title-left", align("title", "left"), ["ten-loai-trich-yeu"]),
    ("title-other-kind", text("title", "KẾ HOẠCH", "BÁO CÁO"), ["so-ky-hieu"]),
    ("summary-caps", text("summary", "Triển khai nhiệm vụ khoa học và công nghệ năm 2025",
                          "TRIỂN KHAI NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ NĂM 2025"), ["ten-loai-trich-yeu"]),
    ("summary-caps-property", lambda d, h: setattr(h["summary"].runs[0].font, "all_caps", True),
     ["ten-loai-trich-yeu"]),
    ("summary-not-bold", fmt("summary", bold=False), ["ten-loai-trich-yeu"]),
    ("summary-no-line", delete("summary-line"), ["ten-loai-trich-yeu"]),
    ("summary-line-short", text("summary-line", "_" * 20, "_" * 8), ["rule-length"]),
    ("can-cu-wrong-end", text("can-cu-1", "2013;", "2013."), ["can-cu"]),
    ("can-cu-last-comma", text("can-cu-2", "tỉnh.", "tỉnh,"), ["can-cu"]),
    ("can-cu-upright", fmt("can-cu-1", italic=False), ["can-cu"]),
    ("can-cu-words-in-body", text("body-1", "Triển khai kịp thời", "Căn cứ chức năng, nhiệm vụ được giao, triển khai"), []),
    ("can-cu-opening-sentence", text("intro", "Sở Khoa học", "Căn cứ Quyết định số 709/QĐ-TTg, Sở Khoa học"), []),
    ("body-12pt", fmt("body-1", size=12), ["body-text"]),
    ("body-left", align("body-1", "left"), ["body-text"]),
    ("body-indent-0.5", pf("body-1", first_line_indent=Cm(0.5)), ["body-text"]),
    ("body-indent-1.27", pf("body-1", first_line_indent=Cm(1.27)), []),
    ("body-no-spacing", pf("body-1", space_before=Pt(0)), ["body-text"]),
    ("body-spacing-after", chain(pf("body-1", space_before=Pt(0)), pf("heading-2", space_after=Pt(6))), []),
    ("body-double-spaced", pf("body-1", line_spacing=2.0), ["body-text"]),
    ("body-1.5-lines", pf("body-1", line_spacing=1.5), []),
    ("body-exact-30pt", pf("body-1", line_spacing=Pt(30)), ["body-text"]),
    ("heading-12pt", fmt("heading-1", size=12), ["body-text"]),
    ("body-all-italic", fmt("body-1", italic=True), ["body-text"]),
    ("body-all-bold", fmt("body-1", bold=True), ["body-text"]),
    ("dash-line-all-bold", fmt("dash", bold=True), ["body-text"]),
    ("body-words-bold", lambda d, h: setattr(h["body-1"].add_run(" Trọng tâm là chất lượng."), "bold", True),
     []),
    ("task-table-11pt", body_table(11), []),
    ("task-table-10pt", body_table(10), ["table-text"]),
    ("sign-old-prefix", text("sign-1", "KT. GIÁM ĐỐC", "K/T GIÁM ĐỐC"), ["signature"]),
    ("sign-no-stop", text("sign-1", "KT. GIÁM ĐỐC", "KT GIÁM ĐỐC"), ["signature"]),
    ("sign-title-not-bold", fmt("sign-2", bold=False), ["signature"]),
    ("sign-second-line-old-prefix", chain(text("sign-1", "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"),
                                          text("sign-2", "PHÓ GIÁM ĐỐC", "K/T. GIÁM ĐỐC")), ["signature"]),
    ("sign-second-line-no-stop", chain(text("sign-1", "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"),
                                       text("sign-2", "PHÓ GIÁM ĐỐC", "KT GIÁM ĐỐC")), ["signature"]),
    ("sign-prefix-lower-case", text("sign-1", "KT. GIÁM ĐỐC", "kt. giám đốc"), ["signature"]),
    ("sign-prefix-small-letter", text("sign-1", "KT.", "Kt."), ["signature"]),
    ("sign-title-lower-case", text("sign-2", "PHÓ GIÁM ĐỐC", "Phó Giám đốc"), ["signature"]),
    ("sign-academic", text("name", "Nguyễn", "TS. Nguyễn"), ["signature"]),
    ("sign-name-not-bold", fmt("name", bold=False), ["signature"]),
    ("sign-name-12pt", fmt("name", size=12), ["signature"]),
    ("recipients-no-colon", text("label", "Nơi nhận:", "Nơi nhận"), ["noi-nhan"]),
    ("recipients-label-upright", fmt("label", italic=False), ["noi-nhan"]),
    ("recipients-label-13pt", fmt("label", size=13), ["noi-nhan"]),
    ("recipient-no-semicolon", text("item-1", "b/c);", "b/c)"), ["noi-nhan"]),
    ("recipient-no-dash", text("item-2b", "- Các", "Các"), ["noi-nhan"]),
    ("recipient-12pt", fmt("item-2b", size=12), ["noi-nhan"]),
    ("luu-no-stop", text("luu", "QLKH.", "QLKH"), ["noi-nhan"]),
    ("luu-no-unit", text("luu", "VT, QLKH.", "VT."), ["noi-nhan"]),
    ("signature-can-split", loose_signature(), ["signature-keep"]),
    ("body-end-not-kept", pf("closing", keep_with_next=False), ["signature-keep"]),
    ("empty-line-before-signature", empty_after("closing", keep=False), ["signature-keep"]),
    ("empty-line-kept-with-signature", empty_after("closing", keep=True), []),
    ("page-number-on-page-1", no_first_page(), ["page-number"]),
    ("page-number-left", align("page-number", "left"), ["page-number"]),
    ("page-number-missing", clear_page_field(), ["page-number"]),
    ("footer-tnr", footer_run(), []),
    ("footer-arial", footer_run(font="Arial"), ["font-family"]),
    ("first-page-footer-arial", footer_run("first_page_footer", font="Arial"), ["font-family"]),
    ("even-page-footer-arial", footer_run("even_page_footer", font="Arial"), ["font-family"]),
    ("footer-red", footer_run(color="FF0000"), ["font-color"]),
    ("first-page-footer-red", footer_run("first_page_footer", color="FF0000"), ["font-color"]),
]

CONG_VAN = [
    ("vv-bold", fmt("vv", "V/v", bold=True), ["cong-van-vv"]),
    ("vv-14pt", fmt("vv", "V/v", size=14), ["cong-van-vv"]),
    ("vv-missing", text("vv", "V/v đôn đốc thực hiện nhiệm vụ khoa học", ""), ["cong-van-vv"]),
    ("cong-van-type-abbr", text("so", "/SKHCN-QLKH", "/KH-SKHCN"), ["so-ky-hieu"]),
    ("sign-only-title-lower-case", chain(text("sign-2", "PHÓ GIÁM ĐỐC", ""),
                                         text("sign-1", "KT. GIÁM ĐỐC", "Giám đốc")), ["signature"]),
    ("sign-only-title", chain(text("sign-2", "PHÓ GIÁM ĐỐC", ""), text("sign-1", "KT. GIÁM ĐỐC", "GIÁM ĐỐC")),
     []),
    ("stamp-khan", stamp_after("vv", "KHẨN"), []),
    ("stamp-thuong-khan", stamp_after("vv", "THƯỢNG KHẨN"), []),
    ("stamp-hoa-toc-hen-gio", stamp_after("vv", "HỎA TỐC HẸN GIỜ"), []),
    ("stamp-mat", stamp_after("vv", "MẬT"), []),
    ("stamp-toi-mat-and-hoa-toc", chain(stamp_after("vv", "HỎA TỐC"), stamp_after("vv", "TỐI MẬT")), []),
    ("no-recipients-signer-title-only", chain(
        text("sign-2", "PHÓ GIÁM ĐỐC", ""), text("sign-1", "KT. GIÁM ĐỐC", "GIÁM ĐỐC"),
        text("label", "Nơi nhận:", ""), text("item-1", "- Như trên;", ""),
        text("item-2b", "- Các phòng, đơn vị thuộc Sở;", ""), text("luu", "- Lưu: VT, QLKH.", "")), ["noi-nhan"]),
    ("kinh-gui-missing", delete("kinh-gui"), ["kinh-gui"]),
    ("kinh-gui-no-colon", text("kinh-gui", "Kính gửi:", "Kính gửi"), ["kinh-gui"]),
    ("kinh-gui-bold", fmt("kinh-gui", bold=True), ["kinh-gui"]),
    ("nhu-tren-not-first", text("item-1", "Như trên", "Sở Tài chính"), ["noi-nhan"]),
    ("cong-van-with-title", insert_before("kinh-gui", "CÔNG VĂN"), ["ten-loai-trich-yeu"]),
    ("cong-van-with-plain-title", insert_plain_before("kinh-gui", "CÔNG VĂN"), ["ten-loai-trich-yeu"]),
    ("cong-van-opening-can-cu", text("intro", "Sở Khoa học và Công nghệ ban hành Kế hoạch triển khai như sau:",
                                     "Căn cứ Kế hoạch số 135/KH-UBND, Sở đề nghị các đơn vị triển khai."), []),
]


def _cases(table, kind):
    """Return test params: each mutation with the table layouts, and with the all-tabs layout."""
    return [pytest.param(kind, layout, fn, want, id=f"{kind}-{layout}-{name}")
            for name, fn, want in table for layout in ("table", "tabs")]


@pytest.mark.parametrize("kind,layout,mutate,expected",
                         _cases(KE_HOACH, "ke-hoach") + _cases(CONG_VAN, "cong-van"))
def test_mutation_yields_exactly_its_rule(tmp_path, kind, layout, mutate, expected):
    doc, h = build(kind, header=layout, signature=layout)
    mutate(doc, h)
    assert rule_ids(doc, tmp_path) == sorted(expected)


def test_given_kind_overrides_detection(tmp_path):
    doc, h = build()
    text("title", "KẾ HOẠCH", "BÁO CÁO")(doc, h)
    assert rule_ids(doc, tmp_path, kind="ke-hoach") == ["ten-loai-trich-yeu"]


# (id, mutation, expected rule ids with a signature table, with the block laid out with tabs):
# "Nơi nhận:" and the first title line share one paragraph when laid out with tabs.
SIGNATURE_LEVEL = [
    ("title-lower-than-label", pf("sign-1", space_before=Pt(12)), ["signature-level"], []),
    ("label-lower-than-title", pf("label", space_before=Pt(12)), ["signature-level"], []),
    ("both-12pt", chain(pf("label", space_before=Pt(12)), pf("sign-1", space_before=Pt(12))), [], []),
    ("half-a-point-apart", chain(pf("label", space_before=Pt(12)), pf("sign-1", space_before=Pt(12.5))),
     [], []),
    ("title-spaced-by-its-style", styled_before("sign-1", Pt(12)), ["signature-level"], []),
    ("both-spaced-by-styles", chain(styled_before("sign-1", Pt(12)), styled_before("label", Pt(12))), [], []),
]


@pytest.mark.parametrize("layout", ["table", "tabs"])
@pytest.mark.parametrize("mutate,with_table,with_tabs", [pytest.param(*case[1:], id=case[0])
                                                         for case in SIGNATURE_LEVEL])
def test_signature_level(tmp_path, layout, mutate, with_table, with_tabs):
    doc, h = build("cong-van", header=layout, signature=layout)
    mutate(doc, h)
    assert rule_ids(doc, tmp_path) == (with_table if layout == "table" else with_tabs)
