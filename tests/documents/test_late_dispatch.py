"""Dispatch letters dated after a report's deadline: the build warns, the letters give that report
a date of their own, ``status`` and ``remind`` count it, so no reminder cites a letter not sent yet.

The README's example issued (Kế hoạch số 135 of 15/08/2024) with its letters (Công văn số 45)
dated 23/12/2024: they carry the 2024 form after the 2024 deadline, 15/11/2024.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from khcn_docs import reminders
from khcn_docs.documents import cong_van_trien_khai, per_agency
from khcn_docs.spec.load import load_plan
from khcn_docs.tracking import Tracker
from tests.documents.conftest import ROOT, ok, run_cli, texts
from tests.documents.test_tracking_guards import ISSUED_15_08, copied_plan

D = dt.date


def dispatched_on(day: str) -> tuple[str, str]:
    """Return the replacement giving the bundled plan's dispatch letters No. 45 dated ``day``."""
    return "  reminder_days: 7\n", f"  reminder_days: 7\n  number: 45\n  date: {day}\n"


@pytest.fixture
def late(tmp_path):
    """Return the path of the bundled plan issued 15/08/2024, dispatched 23/12/2024."""
    return copied_plan(tmp_path, ISSUED_15_08, dispatched_on("23/12/2024"))


@pytest.fixture
def tracker(tmp_path):
    opened = Tracker(tmp_path / "t.sqlite", "ke-hoach-709")
    yield opened
    opened.close()


def _date_line(spec) -> int:
    """Return the line number of ``dispatch.date`` in ``spec``."""
    return next(n for n, line in enumerate(spec.read_text(encoding="utf-8").splitlines(), start=1)
                if line == "  date: 23/12/2024")


@pytest.mark.parametrize("lang, expected", [
    ("vi", "cảnh báo: công văn triển khai ghi ngày 23/12/2024, sau hạn báo cáo năm 2024 (15/11/2024), mà biểu mẫu "
           "báo cáo năm 2024 gửi kèm công văn đó: báo cáo năm 2024 không thể đúng hạn. Công văn đề nghị gửi riêng "
           "báo cáo năm 2024 chậm nhất ngày 30/12/2024"),
    ("en", "warning: the dispatch letters are dated 23/12/2024, after the deadline of the 2024 report (15/11/2024), "
           "and carry the 2024 report form: that report cannot be on time. The letters ask for the 2024 report by "
           "30/12/2024"),
])
def test_build_warns_at_the_dispatch_date_when_the_letters_carry_a_form_after_its_deadline(
        late, tmp_path, monkeypatch, lang, expected):
    from khcn_docs import i18n

    monkeypatch.setenv("KHCN_DOCS_LANG", lang)
    monkeypatch.setattr(i18n, "_current", [])  # a language an earlier test in this process chose
    [warning] = [w for w in load_plan(late).warnings if "23/12/2024" in w]
    assert f"ke-hoach-709.yaml:{_date_line(late)}:3: {expected}" in warning
    assert "reporting.years" in warning and "[2025]" in warning and "dispatch.date" in warning


def test_build_prints_the_warning_and_letters_dated_before_the_deadline_give_none(late, tmp_path):
    done = run_cli("build", late, "-o", tmp_path / "out", "-q", "--templates", ROOT / "templates")
    assert done.returncode == 0 and "sau hạn báo cáo năm 2024 (15/11/2024)" in done.stderr
    on_time = load_plan(copied_plan(tmp_path / "b", ISSUED_15_08, dispatched_on("15/11/2024")))
    assert not [w for w in on_time.warnings if "sau hạn báo cáo" in w]
    assert per_agency.due_date(on_time, 2024) == D(2024, 11, 15)


def test_the_dispatch_letter_gives_the_late_report_its_own_date(late):
    plan = load_plan(late)
    assert per_agency.due_date(plan, 2024) == D(2024, 12, 30)  # 23/12 + 7 days counting it: 29/12 is a Sunday
    assert per_agency.due_date(plan, 2025) == D(2025, 11, 17)  # later years keep the yearly deadline
    [paragraph] = [p for p in cong_van_trien_khai.paragraphs(plan, "so-noi-vu") if p.startswith("Định kỳ")]
    assert paragraph.endswith("Riêng báo cáo năm 2024, đề nghị gửi chậm nhất ngày 30/12/2024.")


