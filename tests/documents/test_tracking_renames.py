"""Records made under an old id count for the body that took it over (a rename, a merge), whenever
the clerk entered the change in the registry: a renamed body is the same body, and a merged body's
report of a year it no longer owes itself is the one its successor sends ("báo cáo thay")."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from khcn_docs import reminders
from khcn_docs.tracking import Reminder, Tracker
from tests.documents.conftest import ROOT, ok, texts

D = dt.date
SO_Y_TE = """  so-y-te:
    name: Sở Y tế
    abbreviation: SYT
    parent: ubnd-tinh
    groups: [so-ban-nganh]
"""
RENAMED = SO_Y_TE + """    merged_on: 01/10/2025
    merged_into: so-yt-ds
  so-yt-ds:
    name: Sở Y tế và Dân số
    abbreviation: SYTDS
    parent: ubnd-tinh
    groups: [so-ban-nganh]
    renamed_from: so-y-te
"""

SO_TU_PHAP = """  so-tu-phap:
    name: Sở Tư pháp
    abbreviation: STP
    parent: ubnd-tinh
    groups: [so-ban-nganh]
"""


@pytest.fixture
def tracker(tmp_path):
    opened = Tracker(tmp_path / "t.sqlite", "ke-hoach-709")
    yield opened
    opened.close()


@pytest.fixture
def revision(tmp_path):
    """Return (spec, output) of a scratch copy of the 2025 revision (its 2025 report is due 17/11/2025)."""
    shutil.copytree(ROOT / "variables", tmp_path / "variables")
    return tmp_path / "variables" / "plans" / "ke-hoach-709-sua-doi-2025.yaml", tmp_path / "out"


def rename_so_y_te(spec) -> None:
    """Enter in the registry that Sở Y tế is Sở Y tế và Dân số from 01/10/2025 (before the 2025 deadline)."""
    registry = spec.parents[1] / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    assert text.count(SO_Y_TE) == 1
    registry.write_text(text.replace(SO_Y_TE, RENAMED), encoding="utf-8")


def test_a_report_recorded_before_a_rename_was_entered_counts_for_the_new_name(revision):
    spec, out = revision
    ok("received", spec, "so-y-te", "--date", "10/9/2025", "-o", out)
    rename_so_y_te(spec)
    status = ok("status", spec, "--as-of", "20/11/2025", "-o", out)
    assert ("Sở Y tế và Dân số — đã báo cáo ngày 10/9/2025 (ghi nhận cho Sở Y tế (so-y-te), nay đổi tên là Sở Y "
            "tế và Dân số: cùng một cơ quan)\n") in status
    written = ok("remind", spec, "--as-of", "20/11/2025", "-o", out, "--templates", ROOT / "templates")
    assert "Sở Y tế" not in written and not list(out.rglob("*so-y-te*/cong-van-don-doc-*"))


def test_a_reminder_recorded_before_a_rename_was_entered_counts_for_the_new_name(revision):
    spec, out = revision
    first = ok("remind", spec, "--as-of", "20/11/2025", "-o", out, "--templates", ROOT / "templates")
    assert "Đã tạo công văn đôn đốc lần 1: Sở Y tế — " in first
    rename_so_y_te(spec)
    status = ok("status", spec, "--as-of", "20/11/2025", "-o", out)
    assert "Sở Y tế và Dân số — CHƯA BÁO CÁO, quá hạn 3 ngày — đã đôn đốc lần 1 ngày 20/11/2025\n" in status
    again = ok("remind", spec, "--as-of", "20/11/2025", "-o", out, "--templates", ROOT / "templates")
    assert "Sở Y tế" not in again  # round 1 is sent; round 2 comes after its reply date
    later = ok("remind", spec, "--as-of", "01/12/2025", "-o", out, "--templates", ROOT / "templates")
    assert "Đã tạo công văn đôn đốc lần 2: Sở Y tế và Dân số — " in later


def test_a_merged_bodys_record_of_a_year_it_no_longer_owes_counts_for_its_successor(plan, tracker):
    """Sở GTVT merged into Sở Xây dựng on 01/3/2025: its record of 2025 (made under its own id) is
    Sở Xây dựng's 2025 report, as ``received so-gtvt`` files it now; Sở Xây dựng's own record, when
    there is one, is the one that counts; its 2024 record stays its own (it owed 2024 itself)."""
    tracker.record_report("so-gtvt", 2025, D(2025, 2, 10))
    tracker.record_report("so-gtvt", 2024, D(2024, 11, 10))
    tracker.record_reminders([Reminder("so-gtvt", 2025, 1, D(2025, 11, 18), D(2025, 11, 24), "x.docx")])
    row = next(r for r in reminders.statuses(plan, tracker, D(2025, 11, 20), 2025) if r.agency == "so-xay-dung")
    assert (row.received, row.recorded_as, [r.round for r in row.reminders]) == (D(2025, 2, 10), "so-gtvt", [1])
    text = reminders.format_status(plan, [row], D(2025, 11, 20), 2025)
    assert ("Sở Xây dựng — đã báo cáo ngày 10/02/2025 (ghi nhận cho Sở Giao thông vận tải (so-gtvt), đã hợp nhất "
            "vào Sở Xây dựng: tính là báo cáo Sở Xây dựng gửi thay)") in text
    assert reminders.received_by(plan, tracker, "so-xay-dung", 2024, D(2025, 11, 20)) is None
    tracker.record_report("so-xay-dung", 2025, D(2025, 11, 12))
    row = next(r for r in reminders.statuses(plan, tracker, D(2025, 11, 20), 2025) if r.agency == "so-xay-dung")
    assert (row.received, row.recorded_as) == (D(2025, 11, 12), "")


def test_cancelling_a_successors_report_removes_the_record_made_under_the_old_id(plan, tracker):
    tracker.record_report("so-gtvt", 2025, D(2025, 2, 10))
    assert reminders.cancel_reports(plan, tracker, ["so-xay-dung"], 2025) == [("so-xay-dung", D(2025, 2, 10))]
    assert tracker.report_date("so-gtvt", 2025) is None
    assert reminders.received_by(plan, tracker, "so-xay-dung", 2025, D(2025, 11, 20)) is None


def test_a_round_sent_to_a_body_and_to_one_merged_into_it_is_listed_and_counted_once(plan, tracker):
    """Round 1 went to Sở Xây dựng and, under its own id, to Sở GTVT (the merger entered after it):
    the status lists that round once, naming both letters, and counts the rounds, not the letters."""
    letter = [Reminder(aid, 2025, 1, D(2025, 11, 18), D(2025, 11, 24), "x.docx") for aid in ("so-xay-dung", "so-gtvt")]
    tracker.record_reminders(letter)
    rows = [r for r in reminders.statuses(plan, tracker, D(2025, 11, 26), 2025) if r.agency == "so-xay-dung"]
    text = reminders.format_status(plan, rows, D(2025, 11, 26), 2025)
    assert text.count("đã đôn đốc lần 1") == 1
    assert ("— đã đôn đốc lần 1 ngày 18/11/2025 (công văn gửi Sở Xây dựng, Sở Giao thông vận tải)\n") in text
    assert reminders.status_table(plan, rows, D(2025, 11, 26), 2025).rows[0][6] == 1
    tracker.record_reminders([Reminder("so-xay-dung", 2025, 2, D(2025, 11, 26), D(2025, 12, 2), "y.docx")])
    rows = [r for r in reminders.statuses(plan, tracker, D(2025, 11, 26), 2025) if r.agency == "so-xay-dung"]
    assert ("(công văn gửi Sở Xây dựng, Sở Giao thông vận tải); đã đôn đốc lần 2 ngày 26/11/2025\n"
            in reminders.format_status(plan, rows, D(2025, 11, 26), 2025))
    assert reminders.status_table(plan, rows, D(2025, 11, 26), 2025).rows[0][6] == 2


def test_a_letter_cites_the_body_its_previous_round_asked_when_that_body_merged_since(tmp_path):
    """Round 2 went to Sở Tư pháp alone (Sở Nội vụ had reported, then that record was cancelled);
    once the registry says Sở Tư pháp merged into Sở Nội vụ on 01/10/2025, round 3 goes to Sở Nội vụ
    and says round 2 asked Sở Tư pháp, not Sở Nội vụ."""
    shutil.copytree(ROOT / "variables", tmp_path / "variables")
    spec, out, tpl = tmp_path / "variables" / "plans" / "ke-hoach-709.yaml", tmp_path / "out", ROOT / "templates"
    ok("remind", spec, "--as-of", "18/11/2025", "-o", out, "--templates", tpl)
    ok("received", spec, "so-noi-vu", "--date", "19/11/2025", "-o", out)
    assert "lần 2: Sở Tư pháp — " in ok("remind", spec, "--as-of", "25/11/2025", "-o", out, "--templates", tpl)
    ok("received", spec, "so-noi-vu", "--cancel", "--year", "2025", "-o", out)
    registry = tmp_path / "variables" / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    assert text.count(SO_TU_PHAP) == 1
    registry.write_text(text.replace(SO_TU_PHAP, SO_TU_PHAP + "    merged_into: so-noi-vu\n    merged_on: 01/10/2025\n"),
                        encoding="utf-8")
    assert "lần 3: Sở Nội vụ — " in ok("remind", spec, "--as-of", "03/12/2025", "-o", out, "--templates", tpl)
    body = "\n".join(texts(next(out.rglob("*-so-noi-vu/cong-van-don-doc-2025-lan-3.docx"))))
    assert ("Sở Khoa học và Công nghệ đã có Công văn số       /SKHCN-QLKH ngày 25/11/2025 đôn đốc (lần 2), đề nghị Sở "
            "Tư pháp (nay đã hợp nhất vào Sở Nội vụ) gửi báo cáo kết quả thực hiện Kế hoạch năm 2025 chậm nhất ngày 01/12/2025."
            in body)


def test_a_second_report_of_a_successor_names_the_merged_body_it_is_recorded_under_and_replace_replaces_it(
        plan, tracker):
    """Sở Xây dựng's 2025 report counted is one recorded under so-gtvt (merged into it 01/3/2025):
    a report of another day is refused naming that record's owner; ``--replace`` replaces that
    record, as it says, instead of keeping it beside the new one."""
    from khcn_docs.errors import KhcnError

    tracker.record_report("so-gtvt", 2025, D(2025, 2, 10))
    with pytest.raises(KhcnError) as raised:
        reminders.record_report(plan, tracker, "so-xay-dung", D(2025, 11, 20), D(2025, 11, 20), 2025)
    assert raised.value.message.startswith(
        "Sở Xây dựng đã có báo cáo năm 2025 nhận ngày 10/02/2025 (ghi nhận cho Sở Giao thông vận tải (so-gtvt), đã "
        "hợp nhất vào Sở Xây dựng: tính là báo cáo Sở Xây dựng gửi thay); báo cáo nhận ngày 20/11/2025 chưa được ghi")
    assert reminders.record_report(plan, tracker, "so-xay-dung", D(2025, 11, 20), D(2025, 11, 20), 2025,
                                   replace=True) == ("so-xay-dung", 2025, D(2025, 2, 10))
    assert (tracker.report_date("so-gtvt", 2025), tracker.report_date("so-xay-dung", 2025)) == (None, D(2025, 11, 20))
