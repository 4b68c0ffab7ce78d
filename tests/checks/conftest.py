"""Build small ND30 documents with python-docx, the way Word users make them.

``build(...)`` returns ``(document, handles)``: a conformant kế hoạch or công văn, and a dict of
named paragraphs (``h["quoc-hieu"]`` …) that tests mutate before saving. Styles name Times New
Roman explicitly (ascii, hAnsi, cs, eastAsia) and theme font references are removed, so only a
mutation can bring a theme font back.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from khcn_docs.checks import check_document

TNR = "Times New Roman"
CENTER, BOTH = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
BLANK = " " * 6


def set_fonts(rpr, name: str = TNR) -> None:
    """Name ``name`` in all four font slots of an ``w:rPr`` and drop theme references."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), name)


def normalise_styles(doc) -> None:
    """Make docDefaults and every style Times New Roman, black, single-spaced, no theme fonts."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for st in styles.iter(qn("w:style")):
        rpr = st.find(qn("w:rPr"))
        if rpr is not None:
            set_fonts(rpr)
            for color in rpr.findall(qn("w:color")):
                rpr.remove(color)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    set_fonts(normal.element.get_or_add_rPr())
    body = doc.styles.add_style("NoiDung", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    fmt = body.paragraph_format
    fmt.alignment, fmt.first_line_indent, fmt.space_before = BOTH, Cm(1), Pt(6)


def para(container, *runs, align=None, style=None):
    """Add a paragraph of ``runs`` = ``(text, size, bold, italic)`` tuples (or plain strings)."""
    p = container.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    for spec in runs:
        text, size, bold, italic = (spec, None, None, None) if isinstance(spec, str) else spec
        r = p.add_run(text)
        r.font.size = Pt(size) if size else None
        r.bold, r.italic = bold, italic
    return p


def no_space(p):
    """Return ``p`` with zero spacing (header and signature lines), for chaining."""
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    return p


def two_columns(doc, rows: int, widths=(Cm(6.5), Cm(9.5))):
    """Add a borderless two-column table with fixed widths (what the decree's samples use)."""
    table = doc.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, width in enumerate(widths):
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width
    return table


def cell_lines(cell, lines, h):
    """Fill ``cell`` with ``lines`` = ``(handle name, runs)``; first line reuses the empty paragraph."""
    for n, (name, runs) in enumerate(lines):
        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        for spec in runs:
            text, size, bold, italic = spec
            r = p.add_run(text)
            r.font.size, r.bold, r.italic = Pt(size), bold, italic
        p.alignment = CENTER
        no_space(p)
        if name:
            h[name] = p


def header_table(doc, h, kind):
    """Add the header as a two-column, two-row table (names and lines; number and date)."""
    t = two_columns(doc, 2)
    left = [("parent", [("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", 13, False, False)]),
            ("issuer", [("SỞ KHOA HỌC VÀ CÔNG NGHỆ", 13, True, False)]),
            ("issuer-line", [("__________", 13, False, False)])]
    right = [("quoc-hieu", [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False)]),
             ("tieu-ngu", [("Độc lập - Tự do - Hạnh phúc", 13, True, False)]),
             ("motto-line", [("_________________________", 13, False, False)])]
    cell_lines(t.cell(0, 0), left, h)
    cell_lines(t.cell(0, 1), right, h)
    below = [("so", [(f"Số: {_number(kind)}", 13, False, False)])]
    if kind == "cong-van":
        below.append(("vv", [("V/v đôn đốc thực hiện nhiệm vụ khoa học", 12, False, False)]))
    cell_lines(t.cell(1, 0), below, h)
    cell_lines(t.cell(1, 1), [("place-date", [(f"Quảng Trị, ngày{BLANK}tháng{BLANK}năm 2024",
                                                13, False, True)])], h)
    h["header-table"] = t


def _number(kind: str) -> str:
    """Return the "Số" text after the colon: a blank draft number with the kind's symbol."""
    return f"{BLANK}/SKHCN-QLKH" if kind == "cong-van" else f"{BLANK}/KH-SKHCN"


