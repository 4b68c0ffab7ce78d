"""Drafts leave number and date blank; issued documents fill them per ND30."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document

from khcn_docs import vn
from khcn_docs.build import build
from tests.render.conftest import write_spec


@pytest.mark.parametrize("date, expected", [
    (dt.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
    (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    (dt.date(2024, 8, 15), "ngày 15 tháng 8 năm 2024"),
    (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
    (dt.date(2024, 12, 9), "ngày 09 tháng 12 năm 2024"),
    (dt.date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
])
def test_long_date_leading_zero_rules(date, expected):
    assert vn.long_date(date) == expected


@pytest.mark.parametrize("date, expected", [
    (dt.date(2024, 8, 20), "20/8/2024"),
    (dt.date(2025, 3, 5), "05/3/2025"),
    (dt.date(2025, 1, 15), "15/01/2025"),
    (dt.date(2024, 2, 9), "09/02/2024"),
    (dt.date(2024, 11, 15), "15/11/2024"),
])
def test_short_date_leading_zero_rules(date, expected):
    """Dates inside body text follow ô 4's rule: a zero before days below 10 and months 1-2 only."""
    assert vn.short_date(date) == expected


def test_letters_cite_the_plan_dated_as_the_header_writes_it(project):
    """The plan dated 20/08/2024 (as the clerk typed it) is cited "ngày 20/8/2024" in the dispatch
    letter and the report form, as its header writes "ngày 20 tháng 8 năm 2024"."""
    spec = write_spec(project, number="  number: 135\n  date: 20/08/2024\n")
    spec.write_text(spec.read_text(encoding="utf-8").replace("lead: [so-khcn]", "lead: [so-noi-vu]"), encoding="utf-8")
    report = build(spec, project / "output", templates=project / "templates")
    for kind in ("cong-van-trien-khai", "bao-cao"):
        said = "\n".join(p.text for p in Document(str(report.path_of(kind, "so-noi-vu"))).paragraphs)
        assert "Kế hoạch số 135/KH-UBND ngày 20/8/2024 của UBND tỉnh Quảng Trị" in said
        assert "20/08/2024" not in said


@pytest.mark.parametrize("number, expected", [(1, "01"), (9, "09"), (10, "10"), (155, "155")])
def test_document_number_leading_zero_below_ten(number, expected):
    assert vn.number_str(number) == expected


def header_row(report):
    table = Document(str(report.path_of("ke-hoach"))).tables[0]
    return [cell.paragraphs[0].text for cell in table.rows[1].cells]


@pytest.mark.parametrize("extra, number, place_date", [
    ("", "Số:       /KH-UBND", "Quảng Trị, ngày       tháng       năm 2024"),
    ("  number: 5\n  date: 05/08/2024\n", "Số: 05/KH-UBND", "Quảng Trị, ngày 05 tháng 8 năm 2024"),
    ("  number: 135\n  date: 2024-02-09\n", "Số: 135/KH-UBND", "Quảng Trị, ngày 09 tháng 02 năm 2024"),
])
def test_number_and_date_lines(project, extra, number, place_date):
    spec = write_spec(project, number=extra)
    report = build(spec, project / "output", kinds=["ke-hoach"], templates=project / "templates")
    assert [vn.fold_ws(x) for x in header_row(report)] == [vn.fold_ws(number), vn.fold_ws(place_date)]
    assert "tháng 08" not in header_row(report)[1]


def test_upper_keeps_diacritics():
    assert vn.upper("Sở Giáo dục và Đào tạo, ưu tiên") == "SỞ GIÁO DỤC VÀ ĐÀO TẠO, ƯU TIÊN"


def test_nfd_input_is_normalised(project):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Thử nghiệm Sở Tài chính")
    spec = write_spec(project, title=decomposed)
    report = build(spec, project / "output", kinds=["ke-hoach"], templates=project / "templates")
    texts = [p.text for p in Document(str(report.path_of("ke-hoach"))).paragraphs]
    assert unicodedata.normalize("NFC", decomposed) in texts
    assert decomposed not in texts


def test_vietnamese_sort_order():
    words = ["Ủy ban", "Đà Nẵng", "An Giang", "Ăn", "Bắc Ninh", "Ô Môn", "Ơn", "Yên Bái", "Dương"]
    assert sorted(words, key=vn.sort_key) == ["An Giang", "Ăn", "Bắc Ninh", "Dương", "Đà Nẵng", "Ô Môn", "Ơn",
                                              "Ủy ban", "Yên Bái"]
