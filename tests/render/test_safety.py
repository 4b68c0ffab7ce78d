"""Templates run sandboxed and autoescaped: code is refused, XML-special text renders as written."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from docx import Document

from khcn_docs.build import build
from khcn_docs.errors import TemplateError
from khcn_docs.render import make_env
from khcn_docs.sandbox import LimitError
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


HANGING = [  # each ran past 60 s in build and check --templates, or filled the memory
    "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}",
    "{{ 'a'|center(1000000000) }}",
    "{{ 'a'.center(1000000000) }}",
    "{{ 'a'.zfill(1000000000) }}",
    "{{ '%1000000000s'|format('x') }}",
    "{{ '%1000000000s' % 'x' }}",
    "{{ '%*s' % (1000000000, 'x') }}",
    "{{ '{:>1000000000}'.format('x') }}",
    "{{ 'a%d %*s' % (1, 1000000000, 'x') }}",

    "{{ '{:.1000000000f}'.format(1.5) }}",
    "{{ ('a'*100000)|replace('a','a'*100000) }}",
    "{{ 'a\nb'|indent(1000000000) }}",
    "{{ (9 ** 1000) ** 1000 }}",
    "{{ [[1] * 100000] * 100000 }}",
]


@pytest.mark.parametrize("expression", HANGING)
def test_a_template_cannot_hang_the_build(project, expression):
    message = refusal(project, expression)
    assert "ke-hoach.docx: mẫu ke-hoach.docx bị dừng khi tạo văn bản: " in message
    assert not (project / "output").exists() or not any((project / "output").rglob("*.docx"))


def test_a_render_that_runs_too_long_is_stopped(project, monkeypatch):
    """Nested loops that print nothing grow no output: only the render's time budget stops them."""
    from khcn_docs import sandbox

    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    message = refusal(project, "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")
    assert "mẫu ke-hoach.docx bị dừng khi tạo văn bản: tạo một văn bản mất quá 0.5 giây" in message


@pytest.mark.parametrize("expression, text", [
    ("{{ 'Mục'|center(9) }}", "   Mục   "),
    ("{{ '%05d'|format(42) }}", "00042"),
    ("{{ '{:>6}'.format('a') }}", "     a"),
    ("{{ 'a-b'|replace('-', '–') }}", "a–b"),
    ("{{ '%s/%s' % (1, 2) }}", "1/2"),
    ("{{ '(%*d)' % (3, 150000) }}", "(150000)"),        # the value printed is no width (was refused)
    ("{{ '%d%%-%*d' % (200000, 3, 150000) }}", "200000%-150000"),
    ("{{ '%*d'|format(3, 150000) }}", "150000"),

    ("{{ 2 ** 10 * 3 }}", "3072"),
])
def test_ordinary_formatting_still_renders(project, expression, text):
    spec = write_spec(project)
    inject(project / "templates" / "ke-hoach.docx", expression)
    report = build(spec, project / "output", kinds=["ke-hoach"], templates=project / "templates")
    assert text in [p.text for p in all_paragraphs(Document(str(report.path_of("ke-hoach"))))]


@pytest.mark.parametrize("expression, text", [   # a nested width's "}}" cannot be typed in a tag: the sandbox alone
    ("{{ '{:>{}}'.format(150000, 8) }}", "  150000"),
    ("{{ '{0:>{1}}'.format(150000, 8) }}", "  150000"),
    ("{{ '{:>{w}}'.format(150000, w=8) }}", "  150000"),
])
def test_a_nested_width_is_the_argument_it_names(expression, text):
    """Only the nested field's argument is a width, not the values printed (150000 was refused)."""
    assert make_env().from_string(expression).render() == text


@pytest.mark.parametrize("expression", ["{{ '{1:>{0}}'.format(1000000000, 'x') }}",
                                        "{{ '{:>{}}'.format('x', 1000000000) }}",
                                        "{{ '{:>{w}}'.format('x', w=1000000000) }}"])
def test_a_nested_width_too_large_is_refused(expression):
    with pytest.raises(LimitError):
        make_env().from_string(expression).render()


def test_check_templates_stops_a_hanging_template(project):
    inject(project / "templates" / "ke-hoach.docx", HANGING[0])
    proc = subprocess.run([sys.executable, "-m", "khcn_docs", "check", "--templates"],
                          capture_output=True, text=True, cwd=project)
    assert proc.returncode != 0 and "Traceback" not in proc.stdout + proc.stderr
    assert "ke-hoach.docx bị dừng khi tạo văn bản" in proc.stdout + proc.stderr


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
    # a template refused when compiled stops the build before anything is written
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
