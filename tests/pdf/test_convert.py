"""Real LibreOffice conversions read back with pypdf (one shared batch for most tests)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from khcn_docs import pdf
from tests.pdf.docxgen import DOCUMENTS, build_docx, fold, paragraphs_for
from tests.pdf.pdfread import ALLOWED_FONT, body_text, embedded_fonts, header_numbers

pytestmark = pytest.mark.soffice


def page_of(conversion, name: str) -> PdfReader:
    """Return a reader on the PDF converted from document ``name``."""
    return PdfReader(conversion.docs[name].with_suffix(".pdf"))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_valid_document_is_converted_next_to_its_docx(conversion, name):
    docx = conversion.docs[name].resolve()
    assert conversion.report.converted[docx] == docx.with_suffix(".pdf")
    assert docx.with_suffix(".pdf").is_file()


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pages_are_a4(conversion, name):
    for page in page_of(conversion, name).pages:
        assert float(page.mediabox.width) == pytest.approx(595, abs=1)
        assert float(page.mediabox.height) == pytest.approx(842, abs=1)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_embedded_font_is_times_or_a_metric_twin(conversion, name):
    fonts = embedded_fonts(page_of(conversion, name))
    assert fonts and all(ALLOWED_FONT.match(font) for font in fonts), fonts


@pytest.mark.parametrize("name", DOCUMENTS)
def test_extracted_text_holds_every_paragraph(conversion, name):
    text = fold("".join(body_text(p) for p in page_of(conversion, name).pages))
    for paragraph in paragraphs_for(name, DOCUMENTS[name][0]):
        assert fold(paragraph) in text


def test_page_count_is_reported_and_plausible(conversion):
    target = conversion.docs["ke-hoach/ke-hoach.docx"].resolve().with_suffix(".pdf")
    assert conversion.report.pages[target] == len(PdfReader(target).pages) >= 2


def test_first_page_has_no_number_and_later_pages_are_numbered_at_the_top(conversion):
    pages = page_of(conversion, "ke-hoach/ke-hoach.docx").pages
    assert header_numbers(pages[0]) == []
    centre = (30 + 165 / 2) * 72 / 25.4  # left margin + half the text width, in points
    for index in range(1, len(pages)):
        [(text, x, _)] = header_numbers(pages[index])
        assert text == str(index + 1)
        assert x == pytest.approx(centre, abs=12)


def test_corrupt_documents_are_reported_by_name_and_the_others_convert(conversion):
    failed = conversion.report.failed
    assert set(failed) == {p.resolve() for p in [*conversion.corrupt, conversion.blocked]}
    assert all(reason for reason in failed.values())
    assert len(conversion.report.converted) == len(DOCUMENTS) + 1
    assert not any(p.with_suffix(".pdf").exists() for p in conversion.corrupt)


def test_progress_is_called_once_per_document(conversion):
    expected = [*conversion.docs.values(), conversion.again, *conversion.corrupt, conversion.blocked]
    assert sorted(conversion.ticks) == sorted(p.resolve() for p in expected)


def test_failures_raise_conversion_error_naming_the_files(conversion):
    with pytest.raises(pdf.ConversionError) as caught:
        conversion.report.raise_for_failures()
    assert all(p.name in caught.value.message for p in conversion.corrupt)


def test_metadata_and_fixed_dates_are_written(conversion):
    info = page_of(conversion, "ke-hoach/ke-hoach.docx").metadata
    assert info["/Title"] == "Kế hoạch ứng dụng khoa học"
    assert info["/Subject"] == "Số: 12/KH-SKHCN"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20000101000000+07'00'"


def test_same_docx_twice_gives_identical_pdf_bytes(conversion):
    source = conversion.docs["so-y-te/cong-van.docx"]
    assert conversion.again.with_suffix(".pdf").read_bytes() == source.with_suffix(".pdf").read_bytes()


def test_pdfa_output_keeps_its_markers_after_the_post_pass(tmp_path):
    docx = build_docx(tmp_path / "pdfa.docx", paragraphs_for("a/pdfa", 3))
    report = pdf.convert([docx], pdfa=True, metadata={docx: {"title": "Tiêu đề ưu tiên"}})
    reader = PdfReader(report.converted[docx.resolve()])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object()
    packet = xmp.get_data().decode("utf-8")
    assert "/Filter" not in xmp
    assert "<pdfaid:part>2</pdfaid:part>" in packet
    assert "Tiêu đề ưu tiên" in packet and reader.metadata["/Title"] == "Tiêu đề ưu tiên"
    assert "<xmp:CreateDate>2000-01-01T00:00:00+07:00</xmp:CreateDate>" in packet
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.pdf_header == "%PDF-1.6"


def test_bundle_of_converted_documents(conversion, tmp_path):
    from khcn_docs.bundle import write_bundle

    pdfs = {name: path.with_suffix(".pdf") for name, path in conversion.docs.items()}
    sections = [("Sở Y tế", [("Công văn", pdfs["so-y-te/cong-van.docx"]),
                             ("Mẫu báo cáo", pdfs["so-y-te/bao-cao.docx"])]),
                ("Sở Giáo dục và Đào tạo", [("Công văn", pdfs["so-giao-duc/cong-van.docx"])])]
    meta = {"title": "Hồ sơ gửi các sở", "author": "Sở Khoa học và Công nghệ", "subject": "Số: 12/KH"}
    pages = write_bundle(tmp_path / "1.pdf", sections, meta)
    write_bundle(tmp_path / "2.pdf", sections, meta)
    reader = PdfReader(tmp_path / "1.pdf")
    assert pages == len(reader.pages) == sum(len(PdfReader(p).pages) for _, docs in sections
                                             for _, p in docs)
    assert [o.title for o in reader.outline if not isinstance(o, list)] == ["Sở Y tế", "Sở Giáo dục và Đào tạo"]
    assert reader.metadata.title == meta["title"]
    assert (tmp_path / "1.pdf").read_bytes() == (tmp_path / "2.pdf").read_bytes()
    assert embedded_fonts(reader) and all(ALLOWED_FONT.match(f) for f in embedded_fonts(reader))


def test_report_lists_documents_in_input_order(conversion):
    expected = [*conversion.docs.values(), conversion.again]
    assert list(conversion.report.converted) == [p.resolve() for p in expected]


def test_a_pdf_that_cannot_be_written_is_reported_with_its_path(conversion):
    assert "bi-chan.pdf" in conversion.report.failed[conversion.blocked.resolve()]
