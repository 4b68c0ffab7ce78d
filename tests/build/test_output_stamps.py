"""Output stamps: an output unchanged since the manifest's last write is not read again; any
other is, so a hand edit is always caught (git's racily-clean rule)."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from khcn_docs import state
from tests.build.conftest import all_keys, built

COMMENT = "\n# ghi chú của văn thư\n"


def hashed_in(folder, monkeypatch) -> list[str]:
    """Return the list that collects the name of every .docx in ``folder`` the build reads to hash
    it (filled as it runs): the outputs in the plan's folder, the templates in theirs."""
    reads: list[str] = []
    original = state.sha256_file

    def counting(path):
        if os.path.dirname(str(path)).startswith(str(folder)) and str(path).endswith(".docx"):
            reads.append(os.path.basename(str(path)))
        return original(path)

    monkeypatch.setattr(state, "sha256_file", counting)
    return reads


def add_comment(project) -> None:
    """Add a comment to the spec: its bytes change, no document does."""
    project.spec.write_text(project.spec.read_text(encoding="utf-8") + COMMENT, encoding="utf-8")


def set_manifest_time(project, ns: int) -> None:
    """Set the manifest's modification time to ``ns`` (when it was last written, for the rule)."""
    os.utime(project.folder / state.MANIFEST_NAME, ns=(ns, ns))


def stamps(project) -> dict[str, str]:
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        return dict(conn.execute("SELECT key, docx_stamp FROM units"))


@pytest.mark.parametrize("quick_check", [True, False], ids=["quick-check", "full-comparison"])
def test_outputs_older_than_the_manifest_are_not_read_again(project, monkeypatch, quick_check):
    project.build()
    set_manifest_time(project, time.time_ns() + 10**10)  # every output is older than its write
    if not quick_check:
        add_comment(project)
    reads = hashed_in(project.folder, monkeypatch)
    report = project.build()
    assert report.quick is quick_check and report.built == []
    assert reads == []


@pytest.mark.parametrize("quick_check", [True, False], ids=["quick-check", "full-comparison"])
def test_outputs_not_older_than_the_manifest_are_read(project, monkeypatch, quick_check):
    project.build()
    set_manifest_time(project, 0)  # as if every output was written in the manifest's last clock tick
    if not quick_check:
        add_comment(project)
    reads = hashed_in(project.folder, monkeypatch)
    report = project.build()
    assert report.quick is quick_check and report.built == []
    assert len(reads) == len(all_keys(project))


def test_an_edit_that_keeps_size_and_modification_time_is_caught(project):
    first = project.build()
    path = first.outputs["ke-hoach:-"]
    stat = path.stat()
    time.sleep(0.05)  # a clerk's edit comes later than the build's own write
    data = bytearray(path.read_bytes())
    data[-30] ^= 0xFF  # same size, other bytes
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # modification time put back
    if path.stat().st_ctime_ns == stat.st_ctime_ns:
        pytest.skip("this file system keeps change times too coarsely to tell the edit apart")
    set_manifest_time(project, time.time_ns() + 10**10)
    report = project.build()
    assert built(report) == {"ke-hoach:-": ("output",)}


def test_every_entry_gets_the_stamp_of_its_file(project):
    report = project.build()
    recorded = stamps(project)
    assert recorded == {key: state.file_stamp(path) for key, path in report.outputs.items()}


def test_a_manifest_from_before_stamps_is_upgraded_in_place(project):
    project.build()
    db = project.folder / state.MANIFEST_NAME
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE units DROP COLUMN docx_stamp")
        conn.execute("PRAGMA user_version = 3")
    add_comment(project)
    before = db.read_bytes()
    explained = project.build(explain=True)  # read as it is, and left as it is
    assert explained.outdated == [] and db.read_bytes() == before
    report = project.build()
    assert report.built == [] and set(report.unchanged) == all_keys(project)  # nothing discarded
    assert all(stamps(project).values())  # each file was read once and its stamp recorded


def test_a_deleted_output_is_rebuilt_when_the_others_are_trusted(project):
    first = project.build()
    set_manifest_time(project, time.time_ns() + 10**10)
    first.outputs["ke-hoach:-"].unlink()
    report = project.build()
    assert report.quick is False and built(report) == {"ke-hoach:-": ("output",)}
