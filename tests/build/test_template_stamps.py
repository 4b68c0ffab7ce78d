"""Template stamps: a template unchanged since the manifest's last write is not hashed again (its
hash is kept in the manifest with its stamp, ``outdated.TEMPLATES``); any other is, so an edited
template always rebuilds its documents (the rule of the output stamps)."""

from __future__ import annotations

import os
import sqlite3
import time
from types import SimpleNamespace

from khcn_docs import outdated, state

from .test_output_stamps import add_comment, hashed_in, set_manifest_time


def set_row(project, value: str) -> None:
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, outdated.TEMPLATES))


def test_templates_older_than_the_manifest_are_not_hashed_again(project, monkeypatch):
    project.build()
    set_manifest_time(project, time.time_ns() + 10**10)  # every template is older than its write
    add_comment(project)
    reads = hashed_in(project.templates, monkeypatch)
    report = project.build()
    assert not report.quick and report.built == [] and reads == []


def test_templates_not_older_than_the_manifest_are_hashed(project, monkeypatch):
    project.build()
    set_manifest_time(project, 0)  # as if every template changed in the manifest's last clock tick
    add_comment(project)
    reads = hashed_in(project.templates, monkeypatch)
    report = project.build()
    assert report.built == [] and sorted(reads) == sorted({v.unit.template for v in report.verdicts})


def test_a_template_rewritten_with_its_size_and_modification_time_kept_is_hashed_again(tmp_path):
    path = tmp_path / "mau.docx"
    path.write_bytes(b"one")
    units = [SimpleNamespace(template="mau.docx")]
    first, later = outdated.template_digests(units, tmp_path), time.time_ns() + 10**10
    assert first.changed and first.digests == {"mau.docx": state.sha256_bytes(b"one")}
    same = outdated.template_digests(units, tmp_path, first.row.replace(first.digests["mau.docx"], "f" * 64), later)
    assert same.digests == {"mau.docx": "f" * 64}  # the recorded hash, the file not read
    before = path.stat()
    time.sleep(0.05)  # a clerk's edit comes later than the build's read
    path.write_bytes(b"two")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # modification time put back
    again = outdated.template_digests(units, tmp_path, first.row, later)
    assert again.digests == {"mau.docx": state.sha256_bytes(b"two")} and again.changed


def test_a_damaged_row_hashes_every_template_and_is_written_again(project, monkeypatch):
    project.build()
    set_row(project, "[not a mapping")
    set_manifest_time(project, time.time_ns() + 10**10)
    add_comment(project)
    reads = hashed_in(project.templates, monkeypatch)
    report = project.build()
    assert report.built == [] and reads
    reads.clear()
    add_comment(project)
    set_manifest_time(project, time.time_ns() + 10**10)
    assert project.build().built == [] and reads == []
