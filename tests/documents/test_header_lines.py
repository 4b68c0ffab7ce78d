"""The issuing body's name in the header's left column: broken between word groups, the same rule
for the plan and the per-agency documents, 12 pt only when it fits no other way; a written
``header_name`` too wide for the column is warned about at its registry line."""

from __future__ import annotations

import pytest
from docx import Document
from docx.shared import Pt

from khcn_docs import header_lines, measure
from khcn_docs.documents import ke_hoach, per_agency
from khcn_docs.spec.load import load_plan
from tests.documents.conftest import ROOT, ok
from tests.render.docx_facts import run_value, text_runs
from tests.spec.tiny_spec import VALID, edit, write_project

_SKHCN_ISSUES = (("  issuer: ubnd-tinh", "  issuer: so-khcn"), ("drafting_unit: KGVX", "drafting_unit: QLKH"),
                 ("  collective: ỦY BAN NHÂN DÂN\n  authority: KT\n  head_title: CHỦ TỊCH\n  signer: le-duc-tien",
                  "  signer: giam-doc-skhcn"))


@pytest.mark.parametrize("agency, lines", [
    ("so-ldtbxh", "SỞ LAO ĐỘNG -\nTHƯƠNG BINH VÀ XÃ HỘI"),
    ("so-vhttdl", "SỞ VĂN HÓA,\nTHỂ THAO VÀ DU LỊCH"),
    ("van-phong-ubnd", "VĂN PHÒNG\nỦY BAN NHÂN DÂN TỈNH"),
    ("ban-qlkkt", "BAN QUẢN LÝ\nKHU KINH TẾ TỈNH"),
    ("so-tttt", "SỞ THÔNG TIN\nVÀ TRUYỀN THÔNG"),
    ("so-khcn", "SỞ KHOA HỌC\nVÀ CÔNG NGHỆ"),
    ("cd-ky-thuat", "TRƯỜNG CAO ĐẲNG\nKỸ THUẬT QUẢNG TRỊ"),
    ("so-noi-vu", "SỞ NỘI VỤ"),                       # fits on one line: not broken
    ("ubnd-tinh", "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ"),  # written in the registry: kept
])
def test_a_long_name_breaks_between_word_groups(plan, agency, lines):
    assert per_agency.agency_header(plan, agency, None, 2024)["issuer"] == lines


def test_a_plan_issued_by_a_so_breaks_its_name_as_the_letters_do(tmp_path):
    spec = write_project(tmp_path, edit(VALID, *_SKHCN_ISSUES))
    assert ke_hoach.units(load_plan(spec))[0].context["hdr"]["issuer"] == "SỞ KHOA HỌC\nVÀ CÔNG NGHỆ"
    ok("build", spec, "-o", tmp_path / "out", "-q", "--templates", ROOT / "templates")
    doc = Document(str(tmp_path / "out" / "plan" / "ke-hoach.docx"))
    left = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text.strip()]
    assert left[:2] == ["UBND TỈNH QUẢNG TRỊ", "SỞ KHOA HỌC\nVÀ CÔNG NGHỆ"]


def _issuer_sizes(path) -> set:
    """Return the sizes of the issuing body's name runs in the header of the .docx at ``path``."""
    cell = Document(str(path)).tables[0].rows[0].cells[0]
    para = next(p for p in cell.paragraphs if p.text.strip() and all(run_value(p, r, "bold") for r in text_runs(p)))
    return {run_value(para, run, "size") for run in text_runs(para)}


@pytest.mark.parametrize("folder, size", [
    ("16-so-lao-dong-thuong-binh-va-xa-hoi", Pt(12)),             # fits two word groups only at 12 pt
    ("24-lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat-tinh", Pt(12)),   # its written middle line, likewise
    ("04-so-noi-vu", Pt(13)),
    ("17-so-van-hoa-the-thao-va-du-lich", Pt(13)),
])
def test_the_name_is_set_at_12_pt_only_when_it_fits_no_other_way(packet, folder, size):
    assert _issuer_sizes(packet / folder / "bao-cao-2024.docx") == {size}


def test_the_bundled_registry_header_names_fit_their_column(plan):
    assert not [w for w in plan.warnings if "header_name" in w]


