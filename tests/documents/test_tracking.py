"""Report tracking and reminders end to end: the real CLI, a real SQLite file, real .docx files."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import errno
import io
import sqlite3

import pytest
from openpyxl import load_workbook

from khcn_docs import reminder_files, reminders
from khcn_docs.documents import cong_van_trien_khai, per_agency
from khcn_docs.errors import KhcnError, SpecError, StateError, WriteError
from khcn_docs.spec.load import first_version, load_plan
from khcn_docs.tracking import SCHEMA_VERSION, Reminder, Tracker
from tests.documents.conftest import BUNDLED, ROOT, ok, run_cli, texts

REVISION = ROOT / "variables" / "plans" / "ke-hoach-709-sua-doi-2025.yaml"

REPORTED = {"so-noi-vu": "10/11/2024", "so-tai-chinh": "15/11/2024", "ubnd-cam-lo": "2024-11-14"}


def reminded(folder, year, round_):
    """Return the agency folders holding a reminder of ``year`` and ``round_``."""
    return {p.parent.name for p in folder.glob(f"*/cong-van-don-doc-{year}-lan-{round_}.docx")}


def folders(plan, ids):
    return {per_agency.folder(plan, aid) for aid in ids}


def db_rows(folder):
    with sqlite3.connect(folder / "theo-doi.sqlite") as conn:
        return conn.execute("SELECT agency, year, round, issued, file FROM track_reminder ORDER BY 1, 2, 3").fetchall()


@pytest.fixture(scope="module")
def cycle(tmp_path_factory, plan):
    """Build, record three reports, remind on 16/11, again, then one more report; return the plan folder."""
    out = tmp_path_factory.mktemp("cycle")
    ok("build", BUNDLED, "-o", out, "-q", "--templates", ROOT / "templates")
    for agency, day in REPORTED.items():
        ok("received", BUNDLED, agency, "--date", day, "-o", out)
    folder = out / "ke-hoach-709"
    first = ok("remind", BUNDLED, "--as-of", "16/11/2024", "-o", out)
    rows_after_first = db_rows(folder)
    again = ok("remind", BUNDLED, "--as-of", "16/11/2024", "-o", out)
    ok("received", BUNDLED, "so-gddt", "--date", "20/11/2024", "-o", out)
    return {"out": out, "folder": folder, "first": first, "again": again, "rows_after_first": rows_after_first}


def test_first_reminders_go_to_exactly_the_agencies_that_did_not_report(cycle, plan):
    expected = set(per_agency.tracked(plan)) - set(REPORTED)
    assert reminded(cycle["folder"], 2024, 1) == folders(plan, expected)
    assert {row[0] for row in cycle["rows_after_first"]} == expected
    assert "so-khcn" not in expected and len(expected) == 31


def test_running_again_the_same_day_creates_no_duplicates(cycle):
    assert "Đã đôn đốc 0 cơ quan" in cycle["again"]
    assert "31 cơ quan quá hạn đã được đôn đốc ngày 16/11/2024; lần đôn đốc tiếp theo sớm nhất từ ngày 23/11/2024." \
        in cycle["again"]
    assert db_rows(cycle["folder"])[:len(cycle["rows_after_first"])] == cycle["rows_after_first"]


def test_remind_says_why_it_wrote_nothing(tmp_path, plan):
    """Before the deadline, and once every agency owing the report has sent it, ``remind`` says so
    instead of only "0 agencies reminded"."""
    not_due = ok("remind", BUNDLED, "--as-of", "10/11/2024", "-o", tmp_path)
    assert "Chưa đến hạn: báo cáo năm 2024 hạn 15/11/2024, nên ngày 10/11/2024 chưa cơ quan nào quá hạn." in not_due
    ok("received", BUNDLED, *reminders.owing(plan, 2024), "--date", "14/11/2024", "-o", tmp_path)
    done = ok("remind", BUNDLED, "--as-of", "20/11/2024", "-o", tmp_path)
    assert "Đã đôn đốc 0 cơ quan (ngày 20/11/2024)" in done
    assert "Mọi cơ quan phải báo cáo năm 2024 mà còn nhận được công văn đôn đốc đều đã báo cáo (tính đến ngày " \
           "20/11/2024)." in done
    assert not list(tmp_path.rglob("cong-van-don-doc-*.docx"))


def test_a_week_later_second_reminders_only_for_those_still_missing(cycle, plan):
    early = ok("remind", BUNDLED, "--as-of", "22/11/2024", "-o", cycle["out"])
    assert "Đã đôn đốc 0 cơ quan" in early                      # 16/11 + 7 days is not reached yet
    done = run_cli("remind", BUNDLED, "--as-of", "23/11/2024", "-o", cycle["out"])
    assert done.returncode == 0, done.stderr
    still_missing = set(per_agency.tracked(plan)) - set(REPORTED) - {"so-gddt"}
    assert (f"Lưu ý: {len(still_missing)} công văn đôn đốc vừa tạo dẫn công văn đôn đốc lần trước theo số và ngày, "
            "với số để trống (“Công văn số      /SKHCN-QLKH ngày …”)") in done.stderr
    assert reminded(cycle["folder"], 2024, 2) == folders(plan, still_missing)
    assert "Đã đôn đốc 0 cơ quan" in ok("remind", BUNDLED, "--as-of", "23/11/2024", "-o", cycle["out"])
    second = texts(cycle["folder"] / per_agency.folder(plan, "so-tttt") / "cong-van-don-doc-2024-lan-2.docx")
    joined = "\n".join(second)
    assert "(lần 2)" in joined and "Đây là lần đôn đốc thứ hai" in joined
    assert ("Sở Khoa học và Công nghệ đã có Công văn số       /SKHCN-QLKH ngày 16/11/2024 đôn đốc (lần 1), đề nghị "
            "Sở Thông tin và Truyền thông gửi báo cáo kết quả thực hiện Kế hoạch năm 2024 chậm nhất ngày 22/11/2024. "
            "Tuy nhiên, đến ngày 23/11/2024,") in joined  # the deadline lần 1 set, not the plan's (15/11/2024)
    assert "hạn báo cáo ngày 15/11/2024" not in joined and "chậm nhất ngày 29/11/2024" in joined


def test_first_reminder_cites_the_missed_date_and_asks_for_a_new_one(cycle, plan):
    lines = texts(cycle["folder"] / per_agency.folder(plan, "so-tttt") / "cong-van-don-doc-2024-lan-1.docx")
    joined = "\n".join(lines)
    assert "Kính gửi: Sở Thông tin và Truyền thông." in lines
    assert "V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số" in joined and "(lần" not in joined
    assert "(ngày 15/11/2024)" in joined and "chậm nhất ngày 22/11/2024" in joined
    assert "Quảng Trị, ngày 16 tháng 11 năm 2024" in lines and "- Như trên;" in lines


def issued(plan, **dispatch):
    """Return ``plan`` issued on 20/8/2024 as No. 215, its dispatch dated 23/8/2024 with ``dispatch``."""
    spec = plan.spec.model_copy(update={
        "document": plan.spec.document.model_copy(update={"number": 215, "date": dt.date(2024, 8, 20), "year": None}),
        "dispatch": plan.spec.dispatch.model_copy(update={"date": dt.date(2024, 8, 23), **dispatch})})
    return dataclasses.replace(plan, spec=spec)


def reminder_text(plan, tmp_path, name: str, combined: bool = True, as_of=dt.date(2024, 11, 16)) -> dict[str, str]:
    """Return agency id -> the text of its first reminder on ``as_of`` (a fresh tracking file ``name``)."""
    tracker = Tracker(tmp_path / f"{name}.sqlite", "ke-hoach-709")
    try:
        done = reminders.remind(plan, tracker, tmp_path / name, ROOT / "templates", as_of, combined)
    finally:
        tracker.close()
    return {r.agency: " ".join(" ".join(texts(path)).split()) for r, path in done}


def test_first_reminder_cites_the_dispatch_by_its_number_once_it_is_issued(plan, tmp_path):
    """While the dispatch letters are drafts, the form "sent with the dispatch" is said in general;
    once they have a number and date, a reminder names that dispatch as a clerk would."""
    draft = reminder_text(plan, tmp_path, "draft")["so-tttt"]
    assert "theo biểu mẫu đã gửi kèm công văn triển khai Kế hoạch, gửi về" in draft
    said = reminder_text(issued(plan, number=45), tmp_path, "issued")["so-tttt"]
    assert ("theo biểu mẫu gửi kèm Công văn số 45/SKHCN-QLKH ngày 23/8/2024, gửi về "
            "Sở Khoa học và Công nghệ chậm nhất ngày 22/11/2024.") in said


def test_a_reminder_names_the_sender_of_a_letter_it_did_not_send_in_full(plan, tmp_path):
    """The reminder comes from Sở KH&CN: its own letter's number says whose it is (no "của Sở
    KH&CN", which mixed the short name into a sentence of full names); a letter sent by the issuer
    is cited with the issuer's full name."""
    said = reminder_text(issued(plan, number=45, sender="issuer", unit="KGVX"), tmp_path, "issuer")["so-tttt"]
    assert ("theo biểu mẫu gửi kèm Công văn số 45/UBND-KGVX ngày 23/8/2024 của Ủy ban nhân dân tỉnh Quảng Trị, "
            "gửi về Sở Khoa học và Công nghệ chậm nhất ngày 22/11/2024.") in said
    assert "KH&CN" not in said


