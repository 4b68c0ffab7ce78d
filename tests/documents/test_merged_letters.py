"""Dispatch letters when agencies merge, are renamed or are dissolved between the letters and a
report: who is asked for which report, and which folder holds which form.

A tiny plan of 15/8/2024 (the project's registry: Sở GTVT merged into Sở Xây dựng and Sở LĐ-TB&XH
into Sở Nội vụ on 01/3/2025, Sở NN&PTNT renamed Sở NN&MT that day, the districts dissolved on
01/7/2025), its tasks led by those bodies.
"""

from __future__ import annotations

import sqlite3

import docx
import pytest

from khcn_docs.build import build
from khcn_docs.documents import cong_van_trien_khai
from khcn_docs.spec.load import load_plan
from tests.documents.conftest import ROOT, ok
from tests.spec.tiny_spec import VARIABLES, write_project

SPEC = """\
variables: ..
document:
  issuer: ubnd-tinh
  year: 2024
  number: 135
  date: {plan_date}
  title: Kế hoạch thử nghiệm
  drafting_unit: KGVX
opening:
  - Thực hiện Quyết định số 709/QĐ-TTg.
body:
  - section: NHIỆM VỤ
    children:
      - item: Xây dựng hạ tầng giao thông thông minh.
        task: t-1
        lead: [so-gtvt]
      - item: Phát triển nông nghiệp công nghệ cao.
        task: t-2
        lead: [so-nnptnt]
      - item: Đào tạo nghề cho người lao động.
        task: t-3
        lead: [so-ldtbxh]
      - item: Cải cách hành chính.
        task: t-4
        lead: [so-noi-vu, so-xay-dung]
      - item: Báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện vào ngày 15 tháng 11 hằng năm.
        task: t-5
        lead: [so-noi-vu, ubnd-vinh-linh]
reporting:
  day: 15
  month: 11
  via: so-khcn
  years: [{years}]
recipients:
  - Bộ KH&CN (B/c)
signature:
  collective: ỦY BAN NHÂN DÂN
  authority: KT
  head_title: CHỦ TỊCH
  signer: le-duc-tien
dispatch:
{dispatch}"""

LATE_AFTER_MERGER = "  number: 45\n  date: 10/03/2025\n"  # after the 2024 deadline and the mergers of 01/3/2025


def project(tmp_path, plan_date="15/8/2024", years="2024", dispatch=LATE_AFTER_MERGER, agencies=None):
    """Return the path of the tiny plan written beside the project's variables."""
    return write_project(tmp_path, SPEC.format(plan_date=plan_date, years=years, dispatch=dispatch), agencies)


def paragraphs(path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs]


def asked(plan, aid) -> str:
    """Return the reporting paragraph of the letter to ``aid`` (the one starting "Định kỳ")."""
    view = cong_van_trien_khai.dispatched(plan)
    [text] = [p for p in cong_van_trien_khai.paragraphs(view, aid) if p.startswith("Định kỳ")]
    return text


# ------------------------------------------------------------- 1. letters sent late and after a merger

def test_a_late_letter_to_a_successor_asks_for_the_late_reports_of_the_bodies_it_took_over(tmp_path):
    plan = load_plan(project(tmp_path))
    # one sentence, one deadline, for its own late report and the one it took over
    assert asked(plan, "so-xay-dung").endswith(
        "báo cáo Ủy ban nhân dân tỉnh Quảng Trị. Riêng báo cáo năm 2024 (của Sở Xây dựng và của Sở Giao thông vận "
        "tải, nay đã hợp nhất vào Sở Xây dựng, theo biểu mẫu của từng cơ quan kèm theo Công văn này), đề nghị gửi "
        "chậm nhất ngày 17/3/2025.")
    assert asked(plan, "so-xay-dung").count("17/3/2025") == 1
    # Sở NN&MT, formed on 01/3/2025, owes no 2024 report of its own: only Sở NN&PTNT's is asked of it
    assert asked(plan, "so-nnmt").endswith(
        "báo cáo Ủy ban nhân dân tỉnh Quảng Trị. Riêng báo cáo năm 2024 (của Sở Nông nghiệp và Phát triển nông thôn, "
        "nay là Sở Nông nghiệp và Môi trường, theo biểu mẫu của Sở Nông nghiệp và Phát triển nông thôn kèm theo "
        "Công văn này), đề nghị gửi chậm nhất ngày 17/3/2025.")
    assert not [w for w in plan.warnings if "không kèm công văn triển khai nào" in w]


