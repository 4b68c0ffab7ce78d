"""``pdf.convert`` hands back the paths as the caller gave them (progress and report keys), so a
caller passing relative paths can look them up; the developer example of docs/pdf.md runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from khcn_docs import pdf
from tests.pdf.docxgen import build_docx, paragraphs_for

ROOT = Path(__file__).resolve().parents[2]


def _developer_example() -> str:
    """Return the Python block under "## For developers" in docs/pdf.md."""
    text = (ROOT / "docs" / "pdf.md").read_text(encoding="utf-8")
    return re.search(r"## For developers\n.*?```python\n(.*?)```", text, re.S).group(1)


def _example_paths() -> list[Path]:
    """Return the documents the doc example converts (its ``folder`` and the names under it)."""
    example = _developer_example()
    folder = Path(re.search(r'folder = Path\("([^"]+)"\)', example).group(1))
    return [folder / name for name in re.findall(r'folder / "([^"]+)"', example)]


def _documents(root: Path) -> list[Path]:
    """Write the documents the doc example converts under ``root``; return them relative to it."""
    names = _example_paths()
    for name in names:
        build_docx(root / name, paragraphs_for(str(name), 2))
    return names


def test_the_developer_example_converts_documents_a_build_makes(tmp_path):
    """The example converted 02-so-khoa-hoc-va-cong-nghe/cong-van-trien-khai.docx, which no build
    makes (Sở KH&CN sends the letters: none to itself); it names documents of the bundled plan."""
    from khcn_docs.build import build

    build(ROOT / "variables" / "plans" / "ke-hoach-709.yaml", tmp_path / "output", templates=ROOT / "templates")
    names = _example_paths()
    assert len(names) == 2 and all((tmp_path / name).is_file() for name in names), names


@pytest.mark.soffice
def test_relative_paths_come_back_as_given(tmp_path, monkeypatch, need_soffice):
    monkeypatch.chdir(tmp_path)
    docs = _documents(tmp_path)
    missing = docs[0].with_name("khong-co.docx")
    ticks: list[Path] = []
    report = pdf.convert([*docs, missing], progress=ticks.append)
    assert sorted(ticks) == sorted([*docs, missing])
    assert report.converted == {docx: docx.with_suffix(".pdf") for docx in docs}
    assert list(report.failed) == [missing]
    assert report.pages == {docx.with_suffix(".pdf"): 1 for docx in docs}


@pytest.mark.soffice
def test_the_developer_example_of_the_pdf_doc_runs(tmp_path, monkeypatch, need_soffice):
    monkeypatch.chdir(tmp_path)
    docs = _documents(tmp_path)
    exec(compile(_developer_example(), "docs/pdf.md", "exec"), {})
    assert all((tmp_path / docx.with_suffix(".pdf")).is_file() for docx in docs)
    assert [item.title for item in PdfReader(tmp_path / "ho-so-thu.pdf").outline[1]] == ["Công văn", "Mẫu báo cáo"]
