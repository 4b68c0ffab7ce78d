"""Issued documents, agency merges and the bundled 2025 revision, built incrementally and compared."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from khcn_docs import buildlog, diff, issued
from khcn_docs.errors import SpecError
from khcn_docs.cli import cli
from khcn_docs.spec.load import load_plan
from khcn_docs.build import build
from tests.build.conftest import (FORMED_2025, MERGED_2025, REVISION, ROOT, all_keys, built, bump_font_size, keys_of,
                                  without_2025_reorganisation)
from tests.build.test_diff_details import TWO_YEARS, registries_compared
from tests.build.test_incremental import TASK_NEW, TASK_OLD

ISSUED = "  year: 2024\n", "  number: 215\n  date: 20/8/2024\n"
DISPATCH_DATED = "  reminder_days: 7\n", "  reminder_days: 7\n  date: 23/8/2024\n"
DISPATCH_NUMBERED = "  date: 23/8/2024\n", "  number: 45\n  date: 23/8/2024\n"


def issue_all(project) -> None:
    """Give the plan and then its dispatch letters their numbers and dates."""
    project.edit_spec(*ISSUED)
    project.edit_spec(*DISPATCH_DATED)
    project.edit_spec(*DISPATCH_NUMBERED)


def issued_keys(keys) -> set[str]:
    """Return the keys of ``keys`` that are issued once plan and dispatch are: all but the report forms."""
    return {k for k in keys if not k.startswith("bao-cao:")}


def test_issued_document_is_kept_and_the_difference_reported(project):
    issue_all(project)
    first = project.build()
    before = project.docx_files()
    project.edit_spec(TASK_OLD, TASK_NEW)
    report = project.build()
    affected = keys_of(first, ("so-tai-chinh", "so-khcn")) | {"ke-hoach:-"}
    assert {k.unit.key for k in report.kept} == issued_keys(affected) == {"ke-hoach:-", "cong-van-trien-khai:so-tai-chinh"}
    assert set(built(report)) == affected - issued_keys(affected)  # report forms: blanks kept in step
    plan_kept = next(k for k in report.kept if k.unit.key == "ke-hoach:-")
    assert plan_kept.reasons == ("content",)
    assert any("nội dung" in line and "hiệu quả" in line and "kịp thời" in line for line in plan_kept.changes)
    after = project.docx_files()
    assert {p: h for p, h in after.items() if "/bao-cao-" not in p} == {p: h for p, h in before.items() if "/bao-cao-" not in p}
    forced = project.build(force_issued=True)
    assert set(built(forced)) == issued_keys(affected)


def test_an_issued_plan_leaves_its_dispatch_letters_drafts_until_they_have_their_own_number(project):
    """The plan is numbered first; its dispatch letters are dated and numbered when they are sent,
    and only then protected."""
    import docx

    project.edit_spec(*ISSUED)
    first = project.build()
    letters = {k for k in keys_of(first, ("so-tai-chinh", "so-noi-vu")) if k.startswith("cong-van-trien-khai:")}
    project.edit_spec(*DISPATCH_DATED)
    dated = project.build()
    assert dated.kept == [] and set(built(dated)) == all_letters(project)
    project.edit_spec(TASK_OLD, TASK_NEW)  # a draft letter follows the plan's tasks
    assert "cong-van-trien-khai:so-tai-chinh" in built(project.build())
    project.edit_spec(*DISPATCH_NUMBERED)
    numbered = project.build()
    assert set(built(numbered)) == all_letters(project)
    text = "\n".join(p.text for p in docx.Document(numbered.path_of("cong-van-trien-khai", "so-noi-vu")).paragraphs)
    table_text = "\n".join(c.text for t in docx.Document(numbered.path_of("cong-van-trien-khai", "so-noi-vu")).tables
                           for r in t.rows for c in r.cells)
    assert "Số: 45/SKHCN-QLKH" in table_text + text and "ngày 23 tháng 8 năm 2024" in table_text + text
    project.edit_spec("  date: 23/8/2024\n", "  date: 24/8/2024\n")
    again = project.build()
    assert letters <= {k.unit.key for k in again.kept} and not any(k.startswith("cong-van") for k in built(again))


def test_a_manifest_from_when_an_issued_plan_made_every_document_issued_keeps_only_the_plan_protected(project):
    """Before state version 5 every document of a plan with a number and date was recorded as
    issued, the dispatch letters too although they had no number: after the upgrade they follow
    the plan again, and the plan stays protected (``--explain`` reads the old state alike)."""
    import sqlite3

    from khcn_docs import state

    project.edit_spec(*ISSUED)
    project.build()
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:  # as version 4 recorded it
        conn.execute("UPDATE units SET issued = 1, context_json = '{}'")
        conn.execute("PRAGMA user_version = 4")
    project.edit_spec(*DISPATCH_DATED)
    explained = project.build(explain=True)
    assert {v.unit.key for v in explained.verdicts if v.outdated} == all_letters(project)
    assert not any(issued.is_protected(v) for v in explained.verdicts if v.unit.key != "ke-hoach:-")
    assert [v.unit.key for v in explained.verdicts if v.entry.issued] == ["ke-hoach:-"]
    report = project.build()
    assert report.kept == [] and set(built(report)) == all_letters(project)
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == state.STATE_VERSION
        assert conn.execute("SELECT key FROM units WHERE issued").fetchall() == [("ke-hoach:-",)]
    project.edit_spec(TASK_OLD, TASK_NEW)
    assert [k.unit.key for k in project.build().kept] == ["ke-hoach:-"]


def test_each_letter_may_have_its_own_number_and_is_issued_once_it_has_one(project):
    """``dispatch.numbers`` gives a letter its own number (the văn thư registers each letter); a
    letter without one stays a draft, rebuilt with the plan, while the numbered one is kept."""
    import docx

    project.edit_spec(*ISSUED)
    project.edit_spec(*DISPATCH_DATED)
    project.edit_spec("  date: 23/8/2024\n", "  date: 23/8/2024\n  numbers:\n    so-tai-chinh: 46\n")
    report = project.build()
    cells = " ".join(c.text for t in docx.Document(report.path_of("cong-van-trien-khai", "so-tai-chinh")).tables
                     for r in t.rows for c in r.cells)
    others = " ".join(c.text for t in docx.Document(report.path_of("cong-van-trien-khai", "so-noi-vu")).tables
                      for r in t.rows for c in r.cells)
    assert "Số: 46/SKHCN-QLKH" in cells and "Số: 46" not in others and "Số:" in others
    project.edit_spec(TASK_OLD, TASK_NEW)  # a task of Sở Tài chính (lead) and Sở KH&CN (support)
    again = project.build()
    assert {k.unit.key for k in again.kept} == {"ke-hoach:-", "cong-van-trien-khai:so-tai-chinh"}
    project.edit_spec("    so-tai-chinh: 46\n", "    so-tai-chinh: 46\n    so-noi-vu: 47\n")
    numbered = project.build()
    assert "cong-van-trien-khai:so-noi-vu" in built(numbered)
    assert "cong-van-trien-khai:so-tai-chinh" not in built(numbered)


@pytest.mark.parametrize("numbers, said", [
    ("    so-tai-chinhh: 46\n", "mã cơ quan “so-tai-chinhh” không có trong danh mục"),
    ("    so-khcn: 46\n", "“so-khcn” không nhận công văn triển khai của kế hoạch này"),
    ("    so-tai-chinh: 0\n", "giá trị 0 ngoài khoảng cho phép"),
])
def test_a_letter_number_for_no_letter_or_out_of_range_is_said_at_its_line(project, numbers, said):
    project.edit_spec(*ISSUED)
    project.edit_spec(*DISPATCH_DATED)
    project.edit_spec("  date: 23/8/2024\n", "  date: 23/8/2024\n  numbers:\n" + numbers)
    line = next(i for i, text in enumerate(text_lines(project), 1) if text == numbers.rstrip("\n"))
    with pytest.raises(SpecError) as err:
        project.build()
    [problem] = err.value.problems
    assert f"plan.yaml:{line}:5:" in problem and said in problem and not project.output.exists()


DISPATCHED_AFTER = "  reminder_days: 7\n", "  reminder_days: 7\n  date: 05/3/2025\n"


def test_letters_dispatched_after_the_mergers_go_to_the_bodies_of_that_day(project):
    """The plan of 20/8/2024 sent out on 05/3/2025, after the 01/3/2025 mergers: no letter goes to
    Sở KH&ĐT or Sở TT&TT; Sở Tài chính's lists Sở KH&ĐT's tasks too; Sở NN&MT and Sở Dân tộc và Tôn
    giáo get theirs under the new names; each change is said at the dispatch's date."""
    import docx

    project.edit_spec(*ISSUED)
    project.edit_spec(*DISPATCHED_AFTER)
    project.edit_spec("- task: II.2.b-4\n                lead: [so-tai-chinh]", "- task: II.2.b-4\n                lead: [so-gtvt]")
    report = project.build()
    letters = {k.split(":")[1] for k in all_letters(project)}
    assert not letters & {"so-tttt", "so-khdt", "so-gtvt", "so-tnmt", "so-ldtbxh", "so-nnptnt", "ban-dan-toc"}
    assert {"so-nnmt", "so-dttg", "so-tai-chinh", "so-xay-dung"} <= letters
    paragraphs = [p.text for p in docx.Document(report.path_of("cong-van-trien-khai", "so-xay-dung")).paragraphs]
    assert "Kính gửi: Sở Xây dựng." in paragraphs                       # Sở GTVT's task, in Sở Xây dựng's letter
    assert any(line.startswith("- Phối hợp với Sở Tài chính trong triển khai") for line in paragraphs)
    line = next(i for i, text in enumerate(text_lines(project), 1) if text == "  date: 05/3/2025")
    said = [w for w in report.warnings if f"plan.yaml:{line}:" in w]
    assert any("không gửi Sở Kế hoạch và Đầu tư (so-khdt), đã hợp nhất vào Sở Tài chính từ ngày 01/3/2025: "
               "nhiệm vụ của Sở Kế hoạch và Đầu tư ghi trong công văn gửi Sở Tài chính." in w for w in said)
    assert any("không gửi Sở Thông tin và Truyền thông (so-tttt), đã hợp nhất vào Sở Khoa học và Công nghệ "
               "từ ngày 01/3/2025: Sở Khoa học và Công nghệ là cơ quan gửi công văn." in w for w in said)
    assert any("gửi Sở Dân tộc và Tôn giáo, tên mới của Ban Dân tộc tỉnh (ban-dan-toc)" in w for w in said)
    late = [w for w in said if "sau hạn báo cáo năm 2024 (15/11/2024)" in w]  # the 2024 form, sent after its deadline
    assert len(late) == 1 and "chậm nhất ngày 11/3/2025" in late[0]
    assert not [w for w in said if "không kèm công văn triển khai nào" in w]  # the 2024 forms of the bodies gone:
    assert (project.folder / "13-so-xay-dung" / "bao-cao-2024-so-giao-thong-van-tai.docx").exists()  # with the
    assert not (project.folder / "14-so-giao-thong-van-tai").exists()                                 # successor's letter
    assert len(said) == 8
    project.edit_spec(*DISPATCH_DATED_AFTER_TO_BEFORE)
    before = project.build()
    assert not [w for w in before.warnings if "công văn triển khai ngày" in w]
    assert {"cong-van-trien-khai:so-khdt", "cong-van-trien-khai:so-gtvt"} <= all_letters(project)
    paragraphs = [p.text for p in docx.Document(before.path_of("cong-van-trien-khai", "so-xay-dung")).paragraphs]
    assert not any(line.startswith("- Phối hợp với Sở Tài chính trong triển khai") for line in paragraphs)