def test_a_written_header_name_too_wide_is_warned_at_its_line(tmp_path):
    registry = (ROOT / "variables" / "agencies.yaml").read_text(encoding="utf-8")
    old = 'header_name: "LIÊN HIỆP CÁC HỘI\\nKHOA HỌC VÀ KỸ THUẬT\\nTỈNH QUẢNG TRỊ"'
    registry = edit(registry, (old, 'header_name: "LIÊN HIỆP CÁC HỘI KHOA HỌC\\nVÀ KỸ THUẬT TỈNH QUẢNG TRỊ"'))
    line = registry[:registry.index("LIÊN HIỆP CÁC HỘI KHOA HỌC\\n")].count("\n") + 1
    plan = load_plan(write_project(tmp_path, VALID, agencies=registry))
    warned = [w for w in plan.warnings if "header_name" in w]
    assert len(warned) == 1 and f"agencies.yaml:{line}:5: " in warned[0]
    assert "“LIÊN HIỆP CÁC HỘI KHOA HỌC”, “VÀ KỸ THUẬT TỈNH QUẢNG TRỊ”" in warned[0]
    assert 'header_name: "LIÊN HIỆP CÁC HỘI\\nKHOA HỌC VÀ KỸ THUẬT\\nTỈNH QUẢNG TRỊ"' in warned[0]


def test_a_header_name_too_wide_in_a_stored_registry_is_warned_without_measuring_again(tmp_path, monkeypatch):
    """A build keeps, with the parsed registry (``parsed.py``), its header names with lines too wide:
    a later load of the same registry bytes warns the same, at the line read again, measuring nothing."""
    from khcn_docs import parsed

    registry = (ROOT / "variables" / "agencies.yaml").read_text(encoding="utf-8")
    old = 'header_name: "LIÊN HIỆP CÁC HỘI\\nKHOA HỌC VÀ KỸ THUẬT\\nTỈNH QUẢNG TRỊ"'
    registry = edit(registry, (old, 'header_name: "LIÊN HIỆP CÁC HỘI KHOA HỌC\\nVÀ KỸ THUẬT TỈNH QUẢNG TRỊ"'))
    first = load_plan(write_project(tmp_path, VALID, agencies=registry))
    known = parsed.wanted(first)
    monkeypatch.setattr(header_lines, "too_wide", lambda *args, **kwargs: pytest.fail("measured again"))
    again = load_plan(first.spec_path, known)
    said = [w for w in again.warnings if "header_name" in w]
    assert said == [w for w in first.warnings if "header_name" in w] and len(said) == 1


_LONG_BODIES = """  thpt-chuyen:
    name: Trường Trung học phổ thông chuyên Lương Văn Tụy
    abbreviation: THPTC
    parent: so-gddt
    place: Ninh Bình
  tt-ung-dung:
    name: Trung tâm Ứng dụng tiến bộ khoa học và công nghệ
    abbreviation: TTUD
    parent: so-khcn
    place: Quảng Trị
"""


def _with_bodies(tmp_path, bodies: str = _LONG_BODIES):
    """Return the plan loaded with the bundled registry plus ``bodies`` (agencies.yaml lines)."""
    registry = (ROOT / "variables" / "agencies.yaml").read_text(encoding="utf-8").rstrip("\n") + "\n" + bodies
    return load_plan(write_project(tmp_path, VALID, agencies=registry)), registry


@pytest.mark.parametrize("agency, lines", [
    ("thpt-chuyen", "TRƯỜNG\nTRUNG HỌC PHỔ THÔNG\nCHUYÊN LƯƠNG VĂN TỤY"),
    ("tt-ung-dung", "TRUNG TÂM\nỨNG DỤNG TIẾN BỘ\nKHOA HỌC VÀ CÔNG NGHỆ"),
])
def test_a_name_two_lines_cannot_hold_takes_three_between_word_groups_at_12_pt(tmp_path, agency, lines):
    plan, _ = _with_bodies(tmp_path)
    hdr = per_agency.agency_header(plan, agency, None, 2024)
    assert hdr["issuer"] == lines and hdr["issuer_runs"][0]["size"] == 12
    assert all(measure.text_width_pt(line, 12, True) <= header_lines.COLUMN_PT for line in lines.split("\n"))
    assert not [w for w in plan.warnings if "header_name" in w]


def test_a_parent_line_too_wide_breaks_between_word_groups_at_13_pt():
    line = "TRUNG TÂM ỨNG DỤNG TIẾN BỘ KHOA HỌC VÀ CÔNG NGHỆ"
    assert header_lines.layout(line, bold=False, sizes=(13,)) == (
        "TRUNG TÂM\nỨNG DỤNG TIẾN BỘ\nKHOA HỌC\nVÀ CÔNG NGHỆ", 13)


