"""The dispatch letters of a plan amending another (``revises``) say which plan it amends and that the
tasks they list replace those of the earlier plan; its report forms and reminders cite it the same
way; a first version's documents read as before."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from docx import Document

from khcn_docs import reminders
from khcn_docs.build import build
from khcn_docs.errors import SpecError
from khcn_docs.documents import bao_cao, cong_van_trien_khai, per_agency
from khcn_docs.spec.load import load_plan
from khcn_docs.tracking import Tracker
from tests.build.conftest import REVISION, built

ISSUED = "  year: 2024\n", "  year: 2024\n  number: 215\n  date: 20/8/2024\n"
CITES = "của UBND tỉnh Quảng Trị về thực hiện Quyết định số 709/QĐ-TTg"  # the revision's own trích yếu
AMENDS = "(sửa đổi, bổ sung Kế hoạch số 215/KH-UBND ngày 20/8/2024; sau đây gọi tắt là Kế hoạch)"  # after it, one parenthesis
REPLACES = ("triển khai thực hiện các nhiệm vụ được giao tại Kế hoạch (thay thế các nhiệm vụ được giao tại "
            "Kế hoạch số 215/KH-UBND ngày 20/8/2024), cụ thể như sau:")


@pytest.fixture
def revision(project):
    """Return the bundled revision beside the project's spec, amending it (``revises: plan.yaml``)."""
    path = project.spec.parent / "sua-doi.yaml"
    path.write_text(REVISION.read_text(encoding="utf-8").replace("revises: ke-hoach-709.yaml", "revises: plan.yaml"),
                    encoding="utf-8")
    return path


def opening(folder, agency: str = "so-noi-vu", file: str = "cong-van-trien-khai.docx") -> str:
    """Return the first body paragraph ("Thực hiện …") of the document ``file`` (the dispatch letter
    by default) of ``agency`` in ``folder``."""
    [letter] = [p for p in folder.rglob(file) if p.parent.name.endswith(f"-{agency}")]
    return next(p.text for p in Document(str(letter)).paragraphs if p.text.startswith("Thực hiện "))


def test_a_revisions_letter_cites_the_plan_it_amends_and_says_its_tasks_replace_that_plans(project, revision):
    project.edit_spec(*ISSUED)
    build(revision, project.output, templates=project.templates)
    text = opening(project.output / "sua-doi")
    assert text.startswith("Thực hiện Kế hoạch số       /KH-UBND ngày      /     /2025 " + CITES)
    assert " phát triển khoa học và công nghệ phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa trong điều kiện kinh " \
           "tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế " + AMENDS in text  # not the original's title
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


@pytest.mark.parametrize("title, says", [
    ("Sửa đổi, bổ sung Kế hoạch thực hiện Quyết định số 709/QĐ-TTg", True),
    ("sửa đổi kế hoạch số 215/KH-UBND", True),
    ("Bổ sung Kế hoạch thực hiện Quyết định số 709/QĐ-TTg", True),
    ("Sửa đổi, bổ sung một số nội dung của Kế hoạch số 215/KH-UBND", True),
    (unicodedata.normalize("NFD", "Sửa đổi, bổ sung Kế hoạch số 215"), True),  # typed decomposed
    ("Thực hiện Luật sửa đổi, bổ sung một số điều của Luật Khoa học và Công nghệ", False),
    ("Thực hiện Quyết định số 709/QĐ-TTg; bổ sung nhiệm vụ năm 2025", False),
])
def test_only_a_title_that_itself_amends_a_plan_says_so(title, says):
    assert per_agency.says_amends(title) is says


def test_a_title_naming_an_amending_law_still_cites_the_plan_it_amends(project, revision):
    title = "    Thực hiện Quyết định số 709/QĐ-TTg ngày 23/7/2024 của Thủ tướng Chính phủ và Kế hoạch số\n"
    text = revision.read_text(encoding="utf-8")
    revision.write_text(text.replace(title, "    Thực hiện Luật sửa đổi, bổ sung một số điều của Luật Khoa học và "
                                            "Công nghệ, Quyết định số 709/QĐ-TTg và Kế hoạch số\n"), encoding="utf-8")
    project.edit_spec(*ISSUED)
    plan = cong_van_trien_khai.dispatched(load_plan(revision))
    [first] = cong_van_trien_khai.paragraphs(plan, "so-noi-vu")[:1]
    assert "sửa đổi, bổ sung Kế hoạch số 215/KH-UBND ngày 20/8/2024" in first and REPLACES in first


