"""Building blocks for ND30 templates: page setup, explicit Times New Roman styles, header table,
page-number header, signature table. Used by the per-kind template builders in this folder.

Everything about appearance is decided here, once, and stored in the .docx; the renderer only
fills text.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips

FONT = "Times New Roman"
# Margins in whole twips at or just inside ND30's ranges (15 mm is 850.4 twips: 850 would be 14.99 mm).
PAGE = {"width": Twips(11906), "height": Twips(16838), "top": Twips(1134), "bottom": Twips(1134),
        "left": Twips(1701), "right": Twips(851), "header": Twips(567), "footer": Twips(567)}
TEXT_WIDTH = Mm(165)
HEADER_COLS = (Cm(6.2), Cm(10.3))
SIGN_COLS = (Cm(7.0), Cm(9.5))
MOTTO_RULE = "_" * 24  # 14 pt underscores as long as "Độc lập - Tự do - Hạnh phúc" in 14 pt bold

SIGN_GAP_PT = 12
"""Space above "Nơi nhận:" and above the signer's first title line: both stand level, one gap under the body."""

# name: (size pt, bold, italic, alignment, first-line indent cm, space before pt, space after pt)
STYLES = {
    "ND30 Body": (14, False, False, "justify", 1.0, 6, 0),
    "ND30 Heading 1": (14, True, False, "justify", 1.0, 6, 0),
    "ND30 Heading 2": (14, True, False, "justify", 1.0, 6, 0),
    "ND30 Heading 3": (14, False, False, "justify", 1.0, 6, 0),
    "ND30 Can Cu": (14, False, True, "justify", 1.0, 6, 0),
    "ND30 Header": (13, False, False, "center", 0, 0, 0),
    "ND30 Header Date": (14, False, True, "center", 0, 0, 0),
    "ND30 Doc Type": (14, True, False, "center", 0, 18, 0),
    "ND30 Trich Yeu": (14, True, False, "center", 0, 0, 0),
    "ND30 Rule": (14, False, False, "center", 0, 0, 6),
    "ND30 Kinh Gui": (14, False, False, "center", 0, 12, 6),
    "ND30 VV": (12, False, False, "center", 0, 6, 0),
    "ND30 Noi Nhan Label": (12, True, True, "left", 0, SIGN_GAP_PT, 0),
    "ND30 Noi Nhan": (11, False, False, "left", 0, 0, 0),
    "ND30 Signer": (14, True, False, "center", 0, SIGN_GAP_PT, 0),
    "ND30 Signer Name": (14, True, False, "center", 0, 0, 0),
    "ND30 Signer Space": (14, False, False, "center", 0, 0, 0),
    "ND30 Table Text": (13, False, False, "left", 0, 3, 3),
    "ND30 Table Head": (13, True, False, "center", 0, 3, 3),
}
CONTEXTUAL = {"ND30 Signer"}
"""Styles whose space before is dropped between two paragraphs of the same style ("Don't add space
between paragraphs of the same style"): the signer's title lines sit together under the first."""
_AFTER_CONTEXTUAL = ("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                     "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                     "w:pPrChange")  # the pPr children that come after contextualSpacing (schema order)
_ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "left": WD_ALIGN_PARAGRAPH.LEFT}


def _name_times(fonts) -> None:
    """Make the rFonts element ``fonts`` name Times New Roman for every script, with no theme reference."""
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), FONT)


def set_fonts(rpr_parent) -> None:
    """Name Times New Roman explicitly in ``rpr_parent``'s rFonts (no theme fallback)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    _name_times(fonts)


def new_document() -> Document:
    """Return an empty A4 document whose every style and default names Times New Roman, black."""
    doc = Document()
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for fonts in styles_el.iter(qn("w:rFonts")):
        _name_times(fonts)
    _set_default_size(defaults, 14)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.font is not None:
            style.font.color.rgb = RGBColor(0, 0, 0) if style.font.color.rgb is not None else None
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    set_fonts(normal.element)
    _page_setup(doc)
    for name, spec in STYLES.items():
        _add_style(doc, name, *spec)
    return doc


def _set_default_size(rpr, size_pt: int) -> None:
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(size_pt * 2))


def _page_setup(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.header_distance, section.footer_distance = PAGE["header"], PAGE["footer"]


def _add_style(doc, name, size, bold, italic, align, indent_cm, before, after) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element)
    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.first_line_indent = Cm(indent_cm) if indent_cm else Cm(0)
    fmt.left_indent, fmt.right_indent = Cm(0), Cm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True
    if name in CONTEXTUAL:
        style.element.get_or_add_pPr().insert_element_before(OxmlElement("w:contextualSpacing"), *_AFTER_CONTEXTUAL)
    if name.startswith("ND30 Heading"):
        fmt.keep_with_next = True


def para(container, text: str, style: str):
    """Append a paragraph of ``style`` holding ``text`` (one run, formatting from the style); return it."""
    p = container.add_paragraph(style=style)
    if text:
        p.add_run(text)
    return p


def first_paragraph(cell, text: str, style: str):
    """Fill a new cell's existing first paragraph; return it."""
    p = cell.paragraphs[0]
    p.style = style
    if text:
        p.add_run(text)
    return p


