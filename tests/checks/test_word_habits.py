"""Documents made the way Word users make them: the checker's verdicts, false positives included."""

from __future__ import annotations

from khcn_docs import measure

import copy

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from khcn_docs.checks import reader

from .conftest import build, problems, rule_ids, set_fonts
from .mutations import element

VML_LINE = (f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            '<v:line from="0,0" to="150pt,0" strokeweight="1pt"/></w:pict></w:r>')
DML_LINE = (
    f'<w:r {nsdecls("w", "wp", "a")} '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0"'
    ' locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="1800000" cy="0"/><wp:wrapNone/><wp:docPr id="5" name="Line 5"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1800000" cy="0"/></a:xfrm>'
    '<a:prstGeom prst="line"><a:avLst/></a:prstGeom></wps:spPr><wps:bodyPr/></wps:wsp>'
    '</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')


def _theme_font_on(style_element, theme="minorHAnsi"):
    """Make a style's rFonts name a theme font while still saying Times New Roman in w:ascii."""
    rpr = style_element.get_or_add_rPr()
    set_fonts(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    fonts.set(qn("w:asciiTheme"), theme)
    fonts.set(qn("w:hAnsiTheme"), theme)


def _replace_motto_line(h, xml=None, border=False):
    """Drop the typed underscores under the motto; draw it with ``xml`` or a bottom border."""
    for r in h["motto-line"].runs:
        if r.text == "_" * 25:
            r.text = ""
    motto = h["tieu-ngu"]
    if xml:
        motto._p.append(parse_xml(xml))
    if border:
        bdr = element("w:pBdr")
        bdr.append(element("w:bottom", val="single", sz="6", space="1", color="auto"))
        motto._p.get_or_add_pPr().append(bdr)


def test_theme_font_in_style_wins_over_explicit_ascii(tmp_path):
    doc, _ = build()
    _theme_font_on(doc.styles["NoiDung"].element)
    found = [p for p in problems(doc, tmp_path) if p.rule == "font-family"]
    assert found and "Cambria" in found[0].message and "minorHAnsi" in found[0].message


def test_theme_font_in_doc_defaults_reaches_unstyled_runs(tmp_path):
    doc, _ = build()
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    normal.remove(normal.find(qn("w:rFonts")))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    defaults.find(qn("w:rFonts")).set(qn("w:asciiTheme"), "majorHAnsi")
    assert rule_ids(doc, tmp_path) == ["font-family"]


def test_theme_font_that_is_times_new_roman_passes(tmp_path):
    doc, _ = build()
    _theme_font_on(doc.styles["NoiDung"].element)
    theme = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/theme"))
    theme._blob = theme.blob.replace(b"Calibri", b"Times New Roman").replace(b"Cambria", b"Times New Roman")
    assert rule_ids(doc, tmp_path) == []


def test_size_inherited_through_based_on_chain(tmp_path):
    doc, _ = build()
    doc.styles["Normal"].font.size = Pt(12)  # NoiDung is based on Normal and names no size
    assert "body-text" in rule_ids(doc, tmp_path)


def test_derived_style_overrides_its_base(tmp_path):
    doc, _ = build()
    doc.styles["Normal"].font.size = Pt(12)
    doc.styles["NoiDung"].font.size = Pt(14)
    assert "body-text" not in rule_ids(doc, tmp_path)


def _task_table(doc, h, style_rpr_xml):
    """Add a task table whose style (based on Table Grid) carries ``style_rpr_xml``.

    As in many Word-made files, size and fonts live in the document defaults, not in Normal
    (a paragraph style outranks a table style, so Normal's own values would win).
    """
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    for tag in ("w:sz", "w:rFonts"):
        normal.remove(normal.find(qn(tag)))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    defaults.find(qn("w:sz")).set(qn("w:val"), "28")
    grid = doc.styles["Table Grid"].element
    style = copy.deepcopy(grid)
    style.set(qn("w:styleId"), "BangNhiemVu")
    style.find(qn("w:name")).set(qn("w:val"), "Bang Nhiem Vu")
    style.append(parse_xml(f'<w:rPr {nsdecls("w")}>{style_rpr_xml}</w:rPr>'))
    grid.addnext(style)
    table = doc.add_table(rows=2, cols=5)
    table.style = "Bang Nhiem Vu"
    for c, label in enumerate(("STT", "Nhiệm vụ", "Vai trò", "Kết quả", "Khó khăn")):
        table.cell(0, c).text = label
        table.cell(1, c).text = "Nội dung"
    h["closing"]._p.addnext(table._tbl)


def test_table_style_size_reaches_cells(tmp_path):
    doc, h = build()
    _task_table(doc, h, '<w:sz w:val="18"/>')  # 9 pt from the table style
    assert rule_ids(doc, tmp_path) == ["table-text"]


def test_table_style_font_reaches_cells(tmp_path):
    doc, h = build()
    _task_table(doc, h, '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>')
    assert rule_ids(doc, tmp_path) == ["font-family"]


def test_task_table_cells_are_not_body_paragraphs(tmp_path):
    doc, h = build()
    _task_table(doc, h, '<w:sz w:val="24"/>')  # 12 pt, left-aligned, no indent: fine in a table
    assert rule_ids(doc, tmp_path) == []


def test_list_numbering_bullets_count_as_dash(tmp_path):
    doc, h = build()
    p = h["body-1"].insert_paragraph_before("Các đơn vị chủ động phối hợp thực hiện;", style="List Bullet")
    p.alignment, p.paragraph_format.space_before = WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(6)
    path = tmp_path / "bullets.docx"
    doc.save(path)
    assert any(x.text == "- Các đơn vị chủ động phối hợp thực hiện;" for x in reader.read(str(path)).paras)
    assert rule_ids(doc, tmp_path) == []


def test_recipients_made_with_list_bullets_pass(tmp_path):
    doc, h = build()
    for name in ("item-1", "item-2b", "luu"):
        para = h[name]
        para.style = doc.styles["List Bullet"]
        para.runs[0].text = para.runs[0].text[2:]  # Word draws the dash
    assert rule_ids(doc, tmp_path) == []


def test_text_split_across_runs(tmp_path):
    doc, h = build()
    qh = h["quoc-hieu"].runs[0]
    qh.text = "CỘNG HÒA "
    previous = qh._r
    for piece in ("XÃ HỘI CHỦ ", "NGHĨA VIỆT NAM"):
        r = copy.deepcopy(previous)
        r.find(qn("w:t")).text = piece
        previous.addnext(r)
        previous = r
    assert rule_ids(doc, tmp_path) == []
    h["quoc-hieu"].runs[-1].bold = False
    assert rule_ids(doc, tmp_path) == ["quoc-hieu"]


def test_line_break_between_parent_and_issuer(tmp_path):
    doc, h = build()
    cell = h["parent"]
    cell.runs[0].add_break()
    run = cell.add_run("SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    run.bold, run.font.size = True, Pt(13)
    h["issuer"]._p.getparent().remove(h["issuer"]._p)
    assert rule_ids(doc, tmp_path) == []


def test_signer_titles_on_one_paragraph_with_break(tmp_path):
    doc, h = build()
    h["sign-1"].runs[0].add_break()
    run = h["sign-1"].add_run("PHÓ GIÁM ĐỐC")
    run.bold, run.font.size = True, Pt(14)
    h["sign-2"]._p.getparent().remove(h["sign-2"]._p)
    assert rule_ids(doc, tmp_path) == []


def test_motto_line_as_paragraph_border(tmp_path):
    doc, h = build()
    _replace_motto_line(h, border=True)
    assert rule_ids(doc, tmp_path) == []


def test_motto_line_as_vml_line(tmp_path):
    doc, h = build()
    _replace_motto_line(h, xml=VML_LINE)
    assert rule_ids(doc, tmp_path) == []


def test_motto_line_as_drawingml_line(tmp_path):
    doc, h = build()
    _replace_motto_line(h, xml=DML_LINE)
    assert rule_ids(doc, tmp_path) == []


def test_hyperlink_runs_are_read(tmp_path):
    doc, h = build()
    link = parse_xml(f'<w:hyperlink {nsdecls("w")}><w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>'
                     '</w:rPr><w:t xml:space="preserve"> (xem cổng thông tin)</w:t></w:r></w:hyperlink>')
    h["body-1"]._p.append(link)
    found = problems(doc, tmp_path)
    assert [p.rule for p in found] == ["font-family"] and "cổng thông tin" in found[0].para.text


def test_content_control_around_quoc_hieu(tmp_path):
    doc, h = build()
    p = h["quoc-hieu"]._p
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
    content = sdt.find(qn("w:sdtContent"))
    for r in p.findall(qn("w:r")):
        content.append(r)
    p.append(sdt)
    assert rule_ids(doc, tmp_path) == []
    for r in content.iter(qn("w:r")):
        r.find(qn("w:rPr")).remove(r.find(qn("w:rPr")).find(qn("w:b")))
    assert rule_ids(doc, tmp_path) == ["quoc-hieu"]


def test_caps_property_counts_as_capitals(tmp_path):
    doc, h = build()
    run = h["quoc-hieu"].runs[0]
    run.text, run.font.all_caps = "Cộng hòa xã hội chủ nghĩa Việt Nam", True
    assert rule_ids(doc, tmp_path) == []


def test_page_number_as_simple_field(tmp_path):
    doc, h = build()
    p = h["page-number"]._p
    for r in p.findall(qn("w:r")):
        p.remove(r)
    p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="28"/>'
                       '</w:rPr><w:t>2</w:t></w:r></w:fldSimple>'))
    assert rule_ids(doc, tmp_path) == []


