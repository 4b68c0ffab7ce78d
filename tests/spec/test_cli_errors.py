"""``khcn-docs build`` on a broken spec: exit code 3, positioned messages, no traceback, output untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.spec.broken_specs import Broken, by_kind
from tests.spec.tiny_spec import VALID, write_project

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("yaml-tab-indentation", "unknown-key", "unknown-agency", "impossible-date", "duplicate-task-id", "not-utf8")


def run_build(spec: Path, output: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KHCN_DOCS_LANG"}
    return subprocess.run([sys.executable, "-m", "khcn_docs", "build", str(spec), "--output", str(output)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Return every entry under ``folder``: relative path -> (mtime_ns, sha256 or 'dir')."""
    out = {}
    for path in sorted(folder.rglob("*")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[str(path.relative_to(folder))] = (path.stat().st_mtime_ns, digest)
    return out


@pytest.fixture(scope="module")
def earlier_build(tmp_path_factory) -> tuple[Path, Path]:
    """Return (project folder, output folder) after a successful build of the valid spec."""
    root = tmp_path_factory.mktemp("earlier")
    spec = write_project(root / "project", VALID)
    result = run_build(spec, root / "out")
    assert result.returncode == 0, result.stderr
    assert any(p.suffix == ".docx" for p in (root / "out").rglob("*"))
    return root / "project", root / "out"


@pytest.mark.parametrize("kind", KINDS)
def test_broken_spec_leaves_the_earlier_build_untouched(tmp_path, earlier_build, kind):
    case: Broken = by_kind(kind)
    project, out = tmp_path / "project", tmp_path / "out"
    shutil.copytree(earlier_build[0], project)
    shutil.copytree(earlier_build[1], out)
    spec = write_project(project, case.spec, case.agencies)
    before = snapshot(out)

    result = run_build(spec, out)

    assert result.returncode == 3, result.stderr
    assert f"{spec}:{case.line}:{case.column}: {case.field}: " in result.stderr
    assert case.message in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(out) == before


def test_broken_spec_creates_no_output_folder(tmp_path):
    spec = write_project(tmp_path / "project", by_kind("unknown-agency").spec)
    result = run_build(spec, tmp_path / "out")
    assert result.returncode == 3 and f"Có 1 lỗi trong {spec}; lệnh đã dừng, chưa ghi tệp nào:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_spec_copied_out_of_the_project_is_told_where_its_variables_are(tmp_path, monkeypatch):
    """Copied from variables/plans/ to a folder of its own, the spec looks for agencies.yaml one
    folder up; the message says where it looked and the line that finds them again."""
    from khcn_docs.errors import SpecError
    from khcn_docs.spec.load import load_plan
    from tests.spec.tiny_spec import VALID, write_project

    spec = write_project(tmp_path, VALID)
    moved = tmp_path / "ban-nhap" / "ke-hoach.yaml"
    moved.parent.mkdir()
    moved.write_text(spec.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as info:
        load_plan(moved)
    lines = info.value.message.splitlines()
    assert lines[0] == "Có 2 lỗi trong agencies.yaml, signers.yaml; lệnh đã dừng, chưa ghi tệp nào:"
    assert ("agencies.yaml:1:1: -: không tìm thấy tệp — tệp kế hoạch ban-nhap/ke-hoach.yaml tìm agencies.yaml trong "
            "thư mục . (khóa “variables: ..”, tính từ thư mục chứa tệp kế hoạch) — đặt tệp kế hoạch vào variables/plans/, "
            "hoặc trong tệp kế hoạch ghi “variables: ../variables” (thay cho “variables: ..”)") in lines
    text = moved.read_text(encoding="utf-8")
    moved.write_text(text.replace("variables: ..\n", "variables: ../variables\n", 1), encoding="utf-8")  # as hinted
    assert load_plan(moved).tasks


@pytest.mark.parametrize("picked, said", [
    ("registry", "đây là danh mục cơ quan (agencies.yaml), không phải tệp kế hoạch"),
    ("signers", "đây là danh sách người ký (signers.yaml), không phải tệp kế hoạch"),
    ("docx", "đây là tệp Word (.docx), không phải tệp kế hoạch (.yaml)"),
    ("xlsx", "đây là tệp Excel (.xlsx), không phải tệp kế hoạch (.yaml)"),
    ("pdf", "đây là tệp PDF, không phải tệp kế hoạch (.yaml)"),
    ("doc", "đây là tệp Word/Excel 97–2003 (.doc/.xls), không phải tệp kế hoạch (.yaml)"),
])
def test_a_file_picked_instead_of_the_plan_is_said_in_one_line(tmp_path, earlier_build, picked, said):
    """The registry, the signers list, a built .docx, an exported .xlsx, a PDF or an old .doc given as SPEC: one
    message saying what the file is and what to give instead, not the plan's missing keys."""
    import openpyxl

    project, out = earlier_build
    files = {"registry": project / "variables" / "agencies.yaml", "signers": project / "variables" / "signers.yaml",
             "docx": next(out.rglob("*.docx")), "xlsx": tmp_path / "phan-cong.xlsx", "pdf": tmp_path / "ke-hoach.pdf",
             "doc": tmp_path / "ke-hoach.doc"}
    openpyxl.Workbook().save(files["xlsx"])
    files["pdf"].write_bytes(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    files["doc"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an OLE compound file's header
    result = run_build(files[picked], tmp_path / "out")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{files[picked]}:1:1: -: {said} — ghi tệp kế hoạch, ví dụ ")
    assert not (tmp_path / "out").exists()
