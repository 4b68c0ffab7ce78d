"""Command-line behaviour not owned by one area: missing spec file, checking a whole folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from khcn_docs.build import build

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "khcn_docs", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_a_missing_spec_is_one_clear_problem_naming_the_specs_beside_it():
    proc = run("build", "variables/plans/khong-co.yaml", "-o", "/nonexistent-out")
    assert proc.returncode == 3
    assert "variables/plans/khong-co.yaml:1:1" in proc.stderr and "ke-hoach-709.yaml" in proc.stderr
    assert "agencies.yaml" not in proc.stderr and "Traceback" not in proc.stderr


def test_check_accepts_a_folder_and_checks_every_docx_in_it(tmp_path):
    report = build(ROOT / "variables" / "plans" / "ke-hoach-709.yaml", tmp_path, templates=ROOT / "templates")
    proc = run("check", report.folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(report.built)} tệp" in proc.stdout
