"""What the tracking commands refuse before recording anything: a day in the future, a body that
did not exist yet, a report already recorded that may be another body's; and what a refusal leaves
on disk (nothing)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from khcn_docs import reminders, vn
from khcn_docs.documents import per_agency
from khcn_docs.errors import KhcnError
from khcn_docs.spec.load import load_plan
from khcn_docs.tracking import Reminder, Tracker
from tests.documents.conftest import BUNDLED, ROOT, ok, run_cli, texts

D = dt.date
REVISION = ROOT / "variables" / "plans" / "ke-hoach-709-sua-doi-2025.yaml"


@pytest.fixture
def tracker(tmp_path):
    opened = Tracker(tmp_path / "t.sqlite", "ke-hoach-709")
    yield opened
    opened.close()


def copied_plan(tmp_path, *replacements: tuple[str, str]) -> Path:
    """Return the path of the bundled plan copied beside the project's variables, each (old, new)
    of ``replacements`` applied once to its text."""
    (tmp_path / "variables" / "plans").mkdir(parents=True)
    for name in ("agencies.yaml", "signers.yaml"):
        shutil.copy(ROOT / "variables" / name, tmp_path / "variables" / name)
    text = BUNDLED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    spec = tmp_path / "variables" / "plans" / "ke-hoach-709.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


def _remind_rows(tracker, ids, year, round_, issued):
    """Record reminders of ``round_`` dated ``issued`` to ``ids`` (the rows only)."""
    tracker.record_reminders([Reminder(aid, year, round_, issued, issued + dt.timedelta(days=7), f"{aid}.docx")
                              for aid in ids])


# ------------------------------------------------------------------ a refusal leaves nothing on disk

ISSUED_15_08 = ("  year: 2024\n", "  number: 135\n  date: 15/8/2024\n")


@pytest.mark.parametrize("args", [
    ("received", "so-y-te", "--date", "10/8/2024", "--as-of", "20/11/2024"),   # before the plan was issued
    ("received", "so-khong-co", "--date", "10/11/2024", "--as-of", "20/11/2024"),  # no such agency
    ("remind", "--as-of", "10/8/2024"),                                        # before the plan was issued
])
def test_a_refused_tracking_command_creates_no_tracking_file_nor_folder(tmp_path, args):
    spec = copied_plan(tmp_path, ISSUED_15_08)
    out = tmp_path / "out"
    out.mkdir()
    done = run_cli(args[0], spec, *args[1:], "-o", out)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Bắt đầu sổ theo dõi" not in done.stderr
    assert list(out.iterdir()) == []


def test_a_tracker_opened_for_writing_creates_its_file_at_the_first_record_only(tmp_path):
    path = tmp_path / "plan" / "theo-doi.sqlite"
    opened = Tracker(path, "ke-hoach-709")
    assert opened.report_date("so-y-te", 2024) is None and opened.reminders("so-y-te", 2024) == []
    assert not path.parent.exists() and not opened.started
    opened.record_report("so-y-te", 2024, D(2024, 11, 10))
    opened.close()
    assert opened.started and path.is_file()
    again = Tracker(path, "ke-hoach-709")
    assert again.report_date("so-y-te", 2024) == D(2024, 11, 10) and not again.started
    again.close()


# ------------------------------------------------------------------ no record dated in the future

@pytest.fixture
def on_20_11_2024(monkeypatch):
    """Set the tracking commands' clock (``reminders.today``) to 20/11/2024."""
    monkeypatch.setattr(reminders, "today", lambda: D(2024, 11, 20))


def test_a_day_to_come_is_refused_where_it_would_be_recorded(on_20_11_2024):
    assert reminders.day_option(D(2024, 11, 20), "--as-of", recorded=True) == D(2024, 11, 20)
    assert reminders.day_option(None, "--as-of", recorded=True) == D(2024, 11, 20)
    with pytest.raises(KhcnError) as raised:
        reminders.day_option(D(2042, 11, 18), "--as-of", recorded=True)
    assert raised.value.message == ("Ngày “18/11/2042” ở --as-of chưa đến (hôm nay là 20/11/2024) — kiểm tra lại "
                                    "năm (sổ theo dõi không ghi ngày chưa đến); chưa ghi gì")
    with pytest.raises(KhcnError, match="--date chưa đến"):
        reminders.day_option(D(2024, 11, 21), "--date", recorded=True)
    assert reminders.day_option(D(2042, 11, 18), "--as-of") == D(2042, 11, 18)  # status only reads: a look ahead


@pytest.mark.parametrize("args", [
    ("remind", "--as-of", "{later}", "--year", "2024"),
    ("received", "so-y-te", "--date", "10/11/2024", "--as-of", "{later}"),
    ("received", "so-y-te", "--date", "{later}"),
])
def test_remind_and_received_dated_after_today_record_nothing(tmp_path, args):
    later = (dt.date.today() + dt.timedelta(days=400)).strftime("%d/%m/%Y")  # whatever today is
    done = run_cli(*(a.format(later=later) for a in args[:1]), BUNDLED, *(a.format(later=later) for a in args[1:]),
                   "-o", tmp_path)
    assert done.returncode == 1 and f"Ngày “{later}”" in done.stderr and "chưa đến" in done.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ one deadline, moved, in every message

