"""The progress line: live only on a terminal, always a summary."""

from __future__ import annotations

import io

import pytest

from khcn_docs import i18n
from khcn_docs.progress import Progress, format_seconds, summary_line


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def no_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(i18n, "_current", ["vi"])


def test_terminal_shows_document_n_of_total_in_place():
    stream = Tty()
    bar = Progress(2, stream=stream)
    bar.step("Sở Y tế")
    bar.step("Sở Giáo dục")
    out = stream.getvalue()
    assert "\rVăn bản 1/2 — Sở Y tế" in out and "\rVăn bản 2/2 — Sở Giáo dục" in out
    assert "\n" not in out


def test_a_long_line_is_cut_to_the_terminals_width_so_it_never_wraps(monkeypatch):
    """On an 80-column terminal a long label wrapped, and "\r" rewrote only the last row: the
    line is cut to the width less one, ending "…", and a shorter one after it blanks the rest."""
    monkeypatch.setenv("COLUMNS", "40")
    stream = Tty()
    bar = Progress(2, stream=stream)
    bar.step("Liên hiệp các Hội khoa học và kỹ thuật tỉnh Quảng Trị")
    bar.step("Sở Y tế")
    first, second = stream.getvalue().split("\r")[1:]
    assert first == "Văn bản 1/2 — Liên hiệp các Hội khoa h…" and len(first) == 39
    assert second == "Văn bản 2/2 — Sở Y tế".ljust(39)


@pytest.mark.parametrize("lang, first, second", [
    ("vi", "Tạo văn bản 2/2 — Sở Giáo dục", "Chuyển PDF 1/2 — Sở Y tế"),
    ("en", "Building document 2 of 2 — Sở Giáo dục", "Converting to PDF 1 of 2 — Sở Y tế"),
])
def test_each_phase_is_named_and_counts_its_documents_from_one(lang, first, second, monkeypatch):
    monkeypatch.setattr(i18n, "_current", [lang])
    stream = Tty()
    bar = Progress(0, stream=stream)
    bar.phase("render", 2)
    bar.step("Sở Y tế")
    bar.step("Sở Giáo dục")
    bar.phase("pdf", 2)
    bar.step("Sở Y tế")
    out = stream.getvalue()
    assert f"\r{first}" in out and f"\r{second}" in out and "/4" not in out and " of 4" not in out


@pytest.mark.parametrize("stream, quiet, ci", [
    (Tty(), True, None), (io.StringIO(), False, None), (Tty(), False, "true"),
])
def test_silent_when_quiet_not_a_terminal_or_ci(stream, quiet, ci, monkeypatch):
    if ci:
        monkeypatch.setenv("CI", ci)
    bar = Progress(3, quiet=quiet, stream=stream)
    bar.step("x")
    bar.finish("tóm tắt")
    assert stream.getvalue() == "tóm tắt\n"


def test_finish_clears_the_line_then_prints_the_summary():
    stream = Tty()
    bar = Progress(1, stream=stream)
    bar.step("Sở Y tế")
    bar.finish("xong")
    assert stream.getvalue().endswith("\r" + " " * len("Văn bản 1/1 — Sở Y tế") + "\rxong\n")


def test_a_progress_can_be_the_convert_callback():
    stream = Tty()
    bar = Progress(1, stream=stream)
    from pathlib import Path
    bar(Path("/x/cong-van.docx"))
    assert bar.done == 1 and "cong-van.docx" in stream.getvalue()


@pytest.mark.parametrize("lang, expected", [
    ("vi", "Đã tạo 57 văn bản, chuyển 57 sang PDF, lỗi 0, 12,3 s"),
    ("en", "Built 57 document(s), converted 57 to PDF, 0 failed, 12.3 s"),
])
def test_summary_line(lang, expected, monkeypatch):
    monkeypatch.setattr(i18n, "_current", [lang])
    assert summary_line(built=57, converted=57, failed=0, seconds=12.34) == expected


def test_summary_line_counts_issued_documents_kept(monkeypatch):
    monkeypatch.setattr(i18n, "_current", ["vi"])
    line = summary_line(built=3, converted=0, failed=0, seconds=0.1, kept=34)
    assert line == "Đã tạo 3 văn bản, chuyển 0 sang PDF, giữ nguyên 34 văn bản đã ban hành, lỗi 0, 0,1 s"


def test_format_seconds_rounds_to_one_decimal():
    assert format_seconds(0.04) == "0,0"


def test_the_line_is_cut_to_the_width_of_the_terminal_it_is_drawn_on(monkeypatch):
    """The line goes to standard error: its width was read from standard output (80 columns when
    ``build > log`` sends that to a file), so a 40-column terminal still wrapped."""
    import os

    monkeypatch.delenv("COLUMNS", raising=False)

    class Stderr(Tty):
        def fileno(self) -> int:
            return 2

    real = os.get_terminal_size
    monkeypatch.setattr(os, "get_terminal_size", lambda fd=1: os.terminal_size((40, 24)) if fd == 2 else real(fd))
    stream = Stderr()
    Progress(1, stream=stream).step("Liên hiệp các Hội khoa học và kỹ thuật tỉnh Quảng Trị")
    assert stream.getvalue() == "\rVăn bản 1/1 — Liên hiệp các Hội khoa h…"