def tab_runs(p, left, right):
    """Write ``left``, a tab, then ``right`` (run specs) into ``p``; return ``p``."""
    for n, specs in enumerate((left, right)):
        if n:
            p.add_run("\t")
        for text, size, bold, italic in specs:
            r = p.add_run(text)
            r.font.size, r.bold, r.italic = Pt(size), bold, italic
    return p


def header_tabs(doc, h, kind):
    """Add the header as plain paragraphs laid out with tabs (no table), as many clerks do."""
    rows = [
        ("parent", "quoc-hieu", [("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", 13, False, False)],
         [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False)]),
        ("issuer", "tieu-ngu", [("SỞ KHOA HỌC VÀ CÔNG NGHỆ", 13, True, False)],
         [("Độc lập - Tự do - Hạnh phúc", 13, True, False)]),
        ("issuer-line", "motto-line", [("__________", 13, False, False)],
         [("_________________________", 13, False, False)]),
        ("so", "place-date", [(f"Số: {_number(kind)}", 13, False, False)],
         [(f"Quảng Trị, ngày{BLANK}tháng{BLANK}năm 2024", 13, False, True)]),
    ]
    for left_name, right_name, left, right in rows:
        p = no_space(tab_runs(doc.add_paragraph(), left, right))
        p.paragraph_format.tab_stops.add_tab_stop(Cm(8))
        h[left_name] = h[right_name] = p
    if kind == "cong-van":
        h["vv"] = no_space(para(doc, ("V/v đôn đốc thực hiện nhiệm vụ khoa học", 12, False, False)))


def title_block(doc, h, kind):
    """Add the tên loại, trích yếu and its line (kế hoạch) or the Kính gửi line (công văn)."""
    if kind == "cong-van":
        h["kinh-gui"] = para(doc, ("Kính gửi: Các đơn vị trực thuộc Sở.", 14, False, False),
                             align=CENTER)
        return
    h["title"] = para(doc, ("KẾ HOẠCH", 14, True, False), align=CENTER)
    h["summary"] = para(doc, ("Triển khai nhiệm vụ khoa học và công nghệ năm 2025", 14, True, False),
                        align=CENTER)
    h["summary-line"] = para(doc, ("____________________", 14, False, False), align=CENTER)


def body(doc, h, kind):
    """Add căn cứ lines, headings, body paragraphs, a typed dash line and the closing "./."."""
    s = "NoiDung"
    if kind != "cong-van":
        h["can-cu-1"] = para(doc, ("Căn cứ Luật Khoa học và Công nghệ ngày 18 tháng 6 năm 2013;",
                                   None, None, True), style=s)
        h["can-cu-2"] = para(doc, ("Căn cứ Quyết định số 15/QĐ-UBND ngày 05 tháng 01 năm 2024 "
                                   "của Ủy ban nhân dân tỉnh.", None, None, True), style=s)
    h["intro"] = para(doc, "Sở Khoa học và Công nghệ ban hành Kế hoạch triển khai như sau:", style=s)
    h["heading-1"] = para(doc, ("I. MỤC ĐÍCH, YÊU CẦU", None, True, None), style=s)
    h["heading-2"] = para(doc, ("1. Mục đích", None, True, None), style=s)
    h["body-1"] = para(doc, "Triển khai kịp thời, hiệu quả các nhiệm vụ khoa học và công nghệ "
                            "được giao, bảo đảm đúng tiến độ và chất lượng.", style=s)
    h["dash"] = para(doc, "- Các đơn vị chủ động phối hợp thực hiện;", style=s)
    h["closing"] = para(doc, "Yêu cầu các đơn vị nghiêm túc triển khai thực hiện./.", style=s)


