"""Page-1 facts of the dispatch and the report form, read back from the built packet with python-docx."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.shared import Pt

from tests.documents.conftest import texts
from tests.render.docx_facts import run_value, text_runs

NOI_VU = "04-so-noi-vu"


def doc_of(packet, folder, name):
    return Document(str(packet / folder / name))


def cell_lines(table, row, col):
    return [p.text for p in table.rows[row].cells[col].paragraphs if p.text.strip()]


def noi_nhan(doc):
    return [p.text for p in doc.tables[-1].rows[0].cells[0].paragraphs if p.text.strip()]


def signer(doc):
    return [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text.strip()]


# ------------------------------------------------------------------ the packet's layout

def test_one_folder_per_agency_with_ascii_names(packet, plan):
    folders = sorted(p.name for p in packet.iterdir() if p.is_dir())
    assert len(folders) == 35 and all(re.fullmatch(r"\d{2}-[a-z0-9-]+", f) for f in folders)
    assert NOI_VU in folders and (packet / "ke-hoach.docx").is_file()
    assert len(list(packet.glob("*/cong-van-trien-khai.docx"))) == 34   # none to the sender itself
    assert len(list(packet.glob("*/bao-cao-2024.docx"))) == 35           # the monitor reports too
    assert not (packet / "02-so-khoa-hoc-va-cong-nghe" / "cong-van-trien-khai.docx").exists()


# ------------------------------------------------------------------ dispatch (công văn, mẫu 1.5)

@pytest.fixture(scope="module")
def dispatch(packet):
    return doc_of(packet, NOI_VU, "cong-van-trien-khai.docx")


def test_dispatch_header_number_and_vv(dispatch):
    left = cell_lines(dispatch.tables[0], 0, 0) + cell_lines(dispatch.tables[0], 1, 0)
    assert left[:2] == ["UBND TỈNH QUẢNG TRỊ", "SỞ KHOA HỌC\nVÀ CÔNG NGHỆ"]
    assert any(re.fullmatch(r"Số: +/SKHCN-QLKH", line) for line in left)
    vv = next(p for p in dispatch.tables[0].rows[1].cells[0].paragraphs if p.text.startswith("V/v"))
    assert vv.text == "V/v triển khai thực hiện Kế hoạch số       /KH-UBND"
    for run in text_runs(vv):
        assert run_value(vv, run, "size") == Pt(12) and not run_value(vv, run, "bold")


def test_dispatch_has_no_type_name_and_addresses_the_agency(dispatch):
    body = [p.text for p in dispatch.paragraphs]
    assert "CÔNG VĂN" not in body and "Kính gửi: Sở Nội vụ." in body


def test_dispatch_body_cites_plan_tasks_deadline_and_form(dispatch, plan):
    body = [p.text for p in dispatch.paragraphs if p.text.strip()]
    assert body[1].startswith("Thực hiện Kế hoạch số       /KH-UBND ngày      /     /2024 của UBND tỉnh Quảng Trị")
    tasks = [line for line in body if line.startswith(("- Chủ trì: ", "- Phối hợp: "))]
    assert len(tasks) == len(plan.tasks_for("so-noi-vu"))
    assert any(t.startswith("- Chủ trì: Chủ trì, phối hợp với Sở Khoa học và Công nghệ và cơ quan, đơn vị liên quan "
                            "tăng cường cải cách hành chính") and t.endswith("(mục II.2.c);") for t in tasks)
    assert any(t.startswith("- Phối hợp: Phối hợp với Sở Khoa học và Công nghệ trong việc xây dựng chính sách thu hút")
               for t in tasks)
    assert tasks[-1].endswith(".") and all(t.endswith(";") for t in tasks[:-1])
    # III.1 states its deadline and product apart from its text: the letter says them after its place
    assert tasks[-1].endswith("(mục III.1). Thời hạn: Ngày 15 tháng 11 hằng năm, hoặc khi có yêu cầu. Sản phẩm: "
                              "Báo cáo kết quả thực hiện gửi Ủy ban nhân dân tỉnh (qua Sở Khoa học và Công nghệ).")
    text = "\n".join(body)
    assert "ngày 15 tháng 11 hằng năm" in text and "biểu mẫu báo cáo kèm theo" in text
    assert "gửi về Sở Khoa học và Công nghệ" in text and body[-1].endswith("./.")


def test_dispatch_recipients_and_signer(dispatch):
    assert noi_nhan(dispatch) == ["Nơi nhận:", "- Như trên;", "- UBND tỉnh Quảng Trị (b/c);", "- Lưu: VT, QLKH."]
    assert signer(dispatch) == ["GIÁM ĐỐC", "Nguyễn Văn Minh"]


# ------------------------------------------------------------------ report form (báo cáo, mẫu 1.4)

@pytest.fixture(scope="module")
def report(packet):
    return doc_of(packet, NOI_VU, "bao-cao-2024.docx")


def test_report_header_in_the_agencys_own_name(report):
    header = report.tables[0]
    assert cell_lines(header, 0, 0)[:2] == ["UBND TỈNH QUẢNG TRỊ", "SỞ NỘI VỤ"]
    assert any(re.fullmatch(r"Số: +/BC-SNV", line) for line in cell_lines(header, 1, 0))
    assert cell_lines(header, 1, 1) == ["Quảng Trị, ngày      tháng      năm 2024"]


def test_report_title_kinh_gui_and_sections(report):
    body = [p.text for p in report.paragraphs if p.text.strip()]
    assert body[0] == "BÁO CÁO"
    assert body[1].startswith("Kết quả thực hiện Kế hoạch số       /KH-UBND") and body[1].endswith("năm 2024")
    assert "Kính gửi: Sở Khoa học và Công nghệ." in body
    headings = [line for line in body if re.match(r"^(I|II|III|IV)\. ", line)]
    assert headings == ["I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN", "II. KẾT QUẢ THỰC HIỆN",
                        "III. KHÓ KHĂN, VƯỚNG MẮC", "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
    assert body[-1].endswith("./.")


def test_report_table_rows_are_the_agencys_tasks(report, plan):
    table = report.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nhiệm vụ", "Vai trò", "Kết quả thực hiện",
                                                     "Khó khăn, vướng mắc"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    expected = plan.tasks_for("so-noi-vu")
    assert len(rows) == len(expected)
    for n, (row, (task, role)) in enumerate(zip(rows, expected), start=1):
        stated = [f"{what}: {value}." for what, value in (("Thời hạn", task.deadline), ("Sản phẩm", task.product))
                  if value]
        # the task's own final stop gives way to its place: "… địa phương (mục II.1.a)." (not "phương. (mục …)")
        assert row[0] == str(n) and row[1] == " ".join([f"{task.text.rstrip(' .;:')} (mục {task.label}).", *stated])
        assert row[2] == {"lead": "Chủ trì", "support": "Phối hợp"}[role] and row[3:] == ["", ""]
    # the deadline and product the plan states for III.1, in its row (as the plan's text does not say them apart)
    assert rows[-1][1].endswith("(mục III.1). Thời hạn: Ngày 15 tháng 11 hằng năm, hoặc khi có yêu cầu. Sản phẩm: "
                                "Báo cáo kết quả thực hiện gửi Ủy ban nhân dân tỉnh (qua Sở Khoa học và Công nghệ).")


def test_report_recipients_and_blank_signature(report, packet):
    assert noi_nhan(report)[:2] == ["Nơi nhận:", "- Như trên;"] and noi_nhan(report)[-1].startswith("- Lưu: VT, ")
    assert signer(report)[0] == "GIÁM ĐỐC" and set(signer(report)[1]) == {"…"}
    district = doc_of(packet, "29-uy-ban-nhan-dan-huyen-cam-lo", "bao-cao-2024.docx")
    assert signer(district)[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_the_monitor_reports_to_the_issuer(packet):
    lines = texts(packet / "02-so-khoa-hoc-va-cong-nghe" / "bao-cao-2024.docx")
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Trị." in lines


# ------------------------------------------------------------------ dispatch sent by the issuer

def test_issuer_can_send_the_dispatch_instead_of_the_monitor(tmp_path):
    from khcn_docs.documents import cong_van_trien_khai
    from khcn_docs.spec.load import load_plan
    from tests.spec.tiny_spec import VALID, write_project

    plan = load_plan(write_project(tmp_path, VALID + "dispatch:\n  sender: issuer\n  unit: KGVX\n"))
    units = {u.agency: u for u in cong_van_trien_khai.units(plan)}
    assert "so-khcn" in units                      # the monitor gets one too: the sender is the issuer
    ctx = units["so-noi-vu"].context
    assert ctx["doc"]["number_line"].endswith("/UBND-KGVX") and ctx["hdr"]["issuer"] == "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ"
    assert ctx["recipients"] == ["Như trên", "Sở KH&CN (theo dõi)"]
    assert ctx["sig"]["lines"][0] == "TM. ỦY BAN NHÂN DÂN"
    monitor_body = " ".join(b["runs"][0]["text"] for b in units["so-khcn"].context["body"])
    assert "gửi Ủy ban nhân dân tỉnh Quảng Trị." in monitor_body and "(qua" not in monitor_body
