"""``pdf.convert`` hands back the paths as the caller gave them (progress and report keys), so a
caller passing relative paths can look them up; the developer example of docs/pdf.md runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from khcn_docs import pdf
from tests.pdf.docxgen import build_docx, paragraphs_for

pytestmark = pytest.mark.soffice

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path("output/ke-hoach-709/02-so-khoa-hoc-va-cong-nghe")


def _documents(root: Path) -> list[Path]:
    """Write the two documents the doc example converts under ``root``; return them relative to it."""
    names = [FOLDER / "cong-van-trien-khai.docx", FOLDER / "bao-cao-2024.docx"]
    for name in names:
        build_docx(root / name, paragraphs_for(str(name), 2))
    return names


def _developer_example() -> str:
    """Return the Python block under "## For developers" in docs/pdf.md."""
    text = (ROOT / "docs" / "pdf.md").read_text(encoding="utf-8")
    return re.search(r"## For developers\n.*?```python\n(.*?)```", text, re.S).group(1)


def test_relative_paths_come_back_as_given(tmp_path, monkeypatch, need_soffice):
    monkeypatch.chdir(tmp_path)
    docs = _documents(tmp_path)
    missing = FOLDER / "khong-co.docx"
    ticks: list[Path] = []
    report = pdf.convert([*docs, missing], progress=ticks.append)
    assert sorted(ticks) == sorted([*docs, missing])
    assert report.converted == {docx: docx.with_suffix(".pdf") for docx in docs}
    assert list(report.failed) == [missing]
    assert report.pages == {docx.with_suffix(".pdf"): 1 for docx in docs}


def test_the_developer_example_of_the_pdf_doc_runs(tmp_path, monkeypatch, need_soffice):
    monkeypatch.chdir(tmp_path)
    docs = _documents(tmp_path)
    exec(compile(_developer_example(), "docs/pdf.md", "exec"), {})
    assert all((tmp_path / docx.with_suffix(".pdf")).is_file() for docx in docs)
    assert [item.title for item in PdfReader(tmp_path / "ho-so-thu.pdf").outline[1]] == ["Công văn", "Mẫu báo cáo"]
