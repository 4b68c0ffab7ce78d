"""A dispatch letter to an agency that first gets a task after the batch of letters was issued:
it was never sent with that batch, so it is not made with the batch's number and date (a
backdated letter) but as a draft, with a warning, until the clerk gives it its own number and
date (``dispatch.numbers``, ``dispatch.dates``)."""

from __future__ import annotations

import docx
import pytest

from khcn_docs.errors import SpecError
from khcn_docs.state import Manifest

ISSUED = (("  # Bản dự thảo: chưa có số (number) và ngày ban hành (date).\n", "  number: 215\n  date: 20/8/2024\n"),
          ("  reminder_days: 7\n", "  reminder_days: 7\n  number: 120\n  date: 20/6/2025\n"))
LATE_TASK = ("support: [so-noi-vu]\n", "support: [so-noi-vu, dai-hoc-hue]\n")


def _heading(path) -> list[str]:
    """Return the texts of the header table's cells of the letter at ``path`` (number line, date line)."""
    return [cell.text for table in docx.Document(path).tables[:1] for row in table.rows for cell in row.cells]


def _issued(project, key: str) -> bool:
    """Return whether the manifest records the unit ``key`` as written issued."""
    with Manifest.open(project.folder, create=False) as manifest:
        return manifest.get(key).issued


def test_a_letter_to_an_agency_given_a_task_after_the_batch_was_issued_is_a_draft_until_dated(project):
    for old, new in ISSUED:
        project.edit_spec(old, new)
    first = project.build()
    assert first.path_of("cong-van-trien-khai", "so-noi-vu") is not None
    project.edit_spec(*LATE_TASK)
    report = project.build()
    late = report.path_of("cong-van-trien-khai", "dai-hoc-hue")
    heading = _heading(late)
    assert "Số:       /SKHCN-QLKH\nV/v triển khai thực hiện Kế hoạch số 215/KH-UBND" in heading
    assert "Quảng Trị, ngày      tháng      năm 2025" in heading
    assert not any("120/SKHCN" in text or "20 tháng 6" in text for text in heading)
    assert not _issued(project, "cong-van-trien-khai:dai-hoc-hue")
    [said] = [w for w in report.warnings if "(dai-hoc-hue)" in w]
    assert said.startswith("Cảnh báo: công văn triển khai gửi Đại học Huế (dai-hoc-hue) chưa có trong đợt công văn "
                           "đã ban hành số 120, ngày 20/6/2025")
    assert "“numbers: {dai-hoc-hue: <số>}” và “dates: {dai-hoc-hue: <ngày gửi>}”" in said
    assert _issued(project, "cong-van-trien-khai:so-noi-vu")  # the batch stays issued, as it was
    assert "Số: 120/SKHCN-QLKH" in _heading(report.path_of("cong-van-trien-khai", "so-noi-vu"))[2]
    assert project.build().warnings.count(said) == 1  # said again on every build while it is a draft

    project.edit_spec("  date: 20/6/2025\n", "  date: 20/6/2025\n  numbers: {dai-hoc-hue: 130}\n"
                                             "  dates: {dai-hoc-hue: 10/9/2025}\n")
    given = project.build()
    heading = _heading(late)
    assert heading[2].startswith("Số: 130/SKHCN-QLKH") and heading[3] == "Quảng Trị, ngày 10 tháng 9 năm 2025"
    assert _issued(project, "cong-van-trien-khai:dai-hoc-hue")
    assert not any("(dai-hoc-hue)" in w for w in given.warnings)


def test_a_letter_dated_apart_without_its_own_number_is_refused(project):
    for old, new in ISSUED:
        project.edit_spec(old, new)
    project.edit_spec("  date: 20/6/2025\n", "  date: 20/6/2025\n  dates: {dai-hoc-hue: 10/9/2025}\n")

    with pytest.raises(SpecError) as raised:
        project.build()
    assert any("dispatch.dates: công văn ghi ngày riêng (“dates”) mà chưa có số riêng (“numbers”)" in p
               for p in raised.value.problems)
    assert not project.output.exists()