def test_letters_dispatched_after_the_districts_were_dissolved_go_to_none_of_them(project):
    project.edit_spec(*ISSUED)
    project.edit_spec("  reminder_days: 7\n", "  reminder_days: 7\n  date: 05/7/2025\n")
    report = project.build()
    assert not {k for k in all_letters(project) if k.startswith("cong-van-trien-khai:ubnd-")}
    dissolved = [w for w in report.warnings if "không còn từ ngày 01/7/2025" in w]
    assert len(dissolved) == 10 and any(
        "công văn triển khai ngày 05/7/2025 không gửi Ủy ban nhân dân huyện Cam Lộ (ubnd-cam-lo)" in w for w in dissolved)


DISPATCH_DATED_AFTER_TO_BEFORE = "  date: 05/3/2025\n", "  date: 23/8/2024\n"


def test_a_letter_number_for_a_body_merged_before_the_dispatch_is_said_at_its_line(project):
    project.edit_spec(*ISSUED)
    project.edit_spec(*DISPATCHED_AFTER)
    project.edit_spec("  date: 05/3/2025\n", "  date: 05/3/2025\n  numbers:\n    so-khdt: 46\n")
    with pytest.raises(SpecError) as err:
        project.build()
    [problem] = err.value.problems
    assert "“so-khdt” không nhận công văn triển khai của kế hoạch này" in problem and "so-tai-chinh" in problem


def test_a_letter_number_for_a_body_not_formed_by_the_dispatch_names_the_bodies_it_is_formed_from(project):
    """Sở NN&MT exists from 01/3/2025: a letter of 25/02/2025 numbered for it is refused, saying
    so, and the number is to go to the letters of the bodies it is formed from."""
    project.edit_spec(*ISSUED)
    project.edit_spec("  reminder_days: 7\n", "  reminder_days: 7\n  date: 25/02/2025\n  numbers:\n    so-nnmt: 46\n")
    line = next(i for i, text in enumerate(text_lines(project), 1) if text == "    so-nnmt: 46")
    with pytest.raises(SpecError) as err:
        project.build()
    [problem] = err.value.problems
    assert f"plan.yaml:{line}:5: dispatch.numbers.so-nnmt: “so-nnmt” chưa có vào ngày công văn triển khai " \
           "25/02/2025: Sở Nông nghiệp và Môi trường chỉ có từ ngày 01/3/2025 — thay cho “so-nnmt”, ghi số (mỗi " \
           "công văn một số riêng) cho cơ quan nhận công văn ngày đó: “so-nnptnt” (Sở Nông nghiệp và Phát triển " \
           "nông thôn), “so-tnmt” (Sở Tài nguyên và Môi trường)" in problem
    assert not project.output.exists()