def test_a_late_letter_owing_different_years_says_each_bodys_years(tmp_path):
    """Letters of 20/11/2025, after both deadlines: Sở Xây dựng owes 2024 and 2025 itself, the 2024
    report of Sở GTVT (merged on 01/3/2025) only; one sentence says whose years are whose."""
    plan = load_plan(project(tmp_path, years="2024, 2025", dispatch="  number: 45\n  date: 20/11/2025\n"))
    assert asked(plan, "so-xay-dung").endswith(
        "Riêng báo cáo năm 2024 và 2025 (năm 2024 và 2025 của Sở Xây dựng và năm 2024 của Sở Giao thông vận tải, nay "
        "đã hợp nhất vào Sở Xây dựng, theo biểu mẫu của từng cơ quan kèm theo Công văn này), đề nghị gửi chậm nhất "
        "ngày 26/11/2025.")


def test_the_late_form_of_a_body_taken_over_is_built_in_its_successors_folder(tmp_path):
    report = build(project(tmp_path), tmp_path / "out", templates=ROOT / "templates")
    forms = {b.unit.key: b.unit.out for b in report.built if b.unit.kind == "bao-cao"}
    assert forms["bao-cao:so-xay-dung:2024-so-gtvt"] == "13-so-xay-dung/bao-cao-2024-so-giao-thong-van-tai.docx"
    assert forms["bao-cao:so-xay-dung:2024"] == "13-so-xay-dung/bao-cao-2024.docx"
    assert not any(key.startswith("bao-cao:so-gtvt") for key in forms)
    form = paragraphs(report.path_of("bao-cao", "so-xay-dung", "2024-so-gtvt"))
    assert "Kết quả thực hiện năm 2024 Kế hoạch số 135/KH-UBND ngày 15/8/2024 của UBND tỉnh Quảng Trị" in form
    assert not (report.folder / "14-so-giao-thong-van-tai").exists()


def cells(path) -> list[str]:
    """Return the text of every table cell of the .docx at ``path`` (header, number line, signature)."""
    return [cell.text for table in docx.Document(path).tables for row in table.rows for cell in row.cells]


def test_a_carried_late_form_is_the_successors_report_on_the_tasks_of_the_body_it_took_over(tmp_path):
    """Sở GTVT merged into Sở Xây dựng on 01/3/2025; its 2024 report, asked for by the letters of
    10/3/2025 and due 17/3/2025, is filed by Sở Xây dựng: its header, number, signature, and a
    date line of the year it is due in."""
    report = build(project(tmp_path), tmp_path / "out", templates=ROOT / "templates")
    path = report.path_of("bao-cao", "so-xay-dung", "2024-so-gtvt")
    table = " | ".join(cells(path))
    assert "SỞ XÂY DỰNG" in table and "GIAO THÔNG" not in table
    assert "Số:       /BC-SXD" in table and "Quảng Trị, ngày      tháng      năm 2025" in table
    assert "GIÁM ĐỐC" in table and "Xây dựng hạ tầng giao thông thông minh (mục I)." in table  # the absorbed body's task
    assert ("Thực hiện Kế hoạch số 135/KH-UBND ngày 15/8/2024 của UBND tỉnh Quảng Trị về kế hoạch thử nghiệm (sau đây "
            "gọi tắt là Kế hoạch), Sở Xây dựng báo cáo kết quả thực hiện Kế hoạch năm 2024 của Sở Giao thông vận tải "
            "(nay đã hợp nhất vào Sở Xây dựng) như sau:") in paragraphs(path)
    own = " | ".join(cells(report.path_of("bao-cao", "so-xay-dung", "2024")))
    assert "Quảng Trị, ngày      tháng      năm 2025" in own  # its own 2024 report is due 17/3/2025 too


def test_a_form_due_in_its_own_year_is_dated_in_it(tmp_path):
    """Undated letters: the 2024 report is due 15/11/2024, its form's date line says "năm 2024"."""
    report = build(project(tmp_path, dispatch="  reminder_days: 7\n"), tmp_path / "out", templates=ROOT / "templates")
    assert "Quảng Trị, ngày      tháng      năm 2024" in cells(report.path_of("bao-cao", "so-gtvt", "2024"))


