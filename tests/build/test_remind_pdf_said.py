"""What ``remind --pdf`` says of the bundles it wrote and of those left for ``build --pdf``."""

from __future__ import annotations

from pathlib import Path

import pytest

from khcn_docs import reminders
from khcn_docs.build import BuildReport
from khcn_docs.i18n import set_language


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")  # tests/conftest.py gives the choice back after each test


def report(tmp_path: Path, written: list[str], waiting: list[str]) -> BuildReport:
    """Return a report of a ``remind --pdf`` build writing the bundles ``written`` and leaving ``waiting``
    (paths under the plan folder; "tron-bo.pdf" alone is the plan's own packet)."""
    folder = tmp_path / "ke-hoach-709"
    return BuildReport(folder=folder, spec_path=tmp_path / "ke-hoach-709.yaml",
                       bundles=[folder / p for p in written], bundles_waiting=[folder / p for p in waiting])


def test_remind_pdf_counts_the_bundles_it_wrote_and_those_waiting_for_a_build(tmp_path):
    said = reminders.pdf_said(report(tmp_path, ["35-a/tron-bo.pdf", "36-b/tron-bo.pdf"],
                                     ["04-so-noi-vu/tron-bo.pdf", "05-so-tai-chinh/tron-bo.pdf", "tron-bo.pdf"]), 34)
    assert said[0] == "Đã chuyển 34 công văn đôn đốc sang PDF; đã viết tập PDF (tron-bo.pdf) của 2 cơ quan."
    assert said[1].startswith("Chưa cập nhật tập PDF của 2 cơ quan và tập PDF chung của kế hoạch (tron-bo.pdf "
                              "trong thư mục kế hoạch): mỗi tập có văn bản chưa có PDF mà remind không tạo lại")
    assert said[1].endswith("khi chạy `khcn-docs build --pdf`.") and len(said) == 2


def test_remind_pdf_writing_no_bundle_says_so(tmp_path):
    said = reminders.pdf_said(report(tmp_path, [], ["tron-bo.pdf"]), 1)
    assert said[0] == "Đã chuyển 1 công văn đôn đốc sang PDF; chưa viết tập PDF nào."
    assert said[1].startswith("Chưa cập nhật tập PDF chung của kế hoạch (tron-bo.pdf trong thư mục kế hoạch): ")


def test_remind_pdf_with_every_bundle_written_mentions_no_build(tmp_path):
    said = reminders.pdf_said(report(tmp_path, ["04-so-noi-vu/tron-bo.pdf", "tron-bo.pdf"], []), 1)
    assert said == ["Đã chuyển 1 công văn đôn đốc sang PDF; đã viết tập PDF (tron-bo.pdf) của 1 cơ quan."]


def test_remind_pdf_bundle_lines_in_english(tmp_path):
    set_language("en")
    said = reminders.pdf_said(report(tmp_path, ["35-a/tron-bo.pdf"], ["05-so-tai-chinh/tron-bo.pdf"]), 3)
    assert said[0] == "Converted 3 reminder(s) to PDF; wrote the PDF bundle (tron-bo.pdf) of 1 agency(ies)."
    assert said[1].startswith("Not updated: the PDF bundles of 1 agency(ies). ")
