"""How the plan's data becomes text in every document: its trích yếu, its first word when the
letters cite it, a task's deadline, and the numbering of nested sections."""

from __future__ import annotations

import pytest

from khcn_docs.build import build
from khcn_docs.errors import SpecError
from khcn_docs.spec.load import load_plan
from tests.documents.conftest import ROOT, texts
from tests.spec.tiny_spec import VALID, edit, write_project

TITLE = "  title: Kế hoạch thử nghiệm\n"


def _built(tmp_path, *edits: tuple[str, str]):
    """Return the build report of the tiny spec with ``edits`` applied, every kind, real templates."""
    spec = write_project(tmp_path, edit(VALID, *edits))
    return build(spec, tmp_path / "out", templates=ROOT / "templates")


def _letters(report, agency: str = "so-noi-vu") -> str:
    """Return the text of the dispatch letter and the report form to ``agency``, one paragraph a line."""
    return "\n".join(line for kind in ("cong-van-trien-khai", "bao-cao") for line in texts(report.path_of(kind, agency)))


def test_a_trich_yeu_written_with_a_final_stop_is_printed_without_it(tmp_path):
    report = _built(tmp_path, (TITLE, "  title: Kế hoạch thử nghiệm cấu trúc.\n"))
    assert report.plan.spec.document.title == "Kế hoạch thử nghiệm cấu trúc"
    assert "Kế hoạch thử nghiệm cấu trúc" in texts(report.path_of("ke-hoach"))
    letters = _letters(report)
    assert letters.count("về kế hoạch thử nghiệm cấu trúc (sau đây gọi tắt là Kế hoạch)") == 2
    assert "cấu trúc." not in letters


@pytest.mark.parametrize("typed, kept", [
    ("Kế hoạch thử nghiệm./.", "Kế hoạch thử nghiệm"),
    ("Kế hoạch thử nghiệm /.", "Kế hoạch thử nghiệm"),
    ("Kế hoạch thử nghiệm;", "Kế hoạch thử nghiệm"),
    ('"Kế hoạch thử nghiệm:"', "Kế hoạch thử nghiệm"),
    ("Kế hoạch thử nghiệm,", "Kế hoạch thử nghiệm"),
    ("Kế hoạch thử nghiệm..", "Kế hoạch thử nghiệm"),
    ("Kế hoạch thử nghiệm, v.v.", "Kế hoạch thử nghiệm, v.v."),  # the abbreviation's own dot stays
    ("Kế hoạch thử nghiệm…", "Kế hoạch thử nghiệm…"),
])
def test_a_trich_yeu_loses_its_end_mark_but_not_an_abbreviations_dot(tmp_path, typed, kept):
    plan = load_plan(write_project(tmp_path, edit(VALID, (TITLE, f"  title: {typed}\n"))))
    assert plan.spec.document.title == kept


@pytest.mark.parametrize("typed", ['"."', '"./."', '"…"', '"-"', '"..."'])
def test_a_trich_yeu_with_no_letter_or_digit_is_refused_at_its_line(tmp_path, typed):
    with pytest.raises(SpecError) as info:
        load_plan(write_project(tmp_path, edit(VALID, (TITLE, f"  title: {typed}\n"))))
    assert f":5:3: document.title: trích yếu “{typed.strip(chr(34))}” không có chữ hay số nào — ghi nội dung" \
        in info.value.message


@pytest.mark.parametrize("title, cited", [
    ("Thực hiện Quyết định số 709/QĐ-TTg", "thực hiện Quyết định số 709/QĐ-TTg"),
    ("Kế hoạch thử nghiệm", "kế hoạch thử nghiệm"),
    ("Ứng dụng công nghệ", "ứng dụng công nghệ"),
    ("OCOP tỉnh Quảng Trị năm 2024", "OCOP tỉnh Quảng Trị năm 2024"),
    ("KH&CN phục vụ nông nghiệp", "KH&CN phục vụ nông nghiệp"),
    ("UBND các cấp", "UBND các cấp"),
    ("Quảng Trị chuyển đổi số", "Quảng Trị chuyển đổi số"),
    ("Hà Nội và các tỉnh", "Hà Nội và các tỉnh"),
    ("Đề án Phát triển", "đề án Phát triển"),
    ("Năm 2024", "năm 2024"),
])
def test_the_trich_yeu_cited_after_ve_keeps_abbreviations_and_proper_names(title, cited):
    from khcn_docs import vn

    assert vn.continued(title) == cited


def test_letters_cite_a_trich_yeu_starting_with_an_abbreviation_as_written(tmp_path):
    report = _built(tmp_path, (TITLE, "  title: OCOP tỉnh Quảng Trị năm 2024\n"))
    assert _letters(report).count("về OCOP tỉnh Quảng Trị năm 2024 (sau đây gọi tắt là Kế hoạch)") == 2


