"""Command-line behaviour not owned by one area: missing spec file, checking a whole folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from khcn_docs.build import build

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "khcn_docs", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_a_missing_spec_is_one_clear_problem_naming_the_specs_beside_it():
    proc = run("build", "variables/plans/khong-co.yaml", "-o", "/nonexistent-out")
    assert proc.returncode == 3
    assert "variables/plans/khong-co.yaml:1:1" in proc.stderr and "ke-hoach-709.yaml" in proc.stderr
    assert "agencies.yaml" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_missing_spec_names_only_plans_beside_it_or_says_there_is_none(tmp_path):
    (tmp_path / "agencies-cu.yaml").write_text((ROOT / "variables" / "agencies.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    proc = run("build", "nope.yaml", "-o", "/nonexistent-out", cwd=tmp_path)
    assert proc.returncode == 3 and "agencies-cu.yaml" not in proc.stderr
    assert "nope.yaml:1:1: -: không tìm thấy tệp — kiểm tra tên tệp kế hoạch; trong . không có tệp kế hoạch " \
           "(.yaml) nào" in proc.stderr
    (tmp_path / "ngay-nghi.yaml").write_text("ngay_nghi:\n  - 01/01/2025\n", encoding="utf-8")  # neither kind
    (tmp_path / "ke-hoach.yml").write_bytes((ROOT / "variables" / "plans" / "ke-hoach-709.yaml").read_bytes())
    proc = run("build", "nope.yaml", "-o", "/nonexistent-out", cwd=tmp_path)
    assert proc.stderr.rstrip().endswith("trong . có: ke-hoach.yml"), proc.stderr


def test_a_pipe_named_as_the_plan_is_said_to_be_no_regular_file(tmp_path):
    """``build /dev/stdin`` (or a named pipe) said "file not found", though the path is there."""
    import os

    os.mkfifo(tmp_path / "ke-hoach.yaml")
    proc = subprocess.run([sys.executable, "-m", "khcn_docs", "build", "ke-hoach.yaml", "-o", "out"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 3 and "Traceback" not in proc.stderr and not (tmp_path / "out").exists()
    assert ("ke-hoach.yaml:1:1: -: không phải tệp thường (là ống dẫn, thiết bị hay đầu vào chuẩn như /dev/stdin): "
            "khcn-docs chỉ đọc từ tệp — lưu nội dung vào một tệp .yaml") in proc.stderr, proc.stderr


def test_diff_of_registries_names_a_missing_one_as_a_registry(tmp_path):
    plan = ROOT / "variables" / "plans" / "ke-hoach-709.yaml"
    proc = run("diff", "agencies-cu.yaml", ROOT / "variables" / "agencies.yaml", "--plan", plan, cwd=tmp_path)
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert "agencies-cu.yaml:1:1: -: không tìm thấy tệp — kiểm tra tên tệp danh mục cơ quan; trong . không có " \
           "tệp danh mục cơ quan (.yaml) nào" in proc.stderr
    proc = run("diff", ROOT / "variables" / "agencies.yaml", ROOT / "variables" / "cu.yaml", "--plan", plan)
    assert "kiểm tra tên tệp danh mục cơ quan; trong " in proc.stderr and proc.stderr.rstrip().endswith("có: agencies.yaml")


def test_check_accepts_a_folder_and_checks_every_docx_in_it(tmp_path):
    report = build(ROOT / "variables" / "plans" / "ke-hoach-709.yaml", tmp_path, templates=ROOT / "templates")
    proc = run("check", report.folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(report.built)} tệp" in proc.stdout


def _with_lang(value: str, *args):
    """Run the command line with ``KHCN_DOCS_LANG=value``; return the finished process."""
    import os

    env = {**os.environ, "KHCN_DOCS_LANG": value}
    return subprocess.run([sys.executable, "-m", "khcn_docs", *args], capture_output=True, text=True, cwd=ROOT, env=env)


def test_an_unsupported_khcn_docs_lang_is_warned_of_once_naming_vi_and_en():
    """``KHCN_DOCS_LANG=fr`` was silently Vietnamese: one warning line on stderr says so, both ways."""
    proc = _with_lang("fr", "agencies", "variables/plans/ke-hoach-709.yaml")
    assert proc.returncode == 0
    [line] = [line for line in proc.stderr.splitlines() if "KHCN_DOCS_LANG" in line]
    assert "KHCN_DOCS_LANG=fr không phải ngôn ngữ có sẵn" in line and "ghi một trong: vi, en" in line
    assert "is not a supported language" in line and "Sở Nội vụ" in proc.stdout


def test_a_supported_or_overridden_khcn_docs_lang_is_not_warned_of():
    for value, args in (("en", ()), ("en_US.UTF-8", ()), ("vi", ()), ("fr", ("--lang", "en"))):
        proc = _with_lang(value, "agencies", "variables/plans/ke-hoach-709.yaml", *args)
        assert proc.returncode == 0 and "KHCN_DOCS_LANG" not in proc.stderr, (value, proc.stderr)


@pytest.mark.parametrize("value, lang, warned", [
    ("en", "en", False), ("EN", "en", False), (" en", "en", False), ("en_US.UTF-8", "en", False),
    ("vi_VN.UTF-8", "vi", False), ("vi", "vi", False), ("", "vi", False),
    ("english", "vi", True), ("fr", "vi", True), ("enx", "vi", True),
])
def test_khcn_docs_lang_is_read_once_for_the_language_and_the_warning(monkeypatch, value, lang, warned):
    """`` en`` was Vietnamese unwarned (the warning stripped the value, ``language`` did not), and
    ``english`` English although warned of nothing: one reading serves both."""
    from khcn_docs import i18n

    monkeypatch.setattr(i18n, "_current", [])
    monkeypatch.setenv("KHCN_DOCS_LANG", value)
    assert i18n.language() == lang
    assert (i18n.unsupported_env_language() is not None) == warned
