"""Fixtures: the bundled example's packet built once through the real CLI, and helpers to run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from khcn_docs.spec.load import load_plan

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "variables" / "plans" / "ke-hoach-709.yaml"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``khcn-docs ARGS`` in a subprocess (Vietnamese messages); return the finished process."""
    env = {**os.environ, "KHCN_DOCS_LANG": "vi", "KHCN_DOCS_PDF": "0"}
    return subprocess.run([sys.executable, "-m", "khcn_docs", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def ok(*args: str, cwd: Path = ROOT) -> str:
    """Run ``khcn-docs ARGS``, assert it succeeded, return its standard output."""
    done = run_cli(*args, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def texts(path: Path) -> list[str]:
    """Return the text of every paragraph of the .docx at ``path``, table cells included, in order."""
    from tests.render.docx_facts import all_paragraphs

    return [p.text for p in all_paragraphs(Document(str(path)))]


@pytest.fixture(scope="session")
def plan():
    """Return the bundled plan, loaded once."""
    return load_plan(BUNDLED)


@pytest.fixture(scope="session")
def packet(tmp_path_factory) -> Path:
    """Return the plan folder of the bundled example built by ``khcn-docs build`` (once per session)."""
    out = tmp_path_factory.mktemp("packet")
    ok("build", BUNDLED, "-o", out, "-q", "--templates", ROOT / "templates")
    return out / "ke-hoach-709"
