"""Conversion behaviour that needs no LibreOffice: tool lookup, batching, timeouts."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from khcn_docs import i18n, pdf
from khcn_docs.errors import MissingTool


def test_missing_soffice_raises_missing_tool_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingTool) as caught:
        pdf.convert([tmp_path / "a.docx"])
    assert pdf.INSTALL_COMMAND in caught.value.message
    assert "Không tìm thấy LibreOffice" in caught.value.message
    assert caught.value.exit_code == MissingTool.exit_code


def test_missing_soffice_message_in_english(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(i18n, "_current", ["en"])
    with pytest.raises(MissingTool, match="LibreOffice .* was not found"):
        pdf.find_soffice()


@pytest.mark.parametrize("names, workers, size, expected", [
    (["a", "b", "c", "d"], 2, None, [["a", "b"], ["c", "d"]]),
    (["a", "b", "c"], 2, None, [["a", "b"], ["c"]]),
    (["x/a", "y/a", "z/a"], 1, None, [["x/a", "y/a", "z/a"]]),
    (["a", "b", "c", "d", "e"], 2, 2, [["a", "b"], ["c", "d"], ["e"]]),
    ([], 2, None, []),
])
def test_plan_batches_spreads_files_over_the_workers(names, workers, size, expected):
    paths = [Path(f"/d/{n}.docx") for n in names]
    batches = pdf.plan_batches(paths, workers, size)
    assert [[str(p)[3:-5] for p in batch] for batch in batches] == expected


def test_plan_batches_caps_a_batch_at_max_batch():
    paths = [Path(f"/d/{i}.docx") for i in range(pdf.MAX_BATCH * 2 + 1)]
    assert [len(b) for b in pdf.plan_batches(paths, 1)] == [pdf.MAX_BATCH, pdf.MAX_BATCH, 1]


def fake_soffice(folder: Path) -> Path:
    """Write a stand-in soffice that hangs (its child writes its pid); return its path."""
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\nsleep 60 &\necho $! >> {folder}/pids\nwait\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def alive(pid: int) -> bool:
    """Return True when process ``pid`` still exists (and is not a zombie)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return status != "Z"


def test_a_stuck_run_is_killed_retried_once_and_reported(monkeypatch, tmp_path, docx_zip):
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake_soffice(tmp_path)))
    started = time.monotonic()
    report = pdf.convert([docx_zip], timeout=0.5)
    assert time.monotonic() - started < 10
    assert "0.5" in report.failed[docx_zip.resolve()]
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert len(pids) == 2  # first run + one retry
    time.sleep(0.2)
    assert not any(alive(pid) for pid in pids)


@pytest.fixture
def docx_zip(tmp_path) -> Path:
    """Return a path to a minimal zip that looks like a .docx (so a failure is retried)."""
    import zipfile

    path = tmp_path / "doc" / "mau.docx"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def test_an_empty_list_needs_no_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    report = pdf.convert([])
    assert report.ok and report.converted == {}


@pytest.mark.parametrize("content, pages", [
    (None, 0), (b"", 0), (b"%PDF-1.4 garbage", 0),
])
def test_invalid_outputs_count_as_no_pages(tmp_path, content, pages):
    target = tmp_path / "x.pdf"
    if content is not None:
        target.write_bytes(content)
    assert pdf._valid_pages(target) == pages


def test_a_pdf_cut_short_counts_as_no_pages(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    writer.write(tmp_path / "whole.pdf")
    data = (tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) - 40])
    assert pdf._valid_pages(tmp_path / "whole.pdf") == 3
    assert pdf._valid_pages(tmp_path / "cut.pdf") == 0


def test_a_stuck_run_is_ended_where_there_are_no_process_groups(monkeypatch):
    """Windows has neither ``os.killpg`` nor ``SIGKILL``: the stuck soffice's tree is ended with
    ``taskkill /T /F``, instead of the timer thread failing with AttributeError."""
    import threading

    monkeypatch.delattr(pdf.os, "killpg")
    ran = []
    monkeypatch.setattr(pdf.subprocess, "run", lambda cmd, **kwargs: ran.append(cmd))
    killed = threading.Event()
    proc = type("Proc", (), {"pid": 4321})()  # the stand-in of the Popen it is given
    pdf._kill_group(proc, killed)
    assert killed.is_set() and ran == [["taskkill", "/T", "/F", "/PID", "4321"]]