def test_a_reminder_to_the_successor_cites_the_letter_that_carried_the_form(tmp_path):
    spec = project(tmp_path)
    out = tmp_path / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    ok("received", spec, "so-xay-dung", "--date", "12/3/2025", "--year", "2024", "-o", out)  # its own: came in
    ok("remind", spec, "--as-of", "18/3/2025", "--year", "2024", "-o", out, "--templates", ROOT / "templates")
    letter = " ".join(paragraphs(out / "plan" / "14-so-giao-thong-van-tai" / "cong-van-don-doc-2024-lan-1.docx"))
    assert "Kính gửi: Sở Xây dựng." in letter
    # Kính gửi already names the body the letter cited went to
    assert "theo biểu mẫu gửi kèm Công văn số 45/SKHCN-QLKH ngày 10/3/2025, gửi về Sở Khoa học và Công nghệ" in letter
    assert "ngày 10/3/2025 gửi Sở Xây dựng" not in letter
    carried = " ".join(paragraphs(out / "plan" / "13-so-xay-dung" / "cong-van-trien-khai.docx"))
    assert "Riêng báo cáo năm 2024 (của Sở Xây dựng và của Sở Giao thông vận tải, nay đã hợp nhất vào Sở Xây dựng" in carried


def test_a_form_whose_successor_gets_no_letter_is_still_warned_about(tmp_path):
    """Sở GTVT merged into the issuer (which gets no letter): no letter carries its 2024 form."""
    text = (VARIABLES / "agencies.yaml").read_text(encoding="utf-8")
    agencies = text.replace("    merged_into: so-xay-dung  # sắp xếp", "    merged_into: ubnd-tinh  # sắp xếp", 1)
    assert agencies != text
    plan = load_plan(project(tmp_path, agencies=agencies))
    assert cong_van_trien_khai.forms_left_over(plan) == [(2024, "so-gtvt", "ubnd-tinh")]
    [warning] = [w for w in plan.warnings if "không kèm công văn triển khai nào" in w]
    assert "biểu mẫu báo cáo năm 2024 của Sở Giao thông vận tải (so-gtvt), tệp 14-so-giao-thong-van-tai/" \
           "bao-cao-2024.docx, không kèm công văn triển khai nào" in warning
    assert "Ủy ban nhân dân tỉnh Quảng Trị không nhận công văn triển khai" in warning


def test_a_body_asked_for_several_reports_gets_one_letter_a_round(tmp_path):
    """Sở Nội vụ owes its own 2024 report and Sở LĐ-TB&XH's (merged into it on 01/3/2025): one
    letter asks for both, in Sở Nội vụ's folder; the tracking file keeps a row per report."""
    spec, out = project(tmp_path), tmp_path / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    said = [ok("remind", spec, "--as-of", day, "--year", "2024", "-o", out, "--templates", ROOT / "templates")
            for day in ("18/3/2025", "01/4/2025")]
    folder = out / "plan"
    assert not list((folder / "16-so-lao-dong-thuong-binh-va-xa-hoi").glob("cong-van-don-doc-*"))
    first, second = (" ".join(paragraphs(folder / "04-so-noi-vu" / f"cong-van-don-doc-2024-lan-{n}.docx"))
                     for n in (1, 2))
    assert "Kính gửi: Sở Nội vụ." in first
    assert ("chưa nhận được báo cáo của Sở Nội vụ, Sở Lao động - Thương binh và Xã hội (nay đã hợp nhất vào Sở "
            "Nội vụ).") in first
    assert "Đối với báo cáo của Sở Lao động - Thương binh và Xã hội, đề nghị Sở Nội vụ gửi thay." in first
    assert ("đã có Công văn số       /SKHCN-QLKH ngày 18/3/2025 đôn đốc (lần 1), đề nghị Sở Nội vụ (báo cáo của Sở "
            "Nội vụ và của Sở Lao động - Thương binh và Xã hội) gửi báo cáo") in second
    assert ("Đã tạo công văn đôn đốc lần 1: Sở Nội vụ (báo cáo của Sở Nội vụ và của Sở Lao động - Thương binh và Xã "
            "hội) — ") in said[0]
    rows = sqlite3.connect(folder / "theo-doi.sqlite").execute(
        "SELECT agency, file FROM track_reminder WHERE round = 1 AND agency IN ('so-noi-vu', 'so-ldtbxh')").fetchall()
    assert sorted(rows) == [("so-ldtbxh", "04-so-noi-vu/cong-van-don-doc-2024-lan-1.docx"),
                            ("so-noi-vu", "04-so-noi-vu/cong-van-don-doc-2024-lan-1.docx")]