PLAN_OF_DECEMBER = "  year: 2024\n", "  number: 135\n  date: 20/12/2024\n"  # first report: 2025


@pytest.mark.parametrize("dispatch, said_at", [("  reminder_days: 7\n  date: 05/3/2025\n", "  date: 05/3/2025"),
                                               ("  reminder_days: 7\n", "dispatch:")])
def test_a_letter_to_a_body_dissolved_before_the_first_report_asks_for_no_report(project, dispatch, said_at):
    """The plan of 20/12/2024 first reports in 2025; its letters (of 05/3/2025, or undated: of the
    plan's date) still go to the districts, dissolved on 01/7/2025, which get no report form: their
    letters ask for no report on a form "kèm theo Công văn này", and the build says why, at the
    dispatch. A body that stays gets its form and is asked for its report as before."""
    import docx

    project.edit_spec(*PLAN_OF_DECEMBER)
    project.edit_spec("  years: [2024]\n", "")
    project.edit_spec("  reminder_days: 7\n", dispatch)
    report = project.build()
    district = [p.text for p in docx.Document(report.path_of("cong-van-trien-khai", "ubnd-vinh-linh")).paragraphs]
    staying = [p.text for p in docx.Document(report.path_of("cong-van-trien-khai", "so-noi-vu")).paragraphs]
    assert not any("biểu mẫu" in text or "báo cáo kết quả" in text for text in district)
    assert any("trước hạn báo cáo năm 2025 (ngày 17/11/2025)" in text for text in district)  # the warning's day too
    assert district[-1].startswith("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị Ủy ban nhân dân "
                                   "huyện Vĩnh Linh phản ánh")
    assert any("đề nghị Sở Nội vụ báo cáo kết quả thực hiện Kế hoạch theo biểu mẫu báo cáo kèm theo Công văn này"
               in text for text in staying)
    assert not any(project.folder.glob("*-uy-ban-nhan-dan-huyen-vinh-linh/bao-cao-*.docx"))
    assert any(project.folder.glob("*-so-noi-vu/bao-cao-2025.docx"))
    line = next(i for i, text in enumerate(text_lines(project), 1) if text == said_at)
    said = [w for w in report.warnings if "không có biểu mẫu báo cáo cho cơ quan này" in w]
    assert len(said) == 10 and all(f"plan.yaml:{line}:" in w for w in said)
    assert any("cảnh báo: Ủy ban nhân dân huyện Vĩnh Linh (ubnd-vinh-linh) không còn từ ngày 01/7/2025, trước hạn "
               "báo cáo năm 2025, ngày 17/11/2025 (15/11/2025 là ngày nghỉ): không có biểu mẫu báo cáo cho cơ quan này, "
               "công văn triển khai gửi Ủy "
               "ban nhân dân huyện Vĩnh Linh không đề nghị báo cáo kết quả thực hiện Kế hoạch." in w for w in said)


def test_a_letter_to_a_body_reporting_once_before_it_is_dissolved_still_asks_for_its_report(project):
    """The plan of 20/8/2024 first reports in 2024, when the districts still stand: their letters
    of 05/3/2025 come with the 2024 form and ask for the report, without a warning."""
    import docx

    project.edit_spec(*ISSUED)
    project.edit_spec(*DISPATCHED_AFTER)
    report = project.build()
    district = [p.text for p in docx.Document(report.path_of("cong-van-trien-khai", "ubnd-vinh-linh")).paragraphs]
    assert any("theo biểu mẫu báo cáo kèm theo Công văn này" in text for text in district)
    assert not [w for w in report.warnings if "không có biểu mẫu báo cáo" in w]


def test_a_letter_asking_another_body_to_report_is_sent_to_that_body_too(project):
    """The plan of 20/12/2024 first reports in 2025: the letter to Sở KH&ĐT (merged into Sở Tài
    chính on 01/3/2025) asks Sở Tài chính to report its tasks, so Sở Tài chính is among its Nơi
    nhận "(để thực hiện)"; the letter to Sở NN&PTNT asks the same body under its new name (its
    addressee: "Như trên"), and the one to Sở Nội vụ asks Sở Nội vụ: no such line."""
    import docx

    project.edit_spec(*PLAN_OF_DECEMBER)
    project.edit_spec("  years: [2024]\n", "")
    report = project.build()

    def noi_nhan(aid):
        cell = docx.Document(report.path_of("cong-van-trien-khai", aid)).tables[-1].rows[0].cells[0]
        return [p.text for p in cell.paragraphs if p.text.strip()]

    assert noi_nhan("so-khdt") == ["Nơi nhận:", "- Như trên;", "- Sở Tài chính (để thực hiện);",
                                   "- UBND tỉnh Quảng Trị (b/c);", "- Lưu: VT, QLKH."]
    assert noi_nhan("so-nnptnt") == noi_nhan("so-noi-vu") == ["Nơi nhận:", "- Như trên;", "- UBND tỉnh Quảng Trị (b/c);",
                                                              "- Lưu: VT, QLKH."]


def test_a_letter_to_a_body_merged_before_the_first_report_asks_the_body_taking_it_over(project):
    """The plan of 20/12/2024 (letters undated: of its date) first reports in 2025, after the
    mergers of 01/3/2025: Sở KH&ĐT's 2025 form is Sở Tài chính's, in that folder, so the letter to
    Sở KH&ĐT promised a form "kèm theo Công văn này" that its folder did not have. It now asks Sở
    Tài chính to report, on the form of Sở Tài chính's own letter; Sở NN&MT (formed on 01/3/2025:
    no letter of its own) is asked in the letter to Sở NN&PTNT, with its form attached to that one;
    the letter to a body the monitoring Sở took over asks for no report (it reports them itself);
    each is said at the dispatch."""
    import docx

    project.edit_spec(*PLAN_OF_DECEMBER)
    project.edit_spec("  years: [2024]\n", "")
    report = project.build()

    def body(aid):
        return [p.text for p in docx.Document(report.path_of("cong-van-trien-khai", aid)).paragraphs]

    assert not any(project.folder.glob("*-so-ke-hoach-va-dau-tu/bao-cao-*.docx"))
    assert any(project.folder.glob("*-so-tai-chinh/bao-cao-2025.docx"))
    assert not any("kèm theo Công văn này" in text for text in body("so-khdt"))
    assert "Định kỳ chậm nhất ngày 15 tháng 11 hằng năm, đề nghị Sở Tài chính (cơ quan tiếp nhận nhiệm vụ của Sở Kế " \
           "hoạch và Đầu tư từ ngày 01/3/2025) báo cáo kết quả thực hiện các nhiệm vụ nêu trên theo biểu mẫu báo cáo " \
           "gửi kèm công văn triển khai gửi Sở Tài chính, gửi về Sở Khoa học và Công nghệ để tổng hợp, báo cáo Ủy ban " \
           "nhân dân tỉnh Quảng Trị." in body("so-khdt")
    assert any("đề nghị Sở Nông nghiệp và Môi trường (tên mới của Sở Nông nghiệp và Phát triển nông thôn từ ngày "
               "01/3/2025) báo cáo kết quả thực hiện các nhiệm vụ nêu trên theo biểu mẫu báo cáo của Sở Nông nghiệp và "
               "Môi trường kèm theo Công văn này" in text for text in body("so-nnptnt"))
    assert not any("biểu mẫu" in text or "báo cáo kết quả" in text for text in body("so-tttt"))
    assert any("đề nghị Sở Nội vụ báo cáo kết quả thực hiện Kế hoạch theo biểu mẫu báo cáo kèm theo Công văn này"
               in text for text in body("so-noi-vu"))
    line = next(i for i, text in enumerate(text_lines(project), 1) if text == "dispatch:")
    said = {w.split("cảnh báo: ")[1].split(" (")[0]: w for w in report.warnings if "trước hạn báo cáo năm 2025" in w
            and "không còn từ ngày" not in w}
    assert all(f"plan.yaml:{line}:" in w for w in said.values())
    assert "biểu mẫu báo cáo năm 2025 là của Sở Tài chính, gửi kèm công văn triển khai gửi Sở Tài chính; công văn " \
           "gửi Sở Kế hoạch và Đầu tư không kèm biểu mẫu mà đề nghị Sở Tài chính báo cáo" in said["Sở Kế hoạch và Đầu tư"]
    assert "đổi tên thành Sở Nông nghiệp và Môi trường từ ngày 01/3/2025, trước hạn báo cáo năm 2025, ngày 17/11/2025 (15/11/2025 " \
           "là ngày nghỉ): biểu mẫu báo cáo năm 2025 mang tên mới (thư mục 08-so-nong-nghiep-va-moi-truong) — gửi biểu mẫu đó kèm " \
           "công văn triển khai gửi Sở Nông nghiệp và Phát triển nông thôn" in said["Sở Nông nghiệp và Phát triển nông thôn"]
    assert "công văn triển khai gửi Sở Thông tin và Truyền thông không đề nghị báo cáo" in said["Sở Thông tin và Truyền thông"]