def test_a_reminder_cites_each_agencys_own_letter_number(plan, tmp_path):
    """With ``dispatch.numbers``, the reminder to Sở TT&TT cites its own letter (No. 50)."""
    each = reminder_text(issued(plan, number=45, numbers={"so-tttt": 50}), tmp_path, "each", combined=False)
    assert "biểu mẫu gửi kèm Công văn số 50/SKHCN-QLKH ngày 23/8/2024" in each["so-tttt"]
    assert "biểu mẫu gửi kèm Công văn số 45/SKHCN-QLKH ngày 23/8/2024" in each["so-gddt"]


def test_a_combined_reminder_cites_every_letter_sent_in_the_order_of_kinh_gui(plan, tmp_path):
    """A combined reminder to agencies whose letters have different numbers cites them all, each
    number once, in the Kính gửi (registry) order, the shared date said once: Sở TT&TT's No. 50
    first, then the batch's No. 45 (Sở Nội vụ, Sở Tài chính …), then Sở Y tế's No. 51 and the
    running 52, 53 of Sở GTVT and UBND huyện Cồn Cỏ as one span."""
    numbers = {"so-tttt": 50, "so-y-te": 51, "so-gtvt": 52, "ubnd-con-co": 53}
    combined = reminder_text(issued(plan, number=45, numbers=numbers), tmp_path, "combined")["so-tttt"]
    assert ("theo biểu mẫu gửi kèm các Công văn số 50/SKHCN-QLKH, 45/SKHCN-QLKH, từ số 51/SKHCN-QLKH đến số "
            "53/SKHCN-QLKH ngày 23/8/2024, gửi về Sở Khoa học và Công nghệ chậm nhất ngày 22/11/2024.") in combined


def test_a_combined_reminder_after_mergers_cites_predecessors_letters_at_their_successors_place(plan, tmp_path):
    """On 20/3/2025 Kính gửi names the bodies of 2025 (Sở Nội vụ, Sở Tài chính, Sở GD&ĐT, Sở NN&MT,
    Sở Công Thương, Sở Tư pháp, Sở Y tế, Sở Xây dựng …): the letters are cited in that order, each
    successor's predecessors' letters at its place (Sở KH&ĐT's No. 52 after Sở Tài chính's No. 47,
    Sở NN&PTNT's 50 and Sở TN&MT's 51 for Sở NN&MT, Sở GTVT's 53 for Sở Xây dựng), not in the order
    of the 2024 registry."""
    numbers = {"so-tai-chinh": 47, "so-y-te": 48, "so-tu-phap": 49, "so-nnptnt": 50, "so-tnmt": 51,
               "so-khdt": 52, "so-gtvt": 53}
    tracker = Tracker(tmp_path / "merged.sqlite", "ke-hoach-709")
    try:
        done = reminders.remind(issued(plan, number=45, numbers=numbers), tracker, tmp_path / "merged",
                                ROOT / "templates", dt.date(2025, 3, 20), combined=True, year=2024)
    finally:
        tracker.close()
    said = " ".join(" ".join(texts(done[0][1])).split())
    assert ("biểu mẫu gửi kèm các Công văn số 45/SKHCN-QLKH, 47/SKHCN-QLKH, 52/SKHCN-QLKH, 50/SKHCN-QLKH, "
            "51/SKHCN-QLKH, 49/SKHCN-QLKH, 48/SKHCN-QLKH, 53/SKHCN-QLKH ngày 23/8/2024") in said


@pytest.mark.parametrize("dispatch, said", [
    ({"number": 45}, "theo biểu mẫu gửi kèm Công văn số 45/SKHCN-QLKH ngày 23/8/2024, gửi về"),
    ({"numbers": {"so-tttt": 50}}, "theo biểu mẫu đã gửi kèm công văn triển khai Kế hoạch, gửi về"),
    ({"number": 45, "sender": "issuer", "unit": "KGVX"},
     "theo biểu mẫu gửi kèm Công văn số 45/UBND-KGVX ngày 23/8/2024 của Ủy ban nhân dân tỉnh Quảng Trị, gửi về"),
    ({"number": 45, "numbers": {"so-tttt": 50}, "sender": "issuer", "unit": "KGVX"},
     "theo biểu mẫu đã gửi kèm công văn triển khai Kế hoạch, gửi về"),
], ids=["one-number", "draft-among-them", "issuer-one-number", "issuer-numbers"])
def test_a_combined_reminder_cites_one_shared_letter_and_none_while_a_draft_or_the_issuers(plan, tmp_path, dispatch, said):
    """One number for every letter is cited as one letter; a letter still without a number (only Sở
    TT&TT's given) leaves the form said in general; the issuer's letters are cited only when they
    share a number (a list of another body's letters is not made)."""
    assert said in reminder_text(issued(plan, **dispatch), tmp_path, "combined")["so-tttt"]


@pytest.mark.parametrize("letters, said", [
    ([(45, dt.date(2024, 8, 23))], "Công văn số 45/SKHCN-QLKH ngày 23/8/2024"),
    ([(12, dt.date(2024, 8, 5)), (13, dt.date(2024, 8, 5))],
     "các Công văn số 12/SKHCN-QLKH, 13/SKHCN-QLKH ngày 05/8/2024"),
    ([(12, dt.date(2024, 8, 5)), (20, dt.date(2024, 8, 6)), (13, dt.date(2024, 8, 5))],
     "các Công văn số 12/SKHCN-QLKH, 13/SKHCN-QLKH ngày 05/8/2024 và số 20/SKHCN-QLKH ngày 06/8/2024"),
    ([(n, dt.date(2024, 8, 5)) for n in (7, 9, 10, 11, 12, 3)],
     "các Công văn số 07/SKHCN-QLKH, từ số 09/SKHCN-QLKH đến số 12/SKHCN-QLKH, 03/SKHCN-QLKH ngày 05/8/2024"),
    ([(n, dt.date(2024, 8, 5)) for n in range(100, 132)],
     "các Công văn từ số 100/SKHCN-QLKH đến số 131/SKHCN-QLKH ngày 05/8/2024"),
], ids=["one", "one-date", "two-dates", "span-inside", "all-running"])
def test_letters_cited_together_say_each_date_once_and_running_numbers_as_a_span(letters, said):
    assert cong_van_trien_khai.letters_cited(letters, "SKHCN-QLKH") == said


def test_a_body_formed_since_the_dispatch_is_reminded_of_the_letters_its_predecessors_got(plan, tmp_path):
    """The 2025 report of the 2024 plan is owed by the bodies of 2025. Sở Nông nghiệp và Môi trường
    got no letter in 2024: its reminder cites the letters to Sở NN&PTNT (No. 46) and Sở TN&MT
    (No. 47), saying to whom each went, not a letter it never received; Sở Dân tộc và Tôn giáo
    gets Ban Dân tộc's (the batch's No. 45); Sở Nội vụ, which took over Sở LĐ-TB&XH but got its
    own letter, its own; a combined reminder cites every letter, its predecessors' too: No. 45 first
    (Sở TT&TT's), then 46 and 47, one span."""
    numbered = issued(plan, number=45, numbers={"so-nnptnt": 46, "so-tnmt": 47})
    each = reminder_text(numbered, tmp_path, "each", combined=False, as_of=dt.date(2025, 11, 20))
    letter = "Công văn số {n}/SKHCN-QLKH ngày 23/8/2024"
    assert (f"theo biểu mẫu gửi kèm {letter.format(n=46)} gửi Sở Nông nghiệp và Phát triển nông thôn và "
            f"{letter.format(n=47)} gửi Sở Tài nguyên và Môi trường, gửi về") in each["so-nnmt"]
    assert f"theo biểu mẫu gửi kèm {letter.format(n=45)} gửi Ban Dân tộc tỉnh, gửi về" in each["so-dttg"]
    assert f"theo biểu mẫu gửi kèm {letter.format(n=45)}, gửi về" in each["so-noi-vu"]
    assert not {"so-nnptnt", "so-tnmt", "ban-dan-toc", "so-ldtbxh"} & set(each)
    combined = reminder_text(numbered, tmp_path, "combined", as_of=dt.date(2025, 11, 20))["so-nnmt"]
    assert ("theo biểu mẫu gửi kèm các Công văn từ số 45/SKHCN-QLKH đến số 47/SKHCN-QLKH ngày 23/8/2024, "
            "gửi về") in combined



