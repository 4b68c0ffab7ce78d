"""Whom the per-agency letters and forms address and whose heads a reminder asks to act: read
back from real .docx files made by the real CLI (or ``reminders.remind`` with a real SQLite file)."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document

from khcn_docs import reminders
from khcn_docs.documents import cong_van_don_doc
from khcn_docs.documents.cong_van_don_doc import Due
from khcn_docs.spec.load import load_plan
from khcn_docs.tracking import Tracker
from tests.documents.conftest import ROOT, ok, texts
from tests.spec.tiny_spec import LHH_SIGNER, VALID, edit, write_project

_SIGNED_BY_THE_SO = ("  collective: ỦY BAN NHÂN DÂN\n  authority: KT\n  head_title: CHỦ TỊCH\n  signer: le-duc-tien",
                     "  signer: giam-doc-skhcn")
# Plans whose reports end at the body that issues them and collects them (no ``reporting.to``)
SELF_COLLECTED = {
    "so-khcn": (edit(VALID, ("  issuer: ubnd-tinh", "  issuer: so-khcn"), ("drafting_unit: KGVX", "drafting_unit: QLKH"),
                     _SIGNED_BY_THE_SO),
                "Sở Khoa học và Công nghệ"),
    "lien-hiep-hoi": (edit(VALID, ("  issuer: ubnd-tinh", "  issuer: lien-hiep-hoi\n  place: Quảng Trị"),
                           ("  via: so-khcn", "  via: lien-hiep-hoi"),
                           ("lead: [so-noi-vu]", "lead: [so-noi-vu, lien-hiep-hoi]"),
                           ("collective: ỦY BAN NHÂN DÂN", "collective: BAN THƯỜNG TRỰC"),
                           ("signer: le-duc-tien", "signer: pho-chu-tich-lhh"))
                      + "dispatch:\n  sender: issuer\n  unit: VP\n",
                      "Liên hiệp các Hội khoa học và kỹ thuật tỉnh"),
}


def noi_nhan(path) -> list[str]:
    """Return the Nơi nhận lines of the .docx at ``path`` (the signature table's left cell)."""
    cell = Document(str(path)).tables[-1].rows[0].cells[0]
    return [p.text for p in cell.paragraphs if p.text.strip()]


def joined(path) -> str:
    """Return every paragraph of the .docx at ``path`` as one text."""
    return "\n".join(texts(path))


@pytest.fixture(scope="module", params=sorted(SELF_COLLECTED))
def self_collected(request, tmp_path_factory):
    """Build a plan issued by the body collecting its reports, remind twice; return (folder, its name)."""
    root = tmp_path_factory.mktemp(request.param)
    spec_text, name = SELF_COLLECTED[request.param]
    spec, out = write_project(root, spec_text, signers=LHH_SIGNER), root / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    ok("remind", spec, "--as-of", "20/11/2024", "-o", out)
    ok("remind", spec, "--as-of", "28/11/2024", "-o", out, "--combined")
    return out / "plan", name


def test_a_dispatch_letter_asks_for_the_report_once_when_the_sender_collects_and_keeps_it(self_collected):
    """Sở KH&CN (or Liên hiệp các Hội) issues the plan and collects the reports: its letter says
    "gửi về <itself>." once, not "…để tổng hợp, báo cáo <itself>", and sends itself no copy (b/c)."""
    folder, name = self_collected
    letter = folder / "04-so-noi-vu" / "cong-van-trien-khai.docx"
    assert (f"đề nghị Sở Nội vụ báo cáo kết quả thực hiện Kế hoạch theo biểu mẫu báo cáo kèm theo Công văn này, "
            f"gửi về {name}.") in joined(letter)
    assert "để tổng hợp" not in joined(letter) and "(qua" not in joined(letter)
    assert noi_nhan(letter)[1:-1] == ["- Như trên;"]
    form = texts(folder / "04-so-noi-vu" / "bao-cao-2024.docx")
    assert f"Kính gửi: {name}." in form


def test_a_reminder_asks_for_the_report_once_when_the_sender_collects_and_keeps_it(self_collected):
    """Its reminders (one per agency, then a combined second round) recall "gửi về <itself>." with
    no "(qua <itself>)", compile to report to nobody, and copy nobody (b/c)."""
    folder, name = self_collected
    first = folder / "04-so-noi-vu" / "cong-van-don-doc-2024-lan-1.docx"
    second = next((folder / "don-doc-chung").glob("cong-van-don-doc-2024-lan-2-*.docx"))
    for letter in (first, second):
        text = joined(letter)
        assert f"chậm nhất ngày 15 tháng 11 hằng năm, gửi về {name}." in text
        assert "(qua" not in text and f"báo cáo {name}" not in text and "(b/c)" not in text
        assert noi_nhan(letter)[1:-1] == ["- Như trên;"]
    assert f"Để kịp thời tổng hợp theo quy định, {name} đề nghị Sở Nội vụ khẩn trương" in joined(first)
    assert f"Quá thời hạn trên, {name} sẽ tổng hợp danh sách các cơ quan" in joined(second)


# ------------------------------------------------------------------ the report form agrees with the letter

@pytest.mark.parametrize("sender, asked, kinh_gui", [
    ("monitor", "gửi về Sở Khoa học và Công nghệ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh Quảng Trị.",
     "Kính gửi: Sở Khoa học và Công nghệ."),
    ("issuer", "gửi Ủy ban nhân dân tỉnh Quảng Trị (qua Sở Khoa học và Công nghệ).",
     "Kính gửi: Ủy ban nhân dân tỉnh Quảng Trị (qua Sở Khoa học và Công nghệ)."),
])
def test_the_report_form_is_addressed_as_the_dispatch_letter_asks(tmp_path, sender, asked, kinh_gui):
    """Sent by the monitor, the letter asks the report sent to it to compile, and the form says
    "Kính gửi: Sở KH&CN"; sent by the issuer, the letter asks it sent to UBND tỉnh through the Sở,
    and the form says so too (it said "Kính gửi: Sở KH&CN", whom the letter did not address it to)."""
    spec = write_project(tmp_path, VALID + f"dispatch:\n  sender: {sender}\n  unit: {'QLKH' if sender == 'monitor' else 'KGVX'}\n")
    out = tmp_path / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    assert asked in joined(out / "plan" / "04-so-noi-vu" / "cong-van-trien-khai.docx")
    form = out / "plan" / "04-so-noi-vu" / "bao-cao-2024.docx"
    assert kinh_gui in texts(form) and noi_nhan(form)[1] == "- Như trên;"
    monitor_form = texts(out / "plan" / "02-so-khoa-hoc-va-cong-nghe" / "bao-cao-2024.docx")
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Trị." in monitor_form   # the Sở's own report goes up directly


# ------------------------------------------------------------------ whose head a firmer round asks to act

D = dt.date
COMMITTEE_IDS = ["ubnd-dong-ha", "ubnd-tx-quang-tri", "ubnd-vinh-linh", "ubnd-gio-linh", "ubnd-cam-lo",
                 "ubnd-trieu-phong", "ubnd-hai-lang", "ubnd-huong-hoa", "ubnd-dakrong", "ubnd-con-co"]


@pytest.mark.parametrize("ids, heads", [
    (["ubnd-con-co"], "Chủ tịch Ủy ban nhân dân huyện Cồn Cỏ"),
    (["so-noi-vu"], "Giám đốc Sở Nội vụ"),
    (["thanh-tra"], "Chánh Thanh tra tỉnh"),                    # "Chánh thanh tra" + "Thanh tra tỉnh": once
    (["van-phong-ubnd"], "Chánh Văn phòng Ủy ban nhân dân tỉnh"),
    (["ban-qlkkt"], "Trưởng Ban Quản lý Khu kinh tế tỉnh"),
    (["cd-y-te"], "Hiệu trưởng Trường Cao đẳng Y tế Quảng Trị"),
    (["so-noi-vu", "so-y-te"], "Thủ trưởng các cơ quan, đơn vị"),
    (["ubnd-con-co", "ubnd-cam-lo"], "Chủ tịch Ủy ban nhân dân các huyện"),   # not the thị xã, thành phố
    (["so-noi-vu", "so-y-te", "ubnd-con-co", "ubnd-dong-ha"],   # one of each level: no "các"
     "Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân huyện Cồn Cỏ và thành phố Đông Hà"),
    (["so-noi-vu", "so-y-te", *COMMITTEE_IDS[1:]],               # one thị xã, eight huyện
     "Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân thị xã Quảng Trị và các huyện"),
    (["so-noi-vu", *COMMITTEE_IDS],
     "Giám đốc Sở Nội vụ, Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố"),   # the group, all of it
    (["so-noi-vu", "ubnd-con-co"], "Giám đốc Sở Nội vụ, Chủ tịch Ủy ban nhân dân huyện Cồn Cỏ"),
], ids=lambda v: "+".join(v) if isinstance(v, list) else None)
def test_a_firmer_round_asks_the_head_of_each_kind_of_body_it_goes_to(plan, ids, heads):
    assert cong_van_don_doc.heads(plan, [Due(aid, 2024, 2) for aid in ids]) == heads


def test_several_committees_in_no_common_group_are_named_by_their_levels(tmp_path):
    """Without a registry group holding them all, the committees are named by the levels their
    names say, each level of several once after one "các", a level of one by its name: "Ủy ban nhân
    dân thành phố Đông Hà và các huyện"."""
    agencies = (ROOT / "variables" / "agencies.yaml").read_text(encoding="utf-8")
    plan = load_plan(write_project(tmp_path, VALID, agencies.replace("    groups: [ubnd-huyen]\n", "")))
    due = [Due(aid, 2024, 2) for aid in ("ubnd-dong-ha", "ubnd-con-co", "ubnd-cam-lo")]
    assert cong_van_don_doc.heads(plan, due) == "Chủ tịch Ủy ban nhân dân thành phố Đông Hà và các huyện"


def second_round(plan, tmp_path, combined: bool) -> dict[str, str]:
    """Return agency id -> the text of its second reminder (16/11, then 23/11/2024; a real tracking file)."""
    tracker = Tracker(tmp_path / "theo-doi.sqlite", "ke-hoach-709")
    try:
        for day in (D(2024, 11, 16), D(2024, 11, 23)):
            done = reminders.remind(plan, tracker, tmp_path / "out", ROOT / "templates", day, combined)
    finally:
        tracker.close()
    return {r.agency: " ".join(" ".join(texts(path)).split()) for r, path in done}


@pytest.mark.parametrize("combined, agency, said", [
    (False, "ubnd-con-co", "Sở Khoa học và Công nghệ đề nghị Chủ tịch Ủy ban nhân dân huyện Cồn Cỏ khẩn trương chỉ đạo"),
    (False, "so-y-te", "Sở Khoa học và Công nghệ đề nghị Giám đốc Sở Y tế khẩn trương chỉ đạo"),
    (True, "so-y-te", "Sở Khoa học và Công nghệ đề nghị Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân "
                      "các huyện, thị xã, thành phố khẩn trương chỉ đạo"),
], ids=["district", "department", "combined"])
def test_a_second_round_letter_asks_its_addressees_heads(plan, tmp_path, combined, agency, said):
    text = second_round(plan, tmp_path, combined)[agency]
    assert said in text and "Thủ trưởng cơ quan, đơn vị" not in text


def reminded_twice(plan, tmp_path, first: bool, second: bool) -> str:
    """Return the text of Sở Y tế's second reminder: round 1 on 16/11/2024 (``first``: combined),
    round 2 on 23/11/2024 (``second``: combined), a real tracking file."""
    tracker = Tracker(tmp_path / "theo-doi.sqlite", "ke-hoach-709")
    try:
        for day, combined in ((D(2024, 11, 16), first), (D(2024, 11, 23), second)):
            done = reminders.remind(plan, tracker, tmp_path / "out", ROOT / "templates", day, combined)
    finally:
        tracker.close()
    return next(" ".join(" ".join(texts(path)).split()) for r, path in done if r.agency == "so-y-te")


@pytest.mark.parametrize("first, second, cited", [
    (False, False, "Sở Khoa học và Công nghệ đã có Công văn số /SKHCN-QLKH ngày 16/11/2024 đôn đốc (lần 1), đề nghị "
                   "Sở Y tế gửi báo cáo kết quả thực hiện Kế hoạch năm 2024 chậm nhất ngày 22/11/2024. Tuy nhiên, "
                   "đến ngày 23/11/2024,"),
    (True, True, "Sở Khoa học và Công nghệ đã có Công văn số /SKHCN-QLKH ngày 16/11/2024 đôn đốc (lần 1), đề nghị "
                 "các cơ quan, đơn vị nêu trên gửi báo cáo kết quả thực hiện Kế hoạch năm 2024 chậm nhất ngày "
                 "22/11/2024. Tuy nhiên,"),
    (False, True, "Sở Khoa học và Công nghệ đã có các công văn ngày 16/11/2024 đôn đốc (lần 1), đề nghị các cơ quan, "
                  "đơn vị nêu trên gửi báo cáo kết quả thực hiện Kế hoạch năm 2024 chậm nhất ngày 22/11/2024."),
], ids=["single", "combined", "combined-after-single"])
def test_a_second_round_cites_the_first_rounds_letter_and_the_deadline_it_set(plan, tmp_path, first, second, cited):
    """A firmer round recalls the letter of round 1 (its number left blank for the clerk: one
    combined letter is one number, several single letters are cited by their date) and the day it
    asked the report by, not the plan's deadline (15/11/2024), which that letter already extended."""
    text = reminded_twice(plan, tmp_path, first, second)
    assert cited in text and "hạn báo cáo ngày 15/11/2024" not in text


def test_a_second_round_to_bodies_reminded_on_different_days_gives_each_letters_deadline(plan):
    due = [Due("so-y-te", 2024, 2, D(2024, 11, 16), previous_by=D(2024, 11, 22), previous_file="a.docx"),
           Due("so-noi-vu", 2024, 2, D(2024, 11, 18), previous_by=D(2024, 11, 25), previous_file="b.docx")]
    assert cong_van_don_doc.earlier_cited(plan, due) == (
        "các công văn ngày 16/11/2024 (hạn báo cáo ngày 22/11/2024) và ngày 18/11/2024 (hạn báo cáo ngày 25/11/2024)", "")
    assert not cong_van_don_doc.cites_unnumbered(due) and cong_van_don_doc.cites_unnumbered(due[:1])