def all_letters(project) -> set[str]:
    """Return the keys of every dispatch letter of the project's plan."""
    return {k for k in all_keys(project) if k.startswith("cong-van-trien-khai:")}


def test_a_dispatch_cannot_be_numbered_before_the_plan_nor_dated_before_it(project):
    project.edit_spec("  reminder_days: 7\n", "  reminder_days: 7\n  number: 45\n  date: 23/8/2024\n")
    with pytest.raises(SpecError) as err:
        project.build()
    assert any("dispatch.number" in line and "kế hoạch chưa có số và ngày ban hành" in line for line in err.value.problems)
    assert not project.output.exists()
    project.edit_spec(*ISSUED)
    project.edit_spec("  date: 23/8/2024\n", "  date: 19/8/2024\n")
    with pytest.raises(SpecError) as err:
        project.build()
    assert any("dispatch.date" in line and "19/8/2024" in line and "20/8/2024" in line for line in err.value.problems)


def test_every_part_of_every_kind_is_named_in_the_clerks_words(project):
    """The differences of an issued document name the part that changed ("bảng nhiệm vụ"), never a
    context key such as ``rows``."""
    for unit in project.build(explain=True).units:
        for key in unit.context:
            assert issued.field_name(key) != key, f"{unit.kind}: no name for “{key}” (state.field.{key})"


def test_issuing_a_draft_rebuilds_it_once_then_protects_it(project):
    project.build()
    issue_all(project)
    assert set(built(project.build())) == all_keys(project)  # number and date appear: the act of issuing
    project.edit_spec(TASK_OLD, TASK_NEW)
    assert all(k.startswith("bao-cao:") for k in built(project.build()))


def test_a_new_tool_version_that_renders_issued_documents_alike_adopts_them(project, monkeypatch):
    from khcn_docs import state

    issue_all(project)
    project.build()
    before = {p: (project.folder / p).read_bytes() for p in project.docx_files()}
    monkeypatch.setattr(state, "TOOL_VERSION", state.TOOL_VERSION + "-next")
    report = project.build()
    assert report.kept == [] and set(built(report)) == all_keys(project)
    assert all(r[0] == "tool" for r in built(report).values())
    assert {p: (project.folder / p).read_bytes() for p in project.docx_files()} == before
    assert project.build().quick  # recorded as this version's: not said "kept" at every build


def test_a_new_tool_version_that_renders_issued_documents_otherwise_keeps_them(project, monkeypatch):
    from khcn_docs import render, state

    issue_all(project)
    project.build()
    before = {p: (project.folder / p).read_bytes() for p in project.docx_files() if "/bao-cao-" not in p}
    monkeypatch.setattr(state, "TOOL_VERSION", state.TOOL_VERSION + "-next")
    monkeypatch.setattr(render, "ZIP_DATE", (1990, 1, 1, 0, 0, 0))  # other bytes for the same content
    report = project.build()
    assert {k.unit.key for k in report.kept} == issued_keys(all_keys(project))
    assert set(built(report)) == all_keys(project) - issued_keys(all_keys(project))
    assert {p: (project.folder / p).read_bytes() for p in before} == before


def test_deleted_issued_document_is_restored_only_when_unchanged(project):
    project.edit_spec(*ISSUED)
    report = project.build()
    report.path_of("ke-hoach").unlink()
    assert built(project.build()) == {"ke-hoach:-": ("output",)}


def test_a_deleted_issued_document_is_written_back_as_issued_after_the_plan_changed(project):
    project.edit_spec(*ISSUED)
    plan_doc = project.build().path_of("ke-hoach")
    issued_bytes = plan_doc.read_bytes()
    plan_doc.unlink()
    project.edit_spec(TASK_OLD, TASK_NEW)  # the plan changed since it was issued
    report = project.build()
    assert report.restored == [plan_doc] and plan_doc.read_bytes() == issued_bytes
    assert "ke-hoach:-" not in built(report)
    again = project.build()  # from now on: kept, with what changed
    assert not again.restored and any(k.unit.key == "ke-hoach:-" and not k.missing for k in again.kept)


def test_a_deleted_issued_document_that_cannot_be_written_back_exactly_is_said_missing(project):
    project.edit_spec(*ISSUED)
    plan_doc = project.build().path_of("ke-hoach")
    plan_doc.unlink()
    bump_font_size(project.templates / "ke-hoach.docx")  # the issued bytes cannot come back
    report = project.build()
    kept = next(k for k in report.kept if k.unit.key == "ke-hoach:-")
    assert kept.missing and not plan_doc.exists() and report.restored == []
    lines = buildlog.attention_lines(report)
    assert any(line.startswith("Văn bản đã ban hành ke-hoach.docx đã bị xóa và không tạo lại được") for line in lines)
    assert not any(line.startswith("Giữ nguyên") and "ke-hoach.docx —" in line for line in lines)


def test_the_2024_plan_is_unchanged_by_the_2025_merge(project, tmp_path):
    """Built with the registry of 2024 (no merges, no bodies formed in 2025) or with the bundled one,
    every document of the 2024 plan has the same bytes (only the folders' numbers differ)."""
    merged = project.build()
    registry = project.agencies.read_text(encoding="utf-8")
    project.agencies.write_text(without_2025_reorganisation(registry), encoding="utf-8")
    plain = build(project.spec, tmp_path / "plain", templates=project.templates)
    assert set(plain.outputs) == set(merged.outputs) and set(MERGED_2025) <= set(merged.plan.assigned_agencies)
    assert {k: p.read_bytes() for k, p in plain.outputs.items()} == {k: p.read_bytes() for k, p in merged.outputs.items()}
    assert plain.path_of("cong-van-trien-khai", "so-khdt").parent.name == "08-so-ke-hoach-va-dau-tu"
    assert merged.path_of("cong-van-trien-khai", "so-khdt").parent.name == "09-so-ke-hoach-va-dau-tu"