@pytest.mark.parametrize("numbers, ids, cited_by, said", [
    ({}, ("so-nnptnt", "so-tnmt"), "so-khcn",
     "Công văn số 45/SKHCN-QLKH ngày 23/8/2024 gửi Sở Nông nghiệp và Phát triển nông thôn và Sở Tài "
     "nguyên và Môi trường"),
    ({"so-tnmt": 47}, ("so-nnptnt", "so-tnmt", "so-gtvt"), "so-khcn",
     "Công văn số 45/SKHCN-QLKH ngày 23/8/2024 gửi Sở Nông nghiệp và Phát triển nông thôn và Sở Giao "
     "thông vận tải; Công văn số 47/SKHCN-QLKH ngày 23/8/2024 gửi Sở Tài nguyên và Môi trường"),
    ({"so-tnmt": 47}, ("so-nnptnt", "so-tnmt"), "ubnd-tinh",
     "Công văn số 45/SKHCN-QLKH ngày 23/8/2024 của Sở Khoa học và Công nghệ gửi Sở Nông nghiệp và Phát triển "
     "nông thôn và Công văn số 47/SKHCN-QLKH ngày 23/8/2024 của Sở Khoa học và Công nghệ gửi Sở Tài nguyên và "
     "Môi trường"),
], ids=["one-letter", "mixed", "cited-by-another-body"])
def test_one_dispatch_letter_to_several_names_them_as_a_list_that_ends(plan, numbers, ids, cited_by, said):
    """One letter number sent to several bodies names them "A và B", not "A, B" which ran on into
    the reminder's ", gửi về Sở KH&CN"; letters, one to several, are then set apart by ";". The
    sender's own letters are cited by number alone; another body's with the sender's full name."""
    sent = issued(plan, number=45, numbers=numbers)
    assert cong_van_trien_khai.references(sent.as_issued, ids, cited_by) == said

def test_status_shows_reports_lateness_and_reminders(cycle):
    ok("remind", BUNDLED, "--as-of", "23/11/2024", "-o", cycle["out"])  # idempotent: the second round, once
    out = ok("status", BUNDLED, "--as-of", "23/11/2024", "-o", cycle["out"])
    assert "Sở Nội vụ — đã báo cáo ngày 10/11/2024\n" in out
    assert "Sở Giáo dục và Đào tạo — đã báo cáo ngày 20/11/2024 (chậm 5 ngày) — đã đôn đốc lần 1 ngày 16/11/2024" in out
    assert ("Sở Thông tin và Truyền thông — CHƯA BÁO CÁO, quá hạn 8 ngày — đã đôn đốc lần 1 ngày 16/11/2024; "
            "đã đôn đốc lần 2 ngày 23/11/2024") in out


def test_status_writes_the_same_report_as_a_table_for_excel(cycle, tmp_path):
    """``status --xlsx/--csv``: one row per agency owing the report, dates as dates, counts as numbers."""
    xlsx, csv_path = tmp_path / "bao-cao-2024.xlsx", tmp_path / "bao-cao-2024.csv"
    ok("remind", BUNDLED, "--as-of", "23/11/2024", "-o", cycle["out"])  # the second round (once, whoever asks first)
    out = ok("status", BUNDLED, "--as-of", "23/11/2024", "-o", cycle["out"], "--xlsx", xlsx, "--csv", csv_path)
    assert f"Đã ghi: {csv_path}" in out and f"Đã ghi: {xlsx}" in out
    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Báo cáo năm 2024" and rows[0] == (
        "STT", "Mã cơ quan", "Cơ quan", "Tình trạng", "Ngày nhận báo cáo", "Số ngày chậm", "Số lần đôn đốc",
        "Ngày đôn đốc gần nhất", "Ghi chú")
    by_id = {row[1]: row for row in rows[1:]}
    assert by_id["so-noi-vu"][2:8] == ("Sở Nội vụ", "Đã báo cáo", dt.datetime(2024, 11, 10), 0, 0, None)
    assert by_id["so-gddt"][3:8] == ("Đã báo cáo", dt.datetime(2024, 11, 20), 5, 1, dt.datetime(2024, 11, 16))
    assert by_id["so-tttt"][3:8] == ("Quá hạn, chưa báo cáo", None, 8, 2, dt.datetime(2024, 11, 23))
    assert [row[0] for row in rows[1:]] == list(range(1, len(rows))) and len(rows) - 1 == 34
    assert sheet.cell(row=2, column=8).number_format == "DD/MM/YYYY"
    table = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf") and table[0] == list(rows[0])
    assert next(r for r in table if r[1] == "so-gddt")[3:8] == ["Đã báo cáo", "20/11/2024", "5", "1", "16/11/2024"]


def test_the_status_table_lists_the_bodies_that_no_longer_report_themselves(cycle, tmp_path):
    ok("status", BUNDLED, "--as-of", "16/11/2025", "-o", cycle["out"], "--xlsx", tmp_path / "bc.xlsx")
    rows = list(load_workbook(tmp_path / "bc.xlsx").active.iter_rows(values_only=True))[1:]
    gone = {row[1]: row for row in rows if row[3] == "Không còn phải báo cáo riêng"}
    assert set(gone) == DISTRICTS | {"so-tttt", "so-nnptnt", "so-khdt", "so-gtvt", "so-tnmt", "so-ldtbxh", "ban-dan-toc"}
    assert gone["so-gtvt"][4:9] == (None, None, None, None, "Sở Giao thông vận tải (đã hợp nhất vào Sở Xây dựng từ "
                                                          "01/3/2025; Sở Xây dựng báo cáo thay)")


@pytest.mark.parametrize("option, name", [("--xlsx", "bc.csv"), ("--csv", "bc.xlsx")])
def test_a_status_table_with_the_wrong_suffix_is_refused_before_anything(cycle, tmp_path, option, name):
    done = run_cli("status", BUNDLED, "--as-of", "23/11/2024", "-o", cycle["out"], option, tmp_path / name)
    assert done.returncode == 2 and "cần có đuôi" in done.stderr and not (tmp_path / name).exists()
    right = (tmp_path / name).with_suffix("." + option[2:]).as_posix()
    assert f"ví dụ: {right}" in done.stderr and "phan-cong" not in done.stderr  # the example fits the command


DISTRICTS = {"ubnd-dong-ha", "ubnd-tx-quang-tri", "ubnd-vinh-linh", "ubnd-gio-linh", "ubnd-cam-lo",
             "ubnd-trieu-phong", "ubnd-hai-lang", "ubnd-huong-hoa", "ubnd-dakrong", "ubnd-con-co"}


def test_a_2024_report_does_not_count_for_2025(cycle, plan):
    """The 2024 plan still asks for a 2025 report, from the bodies that exist on 15/11/2025: Sở
    TT&TT merged into Sở KH&CN (the monitor) on 01/3/2025 as six other bodies into theirs, the
    districts were dissolved on 01/7/2025."""
    ok("remind", BUNDLED, "--as-of", "18/11/2025", "-o", cycle["out"])
    merged = {"so-tttt", "so-nnptnt", "so-khdt", "so-gtvt", "so-tnmt", "so-ldtbxh", "ban-dan-toc"}
    formed = {"so-nnmt", "so-dttg"}  # Sở NN&MT, Sở DT&TG: formed on 01/3/2025, owing the 2025 report
    assert reminded(cycle["folder"], 2025, 1) == folders(plan, set(per_agency.tracked(plan)) - DISTRICTS - merged | formed)
    status = ok("status", BUNDLED, "--as-of", "18/11/2025", "-o", cycle["out"])
    assert "Sở Nội vụ — CHƯA BÁO CÁO, quá hạn 1 ngày — đã đôn đốc lần 1 ngày 18/11/2025" in status
    assert "Huyện" not in status.split("Tổng:")[0] and "Sở Thông tin" not in status.split("Tổng:")[0]
    gone = status.split("Không còn phải báo cáo riêng năm 2025:\n", 1)[1].splitlines()  # one body a line
    assert gone[:2] == [
        "  - Sở Thông tin và Truyền thông (đã hợp nhất vào Sở Khoa học và Công nghệ từ 01/3/2025; Sở Khoa học và "
        "Công nghệ là cơ quan nhận báo cáo: nhiệm vụ của cơ quan này nay là của chính Sở Khoa học và Công nghệ, "
        "không ai báo cáo thay)",
        "  - Sở Nông nghiệp và Phát triển nông thôn (đổi tên thành Sở Nông nghiệp và Môi trường từ 01/3/2025; Sở "
        "Nông nghiệp và Môi trường báo cáo thay)"]
    assert "  - Sở Tài nguyên và Môi trường (đã hợp nhất vào Sở Nông nghiệp và Môi trường từ 01/3/2025; Sở Nông " \
           "nghiệp và Môi trường báo cáo thay)" in gone
    assert "  - Ban Dân tộc tỉnh (đổi tên thành Sở Dân tộc và Tôn giáo từ 01/3/2025; Sở Dân tộc và Tôn giáo báo " \
           "cáo thay)" in gone
    assert "  - Ủy ban nhân dân thành phố Đông Hà (không còn từ 01/7/2025)" in gone and len(gone) == 17
    assert "Sở Dân tộc và Tôn giáo — CHƯA BÁO CÁO, quá hạn 1 ngày" in status


