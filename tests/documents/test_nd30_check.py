"""Every document the bundled example's build and a remind run produce passes ``khcn-docs check``."""

from __future__ import annotations

import json
import shutil

from tests.documents.conftest import BUNDLED, ROOT, ok, run_cli


def check(files, root):
    """Return (exit code, {(relative file, rule)}) of ``khcn-docs check --format json FILES``."""
    done = run_cli("check", "--format", "json", *files)
    report = json.loads(done.stdout)
    assert not report["unreadable"]
    found = {(str(p["file"]).replace(str(root) + "/", ""), p["rule"]) for p in report["problems"]}
    return done.returncode, found


def test_build_and_remind_outputs_pass_the_nd30_checker(packet, tmp_path):
    folder = tmp_path / "ke-hoach-709"
    shutil.copytree(packet, folder)
    ok("remind", BUNDLED, "--as-of", "16/11/2024", "-o", tmp_path, "--templates", ROOT / "templates")
    ok("remind", BUNDLED, "--as-of", "23/11/2024", "-o", tmp_path, "--templates", ROOT / "templates")
    ok("remind", BUNDLED, "--as-of", "18/11/2025", "-o", tmp_path, "--combined")
    files = sorted(folder.rglob("*.docx"))
    assert len(files) == 1 + 34 + 35 + 34 * 2 + 1   # plan, dispatches, forms, two rounds, one combined
    code, found = check(files, folder)
    assert (code, found) == (0, set())