def test_old_spec_naming_the_merged_agency_loads_with_a_warning(project):
    project.move_to_2025()
    plan = load_plan(project.spec)
    line = next(i for i, text in enumerate(project.spec.read_text(encoding="utf-8").splitlines(), 1)
                if "lead: [so-tttt]" in text)
    merged = [w for w in plan.warnings if "hợp nhất" in w or "đổi tên" in w]
    named = [(line.count("so-tttt"), line.count("so-nnptnt")) for line in text_lines(project) if not line.lstrip().startswith("#")]
    assert len(merged) == sum(a + b for a, b in named) == 3  # so-tttt once, so-nnptnt (now so-nnmt) twice
    warning = next(w for w in merged if "so-tttt" in w)
    assert f"plan.yaml:{line}:" in warning and "so-khcn" in warning and "Sở Khoa học và Công nghệ" in warning
    assert all("đã đổi tên thành Sở Nông nghiệp và Môi trường (so-nnmt)" in w for w in merged if "so-nnptnt" in w)
    assert "so-tttt" not in plan.assigned_agencies
    task = next(t for t in plan.tasks if t.id == "II.1.b")
    assert task.lead == ("so-khcn",)
    # the district level is gone from 01/7/2025: each mention of its group is said, and no district is left
    text = project.spec.read_text(encoding="utf-8")
    mentions = sum(line.count("ubnd-huyen") for line in text.splitlines() if not line.lstrip().startswith("#"))
    dissolved = [w for w in plan.warnings if "không còn cơ quan nào trong nhóm" in w]
    assert len(dissolved) == mentions > 0 and len(plan.warnings) == len(merged) + mentions
    assert not [aid for aid in plan.assigned_agencies if aid.startswith("ubnd-") and aid != "ubnd-tinh"]


def text_lines(project) -> list[str]:
    """Return the lines of the project's spec."""
    return project.spec.read_text(encoding="utf-8").splitlines()


def test_a_plan_dated_before_a_body_is_formed_keeps_it_out_of_groups_and_warns_where_it_is_named(project):
    """Sở Nông nghiệp và Môi trường exists from 01/3/2025 (``renamed_from: so-nnptnt``): in a 2024
    plan "các Sở, ban, ngành" does not hold it, and naming it is said at its line (the task stays)."""
    plan = load_plan(project.spec)
    assert "so-nnmt" not in plan.group_members("so-ban-nganh") and "so-nnptnt" in plan.group_members("so-ban-nganh")
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu, so-nnmt]")
    plan = load_plan(project.spec)
    line = next(i for i, text in enumerate(text_lines(project), 1) if "support: [so-noi-vu, so-nnmt]" in text)
    [said] = plan.warnings
    assert said.startswith(f"{project.spec}:{line}:") or f"plan.yaml:{line}:" in said
    assert "Sở Nông nghiệp và Môi trường (so-nnmt) chỉ có từ ngày 01/3/2025 (tiếp nhận Sở Nông nghiệp và Phát triển " \
           "nông thôn)" in said and "“so-nnptnt”" in said
    assert "so-nnmt" in plan.assigned_agencies


def test_a_2024_plan_still_gives_tasks_to_the_districts(project):
    plan = load_plan(project.spec)
    assert plan.warnings == ()
    assert "ubnd-dong-ha" in plan.assigned_agencies and plan.group_members("ubnd-huyen")


def test_a_dissolved_agency_named_alone_is_dropped_with_a_warning_and_cannot_issue(project):
    project.move_to_2025()
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu, ubnd-dong-ha]")
    plan = load_plan(project.spec)
    [said] = [w for w in plan.warnings if "ubnd-dong-ha" in w]
    assert "cảnh báo: Ủy ban nhân dân thành phố Đông Hà (ubnd-dong-ha) không còn từ ngày 01/7/2025" in said
    assert "ubnd-dong-ha" not in plan.assigned_agencies
    project.edit_spec("  issuer: ubnd-tinh", "  issuer: ubnd-dong-ha")
    with pytest.raises(SpecError, match=r"document.issuer: Ủy ban nhân dân thành phố Đông Hà \(ubnd-dong-ha\) "
                                         r"không còn từ ngày 01/7/2025"):
        load_plan(project.spec)


DONG_HA_GONE = "không còn từ ngày 01/7/2025, trước "
# Đông Hà sending the letters: signed by its head, not the Sở director of the bundled plan (``spec.senders``)
UNSIGNED = ("  unit: QLKH\n  signature:\n    signer: giam-doc-skhcn\n", "  unit: VP\n")  # Đông Hà lists no units


@pytest.mark.parametrize("edits, field, said", [
    ([("  via: so-khcn", "  via: ubnd-dong-ha"), UNSIGNED, ("years: [2024]", "years: [2024, 2025]")], "reporting.via",
     "hạn báo cáo năm 2025 (15/11/2025): biểu mẫu báo cáo năm 2025 không thể ghi cơ quan này — nếu có cơ quan "
     "tiếp nhận Ủy ban nhân dân thành phố Đông Hà, ghi merged_into"),
    ([("  via: so-khcn", "  via: ubnd-dong-ha"), UNSIGNED,
      ("  reminder_days: 7\n", "  date: 05/7/2025\n  reminder_days: 7\n")],
     "reporting.via", "ngày công văn triển khai (05/7/2025): công văn ghi ngày đó không thể ghi cơ quan này — "),
    ([("  via: so-khcn", "  via: so-khcn\n  to: ubnd-dong-ha"), ("years: [2024]", "years: [2024, 2025]")],
     "reporting.to", "hạn báo cáo năm 2025 (15/11/2025)"),
], ids=["via-before-a-report-deadline", "via-before-the-dispatch", "to-before-a-report-deadline"])
def test_a_reporting_body_dissolved_before_a_later_document_is_an_error_at_its_line(project, edits, field, said):
    """A 2024 plan reporting through UBND thành phố Đông Hà (dissolved on 01/7/2025) cannot ask for
    its 2025 report, or date its letters after that day: as at the plan's own date, the body the
    forms are sent to, or the letters sent from, must exist then (exit 3, nothing written)."""
    for old, new in edits:
        project.edit_spec(old, new)
    result = CliRunner().invoke(cli, ["build", str(project.spec), "-o", str(project.output)])
    assert result.exit_code == 3 and "Traceback" not in result.output, result.output
    line = 1 + project.spec.read_text(encoding="utf-8").splitlines().index(f"  {field.split('.')[1]}: ubnd-dong-ha")
    assert (f"plan.yaml:{line}:3: {field}: Ủy ban nhân dân thành phố Đông Hà (ubnd-dong-ha) {DONG_HA_GONE}{said}"
            in result.output), result.output
    assert not project.output.exists()