DEADLINE = "        task: t-1\n"


@pytest.mark.parametrize("typed, printed", [
    ("2024-09-30", "30/9/2024"),       # unquoted: YAML reads a date
    ("30/09/2024", "30/9/2024"),
    ("05-3-2025", "05/3/2025"),
    ("15/01/2025", "15/01/2025"),
    ("Quý III/2024", "Quý III/2024"),  # text, as written
    ("Thường xuyên", "Thường xuyên"),
])
def test_a_deadline_written_as_a_date_is_printed_the_vietnamese_way(tmp_path, typed, printed):
    report = _built(tmp_path, (DEADLINE, f"{DEADLINE}        deadline: {typed}\n"))
    [row] = [t for t in report.plan.tasks if t.id == "t-1"]
    assert row.deadline == printed
    letters = _letters(report, "so-tai-chinh")
    assert f"Tổ chức tuyên truyền (mục I). Thời hạn: {printed}" in letters
    assert typed == printed or typed not in letters


@pytest.mark.parametrize("typed, message", [
    ("31/11/2024", "ngày “31/11/2024” không hợp lệ — viết ngày có thật"),
    ("2024-02-30", "ngày “2024-02-30” không hợp lệ — viết ngày có thật"),
    ("30/9/9999", "ngày “30/9/9999” nằm ngoài khoảng"),
    ("30/09/0000", "ngày “30/09/0000” nằm ngoài khoảng 01/01/1945 – 31/12/2200"),
    ("30/09/99999", "ngày “30/09/99999” nằm ngoài khoảng 01/01/1945 – 31/12/2200"),  # was printed as written
    ("30", "body[0].children[0].deadline:"),
])
def test_a_deadline_that_is_no_real_date_is_refused_at_its_line(tmp_path, typed, message):
    with pytest.raises(SpecError) as info:
        load_plan(write_project(tmp_path, edit(VALID, (DEADLINE, f"{DEADLINE}        deadline: {typed}\n"))))
    assert ":15:9: body[0].children[0].deadline: " in info.value.message and message in info.value.message


def _nested(fourth: str, third: str = "section: Nhóm hai") -> str:
    """Return the tiny spec with task t-1 under I. → 1. → ``third`` (a) by default) → ``fourth`` (a list item's text)."""
    body = ("body:\n  - section: NHIỆM VỤ\n    lead: [so-noi-vu]\n    children:\n"
            "      - section: Nhóm một\n        children:\n"
            f"          - {third}\n            children:\n"
            f"              - {fourth}\n                children:\n"
            "                  - item: Tổ chức tuyên truyền.\n                    task: t-1\n")
    return edit(VALID, (VALID[VALID.index("body:"):VALID.index("reporting:")], body))


UNDER_POINT = ("section: Nhóm hai", "một điểm a), b), …", "(gạch đầu dòng “-”, “+” khi nằm trong một item khác)")
UNDER_ITEM = ("item: Triển khai các nhiệm vụ sau", "một gạch đầu dòng", "(in dấu “+”)")  # else "a) Cấp bốn" under "- "


@pytest.mark.parametrize("kind", ["section", "point"])
@pytest.mark.parametrize("third, under, item", [UNDER_POINT, UNDER_ITEM], ids=["under-point", "under-item"])
def test_a_numbered_node_under_a_lettered_point_or_a_bullet_is_refused_at_its_line(tmp_path, kind, third, under, item):
    with pytest.raises(SpecError) as info:
        load_plan(write_project(tmp_path, _nested(f"{kind}: Nhóm ba", third)))
    assert (f":17:17: body[0].children[0].children[0].children[0].{kind}: “{kind}” nằm dưới {under}"
            in info.value.message)
    assert f"viết “item:” {item} hoặc “paragraph:” thay cho “{kind}:”" in info.value.message


def test_a_bullet_under_a_bullet_item_loads(tmp_path):
    assert load_plan(write_project(tmp_path, _nested("item: Cấp bốn", UNDER_ITEM[0]))).spec.body


def test_the_level_under_a_lettered_point_is_a_bullet_in_the_plan_and_the_letters(tmp_path):
    report = build(write_project(tmp_path, _nested("item: Nhóm ba")), tmp_path / "out", templates=ROOT / "templates")
    body = texts(report.path_of("ke-hoach"))
    start = body.index("I. NHIỆM VỤ")
    assert body[start:start + 5] == ["I. NHIỆM VỤ", "1. Nhóm một", "a) Nhóm hai", "- Nhóm ba", "+ Tổ chức tuyên truyền."]
    assert "Nhiệm vụ chủ trì thực hiện:\n- Tổ chức tuyên truyền (mục I.1.a)." in _letters(report)
