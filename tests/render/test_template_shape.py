"""A template edited in Word so that its documents would be broken is refused when compiled,
before the build writes anything, with the tag and its paragraph said in the clerk's words."""

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

DISPATCH = "cong-van-trien-khai.docx"


def edit(project, old: str, new: str, name: str = DISPATCH) -> None:
    """Rewrite the first ``old`` tag text of template ``name`` as ``new``, as typed in Word."""
    path = project / "templates" / name
    with zipfile.ZipFile(path) as zf:
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.replace("'", "&apos;").encode(), 1)
            zf.writestr(info, data)


def spec_with_dispatch(project):
    """Write the small spec with its task led by Sở Nội vụ, so that it has a dispatch letter."""
    spec = write_spec(project)
    spec.write_text(spec.read_text(encoding="utf-8").replace("lead: [so-khcn]", "lead: [so-noi-vu]"), encoding="utf-8")
    return spec


def refused(project, spec) -> str:
    """Build every kind of ``spec``; return the TemplateError's message (the build must refuse)."""
    with pytest.raises(TemplateError) as err:
        build(spec, project / "output", templates=project / "templates")
    return err.value.message


ISSUER = "{{r hdr.issuer_runs|rich }}"  # the issuing body's name in every template (tools/templates/kit.py)

BROKEN = [  # (tag as in the template, as edited, what the clerk is told)
    ("{%p for b in body %}", "{% for b in body %}",
     "thẻ mở “{% for b in body %}” và thẻ đóng của nó khác dạng"),
    ("{%p endfor %}", "{% endfor %}", "thẻ mở “{% for item in kg.names %}” và thẻ đóng của nó khác dạng"),
    ("{%p if kg.single %}", "{% if kg.single %}", "thẻ mở “{% if kg.single %}” và thẻ đóng của nó khác dạng"),
    ("{{r b.runs|rich }}", "{{ b.runs|rich }}", "thẻ “{{ b.runs|rich }}” dùng |rich nên phải viết {{r … }}"),
    (ISSUER, "{{r hdr.issuer }}", "thẻ “{{ hdr.issuer }}” viết {{r … }} nhưng giá trị không qua |rich"),
    ("{%p endif %}", "", "thẻ “{% if … %}” ở đoạn “{% if hdr.parent %}” chưa có thẻ đóng “{%p endif %}”"),
    ("{%p endfor %}", "", "trước thẻ “{% endif %}” ở đoạn “{% endif %}{% for b in body %}"),
    (ISSUER, "{% endif %}", "thẻ “{% endif %}” ở đoạn “{% endif %}” không đóng thẻ nào"),
    (ISSUER, "{% foo %}", "“{% foo … %}” ở đoạn “{% foo %}” không phải thẻ dùng được"),
    (ISSUER, "{{ foo_bar }}", "dùng biến không có trong dữ liệu của loại văn bản này: foo_bar"),
    (ISSUER, "{{ hdr.issuer|upperr }}",   # was a traceback (exit 70)
     "thẻ “{{ hdr.issuer|upperr }}” ở đoạn “{{ hdr.issuer|upperr }}” dùng bộ lọc “|upperr” không có"
     " (có phải ý bạn là “upper”?)"),
    (ISSUER, "{% filter upperr %}x{% endfilter %}", "dùng bộ lọc “|upperr” không có"),
    (ISSUER, "{{ hdr.issuer if hdr.issuer is strng else '' }}",   # Jinja checks it only as it runs
     "thẻ “{{ hdr.issuer if hdr.issuer is strng else '' }}” ở đoạn “{{ hdr.issuer if hdr.issuer is strng else '' }}”"
     " dùng phép thử “is strng” không có (có phải ý bạn là “string”?)"),
    (ISSUER, "{% include 'x.xml' %}", "thẻ “{% include 'x.xml' %}” ở đoạn “{% include 'x.xml' %}” lấy nội"
     " dung từ một tệp khác (include)"),
    (ISSUER, "{% import 'x.xml' as x %}", "lấy nội dung từ một tệp khác (import)"),
    ("{{ hdr.place_date }}", "{%- if true -%}{{ hdr.place_date }}{%- endif -%}",   # was "thẻ mở “”", wrong reason
     "thẻ “{%- if true -%}” ở đoạn “{%- if true -%}{{ hdr.place_date }}{%- endif -%}” có dấu “-” sát “{%” hoặc “%}”"),
    (ISSUER, "{{ hdr.isuer }}",   # the plan and report forms were written, in Jinja's English
     "thẻ “{{ hdr.isuer }}” ở đoạn “{{ hdr.isuer }}” dùng “isuer”, tên không có trong dữ liệu của loại văn bản này"
     " (có phải ý bạn là “issuer”?), nên không văn bản nào tạo được từ mẫu"),
    ("{{ r }}", "{{ r.text }}", "thẻ “{{ r.text }}” ở đoạn “- {{ r.text }};"),   # in a loop
    # a dash on a whole-paragraph tag: every letter silently lost "- Như trên;" (exit 0)
    ("{%p for r in recipients %}", "{%p for r in recipients -%}",
     "thẻ “{%p for r in recipients -%}” ở đoạn “{%p for r in recipients -%}” có dấu “-” sát “{%” hoặc “%}”"),
    ("{%p endif %}", "{%p endif -%}",   # lost "SỞ KHOA HỌC VÀ CÔNG NGHỆ" from the header
     "thẻ “{%p endif -%}” ở đoạn “{%p endif -%}” có dấu “-”"),
    ("{%p endif %}", "{%p- endif %}", "bỏ dấu “-”, viết “{%p endif %}”"),   # was "unknown tag 'p'"
    ("{%p endfor %}", "{%p endfor -%}", "bỏ dấu “-”, viết “{%p endfor %}”"),   # was "thiếu thẻ đóng"
    ("{%p endfor %}", "{%- endfor %}",   # the dash was never mentioned
     "thẻ mở “{% for item in kg.names %}” và thẻ đóng của nó khác dạng"),
    ("{%p endfor %}", "{%- endfor %}", "; thẻ “{%- endfor %}” ở đoạn “{%- endfor %}” còn có dấu “-” sát “{%” hoặc “%}”"),
    # the paragraph as typed, not as XML ("2 &gt; 1")
    (ISSUER, "{{ hdr.issuer if 2 &gt; 1 else '' }}{{ x }",
     "có thẻ chưa đóng đúng trong đoạn “{{ hdr.issuer if 2 > 1 else '' }}{{ x }”"),
    (ISSUER, "{{ hdr.issuer|upperr }} KH&amp;CN", "ở đoạn “{{ hdr.issuer|upperr }} KH&CN”"),
]


