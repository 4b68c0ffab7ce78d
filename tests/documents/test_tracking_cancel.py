"""``remind --cancel``: the last reminders of a year recorded by mistake are undone, all or none,
their letters kept aside as cancelled (never deleted), through the real CLI, a real SQLite file
and real .docx files."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document

from khcn_docs import packet, reminder_files
from khcn_docs.errors import StateError, WriteError
from khcn_docs.spec.load import load_plan
from khcn_docs.tracking import Tracker
from tests.documents.conftest import BUNDLED, ROOT, ok, run_cli

KEY = "ke-hoach-709"
NOI_VU = "04-so-noi-vu/cong-van-don-doc-2024-lan-{round}.docx"


def _rows(db) -> list[tuple]:
    """Return (agency, round, issued, file) of every reminder the tracking file at ``db`` records."""
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT agency, round, issued, file FROM track_reminder ORDER BY 1, 2").fetchall()


def _rounds(rows) -> dict[int, str]:
    """Return round -> the one date it was issued on, of ``rows``."""
    return {round_: issued for _, round_, issued, _ in rows}


def _cancelled(folder: Path) -> list[str]:
    """Return the letters (and PDFs) under ``folder`` kept aside as cancelled, relative paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.huy-*"))


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory) -> Path:
    """Return an output folder where Sở Y tế's 2024 report is recorded (18/11/2024) and ``remind``
    was run on 16/11/2024 (round 1, Sở Y tế too) then on 25/11/2024 (round 2, not Sở Y tế)."""
    out = tmp_path_factory.mktemp("two-rounds") / "out"
    ok("received", BUNDLED, "so-y-te", "--date", "18/11/2024", "-o", out)
    ok("remind", BUNDLED, "--as-of", "16/11/2024", "-o", out, "--templates", ROOT / "templates")
    ok("remind", BUNDLED, "--as-of", "25/11/2024", "-o", out, "--templates", ROOT / "templates")
    return out


@pytest.fixture
def reminded(two_rounds, tmp_path):
    """Return (output folder, plan folder, tracking file): a copy of ``two_rounds`` of this test's own."""
    out = tmp_path / "out"
    shutil.copytree(two_rounds, out)
    folder = out / KEY
    return out, folder, folder / "theo-doi.sqlite"


def test_cancel_undoes_the_last_round_then_the_one_before_and_remind_writes_them_again(reminded):
    """The round of 25/11 goes first (the one of 16/11 stays, as recorded), then the one of 16/11:
    ``status`` shows no reminder, and ``remind`` writes round 1 afresh where the cancelled letter was."""
    out, folder, db = reminded
    before = _rows(db)
    assert _rounds(before) == {1: "2024-11-16", 2: "2024-11-25"}
    first = ok("remind", BUNDLED, "--cancel", "--year", "2024", "-o", out)
    lines = first.splitlines()
    assert "Đã hủy ghi nhận công văn đôn đốc lần 2 ngày 25/11/2024 về báo cáo năm 2024: Sở Nội vụ." in lines
    round_two = [row for row in before if row[1] == 2]
    assert lines[-1] == (f"Đã hủy {len(round_two)} lần đôn đốc ngày 25/11/2024 về báo cáo năm 2024: status, remind "
                         "tính như chưa có các lần đó (chạy remind để đôn đốc lại khi cần).")
    assert _rows(db) == [row for row in before if row[1] == 1]
    assert not (folder / NOI_VU.format(round=2)).exists() and (folder / NOI_VU.format(round=1)).is_file()
    assert len(_cancelled(folder)) == len(round_two)

    second = ok("remind", BUNDLED, "--cancel", "--year", "2024", "-o", out)
    assert "Đã hủy ghi nhận công văn đôn đốc lần 1 ngày 16/11/2024 về báo cáo năm 2024: Sở Y tế." in second
    assert ("  Báo cáo năm 2024 của Sở Y tế nhận ngày 18/11/2024 vẫn được ghi nhận (chỉ hủy công văn đôn đốc)."
            in second.splitlines())
    assert _rows(db) == [] and not list(folder.glob("*/cong-van-don-doc-2024-lan-?.docx"))
    status = ok("status", BUNDLED, "--as-of", "25/11/2024", "-o", out)
    assert "đã đôn đốc" not in status and "Sở Y tế — đã báo cáo ngày 18/11/2024" in status

    again = ok("remind", BUNDLED, "--as-of", "25/11/2024", "-o", out, "--templates", ROOT / "templates")
    assert "Đã tạo công văn đôn đốc lần 1: Sở Nội vụ" in again and "lần 2" not in again
    assert _rounds(_rows(db)) == {1: "2024-11-25"}
    letter = " ".join(p.text for p in Document(str(folder / NOI_VU.format(round=1))).paragraphs)
    assert "chậm nhất ngày 02/12/2024" in letter  # written on 25/11 (the cancelled one of 16/11 said 22/11/2024)
    assert not list(folder.rglob("*.sua-tay-*"))  # the new letter found no file in its way