def test_a_body_merged_into_the_monitor_has_nobody_reporting_in_its_place(tmp_path):
    """Sở TT&TT merged into Sở KH&CN, the monitor, on 01/3/2025: its tasks are the monitor's own, so
    no 2025 report is owed, by it or by anyone for it; the refusal does not send the clerk to record
    one for a body reporting instead (Sở KH&CN is refused too), nor does ``status``."""
    done = run_cli("received", BUNDLED, "so-tttt", "--date", "10/02/2025", "--year", "2025", "--db", tmp_path / "t.sqlite")
    assert done.returncode == 1 and "Traceback" not in done.stderr and not (tmp_path / "t.sqlite").exists()
    assert ("Sở Thông tin và Truyền thông (đã hợp nhất vào Sở Khoa học và Công nghệ từ 01/3/2025; Sở Khoa học và "
            "Công nghệ là cơ quan nhận báo cáo: nhiệm vụ của cơ quan này nay là của chính Sở Khoa học và Công nghệ, "
            "không ai báo cáo thay): không có báo cáo năm 2025 để ghi nhận cho cơ quan này") in done.stderr
    assert "báo cáo thay, nếu có" not in done.stderr
    ok("received", BUNDLED, "so-noi-vu", "--date", "10/11/2025", "--as-of", "20/11/2025", "--db", tmp_path / "t.sqlite")
    status = ok("status", BUNDLED, "--as-of", "20/11/2025", "--db", tmp_path / "t.sqlite")
    gone = status.split("Không còn phải báo cáo riêng năm 2025:\n", 1)[1]
    assert "Sở Khoa học và Công nghệ báo cáo thay" not in gone and "không ai báo cáo thay)" in gone


@pytest.mark.parametrize("typed, said", [
    ("so-tttt", "Sở Thông tin và Truyền thông (đã hợp nhất vào Sở Khoa học và Công nghệ từ 01/3/2025;"),
    ("UBND huyện Cam Lộ", "Ủy ban nhân dân huyện Cam Lộ (không còn từ 01/7/2025): không phải gửi báo cáo riêng năm 2025"),
])
def test_a_body_gone_by_the_deadline_owes_no_report_that_year(tmp_path, typed, said):
    done = run_cli("received", BUNDLED, typed, "--date", "18/11/2025", "--db", tmp_path / "t.sqlite")
    assert done.returncode == 1 and said in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "t.sqlite").exists()
    assert run_cli("received", BUNDLED, typed, "--date", "18/11/2024", "--db", tmp_path / "t.sqlite").returncode == 0


def test_a_merger_before_the_deadline_passes_the_duty_to_the_agency_that_took_over(plan, tmp_path):
    """Sở Nội vụ merged into Sở Tư pháp on 01/6/2025 (made up): the 2025 report is owed once, by Sở
    Tư pháp, and a report recorded under the old name counts for it; 2024 is as the plan says."""
    agencies = dict(plan.registry.agencies)
    agencies["so-noi-vu"] = agencies["so-noi-vu"].model_copy(
        update={"merged_into": "so-tu-phap", "merged_on": dt.date(2025, 6, 1)})
    merged = dataclasses.replace(plan, registry=plan.registry.model_copy(update={"agencies": agencies}))
    assert "so-noi-vu" in reminders.owing(merged, 2024)
    owed = reminders.owing(merged, 2025)
    assert "so-noi-vu" not in owed and owed.count("so-tu-phap") == 1
    opened = Tracker(tmp_path / "t.sqlite", "ke-hoach-709")
    aid, year, _ = reminders.record_report(merged, opened, "Sở Nội vụ", dt.date(2025, 11, 10), dt.date(2025, 11, 20))
    assert (aid, year) == ("so-tu-phap", 2025)
    assert "so-tu-phap" not in {d.agency for d in reminders.due(merged, opened, dt.date(2025, 11, 20))}
    opened.close()


# ------------------------------------------------------------------ library: due dates and safety

@pytest.fixture
def tracker(tmp_path):
    opened = Tracker(tmp_path / "t.sqlite", "ke-hoach-709")
    yield opened
    opened.close()


def test_nothing_is_due_on_or_before_the_deadline(plan, tracker):
    assert reminders.due(plan, tracker, dt.date(2024, 11, 15)) == []
    assert len(reminders.due(plan, tracker, dt.date(2024, 11, 16))) == len(per_agency.tracked(plan))


def test_a_file_is_written_before_its_row_is_committed(plan, tracker, tmp_path, monkeypatch):
    """A write failing part way (a full disk at the third letter): the two letters before it are
    written and recorded, and the clerk's error lists them; the next run sends the others."""
    real_write, calls = reminder_files.write_atomic, []

    def failing_write(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, data)

    monkeypatch.setattr(reminder_files, "write_atomic", failing_write)
    with pytest.raises(KhcnError) as failed:
        reminders.remind(plan, tracker, tmp_path / "plan", ROOT / "templates", dt.date(2024, 11, 16))
    sent = [r for aid in per_agency.tracked(plan) for r in tracker.reminders(aid, 2024)]
    assert len(sent) == 2 and all((tmp_path / "plan" / r.file).is_file() for r in sent)
    said = failed.value.message
    assert failed.value.exit_code == WriteError.exit_code
    assert f"Không đọc hoặc ghi được {calls[2]}: ổ đĩa đã đầy" in said
    assert "Trước lỗi này đã tạo và ghi nhận 2 lần đôn đốc, trong 2 công văn" in said
    assert all(f"  - {tmp_path / 'plan' / r.file}" in said.splitlines() for r in sent)
    monkeypatch.setattr(reminder_files, "write_atomic", real_write)
    done = reminders.remind(plan, tracker, tmp_path / "plan", ROOT / "templates", dt.date(2024, 11, 16))
    assert len(done) == len(per_agency.tracked(plan)) - 2


def test_combined_letter_lists_every_overdue_agency(plan, tracker, tmp_path):
    done = reminders.remind(plan, tracker, tmp_path / "plan", ROOT / "templates", dt.date(2024, 11, 16), True)
    files = {path for _, path in done}
    assert len(files) == 1 and len(done) == len(per_agency.tracked(plan))
    lines = texts(files.pop())
    start = lines.index("Kính gửi:")
    items = lines[start + 1:start + 1 + len(done)]
    assert items[0] == "- Sở Thông tin và Truyền thông;" and items[-1] == "- Trường Cao đẳng Sư phạm Quảng Trị."


def test_schema_version_and_table_prefix(tracker):
    tracker.record_report("so-noi-vu", 2024, dt.date(2024, 11, 10))  # the file is created by its first record
    tables = {r[0] for r in tracker.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"track_report", "track_reminder"}
    assert tracker.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StateError):
        Tracker(path, "x")
    done = run_cli("status", BUNDLED, "--as-of", "16/11/2024", "--db", path)
    assert done.returncode == StateError.exit_code and "Traceback" not in done.stderr


# ------------------------------------------------------------------ clerk mistakes: clear messages, no traceback

