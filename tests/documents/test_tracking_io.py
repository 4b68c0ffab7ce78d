"""The tracking file when the machine gets in the way: a command killed midway, a full disk, a
folder in the way of SQLite's journal, a link leading out of the output folder, a path longer than
SQLite opens. The clerk is told what happened, never invited to abandon a sound tracking file."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys

import pytest

from khcn_docs import reminders
from khcn_docs.errors import OutputPathError, StateError, WriteError
from khcn_docs.tracking import Tracker
from tests.documents.conftest import BUNDLED, ROOT, run_cli

KEY = "ke-hoach-709"
FIVE = ["so-tai-chinh", "so-tu-phap", "so-xay-dung", "so-gtvt", "so-tnmt"]
ABANDON = "chạy lại để bắt đầu sổ mới"  # the advice for a damaged file only (track.db_unusable)


def _reported(db) -> list[str]:
    """Return the agencies whose reports the tracking file at ``db`` holds (read as SQLite would)."""
    with sqlite3.connect(db) as conn:
        return [aid for (aid,) in conn.execute("SELECT agency FROM track_report ORDER BY agency")]


@pytest.fixture
def book(tmp_path):
    """Return a plan folder's tracking file with one report recorded (so-noi-vu, 10/11/2024)."""
    db = tmp_path / "out" / KEY / "theo-doi.sqlite"
    db.parent.mkdir(parents=True)
    opened = Tracker(db, KEY)
    try:
        opened.record_report("so-noi-vu", 2024, dt.date(2024, 11, 10))
    finally:
        opened.close()
    return db


KILLED_MIDWAY = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # changed pages go to the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("DELETE FROM track_report")
conn.executemany("INSERT INTO track_report VALUES ('ke-hoach-709', ?, 2024, '2024-11-13', '')",
                 ((f"co-quan-{n}-" + "x" * 200,) for n in range(500)))
os.kill(os.getpid(), signal.SIGKILL)
"""


def _killed_midway(db) -> None:
    """Run a change of the tracking file at ``db`` in another process killed (SIGKILL) while the file
    holds it half made: SQLite's journal beside it is "hot", to be rolled back by the next reader."""
    done = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, str(db)], capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    assert (db.parent / "theo-doi.sqlite-journal").read_bytes()[:1] != b"\0"  # hot: the file was changed


KILLED_AT_THIRD = """
import os, signal, sys, datetime as dt
from khcn_docs import reminders, tracking
from khcn_docs.spec.load import load_plan
real, calls = tracking.Tracker.record_report, []
def record_report(self, *args):
    calls.append(args)
    if len(calls) == 3:  # killed with two agencies' reports recorded, three to go
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, *args)
tracking.Tracker.record_report = record_report
opened = tracking.Tracker(sys.argv[2], "ke-hoach-709")
reminders.record_reports(load_plan(sys.argv[1]), opened, sys.argv[3:], dt.date(2024, 11, 13), dt.date(2024, 11, 20))
"""


# ------------------------------------------------------------------ 3, 9. a command killed midway

def test_status_after_a_change_killed_midway_reads_the_file_as_it_was_before(book):
    _killed_midway(book)
    done = run_cli("status", BUNDLED, "--as-of", "20/11/2024", "-o", book.parent.parent)
    assert done.returncode == 0, done.stderr
    assert "1 đã báo cáo; 33 quá hạn" in done.stdout and ABANDON not in done.stderr
    assert not (book.parent / "theo-doi.sqlite-journal").exists() and _reported(book) == ["so-noi-vu"]


def test_a_half_made_change_that_cannot_be_undone_here_is_said_interrupted_not_damaged(book, monkeypatch):
    """A read-only share: the journal cannot be rolled back from here; the clerk is told why, and
    that the journal must not be deleted (that would leave the half-made change in the file)."""
    _killed_midway(book)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False)
    with pytest.raises(StateError) as info:
        Tracker(book, KEY, read_only=True)
    assert "bị dừng giữa chừng" in info.value.message and "đừng xóa tệp" in info.value.message
    assert ABANDON not in info.value.message and (book.parent / "theo-doi.sqlite-journal").is_file()