def test_a_cancelled_letter_and_its_pdf_are_kept_aside_and_joined_to_no_bundle(reminded):
    """The letter, and a PDF beside it (``remind --pdf``), are renamed ``….huy-<when>``, with the
    same stamp; neither ``build --pdf``'s reminder search nor the bundles take them; the clerk is
    told which files went where and to rebuild the PDF bundles."""
    out, folder, db = reminded
    letter = folder / NOI_VU.format(round=2)
    letter.with_suffix(".pdf").write_bytes(b"%PDF-1.4 stand-in for the converted letter")
    said = ok("remind", BUNDLED, "--cancel", "--as-of", "25/11/2024", "-o", out)
    kept = [p for p in _cancelled(folder) if p.startswith("04-so-noi-vu/")]
    assert [Path(p).suffix for p in kept] == [".docx", ".pdf"]
    assert kept[0].startswith("04-so-noi-vu/cong-van-don-doc-2024-lan-2.huy-")
    assert Path(kept[0]).stem == Path(kept[1]).stem  # one stamp: the moment of the cancel
    assert f"  - {letter} → {Path(kept[0]).name}" in said.splitlines()
    assert f"  - {letter.with_suffix('.pdf')} → {Path(kept[1]).name}" in said.splitlines()
    assert f"chạy khcn-docs build {BUNDLED} --pdf để cập nhật" in said
    docs = [(SimpleNamespace(out="04-so-noi-vu/cong-van-trien-khai.docx"), None)]
    bundled = [path.name for _, path in packet.reminder_docs(folder, "so-noi-vu", docs, "Sở Nội vụ")]
    converted = [path.name for _, path in packet._reminders(folder, "so-noi-vu", docs, ".docx", "Sở Nội vụ")]
    assert bundled == [] and converted == ["cong-van-don-doc-2024-lan-1.docx"]  # round 1 stays, to be converted


def test_a_letter_no_longer_there_is_said_and_its_record_still_cancelled(reminded):
    out, folder, db = reminded
    (folder / NOI_VU.format(round=2)).unlink()
    said = ok("remind", BUNDLED, "--cancel", "--as-of", "25/11/2024", "-o", out)
    assert (f"Không thấy công văn {folder / NOI_VU.format(round=2)} (đã xóa hoặc chuyển đi?): chỉ hủy ghi nhận "
            "trong sổ.") in said
    assert _rounds(_rows(db)) == {1: "2024-11-16"}


NEW_AGENCY = """  so-moi:
    name: Sở Mới
    abbreviation: SM
    parent: ubnd-tinh
    groups: [so-ban-nganh]
"""


def test_a_letter_whose_agency_folder_build_renamed_since_is_found_there(tmp_path):
    """An agency inserted before Sở Nội vụ in the registry: ``build`` renames the agency folders
    after it (``04-so-noi-vu`` is now ``05-so-noi-vu``, letters and all), the rows still say the
    old folder. The cancel said those letters "not found" and left them live, to be bundled; it now
    finds each in the folder its agency has now and keeps it aside there."""
    shutil.copytree(ROOT / "variables", tmp_path / "variables")
    spec, out = tmp_path / "variables" / "plans" / BUNDLED.name, tmp_path / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    ok("remind", spec, "--as-of", "25/11/2024", "-o", out, "--templates", ROOT / "templates")
    registry = tmp_path / "variables" / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("  so-noi-vu:\n", NEW_AGENCY + "  so-noi-vu:\n", 1), encoding="utf-8")
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    folder = out / KEY
    assert not (folder / "04-so-noi-vu").exists()
    letters = sorted(folder.glob("*/cong-van-don-doc-2024-lan-1.docx"))
    assert folder / "05-so-noi-vu/cong-van-don-doc-2024-lan-1.docx" in letters
    said = ok("remind", spec, "--cancel", "--year", "2024", "-o", out)
    assert "Không thấy" not in said and not list(folder.glob("*/cong-van-don-doc-2024-lan-1.docx"))
    assert len(_cancelled(folder)) == len(letters)
    assert f"  - {folder / NOI_VU.format(round=1).replace('04-', '05-')} → cong-van-don-doc-2024-lan-1.huy-" in said
    assert _rows(folder / "theo-doi.sqlite") == []