@pytest.mark.parametrize("args, message", [
    (("so-khong-co", "--date", "10/11/2024"), "Không có cơ quan “so-khong-co” trong danh mục"),
    (("so-noi-vuu", "--date", "10/11/2024"), "có phải ý bạn là: so-noi-vu (Sở Nội vụ)"),
    (("UBND", "--date", "10/11/2024"), "“UBND” khớp với nhiều cơ quan: ubnd-tinh"),
    (("so-noi-vu", "--date", "20/11/2024", "--as-of", "16/11/2024"), "sau ngày tính đến 16/11/2024"),
    (("so-noi-vu", "--date", "10/11/2023"), "Không có báo cáo năm 2023: kế hoạch ban hành năm 2024"),
    (("so-noi-vu", "--date", "10/11/2024", "--year", "24"), "Không có báo cáo năm 24: kế hoạch ban hành năm 2024"),
    (("so-noi-vu", "--date", "10/11/2024", "--year", "-1"), "Không có báo cáo năm -1"),
    (("so-noi-vu", "--date", "10/11/2024", "--year", "2030"), "Báo cáo năm 2030 không thể nhận ngày 10/11/2024"),
    (("so-noi-vu", "--date", "10/11/2024", "--year", "99999"), "Báo cáo năm 99999 không thể nhận ngày 10/11/2024"),
    (("so-khcn", "--date", "10/11/2024"), "Sở Khoa học và Công nghệ (so-khcn) không phải gửi báo cáo năm 2024 theo"),
    (("Sở Nông nghiệp và Môi trường", "--date", "10/01/2025", "--year", "2024"),
     "Sở Nông nghiệp và Môi trường chỉ có từ ngày 01/3/2025, sau hạn báo cáo năm 2024 ngày 15/11/2024: báo cáo năm "
     "2024 là của cơ quan khi đó — ghi nhận cho so-nnptnt (Sở Nông nghiệp và Phát triển nông thôn), so-tnmt (Sở Tài "
     "nguyên và Môi trường)"),
])
def test_received_refuses_with_a_vietnamese_message(tmp_path, args, message):
    done = run_cli("received", BUNDLED, *args, "--db", tmp_path / "t.sqlite")
    assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args, message", [
    (("received", BUNDLED, "so-noi-vu", "--date", "31/02/2024"), "Ngày “31/02/2024” ở --date không hợp lệ"),
    (("received", BUNDLED, "so-noi-vu", "--date", "10/11"), "Ngày “10/11” ở --date không hợp lệ — viết dạng 16/11/2024"),
    (("received", BUNDLED, "so-noi-vu", "--date", "10/11/24"), "Ngày “10/11/24” ở --date nằm ngoài khoảng"),
    (("status", BUNDLED, "--as-of", "abc"), "Ngày “abc” ở --as-of không hợp lệ — viết dạng 16/11/2024 hoặc 2024-11-16"),
    (("status", BUNDLED, "--as-of", "2024/11/20"), "Ngày “2024/11/20” ở --as-of không hợp lệ"),
    (("status", BUNDLED, "--as-of", "30/09/0000"), "Ngày “30/09/0000” ở --as-of nằm ngoài khoảng 01/01/1945"),
    (("remind", BUNDLED, "--as-of", "31/11/2024"), "Ngày “31/11/2024” ở --as-of không hợp lệ"),
])
def test_a_malformed_date_option_is_a_usage_error_said_before_anything_else(tmp_path, args, message):
    """``status --as-of abc`` said first "Chưa có sổ theo dõi…", then the date, and exited 1 (the
    code of the tracking data refusing); a date option that is no date is a usage error (exit 2,
    like ``--year abc``), said before the command opens or writes anything."""
    done = run_cli(*args, "-o", tmp_path / "out")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"Cách dùng: khcn-docs {args[0]}") and message in lines[1]
    assert "sổ theo dõi" not in done.stderr and not (tmp_path / "out").exists()


def test_a_date_option_may_be_written_with_one_digit_month_and_day(tmp_path):
    out = tmp_path / "out"
    done = run_cli("status", BUNDLED, "--as-of", "2024-11-5", "-o", out)
    assert done.returncode == 0 and "tính đến 05/11/2024" in done.stdout, done.stderr


@pytest.mark.parametrize("args, typed", [(("remind", BUNDLED, "--as-of"), "30/12/9999"),
                                         (("status", BUNDLED, "--as-of"), "9999-12-31"),
                                         (("received", BUNDLED, "so-noi-vu", "--date"), "01/01/2301")])
def test_a_date_with_a_mistyped_year_is_refused_not_computed_with(tmp_path, args, typed):
    """``remind --as-of 30/12/9999`` worked out the next deadline past year 9999 and failed with an
    internal error; every date a command takes lies in the years a plan may have (1945–2200)."""
    done = run_cli(*args, typed, "-o", tmp_path / "out")  # status reads no --db that is not there
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert f"Ngày “{typed}” ở {args[-1]}" in done.stderr
    assert "nằm ngoài khoảng 01/01/1945 – 31/12/2200 — kiểm tra lại năm" in done.stderr


@pytest.mark.parametrize("typed", ["Sở Nội vụ", "so noi vu", "SỞ NỘI VỤ", "SNV"])
def test_received_takes_the_agencys_name_or_abbreviation(tmp_path, typed):
    done = run_cli("received", BUNDLED, typed, "--date", "10/11/2024", "--db", tmp_path / "t.sqlite")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã ghi nhận: Sở Nội vụ gửi báo cáo năm 2024 ngày 10/11/2024")


def _recorded(db) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT agency, received FROM track_report ORDER BY agency"))


def test_several_reports_of_one_day_are_recorded_in_one_command(tmp_path):
    """``received SPEC A B C --date D``: each named as a clerk would (id, name, abbreviation), one
    named twice recorded once, each said as alone."""
    db = tmp_path / "t.sqlite"
    said = ok("received", BUNDLED, "so-y-te", "Sở Tư pháp", "SNV", "Sở Y tế", "--date", "13/11/2024", "--db", db)
    assert [line.split(" gửi ")[0] for line in said.splitlines()] == [
        "Đã ghi nhận: Sở Y tế", "Đã ghi nhận: Sở Tư pháp", "Đã ghi nhận: Sở Nội vụ"]
    assert _recorded(db) == {"so-noi-vu": "2024-11-13", "so-tu-phap": "2024-11-13", "so-y-te": "2024-11-13"}
    cancelled = ok("received", BUNDLED, "so-y-te", "SNV", "--cancel", "--year", "2024", "--db", db)
    assert cancelled.splitlines() == ["Đã hủy ghi nhận: Sở Y tế gửi báo cáo năm 2024 ngày 13/11/2024.",
                                      "Đã hủy ghi nhận: Sở Nội vụ gửi báo cáo năm 2024 ngày 13/11/2024."]
    assert _recorded(db) == {"so-tu-phap": "2024-11-13"}


def test_one_name_that_cannot_be_recorded_records_none_of_the_others(tmp_path):
    db = tmp_path / "t.sqlite"
    ok("remind", BUNDLED, "--as-of", "20/11/2024", "-o", tmp_path / "out", "--db", db)  # reminded of 2024
    done = run_cli("received", BUNDLED, "so-y-te", "So Xyz", "so-noi-vu", "--date", "05/01/2025", "--as-of",
                   "10/01/2025", "--db", db)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "Lỗi: 3 trong 3 cơ quan không ghi được, nên chưa ghi cơ quan nào (sửa rồi chạy lại cả lệnh):"
    assert lines[1].startswith("  - “so-y-te”: Báo cáo của Sở Y tế nhận ngày 05/01/2025 là báo cáo năm nào?")
    assert lines[2].startswith("  - “So Xyz”: Không có cơ quan “So Xyz” trong danh mục")
    assert _recorded(db) == {}
    ok("received", BUNDLED, "so-tu-phap", "--date", "12/11/2024", "--as-of", "10/01/2025", "--db", db)
    refused = run_cli("received", BUNDLED, "so-tu-phap", "so-y-te", "--cancel", "--year", "2024", "--db", db)
    assert refused.returncode == 1 and "1 trong 2 cơ quan không hủy được, nên chưa hủy ghi nhận nào" in refused.stderr
    assert _recorded(db) == {"so-tu-phap": "2024-11-12"}


def test_a_report_recorded_under_a_former_bodys_name_says_whose_it_is(tmp_path):
    """In 2025 Sở Tài nguyên và Môi trường is part of Sở Nông nghiệp và Môi trường: a report a
    clerk records under the old name is the new body's, and the clerk is told why; under the
    body's own name (or in 2024, when the old body still reported) nothing more is said."""
    db = tmp_path / "t.sqlite"
    done = ok("received", BUNDLED, "Sở Tài nguyên và Môi trường", "--date", "18/11/2025", "--db", db)
    assert done.startswith("Đã ghi nhận: Sở Nông nghiệp và Môi trường gửi báo cáo năm 2025 ngày 18/11/2025")
    assert ("Tên đã nhập là của cơ quan cũ: Sở Tài nguyên và Môi trường (đã hợp nhất vào Sở Nông nghiệp và "
            "Môi trường từ 01/3/2025; Sở Nông nghiệp và Môi trường báo cáo thay).") in done
    renamed = ok("received", BUNDLED, "ban-dan-toc", "--date", "18/11/2025", "--db", db)
    assert "Tên đã nhập là của cơ quan cũ: Ban Dân tộc tỉnh (đổi tên thành Sở Dân tộc và Tôn giáo" in renamed
    for given, day in (("Sở Nông nghiệp và Môi trường", "18/11/2025"), ("so-tnmt", "18/11/2024")):
        assert "cơ quan cũ" not in ok("received", BUNDLED, given, "--date", day, "--db", db)


def test_a_revision_and_the_plan_it_amends_keep_one_record_of_reports_and_reminders(tmp_path):
    """The bundled 2025 revision says ``revises: ke-hoach-709.yaml``: a report recorded with
    either spec is in the first version's tracking file, seen by the other's status, and a
    reminder sent under one is not sent again under the other; its letter is written in the folder
    of the spec it was made with."""
    out = tmp_path / "out"
    done = ok("received", REVISION, "so-noi-vu", "--date", "10/11/2025", "-o", out)
    assert f"(tệp theo dõi: {out / 'ke-hoach-709' / 'theo-doi.sqlite'})" in done
    assert "Sở Nội vụ — đã báo cáo ngày 10/11/2025" in ok("status", BUNDLED, "--as-of", "20/11/2025", "-o", out)
    ok("remind", REVISION, "--as-of", "20/11/2025", "-o", out, "--templates", ROOT / "templates")
    assert (out / "ke-hoach-709-sua-doi-2025" / per_agency.folder(load_plan(REVISION), "so-tai-chinh")
            / "cong-van-don-doc-2025-lan-1.docx").is_file()
    assert "Đã đôn đốc 0 cơ quan" in ok("remind", BUNDLED, "--as-of", "20/11/2025", "-o", out)
    assert "đã đôn đốc lần 1 ngày 20/11/2025" in ok("status", BUNDLED, "--as-of", "21/11/2025", "-o", out)
    assert not (out / "ke-hoach-709-sua-doi-2025" / "theo-doi.sqlite").exists()


