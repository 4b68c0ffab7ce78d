"""The bundled example plan, built and converted: what a clerk would send, read back with pypdf."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from khcn_docs import pdf
from tests.pdf.docxgen import fold
from tests.pdf.pdfread import ALLOWED_FONT, body_text, embedded_fonts, header_numbers

pytestmark = pytest.mark.soffice
WORD = re.compile(r"\w+")
nfc = functools.partial(unicodedata.normalize, "NFC")
SPEC = Path(__file__).resolve().parents[2] / "variables" / "plans" / "ke-hoach-709.yaml"


def docx_texts(path: Path) -> tuple[list[str], list[str]]:
    """Return the non-empty texts of ``path``: (body paragraphs, table cells)."""
    document = Document(path)
    body = [p.text for p in document.paragraphs if p.text.strip()]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return body, [c for c in dict.fromkeys(cells) if c.strip()]


@pytest.fixture(scope="module")
def packet(tmp_path_factory, need_soffice) -> dict[Path, Path]:
    """Build the example plan, convert the kế hoạch and one agency's documents; return docx -> pdf."""
    from khcn_docs.build import build

    if not SPEC.is_file():
        pytest.skip("the bundled example plan is not present")
    report = build(SPEC, tmp_path_factory.mktemp("output"))
    agency = next(item.unit.agency for item in report.built if item.unit.agency)
    chosen = [item.path for item in report.built if item.unit.agency in (None, agency)]
    converted = pdf.convert(chosen)
    assert converted.ok, converted.failed
    assert len(converted.converted) >= 2
    return converted.converted


def test_every_built_document_is_a4_in_times_or_its_twins(packet):
    for pdf_path in packet.values():
        reader = PdfReader(pdf_path)
        assert all(abs(float(p.mediabox.width) - 595) <= 1 and abs(float(p.mediabox.height) - 842) <= 1
                   for p in reader.pages)
        fonts = embedded_fonts(reader)
        assert fonts and all(ALLOWED_FONT.match(f) for f in fonts), (pdf_path.name, fonts)


def test_the_pdf_text_holds_every_paragraph_of_the_docx(packet):
    for docx_path, pdf_path in packet.items():
        text = fold("".join(body_text(p) for p in PdfReader(pdf_path).pages))
        body, _ = docx_texts(docx_path)
        missing = [t for t in body if fold(t) not in text]
        assert not missing, (docx_path.name, missing[:3])


def test_the_pdf_text_holds_every_word_of_every_table_cell(packet):
    """Cells side by side are extracted line by line, interleaved, and a line may break after
    a hyphen ("45-" / "NQ/TW"): compare word characters, not runs of text."""
    for docx_path, pdf_path in packet.items():
        words = set(WORD.findall(nfc(" ".join(body_text(p) for p in PdfReader(pdf_path).pages))))
        _, cells = docx_texts(docx_path)
        missing = {w for cell in cells for w in WORD.findall(nfc(cell))} - words
        assert not missing, (docx_path.name, sorted(missing)[:5])


def test_page_numbers_start_on_page_two(packet):
    for pdf_path in packet.values():
        pages = PdfReader(pdf_path).pages
        assert header_numbers(pages[0]) == []
        assert [[n for n, _, _ in header_numbers(p)] for p in pages[1:]] == [
            [str(i)] for i in range(2, len(pages) + 1)]