@pytest.mark.parametrize("old, new, said", BROKEN)
def test_a_broken_template_stops_the_build_before_anything_is_written(project, old, new, said):
    """Such a template gave 34 letters Word could not open (or with no body), or stopped only its
    own kind while the plan and report forms were written; the build said nothing or exit 0."""
    spec = spec_with_dispatch(project)
    edit(project, old, new)
    message = refused(project, spec)
    assert message.startswith(f"mẫu {DISPATCH}") and said in message
    assert not (project / "output").exists()


def test_jinja_english_is_only_the_detail(project):
    spec = spec_with_dispatch(project)
    edit(project, "{%p endif %}", "")
    message = refused(project, spec)
    said, detail = message.split(" (chi tiết: ")
    assert "Jinja" not in said and detail.startswith("Unexpected end of template.")


@pytest.mark.parametrize("old, new", [("{%p for b in body %}", "{% for b in body %}"),
                                      (ISSUER, "{{ hdr.isuer }}")])
def test_a_template_broken_after_a_build_leaves_its_documents_as_they_were(project, old, new):
    """The plan changed too, so every kind is outdated: none is written (a misspelt field, found
    only as a document renders, let the other kinds be written)."""
    spec = spec_with_dispatch(project)
    report = build(spec, project / "output", templates=project / "templates")
    before = {p: p.read_bytes() for p in report.folder.rglob("*.docx")}
    spec.write_text(spec.read_text(encoding="utf-8").replace("Việc một", "Việc hai"), encoding="utf-8")
    edit(project, old, new)
    refused(project, spec)
    assert {p: p.read_bytes() for p in report.folder.rglob("*.docx")} == before


@pytest.mark.parametrize("old, new", [
    (ISSUER, "{% if hdr.issuer %}{{ hdr.issuer }}{% endif %}"),   # a condition inside one line
    (ISSUER, "{% for w in hdr.issuer.split() %}{{ w }} {% endfor %}"),
])
def test_tags_inside_a_line_of_text_still_render(project, old, new):
    spec = spec_with_dispatch(project)
    edit(project, old, new)
    report = build(spec, project / "output", templates=project / "templates")
    texts = [p.text for p in all_paragraphs(Document(str(report.path_of("cong-van-trien-khai", "so-noi-vu"))))]
    assert any(" ".join(text.split()) == "SỞ KHOA HỌC VÀ CÔNG NGHỆ" for text in texts)


@pytest.mark.parametrize("old, new, said", [
    ("{%p for b in body %}", "{% for b in body %}", "thẻ mở “{% for b in body %}” và thẻ đóng của nó khác dạng"),
    (ISSUER, "{{ hdr.issuer|upperr }}", "dùng bộ lọc “|upperr” không có"),   # was exit 70
])
def test_check_templates_says_the_broken_template_without_a_traceback(project, old, new, said):
    edit(project, old, new)
    proc = subprocess.run([sys.executable, "-m", "khcn_docs", "check", "--templates"],
                          capture_output=True, text=True, cwd=project)
    assert proc.returncode != 0 and "Traceback" not in proc.stdout + proc.stderr
    assert said in proc.stdout + proc.stderr
