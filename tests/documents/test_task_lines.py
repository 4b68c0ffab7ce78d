"""How a task of the plan is written into a letter's line and a form's cell: its own final stop
gives way to its place (a plan's last point ends "./."), and a parenthesis ending it takes the place."""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from khcn_docs.build import build
from khcn_docs.documents import per_agency
from tests.documents.conftest import BUNDLED, ROOT, texts


@pytest.mark.parametrize("text, expected", [
    ("Tổng kết, khen thưởng tập thể, cá nhân có thành tích./.", "Tổng kết, khen thưởng tập thể, cá nhân có thành tích"),
    ("… có thành tích/.", "… có thành tích"),
    ("… có thành tích ./. ", "… có thành tích"),
    ("… địa phương.", "… địa phương"),
    ("… như sau:", "… như sau"),
    ("… khi có yêu cầu (qua Sở Khoa học và Công nghệ)./.", "… khi có yêu cầu (qua Sở Khoa học và Công nghệ)"),
    ("Nghị quyết số 20-NQ/TW", "Nghị quyết số 20-NQ/TW"),   # a slash of the text itself stays
    ("Nhiệm vụ,", "Nhiệm vụ"),
    ("Nhiệm vụ;.", "Nhiệm vụ"),
    ("Thu thập hồ sơ, tài liệu, v.v.", "Thu thập hồ sơ, tài liệu, v.v."),  # the abbreviation's own dot
    ("Thu thập hồ sơ, tài liệu, v.v./.", "Thu thập hồ sơ, tài liệu, v.v."),
    ("Thu thập hồ sơ, tài liệu, v.v.;", "Thu thập hồ sơ, tài liệu, v.v."),
    ("Thu thập hồ sơ, tài liệu...", "Thu thập hồ sơ, tài liệu..."),
    ("Thu thập hồ sơ, tài liệu…", "Thu thập hồ sơ, tài liệu…"),
])
def test_bare_drops_the_final_stop(text, expected):
    assert per_agency.bare(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("… địa phương", "… địa phương (mục II.1.a)"),
    ("… khi có yêu cầu (qua Sở Khoa học và Công nghệ)", "… khi có yêu cầu (qua Sở Khoa học và Công nghệ; mục II.1.a)"),
])
def test_cited_never_puts_two_parentheses_together(text, expected):
    assert per_agency.cited(text, "II.1.a") == expected


def test_a_task_ending_the_plan_with_its_end_mark(tmp_path):
    """III.2, the plan's last point, ending "./." as the last point of a plan does: the monitor's form
    says "… Kế hoạch (mục III.2).", not "… Kế hoạch./ (mục III.2)."; III.1, ending with its parenthesis
    then "./.", is "… (qua Sở Khoa học và Công nghệ; mục III.1)." in a letter."""
    shutil.copytree(ROOT / "variables", tmp_path / "variables")
    spec = tmp_path / "variables" / "plans" / BUNDLED.name
    text = spec.read_text(encoding="utf-8")
    for old in ("đồng bộ và có hiệu quả Kế hoạch.\n", "hoặc khi có yêu cầu (qua Sở Khoa học và Công nghệ).\n"):
        assert text.count(old) == 1
        text = text.replace(old, old.replace(".\n", "./.\n"))
    spec.write_text(text, encoding="utf-8")
    report = build(spec, tmp_path / "output", templates=ROOT / "templates")
    rows = [[c.text for c in row.cells]
            for row in Document(str(report.path_of("bao-cao", "so-khcn"))).tables[1].rows[1:]]
    assert rows[-1][1] == ("Sở Khoa học và Công nghệ chịu trách nhiệm theo dõi, đôn đốc, kiểm tra, giám sát việc "
                           "triển khai thực hiện Kế hoạch này. Định kỳ, đột xuất báo cáo Ủy ban nhân dân tỉnh tình "
                           "hình triển khai Kế hoạch và kiến nghị, đề xuất các biện pháp cần thiết để bảo đảm thực "
                           "hiện đồng bộ và có hiệu quả Kế hoạch (mục III.2). Thời hạn: Định kỳ, đột xuất. Sản "
                           "phẩm: Báo cáo Ủy ban nhân dân tỉnh tình hình triển khai Kế hoạch, kiến nghị, đề xuất.")
    letter = texts(report.path_of("cong-van-trien-khai", "so-noi-vu"))
    [line] = [t for t in letter if "(mục III.1)" in t or "mục III.1)" in t]
    assert "khi có yêu cầu (qua Sở Khoa học và Công nghệ; mục III.1). Thời hạn: " in line
    assert not [t for t in letter if "/ (" in t or "./." in t[:-3]]


def test_a_task_ending_with_an_abbreviation_keeps_its_dots_and_a_final_comma_goes(tmp_path):
    """``item: "Thu thập hồ sơ, tài liệu, v.v."`` is "…, v.v. (mục I)" (not "…, v.v (mục I)"), its
    product ending "v.v." gets no second dot; ``item: "Cải cách hành chính,"`` loses its comma."""
    from tests.spec.tiny_spec import VALID, edit, write_project

    spec = write_project(tmp_path, edit(VALID, ("item: Tổ chức tuyên truyền.", 'item: "Thu thập hồ sơ, tài liệu, v.v."\n'
                                                "        product: Báo cáo, số liệu, v.v."),
                                        ("item: Cải cách hành chính.", 'item: "Cải cách hành chính,"')))
    report = build(spec, tmp_path / "out", templates=ROOT / "templates")
    letter = texts(report.path_of("cong-van-trien-khai", "so-noi-vu"))
    assert "- Thu thập hồ sơ, tài liệu, v.v. (mục I). Sản phẩm: Báo cáo, số liệu, v.v.;" in letter
    assert "- Cải cách hành chính (mục I). Cơ quan phối hợp: Sở Khoa học và Công nghệ." in letter
    cells = [row.cells[1].text for row in Document(str(report.path_of("bao-cao", "so-noi-vu"))).tables[1].rows[1:]]
    assert cells == ["Thu thập hồ sơ, tài liệu, v.v. (mục I). Sản phẩm: Báo cáo, số liệu, v.v.",
                     "Cải cách hành chính (mục I). Cơ quan phối hợp: Sở Khoa học và Công nghệ."]
