"""``build`` without ``--pdf`` says which PDFs it left older than their rewritten .docx, deleting none."""

from __future__ import annotations

import os

from khcn_docs import buildlog
from tests.build.test_incremental import TASK_NEW, TASK_OLD

HOUR = 3600 * 10**9


def pdf_beside(docx, age_ns: int) -> object:
    """Write a PDF beside ``docx``, last written ``age_ns`` before now (negative: after); return its path."""
    pdf = docx.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF-1.7 converted earlier")
    when = docx.stat().st_mtime_ns - age_ns
    os.utime(pdf, ns=(when, when))
    return pdf


def test_pdfs_older_than_their_rewritten_docx_are_named_and_kept(project):
    first = project.build()
    plan_pdf = pdf_beside(first.path_of("ke-hoach"), HOUR)
    letter_pdf = pdf_beside(first.path_of("cong-van-trien-khai", "so-tai-chinh"), HOUR)
    saved_later = pdf_beside(first.path_of("bao-cao", "so-tai-chinh"), -2 * HOUR)  # saved from Word after
    project.edit_spec(TASK_OLD, TASK_NEW)  # Sở Tài chính's task: the plan, its letter, report forms
    report = project.build()
    assert "cong-van-trien-khai:so-tai-chinh" in {b.unit.key for b in report.built}
    assert report.stale_pdfs == [plan_pdf, letter_pdf]
    lines = buildlog.attention_lines(report)
    assert lines[0].startswith("2 tệp PDF cũ hơn văn bản .docx") and "    ke-hoach.pdf" in lines
    assert any("--pdf" in line and "không bị xóa" in line for line in lines)
    assert all(p.exists() for p in (plan_pdf, letter_pdf, saved_later))
    assert project.build().stale_pdfs == [plan_pdf, letter_pdf]  # said again until they are converted


def converted(project, report, key: str) -> object:
    """Put a PDF beside unit ``key``'s .docx, an hour older, and record it as converted (what
    ``build --pdf`` does); return its path."""
    from khcn_docs.state import Manifest, sha256_file

    pdf = pdf_beside(report.outputs[key], HOUR)
    with Manifest.open(project.folder) as manifest:
        manifest.set_pdf(key, sha256_file(pdf))
    return pdf


def test_a_docx_written_again_with_the_same_bytes_keeps_its_pdf(project):
    first = project.build()
    key = "cong-van-trien-khai:so-tai-chinh"
    pdf = converted(project, first, key)
    recorded = pdf.read_bytes()
    first.outputs[key].unlink()
    again = project.build()
    assert key in {b.unit.key for b in again.built} and again.stale_pdfs == []
    forced = project.build(force=True)
    assert key in {b.unit.key for b in forced.built} and forced.stale_pdfs == []
    from khcn_docs.state import Manifest, sha256_bytes

    with Manifest.open(project.folder, create=False) as manifest:
        assert manifest.get(key).pdf_sha256 == sha256_bytes(recorded)  # not to be converted again
    project.edit_spec(TASK_OLD, TASK_NEW)  # its content changes: now the PDF is older than it
    assert pdf in project.build().stale_pdfs