def fixed_table(doc, rows: int, widths) -> object:
    """Return a borderless table with fixed column widths (tblGrid, every cell, fixed layout)."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, width in enumerate(widths):
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width
    return table


def letter(vv_line: str | None = None):
    """Return a new template with page setup, the page-number header and the ND30 header table
    (with the V/v line of a công văn when given)."""
    doc = new_document()
    page_number_header(doc)
    header_table(doc, number_line="{{ doc.number_line }}", vv_line=vv_line)
    return doc


def named_document(type_name: str):
    """Return a new template of a named kind (kế hoạch, báo cáo…): letter header, tên loại, trích yếu."""
    doc = letter()
    title_block(doc, type_name)
    return doc


def page_number_header(doc) -> None:
    """Put a centred 14 pt PAGE field in the header from page 2 on; page 1's header stays empty."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.style = doc.styles["ND30 Header"]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size = Pt(14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    section.first_page_header.paragraphs[0].style = doc.styles["ND30 Header"]


def header_table(doc, *, number_line: str, vv_line: str | None = None) -> None:
    """Add the ND30 header: issuing body (left) / Quốc hiệu, Tiêu ngữ (right); Số (and V/v) / place-date."""
    table = fixed_table(doc, 2, HEADER_COLS)
    left, right = table.rows[0].cells
    first_paragraph(left, "{{ hdr.parent }}", "ND30 Header")
    left.paragraphs[0].insert_paragraph_before("{%p if hdr.parent %}", style="ND30 Header")
    para(left, "{%p endif %}", "ND30 Header")
    # bold, at the style's 13 pt or at 12 pt when the name fits the column only so (common.header)
    para(left, "{{r hdr.issuer_runs|rich }}", "ND30 Header")
    para(left, "{{ hdr.issuer_rule }}", "ND30 Header")
    qh = first_paragraph(right, "", "ND30 Header")
    qh.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    motto = para(right, "", "ND30 Header")
    run = motto.add_run("Độc lập - Tự do - Hạnh phúc")
    run.bold, run.font.size = True, Pt(14)
    para(right, MOTTO_RULE, "ND30 Rule").paragraph_format.space_after = Pt(0)
    left2, right2 = table.rows[1].cells
    first_paragraph(left2, number_line, "ND30 Header")
    if vv_line:
        para(left2, vv_line, "ND30 VV")
    first_paragraph(right2, "{{ hdr.place_date }}", "ND30 Header Date")


def title_block(doc, type_name: str) -> None:
    """Add the centred tên loại, the trích yếu and the short rule under it."""
    para(doc, type_name, "ND30 Doc Type")
    para(doc, "{{ doc.title }}", "ND30 Trich Yeu")
    para(doc, "{{ doc.title_rule }}", "ND30 Rule")


def signature_table(doc, *, noi_nhan: bool = True) -> None:
    """Add the signature table: Nơi nhận (left) and the signer's titles, signing space and name (right).

    "Nơi nhận:" and the first title line stand level, ``SIGN_GAP_PT`` under the body, through their
    styles (a control paragraph's own spacing is dropped with it when the template renders); the
    further title lines sit under the first (``CONTEXTUAL``), the name has no space above it.

    Its row may not split across pages (``w:cantSplit``): Nơi nhận, the titles and the name move
    to the next page together. The body's last paragraph keeps with it (see ``ke_hoach.BRANCHES``).
    """
    table = fixed_table(doc, 1, SIGN_COLS)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    if noi_nhan:
        first_paragraph(left, "Nơi nhận:", "ND30 Noi Nhan Label")
        para(left, "{%p for r in recipients %}", "ND30 Noi Nhan")
        para(left, "- {{ r }};", "ND30 Noi Nhan")
        para(left, "{%p endfor %}", "ND30 Noi Nhan")
        para(left, "- Lưu: VT, {{ archive }}.", "ND30 Noi Nhan")
    first_paragraph(right, "{%p for line in sig.lines %}", "ND30 Signer")
    para(right, "{{ line }}", "ND30 Signer")
    para(right, "{%p endfor %}", "ND30 Signer")
    for _ in range(4):
        para(right, "", "ND30 Signer Space")
    para(right, "{{ sig.name }}", "ND30 Signer Name")


_DROP_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")


def prune_styles(doc) -> None:
    """Remove latent styles and every style the document does not use (keeps templates small and fast)."""
    root = doc.styles.element
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)
    used = set()
    for part in [doc.part] + [rel.target_part for rel in doc.part.rels.values() if "header" in rel.reltype]:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used.update(el.get(qn("w:val")) for el in part.element.iter(qn(tag)))
    by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    keep = {sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1" or sid.startswith("ND30")} | used
    frontier = list(keep)
    while frontier:
        style = by_id.get(frontier.pop())
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = style.find(qn(tag)) if style is not None else None
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                frontier.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            root.remove(style)


def _strip_refs(name: str, data: bytes) -> bytes:
    """Remove references to dropped parts from content types and relationship files."""
    if name != "[Content_Types].xml" and not name.endswith(".rels"):
        return data
    import re
    text = data.decode("utf-8")
    for part in ("stylesWithEffects.xml", "thumbnail.jpeg", "customXml/item1.xml", "customXml/itemProps1.xml"):
        text = re.sub(r"<(Override|Relationship)[^>]*" + re.escape(part) + r'"[^>]*/>', "", text)
    return text.encode("utf-8")


def save(doc, path: Path, title: str) -> None:
    """Save ``doc`` to ``path``: small, neutral core properties, fixed zip timestamps (reproducible)."""
    prune_styles(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = "khcn-docs"
    props.title, props.subject, props.comments, props.keywords = title, "", "", ""
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    buf = io.BytesIO()
    doc.save(buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith(_DROP_PARTS):
                continue
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, _strip_refs(info.filename, src.read(info.filename)))