@pytest.mark.parametrize("years, dispatch, days, sentence", [
    ("2024", LATE_AFTER_MERGER, ("18/3/2025", "01/4/2025", "15/4/2025"),
     "đã có các công văn ngày 01/4/2025 đôn đốc (lần 2), đề nghị Sở Nội vụ (báo cáo của Sở Nội vụ và của Sở Lao "
     "động - Thương binh và Xã hội), Sở Nông nghiệp và Môi trường (báo cáo của Sở Nông nghiệp và Phát triển nông "
     "thôn), Sở Xây dựng (báo cáo của Sở Giao thông vận tải), Ủy ban nhân dân huyện Vĩnh Linh gửi báo cáo kết quả "
     "thực hiện Kế hoạch năm 2024 chậm nhất ngày 07/4/2025."),
    ("2024, 2025", "  number: 45\n  date: 23/08/2024\n", ("18/11/2024", "10/3/2025", "24/3/2025"),
     "đã có các công văn ngày 10/3/2025 đôn đốc (lần 2), đề nghị Sở Nội vụ (báo cáo của Sở Nội vụ và của Sở Lao "
     "động - Thương binh và Xã hội), Sở Nông nghiệp và Môi trường (báo cáo của Sở Nông nghiệp và Phát triển nông "
     "thôn), Sở Xây dựng (báo cáo của Sở Xây dựng và của Sở Giao thông vận tải), Ủy ban nhân dân huyện Vĩnh Linh "
     "gửi báo cáo kết quả thực hiện Kế hoạch năm 2024 chậm nhất ngày 17/3/2025."),
])
def test_a_combined_reminder_names_the_bodies_the_last_round_asked_and_whose_reports(tmp_path, years, dispatch,
                                                                                     days, sentence):
    """Lần 2 went, after the mergers, to the successors: lần 3 says whom it asked for whose report
    (not the bodies merged or renamed since, which got none), and who sends those reports now."""
    spec, out = project(tmp_path, years=years, dispatch=dispatch), tmp_path / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    if years == "2024":  # Sở Xây dựng's own late report came in
        ok("received", spec, "so-xay-dung", "--date", "12/3/2025", "--year", "2024", "-o", out)
    *singles, last = days
    for day in singles:
        ok("remind", spec, "--as-of", day, "--year", "2024", "-o", out, "--templates", ROOT / "templates")
    ok("remind", spec, "--as-of", last, "--year", "2024", "--combined", "-o", out, "--templates", ROOT / "templates")
    if years == "2024":  # Sở GTVT's report alone was asked of Sở Xây dựng: a letter of its own, said so
        second = " ".join(paragraphs(out / "plan" / "14-so-giao-thong-van-tai" / "cong-van-don-doc-2024-lan-2.docx"))
        assert ("đôn đốc (lần 1), đề nghị Sở Xây dựng gửi báo cáo kết quả thực hiện Kế hoạch năm 2024 của Sở Giao "
                "thông vận tải chậm nhất ngày 24/3/2025. Tuy nhiên, đến ngày 01/4/2025, Sở Khoa học và Công nghệ vẫn "
                "chưa nhận được báo cáo của Sở Giao thông vận tải (nay đã hợp nhất vào Sở Xây dựng).") in second
    [combined] = (out / "plan" / "don-doc-chung").glob("*.docx")
    letter = " ".join(paragraphs(combined))
    assert sentence in letter
    assert ("Đối với báo cáo của Sở Giao thông vận tải, đề nghị Sở Xây dựng gửi thay; báo cáo của Sở Lao động - "
            "Thương binh và Xã hội, đề nghị Sở Nội vụ gửi thay; báo cáo của Sở Nông nghiệp và Phát triển nông "
            "thôn do Sở Nông nghiệp và Môi trường gửi.") in letter


# ------------------------------------------------------------- 2. a merger before a later report year

def test_a_letter_to_a_body_merged_before_a_later_report_year_says_who_reports_from_then(tmp_path):
    plan = load_plan(project(tmp_path, years="2024, 2025", dispatch="  reminder_days: 7\n"))
    assert asked(plan, "so-gtvt").endswith(
        "báo cáo Ủy ban nhân dân tỉnh Quảng Trị. Từ báo cáo năm 2025, Sở Xây dựng (cơ quan tiếp nhận nhiệm vụ của "
        "Sở Giao thông vận tải) báo cáo kết quả thực hiện các nhiệm vụ nêu trên.")
    assert asked(plan, "so-nnptnt").endswith(
        "Từ báo cáo năm 2025, Sở Nông nghiệp và Môi trường (tên mới của Sở Nông nghiệp và Phát triển nông thôn) "
        "báo cáo kết quả thực hiện các nhiệm vụ nêu trên.")
    for aid in ("so-noi-vu", "ubnd-vinh-linh"):  # stays; dissolved later (owes nothing more, nobody reports for it)
        assert "Từ báo cáo năm" not in asked(plan, aid)


