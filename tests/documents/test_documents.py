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


def group(body, lead_in):
    """Return the "- " lines that follow ``lead_in`` in ``body``."""
    start = body.index(lead_in) + 1
    end = next((n for n in range(start, len(body)) if not body[n].startswith("- ")), len(body))
    return body[start:end]


def test_dispatch_body_cites_plan_tasks_deadline_and_form(dispatch, plan):
    body = [p.text for p in dispatch.paragraphs if p.text.strip()]
    assert body[1].startswith("Thực hiện Kế hoạch số       /KH-UBND ngày      /     /2024 của UBND tỉnh Quảng Trị")
    assert body[1].endswith("cụ thể như sau:") and body[2] == "a) Nhiệm vụ chủ trì thực hiện:"
    led, supported = group(body, "a) Nhiệm vụ chủ trì thực hiện:"), group(body, "b) Nhiệm vụ phối hợp thực hiện:")
    roles = [role for _, role in plan.tasks_for("so-noi-vu")]
    assert (len(led), len(supported)) == (roles.count("lead"), roles.count("support"))
    for lines in (led, supported):   # each group a list of its own: ";" after each line, "." after its last
        assert lines[-1].endswith(".") and all(t.endswith(";") for t in lines[:-1])
    # the line is the plan's text, not a role label in front of it ("- Phối hợp: Chủ trì, phối hợp với …")
    assert not [t for t in body if t.startswith(("- Chủ trì: ", "- Phối hợp: "))]
    assert "- Chủ trì, phối hợp với Sở Khoa học và Công nghệ và cơ quan, đơn vị liên quan tăng cường cải cách " \
           "hành chính, phân cấp, phân quyền để nâng cao hiệu lực, hiệu quả quản lý nhà nước trong lĩnh vực khoa " \
           "học, công nghệ và đổi mới sáng tạo (mục II.2.c). Cơ quan phối hợp: Sở Khoa học và Công nghệ;" in led
    # a task Sở Nội vụ supports names the body leading it
    assert any(t.startswith("- Phối hợp với Sở Khoa học và Công nghệ trong việc xây dựng chính sách thu hút")
               and t.endswith("(mục II.2.c). Cơ quan chủ trì: Sở Khoa học và Công nghệ;") for t in supported)
    assert all("Cơ quan chủ trì: " in t for t in supported) and not any("Cơ quan chủ trì: " in t for t in led)
    # III.1 ends with its own parenthesis: its place joins it; its deadline and product follow
    assert led[-1].endswith("hoặc khi có yêu cầu (qua Sở Khoa học và Công nghệ; mục III.1). Thời hạn: Ngày 15 "
                            "tháng 11 hằng năm, hoặc khi có yêu cầu. Sản phẩm: Báo cáo kết quả thực hiện gửi Ủy "
                            "ban nhân dân tỉnh (qua Sở Khoa học và Công nghệ).")
    text = "\n".join(body)
    assert "ngày 15 tháng 11 hằng năm" in text and "biểu mẫu báo cáo kèm theo" in text
    assert "gửi về Sở Khoa học và Công nghệ" in text and body[-1].endswith("./.")


@pytest.mark.parametrize("folder, lead_ins", [
    ("05-so-tai-chinh", ["a) Nhiệm vụ chủ trì thực hiện:", "b) Nhiệm vụ phối hợp thực hiện:"]),
    ("24-lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat-tinh", ["Nhiệm vụ phối hợp thực hiện:"]),  # one group: no letter
    ("36-phan-hieu-dai-hoc-hue-tai-quang-tri", ["Nhiệm vụ chủ trì thực hiện:"]),
])
def test_dispatch_groups_tasks_under_their_role(packet, folder, lead_ins):
    body = [p.text for p in doc_of(packet, folder, "cong-van-trien-khai.docx").paragraphs if p.text.strip()]
    assert [line for line in body if line.startswith(("a) ", "b) ", "Nhiệm vụ "))] == lead_ins


