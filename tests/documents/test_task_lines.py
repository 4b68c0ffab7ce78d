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


@pytest.mark.parametrize("text, expected", [
    ("Nhiệm vụ theo điểm a)", "Nhiệm vụ theo điểm a), mục II.1.a"),
    ("Nhiệm vụ (a) và (b)", "Nhiệm vụ (a) và (b), mục II.1.a"),
    ("Rà soát quy định về nhân lực (đợt 1)", "Rà soát quy định về nhân lực (đợt 1), mục II.1.a"),
    ("Gửi báo cáo (qua Sở Nội vụ) đúng hạn (đợt 1)", "Gửi báo cáo (qua Sở Nội vụ) đúng hạn (đợt 1), mục II.1.a"),
    ("… khi có yêu cầu (qua Sở Tài chính (Phòng Ngân sách))",
     "… khi có yêu cầu (qua Sở Tài chính (Phòng Ngân sách); mục II.1.a)"),
    ("Báo cáo qua Sở Nội vụ)", "Báo cáo qua Sở Nội vụ), mục II.1.a"),
])
def test_cited_joins_the_place_only_to_a_final_routing_note(text, expected):
    """The place goes into a final "(qua …)" group, the routing note the plan writes; after any other
    final ")" (not a reference, or not a group) it follows a comma, never ") (" nor inside it."""
    assert per_agency.cited(text, "II.1.a") == expected


TRIAL = """  - section: NHIỆM VỤ THỬ
    children:
      - task: T.1
        lead: [so-noi-vu]
        support: [so-tai-chinh, so-y-te]
        deadline: 2024-09-30
        item: Rà soát quy định về nhân lực (đợt 1);
        children:
          - item: Rà soát văn bản cấp tỉnh;
            children:
              - item: Văn bản về tiền lương;
          - task: T.1b
            item: Tổng hợp kết quả rà soát.
          - item: Đề xuất sửa đổi.
      - task: T.2
        lead: [so-noi-vu, so-tai-chinh]
        item: Nhiệm vụ đồng chủ trì.
      - task: T.3
        lead: [so-y-te]
        support: [so-noi-vu, ubnd-huyen, truong-dh-cd, lien-hiep-hoi]
        item: Nhiệm vụ nhiều cơ quan phối hợp.
"""


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    """Return the build report of the bundled plan with a section of trial tasks before its last one
    (III; TỔ CHỨC THỰC HIỆN becomes IV)."""
    root = tmp_path_factory.mktemp("trial")
    shutil.copytree(ROOT / "variables", root / "variables")
    spec = root / "variables" / "plans" / BUNDLED.name
    text = spec.read_text(encoding="utf-8")
    anchor = "  - section: TỔ CHỨC THỰC HIỆN\n"
    assert text.count(anchor) == 1
    spec.write_text(text.replace(anchor, TRIAL + anchor), encoding="utf-8")
    return build(spec, root / "output", templates=ROOT / "templates")


def cell_of(report, aid: str, start: str) -> str:
    """Return the task cell of ``aid``'s report form that starts with ``start``."""
    table = Document(str(report.path_of("bao-cao", aid))).tables[1]
    [cell] = [row.cells[1].text for row in table.rows[1:] if row.cells[1].text.startswith(start)]
    return cell


def test_a_tasks_sub_items_are_in_its_letter_and_its_form(trial):
    """T.1's items, the nested one too, print under it as "+" lines (not T.1b, a task of its own),
    before its other side and deadline: in the letter, each a line ending ";"; in the form, lines
    of the one cell ending with "."."""
    letter = texts(trial.path_of("cong-van-trien-khai", "so-noi-vu"))
    at = letter.index("- Rà soát quy định về nhân lực (đợt 1), mục III:")
    assert letter[at + 1:at + 6] == ["+ Rà soát văn bản cấp tỉnh;", "+ Văn bản về tiền lương;", "+ Đề xuất sửa đổi.",
                                     "Cơ quan phối hợp: Sở Tài chính và Sở Y tế. Thời hạn: 30/9/2024;",
                                     "- Tổng hợp kết quả rà soát (mục III). Cơ quan phối hợp: Sở Tài chính và Sở Y tế;"]
    assert cell_of(trial, "so-noi-vu", "Rà soát quy định") == (
        "Rà soát quy định về nhân lực (đợt 1), mục III:\n+ Rà soát văn bản cấp tỉnh;\n+ Văn bản về tiền lương;\n"
        "+ Đề xuất sửa đổi.\nCơ quan phối hợp: Sở Tài chính và Sở Y tế. Thời hạn: 30/9/2024.")


def test_a_task_with_sub_items_and_nothing_after_them_ends_with_its_last_item(trial):
    """To a supporter of T.1 the "+" lines come before "Cơ quan chủ trì"; the form's cell ends "."."""
    assert cell_of(trial, "so-y-te", "Rà soát quy định").endswith(
        "+ Đề xuất sửa đổi.\nCơ quan chủ trì: Sở Nội vụ. Thời hạn: 30/9/2024.")


@pytest.mark.parametrize("aid, other", [("so-noi-vu", "Sở Tài chính"), ("so-tai-chinh", "Sở Nội vụ")])
def test_a_co_lead_is_named_to_the_other(trial, aid, other):
    """T.2 has two leads: each one's letter and form name the other as "Cơ quan cùng chủ trì"."""
    line = f"Nhiệm vụ đồng chủ trì (mục III). Cơ quan cùng chủ trì: {other}"
    assert any(t.startswith(f"- {line}") for t in texts(trial.path_of("cong-van-trien-khai", aid)))
    assert cell_of(trial, aid, "Nhiệm vụ đồng chủ trì") == f"{line}."


def test_a_task_given_to_a_whole_group_names_no_co_lead(trial):
    """III.1 (now IV.1), led by the Sở, ban, ngành and the districts, is each body's in its own field:
    Sở Nội vụ's row names no "cùng chủ trì"."""
    assert "cùng chủ trì" not in cell_of(trial, "so-noi-vu", "Thủ trưởng cơ quan các Sở")


def test_bodies_with_commas_in_their_names_are_apart_by_semicolons_in_the_plans_order(trial):
    """T.3's supporters, as the plan lists them: two group names with commas of their own, so ";"."""
    assert cell_of(trial, "so-y-te", "Nhiệm vụ nhiều cơ quan") == (
        "Nhiệm vụ nhiều cơ quan phối hợp (mục III). Cơ quan phối hợp: Sở Nội vụ; Ủy ban nhân dân các huyện, thị xã, "
        "thành phố; các trường đại học, cao đẳng trên địa bàn tỉnh; Liên hiệp các Hội khoa học và kỹ thuật tỉnh.")