_UNBROKEN_BODY = """  tt-dai:
    name: Trung tâm Nghiên cứu ứng dụng công nghệ sinh học nông nghiệp công nghệ cao
    abbreviation: TTNC
    parent: so-khcn
    place: Quảng Trị
"""
"""A body whose name fits no header lines between word groups (agencies.yaml lines)."""


def test_a_name_no_word_groups_fit_is_warned_at_its_name_line(tmp_path):
    plan, registry = _with_bodies(tmp_path, _UNBROKEN_BODY)
    line = registry[:registry.index("name: Trung tâm Nghiên cứu")].count("\n") + 1
    warned = [w for w in plan.warnings if "header_name" in w]
    assert len(warned) == 1 and f"agencies.yaml:{line}:5: " in warned[0]
    assert "“TRUNG TÂM NGHIÊN CỨU ỨNG DỤNG CÔNG NGHỆ SINH HỌC NÔNG NGHIỆP CÔNG NGHỆ CAO”" in warned[0]
    printed = per_agency.agency_header(plan, "tt-dai", None, 2024)["issuer"]
    assert all(measure.text_width_pt(each, 12, True) <= header_lines.COLUMN_PT for each in printed.split("\n"))


def test_a_registry_read_from_a_stored_build_keeps_its_warning_without_trying_the_layouts_again(tmp_path, monkeypatch):
    """A build keeps, with the parsed registry (``parsed.py``), its names no header lines fit: a
    later load of the same registry bytes warns the same, without trying some fifty layouts again."""
    from khcn_docs import parsed
    from khcn_docs.spec import load as spec_load

    first, _ = _with_bodies(tmp_path, _UNBROKEN_BODY)
    known = parsed.wanted(first)
    monkeypatch.setattr(spec_load, "unbroken_names", lambda registry: pytest.fail("layouts tried again"))
    for name in ("layout", "grouped"):
        monkeypatch.setattr(header_lines, name, lambda *args, **kwargs: pytest.fail("a layout tried again"))
    again = load_plan(first.spec_path, known)
    said = [w for w in again.warnings if "header_name" in w]
    assert said == [w for w in first.warnings if "header_name" in w] and len(said) == 1


_VERY_LONG_BODY = """  tt-long:
    name: Trung tâm Nghiên cứu Phát triển Ứng dụng Chuyển giao Công nghệ Sinh học Nông nghiệp Công nghệ cao Miền Trung
    abbreviation: TTNC
    parent: so-khcn
    place: Quảng Trị
"""
"""A body whose name needs more than ``MAX_LINES`` lines cut anywhere (agencies.yaml lines)."""


def test_a_name_four_lines_cannot_hold_is_cut_into_as_many_lines_as_fit_and_warned_as_printed(tmp_path):
    plan, _ = _with_bodies(tmp_path, _VERY_LONG_BODY)
    hdr = per_agency.agency_header(plan, "tt-long", None, 2024)
    lines = hdr["issuer"].split("\n")
    assert len(lines) > header_lines.MAX_LINES and hdr["issuer_runs"][0]["size"] == 12
    assert all(measure.text_width_pt(line, 12, True) <= header_lines.COLUMN_PT for line in lines)
    assert " ".join(lines) == "TRUNG TÂM NGHIÊN CỨU PHÁT TRIỂN ỨNG DỤNG CHUYỂN GIAO CÔNG NGHỆ SINH HỌC NÔNG NGHIỆP CÔNG NGHỆ CAO MIỀN TRUNG"
    [warned] = [w for w in plan.warnings if "agencies.tt-long.name" in w]
    assert f"“{' / '.join(lines)}”" in warned


def test_a_parent_line_four_lines_cannot_hold_is_cut_into_lines_that_fit_at_13_pt():
    line = "TRUNG TÂM NGHIÊN CỨU PHÁT TRIỂN ỨNG DỤNG CHUYỂN GIAO CÔNG NGHỆ SINH HỌC NÔNG NGHIỆP CÔNG NGHỆ CAO MIỀN TRUNG"
    printed, size = header_lines.layout(line, bold=False, sizes=(13,))
    assert size == 13 and printed.replace("\n", " ") == line
    assert all(measure.text_width_pt(each, 13, False) <= header_lines.COLUMN_PT for each in printed.split("\n"))