def test_a_revisions_own_tracking_file_left_from_before_is_said_unused(tmp_path):
    """Reports recorded with the revision before it said ``revises`` are in its own folder's file,
    which is no longer read: each tracking command says so, and where the record is now."""
    out = tmp_path / "out"
    quiet = run_cli("status", REVISION, "--as-of", "20/11/2025", "-o", out)
    assert quiet.returncode == 0 and "Lưu ý" not in quiet.stderr
    own = out / "ke-hoach-709-sua-doi-2025" / "theo-doi.sqlite"
    own.parent.mkdir(parents=True)  # the folder its build made
    ok("received", REVISION, "so-noi-vu", "--date", "10/11/2025", "--db", own)
    said = run_cli("status", REVISION, "--as-of", "20/11/2025", "-o", out)
    assert said.returncode == 0 and "Sở Nội vụ — CHƯA BÁO CÁO" in said.stdout
    assert (f"sổ theo dõi riêng {own} không còn được dùng" in said.stderr
            and str(out / "ke-hoach-709" / "theo-doi.sqlite") in said.stderr)
    assert "Lưu ý" not in run_cli("status", BUNDLED, "--as-of", "20/11/2025", "-o", out).stderr


def test_plans_amending_each_other_in_a_loop_are_refused_at_the_given_spec_or_where_it_closes(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    plan = "document: {}\nbody: []\n"  # what makes a file a plan spec, as far as following revises goes
    first.write_text("revises: b.yaml\n" + plan, encoding="utf-8")
    second.write_text("variables: ..\nrevises: a.yaml\n" + plan, encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        first_version(second)
    said = str(raised.value)
    assert "b.yaml:2:1: revises: các tệp kế hoạch sửa đổi lẫn nhau thành vòng: " in said  # b → a → b: at b's own key
    assert said.count("b.yaml") == 4 and "nếu tệp này là kế hoạch gốc, bỏ khóa này" in said  # heading, place, loop
    third = tmp_path / "c.yaml"  # c → b → a → b: c is not in the loop, which a closes
    third.write_text("variables: ..\nrevises: b.yaml\n" + plan, encoding="utf-8")
    said = str(pytest.raises(SpecError, first_version, third).value)
    assert "a.yaml:1:1: revises: các tệp kế hoạch sửa đổi lẫn nhau thành vòng: " in said
    assert "c.yaml" not in said.split("revises:", 1)[1] and "bỏ khóa đó ở tệp kế hoạch gốc" in said
    third.unlink()
    second.write_text("revises: c.yaml\n" + plan, encoding="utf-8")
    assert "c.yaml" in str(pytest.raises(SpecError, first_version, first).value)
    second.write_text("agencies:\n  so-noi-vu:\n    name: Sở Nội vụ\n", encoding="utf-8")  # a registry, not a plan
    said = str(pytest.raises(SpecError, first_version, first).value)
    assert "a.yaml:1:1: revises: " in said and "b.yaml không phải tệp kế hoạch" in said


def test_last_years_late_reports_are_chased_in_january_with_year(tmp_path, plan):
    out, db = tmp_path / "out", tmp_path / "t.sqlite"
    ok("received", BUNDLED, "so-noi-vu", "--date", "10/11/2024", "--db", db)
    ok("remind", BUNDLED, "--as-of", "20/11/2024", "-o", out, "--db", db)
    january = ok("status", BUNDLED, "--as-of", "10/01/2025", "--db", db)
    assert january.startswith("Báo cáo năm 2025 — hạn 17/11/2025 (15/11/2025 là ngày nghỉ) — tính đến 10/01/2025:")
    chased = ok("status", BUNDLED, "--as-of", "10/01/2025", "--year", "2024", "--db", db)
    assert chased.startswith("Báo cáo năm 2024 — hạn 15/11/2024 — tính đến 10/01/2025:")
    assert "Sở Tài chính — CHƯA BÁO CÁO, quá hạn 56 ngày — đã đôn đốc lần 1 ngày 20/11/2024" in chased
    assert "Sở Nội vụ — đã báo cáo ngày 10/11/2024" in chased
    assert "Đã đôn đốc 0 cơ quan" in ok("remind", BUNDLED, "--as-of", "10/01/2025", "-o", out, "--db", db)
    ok("remind", BUNDLED, "--as-of", "10/01/2025", "--year", "2024", "-o", out, "--db", db)
    second = reminded(out / "ke-hoach-709", 2024, 2)
    assert second == reminded(out / "ke-hoach-709", 2024, 1) and folders(plan, ["so-noi-vu"]).isdisjoint(second)
    letter = "\n".join(texts(next((out / "ke-hoach-709").glob("*/cong-van-don-doc-2024-lan-2.docx"))))
    assert "ngày 10 tháng 01 năm 2025" in letter and "Kế hoạch năm 2024 chậm nhất ngày 26/11/2024. Tuy nhiên" in letter
    done = run_cli("status", BUNDLED, "--as-of", "10/01/2025", "--year", "2026", "--db", db)
    assert done.returncode == 1 and "Kỳ báo cáo năm 2026 chưa bắt đầu vào ngày 10/01/2025" in done.stderr


@pytest.fixture(scope="module")
def chased_late(tmp_path_factory):
    """Last year's reports chased on 20/01/2025 (before the 01/3/2025 mergers), 20/4/2025 (after
    them) and 20/7/2025 (after the districts were dissolved), one letter per agency; and on
    20/4/2025 in one combined letter, in another folder."""
    out, combined = tmp_path_factory.mktemp("chased"), tmp_path_factory.mktemp("combined")
    said = [ok("remind", BUNDLED, "--as-of", day, "--year", "2024", "-o", out)
            for day in ("20/01/2025", "20/4/2025", "20/7/2025")]
    ok("remind", BUNDLED, "--as-of", "20/4/2025", "--year", "2024", "-o", combined, "--combined")
    return {"folder": out / "ke-hoach-709", "said": said,
            "combined": next((combined / "ke-hoach-709" / "don-doc-chung").glob("*.docx"))}


def _letter(folder, plan, aid, round_):
    return " ".join(texts(folder / per_agency.folder(plan, aid) / f"cong-van-don-doc-2024-lan-{round_}.docx"))


def test_last_years_report_of_a_body_merged_since_is_asked_of_the_body_that_took_it_over(chased_late, plan):
    """After 01/3/2025 Sở Xây dựng is asked for Sở GTVT's 2024 report as well as its own: one letter
    a round, in Sở Xây dựng's folder (its report first), naming both."""
    folder, said = chased_late["folder"], chased_late["said"]
    first, second = _letter(folder, plan, "so-gtvt", 1), _letter(folder, plan, "so-xay-dung", 2)
    assert "Kính gửi: Sở Giao thông vận tải." in first                  # January: it still exists
    assert not (folder / per_agency.folder(plan, "so-gtvt") / "cong-van-don-doc-2024-lan-2.docx").exists()
    assert "Kính gửi: Sở Xây dựng." in second and "Kính gửi: Sở Giao thông vận tải." not in second
    assert ("đề nghị Sở Xây dựng, Sở Giao thông vận tải (nay đã hợp nhất vào Sở Xây dựng) gửi báo cáo kết quả thực "
            "hiện Kế hoạch năm 2024") in second and "Đề nghị Sở Xây dựng nghiêm túc thực hiện./." in second
    assert "Đối với báo cáo của Sở Giao thông vận tải, đề nghị Sở Xây dựng gửi thay." in second
    renamed = _letter(folder, plan, "ban-dan-toc", 2)
    assert "Kính gửi: Sở Dân tộc và Tôn giáo." in renamed and "Ban Dân tộc tỉnh (nay là Sở Dân tộc và Tôn giáo)" in renamed
    assert ("lần 2: Sở Xây dựng (báo cáo của Sở Xây dựng và của Sở Giao thông vận tải) — "
            f"{folder / per_agency.folder(plan, 'so-xay-dung')}") in said[1]
    assert "lần 2: Sở Xây dựng — " not in said[1] and "lần 2: Sở Xây dựng (báo cáo của Sở Giao thông vận tải)" not in said[1]
    tracker = Tracker(folder / "theo-doi.sqlite", "ke-hoach-709")
    files = {r.agency: r.file for aid in ("so-xay-dung", "so-gtvt") for r in tracker.reminders(aid, 2024) if r.round == 2}
    assert files == {aid: f"{per_agency.folder(plan, 'so-xay-dung')}/cong-van-don-doc-2024-lan-2.docx"
                     for aid in ("so-xay-dung", "so-gtvt")}      # one row per report, one letter


def test_a_round_after_one_sent_to_the_successor_says_the_successor_was_asked(chased_late, plan):
    """Round 2 of Sở GTVT's 2024 report went, with Sở Xây dựng's own, to Sở Xây dựng on 20/4/2025:
    round 3 says so, not that Sở GTVT was asked (round 2 still says round 1 of 20/01/2025 asked Sở
    GTVT itself)."""
    third = _letter(chased_late["folder"], plan, "so-xay-dung", 3)
    assert ("Sở Khoa học và Công nghệ đã có Công văn số       /SKHCN-QLKH ngày 20/4/2025 đôn đốc (lần 2), đề nghị Sở Xây "
            "dựng (báo cáo của Sở Xây dựng và của Sở Giao thông vận tải) gửi báo cáo kết quả thực hiện Kế hoạch năm "
            "2024 chậm nhất ngày 28/4/2025.") in third
    assert "(nay đã hợp nhất vào Sở Xây dựng) gửi" not in third
    second = _letter(chased_late["folder"], plan, "so-xay-dung", 2)
    assert ("Sở Khoa học và Công nghệ đã có các công văn ngày 20/01/2025 đôn đốc (lần 1), đề nghị Sở Xây dựng, Sở "
            "Giao thông vận tải (nay đã hợp nhất vào Sở Xây dựng) gửi báo cáo") in second


def test_a_later_round_to_the_successor_says_whose_report_is_still_missing(chased_late, plan):
    """Sở Xây dựng, asked for Sở GTVT's 2024 report with its own, reads that it sends that report
    too, and its head is asked to act."""
    for round_ in (2, 3):
        letter = _letter(chased_late["folder"], plan, "so-xay-dung", round_)
        assert "Sở Khoa học và Công nghệ đề nghị Giám đốc Sở Xây dựng khẩn trương chỉ đạo" in letter
        assert "Đối với báo cáo của Sở Giao thông vận tải, đề nghị Sở Xây dựng gửi thay." in letter

def test_no_reminder_goes_to_a_body_gone_with_no_one_else_to_write_to(chased_late, plan):
    folder, said = chased_late["folder"], chased_late["said"]
    assert (folder / per_agency.folder(plan, "so-tttt") / "cong-van-don-doc-2024-lan-1.docx").is_file()
    assert not (folder / per_agency.folder(plan, "so-tttt") / "cong-van-don-doc-2024-lan-2.docx").exists()
    assert ("1 cơ quan chưa báo cáo nhưng ngày 20/4/2025 không còn nơi nhận công văn đôn đốc" in said[1]
            and "  - Sở Thông tin và Truyền thông (đã hợp nhất vào Sở Khoa học và Công nghệ từ 01/3/2025" in said[1])
    districts = [aid for aid in per_agency.tracked(plan) if aid.startswith("ubnd-")]
    assert len(districts) == 10 and "11 cơ quan chưa báo cáo nhưng ngày 20/7/2025" in said[2]
    assert "  - Ủy ban nhân dân huyện Cam Lộ (không còn từ 01/7/2025)" in said[2]
    assert reminded(folder, 2024, 3).isdisjoint(folders(plan, districts)) and reminded(folder, 2024, 3)
    assert "không còn nơi nhận" not in said[0]


def test_status_says_where_a_late_report_is_chased_since_a_reorganisation(chased_late):
    out = chased_late["folder"].parent
    status = ok("status", BUNDLED, "--as-of", "21/7/2025", "--year", "2024", "-o", out).splitlines()
    line = {row.split(" — ")[0].split(". ", 1)[1]: row for row in status if row[:4].strip().rstrip(".").isdigit()}
    assert line["Sở Giao thông vận tải"].endswith(
        "đã đôn đốc lần 3 ngày 20/7/2025 (nay đã hợp nhất vào Sở Xây dựng: đôn đốc gửi Sở Xây dựng)")
    assert line["Ban Dân tộc tỉnh"].endswith("(nay là Sở Dân tộc và Tôn giáo: đôn đốc gửi Sở Dân tộc và Tôn giáo)")
    assert line["Sở Thông tin và Truyền thông"].endswith(
        "(nay đã hợp nhất vào Sở Khoa học và Công nghệ, cơ quan theo dõi: không đôn đốc)")
    assert line["Ủy ban nhân dân huyện Cam Lộ"].endswith(
        "đã đôn đốc lần 2 ngày 20/4/2025 (không còn từ 01/7/2025: không đôn đốc được)")
    assert line["Sở Y tế"].endswith("đã đôn đốc lần 3 ngày 20/7/2025")
    january = ok("status", BUNDLED, "--as-of", "21/01/2025", "--year", "2024", "-o", out)
    assert "(nay" not in january and "không còn từ" not in january


def test_a_combined_letter_names_each_successor_once_and_whose_reports_it_asks_for(chased_late):
    letter = texts(chased_late["combined"])
    kinh_gui = letter[letter.index("Kính gửi:") + 1:]
    assert kinh_gui.count("- Sở Xây dựng;") == 1 and "- Sở Giao thông vận tải;" not in kinh_gui
    assert "- Sở Thông tin và Truyền thông;" not in kinh_gui
    # the bodies merged: their successor sends their reports; a renamed body is the same body
    assert ("Đối với báo cáo của Sở Kế hoạch và Đầu tư, đề nghị Sở Tài chính gửi thay; báo cáo của Sở Giao thông "
            "vận tải, đề nghị Sở Xây dựng gửi thay; báo cáo của Sở Tài nguyên và Môi trường, đề nghị Sở Nông nghiệp "
            "và Môi trường gửi thay; báo cáo của Sở Lao động - Thương binh và Xã hội, đề nghị Sở Nội vụ gửi thay; "
            "báo cáo của Sở Nông nghiệp và Phát triển nông thôn do Sở Nông nghiệp và Môi trường gửi; báo cáo của "
            "Ban Dân tộc tỉnh do Sở Dân tộc và Tôn giáo gửi.") in letter
    assert not any("gửi báo cáo thay" in line or "Đối với Sở" in line for line in letter)


def test_a_report_from_a_successor_reminds_the_clerk_whose_else_it_may_be_and_can_be_cancelled(tmp_path):
    """After 01/3/2025 Sở Xây dựng is asked for Sở GTVT's 2024 report as well as its own: recording
    "Sở Xây dựng" says so, and how to put it right; --cancel removes a record made by mistake."""
    db = tmp_path / "t.sqlite"
    said = ok("received", BUNDLED, "Sở Xây dựng", "--year", "2024", "--date", "25/4/2025", "--as-of", "26/4/2025",
              "--db", db)
    assert ("Lưu ý: Sở Xây dựng còn gửi thay báo cáo năm 2024 của Sở Giao thông vận tải (so-gtvt). Nếu báo cáo "
            "vừa nhận là của cơ quan cũ: hủy ghi nhận này (thêm --cancel --year 2024)") in said
    assert "Lưu ý" not in ok("received", BUNDLED, "so-y-te", "--year", "2024", "--date", "25/4/2025",
                             "--as-of", "26/4/2025", "--db", db)
    cancelled = ok("received", BUNDLED, "so-xay-dung", "--cancel", "--year", "2024", "--db", db)
    assert cancelled.strip() == "Đã hủy ghi nhận: Sở Xây dựng gửi báo cáo năm 2024 ngày 25/4/2025."
    assert "Lưu ý" not in ok("received", BUNDLED, "so-xay-dung", "--date", "10/11/2024", "--db", db, "--year", "2024",
                             "--as-of", "12/11/2024")              # before the merger: its own report only
    cancelled = ok("received", BUNDLED, "so-xay-dung", "--cancel", "--year", "2024", "--db", db)
    assert cancelled.strip() == "Đã hủy ghi nhận: Sở Xây dựng gửi báo cáo năm 2024 ngày 10/11/2024."
    status = ok("status", BUNDLED, "--as-of", "26/4/2025", "--year", "2024", "--db", db)
    assert "Sở Xây dựng — CHƯA BÁO CÁO" in status and "Sở Y tế — đã báo cáo ngày 25/4/2025" in status
    again = run_cli("received", BUNDLED, "so-xay-dung", "--cancel", "--year", "2024", "--db", db)
    assert again.returncode == 1 and "chưa có ghi nhận báo cáo năm 2024 của Sở Xây dựng: không có gì để hủy" in again.stderr
    undated = run_cli("received", BUNDLED, "so-y-te", "--db", db)
    assert undated.returncode == 2 and "thiếu tùy chọn --date" in undated.stderr and "Traceback" not in undated.stderr


def test_a_report_that_may_be_last_years_is_not_recorded_without_its_year(tmp_path):
    out, db = tmp_path / "out", tmp_path / "t.sqlite"
    ok("remind", BUNDLED, "--as-of", "20/11/2024", "-o", out, "--db", db)  # Sở Nội vụ reminded of 2024
    asked = run_cli("received", BUNDLED, "so-noi-vu", "--date", "05/01/2025", "--as-of", "10/01/2025", "--db", db)
    assert asked.returncode == 1 and "Traceback" not in asked.stderr
    assert "Báo cáo của Sở Nội vụ nhận ngày 05/01/2025 là báo cáo năm nào?" in asked.stderr
    assert "--year 2024" in asked.stderr and "--year 2025" in asked.stderr and "chưa ghi gì" in asked.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM track_report").fetchone()[0] == 0
    late = ok("received", BUNDLED, "so-noi-vu", "--date", "05/01/2025", "--year", "2024", "--as-of", "10/01/2025",
              "--db", db)
    assert late.startswith("Đã ghi nhận: Sở Nội vụ gửi báo cáo năm 2024 ngày 05/01/2025")
    on_time = ok("received", BUNDLED, "so-noi-vu", "--date", "10/11/2025", "--as-of", "10/11/2025", "--db", db)
    assert on_time.startswith("Đã ghi nhận: Sở Nội vụ gửi báo cáo năm 2025")  # last year's is in: no question
    untracked = ok("received", BUNDLED, "so-tai-chinh", "--date", "10/11/2025", "--as-of", "10/11/2025",
                   "--db", tmp_path / "new.sqlite")  # 2024 was never tracked in this file: no question
    assert untracked.startswith("Đã ghi nhận: Sở Tài chính gửi báo cáo năm 2025")


@pytest.mark.parametrize("command", ["status", "remind"])
def test_a_year_before_the_plan_has_no_report_to_track(tmp_path, command):
    done = run_cli(command, BUNDLED, "--as-of", "20/11/2023", "-o", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Không có báo cáo năm 2023: kế hoạch ban hành năm 2024, kỳ báo cáo đầu tiên là năm 2024" in done.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.docx"))


def test_a_late_report_of_last_year_is_recorded_for_that_year(tmp_path):
    done = run_cli("received", BUNDLED, "so-noi-vu", "--date", "05/01/2025", "--year", "2024", "--as-of", "10/01/2025",
                   "--db", tmp_path / "t.sqlite")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã ghi nhận: Sở Nội vụ gửi báo cáo năm 2024 ngày 05/01/2025")


@pytest.mark.parametrize("typed", ["10/11/2024", "10-11-2024", "10.11.2024", "2024-11-10", " 10/11/2024 "])
def test_received_takes_the_ways_a_clerk_writes_a_date(tmp_path, typed):
    done = run_cli("received", BUNDLED, "so-noi-vu", "--date", typed, "--db", tmp_path / "t.sqlite")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã ghi nhận: Sở Nội vụ gửi báo cáo năm 2024 ngày 10/11/2024")


def test_a_tracking_file_that_cannot_be_made_is_said_not_a_traceback(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("một tệp, không phải thư mục", encoding="utf-8")
    done = run_cli("received", BUNDLED, "so-noi-vu", "--date", "10/11/2024",
                   "--db", tmp_path / "ghi-chu.txt" / "theo-doi.sqlite")
    assert done.returncode == 11 and "Traceback" not in done.stderr
    assert "Không tạo được thư mục " in done.stderr and "cùng tên" in done.stderr


def test_a_tracking_file_held_by_another_program_is_said_not_a_traceback(tmp_path, monkeypatch):
    import subprocess
    import sys

    from khcn_docs import state

    path = tmp_path / "t.sqlite"
    first = Tracker(path, "ke-hoach-709")
    first.record_report("so-y-te", 2024, dt.date(2024, 11, 10))  # the file is created by its first record
    first.close()
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys\n"
                               "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                               "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.readline()",
                               str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    monkeypatch.setattr(state, "BUSY_SECONDS", 0.2)
    opened = Tracker(path, "ke-hoach-709")
    try:
        with pytest.raises(StateError) as info:
            opened.record_report("so-noi-vu", 2024, dt.date(2024, 11, 10))
    finally:
        holder.communicate("go\n", timeout=60)
        opened.close()
    assert info.value.exit_code == 8 and "Tệp theo dõi báo cáo" in info.value.message and "đang bị" in info.value.message


def test_a_reminder_is_sent_by_the_body_that_monitors_in_that_years_cycle(plan, tmp_path):
    """Sở KH&CN merged into a new department on 01/6/2025 (made up): the 2025 reminders come from
    that department, in its name; 2024's from Sở KH&CN, unless written after the merger."""
    agencies = dict(plan.registry.agencies)
    agencies["so-khcn-moi"] = agencies["so-khcn"].model_copy(update={"name": "Sở Khoa học, Công nghệ và Số hóa",
                                                                    "groups": ()})
    agencies["so-khcn"] = agencies["so-khcn"].model_copy(
        update={"merged_into": "so-khcn-moi", "merged_on": dt.date(2025, 6, 1)})
    merged = dataclasses.replace(plan, registry=plan.registry.model_copy(update={"agencies": agencies}))
    opened = Tracker(tmp_path / "t.sqlite", "ke-hoach-709")
    try:
        for day, sender in ((dt.date(2024, 11, 16), "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
                            (dt.date(2025, 11, 18), "SỞ KHOA HỌC, CÔNG NGHỆ VÀ SỐ HÓA")):
            written = reminders.remind(merged, opened, tmp_path / "out", ROOT / "templates", day)
            assert written and "so-khcn-moi" not in {r.agency for r, _ in written}
            assert sender in " ".join(" ".join(texts(written[0][1])).split()), day
        late = reminders.remind(merged, opened, tmp_path / "out", ROOT / "templates", dt.date(2025, 6, 20), year=2024)
        assert late and {r.round for r, _ in late} == {2}
        assert "SỞ KHOA HỌC, CÔNG NGHỆ VÀ SỐ HÓA" in " ".join(" ".join(texts(late[0][1])).split())
    finally:
        opened.close()



def _issued_copy(tmp_path, dispatch: str):
    """Return the bundled plan copied beside the project's variables, issued (number 135, 20/10/2024),
    with ``dispatch`` lines added under ``dispatch:``."""
    import shutil

    (tmp_path / "variables" / "plans").mkdir(parents=True)
    for name in ("agencies.yaml", "signers.yaml"):
        shutil.copy(ROOT / "variables" / name, tmp_path / "variables" / name)
    text = BUNDLED.read_text(encoding="utf-8").replace("  year: 2024\n", "  number: 135\n  date: 20/10/2024\n", 1)
    text = text.replace("  reminder_days: 7\n", "  reminder_days: 7\n" + dispatch, 1)
    spec = tmp_path / "variables" / "plans" / "ke-hoach-709.yaml"
    spec.write_text(text, encoding="utf-8")
    return load_plan(spec)


def _written(ids):
    day = dt.date(2024, 11, 16)
    return [(Reminder(aid, 2024, 1, day, day, "x.docx"), None) for aid in ids]


def test_remind_on_a_draft_plan_warns_that_the_letters_cite_blanks(tmp_path):
    """The bundled plan is a draft: ``remind`` still writes (the README's walkthrough), and says the
    letters cite “Kế hoạch số      /KH-UBND” and an unnumbered dispatch letter."""
    done = run_cli("remind", BUNDLED, "--as-of", "16/11/2024", "-o", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Đã đôn đốc 34 cơ quan" in done.stdout
    assert "Lưu ý: kế hoạch còn là bản dự thảo (chưa có số, ngày trong “document”)" in done.stderr
    assert "“Kế hoạch số      /KH-UBND”" in done.stderr


def test_remind_warns_of_the_dispatch_letters_still_drafts_and_only_of_them(tmp_path):
    plan = _issued_copy(tmp_path, "  date: 21/10/2024\n  numbers: {so-noi-vu: 46}\n")
    warning = reminders.drafts_cited(plan, _written(["so-noi-vu", "so-tai-chinh"]), dt.date(2024, 11, 16))
    assert warning.startswith("Lưu ý: công văn triển khai gửi 1 cơ quan vừa được đôn đốc còn là dự thảo")
    assert "Sở Tài chính" in warning and "Sở Nội vụ" not in warning
    assert reminders.drafts_cited(plan, _written(["so-noi-vu"]), dt.date(2024, 11, 16)) is None
    assert reminders.drafts_cited(plan, [], dt.date(2024, 11, 16)) is None


def test_a_combined_reminder_is_said_once_with_how_many_it_goes_to(tmp_path):
    """``remind --combined`` writes one letter to every late agency: the command says so in one line
    (how many, which round, the file), not one line per agency each naming the same file."""
    said = ok("remind", BUNDLED, "--as-of", "18/11/2024", "--combined", "-o", tmp_path / "out",
              "--templates", ROOT / "templates").splitlines()
    written = [line for line in said if line.startswith("Đã tạo công văn đôn đốc")]
    count = int(next(line for line in said if line.startswith("Đã đôn đốc ")).split()[3])
    assert count > 1 and len(written) == 1
    assert written[0].startswith(f"Đã tạo công văn đôn đốc chung (lần 1) gửi {count} cơ quan — ")
    assert written[0].endswith("don-doc-chung/cong-van-don-doc-2024-lan-1-2024-11-18.docx")