def signature_table(doc, h, kind):
    """Add the Nơi nhận / signer table."""
    t = two_columns(doc, 1, widths=(Cm(6.5), Cm(9.5)))
    items = ["- Như trên;"] if kind == "cong-van" else ["- UBND tỉnh (để b/c);"]
    left = [("label", [("Nơi nhận:", 12, True, True)])]
    left += [(f"item-{n}", [(text, 11, False, False)]) for n, text in enumerate(items, 1)]
    left += [("item-2b", [("- Các phòng, đơn vị thuộc Sở;", 11, False, False)]),
             ("luu", [("- Lưu: VT, QLKH.", 11, False, False)])]
    right = [("sign-1", [("KT. GIÁM ĐỐC", 14, True, False)]),
             ("sign-2", [("PHÓ GIÁM ĐỐC", 14, True, False)]),
             (None, [("", 14, False, False)]), (None, [("", 14, False, False)]),
             ("name", [("Nguyễn Văn An", 14, True, False)])]
    cell_lines(t.cell(0, 0), left, h)
    cell_lines(t.cell(0, 1), right, h)
    for p in t.cell(0, 0).paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # the row stays on one page
    h["closing"].paragraph_format.keep_with_next = True  # and the body's last lines go with it
    h["signature-table"] = t


def signature_tabs(doc, h, kind):
    """Add Nơi nhận and the signer as plain paragraphs laid out with tabs (no table)."""
    first = "- Như trên;" if kind == "cong-van" else "- UBND tỉnh (để b/c);"
    rows = [("label", ("Nơi nhận:", 12, True, True), "sign-1", ("KT. GIÁM ĐỐC", 14, True, False)),
            ("item-1", (first, 11, False, False), "sign-2", ("PHÓ GIÁM ĐỐC", 14, True, False)),
            ("item-2b", ("- Các phòng, đơn vị thuộc Sở;", 11, False, False), None, None),
            ("luu", ("- Lưu: VT, QLKH.", 11, False, False), None, None)]
    for left_name, left, right_name, right in rows:
        p = no_space(tab_runs(doc.add_paragraph(), [left], [right] if right else []))
        p.paragraph_format.tab_stops.add_tab_stop(Cm(11))
        p.paragraph_format.keep_with_next = True  # every line but the name keeps with the next
        h[left_name] = p
        if right_name:
            h[right_name] = p
    h["name"] = no_space(tab_runs(doc.add_paragraph(), [], [("Nguyễn Văn An", 14, True, False)]))
    h["closing"].paragraph_format.keep_with_next = True


def page_number(doc, h):
    """Put a centred PAGE field in the header and hide it on the first page."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    run = p.add_run()
    run.font.size = Pt(14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        el = OxmlElement("w:fldChar" if kind else ("w:instrText" if text else "w:t"))
        if kind:
            el.set(qn("w:fldCharType"), kind)
        else:
            el.text = text or "2"
        r = copy.deepcopy(run._r)
        r.append(el)
        p._p.append(r)
    h["page-number"] = p


def build(kind: str = "ke-hoach", header: str = "table", signature: str = "table"):
    """Return ``(python-docx Document, handles)`` of a small conformant document of ``kind``."""
    doc = docx.Document()
    normalise_styles(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    h: dict = {}
    (header_table if header == "table" else header_tabs)(doc, h, kind)
    title_block(doc, h, kind)
    body(doc, h, kind)
    (signature_table if signature == "table" else signature_tabs)(doc, h, kind)
    page_number(doc, h)
    return doc, h


def rule_ids(doc, tmp_path: Path, kind: str = "auto", name: str = "doc.docx") -> list[str]:
    """Save ``doc`` under ``tmp_path`` and return the sorted rule ids of the problems found."""
    return sorted({p.rule for p in problems(doc, tmp_path, kind, name)})


def problems(doc, tmp_path: Path, kind: str = "auto", name: str = "doc.docx"):
    """Save ``doc`` and return the checker's problems for it."""
    path = tmp_path / name
    doc.save(path)
    return check_document(str(path), kind)[0]


@pytest.fixture
def make():
    """Return ``build`` for tests."""
    return build
