"""The generated kế hoạch, read back with python-docx, has the ND30 formatting facts."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from khcn_docs import measure
from tests.render.docx_facts import all_paragraphs, para_value, run_value, text_runs

BODY_STYLES = {"ND30 Body", "ND30 Heading 1", "ND30 Heading 2", "ND30 Heading 3", "ND30 Can Cu"}


def by_text(doc, start: str):
    """Return the first paragraph whose text starts with ``start``."""
    return next(p for p in all_paragraphs(doc) if p.text.startswith(start))


def assert_runs(paragraph, *, size: float, bold: bool | None = None, italic: bool | None = None):
    for run in text_runs(paragraph):
        assert run_value(paragraph, run, "size") == Pt(size), (paragraph.text, run.text)
        if bold is not None:
            assert bool(run_value(paragraph, run, "bold")) is bold, (paragraph.text, run.text)
        if italic is not None:
            assert bool(run_value(paragraph, run, "italic")) is italic, (paragraph.text, run.text)


def test_page_is_a4_portrait_with_nd30_margins(plan_doc):
    section = plan_doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20


def test_every_run_is_times_new_roman_named_explicitly(plan_doc, plan_docx):
    for paragraph in all_paragraphs(plan_doc):
        for run in text_runs(paragraph):
            assert run_value(paragraph, run, "name") == "Times New Roman", paragraph.text
    with zipfile.ZipFile(plan_docx) as zf:
        for name in ("word/styles.xml", "word/document.xml", "word/header1.xml", "word/header2.xml"):
            xml = zf.read(name).decode("utf-8")
            assert "Theme=" not in xml, f"theme font reference in {name}"
        defaults = zf.read("word/styles.xml").decode("utf-8").split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]
        assert re.search(r'w:ascii="Times New Roman"', defaults) and 'w:hAnsi="Times New Roman"' in defaults


def test_header_table_issuer_left_quoc_hieu_right(plan_doc):
    table = plan_doc.tables[0]
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert len(widths) == 2 and widths[0] < widths[1]
    assert abs(sum(widths) / 567 - 16.5) < 0.1  # fills the 165 mm text width
    left, right = table.rows[0].cells
    issuer = next(p for p in left.paragraphs if "ỦY BAN NHÂN DÂN" in p.text)
    assert issuer.text == "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ"
    assert_runs(issuer, size=13, bold=True)
    rule = next(p for p in left.paragraphs if p.text.startswith("___"))
    name_width = measure.text_width_pt("ỦY BAN NHÂN DÂN", 13, True)
    assert 1 / 3 <= len(rule.text) * 6.5 / name_width <= 1 / 2
    quoc_hieu, motto, motto_rule = right.paragraphs[:3]
    assert quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert_runs(quoc_hieu, size=13, bold=True)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert_runs(motto, size=14, bold=True)
    motto_width = measure.text_width_pt(motto.text, 14, True)
    assert abs(len(motto_rule.text) * 7 - motto_width) / motto_width < 0.05
    for p in left.paragraphs + right.paragraphs:
        assert para_value(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_number_and_date_share_a_row_draft_blanks(plan_doc):
    number_cell, date_cell = plan_doc.tables[0].rows[1].cells
    number = number_cell.paragraphs[0]
    assert re.fullmatch(r"Số: +/KH-UBND", number.text)
    assert_runs(number, size=13, bold=False)
    date = date_cell.paragraphs[0]
    assert re.fullmatch(r"Quảng Trị, ngày +tháng +năm 2024", date.text)
    assert_runs(date, size=14, italic=True)


def test_title_and_trich_yeu_centred_bold_with_short_rule(plan_doc):
    paragraphs = all_paragraphs(plan_doc)
    index = next(i for i, p in enumerate(paragraphs) if p.text == "KẾ HOẠCH")
    kind, title, rule = paragraphs[index:index + 3]
    for p in (kind, title):
        assert para_value(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
        assert_runs(p, size=14, bold=True)
    assert title.text.startswith("Thực hiện Quyết định số 709/QĐ-TTg")
    longest = min(measure.text_width_pt(title.text, 14, True), Mm(165).pt)
    assert 1 / 3 <= len(rule.text) * 7 / longest <= 1 / 2


def test_body_paragraphs_follow_nd30(plan_doc):
    body = [p for p in all_paragraphs(plan_doc) if p.style.name in BODY_STYLES and p.text.strip()]
    assert len(body) > 60
    for p in body:
        assert_runs(p, size=14)
        assert para_value(p, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY, p.text
        assert abs(para_value(p, "first_line_indent") - Cm(1)) < Mm(0.1), p.text
        assert para_value(p, "space_before") >= Pt(6), p.text
        assert para_value(p, "line_spacing") in (None, 1.0), p.text


@pytest.mark.parametrize("start, bold", [
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM", True),
    ("1. Mục đích", True),
    ("a) Các Sở, ban, ngành", False),
    ("- Cụ thể hóa", False),
    ("1. Thủ trưởng cơ quan", False),
])
def test_headings_per_level(plan_doc, start, bold):
    assert_runs(by_text(plan_doc, start), size=14, bold=bold)


def test_emphasis_markers_become_italic_runs(plan_doc):
    opening = by_text(plan_doc, "Thực hiện Quyết định số 709/QĐ-TTg ngày 23/7/2024 của Thủ tướng Chính phủ ban hành")
    italic = [r.text for r in opening.runs if run_value(opening, r, "italic")]
    assert italic == ["Quyết định số 709/QĐ-TTg của Thủ tướng Chính phủ", "Kế hoạch số 141-KH/TU của Tỉnh ủy"]
    assert "*" not in opening.text


def test_noi_nhan_and_signer_block(plan_doc):
    left, right = plan_doc.tables[-1].rows[0].cells
    label, *items = [p for p in left.paragraphs if p.text.strip()]
    assert label.text == "Nơi nhận:"
    assert_runs(label, size=12, bold=True, italic=True)
    assert items[-1].text == "- Lưu: VT, KGVX."
    for p in items:
        assert_runs(p, size=11, bold=False, italic=False)
        assert p.text.startswith("- ") and p.text.endswith(";" if p is not items[-1] else ".")
    signer = [p for p in right.paragraphs if p.text.strip()]
    assert [p.text for p in signer] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Đức Tiến"]
    for p in signer:
        assert_runs(p, size=14, bold=True)
        assert para_value(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_page_number_from_page_two_centred_in_header(plan_doc):
    section = plan_doc.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(t.text or "" for t in section.header._element.iter(qn("w:instrText")))
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "fldChar" in header_xml
    first = section.first_page_header._element
    assert not any("PAGE" in (t.text or "") for t in first.iter(qn("w:instrText")))
    assert "fldSimple" not in first.xml