@pytest.mark.parametrize("args, said", [
    (["--as-of", "20/11/2024"], "Lần đôn đốc gần nhất về báo cáo năm 2024 ghi ngày 25/11/2024, sau ngày tính đến "
                                "20/11/2024: --cancel chỉ hủy lần đôn đốc gần nhất"),
    (["--year", "2025", "--as-of", "20/11/2025"],
     "chưa ghi công văn đôn đốc nào về báo cáo năm 2025: không có gì để hủy"),
    (["--year", "2023"], "Không có báo cáo năm 2023: kế hoạch"),  # as remind, received --cancel say it
])
def test_a_cancel_that_cannot_be_done_changes_nothing(reminded, args, said):
    out, folder, db = reminded
    before, letters = _rows(db), sorted(folder.rglob("*.docx"))
    done = run_cli("remind", BUNDLED, "--cancel", *args, "-o", out)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert said in done.stderr
    assert _rows(db) == before and sorted(folder.rglob("*.docx")) == letters and _cancelled(folder) == []


def test_nothing_to_cancel_without_a_tracking_file_makes_no_folder(tmp_path):
    done = run_cli("remind", BUNDLED, "--cancel", "--as-of", "20/11/2024", "-o", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert ("chưa ghi công văn đôn đốc nào về báo cáo năm 2024: không có gì để hủy — kiểm tra --year"
            in done.stderr)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("option", ["--combined", "--pdf"])
def test_cancel_with_an_option_of_writing_letters_is_a_usage_error(reminded, option):
    out, folder, db = reminded
    before = _rows(db)
    done = run_cli("remind", BUNDLED, "--cancel", option, "--as-of", "25/11/2024", "-o", out)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"--cancel (hủy lần đôn đốc gần nhất) không dùng cùng {option}" in done.stderr
    assert "chưa hủy gì" in done.stderr and _rows(db) == before and _cancelled(folder) == []


def test_a_letter_that_cannot_be_moved_undoes_the_whole_cancel(reminded, monkeypatch):
    """The third file refuses to move (open in Word on Windows, say): the two moved are put back
    and no row is removed."""
    from khcn_docs import reminder_cancel

    out, folder, db = reminded
    before, real = _rows(db), reminder_files.move_aside
    calls = []

    def third_fails(path, tag="sua-tay", when=None):
        calls.append(path)
        if len(calls) == 3:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, tag, when)

    monkeypatch.setattr(reminder_files, "move_aside", third_fails)
    opened = Tracker(db, KEY)
    try:
        with pytest.raises(WriteError) as info:
            reminder_cancel.cancel_last(opened, load_plan(BUNDLED), out, dt.date(2024, 11, 25), 2024)
    finally:
        opened.close()
    assert str(calls[2]) in info.value.message
    assert _rows(db) == before and _cancelled(folder) == [] and all(path.is_file() for path in calls)


def test_ctrl_c_twice_during_the_cancel_leaves_every_letter_and_row_as_it_was(reminded, monkeypatch):
    """A Ctrl-C just after the third letter was moved, another while the moved ones are put back:
    the cancel stops (KeyboardInterrupt, as the command line says "stopped") with every row still
    recorded and every letter back where it was, none left as ``.huy-``."""
    import os
    import signal

    from khcn_docs import reminder_cancel

    out, folder, db = reminded
    before, letters = _rows(db), sorted(folder.rglob("cong-van-don-doc-*"))
    real_move, real_replace, moves, back = reminder_files.move_aside, os.replace, [], []

    def ctrl_c_after_third(path, tag="sua-tay", when=None):
        copy = real_move(path, tag, when)
        moves.append(path)
        if len(moves) == 3:
            signal.raise_signal(signal.SIGINT)
        return copy

    def ctrl_c_while_putting_back(src, dst):
        if f".{reminder_files.CANCELLED}-" in os.fspath(src):  # a letter put back
            back.append(dst)
            if len(back) == 1:
                signal.raise_signal(signal.SIGINT)
        return real_replace(src, dst)

    monkeypatch.setattr(reminder_files, "move_aside", ctrl_c_after_third)
    monkeypatch.setattr(os, "replace", ctrl_c_while_putting_back)
    opened = Tracker(db, KEY)
    try:
        with pytest.raises(KeyboardInterrupt):
            reminder_cancel.cancel_last(opened, load_plan(BUNDLED), out, dt.date(2024, 11, 25), 2024)
    finally:
        opened.close()
        monkeypatch.undo()
    assert _rows(db) == before and _cancelled(folder) == [] and sorted(folder.rglob("cong-van-don-doc-*")) == letters
    assert len(moves) > 3 and sorted(back) == sorted(moves)  # every letter moved, then all put back


