"""One build at a time per plan folder: a second build waits for the first, says so, then finds
what is left, instead of rendering everything again or failing on a locked manifest."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from khcn_docs.buildlock import LOCK_NAME
from tests.build.conftest import ROOT

HOLDER = """
import fcntl, sys
with open(sys.argv[1], "a+b") as handle:
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.readline()  # until the test lets go
"""


def hold(lock_path) -> subprocess.Popen:
    """Start another process holding the build lock at ``lock_path``, as a running build does."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_path)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    return holder


def test_a_second_build_waits_for_the_first_and_then_does_what_is_left(project):
    project.build()
    project.edit_spec("Tham mưu tổ chức đào tạo nâng cao", "Tham mưu tổ chức đào tạo nâng XYZ")
    before = project.docx_files()
    other = hold(project.folder / LOCK_NAME)
    waiting, result = threading.Event(), {}
    worker = threading.Thread(target=lambda: result.setdefault("report", project.build(on_wait=waiting.set)))
    worker.start()
    try:
        assert waiting.wait(timeout=60), "the build did not notice the other one"
        assert worker.is_alive() and project.docx_files() == before  # it waits, having written nothing
    finally:
        other.communicate("go\n", timeout=60)  # the other build ends: its lock goes with its process
        worker.join(timeout=120)
    assert {b.unit.key for b in result["report"].built} == {"ke-hoach:-", "cong-van-trien-khai:so-gddt",
                                                             "bao-cao:so-gddt:2024"}


def test_a_killed_build_leaves_no_lock_behind(project):
    (project.folder).mkdir(parents=True)
    killed = hold(project.folder / LOCK_NAME)
    killed.kill()
    killed.wait()
    waiting = threading.Event()
    assert len(project.build(on_wait=waiting.set).built) == 70 and not waiting.is_set()


def test_the_command_line_says_it_waits(project):
    project.build()
    project.edit_spec("Tham mưu tổ chức đào tạo nâng cao", "Tham mưu tổ chức đào tạo nâng XYZ")
    other = hold(project.folder / LOCK_NAME)
    build = subprocess.Popen([sys.executable, "-m", "khcn_docs", "build", str(project.spec), "-o", str(project.output),
                              "--templates", str(project.templates), "-q"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = build.stderr.readline()
        assert line.startswith("Một lần tạo văn bản khác của kế hoạch này đang chạy") and build.poll() is None
    finally:
        other.communicate("go\n", timeout=60)
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0 and "Đã tạo 3 văn bản" in err and "Traceback" not in err


def test_a_manifest_held_by_another_program_is_said_not_a_traceback(project, monkeypatch):
    from khcn_docs import state
    from khcn_docs.errors import StateError

    project.build()
    project.edit_spec("Tham mưu tổ chức đào tạo nâng cao", "Tham mưu tổ chức đào tạo nâng XYZ")
    browser = subprocess.Popen([sys.executable, "-c", BROWSER, str(project.folder / state.MANIFEST_NAME)], cwd=ROOT,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert browser.stdout.readline() == "held\n"
    monkeypatch.setattr(state, "BUSY_SECONDS", 0.2)
    try:
        with pytest.raises(StateError) as info:
            project.build()
    finally:
        browser.communicate("go\n", timeout=60)
    assert info.value.exit_code == 8 and "đang bị một chương trình khác giữ" in info.value.message
    assert len(project.build().built) == 3  # once it lets go, the build does its work


BROWSER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")  # a change pending in an SQLite browser
print("held", flush=True)
sys.stdin.readline()
"""


def test_rows_another_program_writes_before_the_lock_are_read_again(project, monkeypatch):
    """A build reads the manifest's rows before loading the plan (for the issued batch) and keeps
    them under its lock only while nobody else has written the file: a row deleted meanwhile (as
    a build that ran in between, or a clerk's SQLite browser, may) is seen gone."""
    import sqlite3

    from khcn_docs import build as build_module, state

    project.build()
    project.edit_spec("Tham mưu tổ chức đào tạo nâng cao", "Tham mưu tổ chức đào tạo nâng XYZ")
    untouched = sorted(v.unit.key for v in project.build(explain=True).verdicts if not v.outdated)[0]
    load = build_module.load_plan

    def meanwhile(*args, **kwargs):
        with sqlite3.connect(project.folder / state.MANIFEST_NAME) as other:
            other.execute("DELETE FROM units WHERE key = ?", (untouched,))
        other.close()
        return load(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_plan", meanwhile)
    report = project.build()
    assert {b.unit.key: b.reasons for b in report.built}[untouched] == ("new",)


def test_rows_nobody_else_wrote_are_read_once_per_build(project, monkeypatch):
    from khcn_docs import state

    project.build()
    project.edit_spec("Tham mưu tổ chức đào tạo nâng cao", "Tham mưu tổ chức đào tạo nâng XYZ")
    reads, read = [], state.Manifest._read
    monkeypatch.setattr(state.Manifest, "_read", lambda self: reads.append(1) or read(self))
    assert project.build().built
    assert len(reads) == 1