def test_a_held_letter_with_its_own_number_but_no_date_is_told_the_date_is_missing(project):
    """The warning names the batch by its number (120), not the letter's own (130), and says
    ``dates`` lacks the agency, at the line of its ``numbers`` entry."""
    for old, new in ISSUED:
        project.edit_spec(old, new)
    project.build()
    project.edit_spec(*LATE_TASK)
    project.edit_spec("  date: 20/6/2025\n", "  date: 20/6/2025\n  numbers: {dai-hoc-hue: 130}\n")
    report = project.build()
    [said] = [w for w in report.warnings if "(dai-hoc-hue)" in w]
    line = project.spec.read_text(encoding="utf-8").splitlines().index("  numbers: {dai-hoc-hue: 130}") + 1
    assert f":{line}: cảnh báo: công văn triển khai gửi Đại học Huế (dai-hoc-hue) có số riêng 130" in said
    assert "chưa có “dates” cho dai-hoc-hue" in said
    assert "đợt công văn đã ban hành số 120, ngày 20/6/2025" in said and "số 130, ngày" not in said
    assert "“dates: {dai-hoc-hue: <ngày gửi công văn số 130>}”" in said
    assert not _issued(project, "cong-van-trien-khai:dai-hoc-hue")


@pytest.mark.parametrize("day, said", [
    ("10/7/2024", "dispatch.dates.dai-hoc-hue: công văn triển khai ngày 10/7/2024 trước ngày ban hành kế hoạch (20/8/2024)"),
    ("10/6/2025", "dispatch.dates.dai-hoc-hue: công văn gửi riêng dai-hoc-hue ghi ngày 10/6/2025, trước ngày đợt "
                  "công văn triển khai (20/6/2025, dispatch.date)"),
])
def test_a_letter_dated_apart_before_the_plan_or_the_batch_is_refused(project, day, said):
    for old, new in ISSUED:
        project.edit_spec(old, new)
    project.edit_spec(*LATE_TASK)
    project.edit_spec("  date: 20/6/2025\n", "  date: 20/6/2025\n  numbers: {dai-hoc-hue: 130}\n"
                                             f"  dates: {{dai-hoc-hue: {day}}}\n")

    with pytest.raises(SpecError) as raised:
        project.build()
    assert any(said in p for p in raised.value.problems), raised.value.problems
    assert not project.output.exists()


def test_a_letter_dated_apart_after_the_deadline_asks_its_late_report_and_is_warned(project):
    """A letter with its own date (``dispatch.dates``) after the yearly deadline gets the batch's
    late-report sentence and warning, counted from its own date, while the batch's letters do not."""
    project.edit_spec(*ISSUED[0])
    project.edit_spec("  reminder_days: 7\n", "  reminder_days: 7\n  number: 45\n  date: 23/8/2024\n")
    project.build()
    project.edit_spec(*LATE_TASK)
    project.edit_spec("  date: 23/8/2024\n", "  date: 23/8/2024\n  numbers: {dai-hoc-hue: 130}\n"
                                             "  dates: {dai-hoc-hue: 20/11/2024}\n")
    report = project.build()
    text = lambda aid: "\n".join(p.text for p in docx.Document(report.path_of("cong-van-trien-khai", aid)).paragraphs)
    assert "Riêng báo cáo năm 2024, đề nghị gửi chậm nhất ngày 26/11/2024." in text("dai-hoc-hue")
    assert "Riêng báo cáo" not in text("so-noi-vu")
    line = project.spec.read_text(encoding="utf-8").splitlines().index("  dates: {dai-hoc-hue: 20/11/2024}") + 1
    from khcn_docs.spec.load import load_plan

    warned = load_plan(project.spec).warnings
    assert any("dai-hoc-hue" in w for w in warned), warned
    [said] = [w for w in warned if "(dai-hoc-hue) ghi ngày 20/11/2024" in w]
    assert f":{line}:" in said and "sau hạn báo cáo năm 2024 (15/11/2024)" in said
    assert "chậm nhất ngày 26/11/2024" in said
