"""The PDF tests' documents and .docx builders (also used by the bench): A4, Times New Roman
named explicitly (no theme fonts, so LibreOffice never falls back to Caladea/Carlito),
Vietnamese text with every kind of diacritic, optional page numbers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
SAMPLE = "Sở Khoa học và Công nghệ, Ủy ban nhân dân tỉnh Quảng Trị, ưu tiên, ơn, ự"

# name -> (paragraph count, PAGE field in a different-first-page header)
DOCUMENTS = {
    "ke-hoach/ke-hoach.docx": (70, True),
    "so-y-te/cong-van.docx": (6, False),
    "so-y-te/bao-cao.docx": (8, False),
    "so-giao-duc/cong-van.docx": (5, False),
    "so-giao-duc/Báo cáo số 2 (bản sửa).docx": (4, False),
}
CORRUPT = ("so-y-te/ngau-nhien.docx", "so-giao-duc/cat-cut.docx", "so-y-te/van-ban-thuong.docx")


def paragraphs_for(name: str, count: int) -> list[str]:
    """Return the distinct paragraph texts of document ``name`` (one or two lines each)."""
    tag = Path(name).parent.name
    return [f"{SAMPLE} — {tag} đoạn {i + 1}." for i in range(count)]


def fold(text: str) -> str:
    """Return ``text`` in NFC without whitespace (line breaks may fall after a hyphen)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def force_font(rpr) -> None:
    """Name Times New Roman for every script in ``rpr`` (no theme fonts); return None."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def page_field(paragraph) -> None:
    """Append a PAGE field (w:fldSimple) to ``paragraph``; return None."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def new_document(page_numbers: bool = False):
    """Return an empty A4 python-docx Document in Times New Roman 13 pt (ND30 margins).

    With ``page_numbers`` the first page has an empty header and later pages a centred PAGE field.
    """
    document = Document()
    force_font(document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rPr")))
    for style in ("Normal", "Header", "Footer"):
        if style in [s.name for s in document.styles]:
            force_font(document.styles[style].element.get_or_add_rPr())
    document.styles["Normal"].font.size = Pt(13)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    if page_numbers:
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page_field(header)
    document.core_properties.author = "Sở Khoa học và Công nghệ"
    return document


def build_docx(path: Path, paragraphs: list[str], page_numbers: bool = False) -> Path:
    """Write an A4 .docx with ``paragraphs`` (see ``new_document``); return its path."""
    document = new_document(page_numbers)
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path
