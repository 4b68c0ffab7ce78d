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
