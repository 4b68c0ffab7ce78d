"""Template lint: variables used vs the kind's context, and the rendered sample checked."""

from __future__ import annotations

import sys
import types
import zipfile
from pathlib import Path

import openpyxl
import pytest

from khcn_docs.checks import settings
from khcn_docs.checks.templates_lint import lint
from khcn_docs.render import compile_template

from .conftest import build

ROOT = Path(__file__).resolve().parents[2]


def _template(folder: Path, name: str = "ke-hoach.docx") -> Path:
    """Write a conformant kế hoạch whose issuer name and trích yếu are Jinja variables."""
    doc, h = build()
    h["issuer"].runs[0].text = "{{ issuer"
    h["issuer"].add_run(" }}").bold = True  # a tag split across runs, as Word saves it
    h["summary"].runs[0].text = "{{ summary }}"
    folder.mkdir(exist_ok=True)
    path = folder / name
    doc.save(path)
    return path


@pytest.fixture
def provider(monkeypatch):
    """Install a fake ``khcn_docs.contexts`` whose ``sample_context`` returns ``provider.value``."""
    module = types.ModuleType("khcn_docs.contexts")
    module.value = {}
    module.sample_context = lambda kind: dict(module.value)
    monkeypatch.setitem(sys.modules, "khcn_docs.contexts", module)
    return module


def test_variables_of_a_template_with_split_tags(tmp_path):
    assert set(compile_template(_template(tmp_path / "templates")).variables) == {"issuer", "summary"}


def test_missing_variable_is_reported(tmp_path, provider):
    _template(tmp_path / "templates")
    provider.value = {"issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ"}
    problems, _ = lint(tmp_path / "templates", settings.defaults())
    assert [p.rule for p in problems] == ["template-lint"] and "summary" in problems[0].message


def test_rendered_sample_passes(tmp_path, provider):
    pytest.importorskip("khcn_docs.render")
    _template(tmp_path / "templates")
    provider.value = {"issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "summary": "Triển khai nhiệm vụ khoa học và công nghệ năm 2025"}
    problems, checked = lint(tmp_path / "templates", settings.defaults())
    assert problems == [] and len(checked) == 1


def test_rendered_sample_problem_names_the_template(tmp_path, provider):
    pytest.importorskip("khcn_docs.render")
    _template(tmp_path / "templates")
    provider.value = {"issuer": "Sở Khoa học và Công nghệ", "summary": "Triển khai nhiệm vụ khoa học và công nghệ năm 2025"}
    problems, _ = lint(tmp_path / "templates", settings.defaults())
    assert [p.rule for p in problems] == ["issuer-name"]
    assert problems[0].file.endswith("ke-hoach.docx (bản điền thử)")


def test_project_templates_pass_the_lint():
    """Integration: the project's templates, filled with their kinds' contexts, pass the checker."""
    folder = ROOT / "templates"
    if not any(folder.glob("*.docx")):
        pytest.skip("no templates yet")
    pytest.importorskip("khcn_docs.render")
    problems, _ = lint(folder, settings.defaults())
    errors = [f"{p.file}: {p.message} [{p.rule}]" for p in problems if p.severity == "error"]
    assert errors == []


def test_a_template_the_build_would_refuse_is_said_per_template(tmp_path, provider):
    """An Excel workbook saved as a template made ``check --templates`` fail with a traceback
    (docxtpl's ValueError); a template without any tag, or one failing on its sample, stopped the
    whole lint. Each is now a problem of that template, the others still checked."""
    folder = tmp_path / "templates"
    _template(folder)
    openpyxl.Workbook().save(folder / "bao-cao.docx")
    doc, _ = build()
    doc.save(folder / "cong-van-trien-khai.docx")  # no tag: a generated document saved over it
    provider.value = {"issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "summary": "Triển khai nhiệm vụ khoa học và công nghệ năm 2025"}
    problems, checked = lint(folder, settings.defaults())
    said = {Path(p.file).name: p.message for p in problems}
    assert len(checked) == 3 and set(said) == {"bao-cao.docx", "cong-van-trien-khai.docx"}
    assert "là tệp Excel (.xlsx), không phải văn bản Word" in said["bao-cao.docx"]
    assert "không có thẻ {{ … }} nào" in said["cong-van-trien-khai.docx"]


def test_a_template_failing_on_its_sample_is_said_for_that_template(tmp_path, provider):
    path = _template(tmp_path / "templates")
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"{{ summary }}", b"{{ 1/0 }}", 1)
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    provider.value = {"issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "summary": "x"}
    problems, _ = lint(tmp_path / "templates", settings.defaults())
    assert [p.rule for p in problems] == ["template-lint"] and "ZeroDivisionError" in problems[0].message