def test_remind_before_the_letters_are_sent_finds_nothing_due_writing_and_recording_nothing(late, tmp_path):
    """Past the yearly deadline (15/11/2024) but before the letters (23/12/2024): the report is not
    due until the day they give (``per_agency.due_date``), so no reminder can cite a letter not sent
    yet; ``remind`` says so as for any report not due (exit 0), naming that day and why."""
    out = tmp_path / "out"
    ok("build", late, "-o", out, "-q", "--templates", ROOT / "templates")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    done = run_cli("remind", late, "--as-of", "18/11/2024", "-o", out)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert ("Chưa đến hạn: báo cáo năm 2024 hạn 30/12/2024 (công văn triển khai ngày 23/12/2024 gửi biểu mẫu sau "
            "hạn 15/11/2024), nên ngày 18/11/2024 chưa cơ quan nào quá hạn.") in done.stdout
    after = sorted(p.relative_to(out) for p in out.rglob("*") if p.name != ".theo-doi.lock")  # remind's lock
    assert after == before  # no letter, no tracking file


def test_remind_through_the_library_finds_nothing_due_before_the_letters(late, tracker, tmp_path):
    plan = load_plan(late)
    assert reminders.remind(plan, tracker, tmp_path / "out", ROOT / "templates", D(2024, 11, 18)) == []
    assert not (tmp_path / "out").exists() and tracker.reminders("so-noi-vu", 2024) == []
    assert reminders.why_none(plan, tracker, D(2024, 11, 18)).startswith("Chưa đến hạn: báo cáo năm 2024 hạn 30/12/2024")


def test_status_counts_no_agency_late_before_the_date_the_letters_give(late, tmp_path):
    out = tmp_path / "out"
    early = ok("status", late, "--as-of", "18/11/2024", "-o", out)
    assert early.splitlines()[0] == ("Báo cáo năm 2024 — hạn 30/12/2024 (công văn triển khai ngày 23/12/2024 gửi "
                                     "biểu mẫu sau hạn 15/11/2024) — tính đến 18/11/2024:")
    assert "quá hạn" not in early.replace("0 quá hạn", "")
    after = ok("status", late, "--as-of", "31/12/2024", "-o", out)
    assert "CHƯA BÁO CÁO, quá hạn 1 ngày" in after


def test_remind_once_the_letters_gave_their_date_cites_them_and_that_date(late, tmp_path):
    out = tmp_path / "out"
    waiting = ok("remind", late, "--as-of", "27/12/2024", "-o", out)
    assert "Chưa đến hạn: báo cáo năm 2024 hạn 30/12/2024" in waiting
    ok("remind", late, "--as-of", "31/12/2024", "-o", out)
    body = " ".join(texts(out / "ke-hoach-709" / "04-so-noi-vu" / "cong-van-don-doc-2024-lan-1.docx"))
    assert "đã quá thời hạn báo cáo năm 2024 (ngày 30/12/2024)" in body
    assert "Công văn số 45/SKHCN-QLKH ngày 23/12/2024" in body
    with sqlite3.connect(out / "ke-hoach-709" / "theo-doi.sqlite") as db:
        assert {row[0] for row in db.execute("SELECT issued FROM track_reminder")} == {"2024-12-31"}


# ------------------------------------------------------------------ letters sent after both a deadline and a merger

@pytest.fixture
def after_merger(tmp_path):
    """Return the path of the bundled plan issued 15/08/2024 with the 2024 and 2025 forms, its
    letters dated 10/03/2025: after the 2024 deadline and after the mergers of 01/3/2025."""
    return copied_plan(tmp_path, ISSUED_15_08, dispatched_on("10/03/2025"),
                       ("  years: [2024]\n", "  years: [2024, 2025]\n"))


def test_the_form_of_a_body_merged_before_the_letters_goes_with_its_successors_letter(after_merger):
    """The 2024 forms of the bodies merged (or renamed) on 01/3/2025 went into folders no letter
    goes to; each now goes with its successor's letter, which asks for that report: no warning."""
    plan = load_plan(after_merger)
    carried = cong_van_trien_khai.forms_carried(plan)
    assert {(year, aid, heir) for year, aid, heir in carried} == {
        (2024, "so-gtvt", "so-xay-dung"), (2024, "so-tnmt", "so-nnmt"), (2024, "so-nnptnt", "so-nnmt"),
        (2024, "so-khdt", "so-tai-chinh"), (2024, "so-ldtbxh", "so-noi-vu"), (2024, "ban-dan-toc", "so-dttg")}
    assert cong_van_trien_khai.forms_left_over(plan) == []
    assert not [w for w in plan.warnings if "không kèm công văn triển khai nào" in w]
    [paragraph] = [p for p in cong_van_trien_khai.paragraphs(cong_van_trien_khai.dispatched(plan), "so-nnmt")
                   if p.startswith("Định kỳ")]
    # formed on 01/3/2025: no 2024 report of its own, only those of the bodies it took over
    assert paragraph.endswith(
        "Riêng báo cáo năm 2024 (của Sở Nông nghiệp và Phát triển nông thôn, nay là Sở Nông nghiệp và Môi trường; "
        "của Sở Tài nguyên và Môi trường, nay đã hợp nhất vào Sở Nông nghiệp và Môi trường, theo biểu mẫu của "
        "từng cơ quan kèm theo Công văn này), đề nghị gửi chậm nhất ngày 17/3/2025.")
    assert "của Sở Nông nghiệp và Môi trường và" not in paragraph and paragraph.count("17/3/2025") == 1


