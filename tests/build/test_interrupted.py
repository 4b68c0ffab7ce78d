"""A build killed at random moments never leaves a truncated or corrupt document, and the next build finishes the work."""

from __future__ import annotations

import random
import subprocess
import sys
import time
import zipfile

import pytest
from docx import Document

from khcn_docs.outputs import PART_SUFFIX
from tests.build.conftest import ROOT

KILLS = 12
SEED = 709


def command(project, *extra: str) -> list[str]:
    return [sys.executable, "-m", "khcn_docs", "build", str(project.spec), "-o", str(project.output),
            "--templates", str(project.templates), "-q", *extra]


def run_and_kill(project, delay: float, *extra: str) -> float | None:
    """Start a build, SIGKILL it after ``delay`` seconds; return None if it was still running (killed),
    else the seconds it took to finish on its own."""
    started = time.monotonic()
    proc = subprocess.Popen(command(project, *extra), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
        return time.monotonic() - started
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def assert_every_document_is_whole(folder) -> None:
    for path in folder.rglob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path
        Document(str(path))


@pytest.mark.slow
def test_killed_builds_leave_whole_files_and_the_next_build_completes(project, tmp_path):
    started = time.monotonic()
    subprocess.run(command(project), cwd=ROOT, check=True, capture_output=True, timeout=300)
    duration = time.monotonic() - started
    clean = project.docx_files()
    rng = random.Random(SEED)
    killed = attempts = 0
    while killed < KILLS and attempts < 3 * KILLS:
        # --force makes every run rewrite the whole packet, so the kill lands among the writes
        took = run_and_kill(project, rng.uniform(0.2 * duration, 0.9 * duration), "--force")
        if took is None:
            killed += 1
        else:  # the machine got faster than when the first build was timed: aim within this run's time
            duration = min(duration, took)
        attempts += 1
        assert_every_document_is_whole(project.folder)
    assert killed == KILLS
    finished = subprocess.run(command(project), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert project.docx_files() == clean
    assert not list(project.folder.rglob(f"*{PART_SUFFIX}"))
    again = subprocess.run(command(project), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "Đã tạo 0 văn bản" in again.stderr


@pytest.mark.slow
def test_killed_first_build_is_finished_by_the_next(project):
    started = time.monotonic()
    subprocess.run(command(project), cwd=ROOT, check=True, capture_output=True, timeout=300)
    duration = time.monotonic() - started
    clean = project.docx_files()
    rng = random.Random(SEED + 1)
    for _ in range(3):
        for path in project.output.rglob("*"):
            if path.is_file():
                path.unlink()
        run_and_kill(project, rng.uniform(0.5 * duration, duration))
        assert_every_document_is_whole(project.folder)
        subprocess.run(command(project), cwd=ROOT, check=True, capture_output=True, timeout=300)
        assert project.docx_files() == clean
