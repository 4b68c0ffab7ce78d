"""A document that cannot be written (open in Word on Windows, a folder in the way, a full disk) is
reported by name in the clerk's words, the other documents are written, and the next build retries it."""

from __future__ import annotations

import os
import sqlite3
import sys

import pytest

from khcn_docs import state
from khcn_docs.build import write_problem
from khcn_docs.cli import main
from khcn_docs.errors import StateError, WriteError
from khcn_docs.tracking import Tracker
from tests.build.conftest import all_keys, built


def test_a_document_open_in_word_is_reported_and_retried(project, monkeypatch):
    """Windows refuses to replace a file Word holds open; Linux cannot lock it, so that one call is simulated."""
    real_replace = os.replace

    def locked(src, dst):
        if str(dst).endswith("ke-hoach.docx"):
            raise PermissionError(13, "The process cannot access the file", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    report = project.build(strict=False)
    assert [(f.unit.key, f.stage) for f in report.failed] == [("ke-hoach:-", "write")]
    assert "tệp đang mở (trong Word?)" in report.failed[0].message
    assert set(built(report)) == all_keys(project) - {"ke-hoach:-"}  # the others are written
    assert not [p for p in project.folder.rglob("*.part")]            # no temporary file left
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        assert conn.execute("SELECT 1 FROM units WHERE key = 'ke-hoach:-'").fetchone() is None
    with pytest.raises(WriteError) as info:
        project.build()
    assert info.value.exit_code == 11
    assert info.value.message.splitlines()[1].startswith("  ke-hoach.docx: tệp đang mở (trong Word?)")
    monkeypatch.setattr(os, "replace", real_replace)  # the clerk closes the document
    assert built(project.build()) == {"ke-hoach:-": ("new",)}


def test_a_folder_in_the_way_is_said_and_exits_11(project, capsys, monkeypatch):
    first = project.build()
    target = first.path_of("ke-hoach")
    target.unlink()
    target.mkdir()
    (target / "ghi-chu.txt").write_text("thư mục trùng tên", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["khcn-docs", "build", str(project.spec), "-o", str(project.output),
                                      "--templates", str(project.templates), "-q"])
    with pytest.raises(SystemExit) as exited:
        main()  # the real entry point, as a clerk runs it
    err = capsys.readouterr().err
    assert exited.value.code == 11 and "Traceback" not in err
    assert "ke-hoach.docx: ở chỗ tệp này (hoặc thư mục chứa nó) có một thư mục hay tệp khác cùng tên" in err
    assert (target / "ghi-chu.txt").exists()


@pytest.mark.parametrize("exc, said", [
    (PermissionError(13, "Permission denied"), "tệp đang mở (trong Word?)"),
    (OSError(28, "No space left on device"), "ổ đĩa đã đầy"),
    (IsADirectoryError(21, "Is a directory"), "có một thư mục hay tệp khác cùng tên"),
    (OSError(5, "Input/output error"), "không ghi được tệp (Input/output error)"),
], ids=["locked", "disk-full", "folder", "other"])
def test_write_problems_are_said_in_the_clerks_words(exc, said):
    assert said in write_problem(exc)


def _run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """Run the real entry point with ``args``; return (exit code, stderr)."""
    monkeypatch.setattr(sys, "argv", ["khcn-docs", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code, capsys.readouterr().err


def test_an_output_folder_that_cannot_be_made_is_said_not_a_traceback(project, capsys, monkeypatch):
    (project.root / "ghi-chu.txt").write_text("một tệp, không phải thư mục", encoding="utf-8")
    code, err = _run_main(monkeypatch, capsys, "build", str(project.spec), "-o", str(project.root / "ghi-chu.txt" / "kq"),
                          "--templates", str(project.templates), "-q")
    assert code == 11 and "Traceback" not in err
    assert "Không tạo được thư mục " in err and "trên đường dẫn có một tệp hoặc thư mục khác cùng tên" in err


def test_a_read_only_output_folder_is_said_before_anything_is_written(project, capsys, monkeypatch):
    """A read-only share: the plan folder exists (an earlier build) but cannot be written. As root no
    permission bit refuses a write, so there ``os.access`` is told to say what the share would."""
    project.build()
    project.edit_spec("Tham mưu tổ chức đào tạo nâng cao", "Tham mưu tổ chức đào tạo nâng XYZ")
    before = project.docx_files()
    if os.geteuid() == 0:
        real_access = os.access
        share = os.path.realpath(project.folder)
        monkeypatch.setattr(os, "access", lambda p, mode: os.path.realpath(p) != share and real_access(p, mode))
    else:
        project.folder.chmod(0o555)
    try:
        code, err = _run_main(monkeypatch, capsys, "build", str(project.spec), "-o", str(project.output),
                              "--templates", str(project.templates), "-q")
    finally:
        project.folder.chmod(0o755)
    assert code == 11 and "Traceback" not in err
    assert f"Không ghi được vào {project.folder}: thư mục hoặc tệp chỉ cho đọc" in err
    assert project.docx_files() == before


def test_any_other_file_problem_is_said_in_the_clerks_words(project, capsys, monkeypatch):
    import errno

    import khcn_docs.build

    def share_gone(*args, **kwargs):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", r"\\may-chu\van-thu\plan.yaml")

    monkeypatch.setattr(khcn_docs.build, "build", share_gone)
    code, err = _run_main(monkeypatch, capsys, "build", str(project.spec), "-o", str(project.output))
    assert code == 11 and "Traceback" not in err and "Lỗi nội bộ" not in err
    assert r"Không đọc hoặc ghi được \\may-chu\van-thu\plan.yaml: không có đường dẫn này" in err


def make_unreadable(monkeypatch, path) -> None:
    """Take away every permission on ``path`` (its stamp changes, as with ``chmod 000``); as root, whom
    no permission bit refuses, opening it for reading is refused the way it would be."""
    path.chmod(0)
    if os.geteuid() != 0:
        return
    real_open = os.open

    def denied(file, flags, *args, **kwargs):
        if os.fspath(file) == str(path) and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)


@pytest.mark.parametrize("change", ["nothing", "force", "content"])
def test_an_unreadable_document_is_reported_and_the_others_are_built(project, monkeypatch, change):
    first = project.build()
    target = first.path_of("cong-van-trien-khai", "so-noi-vu")
    before = target.read_bytes()
    make_unreadable(monkeypatch, target)
    if change == "content":
        project.edit_spec("  - Thường trực HĐND tỉnh\n", "  - Thường trực Hội đồng nhân dân tỉnh\n")  # the kế hoạch alone
    try:
        report = project.build(strict=False, force=change == "force")
    finally:
        target.chmod(0o644)
    assert [(f.unit.key, f.stage) for f in report.failed] == [("cong-van-trien-khai:so-noi-vu", "write")]
    assert "không đọc được tệp đang có: không có quyền" in report.failed[0].message
    expected = {"nothing": set(), "force": all_keys(project), "content": {"ke-hoach:-"}}[change]
    assert set(built(report)) == expected - {"cong-van-trien-khai:so-noi-vu"}
    assert target.read_bytes() == before and not report.hand_edits  # left as it was, not copied
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:  # its row kept (it may be issued)
        assert conn.execute("SELECT 1 FROM units WHERE key = 'cong-van-trien-khai:so-noi-vu'").fetchone()
    monkeypatch.undo()  # readable again: the next build reads it and does what is left
    again = project.build()
    assert built(again) == {} and not again.failed and not again.hand_edits


def test_an_unreadable_document_exits_11_naming_it(project, monkeypatch, capsys):
    first = project.build()
    target = first.path_of("cong-van-trien-khai", "so-noi-vu")
    make_unreadable(monkeypatch, target)
    try:
        code, err = _run_main(monkeypatch, capsys, "build", str(project.spec), "-o", str(project.output),
                              "--templates", str(project.templates), "-q", "--force")
    finally:
        target.chmod(0o644)
    assert code == 11 and "Traceback" not in err
    assert "04-so-noi-vu/cong-van-trien-khai.docx: không đọc được tệp đang có" in err
    assert "Đã tạo 69 văn bản" in err


def test_an_output_folder_too_long_for_sqlite_is_said_before_anything_is_written(project, monkeypatch, capsys):
    """SQLite opens no database whose path is longer than 504 bytes (on Unix): it only says "unable to
    open database file", and the clerk was told to delete a file that did not exist."""
    name = "Thư mục lưu trữ văn bản hành chính năm 2024 của Sở Khoa học"
    output = project.root.joinpath(*[name] * 8)
    code, err = _run_main(monkeypatch, capsys, "build", str(project.spec), "-o", str(output),
                          "--templates", str(project.templates), "-q")
    assert code == 11 and "Traceback" not in err and "Xóa tệp này" not in err
    assert "Đường dẫn thư mục kết quả quá dài: tệp trạng thái" in err and "chưa ghi gì" in err
    assert not (project.root / name).exists()


@pytest.mark.skipif(os.name == "nt", reason="SQLite's Unix path limit")
def test_the_path_limit_is_sqlites_own(tmp_path):
    """A manifest path of ``SQLITE_PATH_BYTES`` opens; one byte more, SQLite refuses it."""
    base = str(tmp_path.resolve())

    def path_of(length: int) -> str:
        rest, parts = length - len(base) - 1, []
        while rest > 120:
            parts.append("d" * 100)
            rest -= 101
        folder = os.path.join(base, *parts)
        os.makedirs(folder, exist_ok=True)
        return os.path.join(folder, "m" * rest)

    longest = path_of(state.SQLITE_PATH_BYTES)
    assert len(longest) == state.SQLITE_PATH_BYTES
    with sqlite3.connect(longest) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(sqlite3.OperationalError, match="unable to open database file"):
        sqlite3.connect(path_of(state.SQLITE_PATH_BYTES + 1)).execute("CREATE TABLE t (x)")


@pytest.mark.parametrize("error, kind, manifest, tracking", [
    (sqlite3.OperationalError("database is locked"), "locked", StateError, StateError),
    (sqlite3.OperationalError("database table is locked"), "locked", StateError, StateError),
    (sqlite3.OperationalError("database or disk is full"), "full", WriteError, WriteError),
    (sqlite3.OperationalError("disk I/O error"), "io", WriteError, WriteError),
    (sqlite3.OperationalError("attempt to write a readonly database"), "io", WriteError, WriteError),
    (sqlite3.OperationalError("unable to open database file"), "io", WriteError, WriteError),
    (sqlite3.OperationalError("access permission denied"), "io", WriteError, WriteError),
    (sqlite3.OperationalError("no such table: units"), None, None, StateError),  # a bug for the manifest
    (sqlite3.DatabaseError("file is not a database"), None, None, StateError),
    (sqlite3.DatabaseError("database disk image is malformed (Page 4: disk I/O error)"), None, None, StateError),
])
def test_sqlite_errors_are_told_alike_for_the_manifest_and_the_tracking_file(tmp_path, error, kind, manifest, tracking):
    """One reading of SQLite's message (``state.sqlite_problem``) serves both files, each in its own words."""
    assert state.sqlite_problem(error) == kind
    said = state.refused(tmp_path / state.MANIFEST_NAME, error)
    assert type(said) is manifest if manifest else said is None
    tracker = Tracker(tmp_path / "theo-doi.sqlite", "plan", read_only=True)  # no file: nothing is written
    with pytest.raises(tracking):
        with tracker.said():
            raise error
    assert not list(tmp_path.iterdir())
