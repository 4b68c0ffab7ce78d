"""Fixtures for the PDF tests: small Vietnamese .docx files built with python-docx, and one
shared LibreOffice conversion (session scope) that many tests read back with pypdf."""

from __future__ import annotations

import random
import shutil
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from khcn_docs import pdf

FONT = "Times New Roman"
SAMPLE = "Sở Khoa học và Công nghệ, Ủy ban nhân dân tỉnh Quảng Trị, ưu tiên, ơn, ự"

# name -> (paragraph count, PAGE field in a different-first-page header)
DOCUMENTS = {
    "ke-hoach/ke-hoach.docx": (70, True),
    "so-y-te/cong-van.docx": (6, False),
    "so-y-te/bao-cao.docx": (8, False),
    "so-giao-duc/cong-van.docx": (5, False),
}
CORRUPT = ("so-y-te/ngau-nhien.docx", "so-giao-duc/cat-cut.docx")


def paragraphs_for(name: str, count: int) -> list[str]:
    """Return the distinct paragraph texts of document ``name`` (short: one line each)."""
    tag = Path(name).parent.name
    return [f"{SAMPLE} — {tag} đoạn {i + 1}." for i in range(count)]


def fold(text: str) -> str:
    """Return ``text`` in NFC without whitespace (line breaks may fall after a hyphen)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def _force_font(rpr) -> None:
    """Name Times New Roman for every script in ``rpr`` (no theme fonts); return None."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _page_field(paragraph) -> None:
    """Append a PAGE field (w:fldSimple) to ``paragraph``; return None."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build_docx(path: Path, paragraphs: list[str], page_numbers: bool = False) -> Path:
    """Write an A4 .docx with ``paragraphs`` in Times New Roman 13 pt; return its path.

    With ``page_numbers`` the first page has an empty header and later pages a centred PAGE field.
    """
    document = Document()
    _force_font(document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rPr")))
    for style in ("Normal", "Header", "Footer"):
        if style in [s.name for s in document.styles]:
            _force_font(document.styles[style].element.get_or_add_rPr())
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
        _page_field(header)
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.author = "Sở Khoa học và Công nghệ"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_corrupt(folder: Path, valid: Path) -> list[Path]:
    """Write CORRUPT files under ``folder``: random bytes and a truncated zip; return their paths."""
    noise, truncated = (folder / name for name in CORRUPT)
    noise.parent.mkdir(parents=True, exist_ok=True)
    noise.write_bytes(random.Random(7).randbytes(4000))
    truncated.parent.mkdir(parents=True, exist_ok=True)
    data = valid.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    return [noise, truncated]


def build_set(folder: Path) -> dict[str, Path]:
    """Build every document of DOCUMENTS under ``folder``; return name -> path."""
    return {name: build_docx(folder / name, paragraphs_for(name, count), numbers)
            for name, (count, numbers) in DOCUMENTS.items()}


@pytest.fixture(scope="session")
def need_soffice() -> None:
    """Skip the test when LibreOffice is not installed."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="session")
def conversion(tmp_path_factory, need_soffice):
    """Convert the valid documents plus two corrupt ones in one batch; return a namespace."""
    folder = tmp_path_factory.mktemp("docs")
    docs = build_set(folder)
    corrupt = write_corrupt(folder, docs["so-y-te/cong-van.docx"])
    ticks: list[Path] = []
    order = [*docs.values(), *corrupt]
    report = pdf.convert(order, progress=ticks.append, metadata={
        docs["ke-hoach/ke-hoach.docx"]: {"title": "Kế hoạch ứng dụng khoa học",
                                         "author": "Sở Khoa học và Công nghệ",
                                         "subject": "Số: 12/KH-SKHCN"}})
    return type("Conversion", (), {"folder": folder, "docs": docs, "corrupt": corrupt,
                                   "report": report, "ticks": ticks})
