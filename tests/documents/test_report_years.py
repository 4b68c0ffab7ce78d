"""Report forms per reporting year: each year its own file; adding a year builds only that year's forms."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from khcn_docs import reminders
from khcn_docs.build import build
from khcn_docs.errors import KhcnError
from khcn_docs.spec.load import load_plan
from tests.documents.conftest import BUNDLED, ROOT, texts


def copy_project(tmp_path):
    shutil.copytree(ROOT / "variables", tmp_path / "variables")
    return tmp_path / "variables" / "plans" / BUNDLED.name


def test_adding_a_year_builds_that_years_forms_and_keeps_the_old_ones(tmp_path):
    spec = copy_project(tmp_path)
    out = tmp_path / "output"
    first = build(spec, out, templates=ROOT / "templates")
    agencies = {b.unit.agency for b in first.built if b.unit.kind == "bao-cao"}
    spec.write_text(spec.read_text(encoding="utf-8").replace("years: [2024]", "years: [2024, 2025]"), encoding="utf-8")
    second = build(spec, out, templates=ROOT / "templates")
    merged = {"so-tttt", "so-nnptnt", "so-khdt", "so-gtvt", "so-tnmt", "so-ldtbxh", "ban-dan-toc"}
    gone = merged | {aid for aid in agencies if aid.startswith("ubnd-") and aid != "ubnd-tinh"}
    assert len(gone) == 17 and merged <= agencies  # seven bodies merged away (01/3/2025); ten districts dissolved (01/7/2025)
    formed = {"so-nnmt", "so-dttg"}  # the bodies that took over under new names, on 01/3/2025
    letters = {f"cong-van-trien-khai:{aid}" for aid in merged}  # now say who reports their tasks from 2025
    assert {b.unit.key for b in second.built} == {f"bao-cao:{aid}:2025" for aid in agencies - gone | formed} | letters
    form = next(b.path for b in second.built if b.unit.key == "bao-cao:so-noi-vu:2025")
    assert form.name == "bao-cao-2025.docx"
    assert (form.parent / "bao-cao-2024.docx").exists()
    assert any("năm 2025" in line for line in texts(form))


def test_a_later_years_form_follows_the_reorganisation(tmp_path):
    """The 2024 plan's 2025 form of Sở KH&CN carries the task Sở TT&TT led (merged 01/3/2025); its
    2024 form does not; Sở TT&TT and the districts get no 2025 form."""
    spec = copy_project(tmp_path)
    spec.write_text(spec.read_text(encoding="utf-8").replace("years: [2024]", "years: [2024, 2025]"), encoding="utf-8")
    report = build(spec, tmp_path / "output", templates=ROOT / "templates")
    forms = {b.unit.key: b.path for b in report.built if b.unit.kind == "bao-cao"}
    assert "bao-cao:so-tttt:2024" in forms and "bao-cao:so-tttt:2025" not in forms
    assert "bao-cao:ubnd-cam-lo:2024" in forms and "bao-cao:ubnd-cam-lo:2025" not in forms
    task = "Chủ trì, hướng dẫn các cơ quan báo chí, thông tin đại chúng"
    assert any(task in line for line in texts(forms["bao-cao:so-khcn:2025"]))
    assert not any(task in line for line in texts(forms["bao-cao:so-khcn:2024"]))


def _issued_on(spec, day: str) -> None:
    """Date the plan ``day`` (numbered 215) and leave its report years to the default."""
    text = spec.read_text(encoding="utf-8")
    assert text.count("  year: 2024\n") == 1 and text.count("  years: [2024]\n") == 1
    text = text.replace("  year: 2024\n", f"  year: 2024\n  number: 215\n  date: {day}\n").replace("  years: [2024]\n", "")
    spec.write_text(text, encoding="utf-8")


def test_a_plan_issued_after_its_years_deadline_is_first_reported_on_the_next_year(tmp_path):
    """A plan of 20/12/2024 (reports due 15/11 each year) owes its first report by 15/11/2025: its
    forms are 2025's, and no 2024 report is tracked or chased; one of 14/11/2024 owes 2024's."""
    spec = copy_project(tmp_path)
    _issued_on(spec, "20/12/2024")
    report = build(spec, tmp_path / "late", templates=ROOT / "templates")
    years = {b.unit.variant for b in report.built if b.unit.kind == "bao-cao"}
    assert years == {"2025"}
    with pytest.raises(KhcnError, match="kế hoạch ban hành ngày 20/12/2024, kỳ báo cáo đầu tiên là năm 2025"):
        reminders.cycle(load_plan(spec), dt.date(2024, 12, 25))
    spec.write_text(spec.read_text(encoding="utf-8").replace("date: 20/12/2024", "date: 14/11/2024"), encoding="utf-8")
    report = build(spec, tmp_path / "early", templates=ROOT / "templates")
    assert {b.unit.variant for b in report.built if b.unit.kind == "bao-cao"} == {"2024"}