def test_the_first_report_refused_for_an_earlier_year_is_said_due_on_its_moved_deadline(plan):
    december = dataclasses.replace(plan, spec=plan.spec.model_copy(update={"document": plan.spec.document.model_copy(
        update={"number": 135, "date": D(2024, 12, 20), "year": None})}))
    with pytest.raises(KhcnError) as raised:
        reminders.require_cycle(december, 2024, "--year")
    assert ("kỳ báo cáo đầu tiên là năm 2025, hạn 17/11/2025 (15/11/2025 là ngày nghỉ) — kiểm tra lại năm ở --year"
            in raised.value.message)


# ------------------------------------------------------------------ a revision keeps the years of the plan it amends

@pytest.fixture(scope="module")
def revision():
    return load_plan(REVISION)


def test_a_revision_asks_which_year_a_report_is_while_last_years_is_owed_under_the_plan_it_amends(plan, revision,
                                                                                                   tracker):
    _remind_rows(tracker, reminders.owing(plan, 2024), 2024, 1, D(2024, 11, 16))
    with pytest.raises(KhcnError, match="Sở Công Thương đã được đôn đốc mà chưa gửi báo cáo năm 2024"):
        reminders.record_reports(revision, tracker, ["so-cong-thuong"], D(2025, 11, 10), D(2025, 11, 10))
    assert tracker.report_date("so-cong-thuong", 2025) is None
    [(aid, year, _, _)] = reminders.record_reports(revision, tracker, ["so-cong-thuong"], D(2025, 11, 10),
                                                   D(2025, 11, 10), 2024)
    assert (aid, year, tracker.report_date("so-cong-thuong", 2024)) == ("so-cong-thuong", 2024, D(2025, 11, 10))
    [(aid, year, _, _)] = reminders.record_reports(revision, tracker, ["so-tttt"], D(2025, 2, 10), D(2025, 2, 10), 2024)
    assert aid == "so-tttt"  # a body the revision no longer names: the 2024 report is the amended plan's