def test_a_body_dissolved_after_every_document_naming_it_is_no_error(project):
    """Reported to through Đông Hà for 2024 only, letters dated before 01/7/2025, ``to`` (only on
    the forms) dissolved before a later dispatch: every document names bodies that exist on its day."""
    project.edit_spec("  via: so-khcn", "  via: ubnd-dong-ha")
    project.edit_spec(*UNSIGNED)
    project.edit_spec("  reminder_days: 7\n", "  date: 30/6/2025\n  reminder_days: 7\n")
    assert load_plan(project.spec).monitor_id == "ubnd-dong-ha"
    project.edit_spec("  via: ubnd-dong-ha", "  via: so-khcn\n  to: ubnd-dong-ha")
    project.edit_spec("  date: 30/6/2025\n", "  date: 05/7/2025\n")
    assert load_plan(project.spec).spec.reporting.to == "ubnd-dong-ha"


CENTRES = ("  tt-cntt:\n    name: Trung tâm Công nghệ thông tin và Truyền thông\n    abbreviation: TTCNTT\n"
           "    parent: so-tttt\n  tt-ql-dat:\n    name: Trung tâm Phát triển quỹ đất thành phố Đông Hà\n"
           "    abbreviation: TTPTQĐ\n    parent: {parent}\n")
CENTRES_SUPPORT = "support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu, lien-hiep-hoi, tt-cntt, tt-ql-dat]"


def add_centres(project, parent: str = "ubnd-tinh") -> None:
    """Add two centres to the registry, one under Sở TT&TT (merged into Sở KH&CN on 01/3/2025,
    given ``place: Đông Hà`` here) and one under ``parent``, and make both support a task."""
    text = project.agencies.read_text(encoding="utf-8")
    text = text.replace("  dai-hoc-hue:\n", CENTRES.format(parent=parent) + "  dai-hoc-hue:\n", 1)
    text = text.replace("    merged_into: so-khcn  #", "    place: Đông Hà\n    merged_into: so-khcn  #", 1)
    project.agencies.write_text(text, encoding="utf-8")
    project.edit_spec(*CENTRES_SUPPORT)


def test_a_parent_merged_away_is_followed_in_the_header_of_later_forms(project):
    """A centre of Sở TT&TT: its 2024 form prints SỞ TT&TT and its place; its 2025 form, made on
    15/11/2025, prints the body that took Sở TT&TT over (Sở KH&CN) and that body's place, as the
    issuer follows merges."""
    import docx

    add_centres(project)
    project.edit_spec(*TWO_YEARS)
    report = project.build()
    header = {year: docx.Document(report.path_of("bao-cao", "tt-cntt", str(year))).tables[0]
              for year in (2024, 2025)}
    assert header[2024].cell(0, 0).text.startswith("SỞ TT&TT\nTRUNG TÂM")
    assert header[2025].cell(0, 0).text.startswith("SỞ KH&CN\nTRUNG TÂM")
    assert header[2024].cell(1, 1).text.startswith("Đông Hà, ngày")
    assert header[2025].cell(1, 1).text.startswith("Quảng Trị, ngày")


def test_a_registry_diff_says_the_parent_line_a_merge_changes(project, tmp_path):
    """Entering Sở TT&TT's merge changes what a 2025 plan's documents print above the centre's
    name: the diff of the two registries says it, as the parent line now follows the merge."""
    add_centres(project)
    project.move_to_2025()
    merged = project.agencies.read_text(encoding="utf-8")
    project.agencies.write_text(merged.replace("    merged_into: so-khcn  #", "    # merged_into: so-khcn  #", 1)
                                .replace("    merged_on: 01/3/2025\n  so-noi-vu:", "    # merged_on: 01/3/2025\n  so-noi-vu:", 1),
                                encoding="utf-8")
    result, _ = registries_compared(project, tmp_path, merged)
    assert [(c.field, c.old, c.new) for c in result.general if c.field == "agencies.tt-cntt.parent"] == [
        ("agencies.tt-cntt.parent", "Sở TT&TT", "Sở KH&CN")]


def test_a_parent_dissolved_before_a_later_form_is_an_error_at_its_registry_line(project):
    """A centre under UBND thành phố Đông Hà (dissolved on 01/7/2025) may have its 2024 form; asking
    for 2025's stops at the centre's ``parent`` line (exit 3, nothing new written), also when the
    registry is the one the last build stored (read again for the line)."""
    add_centres(project, parent="ubnd-dong-ha")
    first = project.build()
    assert "tt-ql-dat" in {b.unit.agency for b in first.built}
    before = project.docx_files()
    project.edit_spec(*TWO_YEARS)
    result = CliRunner().invoke(cli, ["build", str(project.spec), "-o", str(project.output)])
    assert result.exit_code == 3 and "Traceback" not in result.output, result.output
    line = 1 + project.agencies.read_text(encoding="utf-8").splitlines().index("    parent: ubnd-dong-ha")
    assert (f"agencies.yaml:{line}:5: agencies.tt-ql-dat.parent: cơ quan chủ quản của Trung tâm Phát triển quỹ "
            "đất thành phố Đông Hà (tt-ql-dat) là Ủy ban nhân dân thành phố Đông Hà (ubnd-dong-ha), không còn từ "
            "ngày 01/7/2025: biểu mẫu báo cáo năm 2025 (hạn 15/11/2025) không thể in dòng cơ quan chủ quản "
            "này — nếu có cơ quan tiếp nhận") in result.output, result.output
    assert project.docx_files() == before


def test_revision_in_place_rebuilds_exactly_the_revised_plan(project):
    first = project.build()
    # the clerk edits the same file into the revision (which then amends no other file)
    project.spec.write_text(re.sub(r"\nrevises: .*\n", "\n", REVISION.read_text(encoding="utf-8")), encoding="utf-8")
    report = project.build()
    assert report.warnings == ()
    revised = all_keys(project)
    # the year changes in every header: every unit of the revised plan is rebuilt, for its content
    assert set(built(report)) == revised
    assert set(built(report).values()) <= {("content",), ("new",)}
    districts = {a for a in first.plan.assigned_agencies if a.startswith("ubnd-")}
    # gone: the districts' and the merged Sở's documents, and last year's report forms (the revision
    # asks for 2025's); they are reported, and deleted only with --prune
    forms_2024 = {u.key for u in first.units if u.key.endswith(":2024")}
    assert {e.key for e in report.removed} == keys_of(first, districts | set(MERGED_2025)) | forms_2024
    assert not any(key.split(":")[1] in districts | set(MERGED_2025) for key in revised)
    assert {f"cong-van-trien-khai:{aid}" for aid in FORMED_2025} <= revised
    assert project.build().built == []