class _CtrlCAtCommit:
    """A tracking file's connection that presses Ctrl-C the moment its COMMIT is done (the clerk's
    Ctrl-C landing just after the cancel went through)."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql, *args):
        """Execute as the real connection does; press Ctrl-C once a COMMIT is done."""
        import signal

        result = self.conn.execute(sql, *args)
        if sql == "COMMIT":
            signal.raise_signal(signal.SIGINT)
        return result

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_a_ctrl_c_at_the_commit_stops_nothing_the_cancel_is_done_whole(reminded):
    """A Ctrl-C held while the letters moved, landing as the rows are committed, was raised once the
    block was done: the command said "stopped" (exit 130) although every row and letter was
    cancelled. It is now dropped: the cancel returns, done whole."""
    from khcn_docs import reminder_cancel

    out, folder, db = reminded
    before = _rows(db)
    opened = Tracker(db, KEY)
    opened.conn = _CtrlCAtCommit(opened.conn)
    try:
        done = reminder_cancel.cancel_last(opened, load_plan(BUNDLED), out, dt.date(2024, 11, 25), 2024)
    except KeyboardInterrupt:
        pytest.fail("a Ctrl-C after the commit stopped the cancel (said as 'stopped')")
    finally:
        opened.close()
    assert _rows(db) == [row for row in before if row[1] == 1]
    assert len(done.reminders) == len(before) - len(_rows(db)) == len(_cancelled(folder))


def test_a_ctrl_c_while_the_cancel_is_said_does_not_break_it_off(reminded):
    """The cancel is said once committed with Ctrl-C still held (``report``): a Ctrl-C meanwhile
    neither cuts the message short nor turns it into "stopped"."""
    import signal

    from khcn_docs import reminder_cancel

    out, folder, db = reminded
    said = []

    def report(done):
        signal.raise_signal(signal.SIGINT)
        said.append(len(done.reminders))

    opened = Tracker(db, KEY)
    try:
        done = reminder_cancel.cancel_last(opened, load_plan(BUNDLED), out, dt.date(2024, 11, 25), 2024,
                                           report=report)
    except KeyboardInterrupt:
        pytest.fail("a Ctrl-C while the cancel was said stopped it (said as 'stopped')")
    finally:
        opened.close()
    assert said == [len(done.reminders)] and len(_cancelled(folder)) == len(done.reminders)


def test_a_ctrl_c_after_the_cancel_was_said_ends_the_command_as_done_not_stopped(reminded, monkeypatch, capsys):
    """A Ctrl-C landing after the message, as the command closes the tracking file: the command
    said "stopped" and exited 130 under a cancel done and said whole. Once ``remind --cancel`` has
    committed (``cli.finished``), it ends as done: exit 0, nothing said after the message."""
    import signal
    import sys

    from khcn_docs import cli

    out, folder, db = reminded
    real_close = Tracker.close

    def ctrl_c_then_close(self):
        signal.raise_signal(signal.SIGINT)
        real_close(self)

    monkeypatch.setattr(Tracker, "close", ctrl_c_then_close)
    monkeypatch.setattr(sys, "argv", ["khcn-docs", "--lang", "vi", "remind", str(BUNDLED), "--cancel", "--year", "2024",
                                      "-o", str(out)])
    try:
        cli.main()  # returns: exit 0
    except SystemExit as exited:
        pytest.fail(f"exit {exited.code}: {capsys.readouterr().err}")
    said = capsys.readouterr()
    assert said.out.splitlines()[-1].startswith("Đã hủy ") and "Đã dừng" not in said.err
    assert _rounds(_rows(db)) == {1: "2024-11-16"}


def test_a_damaged_tracking_file_is_said_not_a_traceback(reminded, tmp_path):
    out, folder, db = reminded
    damaged = tmp_path / "hong.sqlite"
    shutil.copyfile(db, damaged)
    assert damaged.stat().st_size > 2 * 4096  # the page written over is one of the file's
    with open(damaged, "r+b") as handle:
        handle.seek(4096)
        handle.write(bytes(range(256)))
    done = run_cli("remind", BUNDLED, "--cancel", "--as-of", "25/11/2024", "--db", damaged, "-o", out)
    assert done.returncode == StateError.exit_code and "Traceback" not in done.stderr
    assert f"Không mở được tệp theo dõi báo cáo {damaged}" in done.stderr and _cancelled(folder) == []


def test_english_says_the_same(reminded):
    out, folder, db = reminded
    done = run_cli("--lang", "en", "remind", BUNDLED, "--cancel", "--year", "2024", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "Cancelled the record of reminder 2 of 25/11/2024 about the 2024 report: Sở Nội vụ." in done.stdout
