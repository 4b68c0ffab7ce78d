"""The tracking file and the reminder letters on disk: never a clerk's letter lost, one ``remind``
at a time, the right tracking file or a clear refusal, ``status`` only reading."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest
from docx import Document

from khcn_docs import reminders
from khcn_docs.documents import per_agency
from khcn_docs.errors import StateError
from khcn_docs.tracking import Tracker
from tests.documents.conftest import BUNDLED, ROOT, ok, run_cli, texts

KEY = "ke-hoach-709"


def _letters(folder):
    """Return the reminder letters under ``folder`` (relative paths), kept copies apart."""
    return {p.relative_to(folder).as_posix() for p in folder.glob("*/cong-van-don-doc-*.docx")
            if ".sua-tay-" not in p.name}


def _rows(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT plan, agency, round, issued, file FROM track_reminder ORDER BY file").fetchall()


def _dated(path) -> str:
    """Return the date a letter is written on, as ``yyyy-mm-dd`` (its place-and-date line)."""
    day, month, year = re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", " ".join(texts(path))).groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


# ------------------------------------------------------------------ 1. a letter file the tracking file did not record

@pytest.mark.parametrize("lost", ["deleted", "another --db"])
def test_a_letter_the_tracking_file_did_not_record_is_kept_aside_not_overwritten(tmp_path, lost):
    """The tracking file deleted (or another one given): the next ``remind`` finds the letters of
    16/11 in place; the one a clerk edited in Word is kept, as ``build`` keeps hand edits."""
    out = tmp_path / "out"
    ok("remind", BUNDLED, "--as-of", "16/11/2024", "-o", out, "--templates", ROOT / "templates")
    letter = out / KEY / "05-so-tai-chinh" / "cong-van-don-doc-2024-lan-1.docx"
    edited = Document(str(letter))
    edited.add_paragraph("Đã ký, vào sổ công văn đi số 51/SKHCN-QLKH.")
    edited.save(str(letter))
    again = ["remind", BUNDLED, "--as-of", "18/11/2024", "-o", out, "--templates", ROOT / "templates"]
    if lost == "deleted":
        (out / KEY / "theo-doi.sqlite").unlink()
    else:
        again += ["--db", tmp_path / "khac.sqlite"]
    done = run_cli(*again)
    assert done.returncode == 0, done.stderr
    kept = list(letter.parent.glob("cong-van-don-doc-2024-lan-1.sua-tay-*.docx"))
    assert len(kept) == 1 and "Đã ký, vào sổ công văn đi số 51/SKHCN-QLKH." in texts(kept[0])
    assert f"Đã có tệp {letter} khác với công văn sắp tạo" in done.stderr and kept[0].name in done.stderr
    assert _dated(letter) == "2024-11-18"


def test_a_letter_left_by_a_run_stopped_before_recording_it_is_written_again_without_a_copy(plan, tmp_path):
    """The same letter (same day, same agency) already on disk, its row missing: nothing to keep."""
    folder = tmp_path / "plan"
    for name in ("a.sqlite", "b.sqlite"):
        opened = Tracker(tmp_path / name, KEY)
        try:
            assert reminders.remind(plan, opened, folder, ROOT / "templates", dt.date(2024, 11, 16))
        finally:
            opened.close()
    assert not list(folder.glob("*/*.sua-tay-*"))


# ------------------------------------------------------------------ 2. one remind at a time

def test_reminds_of_one_tracking_file_run_one_after_the_other_so_letters_match_rows(tmp_path):
    """Two clerks run ``remind`` at once (16/11 and 30/11): the second waits for the first, then
    sends only what is still due; every letter on disk is the one its row records."""
    out, env = tmp_path / "out", {**os.environ, "KHCN_DOCS_LANG": "vi", "KHCN_DOCS_PDF": "0"}
    db = out / KEY / "theo-doi.sqlite"
    db.parent.mkdir(parents=True)
    held = Tracker(db, KEY)
    runs = []
    with held.exclusive():  # a third remind is running: both wait, and say so
        for day in ("16/11/2024", "30/11/2024"):
            run = subprocess.Popen([sys.executable, "-m", "khcn_docs", "remind", BUNDLED, "--as-of", day, "-o", out],
                                   cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            runs.append(run)
            assert "đang đợi nó xong" in run.stderr.readline()
        assert _letters(out / KEY) == set() and not db.exists()  # created by the first record
    held.close()
    outputs = [run.communicate(timeout=300) for run in runs]
    results = [(run.returncode, *said) for run, said in zip(runs, outputs)]
    # whichever takes the lock first: 16/11 then 30/11 is rounds 1 and 2 (68 rows); 30/11 first
    # makes round 1, and the 16/11 run is refused as dated before it, writing nothing (34 rows)
    first_later = results[0][0] != 0
    if first_later:
        assert results[0][0] == 1 and "ghi lùi" in results[0][2], results[0][2]
    assert results[1][0] == 0, results[1][2]
    rows = _rows(db)
    assert {file for *_, file in rows} == _letters(out / KEY) and len(rows) == (34 if first_later else 68)
    assert all(_dated(out / KEY / file) == issued for *_, issued, file in rows)
    assert not list((out / KEY).glob("*/*.sua-tay-*"))


# ------------------------------------------------------------------ 3, 4. a damaged or held tracking file

@pytest.fixture(scope="module")
def recorded(tmp_path_factory, plan):
    """Return a real tracking file with reports and reminders recorded (several pages)."""
    folder = tmp_path_factory.mktemp("recorded")
    opened = Tracker(folder / "theo-doi.sqlite", KEY)
    try:
        for aid in ("so-noi-vu", "so-y-te", "so-tu-phap"):
            opened.record_report(aid, 2024, dt.date(2024, 11, 10))
        reminders.remind(plan, opened, folder / "plan", ROOT / "templates", dt.date(2024, 11, 16))
    finally:
        opened.close()
    assert (folder / "theo-doi.sqlite").stat().st_size >= 5 * 4096
    return folder / "theo-doi.sqlite"


@pytest.mark.parametrize("offset", [4096, 12288])  # the reports' table, the reminders' table
@pytest.mark.parametrize("command", ["status", "remind"])
def test_a_tracking_file_damaged_after_its_first_page_is_said_not_a_traceback(recorded, tmp_path, offset, command):
    damaged = tmp_path / "theo-doi.sqlite"
    shutil.copyfile(recorded, damaged)
    with open(damaged, "r+b") as handle:
        handle.seek(offset)
        handle.write(bytes(range(256)))
    done = run_cli(command, BUNDLED, "--as-of", "30/11/2024", "--db", damaged, "-o", tmp_path / "out")
    assert done.returncode == StateError.exit_code and "Traceback" not in done.stderr
    assert f"Không mở được tệp theo dõi báo cáo {damaged}: database disk image is malformed" in done.stderr
    assert "xóa tệp hỏng" not in done.stderr and "bản sao lưu" in done.stderr and "đổi tên tệp hỏng" in done.stderr
    assert not (tmp_path / "out").exists()


def _holder(path, how):
    """Start a program holding ``path`` with ``BEGIN {how}``; return it once it holds it."""
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys\n"
                               "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                               f"c.execute('BEGIN {how}'); c.execute('SELECT * FROM track_report').fetchall()\n"
                               "print('held', flush=True); sys.stdin.readline()",
                               str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    return holder


@pytest.mark.parametrize("how, action", [("EXCLUSIVE", "status"), ("EXCLUSIVE", "received"),
                                         ("IMMEDIATE", "record")])
def test_a_tracking_file_held_by_any_kind_of_lock_is_said_held_not_broken(recorded, tmp_path, monkeypatch, how, action):
    from khcn_docs import state

    path = tmp_path / "theo-doi.sqlite"
    shutil.copyfile(recorded, path)
    monkeypatch.setattr(state, "BUSY_SECONDS", 0.2)
    holder = _holder(path, how)
    try:
        with pytest.raises(StateError) as info:
            opened = Tracker(path, KEY, read_only=action == "status")
            opened.record_report("so-tai-chinh", 2024, dt.date(2024, 11, 10))
    finally:
        holder.communicate("go\n", timeout=60)
    assert info.value.exit_code == 8 and "đang bị một chương trình khác giữ" in info.value.message


# ------------------------------------------------------------------ 5. status only reads

def test_status_without_a_tracking_file_says_so_and_creates_nothing(tmp_path):
    done = run_cli("status", BUNDLED, "--as-of", "20/11/2024", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert f"Chưa có sổ theo dõi {tmp_path / 'out' / KEY / 'theo-doi.sqlite'}: chưa ghi nhận báo cáo" in done.stderr
    assert "0 đã báo cáo; 34 quá hạn" in done.stdout and not (tmp_path / "out").exists()


def test_status_opens_the_tracking_file_read_only(recorded, tmp_path):
    before = recorded.read_bytes()
    opened = Tracker(recorded, KEY, read_only=True)
    try:
        assert opened.report_date("so-noi-vu", 2024) == dt.date(2024, 11, 10)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            opened.conn.execute("DELETE FROM track_report")
    finally:
        opened.close()
    assert ok("status", BUNDLED, "--as-of", "20/11/2024", "--db", recorded)
    assert recorded.read_bytes() == before and not list(recorded.parent.glob("theo-doi.sqlite-*"))


@pytest.mark.parametrize("command, extra, said", [
    ("status", (), "Không có tệp theo dõi {db} — kiểm tra đường dẫn --db"),
    ("received", ("so-noi-vu", "--date", "10/11/2024"), "Không có thư mục {folder} để đặt tệp theo dõi {db}"),
    ("remind", ("--as-of", "16/11/2024"), "Không có thư mục {folder} để đặt tệp theo dõi {db}"),
])
def test_a_mistyped_db_path_is_refused_and_makes_no_folder(tmp_path, command, extra, said):
    db = tmp_path / "nowhere" / "x" / "t.sqlite"
    done = run_cli(command, BUNDLED, *extra, "--db", db, "-o", tmp_path / "out")
    assert done.returncode == StateError.exit_code and "Traceback" not in done.stderr
    assert said.format(db=db, folder=db.parent) in done.stderr
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "out").exists()


def test_a_new_tracking_file_at_a_db_path_is_said_started(tmp_path):
    db = tmp_path / "t.sqlite"
    done = run_cli("received", BUNDLED, "so-noi-vu", "--date", "10/11/2024", "--db", db)
    assert done.returncode == 0 and f"Bắt đầu sổ theo dõi báo cáo mới: {db}" in done.stderr
    assert "Bắt đầu" not in run_cli("received", BUNDLED, "so-y-te", "--date", "10/11/2024", "--db", db).stderr


# ------------------------------------------------------------------ 6. the wrong file

@pytest.mark.parametrize("command", ["status", "received", "remind"])
def test_another_plans_tracking_file_is_refused_naming_that_plan(tmp_path, command):
    db = tmp_path / "theo-doi.sqlite"
    other = Tracker(db, "khac")
    other.record_report("so-noi-vu", 2024, dt.date(2024, 11, 10))
    other.close()
    extra = {"status": (), "received": ("so-y-te", "--date", "10/11/2024"), "remind": ()}[command]
    done = run_cli(command, BUNDLED, *extra, "--as-of", "20/11/2024", "--db", db, "-o", tmp_path / "out")
    assert done.returncode == StateError.exit_code
    assert f"Tệp theo dõi {db} là sổ của kế hoạch khac, không phải của kế hoạch {KEY}" in done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT DISTINCT plan FROM track_report UNION SELECT plan FROM track_reminder"
                            ).fetchall() == [("khac",)]


@pytest.mark.parametrize("command", ["status", "received"])
def test_the_build_manifest_given_as_the_tracking_file_is_recognised(packet, command):
    manifest = packet / ".khcn-build.sqlite"
    before = manifest.read_bytes()
    extra = ("so-y-te", "--date", "10/11/2024") if command == "received" else ()
    done = run_cli(command, BUNDLED, *extra, "--db", manifest)
    assert done.returncode == StateError.exit_code
    assert f"Tệp {manifest} là tệp quản lý bản dựng (của lệnh build), không phải sổ theo dõi" in done.stderr
    assert "mới hơn" not in done.stderr and manifest.read_bytes() == before


# ------------------------------------------------------------------ 7. every path checked first

def test_letters_that_cannot_be_written_are_all_said_before_any_is_written(tmp_path, plan):
    out = tmp_path / "out"
    folder = out / KEY
    folder.mkdir(parents=True)
    (folder / per_agency.folder(plan, "so-y-te")).write_text("một tệp, không phải thư mục", encoding="utf-8")
    (folder / per_agency.folder(plan, "so-tai-chinh") / "cong-van-don-doc-2024-lan-1.docx").mkdir(parents=True)
    done = run_cli("remind", BUNDLED, "--as-of", "16/11/2024", "-o", out)
    assert done.returncode == 11 and "Traceback" not in done.stderr
    assert "Không tạo được 2 công văn đôn đốc; chưa tạo công văn nào, chưa ghi nhận gì:" in done.stderr
    assert f"{folder / per_agency.folder(plan, 'so-y-te')} là một tệp, không phải thư mục" in done.stderr
    assert "ở chỗ công văn có một thư mục cùng tên" in done.stderr
    assert not [p for p in folder.rglob("*.docx") if p.is_file()]
    assert not (folder / "theo-doi.sqlite").exists()
