"""Bundles and the deterministic post-pass, on small pypdf-made PDFs (no LibreOffice)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from khcn_docs import bundle

META = {"title": "Hồ sơ kế hoạch ưu tiên", "author": "Sở Khoa học và Công nghệ",
        "subject": "Số: 12/KH-SKHCN"}


def blank_pdf(path: Path, pages: int) -> Path:
    """Write a PDF of ``pages`` blank A4 pages; return its path."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.write(path)
    return path


@pytest.fixture
def sections(tmp_path):
    """Return two agencies' documents: (group, [(title, pdf)])."""
    make = lambda name, n: blank_pdf(tmp_path / f"{name}.pdf", n)  # noqa: E731
    return [("Sở Y tế", [("Công văn", make("yt-cv", 1)), ("Mẫu báo cáo", make("yt-bc", 2))]),
            ("Sở Giáo dục và Đào tạo", [("Công văn", make("gd-cv", 3))])]


def outline_tree(reader: PdfReader) -> list:
    """Return the outline as [(title, page), [children...]] pairs."""
    result = []
    for item in reader.outline:
        if isinstance(item, list):
            result.append([(c.title, reader.get_destination_page_number(c)) for c in item])
        else:
            result.append((item.title, reader.get_destination_page_number(item)))
    return result


def test_bundle_has_an_outline_per_group_with_nested_documents(tmp_path, sections):
    bundle.write_bundle(tmp_path / "b.pdf", sections, META)
    assert outline_tree(PdfReader(tmp_path / "b.pdf")) == [
        ("Sở Y tế", 0), [("Công văn", 0), ("Mẫu báo cáo", 1)],
        ("Sở Giáo dục và Đào tạo", 3), [("Công văn", 3)],
    ]


def test_bundle_page_count_is_the_sum(tmp_path, sections):
    assert bundle.write_bundle(tmp_path / "b.pdf", sections, META) == 6
    assert len(PdfReader(tmp_path / "b.pdf").pages) == 6


def test_bundle_metadata_and_fixed_dates(tmp_path, sections):
    bundle.write_bundle(tmp_path / "b.pdf", sections, META)
    info = PdfReader(tmp_path / "b.pdf").metadata
    assert (info.title, info.author, info.subject) == (META["title"], META["author"], META["subject"])
    assert info["/CreationDate"] == info["/ModDate"] == "D:20000101000000+07'00'"


def test_two_bundle_runs_give_identical_bytes(tmp_path, sections):
    bundle.write_bundle(tmp_path / "1.pdf", sections, META)
    bundle.write_bundle(tmp_path / "2.pdf", sections, META)
    assert (tmp_path / "1.pdf").read_bytes() == (tmp_path / "2.pdf").read_bytes()


def test_id_follows_the_content(tmp_path, sections):
    bundle.write_bundle(tmp_path / "1.pdf", sections, META)
    bundle.write_bundle(tmp_path / "2.pdf", sections, {**META, "title": "Khác"})
    ids = [PdfReader(tmp_path / f"{n}.pdf").trailer["/ID"][0] for n in (1, 2)]
    assert ids[0] != ids[1] and len(ids[0]) == 16


def test_bundle_write_leaves_no_temp_file(tmp_path, sections):
    bundle.write_bundle(tmp_path / "out" / "b.pdf", sections, META)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["b.pdf"]


@pytest.mark.parametrize("value, expected", [
    (None, "D:20000101000000+07'00'"),
    (0, "D:19700101000000+00'00'"),
    (datetime(2025, 3, 9, 8, 30, tzinfo=timezone(timedelta(hours=7))), "D:20250309083000+07'00'"),
    (datetime(2025, 3, 9, 8, 30), "D:20250309083000+00'00'"),
])
def test_dates(value, expected, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert bundle.pdf_date(bundle.resolve_date(value)) == expected


def test_source_date_epoch_is_used_when_no_date_is_given(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert bundle.pdf_date(bundle.resolve_date()) == "D:19700102000000+00'00'"


def test_post_pass_rewrites_dates_metadata_and_keeps_pages(tmp_path):
    source = blank_pdf(tmp_path / "in.pdf", 2)
    assert bundle.rewrite_deterministic(source, tmp_path / "out.pdf", META) == 2
    assert PdfReader(tmp_path / "out.pdf").metadata.title == META["title"]
