"""``khcn-docs check`` end to end, as a subprocess of ``python -m khcn_docs``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import build
from .mutations import Mm, section

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, lang: str = "vi") -> subprocess.CompletedProcess:
    """Run ``python -m khcn_docs ARGS`` from the project root; return the finished process."""
    env = dict(os.environ, KHCN_DOCS_LANG=lang)
    return subprocess.run([sys.executable, "-m", "khcn_docs", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def good(tmp_path) -> Path:
    doc, _ = build()
    path = tmp_path / "ke-hoach.docx"
    doc.save(path)
    return path


@pytest.fixture
def bad(tmp_path) -> Path:
    doc, h = build()
    section(left_margin=Mm(25))(doc, h)
    path = tmp_path / "le-trai.docx"
    doc.save(path)
    return path


def test_clean_file_exits_0(good):
    result = run("check", str(good))
    assert result.returncode == 0, result.stderr
    assert "không có lỗi" in result.stdout


def test_problem_exits_6_with_rule_and_message(bad):
    result = run("check", str(bad))
    assert result.returncode == 6
    assert f"{bad}: phần (section) 1: lề trái 25 mm; NĐ30 quy định 30–35 mm [margins]" in result.stdout
    assert "Traceback" not in result.stderr


def test_paragraph_location_and_excerpt(tmp_path):
    doc, h = build()
    h["body-1"].paragraph_format.first_line_indent = Mm(5)
    path = tmp_path / "indent.docx"
    doc.save(path)
    result = run("check", str(path), lang="en")
    assert result.returncode == 6
    assert ': paragraph 17 ("Triển khai kịp thời, hiệu quả các nhiệm…"): first-line indent 0.5 cm' \
        in result.stdout


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_non_docx_exits_7_without_traceback(tmp_path, content):
    path = tmp_path / "fake.docx"
    path.write_bytes(content)
    result = run("check", str(path))
    assert result.returncode == 7
    assert "fake.docx" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_zip_that_is_not_word_exits_7(tmp_path):
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "xin chào")
    result = run("check", str(path))
    assert result.returncode == 7 and "Traceback" not in result.stderr
    assert "tệp nén không có phần [Content_Types].xml của văn bản Word" in result.stdout
    assert "KeyError" not in result.stdout


def test_a_word_package_missing_a_part_it_names_says_which(tmp_path):
    """A .docx whose relationships name ``word/styles.xml`` but whose zip lacks it (a tool that
    wrote it half): said in the clerk's words, not as Python's KeyError."""
    import docx

    whole = tmp_path / "whole.docx"
    docx.Document().save(whole)
    path = tmp_path / "thieu.docx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(path, "w") as out:
        for name in src.namelist():
            if name != "word/styles.xml":
                out.writestr(name, src.read(name))
    result = run("check", str(path))
    assert result.returncode == 7 and "Traceback" not in result.stderr
    assert "tệp nén không có phần word/styles.xml của văn bản Word" in result.stdout
    assert "KeyError" not in result.stdout


def test_an_excel_workbook_renamed_docx_is_said_as_such(tmp_path):
    import openpyxl

    path = tmp_path / "bang-phan-cong.docx"
    openpyxl.Workbook().save(path)
    result = run("check", str(path))
    assert result.returncode == 7
    assert "đây là tệp Excel (.xlsx) đổi đuôi thành .docx, không phải văn bản Word" in result.stdout
    assert "ValueError" not in result.stdout


def test_missing_file_exits_7(tmp_path):
    result = run("check", str(tmp_path / "khong-co.docx"))
    assert result.returncode == 7 and "không tìm thấy" in result.stdout


def test_unreadable_wins_over_problems(tmp_path, bad):
    missing = tmp_path / "missing.docx"
    result = run("check", str(bad), str(missing))
    assert result.returncode == 7 and "[margins]" in result.stdout


@pytest.mark.parametrize("lang,summaries", [
    ("vi", ["Lỗi: Văn bản chưa đúng thể thức NĐ30 (1 lỗi).", "Lỗi: 1 tệp không đọc được."]),
    ("en", ["Error: The document does not conform to ND30 (1 problem(s)).", "Error: 1 file(s) could not be read."]),
])
def test_unreadable_files_and_problems_are_both_summed_up(tmp_path, bad, lang, summaries):
    """Exit status 7 wins, but the problems found in the readable files are still counted."""
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip")
    result = run("check", str(bad), str(broken), lang=lang)
    assert result.returncode == 7
    assert result.stderr.splitlines() == summaries


def test_json_output(bad):
    result = run("check", "--format", "json", str(bad))
    data = json.loads(result.stdout)
    assert result.returncode == 6
    assert [p["rule"] for p in data["problems"]] == ["margins"]
    assert data["problems"][0]["clause"].startswith("Phụ lục I") and data["kinds"][str(bad)] == "ke-hoach"


def test_settings_can_disable_a_rule(tmp_path, bad):
    settings = tmp_path / "nd30.yaml"
    settings.write_text("margins: {enabled: false}\n", encoding="utf-8")
    assert run("check", "--settings", str(settings), str(bad)).returncode == 0


def test_warning_severity_does_not_fail(tmp_path, bad):
    settings = tmp_path / "nd30.yaml"
    settings.write_text("margins: {severity: warning}\n", encoding="utf-8")
    result = run("check", "--settings", str(settings), str(bad))
    assert result.returncode == 0 and "cảnh báo:" in result.stdout


def test_settings_with_unknown_key_is_a_usage_error(tmp_path, good):
    settings = tmp_path / "nd30.yaml"
    settings.write_text("margins: {leftt: [30, 35]}\n", encoding="utf-8")
    result = run("check", "--settings", str(settings), str(good))
    assert result.returncode == 2 and "leftt" in result.stderr


def test_unknown_kind_is_a_usage_error(good):
    result = run("check", "--kind", "sach", str(good))
    assert result.returncode == 2


def test_a_folder_skips_words_lock_files(good):
    (good.parent / "~$ke-hoach.docx").write_bytes(b"\x0bclerk\x00" * 20)  # Word's owner file: not a .docx
    result = run("check", str(good.parent))
    assert result.returncode == 0, result.stderr
    assert "~$" not in result.stdout + result.stderr


def test_a_folder_without_documents_is_said_so(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("không phải văn bản", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"thư mục “{tmp_path}” không có tệp .docx nào" in result.stderr


def test_a_folder_includes_upper_case_docx(good, bad):
    bad.rename(good.parent / "LE-TRAI.DOCX")
    result = run("check", str(good.parent))
    assert result.returncode == 6, result.stdout + result.stderr
    assert "LE-TRAI.DOCX" in result.stdout and "[margins]" in result.stdout


@pytest.mark.parametrize("named, count", [("templates", 4), ("templates/", 4), ("templates/ke-hoach.docx", 1)])
def test_templates_named_with_check_templates_are_linted_as_templates(named, count):
    """They were checked as finished documents: 144 (29) false errors on the bundled templates,
    exit 6 ("“{%p for r in recipients %}” phải bắt đầu bằng “- ”")."""
    result = run("check", "--templates", named)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{count} tệp: không có lỗi thể thức." in result.stdout


@pytest.mark.parametrize("named", ["nonexist.docx", "nonexist-dir/"])
def test_a_missing_template_named_with_check_templates_is_said_as_plain_check_says_it(tmp_path, named):
    """It was linted as a template: exit 6 "không dùng được làm mẫu: không tìm thấy mẫu văn bản …
    (có thể tạo lại bằng: … make_templates.py)", counted as a formatting error."""
    missing = f"{tmp_path}/{named}"
    result = run("check", "--templates", missing, str(ROOT / "templates" / "ke-hoach.docx"))
    assert result.returncode == 7 and "Traceback" not in result.stderr
    assert f"{missing.rstrip('/')}: không đọc được tệp .docx (không tìm thấy tệp)" in result.stdout
    assert "không dùng được làm mẫu" not in result.stdout and "thể thức NĐ30" not in result.stderr