def test_letters_sent_before_the_mergers_leave_no_form_over(tmp_path):
    plan = load_plan(copied_plan(tmp_path, ISSUED_15_08, dispatched_on("23/12/2024"),
                                 ("  years: [2024]\n", "  years: [2024, 2025]\n")))
    assert cong_van_trien_khai.forms_carried(plan) == cong_van_trien_khai.forms_left_over(plan) == []
    assert not [w for w in plan.warnings if "không kèm công văn triển khai nào" in w]


def test_a_body_the_monitor_took_over_before_the_letters_gets_no_form_and_owes_nothing(after_merger, tmp_path):
    """Sở TT&TT, merged into the monitor (Sở KH&CN) on 01/3/2025, gets no letter of 10/03/2025: as
    when the merger comes before the deadline, the monitor reports those tasks itself, so no 2024
    form is made for it and ``status`` does not count it late, saying nobody reports in its place."""
    plan = load_plan(after_merger)
    assert cong_van_trien_khai.taken_by_monitor(plan) == {(2024, "so-tttt")}
    assert "so-tttt" not in reminders.owing(plan, 2024)
    out = tmp_path / "out"
    ok("build", after_merger, "-o", out, "-q", "--templates", ROOT / "templates")
    assert not (out / "ke-hoach-709" / "03-so-thong-tin-va-truyen-thong").exists()
    shown = run_cli("status", after_merger, "--year", "2024", "--as-of", "27/03/2025", "-o", out)
    assert shown.returncode == 0, shown.stderr
    assert "Sở Thông tin và Truyền thông — CHƯA BÁO CÁO" not in shown.stdout
    assert ("  - Sở Thông tin và Truyền thông (đã hợp nhất vào Sở Khoa học và Công nghệ từ 01/3/2025; Sở Khoa học "
            "và Công nghệ là cơ quan nhận báo cáo: nhiệm vụ của cơ quan này nay là của chính Sở Khoa học và Công "
            "nghệ, không ai báo cáo thay)") in shown.stdout
    assert "Tổng: 33 cơ quan; 0 đã báo cáo; 33 quá hạn chưa báo cáo." in shown.stdout


def test_the_reminders_of_a_body_merged_before_the_letters_are_converted_and_bundled_with_its_successor(
        after_merger, tmp_path):
    """Sở KH&ĐT's 2024 report is Sở Tài chính's to send. Once Sở Tài chính has sent its own, the
    reminder asks only for Sở KH&ĐT's, and is written in Sở KH&ĐT's folder (09-): it is among the
    letters ``build --pdf`` converts, and follows Sở Tài chính's documents in Sở Tài chính's bundle,
    which stays in Sở Tài chính's folder."""
    from khcn_docs import packet
    from khcn_docs.build import build

    out = tmp_path / "out"
    ok("build", after_merger, "-o", out, "-q", "--templates", ROOT / "templates")
    ok("received", after_merger, "so-tai-chinh", "--date", "12/03/2025", "--year", "2024", "-o", out)
    ok("remind", after_merger, "--as-of", "20/03/2025", "--year", "2024", "-o", out, "--templates", ROOT / "templates")
    folder = out / "ke-hoach-709"
    absorbed = folder / "09-so-ke-hoach-va-dau-tu" / "cong-van-don-doc-2024-lan-1.docx"
    own = folder / "05-so-tai-chinh" / "cong-van-don-doc-2024-lan-1.docx"
    assert absorbed.is_file() and not own.exists()
    report = build(after_merger, out, templates=ROOT / "templates", explain=True)
    letters = packet.unconverted_reminders(report)
    assert absorbed in letters
    assert letters[absorbed].label == "Sở Kế hoạch và Đầu tư — công văn đôn đốc năm 2024 lần 1"
    packet.pdf_of(absorbed).write_bytes(b"%PDF-1.4 stand-in for the converted letter")
    _, agencies = packet.sections_of(report)
    names = [path.relative_to(folder).as_posix() for _, path in agencies["so-tai-chinh"]]
    assert names[-1] == "09-so-ke-hoach-va-dau-tu/cong-van-don-doc-2024-lan-1.pdf"
    assert names[0].startswith("05-so-tai-chinh/")
    assert "so-khdt" not in agencies
    assert packet.agency_bundle(folder, "so-tai-chinh", agencies["so-tai-chinh"]) == \
        folder / "05-so-tai-chinh" / "tron-bo.pdf"
    assert packet.unconverted_reminders(report).keys().isdisjoint({absorbed})
