"""Each agency's tasks by role, as the seed gives them (read by hand), and the agencies table/exports."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from khcn_docs import assignments
from tests.documents.conftest import BUNDLED, ok

# Tasks the seed gives to "Các Sở, ban, ngành, Ủy ban nhân dân các huyện…" to lead, and those where
# "Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ban, ngành, UBND các huyện…" (support).
GROUP_LEAD = {"II.1.a-1", "II.1.a-2", "II.2.a-1", "II.2.a-2", "II.2.a-3", "II.2.a-4", "II.3.a",
              "II.4.a-1", "II.4.a-2", "II.6.a", "III.1"}
GROUP_SUPPORT = {"II.2.b-1", "II.2.b-2", "II.2.b-3", "II.2.b-5", "II.3.b-1", "II.3.b-2", "II.3.b-3",
                 "II.3.b-5", "II.4.b-1", "II.4.b-2", "II.4.b-3", "II.4.b-4", "II.5.a", "II.5.b-1", "II.5.b-2"}


@pytest.fixture(scope="module")
def rows(plan):
    return {r.agency_id: r for r in assignments.assignments(plan)}


@pytest.mark.parametrize("agency, lead, support", [
    # seed II.2.c "Sở Nội vụ": "- Chủ trì, phối hợp … tăng cường cải cách hành chính" (lead),
    # "- Phối hợp với Sở KH&CN … thu hút nhân lực" (II.2.c-1); II.3.b "- Chủ trì, phối hợp với Sở Nội vụ,
    # Liên hiệp các Hội …" (II.3.b-4, Sở Nội vụ supports)
    ("so-noi-vu", GROUP_LEAD | {"II.2.c-2"}, GROUP_SUPPORT | {"II.2.c-1", "II.3.b-4"}),
    # seed II.2.d "Sở Tài chính": "- Chủ trì … tài sản hình thành từ nhiệm vụ KH&CN"; II.2.b "- Phối hợp với
    # Sở Tài chính … dự toán" names Sở Tài chính to lead II.2.b-4; "- Phối hợp … Quỹ phát triển KH&CN"
    ("so-tai-chinh", GROUP_LEAD | {"II.2.b-4", "II.2.d-1"}, GROUP_SUPPORT | {"II.2.d-2"}),
    # seed II.3.c "Sở Giáo dục và Đào tạo" (two items) and II.4.c
    ("so-gddt", GROUP_LEAD | {"II.3.c-1", "II.3.c-2", "II.4.c"}, GROUP_SUPPORT),
    # not a Sở, not a district: named once, in II.3.b-4
    ("lien-hiep-hoi", set(), {"II.3.b-4"}),
    # seed II.3.d "Các Trường Đại học, Cao đẳng trên địa bàn tỉnh"
    ("cd-y-te", {"II.3.d"}, set()),
    # a district: every group task except II.6.a ("Các sở, ban ngành liên quan")
    ("ubnd-cam-lo", GROUP_LEAD - {"II.6.a"}, GROUP_SUPPORT),
])
def test_agency_tasks_match_the_seed(rows, agency, lead, support):
    assert (set(rows[agency].lead), set(rows[agency].support)) == (lead, support)


def test_lead_wins_and_no_task_is_listed_twice(rows):
    for row in rows.values():
        assert len(row.lead) == len(set(row.lead)) and len(row.support) == len(set(row.support))
        assert not set(row.lead) & set(row.support), row.agency_id
    assert "II.5.a" in rows["so-khcn"].lead and "II.5.a" not in rows["so-khcn"].support


def test_rows_follow_the_registry_order(plan, rows):
    order = list(plan.registry.agencies)
    assert list(rows) == sorted(rows, key=order.index)
    assert "ubnd-tinh" not in rows  # the issuer has no task of its own


def test_cli_prints_the_table_and_writes_csv_with_bom_and_xlsx(tmp_path, rows):
    csv_path, xlsx_path = tmp_path / "phan-cong.csv", tmp_path / "phan-cong.xlsx"
    out = ok("agencies", BUNDLED, "--csv", csv_path, "--xlsx", xlsx_path)
    assert "Sở Nội vụ" in out and f"{len(rows)} cơ quan" in out
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    by_id = {line[1]: line for line in table[1:]}
    assert by_id["so-noi-vu"][2] == "Sở Nội vụ"
    assert int(by_id["so-noi-vu"][3]) == len(rows["so-noi-vu"].lead)
    assert by_id["so-noi-vu"][6].split(", ") == list(rows["so-noi-vu"].support)
    sheet = load_workbook(xlsx_path).active
    values = [["" if c.value is None else c.value for c in row] for row in sheet.iter_rows()]
    assert values[1:] == [[int(v) if v.isdigit() else v for v in line] for line in table[1:]]


def test_the_text_table_rules_line_up_with_its_columns(rows):
    lines = assignments.format_table(list(rows.values())).splitlines()
    bars = [i for i, c in enumerate(lines[0]) if c == "|"]
    assert len(bars) == 3 and [i for i, c in enumerate(lines[1]) if c == "+"] == bars
    assert all(line[i] == "|" for line in lines[2:-2] for i in bars if i < len(line))


@pytest.mark.parametrize("option, name, suffix", [("--xlsx", "phan-cong.csv", ".xlsx"), ("--csv", "phan-cong.xlsx", ".csv")])
def test_an_export_under_the_other_extension_is_refused_before_writing(tmp_path, option, name, suffix):
    from tests.documents.conftest import run_cli

    done = run_cli("agencies", BUNDLED, option, tmp_path / name)
    assert done.returncode == 2 and f"cần có đuôi {suffix}" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / name).exists()


def test_an_export_that_cannot_be_written_names_the_file_asked_for(tmp_path):
    from tests.documents.conftest import run_cli

    (tmp_path / "khong-phai-thu-muc").write_text("x", encoding="utf-8")
    target = tmp_path / "khong-phai-thu-muc" / "phan-cong.xlsx"
    done = run_cli("agencies", BUNDLED, "--xlsx", target)
    assert done.returncode == 11 and f"Không đọc hoặc ghi được {target}: " in done.stderr
    assert ".part" not in done.stderr and "Traceback" not in done.stderr
