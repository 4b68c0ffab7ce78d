"""What the tracking commands count: which records (as of a day), which year, which agencies, which dates."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from khcn_docs import reminders
from khcn_docs.documents import per_agency
from khcn_docs.errors import KhcnError
from khcn_docs.tracking import Reminder, Tracker
from tests.documents.conftest import BUNDLED, ROOT, ok, run_cli, texts

D = dt.date


@pytest.fixture
def tracker(tmp_path):
    opened = Tracker(tmp_path / "t.sqlite", "ke-hoach-709")
    yield opened
    opened.close()


def _remind_rows(tracker, ids, year, round_, issued):
    """Record reminders of ``round_`` dated ``issued`` to ``ids`` (the rows only: status reads no letter)."""
    tracker.record_reminders([Reminder(aid, year, round_, issued, issued + dt.timedelta(days=7), f"{aid}.docx")
                              for aid in ids])


# ------------------------------------------------------------------ 1. as of a past day: the records as they stood

def test_status_as_of_a_past_day_ignores_reports_and_reminders_dated_after_it(plan, tracker, tmp_path):
    owed = reminders.owing(plan, 2024)
    _remind_rows(tracker, owed, 2024, 1, D(2024, 11, 16))
    tracker.record_report("so-xay-dung", 2024, D(2024, 11, 20))
    _remind_rows(tracker, ["so-noi-vu"], 2024, 2, D(2025, 8, 10))
    rows = reminders.statuses(plan, tracker, D(2024, 11, 16))
    text = reminders.format_status(plan, rows, D(2024, 11, 16), 2024)
    assert "Sở Xây dựng — CHƯA BÁO CÁO, quá hạn 1 ngày — đã đôn đốc lần 1 ngày 16/11/2024\n" in text
    assert "Sở Nội vụ — CHƯA BÁO CÁO, quá hạn 1 ngày — đã đôn đốc lần 1 ngày 16/11/2024\n" in text
    assert "10/8/2025" not in text and "20/11/2024" not in text
    table = reminders.status_table(plan, rows, D(2024, 11, 16), 2024)
    by_id = {row[1]: row for row in table.rows}
    assert tuple(by_id["so-xay-dung"][3:8]) == ("Quá hạn, chưa báo cáo", None, 1, 1, D(2024, 11, 16))
    assert tuple(by_id["so-noi-vu"][6:8]) == (1, D(2024, 11, 16))
    later = reminders.format_status(plan, reminders.statuses(plan, tracker, D(2025, 8, 10), 2024), D(2025, 8, 10), 2024)
    assert "Sở Xây dựng — đã báo cáo ngày 20/11/2024 (chậm 5 ngày)" in later
    assert "đã đôn đốc lần 2 ngày 10/8/2025" in later


def test_remind_as_of_a_past_day_counts_no_later_report(plan, tracker):
    tracker.record_report("so-xay-dung", 2024, D(2024, 11, 20))
    assert "so-xay-dung" in {d.agency for d in reminders.due(plan, tracker, D(2024, 11, 16))}
    assert "so-xay-dung" not in {d.agency for d in reminders.due(plan, tracker, D(2024, 11, 21))}


def test_remind_writes_no_letter_dated_before_a_reminder_already_recorded(plan, tracker, tmp_path):
    _remind_rows(tracker, reminders.owing(plan, 2024), 2024, 1, D(2024, 11, 16))
    _remind_rows(tracker, ["so-noi-vu"], 2024, 2, D(2025, 8, 10))
    with pytest.raises(KhcnError) as raised:
        reminders.remind(plan, tracker, tmp_path / "out", ROOT / "templates", D(2024, 11, 23))
    assert ("đã có công văn đôn đốc lần 2 về báo cáo năm 2024 của Sở Nội vụ ngày 10/8/2025, sau ngày tính đến "
            "23/11/2024") in raised.value.message
    assert not (tmp_path / "out").exists()
    assert [r.round for r in tracker.reminders("so-noi-vu", 2024)] == [1, 2]



@pytest.mark.parametrize("reported, said", [
    (False, "23 cơ quan quá hạn đã được đôn đốc ngày 10/7/2025; lần đôn đốc tiếp theo sớm nhất từ ngày 17/7/2025."),
    (True, "Mọi cơ quan phải báo cáo năm 2024 mà còn nhận được công văn đôn đốc đều đã báo cáo"),
], ids=["waiting", "all-reachable-reported"])
def test_remind_with_none_due_counts_only_the_agencies_a_reminder_can_still_reach(plan, tracker, reported, said):
    """Round 1 of the 2024 report went to all 34 bodies on 18/11/2024; on 10/7/2025 round 2 could
    reach 23 of them, the districts (dissolved on 01/7/2025) and Sở TT&TT (merged into the monitor)
    being out of reach. On 11/7/2025 nothing is due: the clerk is told of those 23 and of their
    next round, not of 34 with the date the old round 1 of the others gave; when the 23 have all
    reported, that everyone a reminder can reach has (the 11 are listed apart, ``out_of_reach``)."""
    _remind_rows(tracker, reminders.owing(plan, 2024), 2024, 1, D(2024, 11, 18))
    reachable = [d.agency for d in reminders.due(plan, tracker, D(2025, 7, 10), 2024)]
    assert len(reachable) == 23
    _remind_rows(tracker, reachable, 2024, 2, D(2025, 7, 10))
    for aid in reachable if reported else []:
        tracker.record_report(aid, 2024, D(2025, 7, 11))
    assert reminders.why_none(plan, tracker, D(2025, 7, 11), 2024).startswith(said)
    assert len(reminders.out_of_reach(plan, tracker, D(2025, 7, 11), 2024)) == 11

@pytest.fixture
def days_off(tmp_path, monkeypatch):
    """Return a function that adds dated days off, as a clerk adds them to ``dates`` in ``holidays.yaml``
    (a copy of the package's, so the shipped file is left as it is)."""
    from khcn_docs import workdays

    def add(*days: str) -> None:
        copy = tmp_path / "holidays.yaml"
        text = workdays.HOLIDAYS.read_text(encoding="utf-8").replace("dates: []", "dates:")
        copy.write_text(text + "".join(f"  - {day}\n" for day in days), encoding="utf-8")
        monkeypatch.setattr(workdays, "HOLIDAYS", copy)
        workdays._holidays.cache_clear()

    yield add
    workdays._holidays.cache_clear()


TET_2025 = [f"{day:02d}/{month:02d}/2025" for day, month in [(25, 1), (26, 1), (27, 1), (28, 1), (29, 1), (30, 1),
                                                             (31, 1), (1, 2), (2, 2)]]


@pytest.mark.parametrize("sent, said", [
    ([D(2025, 1, 24)], "đã được đôn đốc ngày 24/01/2025; lần đôn đốc tiếp theo sớm nhất từ ngày 04/02/2025."),
    ([D(2025, 1, 20), D(2025, 1, 24)],
     "đã được đôn đốc trong các ngày từ 20/01/2025 đến 24/01/2025; lần đôn đốc tiếp theo sớm nhất từ ngày 04/02/2025."),
], ids=["one-day", "two-days"])
def test_remind_with_none_due_says_when_the_waiting_agencies_were_reminded(plan, tracker, days_off, sent, said):
    """With Tết (25/01-02/02/2025) off, a reminder of 24/01/2025 gives until 03/02/2025: on that
    day ``remind`` says when it was sent, not "trong 7 ngày qua" (it was 10 days before)."""
    days_off(*TET_2025)
    owing = [d.agency for d in reminders.due(plan, tracker, sent[0], 2024)]
    for day, ids in zip(sent, [owing[:1], owing[1:]] if len(sent) == 2 else [owing]):
        _remind_rows(tracker, ids, 2024, 1, day)
    assert reminders.due(plan, tracker, D(2025, 2, 3), 2024) == []
    assert reminders.why_none(plan, tracker, D(2025, 2, 3), 2024) == f"{len(owing)} cơ quan quá hạn {said}"


# ------------------------------------------------------------------ 4. nothing before the plan was issued

def issued_on(plan, day: dt.date, number: int = 135):
    """Return ``plan`` issued as No. ``number`` on ``day``."""
    document = plan.spec.document.model_copy(update={"number": number, "date": day, "year": None})
    return dataclasses.replace(plan, spec=plan.spec.model_copy(update={"document": document}))


def test_a_report_received_before_the_plan_was_issued_is_refused(plan, tracker):
    august = issued_on(plan, D(2024, 8, 15))
    with pytest.raises(KhcnError) as raised:
        reminders.record_report(august, tracker, "so-noi-vu", D(2024, 3, 1), D(2024, 3, 1))
    assert "Ngày nhận 01/3/2024 trước ngày ban hành kế hoạch (15/8/2024)" in raised.value.message
    assert tracker.report_date("so-noi-vu", 2024) is None
    assert reminders.record_report(august, tracker, "so-noi-vu", D(2024, 8, 15), D(2024, 8, 15))[1] == 2024


@pytest.mark.parametrize("look", [reminders.statuses, reminders.due])
def test_status_and_remind_before_the_plan_was_issued_say_there_is_nothing_to_track(plan, tracker, look):
    with pytest.raises(KhcnError) as raised:
        look(issued_on(plan, D(2024, 8, 15)), tracker, D(2024, 3, 1))
    assert "Ngày 01/3/2024 kế hoạch chưa ban hành (ban hành ngày 15/8/2024): chưa có báo cáo nào để theo dõi" \
        in raised.value.message


# ------------------------------------------------------------------ 6. names and years a clerk types

@pytest.mark.parametrize("typed", ["SởNộiVụ", "so  noi vu", "Sở Nội-vụ"])
def test_an_agency_name_is_matched_whatever_its_spacing(tmp_path, typed):
    done = run_cli("received", BUNDLED, typed, "--date", "10/11/2024", "--db", tmp_path / "t.sqlite")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã ghi nhận: Sở Nội vụ gửi báo cáo năm 2024 ngày 10/11/2024")


@pytest.mark.parametrize("year, said", [("0", "Không có báo cáo năm 0"),
                                        ("2030", "Kỳ báo cáo năm 2030 chưa bắt đầu vào ngày 20/11/2024")])
def test_cancel_refuses_a_year_that_has_no_report(tmp_path, year, said):
    db = tmp_path / "t.sqlite"
    ok("received", BUNDLED, "so-noi-vu", "--date", "10/11/2024", "--db", db)
    done = run_cli("received", BUNDLED, "so-noi-vu", "--cancel", "--year", year, "--as-of", "20/11/2024", "--db", db)
    assert done.returncode == 1 and said in done.stderr and "Traceback" not in done.stderr
    assert "Sở Nội vụ — đã báo cáo ngày 10/11/2024" in ok("status", BUNDLED, "--as-of", "20/11/2024", "--db", db)


# ------------------------------------------------------------------ 3. a draft's year: agencies as on the deadline

def with_registry(plan, **changes):
    """Return ``plan`` with agencies changed: id -> dict of fields."""
    agencies = dict(plan.registry.agencies)
    for aid, update in changes.items():
        agencies[aid] = agencies[aid].model_copy(update=update)
    return dataclasses.replace(plan, registry=plan.registry.model_copy(update={"agencies": agencies}))


def test_a_draft_plan_counts_a_body_merged_after_the_deadline_in_that_years_cycle(plan, tracker):
    """The bundled plan is a draft of 2024, read at 31/12/2024. Sở GTVT merged into Sở Xây dựng on
    01/12/2024 (made up) still stood on 15/11/2024: it owes the 2024 report, is reminded on
    16/11/2024 under its own name, and a report it sent on 14/11/2024 is its own; from 2025 Sở Xây
    dựng reports for it."""
    merged = with_registry(plan, **{"so-gtvt": {"merged_on": D(2024, 12, 1)}})
    assert "so-gtvt" in reminders.owing(merged, 2024) and len(reminders.owing(merged, 2024)) == 34
    assert reminders.no_longer_owing(merged, 2024) == []
    due = {d.agency: d for d in reminders.due(merged, tracker, D(2024, 11, 16))}
    assert due["so-gtvt"].addressee == "so-gtvt"
    aid, year, _ = reminders.record_report(merged, tracker, "so-gtvt", D(2024, 11, 14), D(2024, 11, 20))
    assert (aid, year) == ("so-gtvt", 2024)
    assert "so-gtvt" not in reminders.owing(merged, 2025)
    assert any(why.startswith("Sở Giao thông vận tải (đã hợp nhất vào Sở Xây dựng từ 01/12/2024")
               for why in reminders.no_longer_owing(merged, 2025))
    assert per_agency.on_day(merged, D(2024, 12, 5)).current_id("so-gtvt") == "so-xay-dung"


# ------------------------------------------------------------------ 2. which year, which body, without --year

def _refused(plan, tracker, given, day):
    """Return the message refusing to record ``given``'s report received on ``day`` without --year."""
    with pytest.raises(KhcnError) as raised:
        reminders.record_report(plan, tracker, given, day, day)
    return raised.value.message


def test_a_body_named_on_a_day_it_still_existed_is_that_body_and_its_reminded_report_asks_the_year(plan, tracker):
    """Sở GTVT, reminded of its 2024 report, still existed on 10/02/2025 (merged into Sở Xây dựng
    on 01/3/2025): a report it sent then is not filed as Sở Xây dựng's 2025 report (Sở Xây dựng
    having sent its own 2024 report); owing no 2025 report itself, it can only be its 2024 one, and
    the clerk is told so (not offered --year 2025); with --year 2024 it is Sở GTVT's."""
    _remind_rows(tracker, reminders.owing(plan, 2024), 2024, 1, D(2024, 11, 16))
    tracker.record_report("so-xay-dung", 2024, D(2024, 11, 20))
    said = _refused(plan, tracker, "so-gtvt", D(2025, 2, 10))
    assert said.startswith("Sở Giao thông vận tải (đã hợp nhất vào Sở Xây dựng từ 01/3/2025; Sở Xây dựng báo cáo "
                           "thay): không phải gửi báo cáo riêng năm 2025, nên báo cáo nhận ngày 10/02/2025 là báo cáo "
                           "năm 2024 gửi muộn — thêm --year 2024")
    assert tracker.report_date("so-xay-dung", 2025) is None
    assert reminders.record_report(plan, tracker, "so-gtvt", D(2025, 2, 10), D(2025, 2, 10), 2024)[:2] == \
        ("so-gtvt", 2024)


def test_a_successor_reminded_for_the_bodies_it_took_over_is_asked_the_year(plan, tracker):
    _remind_rows(tracker, ["so-nnptnt", "so-tnmt"], 2024, 1, D(2025, 3, 10))
    said = _refused(plan, tracker, "Sở Nông nghiệp và Môi trường", D(2025, 4, 10))
    assert said.startswith("Báo cáo của Sở Nông nghiệp và Môi trường nhận ngày 10/4/2025 là báo cáo năm nào? Sở "
                           "Nông nghiệp và Môi trường đã được đôn đốc gửi thay báo cáo năm 2024 của so-nnptnt")
    assert "(ví dụ “so-nnptnt” --year 2024)" in said and "thêm --year 2025" in said
    assert tracker.report_date("so-nnmt", 2025) is None
    assert reminders.record_report(plan, tracker, "so-nnmt", D(2025, 4, 10), D(2025, 4, 10), 2025)[:2] == \
        ("so-nnmt", 2025)


def test_a_former_body_named_after_its_merger_is_asked_the_year_in_its_own_name(plan, tracker):
    """Sở TN&MT, reminded of its 2024 report in two rounds before its merger into Sở NN&MT
    (01/3/2025) and a third after it: a report the clerk records under “so-tnmt” on 07/3/2025 is
    asked about as Sở TN&MT's, with the code typed (not as Sở NN&MT's with “so-nnptnt” as the example);
    either answer, --year 2024 or --year 2025, is then recorded."""
    for round_, day in enumerate((D(2024, 11, 16), D(2025, 1, 10), D(2025, 3, 5)), start=1):
        _remind_rows(tracker, ["so-nnptnt", "so-tnmt"], 2024, round_, day)
    said = _refused(plan, tracker, "so-tnmt", D(2025, 3, 7))
    assert said.startswith("Báo cáo của Sở Tài nguyên và Môi trường nhận ngày 07/3/2025 là báo cáo năm nào? "
                           "Sở Tài nguyên và Môi trường đã được đôn đốc mà chưa gửi báo cáo năm 2024")
    assert "Nông nghiệp" not in said and "--year 2024" in said and "--year 2025" in said
    assert reminders.record_report(plan, tracker, "so-tnmt", D(2025, 3, 7), D(2025, 3, 7), 2024)[:2] == \
        ("so-tnmt", 2024)
    assert reminders.record_report(plan, tracker, "so-tnmt", D(2025, 3, 8), D(2025, 3, 8), 2025)[:2] == \
        ("so-nnmt", 2025)


@pytest.mark.parametrize("reminded", [True, False])
def test_a_body_owing_nothing_this_year_is_told_its_report_is_last_years(plan, tracker, reminded):
    """UBND huyện Cam Lộ, dissolved on 01/7/2025, owes no 2025 report: one received on 10/6/2025
    can only be its 2024 report, late; the clerk is told to add --year 2024."""
    if reminded:
        _remind_rows(tracker, ["ubnd-cam-lo"], 2024, 1, D(2024, 11, 16))
    said = _refused(plan, tracker, "UBND huyện Cam Lộ", D(2025, 6, 10))
    assert said == ("Ủy ban nhân dân huyện Cam Lộ (không còn từ 01/7/2025): không phải gửi báo cáo riêng năm 2025, "
                    "nên báo cáo nhận ngày 10/6/2025 là báo cáo năm 2024 gửi muộn — thêm --year 2024; chưa ghi gì")


# ------------------------------------------------------------------ 5. a deadline on a day off moves to the next working day

@pytest.mark.parametrize("day, working", [
    (D(2025, 11, 15), D(2025, 11, 17)),   # Saturday → Monday
    (D(2024, 11, 15), D(2024, 11, 15)),   # a Friday stays
    (D(2026, 5, 1), D(2026, 5, 4)),       # 01/05 (Friday, a holiday), then the weekend
    (D(2025, 9, 2), D(2025, 9, 3)),       # Quốc khánh
    (D(2027, 1, 1), D(2027, 1, 4)),       # Tết Dương lịch, a Friday
])
def test_a_day_off_moves_to_the_next_working_day(day, working):
    from khcn_docs import workdays

    assert workdays.on_or_after(day) == working


def test_a_deadline_on_a_saturday_counts_from_the_next_working_day(plan, tracker, tmp_path):
    """15/11/2025 is a Saturday: the 2025 report is on time until Monday 17/11/2025, nobody is
    reminded on Sunday 16/11; a report of Tuesday 18/11 is one day late, and a reminder of that day
    asks for the report by Monday 24/11/2025 (18 + 6 days), the next round coming on 25/11."""
    assert per_agency.due_date(plan, 2025) == D(2025, 11, 17)
    assert reminders.due(plan, tracker, D(2025, 11, 16)) == [] and reminders.due(plan, tracker, D(2025, 11, 17)) == []
    assert "hạn 17/11/2025 (15/11/2025 là ngày nghỉ)" in reminders.why_none(plan, tracker, D(2025, 11, 16))
    tracker.record_report("so-noi-vu", 2025, D(2025, 11, 17))
    tracker.record_report("so-y-te", 2025, D(2025, 11, 18))
    text = reminders.format_status(plan, reminders.statuses(plan, tracker, D(2025, 11, 18)), D(2025, 11, 18), 2025)
    assert text.startswith("Báo cáo năm 2025 — hạn 17/11/2025 (15/11/2025 là ngày nghỉ) — tính đến 18/11/2025:")
    assert "Sở Nội vụ — đã báo cáo ngày 17/11/2025\n" in text and "Sở Y tế — đã báo cáo ngày 18/11/2025 (chậm 1 ngày)" in text
    written = reminders.remind(plan, tracker, tmp_path / "out", ROOT / "templates", D(2025, 11, 18))
    reminder, path = next((r, p) for r, p in written if r.agency == "so-tai-chinh")
    letter = " ".join(texts(path))
    assert reminder.due == D(2025, 11, 24) and "chậm nhất ngày 24/11/2025" in letter
    assert "đã quá thời hạn báo cáo năm 2025 (ngày 17/11/2025)" in letter
    assert reminders.due(plan, tracker, D(2025, 11, 24)) == [] and reminders.due(plan, tracker, D(2025, 11, 25))


def test_a_reminders_new_date_on_a_day_off_moves_to_the_next_working_day(plan):
    """A reminder of Wednesday 19/11/2025 gives 7 days, to Tuesday 25/11; one of Monday 17/11/2025
    to Sunday 23/11, moved to Monday 24/11."""
    assert per_agency.reply_by(plan, D(2025, 11, 19)) == D(2025, 11, 25)
    assert per_agency.reply_by(plan, D(2025, 11, 17)) == D(2025, 11, 24)


def test_the_letters_say_the_deadline_day_itself_is_on_time(packet, plan):
    """The plan asks for the report "vào ngày 15 tháng 11 hằng năm", and a report of the 15th is on
    time: the dispatch says "chậm nhất ngày 15 tháng 11 hằng năm", not "trước" that day."""
    text = " ".join(texts(packet / per_agency.folder(plan, "so-noi-vu") / "cong-van-trien-khai.docx"))
    assert "Định kỳ chậm nhất ngày 15 tháng 11 hằng năm" in text and "trước ngày 15 tháng 11" not in text


# ------------------------------------------------------------------ 6. what a combined letter claims

def test_a_combined_second_reminder_says_whose_reports_are_missing_not_the_addressees(plan, tracker, tmp_path):
    """Round 1 went on 16/11/2024 to every body owing the 2024 report; Sở Xây dựng then sent its
    own. On 10/8/2025 it is listed in Kính gửi only for Sở GTVT's report, and Sở NN&MT, formed on
    01/3/2025, got no round 1: the letter says round 1 asked the bodies owing the reports, and whose
    reports are missing, not "các cơ quan, đơn vị nêu trên"."""
    _remind_rows(tracker, reminders.owing(plan, 2024), 2024, 1, D(2024, 11, 16))
    tracker.record_report("so-xay-dung", 2024, D(2024, 11, 20))
    written = reminders.remind(plan, tracker, tmp_path / "out", ROOT / "templates", D(2025, 8, 10), True, 2024)
    lines = texts(written[0][1])
    assert "- Sở Xây dựng;" in lines and "- Sở Nông nghiệp và Môi trường;" in lines
    said = next(line for line in lines if line.startswith("Sở Khoa học và Công nghệ đã có "))
    assert "đề nghị các cơ quan, đơn vị nêu trên" not in said
    assert said.startswith("Sở Khoa học và Công nghệ đã có các công văn ngày 16/11/2024 đôn đốc (lần 1), đề nghị Sở Nội "
                           "vụ, Sở Tài chính, Sở Giáo dục và Đào tạo, Sở Nông nghiệp và Phát triển nông thôn (nay là "
                           "Sở Nông nghiệp và Môi trường), ")
    assert "Sở Giao thông vận tải (nay đã hợp nhất vào Sở Xây dựng)" in said
    assert "Sở Xây dựng," not in said and "Sở Nông nghiệp và Môi trường," not in said.split("(nay là")[0]


def test_a_combined_letter_to_the_bodies_owing_the_reports_themselves_still_says_nêu_trên(plan, tracker, tmp_path):
    written = reminders.remind(plan, tracker, tmp_path / "out", ROOT / "templates", D(2024, 11, 16), True)
    assert any("chưa nhận được báo cáo của các cơ quan, đơn vị nêu trên." in line for line in texts(written[0][1]))