def test_a_letter_naming_who_reports_from_a_later_year_copies_that_body_to_act(tmp_path):
    """The letter of 23/8/2024 to Sở GTVT says Sở Xây dựng reports from 2025: Nơi nhận copies it
    "(để thực hiện)", as a letter whose first report is already Sở Xây dựng's does; Sở NN&PTNT,
    renamed (the same body), and Sở Nội vụ, staying, copy nobody."""
    spec = project(tmp_path, years="2024, 2025", dispatch="  number: 45\n  date: 23/08/2024\n")
    report = build(spec, tmp_path / "out", templates=ROOT / "templates")

    def noi_nhan(aid):
        return next(c for c in cells(report.path_of("cong-van-trien-khai", aid)) if c.startswith("Nơi nhận:"))
    assert noi_nhan("so-gtvt").splitlines() == ["Nơi nhận:", "- Như trên;", "- Sở Xây dựng (để thực hiện);",
                                                "- UBND tỉnh Quảng Trị (b/c);", "- Lưu: VT, QLKH."]
    assert "- Sở Nội vụ (để thực hiện);" in noi_nhan("so-ldtbxh").splitlines()
    for aid in ("so-nnptnt", "so-noi-vu", "ubnd-vinh-linh"):
        assert "(để thực hiện)" not in noi_nhan(aid)


def test_a_letter_with_only_the_first_report_year_says_nothing_of_later_mergers(tmp_path):
    plan = load_plan(project(tmp_path, dispatch="  reminder_days: 7\n"))
    assert "Từ báo cáo năm" not in asked(plan, "so-gtvt")


# ------------------------------------------------------------- 3. dissolved before the first report

def test_a_letter_to_a_body_dissolved_before_the_first_report_says_it_sends_no_report(tmp_path):
    """The plan of 20/12/2024 first reports in 2025; Ủy ban nhân dân huyện Vĩnh Linh, dissolved on
    01/7/2025, still gets the reporting task t-5 in its letter (the plan's words), and its letter
    says, where it would ask for the report, that it sends none, citing that task and the day the
    report would be due (``per_agency.due_date``, the reminders' day)."""
    spec = project(tmp_path, plan_date="20/12/2024", years="2025", dispatch="  reminder_days: 7\n")
    report = build(spec, tmp_path / "out", templates=ROOT / "templates")
    letter = paragraphs(report.path_of("cong-van-trien-khai", "ubnd-vinh-linh"))
    assert any(text.startswith("- Báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện vào ngày 15 tháng 11 hằng năm")
               for text in letter)
    assert ("Do Ủy ban nhân dân huyện Vĩnh Linh chấm dứt hoạt động trước hạn báo cáo năm 2025 (ngày 17/11/2025), "
            "Ủy ban nhân dân huyện Vĩnh Linh không phải gửi báo cáo định kỳ hằng năm về kết quả thực hiện Kế hoạch "
            "(nhiệm vụ tại mục I).") in letter  # 15/11/2025 is a Saturday: due on Monday, as the reminders say
    assert not any("biểu mẫu" in text for text in letter)


@pytest.mark.parametrize("item, cited", [("Báo cáo Ủy ban nhân dân tỉnh khi có yêu cầu.", ""),
                                         ("Báo cáo vào ngày 15 tháng 11 hằng năm.", " (nhiệm vụ tại mục I)")])
def test_the_no_report_sentence_cites_only_tasks_giving_the_yearly_report_day(tmp_path, item, cited):
    spec = project(tmp_path, plan_date="20/12/2024", years="2025", dispatch="  reminder_days: 7\n")
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("Báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện vào ngày 15 tháng 11 hằng năm.", item),
                    encoding="utf-8")
    view = cong_van_trien_khai.dispatched(load_plan(spec))
    assert (f"về kết quả thực hiện Kế hoạch{cited}." in
            cong_van_trien_khai.paragraphs(view, "ubnd-vinh-linh")[-2])