def test_received_of_several_agencies_killed_midway_records_none(book):
    done = subprocess.run([sys.executable, "-c", KILLED_AT_THIRD, str(BUNDLED), str(book), *FIVE], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    status = run_cli("status", BUNDLED, "--as-of", "20/11/2024", "-o", book.parent.parent)
    assert status.returncode == 0 and "1 đã báo cáo; 33 quá hạn" in status.stdout, status.stderr
    assert _reported(book) == ["so-noi-vu"]


@pytest.mark.parametrize("cancel", [False, True])
def test_several_agencies_are_recorded_or_cancelled_all_or_none_when_stopped_midway(book, plan, monkeypatch, cancel):
    day, as_of = dt.date(2024, 11, 13), dt.date(2024, 11, 20)
    opened = Tracker(book, KEY)
    try:
        if cancel:
            reminders.record_reports(plan, opened, FIVE, day, as_of)
        method = "cancel_report" if cancel else "record_report"
        real, calls = getattr(Tracker, method), []

        def stopped_at_third(self, *args):
            calls.append(args)
            if len(calls) == 3:
                raise KeyboardInterrupt  # Ctrl-C
            return real(self, *args)

        monkeypatch.setattr(Tracker, method, stopped_at_third)
        with pytest.raises(KeyboardInterrupt):
            if cancel:
                reminders.cancel_reports(plan, opened, FIVE, 2024)
            else:
                reminders.record_reports(plan, opened, FIVE, day, as_of)
    finally:
        opened.close()
    expected = ["so-noi-vu", *FIVE] if cancel else ["so-noi-vu"]
    assert _reported(book) == sorted(expected)


# ------------------------------------------------------------------ 4. cannot write: the file is sound

def test_a_full_disk_is_said_full_with_the_file_sound(book, plan):
    opened = Tracker(book, KEY)
    try:
        pages = opened.conn.execute("PRAGMA page_count").fetchone()[0]
        opened.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
        with pytest.raises(WriteError) as info:
            for n in range(2000):
                opened.record_report(f"co-quan-{n:04d}-" + "x" * 100, 2024, dt.date(2024, 11, 13))
    finally:
        opened.close()
    assert info.value.exit_code == 11 and "ổ đĩa đã đầy — giải phóng chỗ trống" in info.value.message
    assert "không bị hỏng" in info.value.message and "đổi tên tệp hỏng" not in info.value.message
    assert "so-noi-vu" in _reported(book)


@pytest.mark.parametrize("command, extra", [
    ("received", ("so-tai-chinh", "so-tu-phap", "--date", "13/11/2024")),
    ("remind", ()),
    ("status", ()),
])
def test_a_folder_in_the_way_of_the_journal_is_said_not_a_damaged_file(book, command, extra):
    journal = book.parent / "theo-doi.sqlite-journal"
    journal.mkdir()
    done = run_cli(command, BUNDLED, *extra, "--as-of", "20/11/2024", "-o", book.parent.parent)
    assert done.returncode == WriteError.exit_code and "Traceback" not in done.stderr
    assert f"ở chỗ tệp tạm {journal} mà SQLite dùng khi ghi có một thư mục" in done.stderr
    assert ABANDON not in done.stderr and "đổi tên tệp hỏng" not in done.stderr
    journal.rmdir()
    assert _reported(book) == ["so-noi-vu"]


@pytest.mark.parametrize("command, extra", [("status", ()), ("received", ("so-tai-chinh", "--date", "13/11/2024"))])
def test_a_folder_where_the_tracking_file_belongs_is_said_a_folder(tmp_path, command, extra):
    folder = tmp_path / "out" / KEY / "theo-doi.sqlite"
    folder.mkdir(parents=True)
    done = run_cli(command, BUNDLED, *extra, "--as-of", "20/11/2024", "-o", tmp_path / "out")
    assert done.returncode == WriteError.exit_code and "Traceback" not in done.stderr
    assert f"{folder}: đó là một thư mục, không phải tệp — dời thư mục đó đi" in done.stderr
    assert ABANDON not in done.stderr and list(folder.iterdir()) == []


# ------------------------------------------------------------------ 8. links out of the output folder

@pytest.mark.parametrize("name, target_exists, command", [
    ("theo-doi.sqlite", True, "received"),
    ("theo-doi.sqlite", False, "received"),
    ("theo-doi.sqlite", True, "status"),
    ("theo-doi.sqlite-journal", False, "received"),
    (".theo-doi.lock", False, "remind"),
])
def test_a_tracking_file_linked_out_of_the_output_folder_is_refused(tmp_path, name, target_exists, command):
    out, outside = tmp_path / "out", tmp_path / "ngoai"
    (out / KEY).mkdir(parents=True)
    outside.mkdir()
    target = outside / "td.sqlite"
    if target_exists:
        opened = Tracker(target, KEY)
        opened.record_report("so-noi-vu", 2024, dt.date(2024, 11, 10))
        opened.close()
    before = target.read_bytes() if target_exists else None
    (out / KEY / name).symlink_to(target)
    extra = {"received": ("so-tai-chinh", "--date", "13/11/2024"), "status": (), "remind": ()}[command]
    done = run_cli(command, BUNDLED, *extra, "--as-of", "20/11/2024", "-o", out)
    assert done.returncode == OutputPathError.exit_code and "Traceback" not in done.stderr
    assert f"Tệp {out / KEY / name} là liên kết (symlink) tới {target}, nằm ngoài thư mục kết quả" in done.stderr
    assert sorted(p.name for p in outside.iterdir()) == (["td.sqlite"] if target_exists else [])  # nothing made
    assert before is None or target.read_bytes() == before
    assert not list(out.rglob("*.docx"))


def test_a_tracking_file_linked_within_the_output_folder_is_used(tmp_path):
    out = tmp_path / "out"
    (out / KEY).mkdir(parents=True)
    shared = out / "so-chung.sqlite"
    (out / KEY / "theo-doi.sqlite").symlink_to(shared)
    done = run_cli("received", BUNDLED, "so-tai-chinh", "--date", "13/11/2024", "--as-of", "20/11/2024", "-o", out)
    assert done.returncode == 0, done.stderr
    assert _reported(shared) == ["so-tai-chinh"]


# ------------------------------------------------------------------ 6. a path longer than SQLite opens

def test_an_output_folder_too_deep_for_sqlite_is_said_so_before_starting_a_file(tmp_path):
    out = tmp_path.joinpath(*["Thư mục lưu trữ văn bản hành chính năm 2024 của Sở Khoa học"] * 8)
    done = run_cli("received", BUNDLED, "so-tai-chinh", "--date", "13/11/2024", "--as-of", "20/11/2024", "-o", out)
    assert done.returncode == WriteError.exit_code and "Traceback" not in done.stderr
    assert "quá 504 byte mà SQLite mở được — chọn thư mục kết quả (-o) có đường dẫn ngắn hơn" in done.stderr
    assert "Bắt đầu sổ theo dõi" not in done.stderr and ABANDON not in done.stderr
    assert not (tmp_path / "Thư mục lưu trữ văn bản hành chính năm 2024 của Sở Khoa học").exists()