def test_a_template_named_with_check_templates_is_said_for_what_breaks_it(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    with zipfile.ZipFile(ROOT / "templates" / "ke-hoach.docx") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{r hdr.issuer_runs|rich }}", b"{{ hdr.isuer }}", 1)
            dst.writestr(info, data)
    result = run("check", "--templates", str(path))
    assert result.returncode == 6 and "Traceback" not in result.stderr
    assert f"{path}: toàn văn bản: không dùng được làm mẫu: mẫu ke-hoach.docx: thẻ “{{{{ hdr.isuer }}}}”" in result.stdout
    assert "phải bắt đầu bằng" not in result.stdout


@pytest.mark.parametrize("named, count", [("templates", 4), ("templates/ke-hoach.docx", 1)])
def test_templates_named_with_plain_check_are_linted_as_templates_and_said_so(named, count):
    """``check templates/x.docx`` (no ``--templates``) checked the template as a finished document:
    43 false errors for one template, 148 for the folder (its tags read as text), exit 6."""
    result = run("check", named)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    said = [line for line in lines if "đây là tệp mẫu" in line]
    assert len(said) == count and all("[template-lint]" in line and "--templates" in line for line in said)
    assert not [line for line in lines if "[issuer-name]" in line or "[noi-nhan]" in line]
    assert f"{count} tệp: không có lỗi thể thức." in result.stdout


