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


def test_a_stuck_run_is_killed_and_its_file_not_retried(monkeypatch, tmp_path, docx_zip):
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake_soffice(tmp_path)))
    report = pdf.convert([docx_zip], timeout=0.5)
    assert "0.5" in report.failed[docx_zip.resolve()]
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert len(pids) == 1  # a hang is not a per-file failure: no run of its own for the file
    assert gone(pids)


def gone(pids: list[int]) -> bool:
    """Return True once no process of ``pids`` is alive (waiting up to 10 s for SIGKILL to land)."""
    for _ in range(200):
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def test_a_hung_libreoffice_stops_the_conversion_instead_of_a_timeout_per_file(monkeypatch, tmp_path):
    """20 files, every run hangs: two runs time out without a PDF, then no run starts (before:
    one batch run plus one run per file, each waiting the full timeout)."""
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake_soffice(tmp_path)))
    docs = [zip_docx(tmp_path / f"d{i:02d}" / "mau.docx") for i in range(20)]
    report = pdf.convert(docs, workers=1, timeout=0.3)
    assert len((tmp_path / "pids").read_text().split()) == pdf.HUNG_AFTER
    assert list(report.failed) == [d.resolve() for d in docs] and not report.converted
    first, second, *rest = report.failed.values()
    assert "quá 0.3 giây ở tệp này" in first and "quá 0.3 giây ở tệp này" in second  # the two it was stuck on
    assert all(reason.startswith("chưa chuyển: LibreOffice không phản hồi (2 lần") for reason in rest)


def picky_soffice(folder: Path) -> Path:
    """Write a stand-in soffice that converts in order (copying ``ok.pdf``) and hangs on a file
    holding the word HANG; each run appends a line to ``runs``; return its path."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(folder / "ok.pdf")
    script = folder / "soffice"
    script.write_text(f"""#!/bin/sh
echo run >> {folder}/runs
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; mkdir -p "$out"; shift ;;
    *.docx) if grep -q HANG "$1"; then sleep 60 & echo $! >> {folder}/pids; wait; fi
            cp {folder}/ok.pdf "$out/$(basename "$1" .docx).pdf" ;;
  esac
  shift
done
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_after_a_timeout_the_rest_of_the_batch_goes_on_in_one_new_run(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(picky_soffice(tmp_path)))
    docs = [zip_docx(tmp_path / name / "mau.docx", "HANG" if name == "b" else name) for name in "abcd"]
    report = pdf.convert(docs, workers=1, timeout=1)
    assert list(report.converted) == [docs[0].resolve(), docs[2].resolve(), docs[3].resolve()]
    assert list(report.failed) == [docs[1].resolve()] and "quá 1 giây ở tệp này" in report.failed[docs[1].resolve()]
    assert (tmp_path / "runs").read_text().split() == ["run", "run"]


INTERRUPTED = """import sys
from pathlib import Path
from khcn_docs import pdf
pdf.find_soffice = lambda: sys.argv[1]
try:
    pdf.convert([Path(sys.argv[2])], timeout=600)
except KeyboardInterrupt:
    sys.exit(130)
"""


def test_ctrl_c_kills_libreoffice_at_once_instead_of_waiting_for_its_timeout(tmp_path, docx_zip):
    """soffice runs in its own session, out of reach of the terminal's Ctrl-C: the interrupted
    conversion must kill it (before: it waited for the 600 s timeout, then exited)."""
    import os
    import signal
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", INTERRUPTED, str(fake_soffice(tmp_path)), str(docx_zip)],
                             cwd=Path(__file__).parents[2], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):  # until the stand-in soffice runs
            if (tmp_path / "pids").is_file() and (tmp_path / "pids").read_text().strip():
                break
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGINT)
        assert child.wait(timeout=60) == 130, child.stderr.read()
    finally:
        child.kill()
    assert gone([int(p) for p in (tmp_path / "pids").read_text().split()])


def zip_docx(path: Path, text: str = "") -> Path:
    """Write a minimal zip that looks like a .docx (so a failure is retried), holding ``text``; return its path."""
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document>{text}</w:document>")
    return path


@pytest.fixture
def docx_zip(tmp_path) -> Path:
    """Return a path to a minimal zip that looks like a .docx (so a failure is retried)."""
    return zip_docx(tmp_path / "doc" / "mau.docx")


def test_a_batch_of_missing_files_starts_no_soffice(monkeypatch, tmp_path):
    """soffice started with no file to convert waits until the timeout: a batch with no readable
    file must not start it (the files are reported missing)."""
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path}/calls\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))
    missing = [tmp_path / "a.docx", tmp_path / "b.docx"]
    report = pdf.convert(missing, workers=2)
    assert list(report.failed) == missing and not (tmp_path / "calls").exists()


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