def test_a_revisions_report_form_cites_the_plan_it_amends_as_its_letters_do(project, revision):
    """The 2025 form reports on the tasks of the amended plan: it opens as the letter carrying it
    does ("Thực hiện Kế hoạch số … về … (sửa đổi, bổ sung Kế hoạch số 215/KH-UBND …)")."""
    project.edit_spec(*ISSUED)
    build(revision, project.output, templates=project.templates)
    text = opening(project.output / "sua-doi", file="bao-cao-2025.docx")
    assert text.startswith("Thực hiện Kế hoạch số       /KH-UBND ngày      /     /2025 " + CITES) and AMENDS in text
    assert text.endswith("; sau đây gọi tắt là Kế hoạch), Sở Nội vụ báo cáo kết quả thực hiện Kế hoạch năm 2025 như sau:")
    assert text.split("; sau đây")[0] == opening(project.output / "sua-doi").split("; sau đây")[0]


def test_a_first_versions_report_form_says_nothing_of_amending(project):
    project.build()
    text = opening(project.folder, file="bao-cao-2024.docx")
    assert text.startswith("Thực hiện Kế hoạch số       /KH-UBND ngày      /     /2024 của UBND tỉnh Quảng Trị về ")
    assert "sửa đổi" not in text


def test_a_reminder_under_a_revision_cites_the_plan_it_amends(project, revision, tmp_path):
    """A reminder about the 2025 report, which the revision asks for, recalls the duty as the
    letters and the form cite the plan; one about the 2024 report follows the original (no amending)."""
    project.edit_spec(*ISSUED)
    plan = load_plan(revision)
    tracker = Tracker(tmp_path / "theo-doi.sqlite", "plan")
    try:
        done = reminders.remind(plan, tracker, tmp_path / "out", project.templates, dt.date(2025, 11, 20))
    finally:
        tracker.close()
    [path] = {path for reminder, path in done if reminder.agency == "so-noi-vu"}
    duty = next(p.text for p in Document(str(path)).paragraphs if p.text.startswith("Theo "))
    assert duty.startswith("Theo Kế hoạch số       /KH-UBND ngày      /     /2025 " + CITES) and AMENDS in duty
    assert duty.count("sửa đổi, bổ sung") == 1


def test_issuing_the_amended_plan_rebuilds_the_revisions_letters_and_forms_and_nothing_else(project, revision):
    """Issuing the original (its number and date) changes every document of the revision that cites
    it (``per_agency.plan_cited``): the dispatch letters and the report forms, not the plan itself."""
    first = build(revision, project.output, templates=project.templates)
    citing = {u.key for u in first.units if u.kind in (cong_van_trien_khai.KIND, bao_cao.KIND)}
    assert {u.kind for u in first.units} - {cong_van_trien_khai.KIND, bao_cao.KIND}  # the kế hoạch is not among them
    assert citing and "(sửa đổi, bổ sung Kế hoạch số       /KH-UBND ngày      /     /2024; sau đây" in opening(
        project.output / "sua-doi")
    project.edit_spec(*ISSUED)  # the original gets its number and date: only the documents citing it change
    again = build(revision, project.output, templates=project.templates)
    assert set(built(again)) == citing
    assert AMENDS in opening(project.output / "sua-doi")
    assert AMENDS in opening(project.output / "sua-doi", file="bao-cao-2025.docx")


@pytest.mark.parametrize("original_issued, revision_date, refused", [
    (True, "01/08/2024", True),    # the tester's case: 50 of 01/8/2024 amending 215 of 20/8/2024
    (True, "20/08/2024", False),   # the same day: not before
    (True, "15/01/2025", False),
    (False, "01/08/2024", False),  # the original still a draft: no date to compare
])
def test_a_revision_issued_before_the_plan_it_amends_is_refused_at_its_date(project, revision, original_issued,
                                                                            revision_date, refused):
    if original_issued:
        project.edit_spec(*ISSUED)
    text = revision.read_text(encoding="utf-8")
    assert text.count("  year: 2025\n") == 1
    revision.write_text(text.replace("  year: 2025\n", f"  number: 50\n  date: {revision_date}\n"), encoding="utf-8")
    if not refused:
        assert load_plan(revision).spec.document.number == 50
        return
    with pytest.raises(SpecError) as raised:
        load_plan(revision)
    [problem] = raised.value.problems
    assert "sua-doi.yaml:" in problem and ": document.date: kế hoạch sửa đổi ban hành ngày 01/8/2024, trước ngày " \
        "ban hành kế hoạch mà nó sửa đổi (Kế hoạch số 215 ngày 20/8/2024" in problem
    assert "từ ngày 20/8/2024 trở đi" in problem