def test_diff_of_the_bundled_revision_lists_the_merge_and_the_moved_tasks():
    old, new = load_plan(ROOT / "variables" / "plans" / "ke-hoach-709.yaml"), load_plan(REVISION)
    result = diff.compare(old, new)
    assert [(n.old_id, n.new_id, n.how, n.date) for n in result.merged] == [
        (old_id, new_id, "renamed" if new_id in FORMED_2025 and old_id in ("so-nnptnt", "ban-dan-toc") else "merged",
         "01/3/2025") for old_id, new_id in MERGED_2025.items()]
    khcn = next(a for a in result.agencies if a.id == "so-khcn")
    assert {i.task for i in khcn.added} == {"II.1.b", "II.1.b-2"}
    assert {a.id: a.status for a in result.agencies}["so-tttt"] == "merged"
    assert {a.status for a in result.agencies if a.id.startswith("ubnd-")} == {"dissolved"}
    moved = {r.task: r for r in result.reassigned}
    assert "ubnd-dong-ha" in moved["II.1.a-1"].dropped and "II.1.b" not in moved  # II.1.b follows the merge
    assert any(i.task == "III.1" for i in khcn.reworded)
    text = "\n".join(diff.text_lines(result, new, old))
    assert "Sở Thông tin và Truyền thông (so-tttt) hợp nhất vào Sở Khoa học và Công nghệ (so-khcn)" in text
    assert "Ban Dân tộc tỉnh (ban-dan-toc) đổi tên thành Sở Dân tộc và Tôn giáo (so-dttg) từ ngày 01/3/2025" in text
    assert "+ Thêm nhiệm vụ II.1.b-2" in text and "[huyện, thị xã, thành phố → xã, phường, đặc khu]" in text
    # the tasks the districts left, changed alike, are said once: one line, not one per task
    alike = [line for line in text.splitlines() if "bỏ UBND thành phố Đông Hà" in line]
    assert alike == [f"  • {len(moved)} nhiệm vụ {', '.join(moved)}: bỏ UBND thành phố Đông Hà, UBND thị xã Quảng "
                     "Trị, UBND huyện Vĩnh Linh và 7 cơ quan khác"] and len(moved) > 1


def test_role_change_and_rewording_per_agency(project, tmp_path):
    old = load_plan(project.spec)
    project.edit_spec("""              - task: II.2.d-1
                lead: [so-tai-chinh]
                support: [so-khcn]""", """              - task: II.2.d-1
                lead: [so-khcn]
                support: [so-tai-chinh]""")
    project.edit_spec(TASK_OLD, TASK_NEW)
    result = diff.compare(old, load_plan(project.spec))
    by_id = {a.id: a for a in result.agencies}
    assert set(by_id) == {"so-tai-chinh", "so-khcn"}
    assert [(i.task, i.old_role, i.role) for i in by_id["so-tai-chinh"].role_changed] == [("II.2.d-1", "lead", "support")]
    assert [(i.task, i.old_role, i.role) for i in by_id["so-khcn"].role_changed] == [("II.2.d-1", "support", "lead")]
    assert [i.task for i in by_id["so-khcn"].reworded] == ["II.2.d-1"]
    assert [(r.task, r.added, r.dropped) for r in result.reassigned] == [("II.2.d-1", ["so-khcn"], ["so-tai-chinh"])]
    lines = diff.text_lines(result, load_plan(project.spec), old)
    assert lines[lines.index("Nhiệm vụ đổi cơ quan chủ trì:") + 1].startswith("  • II.2.d-1 (mục II.2.d): thêm ")


def test_diff_of_a_revision_alone_compares_it_with_the_plan_it_amends():
    """``diff REVISION``: the bundled revision says ``revises: ke-hoach-709.yaml``, so one file is
    enough, and it compares exactly as ``diff ORIGINAL REVISION`` does."""
    both = CliRunner().invoke(cli, ["diff", str(ROOT / "variables" / "plans" / "ke-hoach-709.yaml"), str(REVISION)])
    alone = CliRunner().invoke(cli, ["diff", str(REVISION)])
    assert alone.exit_code == 0 and alone.output == both.output
    assert "Sở Thông tin và Truyền thông (so-tttt) hợp nhất vào Sở Khoa học và Công nghệ" in alone.output


