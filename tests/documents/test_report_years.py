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
    assert {b.unit.key for b in second.built} == {f"bao-cao:{aid}:2025" for aid in agencies}
    form = next(b.path for b in second.built if b.unit.key == "bao-cao:so-noi-vu:2025")
    assert form.name == "bao-cao-2025.docx"
    assert (form.parent / "bao-cao-2024.docx").exists()
    assert any("năm 2025" in line for line in texts(form))