def test_dispatch_to_the_lead_of_a_task_worded_for_its_supporter(packet):
    """II.2.b-4, "Phối hợp với Sở Tài chính …", is Sở Tài chính's to lead (Sở KH&CN supports): its
    letter lists it with the tasks it leads and names who supports it, the other way round for Liên hiệp
    các Hội's "Chủ trì, phối hợp với Sở Nội vụ, Liên hiệp các Hội …" (II.3.b-4, led by Sở KH&CN)."""
    body = [p.text for p in doc_of(packet, "05-so-tai-chinh", "cong-van-trien-khai.docx").paragraphs]
    line = next(t for t in group(body, "a) Nhiệm vụ chủ trì thực hiện:") if "Phối hợp với Sở Tài chính" in t)
    assert line.endswith("(mục II.2.b). Cơ quan phối hợp: Sở Khoa học và Công nghệ;")
    body = [p.text for p in doc_of(packet, "24-lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat-tinh",
                                   "cong-van-trien-khai.docx").paragraphs]
    [line] = group(body, "Nhiệm vụ phối hợp thực hiện:")
    assert line.startswith("- Chủ trì, phối hợp với Sở Nội vụ, Liên hiệp các Hội khoa học kỹ thuật tỉnh")
    assert line.endswith("(mục II.3.b). Cơ quan chủ trì: Sở Khoa học và Công nghệ.")


def test_no_two_parentheses_follow_each_other(packet):
    """A task ending with its own parenthesis (III.1: "… (qua Sở Khoa học và Công nghệ).") takes its
    place inside it, in every letter and every form."""
    files = [*packet.glob("*/cong-van-trien-khai.docx"), *packet.glob("*/bao-cao-2024.docx")]
    doubled = [(f.parent.name, line) for f in files for line in texts(f) if re.search(r"\)\s*\(", line)]
    assert len(files) == 69 and doubled == []


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
    # the year reported on comes before the plan's reference, never after it, where it would read as the plan's
    assert body[1] == "Kết quả thực hiện năm 2024 Kế hoạch số       /KH-UBND ngày      /     /2024 của UBND tỉnh Quảng Trị"
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
        assert row[0] == str(n) and row[1].startswith(task.text.rstrip(" .;:)"))
        assert f"mục {task.label})" in row[1] and row[1].endswith(" ".join(["", *stated]) or ".")
        assert ("Cơ quan chủ trì: " in row[1]) == (role == "support")
        assert row[2] == {"lead": "Chủ trì", "support": "Phối hợp"}[role] and row[3:] == ["", ""]
    by_id = {task.id: row[1] for row, (task, _) in zip(rows, expected)}
    assert by_id["II.1.a-1"].endswith("là một nhiệm vụ trọng tâm của cơ quan, đơn vị, địa phương (mục II.1.a).")
    assert by_id["II.2.c-1"].endswith("(mục II.2.c). Cơ quan chủ trì: Sở Khoa học và Công nghệ.")
    assert by_id["II.2.c-2"].endswith("(mục II.2.c). Cơ quan phối hợp: Sở Khoa học và Công nghệ.")
    # the deadline and product the plan states for III.1, in its row (as the plan's text does not say them apart)
    assert rows[-1][1].endswith("(qua Sở Khoa học và Công nghệ; mục III.1). Thời hạn: Ngày 15 tháng 11 hằng năm, "
                                "hoặc khi có yêu cầu. Sản phẩm: Báo cáo kết quả thực hiện gửi Ủy ban nhân dân tỉnh "
                                "(qua Sở Khoa học và Công nghệ).")


def test_the_monitors_form_names_the_groups_it_leads_with(packet):
    """Sở KH&CN leads II.2.b "phối hợp với các sở, ban, ngành …, Ủy ban nhân dân các huyện …": its
    row names the two groups (Sở KH&CN, one of the Sở, ban, ngành, not counted out), not 29 bodies,
    apart by ";" as their names have commas of their own."""
    rows = [[c.text for c in row.cells] for row in doc_of(packet, "02-so-khoa-hoc-va-cong-nghe",
                                                          "bao-cao-2024.docx").tables[1].rows[1:]]
    row = next(r for r in rows if r[1].startswith("Tổ chức thực hiện tốt Chiến lược phát triển khoa học"))
    assert row[1].endswith("(mục II.2.b). Cơ quan phối hợp: các Sở, ban, ngành cấp tỉnh; Ủy ban nhân dân các "
                           "huyện, thị xã, thành phố.") and row[2] == "Chủ trì"
    row = next(r for r in rows if r[1].startswith("Phối hợp với Sở Tài chính trong triển khai"))
    assert row[1].endswith("(mục II.2.b). Cơ quan chủ trì: Sở Tài chính.") and row[2] == "Phối hợp"


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
