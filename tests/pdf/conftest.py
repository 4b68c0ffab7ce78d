"""Fixtures for the PDF tests: small Vietnamese .docx files built with python-docx, and one
shared LibreOffice conversion (session scope) that many tests read back with pypdf."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from khcn_docs import pdf
from tests.pdf.docxgen import CORRUPT, DOCUMENTS, build_docx, paragraphs_for


def write_corrupt(folder: Path, valid: Path) -> list[Path]:
    """Write CORRUPT files under ``folder``: random bytes, a truncated zip and plain text
    (which LibreOffice would print as text without the .docx input filter); return their paths."""
    noise, truncated, text = (folder / name for name in CORRUPT)
    for path in (noise, truncated, text):
        path.parent.mkdir(parents=True, exist_ok=True)
    noise.write_bytes(random.Random(7).randbytes(4000))
    data = valid.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    text.write_text("Sở Khoa học và Công nghệ: văn bản thường, không phải .docx\n", encoding="utf-8")
    return [noise, truncated, text]


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
    """Convert in one call the valid documents, a copy of one, two corrupt ones and one
    whose PDF cannot be written; return a namespace with the paths, report and progress ticks."""
    folder = tmp_path_factory.mktemp("docs")
    docs = build_set(folder)
    corrupt = write_corrupt(folder, docs["so-y-te/cong-van.docx"])
    again = folder / "lan-hai" / "cong-van-ban-sao.docx"  # converted by the other soffice run
    again.parent.mkdir()
    shutil.copy(docs["so-y-te/cong-van.docx"], again)
    blocked = build_docx(folder / "khong-ghi" / "bi-chan.docx", paragraphs_for("k/b", 2))
    (folder / "khong-ghi" / "bi-chan.pdf").mkdir()  # a folder where its PDF should go
    ticks: list[Path] = []
    order = [*docs.values(), again, *corrupt, blocked]
    report = pdf.convert(order, progress=ticks.append, metadata={
        docs["ke-hoach/ke-hoach.docx"]: {"title": "Kế hoạch ứng dụng khoa học",
                                         "author": "Sở Khoa học và Công nghệ",
                                         "subject": "Số: 12/KH-SKHCN"}})
    return type("Conversion", (), {"folder": folder, "docs": docs, "corrupt": corrupt,
                                   "again": again, "blocked": blocked, "report": report,
                                   "ticks": ticks})
