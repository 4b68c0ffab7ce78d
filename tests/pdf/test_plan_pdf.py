"""The bundled example plan, built and converted: what a clerk would send, read back with pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from khcn_docs import pdf
from tests.pdf.conftest import fold
from tests.pdf.test_convert import ALLOWED_FONT, body_text, embedded_fonts, header_numbers

pytestmark = pytest.mark.soffice
SPEC = Path(__file__).resolve().parents[2] / "variables" / "plans" / "ke-hoach-709.yaml"


def docx_texts(path: Path) -> list[str]:
    """Return the non-empty paragraph texts of ``path``: body and table cells."""
    document = Document(path)
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return [p.text for p in paragraphs if p.text.strip()]


@pytest.fixture(scope="module")
def packet(tmp_path_factory, need_soffice) -> dict[Path, Path]:
    """Build the example plan into a temp folder and convert it; return docx -> pdf."""
    from khcn_docs.build import build

    if not SPEC.is_file():
        pytest.skip("the bundled example plan is not present")
    report = build(SPEC, tmp_path_factory.mktemp("output"))
    converted = pdf.convert([item.path for item in report.built])
    assert converted.ok, converted.failed
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
        missing = [t for t in docx_texts(docx_path) if fold(t) not in text]
        assert not missing, (docx_path.name, missing[:3])


def test_page_numbers_start_on_page_two(packet):
    for pdf_path in packet.values():
        pages = PdfReader(pdf_path).pages
        assert header_numbers(pages[0]) == []
        assert [[n for n, _, _ in header_numbers(p)] for p in pages[1:]] == [
            [str(i)] for i in range(2, len(pages) + 1)]
