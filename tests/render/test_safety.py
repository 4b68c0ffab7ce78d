"""Templates run sandboxed and autoescaped: code is refused, XML-special text renders as written."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from docx import Document

from khcn_docs.build import build
from khcn_docs.errors import TemplateError
from tests.render.conftest import write_spec
from tests.render.docx_facts import all_paragraphs

ATTACKS = [
    "{{ self.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ doc['__class__'] }}",
]


def inject(template, expression: str) -> None:
    """Rewrite ``template`` (.docx) with ``expression`` typed into its trích yếu paragraph."""
    with zipfile.ZipFile(template) as zf:
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ doc.title }}", expression.replace("<", "&lt;").encode("utf-8"), 1)
            zf.writestr(info, data)


def refusal(project, expression: str) -> str:
    """Build the plan document with ``expression`` typed into its template; return the TemplateError's message."""
    spec = write_spec(project)
    inject(project / "templates" / "ke-hoach.docx", expression)
    with pytest.raises(TemplateError) as err:
        build(spec, project / "output", kinds=["ke-hoach"], templates=project / "templates")
    return err.value.message


@pytest.mark.parametrize("expression", ATTACKS)
def test_code_execution_in_template_is_refused(project, expression):
    assert "không an toàn" in refusal(project, expression)
    assert not (project / "output").exists() or not any((project / "output").rglob("*.docx"))


EXHAUSTING = ["{{ 'a' * 999999999 }}", "{{ [1, 2] * 99999999 }}", "{{ 9 ** 99999999 }}", "{{ range(10**9)|list }}"]


@pytest.mark.parametrize("expression", EXHAUSTING)
def test_a_template_cannot_exhaust_memory_or_time(project, expression):
    assert "ke-hoach.docx" in refusal(project, expression)


@pytest.mark.parametrize("expression, said", [
    ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
    ("{{r doc|rich }}", "AttributeError"),          # the rich filter given a mapping, not runs
])
def test_whatever_fails_inside_a_template_is_that_templates_problem(project, expression, said):
    message = refusal(project, expression)
    assert "không tạo được văn bản từ mẫu ke-hoach.docx" in message and said in message


@pytest.mark.parametrize("typed", ["{{ doc.title }", "{{ doc.title %}", "{% if doc.title }}", "{{ doc.title"])
def test_a_tag_left_open_in_a_template_is_refused_naming_its_paragraph(project, typed):
    """A brace lost while editing the template in Word: docxtpl's paragraph tags would swallow the
    text up to the next closing mark (the header's agency names vanished, the build said nothing)."""
    message = refusal(project, typed)
    assert f"mẫu ke-hoach.docx có thẻ chưa đóng đúng trong đoạn “{typed}”" in message


def _replace_template(project, make) -> str:
    """Save ``make(path)``'s file as the plan's template; return the build's TemplateError message."""
    spec = write_spec(project)
    make(project / "templates" / "ke-hoach.docx")
    with pytest.raises(TemplateError) as err:
        build(spec, project / "output", kinds=["ke-hoach"], templates=project / "templates")
    assert not any((project / "output").rglob("ke-hoach.docx"))
    return err.value.message


def test_a_workbook_saved_as_a_template_is_refused_as_such(project):
    """An Excel workbook under the template's name was "rendered": 35 workbooks named .docx."""
    import openpyxl

    message = _replace_template(project, lambda path: openpyxl.Workbook().save(path))
    assert "mẫu ke-hoach.docx là tệp Excel (.xlsx), không phải văn bản Word (.docx)" in message


def test_a_document_saved_over_its_template_is_refused(project):
    """A template without any tag (a generated document saved over it) would give every agency the
    same document."""
    def plain(path):
        doc = Document()
        doc.add_paragraph("KẾ HOẠCH")
        doc.save(path)
    message = _replace_template(project, plain)
    assert "mẫu ke-hoach.docx không có thẻ {{ … }} nào trong nội dung" in message


def test_cli_refuses_unsafe_template_with_exit_4_and_no_traceback(project):
    spec = write_spec(project)
    inject(project / "templates" / "ke-hoach.docx", ATTACKS[0])
    proc = subprocess.run([sys.executable, "-m", "khcn_docs", "build", str(spec), "-o", str(project / "output"),
                           "--templates", str(project / "templates")], capture_output=True, text=True, cwd=project)
    assert proc.returncode == 4
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "ke-hoach.docx" in proc.stderr and "không an toàn" in proc.stderr
    # the other kinds' documents still build (one failed unit does not stop the rest); the unsafe one is not written
    assert not any((project / "output").rglob("ke-hoach.docx"))


@pytest.mark.parametrize("text", ["R&D <x> > y", "Sở KH&CN <đơn vị> \"trích\" 'đơn' & ><", "a &amp; b"])
def test_xml_special_characters_render_as_written(project, text):
    spec = write_spec(project, title=text.replace('"', "'"), item=text.replace('"', '\\"'))
    report = build(spec, project / "output", kinds=["ke-hoach"], templates=project / "templates")
    lines = [p.text for p in all_paragraphs(Document(str(report.path_of("ke-hoach"))))]
    assert text.replace('"', "'") in lines
    assert f"- {text}" in lines


def test_same_input_gives_identical_bytes(project):
    spec = write_spec(project)
    first = build(spec, project / "a", kinds=["ke-hoach"], templates=project / "templates").path_of("ke-hoach")
    second = build(spec, project / "b", kinds=["ke-hoach"], templates=project / "templates").path_of("ke-hoach")
    assert first.read_bytes() == second.read_bytes()
