"""Fixtures: the bundled example built once per session, and a small spec factory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from khcn_docs.build import build

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "variables" / "plans" / "ke-hoach-709.yaml"


@pytest.fixture(scope="session")
def plan_docx(tmp_path_factory) -> Path:
    """Return the kế hoạch built from the bundled spec (built once for the session)."""
    out = tmp_path_factory.mktemp("out")
    report = build(BUNDLED, out, kinds=["ke-hoach"], templates=ROOT / "templates")
    return report.path_of("ke-hoach")


@pytest.fixture(scope="session")
def plan_doc(plan_docx):
    """Return the built kế hoạch opened with python-docx."""
    return Document(str(plan_docx))


@pytest.fixture
def project(tmp_path) -> Path:
    """Return a scratch project: variables/ copied, plans/ empty, templates/ copied."""
    shutil.copytree(ROOT / "variables", tmp_path / "variables", ignore=shutil.ignore_patterns("plans"))
    (tmp_path / "variables" / "plans").mkdir()
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


SMALL_SPEC = """\
document:
  issuer: ubnd-tinh
  year: 2024
  title: {title}
  drafting_unit: KGVX
{number}body:
  - section: Nhiệm vụ
    children:
      - item: "{item}"
        task: t-1
        lead: [so-khcn]
reporting: {{day: 15, month: 11, via: so-khcn}}
recipients: [Bộ KH&CN (B/c)]
signature: {{collective: Ủy ban nhân dân, authority: KT, head_title: Chủ tịch, signer: le-duc-tien}}
"""


def write_spec(project: Path, name: str = "plan.yaml", title: str = "Thử nghiệm", item: str = "Việc một",
               number: str = "") -> Path:
    """Write a small valid spec into ``project``'s variables/plans and return its path.

    ``number`` holds extra ``document:`` lines, indented two spaces (e.g. number and date)."""
    path = project / "variables" / "plans" / name
    path.write_text(SMALL_SPEC.format(title=title, item=item, number=number), encoding="utf-8")
    return path
