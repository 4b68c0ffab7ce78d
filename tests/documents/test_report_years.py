"""Report forms per reporting year: each year its own file; adding a year builds only that year's forms."""

from __future__ import annotations

import shutil

from khcn_docs.build import build
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
    assert {b.unit.key for b in second.built} == {f"bao-cao:{aid}:2025" for aid in agencies - gone | formed}
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
