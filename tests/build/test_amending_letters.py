"""The dispatch letters of a plan amending another (``revises``) say which plan it amends and that the
tasks they list replace those of the earlier plan; a first version's letters read as before."""

from __future__ import annotations

import pytest
from docx import Document

from khcn_docs.build import build
from khcn_docs.documents import cong_van_trien_khai
from khcn_docs.spec.load import load_plan
from tests.build.conftest import REVISION, built

ISSUED = "  year: 2024\n", "  year: 2024\n  number: 215\n  date: 20/8/2024\n"
AMENDS = ("của UBND tỉnh Quảng Trị sửa đổi, bổ sung Kế hoạch số 215/KH-UBND ngày 20/8/2024 của UBND tỉnh "
          "Quảng Trị về thực hiện Quyết định số 709/QĐ-TTg")
REPLACES = ("triển khai thực hiện các nhiệm vụ được giao tại Kế hoạch (thay thế các nhiệm vụ được giao tại "
            "Kế hoạch số 215/KH-UBND ngày 20/8/2024), cụ thể như sau:")


@pytest.fixture
def revision(project):
    """Return the bundled revision beside the project's spec, amending it (``revises: plan.yaml``)."""
    path = project.spec.parent / "sua-doi.yaml"
    path.write_text(REVISION.read_text(encoding="utf-8").replace("revises: ke-hoach-709.yaml", "revises: plan.yaml"),
                    encoding="utf-8")
    return path


def opening(folder, agency: str = "so-noi-vu") -> str:
    """Return the first body paragraph ("Thực hiện …") of the dispatch letter to ``agency`` in ``folder``."""
    [letter] = [p for p in folder.rglob("cong-van-trien-khai.docx") if p.parent.name.endswith(f"-{agency}")]
    return next(p.text for p in Document(str(letter)).paragraphs if p.text.startswith("Thực hiện "))


def test_a_revisions_letter_cites_the_plan_it_amends_and_says_its_tasks_replace_that_plans(project, revision):
    project.edit_spec(*ISSUED)
    build(revision, project.output, templates=project.templates)
    text = opening(project.output / "sua-doi")
    assert text.startswith("Thực hiện Kế hoạch số       /KH-UBND ngày      /     /2025 " + AMENDS)
    assert REPLACES in text and text.count("sửa đổi, bổ sung") == 1


def test_a_first_versions_letter_says_nothing_of_amending(project):
    project.build()
    text = opening(project.folder)
    assert "sửa đổi" not in text and "thay thế" not in text
    assert text.endswith("triển khai thực hiện các nhiệm vụ được giao tại Kế hoạch, cụ thể như sau:")


def test_a_title_saying_it_amends_is_not_said_twice(project, revision):
    title = "    Thực hiện Quyết định số 709/QĐ-TTg ngày 23/7/2024 của Thủ tướng Chính phủ và Kế hoạch số\n"
    text = revision.read_text(encoding="utf-8")
    assert text.count(title) == 1
    revision.write_text(text.replace(title, "    Sửa đổi, bổ sung Kế hoạch thực hiện Quyết định số 709/QĐ-TTg ngày "
                                            "23/7/2024 của Thủ tướng Chính phủ và Kế hoạch số\n"), encoding="utf-8")
    project.edit_spec(*ISSUED)
    plan = cong_van_trien_khai.dispatched(load_plan(revision))
    [first] = cong_van_trien_khai.paragraphs(plan, "so-noi-vu")[:1]
    assert first.startswith("Thực hiện Kế hoạch số       /KH-UBND ngày      /     /2025 của UBND tỉnh Quảng Trị "
                            "về sửa đổi, bổ sung Kế hoạch thực hiện Quyết định số 709/QĐ-TTg")
    assert first.lower().count("sửa đổi, bổ sung") == 1 and REPLACES in first


def test_issuing_the_amended_plan_rebuilds_the_revisions_letters_and_nothing_else(project, revision):
    first = build(revision, project.output, templates=project.templates)
    letters = {u.key for u in first.units if u.kind == cong_van_trien_khai.KIND}
    assert letters and "sửa đổi, bổ sung Kế hoạch số       /KH-UBND ngày      /     /2024" in opening(
        project.output / "sua-doi")
    project.edit_spec(*ISSUED)  # the original gets its number and date: only the letters cite it
    again = build(revision, project.output, templates=project.templates)
    assert set(built(again)) == letters
    assert AMENDS in opening(project.output / "sua-doi")