def test_status_of_a_revision_in_a_year_before_its_own_shows_the_plan_it_amends(tmp_path):
    done = run_cli("status", REVISION, "--as-of", "20/12/2024", "-o", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Báo cáo năm 2024 — hạn 15/11/2024 — tính đến 20/12/2024:\n")
    assert "Ủy ban nhân dân huyện Cam Lộ — CHƯA BÁO CÁO, quá hạn 35 ngày" in done.stdout  # the 2024 plan's bodies
    assert reminders.version_for(load_plan(REVISION), 2025).spec_path == REVISION.resolve()



def _issued_pair(tmp_path, revised_on: str, dispatched_on: str):
    """Return the bundled plan issued (No. 135 of 15/8/2024, dispatch No. 45 of 20/8/2024) beside
    its revision issued as No. 50 on ``revised_on`` (dispatch No. 60 on ``dispatched_on``), loaded."""
    spec = copied_plan(tmp_path, ("  year: 2024\n", "  number: 135\n  date: 15/8/2024\n"),
                       ("  reminder_days: 7\n", "  reminder_days: 7\n  number: 45\n  date: 20/8/2024\n"))
    text = REVISION.read_text(encoding="utf-8").replace("  year: 2025\n", f"  number: 50\n  date: {revised_on}\n", 1)
    text = text.replace("  reminder_days: 7\n", f"  reminder_days: 7\n  number: 60\n  date: {dispatched_on}\n", 1)
    (spec.parent / REVISION.name).write_text(text, encoding="utf-8")
    return load_plan(spec)


def test_a_revision_issued_that_does_not_load_stops_remind_and_is_warned_of_by_status(tmp_path, tracker):
    """The revision dated 14/8/2024, before the original (refused by every load): ``remind`` on the
    original would write letters citing the plan it amends, so it refuses naming the revision's
    file and problem; ``status`` says the same as a warning and shows its table."""
    original, out = _issued_pair(tmp_path, "14/8/2024", "20/8/2024"), tmp_path / "out"
    with pytest.raises(KhcnError) as raised:
        reminders.remind(original, tracker, out, ROOT / "templates", D(2025, 11, 20))
    said = raised.value.message
    assert said.startswith("Tệp ") and "ke-hoach-709-sua-doi-2025.yaml sửa đổi Kế hoạch số 135/KH-UBND" in said
    assert "chưa tạo công văn nào, chưa ghi gì\n" in said
    assert "ke-hoach-709-sua-doi-2025.yaml:37:3: document.date: kế hoạch sửa đổi ban hành ngày 14/8/2024" in said
    assert not out.exists() and tracker.reminders("so-noi-vu", 2025) == []
    shown = run_cli("status", original.spec_path, "--as-of", "20/11/2025", "-o", out)
    assert shown.returncode == 0 and "Sở Nội vụ — CHƯA BÁO CÁO" in shown.stdout
    assert "Cảnh báo: tệp " in shown.stderr and "nên bảng dưới đây vẫn theo" in shown.stderr
    assert "ke-hoach-709-sua-doi-2025.yaml:37:3: document.date:" in shown.stderr
    draft = original.spec_path.parent / REVISION.name  # a draft (no date) that does not load: nothing said
    draft.write_text(draft.read_text(encoding="utf-8").replace("  number: 50\n  date: 14/8/2024\n", "  year: 2025\n"),
                     encoding="utf-8")
    assert reminders.broken_revisions(original, D(2025, 11, 20)) == []


def test_remind_on_a_plan_a_revision_issued_since_supersedes_is_refused_naming_the_revision(tmp_path, tracker):
    """Both versions issued and sharing the tracking file: a reminder of the 2025 report written
    from the original would cite Kế hoạch số 135 and Công văn số 45 (which carried the 2024 form
    only) and take the revision's round 1; it is refused, naming the revision and its file."""
    original, out = _issued_pair(tmp_path, "10/3/2025", "12/3/2025"), tmp_path / "out"
    with pytest.raises(KhcnError) as raised:
        reminders.remind(original, tracker, out, ROOT / "templates", D(2025, 11, 20))
    assert raised.value.message.startswith(
        "Báo cáo năm 2025 nay theo Kế hoạch số 50/KH-UBND ngày 10/3/2025 của UBND tỉnh Quảng Trị (tệp ")
    assert "ke-hoach-709-sua-doi-2025.yaml), sửa đổi, bổ sung Kế hoạch số 135/KH-UBND ngày 15/8/2024" \
        in raised.value.message
    assert not out.exists() and tracker.reminders("so-noi-vu", 2025) == []


def _chain(tmp_path, second_on: str = "10/6/2025") -> Path:
    """Return the bundled plan issued (No. 135) beside a chain of revisions: R1 (No. 88 of 15/3/2025,
    the bundled revision) and R2 (No. 150 of ``second_on``, dispatched that day), which ``revises``
    R1, not the original."""
    original = _issued_pair(tmp_path, "15/3/2025", "17/3/2025").spec_path
    text = (original.parent / REVISION.name).read_text(encoding="utf-8")
    (original.parent / REVISION.name).write_text(text.replace("  number: 50\n", "  number: 88\n", 1), encoding="utf-8")
    second = text.replace("  number: 50\n  date: 15/3/2025\n", f"  number: 150\n  date: {second_on}\n", 1)
    second = second.replace("  number: 60\n  date: 17/3/2025\n", f"  number: 61\n  date: {second_on}\n", 1)
    second = second.replace(f"revises: {BUNDLED.name}", f"revises: {REVISION.name}", 1)
    (original.parent / "r2.yaml").write_text(second, encoding="utf-8")
    return original


def test_a_chain_of_revisions_names_the_plan_the_last_one_amends_not_the_first(tmp_path, tracker):
    """R2 amends R1 (No. 88), which amends the original (No. 135): ``remind`` and ``status`` on the
    original say the report follows R2, amending Kế hoạch số 88 — not 135, which R2 does not touch."""
    original, out = load_plan(_chain(tmp_path)), tmp_path / "out"
    with pytest.raises(KhcnError) as raised:
        reminders.remind(original, tracker, out, ROOT / "templates", D(2025, 12, 5), year=2025)
    assert raised.value.message.startswith("Báo cáo năm 2025 nay theo Kế hoạch số 150/KH-UBND ngày 10/6/2025")
    assert "r2.yaml), sửa đổi, bổ sung Kế hoạch số 88/KH-UBND ngày 15/3/2025" in raised.value.message
    shown = run_cli("status", original.spec_path, "--as-of", "05/12/2025", "--year", "2025", "-o", out)
    assert "sửa đổi, bổ sung Kế hoạch số 88/KH-UBND ngày 15/3/2025" in shown.stderr, shown.stderr


def test_a_broken_revision_of_a_revision_is_said_to_amend_that_revision(tmp_path):
    """R2, dated before R1 (refused by every load), amends R1 (No. 88): the warning names No. 88 as
    what it amends, and the original (No. 135) as the plan the table still follows."""
    original = load_plan(_chain(tmp_path, second_on="10/3/2025"))
    said = reminders.broken_revision_said(original, D(2025, 12, 5), "status.revision_broken")
    assert "r2.yaml sửa đổi Kế hoạch số 88/KH-UBND ngày 15/3/2025" in said
    assert "bảng dưới đây vẫn theo Kế hoạch số 135/KH-UBND" in said


@pytest.mark.parametrize("revised_on, dispatched_on, year, as_of", [
    ("10/3/2025", "12/3/2025", 2024, D(2025, 11, 20)),   # the 2024 report is still the original's
    ("10/12/2025", "12/12/2025", 2025, D(2025, 11, 20)),   # the revision is not issued yet
    ("10/12/2025", "12/12/2025", 2025, D(2025, 12, 20)),   # issued after the 2025 deadline: its first is 2026's
], ids=["earlier-year", "revision-not-yet", "revision-first-report-later"])
def test_remind_on_a_plan_for_a_year_its_revision_does_not_cover_cites_the_plan(
        tmp_path, tracker, revised_on, dispatched_on, year, as_of):
    original = _issued_pair(tmp_path, revised_on, dispatched_on)
    written = reminders.remind(original, tracker, tmp_path / "out", ROOT / "templates", as_of, year=year)
    assert written and "Kế hoạch số 135/KH-UBND" in " ".join(texts(written[0][1]))

# ------------------------------------------------------------------ a second report that may be a merged body's

def test_a_second_report_of_a_body_that_also_sends_a_merged_bodys_is_asked_about_not_recorded(plan, tracker):
    reminders.record_reports(plan, tracker, ["so-noi-vu"], D(2024, 11, 12), D(2024, 11, 12))
    with pytest.raises(KhcnError) as raised:
        reminders.record_reports(plan, tracker, ["so-noi-vu"], D(2025, 6, 10), D(2025, 6, 10), 2024)
    assert raised.value.message == (
        "Sở Nội vụ đã có báo cáo năm 2024 nhận ngày 12/11/2024, và còn gửi thay báo cáo năm 2024 của so-ldtbxh (Sở "
        "Lao động - Thương binh và Xã hội): báo cáo nhận ngày 10/6/2025 là của cơ quan nào? Nếu là của cơ quan cũ: "
        "ghi nhận cho mã cơ quan đó (ví dụ “so-ldtbxh”); nếu là báo cáo của Sở Nội vụ gửi lại, thay ngày nhận "
        "12/11/2024: thêm --replace; chưa ghi gì")
    assert tracker.report_date("so-noi-vu", 2024) == D(2024, 11, 12)  # the on-time receipt is kept
    [(_, _, before, _)] = reminders.record_reports(plan, tracker, ["so-noi-vu"], D(2025, 6, 10), D(2025, 6, 10), 2024,
                                                   replace=True)
    assert before == D(2024, 11, 12) and tracker.report_date("so-noi-vu", 2024) == D(2025, 6, 10)



LATE_2024 = (ISSUED_15_08, ("  years: [2024]\n", "  years: [2024, 2025]\n"),
             ("dispatch:\n", "dispatch:\n  number: 45\n  date: 10/03/2025\n"))


def test_a_second_report_guessed_for_last_year_asks_whether_it_is_a_merged_bodys_too(tmp_path, tracker):
    """Without --year, a report of Sở Xây dựng received in the days 2024's late deadline (17/3/2025)
    spans, after its own 2024 report, is asked about as with --year 2024: it may be Sở GTVT's."""
    plan = load_plan(copied_plan(tmp_path, *LATE_2024))
    reminders.record_reports(plan, tracker, ["so-xay-dung"], D(2025, 3, 12), D(2025, 3, 12))
    with pytest.raises(KhcnError) as raised:
        reminders.record_reports(plan, tracker, ["so-xay-dung"], D(2025, 3, 13), D(2025, 3, 13))
    assert raised.value.message == (
        "Sở Xây dựng đã có báo cáo năm 2024 nhận ngày 12/3/2025, và còn gửi thay báo cáo năm 2024 của so-gtvt (Sở "
        "Giao thông vận tải): báo cáo nhận ngày 13/3/2025 là của cơ quan nào? Nếu là của cơ quan cũ: ghi nhận cho "
        "mã cơ quan đó (ví dụ “so-gtvt”); nếu là báo cáo năm 2024 của Sở Xây dựng gửi lại, thay ngày nhận "
        "12/3/2025: ghi --year 2024 --replace; nếu là báo cáo năm 2025: ghi --year 2025; chưa ghi gì")
    assert tracker.report_date("so-xay-dung", 2024) == D(2025, 3, 12)
    [(aid, year, _, _)] = reminders.record_reports(plan, tracker, ["so-gtvt"], D(2025, 3, 13), D(2025, 3, 13))
    assert (aid, year) == ("so-gtvt", 2024) and tracker.report_date("so-gtvt", 2024) == D(2025, 3, 13)


@pytest.mark.parametrize("given, first, second, said", [
    ("so-y-te", D(2024, 11, 13), D(2024, 11, 20),
     "Sở Y tế đã có báo cáo năm 2024 nhận ngày 13/11/2024; báo cáo nhận ngày 20/11/2024 chưa được ghi, để không mất "
     "ngày nhận đã ghi. Nếu Sở Y tế gửi lại báo cáo năm 2024, hay ngày 13/11/2024 đã nhập nhầm: thêm --replace để "
     "thay bằng ngày 20/11/2024 (số ngày chậm tính lại theo ngày mới); nếu là báo cáo năm khác (như báo cáo năm "
     "trước gửi muộn): thêm --year <năm đó>; chưa ghi gì"),
    ("so-ldtbxh", D(2025, 11, 10), D(2025, 11, 19),  # typed for Sở Nội vụ, which took it over on 01/3/2025
     "Tên đã nhập là của cơ quan cũ: Sở Lao động - Thương binh và Xã hội (đã hợp nhất vào Sở Nội vụ từ 01/3/2025; "
     "Sở Nội vụ báo cáo thay). Sở Nội vụ đã có báo cáo năm 2025 nhận ngày 10/11/2025; báo cáo nhận ngày 19/11/2025 "
     "chưa được ghi"),
], ids=["same-body", "former-name"])
def test_a_second_receipt_of_a_year_on_another_day_is_refused_unless_it_replaces_the_first(
        plan, tracker, given, first, second, said):
    """An earlier receipt is never lost without --replace: a report on time (13/11/2024) is not
    made 5 days late by typing the same body again, nor by typing a former body's name; the same
    date again is harmless, and --replace replaces it on purpose."""
    aid = reminders.agency_id(plan, given, first.year)
    reminders.record_reports(plan, tracker, [aid], first, first)
    with pytest.raises(KhcnError) as raised:
        reminders.record_reports(plan, tracker, [given], second, second)
    assert raised.value.message.startswith(said)
    assert tracker.report_date(aid, first.year) == first  # the first receipt is kept
    [(_, _, before, _)] = reminders.record_reports(plan, tracker, [given], first, second)  # the same date again
    assert before == first and tracker.report_date(aid, first.year) == first
    [(_, _, before, _)] = reminders.record_reports(plan, tracker, [given], second, second, replace=True)
    assert before == first and tracker.report_date(aid, first.year) == second

def test_a_date_replaced_on_purpose_is_not_followed_by_advice_to_cancel_it(tmp_path):
    ok("received", BUNDLED, "so-noi-vu", "--date", "12/11/2024", "--as-of", "12/11/2024", "-o", tmp_path)
    said = ok("received", BUNDLED, "so-noi-vu", "--date", "10/6/2025", "--as-of", "10/6/2025", "--year", "2024",
              "--replace", "-o", tmp_path)
    assert "Ngày nhận cũ 12/11/2024 đã được thay bằng ngày mới." in said and "--cancel" not in said


# ------------------------------------------------------------------ a body that did not exist yet; which year it can be

def _refused(plan, tracker, given, day, year=None) -> str:
    with pytest.raises(KhcnError) as raised:
        reminders.record_report(plan, tracker, given, day, day, year)
    return raised.value.message


def test_a_report_from_a_body_not_formed_yet_on_the_day_received_is_refused_naming_the_bodies_of_that_day(
        plan, tracker):
    _remind_rows(tracker, reminders.owing(plan, 2024), 2024, 1, D(2024, 11, 16))
    said = _refused(plan, tracker, "so-nnmt", D(2025, 1, 10))
    assert said == ("Sở Nông nghiệp và Môi trường chỉ có từ ngày 01/3/2025: ngày 10/01/2025 chưa có cơ quan này — "
                    "báo cáo nhận ngày đó là của cơ quan khi đó: ghi nhận cho so-nnptnt (Sở Nông nghiệp và Phát triển "
                    "nông thôn), so-tnmt (Sở Tài nguyên và Môi trường); chưa ghi gì")
    assert "chỉ có từ ngày 01/3/2025: ngày 10/01/2025" in _refused(plan, tracker, "so-nnmt", D(2025, 1, 10), 2025)
    assert tracker.report_date("so-nnmt", 2025) is None
    assert reminders.record_report(plan, tracker, "so-nnmt", D(2025, 3, 10), D(2025, 3, 10), 2025)[:2] == \
        ("so-nnmt", 2025)  # from its first day on


def test_a_body_merged_before_this_years_deadline_is_told_its_report_is_last_years_not_offered_this_year(
        plan, tracker):
    """Sở GTVT, on 10/02/2025, still stands, but merges into Sở Xây dựng on 01/3/2025: it owes no
    2025 report, so a report of that day can only be its 2024 one; --year 2025 is not offered."""
    _remind_rows(tracker, reminders.owing(plan, 2024), 2024, 1, D(2024, 11, 16))
    said = _refused(plan, tracker, "so-gtvt", D(2025, 2, 10))
    assert said == ("Sở Giao thông vận tải (đã hợp nhất vào Sở Xây dựng từ 01/3/2025; Sở Xây dựng báo cáo thay): "
                    "không phải gửi báo cáo riêng năm 2025, nên báo cáo nhận ngày 10/02/2025 là báo cáo năm 2024 gửi "
                    "muộn — thêm --year 2024; chưa ghi gì")


KHDT_OWN = ("Sở Kế hoạch và Đầu tư (đã hợp nhất vào Sở Tài chính từ 01/3/2025; Sở Tài chính báo cáo thay): không "
            "phải gửi báo cáo riêng năm 2025. Ngày 10/02/2025 cơ quan này vẫn còn hoạt động, nên báo cáo nhận ngày đó "
            "là của chính cơ quan này, không phải báo cáo năm 2025 của Sở Tài chính — nếu là báo cáo của Sở Tài "
            "chính: ghi nhận cho so-tai-chinh; ")


@pytest.mark.parametrize("given, year", [("so-khdt", None), ("so-khdt", 2025), ("Sở KH&ĐT", None)])
def test_a_body_still_standing_whose_last_report_is_recorded_is_not_filed_as_its_successors_this_year(
        plan, tracker, given, year):
    """Sở KH&ĐT, on 10/02/2025, is itself (it merges into Sở Tài chính on 01/3/2025) and owes no
    2025 report; its 2024 one is recorded: a report of that day, year given or not, is not Sở Tài
    chính's 2025 report (it used to be recorded as such, so nobody chased Sở Tài chính)."""
    tracker.record_report("so-khdt", 2024, D(2024, 11, 15))
    assert _refused(plan, tracker, given, D(2025, 2, 10), year) == KHDT_OWN + (
        "nếu là báo cáo năm 2024 gửi lại (đã ghi nhận ngày 15/11/2024), thay ngày nhận đó: ghi --year 2024 --replace; "
        "chưa ghi gì")
    assert (tracker.report_date("so-tai-chinh", 2025), tracker.report_date("so-khdt", 2025)) == (None, None)
    assert reminders.received_by(plan, tracker, "so-tai-chinh", 2025, D(2025, 11, 20)) is None


def test_a_body_still_standing_given_this_year_explicitly_is_told_the_year_it_still_owes(plan, tracker):
    """--year 2025 for Sở KH&ĐT on 10/02/2025, its 2024 report missing: refused, naming 2024;
    --year 2024 then records its own 2024 report."""
    assert _refused(plan, tracker, "so-khdt", D(2025, 2, 10), 2025) == KHDT_OWN + (
        "nếu là báo cáo năm 2024 gửi muộn: ghi --year 2024; chưa ghi gì")
    aid, year, _ = reminders.record_report(plan, tracker, "so-khdt", D(2025, 2, 10), D(2025, 2, 10), 2024)
    assert (aid, year, tracker.report_date("so-khdt", 2024)) == ("so-khdt", 2024, D(2025, 2, 10))
    assert tracker.report_date("so-tai-chinh", 2025) is None


def test_a_renamed_body_still_standing_is_not_told_to_record_for_a_successor_not_formed_yet(plan, tracker):
    """Sở NN&PTNT on 10/02/2025: Sở NN&MT, which takes its 2025 report, exists only from 01/3/2025,
    so the clerk is not told to record the report for it (``require_formed`` would refuse it)."""
    said = _refused(plan, tracker, "so-nnptnt", D(2025, 2, 10), 2025)
    assert said.endswith("không phải báo cáo năm 2025 của Sở Nông nghiệp và Môi trường — nếu là báo cáo năm 2024 "
                         "gửi muộn: ghi --year 2024; chưa ghi gì")
    assert tracker.report_date("so-nnmt", 2025) is None


def test_a_merged_body_named_after_the_merger_is_still_filed_as_its_successors_report(plan, tracker):
    """Named on a day after the merger, the old name leads to the body standing for it then."""
    tracker.record_report("so-khdt", 2024, D(2024, 11, 15))
    aid, year, _ = reminders.record_report(plan, tracker, "so-khdt", D(2025, 4, 10), D(2025, 4, 10), 2025)
    assert (aid, year, tracker.report_date("so-tai-chinh", 2025)) == ("so-tai-chinh", 2025, D(2025, 4, 10))


def test_received_refuses_an_old_bodys_report_of_a_year_its_successor_owes_and_records_nothing(tmp_path):
    ok("received", BUNDLED, "so-khdt", "--date", "15/11/2024", "--as-of", "15/11/2024", "-o", tmp_path)
    done = run_cli("received", BUNDLED, "so-khdt", "--date", "10/02/2025", "--as-of", "10/02/2025", "-o", tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert KHDT_OWN in done.stderr and "Tên đã nhập là của cơ quan cũ" not in done.stdout + done.stderr
    status = ok("status", BUNDLED, "--as-of", "20/11/2025", "-o", tmp_path)
    assert "Sở Tài chính — CHƯA BÁO CÁO, quá hạn 3 ngày" in status


@pytest.mark.parametrize("given, day, gone", [
    ("UBND huyện Cam Lộ", D(2025, 8, 10), "Ủy ban nhân dân huyện Cam Lộ (không còn từ 01/7/2025)"),
    ("so-tttt", D(2025, 3, 10), "Sở Thông tin và Truyền thông (đã hợp nhất vào Sở Khoa học và Công nghệ từ "
                                "01/3/2025; Sở Khoa học và Công nghệ là cơ quan nhận báo cáo: nhiệm vụ của cơ quan "
                                "này nay là của chính Sở Khoa học và Công nghệ, không ai báo cáo thay)"),
    ("UBND huyện Cam Lộ", D(2025, 11, 20), "Ủy ban nhân dân huyện Cam Lộ (không còn từ 01/7/2025)"),  # after the deadline
])
def test_a_body_gone_with_no_one_reporting_for_it_is_told_the_year_it_still_owes(plan, tracker, given, day, gone):
    _remind_rows(tracker, reminders.owing(plan, 2024), 2024, 1, D(2024, 11, 16))
    assert _refused(plan, tracker, given, day) == (
        f"{gone}: không phải gửi báo cáo riêng năm 2025, nên báo cáo nhận ngày {vn.short_date(day)} là báo cáo năm 2024 "
        "gửi muộn — thêm --year 2024; chưa ghi gì")
    aid, year, _ = reminders.record_report(plan, tracker, given, day, day, 2024)
    assert year == 2024 and tracker.report_date(aid, 2024) == day
    said = _refused(plan, tracker, given, day)  # nothing owed now; for Sở TT&TT, by nobody in its place
    assert ("không có báo cáo năm 2025 để ghi nhận cho cơ quan này" in said) == (given == "so-tttt")
    assert ("ghi nhận báo cáo cho cơ quan báo cáo thay" in said) == (given != "so-tttt")


# ------------------------------------------------------------------ a deadline moved into the next year

@pytest.fixture(scope="module")
def year_end(tmp_path_factory):
    """The bundled plan reporting on 31 December (31/12/2028 is a Sunday: due 02/01/2029), years to 2029."""
    spec = copied_plan(tmp_path_factory.mktemp("year-end"), ("  day: 15\n  month: 11\n", "  day: 31\n  month: 12\n"))
    return load_plan(spec)


def test_a_report_received_by_last_years_deadline_moved_into_this_year_is_last_years(year_end, tracker):
    assert per_agency.due_date(year_end, 2028) == D(2029, 1, 2)
    assert reminders.default_year(year_end, D(2029, 1, 2)) == 2028
    assert reminders.default_year(year_end, D(2029, 1, 3)) == 2029
    assert reminders.default_year(year_end, D(2024, 6, 1)) == 2024  # never before the first report
    aid, year, _ = reminders.record_report(year_end, tracker, "so-y-te", D(2029, 1, 2), D(2029, 1, 2))
    assert (aid, year, tracker.report_date("so-y-te", 2029)) == ("so-y-te", 2028, None)
    aid, year, _ = reminders.record_report(year_end, tracker, "so-y-te", D(2029, 1, 3), D(2029, 1, 3))
    assert year == 2029



def test_a_report_the_day_after_a_year_end_deadline_is_asked_about_not_booked_to_the_new_year(year_end, tracker):
    """The 2028 report is due 02/01/2029: Sở Tài chính's, received on 03/01/2029 before any
    reminder, is far more likely the 2028 one, late, than the 2029 one a year early; the clerk is
    asked (it used to be booked to 2029, and Sở Tài chính reminded of 2028 that very day). A report
    nearer this year's deadline, or of a body whose last year's report came, is this year's."""
    with pytest.raises(KhcnError) as raised:
        reminders.record_report(year_end, tracker, "so-tai-chinh", D(2029, 1, 3), D(2029, 1, 3))
    assert raised.value.message == (
        "Báo cáo của Sở Tài chính nhận ngày 03/01/2029 là báo cáo năm nào? Sở Tài chính chưa gửi báo cáo năm 2028, "
        "hạn 02/01/2029 (31/12/2028 là ngày nghỉ), gần ngày nhận hơn hạn báo cáo năm 2029 — ghi --year 2028 nếu là "
        "báo cáo năm trước gửi muộn, --year 2029 nếu là báo cáo năm nay; chưa ghi gì")
    assert tracker.report_date("so-tai-chinh", 2029) is None
    assert reminders.record_report(year_end, tracker, "so-tai-chinh", D(2029, 1, 3), D(2029, 1, 3), 2028)[1] == 2028
    assert "so-tai-chinh" not in {d.agency for d in reminders.due(year_end, tracker, D(2029, 1, 3), 2028)}
    assert reminders.record_report(year_end, tracker, "so-tai-chinh", D(2029, 1, 4), D(2029, 1, 4))[1] == 2029
    assert reminders.record_report(year_end, tracker, "so-y-te", D(2029, 8, 10), D(2029, 8, 10))[1] == 2029


def test_a_second_report_in_the_days_last_years_deadline_moved_into_is_asked_about(year_end, tracker):
    tracker.record_report("so-y-te", 2028, D(2028, 12, 20))
    with pytest.raises(KhcnError) as raised:
        reminders.record_report(year_end, tracker, "so-y-te", D(2029, 1, 2), D(2029, 1, 2))
    assert raised.value.message == (
        "Báo cáo của Sở Y tế nhận ngày 02/01/2029 là báo cáo năm nào? Hạn báo cáo năm 2028 là 02/01/2029 (31/12/2028 "
        "là ngày nghỉ), nên báo cáo nhận ngày đó được tính cho năm 2028, nhưng Sở Y tế đã có báo cáo năm 2028 nhận "
        "ngày 20/12/2028 — ghi --year 2028 --replace nếu để thay ngày nhận đó, --year 2029 nếu là báo cáo năm 2029; chưa ghi gì")
    assert tracker.report_date("so-y-te", 2028) == D(2028, 12, 20) and tracker.report_date("so-y-te", 2029) is None


def test_the_same_receipt_typed_again_in_the_days_last_years_deadline_moved_into_is_recorded(year_end, tracker):
    """Sở Y tế's 2028 report received on 02/01/2029 (its moved deadline), typed twice, alone or
    with another agency: the same date again is harmless, as on a deadline inside its year."""
    assert reminders.record_report(year_end, tracker, "so-y-te", D(2029, 1, 2), D(2029, 1, 2)) == ("so-y-te", 2028, None)
    assert reminders.record_report(year_end, tracker, "so-y-te", D(2029, 1, 2), D(2029, 1, 2)) == (
        "so-y-te", 2028, D(2029, 1, 2))
    done = reminders.record_reports(year_end, tracker, ["so-y-te", "so-tu-phap"], D(2029, 1, 2), D(2029, 1, 2))
    assert [(aid, year) for aid, year, _, _ in done] == [("so-y-te", 2028), ("so-tu-phap", 2028)]
    assert tracker.report_date("so-tu-phap", 2028) == D(2029, 1, 2) and tracker.report_date("so-y-te", 2029) is None


def test_reminders_of_a_year_without_a_report_form_say_the_form_is_still_to_be_made(tmp_path):
    """The bundled plan makes the 2024 form only: its 2025 reminders say "theo biểu mẫu đã gửi kèm
    công văn triển khai", so the clerk is told to add 2025 to ``years`` and build that form."""
    spec = copied_plan(tmp_path)
    done = run_cli("remind", spec, "--year", "2025", "--as-of", "20/11/2025", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "Lưu ý: kế hoạch không có biểu mẫu báo cáo năm 2025 (“reporting.years”: 2024)" in done.stderr
    again = run_cli("remind", spec, "--year", "2024", "--as-of", "20/11/2024", "-o", tmp_path / "out")
    assert again.returncode == 0 and "biểu mẫu báo cáo năm" not in again.stderr


def test_status_on_a_plan_a_revision_issued_since_supersedes_says_which_plan_the_report_follows(tmp_path):
    """``remind`` refuses a superseded plan; ``status`` on it listed the old plan's bodies and
    tasks as if nothing had changed: it now says first which revision the report follows."""
    original = _issued_pair(tmp_path, "10/03/2025", "12/03/2025")
    done = run_cli("status", original.spec_path, "--as-of", "20/11/2025", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    [note] = [line for line in done.stderr.splitlines() if line.startswith("Lưu ý:")]
    assert note.startswith("Lưu ý: báo cáo năm 2025 nay theo Kế hoạch số 50/KH-UBND ngày ")
    assert note.endswith("ke-hoach-709-sua-doi-2025.yaml …")
    earlier = run_cli("status", original.spec_path, "--as-of", "20/11/2025", "--year", "2024", "-o", tmp_path / "out")
    assert earlier.returncode == 0 and "Lưu ý" not in earlier.stderr  # the 2024 report is still the original's


# ------------------------------------------------------------------ two years due the same day

def _sent_after_both_deadlines(tmp_path):
    """Return the bundled plan issued (No. 135 of 15/8/2024) with its dispatch letters (No. 45)
    dated 30/12/2025 carrying the 2024 and 2025 forms: both reports are due 05/01/2026."""
    return load_plan(copied_plan(tmp_path, ("  year: 2024\n", "  number: 135\n  date: 15/08/2024\n"),
                                 ("  reminder_days: 7\n", "  reminder_days: 7\n  number: 45\n  date: 30/12/2025\n"),
                                 ("  years: [2024]\n", "  years: [2024, 2025]\n")))


def test_a_report_without_year_when_two_years_are_due_the_same_day_is_asked_about_not_recorded(tmp_path, tracker):
    """Both forms sent after both deadlines: a report received on 02/01/2026 may be either year's.
    It was booked to 2025 while 2024 was owed too; now ``received`` asks for ``--year``."""
    plan = _sent_after_both_deadlines(tmp_path)
    assert per_agency.due_date(plan, 2024) == per_agency.due_date(plan, 2025) == D(2026, 1, 5)
    with pytest.raises(KhcnError) as raised:
        reminders.record_reports(plan, tracker, ["so-y-te"], D(2026, 1, 2), D(2026, 1, 2))
    assert raised.value.message == (
        "Báo cáo của Sở Y tế nhận ngày 02/01/2026 là báo cáo năm nào? Sở Y tế chưa gửi báo cáo năm 2024, hạn "
        "05/01/2026, và báo cáo năm 2025, hạn 05/01/2026, cũng chưa quá hạn — ghi --year 2024 nếu là báo cáo năm "
        "2024, --year 2025 nếu là báo cáo năm 2025; chưa ghi gì")
    assert tracker.report_date("so-y-te", 2024) is None and tracker.report_date("so-y-te", 2025) is None


def test_once_the_earlier_year_is_recorded_a_report_without_year_is_the_later_ones(tmp_path, tracker):
    plan = _sent_after_both_deadlines(tmp_path)
    reminders.record_reports(plan, tracker, ["so-y-te"], D(2026, 1, 2), D(2026, 1, 2), 2024)
    [(aid, year, _, _)] = reminders.record_reports(plan, tracker, ["so-y-te"], D(2026, 1, 3), D(2026, 1, 3))
    assert (aid, year) == ("so-y-te", 2025)


# ------------------------------------------------------------------ the old plan on the records its revision governs

def test_status_on_a_superseded_plan_shows_the_revisions_deadline_not_the_old_one(tmp_path):
    """The revision (issued 15/4/2025) sent its dispatch letters on 20/11/2025, after the 2025
    deadline: its 2025 report is due 26/11/2025. ``status`` on the old plan marked everyone late
    by the old plan's 17/11/2025; its table now follows the revision, and the note says so."""
    original = _issued_pair(tmp_path, "15/04/2025", "20/11/2025")
    done = run_cli("status", original.spec_path, "--year", "2025", "--as-of", "25/11/2025", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    [note] = [line for line in done.stderr.splitlines() if line.startswith("Lưu ý:")]
    assert "bảng dưới đây theo kế hoạch sửa đổi (cơ quan, nhiệm vụ, hạn báo cáo), cùng sổ theo dõi" in note
    assert done.stdout.startswith("Báo cáo năm 2025 — hạn 26/11/2025 (công văn triển khai ngày 20/11/2025")
    assert "CHƯA BÁO CÁO, quá hạn" not in done.stdout
    assert "Sở Nông nghiệp và Môi trường — chưa báo cáo (chưa đến hạn)" in done.stdout  # a body of the revision


def test_remind_cancel_on_a_superseded_plan_keeps_the_revisions_letters_aside(tmp_path):
    """The 2025 reminders were written from the revision, into its folder; ``remind --cancel`` run
    with the old plan (the same tracking file) cancelled their records but looked for the letters
    in the old plan's folder, leaving them live. It now sets aside the revision's letters."""
    original, out = _issued_pair(tmp_path, "15/04/2025", "20/11/2025"), tmp_path / "out"
    revision = original.spec_path.with_name(REVISION.name)
    ok("remind", revision, "--year", "2025", "--as-of", "01/12/2025", "-o", out)
    letters = sorted((out / revision.stem).rglob("cong-van-don-doc-2025-lan-1.docx"))
    assert letters
    done = run_cli("remind", original.spec_path, "--cancel", "--year", "2025", "--as-of", "01/12/2025", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "Không thấy" not in done.stdout and not any(path.exists() for path in letters)
    assert len(list((out / revision.stem).rglob("cong-van-don-doc-2025-lan-1.huy-*.docx"))) == len(letters)


def test_remind_cancel_through_the_plan_finds_the_letters_its_draft_revision_wrote(tmp_path):
    """The bundled revision is a draft, so the 2025 report still follows the plan (``governing``),
    but ``remind`` was run on the revision: its letters are in the revision's folder, its rows in
    the shared tracking file. A cancel naming the plan said every letter "not found" and left them
    live; it now keeps them aside where they are, and names the revision's bundles to rebuild."""
    out = tmp_path / "out"
    ok("remind", REVISION, "--as-of", "20/11/2025", "-o", out)
    letters = sorted((out / REVISION.stem).rglob("cong-van-don-doc-2025-lan-1.docx"))
    assert len(letters) > 1
    letters[0].with_suffix(".pdf").write_bytes(b"%PDF-1.4 stand-in for the converted letter")
    done = run_cli("remind", BUNDLED, "--cancel", "--year", "2025", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "Không thấy" not in done.stdout and not any(path.exists() for path in letters)
    kept = sorted((out / REVISION.stem).rglob("cong-van-don-doc-2025-lan-1.huy-*"))
    assert len(kept) == len(letters) + 1  # the PDF too
    assert f"build variables/plans/{REVISION.name} --pdf" in done.stdout
    assert not list((out / BUNDLED.stem).rglob("*.huy-*"))