def test_diff_command_prints_json():
    proc = subprocess.run([sys.executable, "-m", "khcn_docs", "diff", "variables/plans/ke-hoach-709.yaml",
                           str(REVISION), "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["merged"][0]["new_id"] == "so-khcn"
    assert {a["id"] for a in data["agencies"]} >= {"so-khcn", "so-tttt", "ubnd-dong-ha"}


def test_prune_keeps_issued_documents_of_removed_agencies(project):
    issue_all(project)
    first = project.build()
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu]")
    pruned = project.build(prune=True, force_issued=False)
    gone = keys_of(first, ("lien-hiep-hoi",))
    assert {e.key for e in pruned.removed} == gone and set(pruned.deleted) == gone - issued_keys(gone)
    assert all(first.outputs[key].exists() == (key in issued_keys(gone)) for key in gone)
    forced = project.build(prune=True, force_issued=True)
    assert set(forced.deleted) == issued_keys(gone) and not any(first.outputs[key].exists() for key in gone)


def test_diff_of_one_spec_against_another_variables_folder_names_the_rename(project, tmp_path):
    """The same plan read with a registry where Sở Nội vụ got a new id and name (renamed_from)."""
    other = tmp_path / "other"
    shutil.copytree(project.root / "variables", other / "variables")
    registry = (other / "variables" / "agencies.yaml").read_text(encoding="utf-8")
    registry = registry.replace("  so-noi-vu:\n    name: Sở Nội vụ\n",
                                "  so-noi-vu:\n    name: Sở Nội vụ\n    merged_into: so-nv-ld\n    merged_on: 01/3/2024\n", 1)
    registry = registry.replace("merged_into: so-noi-vu", "merged_into: so-nv-ld")  # Sở LĐ-TB&XH joins it in 2025
    registry += ("  so-nv-ld:\n    name: Sở Nội vụ và Lao động\n    abbreviation: SNVLĐ\n    parent: ubnd-tinh\n"
                 "    groups: [so-ban-nganh]\n    renamed_from: so-noi-vu\n")
    (other / "variables" / "agencies.yaml").write_text(registry, encoding="utf-8")
    old, new = load_plan(project.spec), load_plan(other / "variables" / "plans" / "plan.yaml")
    assert any("so-nv-ld" in w for w in new.warnings)
    result = diff.compare(old, new)
    assert [(n.old_id, n.new_id, n.how) for n in result.merged] == [("so-noi-vu", "so-nv-ld", "renamed")]
    by_id = {a.id: a for a in result.agencies}
    assert by_id["so-noi-vu"].status == "renamed" and "so-nv-ld" not in by_id  # same tasks, new name
    assert "đổi tên thành Sở Nội vụ và Lao động" in "\n".join(diff.text_lines(result, new, old))


def _registry_without_the_merge(tmp_path: Path) -> Path:
    """Return a copy of the bundled registry from before the 2025 merger of Sở TT&TT."""
    text = (ROOT / "variables" / "agencies.yaml").read_text(encoding="utf-8")
    before = re.sub(r"\n    merged_into: so-khcn[^\n]*\n    merged_on: 01/3/2025", "", text, count=1)
    assert before != text
    path = tmp_path / "agencies-2024.yaml"
    path.write_text(before, encoding="utf-8")
    return path


def test_diff_of_two_registries_shows_what_the_merger_changes_for_a_plan(project, tmp_path):
    """`diff OLD_REGISTRY NEW_REGISTRY --plan SPEC`: one plan (a 2025 draft naming so-tttt) read with each."""
    project.move_to_2025()
    old_registry = _registry_without_the_merge(tmp_path)
    args = ["diff", str(old_registry), str(project.agencies), "--plan", str(project.spec)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"So sánh danh mục cơ quan: {old_registry} → {project.agencies}, với kế hoạch")
    assert "Sở Thông tin và Truyền thông (so-tttt) hợp nhất vào Sở Khoa học và Công nghệ (so-khcn) từ ngày 01/3/2025" \
        in result.stdout
    moved = len(load_plan(project.spec, agencies=old_registry).tasks_for("so-tttt"))
    assert f"đã hợp nhất: {moved} nhiệm vụ của cơ quan này chuyển sang Sở Khoa học và Công nghệ" in result.stdout
    data = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    assert data["plan"] == str(project.spec.resolve()) and data["merged"][0]["old_id"] == "so-tttt"
    same = CliRunner().invoke(cli, ["diff", str(project.agencies), str(project.agencies), "--plan", str(project.spec)])
    assert "hai danh mục cơ quan giao cùng nhiệm vụ cho cùng cơ quan: không có thay đổi" in same.stdout


@pytest.mark.parametrize("args, said", [
    (["{old}", "{new}"], "là danh mục cơ quan, không phải kế hoạch: thêm --plan <tệp kế hoạch>"),
    (["{old}", "{spec}"], "agencies-2024.yaml là danh mục cơ quan, tệp kia là kế hoạch"),
    (["{spec}", "{spec}", "--plan", "{spec}"], "--plan chỉ dùng khi OLD và NEW là hai bản danh mục cơ quan"),
    (["{old}", "{signers}", "--plan", "{spec}"], "signers.yaml là danh sách người ký (signers.yaml), không phải kế hoạch"),
], ids=["two-registries-without-plan", "registry-and-plan", "plan-option-with-two-plans", "signers-given"])
def test_diff_says_how_to_compare_registries(project, tmp_path, args, said):
    names = {"old": str(_registry_without_the_merge(tmp_path)), "new": str(project.agencies), "spec": str(project.spec),
             "signers": str(project.agencies.with_name("signers.yaml"))}
    result = CliRunner().invoke(cli, ["diff", *(a.format(**names) for a in args)])
    assert result.exit_code == 2 and said in result.output, result.output


def test_diff_of_a_registry_and_a_file_that_is_not_there_says_so(project, tmp_path):
    result = CliRunner().invoke(cli, ["diff", str(project.agencies), str(tmp_path / "khong-co.yaml"),
                                      "--plan", str(project.spec)])
    assert result.exit_code == 3 and "khong-co.yaml:1:1: -: không tìm thấy tệp" in result.output
    assert "tệp kia là kế hoạch" not in result.output


RENAMED_THEN_MERGED = "    renamed_from: ban-dan-toc\n", ("    renamed_from: ban-dan-toc\n    merged_into: so-noi-vu\n"
                                                           "    merged_on: 01/6/2025\n")


def test_a_body_renamed_then_merged_before_the_first_report_is_said_step_by_step(project):
    """Ban Dân tộc, renamed Sở DT&TG on 01/3/2025, which a registry copy merges into Sở Nội vụ on
    01/6/2025, before the first report (15/11/2025): the warning said it "merged into Sở Nội vụ on
    01/3/2025" (the last body with the first step's day); it now says each step with its day, and
    the form is Sở Nội vụ's, sent with its own letter; the letter names the body taking over from
    the day it did."""
    import docx

    project.edit_spec(*PLAN_OF_DECEMBER)
    project.edit_spec("  years: [2024]\n", "")
    registry = project.agencies
    assert registry.read_text(encoding="utf-8").count(RENAMED_THEN_MERGED[0]) == 1
    registry.write_text(registry.read_text(encoding="utf-8").replace(*RENAMED_THEN_MERGED), encoding="utf-8")
    report = project.build()
    [said] = [w for w in report.warnings if "(ban-dan-toc)" in w and "trước hạn báo cáo năm 2025" in w]
    assert ("Ban Dân tộc tỉnh (ban-dan-toc) đổi tên thành Sở Dân tộc và Tôn giáo từ ngày 01/3/2025, nay là Sở Nội vụ "
            "(so-noi-vu) từ ngày 01/6/2025, trước hạn báo cáo năm 2025, ngày 17/11/2025 (15/11/2025 là ngày nghỉ): biểu "
            "mẫu báo cáo năm 2025 là của "
            "Sở Nội vụ, gửi kèm công văn triển khai gửi Sở Nội vụ") in said
    letter = " ".join(p.text for p in docx.Document(report.path_of("cong-van-trien-khai", "ban-dan-toc")).paragraphs)
    assert ("đề nghị Sở Nội vụ (cơ quan tiếp nhận nhiệm vụ của Ban Dân tộc tỉnh từ ngày 01/6/2025) báo cáo kết quả "
            "thực hiện các nhiệm vụ nêu trên theo biểu mẫu báo cáo gửi kèm công văn triển khai gửi Sở Nội vụ") in letter


@pytest.mark.parametrize("command", [("build", "-o", "out"), ("diff",), ("status", "--as-of", "20/11/2024", "-o", "out")])
def test_plans_amending_each_other_in_a_loop_are_refused_by_every_command_alike(tmp_path, command):
    """cx.yaml revises cy.yaml, which revises cx.yaml: ``build`` and ``diff`` refuse as the tracking
    commands do (one check of the chain, ``load.revises_chain``), with the message at the ``revises``
    of the spec given (part of the loop), and write nothing."""
    from tests.spec.tiny_spec import VALID, write_project

    plans = write_project(tmp_path, VALID).parent
    for name, other in (("cx", "cy"), ("cy", "cx")):
        (plans / f"{name}.yaml").write_text(VALID.replace("variables: ..\n", f"variables: ..\nrevises: {other}.yaml\n"),
                                            encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "khcn_docs", *command, plans / "cx.yaml"],
                          capture_output=True, text=True, env={**os.environ, "KHCN_DOCS_LANG": "vi"}, cwd=tmp_path)
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    assert ("cx.yaml:2:1: revises: các tệp kế hoạch sửa đổi lẫn nhau thành vòng: variables/plans/cx.yaml → "
            "variables/plans/cy.yaml → variables/plans/cx.yaml — kế hoạch gốc (bản đầu tiên) không có khóa “revises”: "
            "nếu tệp này là kế hoạch gốc, bỏ khóa này") in done.stderr
    assert not out.exists()


def test_force_leaves_issued_documents_as_they_are_and_says_they_were_kept(project):
    issue_all(project)
    first = project.build()
    issued_now = issued_keys(all_keys(project))
    stamps = {key: first.outputs[key].stat().st_mtime_ns for key in issued_now}
    said = project.build(force=True, explain=True)
    assert not issued_now & {v.unit.key for v in said.outdated}
    assert {k.unit.key for k in said.kept} == issued_now
    forced = project.build(force=True)
    assert set(built(forced)) == all_keys(project) - issued_now  # the report forms, blanks, only
    assert {k.unit.key for k in forced.kept} == issued_now and forced.restored == []
    assert {key: first.outputs[key].stat().st_mtime_ns for key in issued_now} == stamps
    lines = buildlog.kept_lines(forced)
    assert "ke-hoach.docx — --force tạo lại mọi văn bản trừ văn bản đã ban hành" in lines[0]
    assert len(lines) == len(issued_now) + 1 and "--force-issued" in lines[-1]
    assert set(built(project.build(force=True, force_issued=True))) == all_keys(project)
