"""A build stopped halfway — the disk full under its manifest, Ctrl-C, no LibreOffice for ``--pdf`` —
says what it wrote and why it stopped, with its own exit code, never as an internal error; the next
build finishes the work without taking its own documents for hand edits."""

from __future__ import annotations

import shutil
import sqlite3
import sys

import pytest

from khcn_docs import render, state
from khcn_docs.cli import main
from khcn_docs.render import compile_template
from khcn_docs.state import Manifest
from tests.build.conftest import ROOT, built
from tests.build.test_incremental import TASK_NEW, TASK_OLD


def run_main(monkeypatch, capsys, project, *extra: str) -> tuple[int, str, str]:
    """Run the real entry point on the project's spec; return (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["khcn-docs", "build", str(project.spec), "-o", str(project.output),
                                      "--templates", str(project.templates), *extra])
    with pytest.raises(SystemExit) as exited:
        main()
    out = capsys.readouterr()
    return exited.value.code, out.out, out.err


def fill_disk_at(monkeypatch, pages: int) -> None:
    """Make every SQLite database opened from now on full at ``pages`` pages: SQLite's own
    ``max_page_count``, which fails a write as a full disk does (SQLITE_FULL, "database or disk is
    full", the transaction rolled back by SQLite itself)."""
    connect = sqlite3.connect

    def limited(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(state.sqlite3, "connect", limited)


@pytest.mark.parametrize("pages", [8, 20], ids=["during-the-writes", "at-the-end"])
def test_a_full_disk_under_the_manifest_says_so_lists_what_was_written_and_exits_11(
        project, monkeypatch, capsys, pages):
    fill_disk_at(monkeypatch, pages)
    code, out, err = run_main(monkeypatch, capsys, project)
    assert code == 11
    assert "Traceback" not in err and "Lỗi nội bộ" not in err
    assert f"Không ghi được tệp trạng thái {project.folder / state.MANIFEST_NAME}: ổ đĩa đã đầy" in err
    written = [line for line in out.splitlines() if line.startswith("Đã tạo: ")]
    assert written and len(written) == len(project.docx_files())  # every document written is listed
    monkeypatch.undo()  # the clerk frees some space
    clean = project.build()
    assert not clean.hand_edits and not clean.untracked and not clean.failed
    assert not [p for p in project.folder.rglob("*.docx") if ".sua-tay-" in p.name]
    assert built(project.build()) == {}


def test_a_document_whose_manifest_row_was_lost_is_not_taken_for_a_hand_edit(project):
    """A build stopped before its last rows were committed (Ctrl-C, a full disk) leaves documents
    with their new bytes and their old rows: the next build writes them again, keeping no copy."""
    project.build()
    before = (project.folder / state.MANIFEST_NAME).read_bytes()
    project.edit_spec(TASK_OLD, TASK_NEW)
    changed = set(built(project.build()))
    (project.folder / state.MANIFEST_NAME).write_bytes(before)  # its rows, as if never committed
    again = project.build()
    assert set(built(again)) == changed
    assert again.hand_edits == [] and not [p for p in project.folder.rglob("*.docx") if ".sua-tay-" in p.name]


def test_a_document_whose_manifest_row_was_lost_is_not_said_deleted_or_edited_by_hand(project):
    """Its file holds exactly what this build writes (the stopped build of the same inputs wrote
    it): the reason said is the change alone, never "tệp kết quả bị xóa hoặc sửa tay"."""
    project.build()
    before = (project.folder / state.MANIFEST_NAME).read_bytes()
    project.edit_spec(TASK_OLD, TASK_NEW)
    changed = built(project.build())
    (project.folder / state.MANIFEST_NAME).write_bytes(before)  # its rows, as if never committed
    again = built(project.build())
    assert again == changed and set(again.values()) == {("content",)}


def test_a_document_edited_by_hand_and_outdated_gives_both_reasons(project):
    first = project.build()
    path = first.path_of("ke-hoach")
    path.write_bytes(path.read_bytes() + b"\0")  # edited (and saved) by hand
    project.edit_spec(TASK_OLD, TASK_NEW)
    again = project.build()
    assert [b.reasons for b in again.built if b.path == path] == [("content", "output")]
    assert [doc for doc, _ in again.hand_edits] == [path]


def test_a_document_edited_by_hand_is_still_kept_aside(project):
    first = project.build()
    path = first.path_of("ke-hoach")
    path.write_bytes(path.read_bytes() + b"\0")  # edited (and saved) by hand
    again = project.build()
    assert [doc for doc, _ in again.hand_edits] == [path]


def test_ctrl_c_between_a_checkpoint_commit_and_the_next_begin_stays_a_ctrl_c(tmp_path, monkeypatch):
    """The rows committed stay; the interruption is what is raised (the CLI says "Đã dừng theo yêu
    cầu."), not SQLite's "cannot rollback - no transaction is active"."""
    begin = state.begin_write
    calls = []

    def interrupted(conn, path, message="state.locked"):
        calls.append(path)
        if len(calls) == 2:  # the BEGIN right after the checkpoint's COMMIT
            raise KeyboardInterrupt
        begin(conn, path, message)

    with Manifest.open(tmp_path) as manifest:
        monkeypatch.setattr(state, "begin_write", interrupted)
        with pytest.raises(KeyboardInterrupt):
            with manifest.batch():
                manifest.set_meta("first", "committed")
                manifest.checkpoint(force=True)
        monkeypatch.undo()
        assert manifest.meta("first") == "committed"
        manifest.set_meta("after", "usable")  # the connection is still usable
    with Manifest.open(tmp_path) as reopened:
        assert reopened.meta("after") == "usable"


def test_ctrl_c_while_a_zip_member_is_open_stays_a_ctrl_c(monkeypatch):
    """A Ctrl-C that lands while a member of the .docx is being written leaves its writing handle
    open; finishing the archive would raise ValueError ("Can't close the ZIP file while there is an
    open writing handle") and hide the interruption behind an internal error."""
    template = compile_template(ROOT / "templates" / "ke-hoach.docx")
    from khcn_docs.spec.load import load_plan
    from khcn_docs.build import discover

    unit = next(u for u in discover(load_plan(ROOT / "variables" / "plans" / "ke-hoach-709.yaml"))
                if u.kind == "ke-hoach")
    opened, handles = render.zipfile.ZipFile._open_to_write, []

    def interrupted(self, *args, **kwargs):
        handles.append(opened(self, *args, **kwargs))  # the handle is open (and not yet closed) ...
        raise KeyboardInterrupt                         # ... when Ctrl-C comes

    monkeypatch.setattr(render.zipfile.ZipFile, "_open_to_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        template.render_bytes(unit.context, unit.core)
    monkeypatch.undo()
    assert template.render_bytes(unit.context, unit.core)[:2] == b"PK"


def test_no_libreoffice_lists_the_documents_written_then_exits_9(project, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    code, out, err = run_main(monkeypatch, capsys, project, "--pdf")
    assert code == 9 and "Traceback" not in err
    assert "Không tìm thấy LibreOffice (soffice)" in err
    assert "Đã tạo: ke-hoach.docx (mới)" in out
    assert len([line for line in out.splitlines() if line.startswith("Đã tạo: ")]) == len(project.docx_files())
    monkeypatch.undo()
    assert built(project.build()) == {}  # the documents were recorded: only their PDFs are left to make
