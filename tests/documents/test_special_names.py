"""Agency names with XML-special characters and very long names render intact in every kind."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from khcn_docs import reminders
from khcn_docs.documents import per_agency
from khcn_docs.spec.load import load_plan
from khcn_docs.tracking import Tracker
from tests.documents.conftest import ROOT, ok, texts
from tests.documents.test_nd30_check import check
from tests.spec.tiny_spec import VALID, VARIABLES, write_project

ODD = "Sở Nội vụ & Đào tạo <thí điểm> > “R&D”"
LONG = ("Sở Khoa học, Công nghệ và Đổi mới sáng tạo, Chuyển đổi số & Phát triển nguồn nhân lực chất lượng "
        "cao tỉnh Quảng Trị (thí điểm sắp xếp tổ chức bộ máy năm 2025)")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Return (plan, plan folder): the tiny spec with the odd and the long names, built and reminded."""
    root = tmp_path_factory.mktemp("names")
    registry = (VARIABLES / "agencies.yaml").read_text(encoding="utf-8")
    registry = registry.replace("    name: Sở Nội vụ\n", f"    name: '{ODD}'\n", 1)
    registry = registry.replace("    name: Sở Khoa học và Công nghệ\n", f"    name: '{LONG}'\n", 1)
    spec = write_project(root, VALID, agencies=registry)
    ok("build", spec, "-o", root / "out", "-q", "--templates", ROOT / "templates")
    plan, folder = load_plan(spec), root / "out" / "plan"
    tracker = Tracker(folder / "theo-doi.sqlite", "plan")
    try:
        reminders.remind(plan, tracker, folder, ROOT / "templates", dt.date(2024, 11, 16))
        reminders.remind(plan, tracker, folder, ROOT / "templates", dt.date(2024, 11, 23), combined=True)
    finally:
        tracker.close()
    return plan, folder


def joined(path):
    """Return the document's text with line breaks and runs of spaces folded to one space."""
    return re.sub(r"\s+", " ", " ".join(texts(path)))


def test_names_survive_in_dispatch_report_and_reminders(built):
    plan, folder = built
    odd = folder / per_agency.folder(plan, "so-noi-vu")
    assert f"Kính gửi: {ODD}." in texts(odd / "cong-van-trien-khai.docx")
    assert f"đề nghị {ODD} triển khai" in joined(odd / "cong-van-trien-khai.docx")
    report = joined(odd / "bao-cao-2024.docx")
    assert "SỞ NỘI VỤ & ĐÀO TẠO <THÍ ĐIỂM> > “R&D”" in report and f"{ODD} báo cáo kết quả" in report
    assert f"Kính gửi: {ODD}." in texts(odd / "cong-van-don-doc-2024-lan-1.docx")
    combined = next((folder / "don-doc-chung").glob("*.docx"))
    assert any(line.startswith(f"- {ODD}") for line in texts(combined))


def test_a_very_long_name_is_printed_whole(built):
    plan, folder = built
    dispatch = joined(folder / per_agency.folder(plan, "so-noi-vu") / "cong-van-trien-khai.docx")
    assert "Thực hiện Kế hoạch" in dispatch and f", {LONG} đề nghị" in dispatch
    assert re.sub(r"\s+", " ", LONG.upper()) in joined(folder / per_agency.folder(plan, "so-khcn") / "bao-cao-2024.docx")


def test_folder_names_stay_ascii_and_short(built):
    plan, folder = built
    for sub in (p for p in folder.iterdir() if p.is_dir()):
        assert re.fullmatch(r"[a-z0-9-]{1,90}", sub.name), sub.name


def test_odd_and_long_names_pass_the_checker(built):
    _, folder = built
    code, found = check(sorted(folder.rglob("*.docx")), folder)
    assert (code, found) == (0, set())