def test_indent_from_style_hanging_is_flagged(tmp_path):
    doc, _ = build()
    doc.styles["NoiDung"].paragraph_format.first_line_indent = Cm(-0.5)
    assert rule_ids(doc, tmp_path) == ["body-text"]


def test_tabs_and_breaks_in_text(tmp_path):
    doc, h = build()
    h["body-1"].runs[0].add_tab()
    h["body-1"].runs[0].add_break()
    path = tmp_path / "t.docx"
    doc.save(path)
    texts = [p.text for p in reader.read(str(path)).paras]
    assert any(t.endswith("chất lượng.\t\n") for t in texts)


def test_issuer_name_wrapped_on_two_bold_lines_without_parent(tmp_path):
    doc, h = build()
    h["parent"].runs[0].text, h["parent"].runs[0].bold = "SỞ KHOA HỌC", True
    h["issuer"].runs[0].text = "VÀ CÔNG NGHỆ"
    h["issuer-line"].runs[0].text = measure.rule("SỞ KHOA HỌC", 13, True, 1000)  # 1/3–1/2 of the name
    assert rule_ids(doc, tmp_path) == []


def test_bold_parent_on_its_own_line_is_flagged(tmp_path):
    doc, h = build()
    h["parent"].runs[0].text, h["parent"].runs[0].bold = "ĐẠI HỌC HUẾ", True
    h["issuer"].runs[0].text = "PHÂN HIỆU ĐẠI HỌC HUẾ TẠI QUẢNG TRỊ"
    h["issuer-line"].runs[0].text = measure.rule("PHÂN HIỆU ĐẠI HỌC HUẾ TẠI QUẢNG TRỊ", 13, True, 190)
    assert rule_ids(doc, tmp_path) == ["issuer-name"]


def _kinh_gui_list(doc, h, last_end="."):
    """Turn the công văn's one-line Kính gửi into "Kính gửi:" and a dash list of two agencies."""
    h["kinh-gui"].runs[0].text = "Kính gửi:"
    for n, name in enumerate(("Sở Tài chính", "Sở Nội vụ")):
        p = h["intro"].insert_paragraph_before(f"- {name}{';' if n == 0 else last_end}")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.runs[0].font.size = Pt(14)


def test_kinh_gui_with_recipient_list_passes(tmp_path):
    doc, h = build("cong-van")
    _kinh_gui_list(doc, h)
    assert rule_ids(doc, tmp_path) == []


def test_kinh_gui_list_last_line_needs_full_stop(tmp_path):
    doc, h = build("cong-van")
    _kinh_gui_list(doc, h, last_end=";")
    assert rule_ids(doc, tmp_path) == ["kinh-gui"]