def test_a_template_named_with_documents_is_linted_and_the_documents_checked(bad):
    """A template and a finished document named together: each is checked as what it is."""
    result = run("check", "templates/ke-hoach.docx", str(bad))
    assert result.returncode == 6
    assert [line for line in result.stdout.splitlines() if line.startswith(str(bad))]  # its margin error
    assert not [line for line in result.stdout.splitlines()
                if line.startswith("templates/ke-hoach.docx") and "cảnh báo" not in line]


def test_a_template_named_with_documents_renders_the_report_once(bad, monkeypatch):
    """The documents' problems and the template lint's are rendered together, once, at the end."""
    from khcn_docs.checks import command, runner
    from khcn_docs.errors import CheckFailed

    rendered, real = [], runner.to_text
    monkeypatch.setattr(runner, "to_text", lambda report: rendered.append(len(report.problems)) or real(report))
    monkeypatch.chdir(ROOT)
    with pytest.raises(CheckFailed):
        command.run_check(["templates/ke-hoach.docx", str(bad)], "text", "auto", None, False)
    assert len(rendered) == 1 and rendered[0] >= 2  # the margin error and the template's warning


def test_a_built_document_quoting_template_tags_is_checked_as_a_document(tmp_path):
    """A task may quote ``{{ ten_don_vi }}`` and ``{%p if co_so %}`` literally: the plan built
    from it was linted as a template (a false "chưa có thẻ đóng" error, exit 6, no ND30 check).
    A document in a folder the build wrote (its manifest beside it) is a finished document."""
    import shutil

    from khcn_docs.build import build as run_build

    shutil.copytree(ROOT / "variables", tmp_path / "variables")
    spec = tmp_path / "variables" / "plans" / "ke-hoach-709.yaml"
    text = spec.read_text(encoding="utf-8")
    first = text.index("- item:")
    spec.write_text(text[:first] + '- item: "Mẫu biểu dùng cú pháp {{ ten_don_vi }} và {%p if co_so %} khi điền tự '
                    'động"\n' + " " * (first - text.rfind("\n", 0, first) - 1) + text[first:], encoding="utf-8")
    report = run_build(spec, tmp_path / "output", templates=ROOT / "templates")
    result = run("check", str(report.path_of("ke-hoach")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tệp mẫu" not in result.stdout and "1 tệp: không có lỗi thể thức." in result.stdout
