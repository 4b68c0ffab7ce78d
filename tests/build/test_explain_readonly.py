"""``--explain`` reads the manifest without changing it, even when the state is from an older version."""

from __future__ import annotations

import sqlite3

from khcn_docs import state
from khcn_docs.build import build
from tests.documents.conftest import BUNDLED, ROOT


def test_explain_on_an_older_state_changes_nothing_and_says_tool_version(tmp_path):
    report = build(BUNDLED, tmp_path, kinds=["ke-hoach"], templates=ROOT / "templates")
    db = report.folder / state.MANIFEST_NAME
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 2")  # a state too old to upgrade: it is discarded
    before = db.read_bytes()
    explained = build(BUNDLED, tmp_path, kinds=["ke-hoach"], templates=ROOT / "templates", explain=True)
    assert db.read_bytes() == before
    assert [v.reasons for v in explained.verdicts] == [("tool",)]
    rebuilt = build(BUNDLED, tmp_path, kinds=["ke-hoach"], templates=ROOT / "templates")
    assert [b.reason for b in rebuilt.built] == ["tool"]
