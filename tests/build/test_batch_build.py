"""``khcn-docs build`` of several plans at once (files, or the folder holding them): all checked
before any is written, each built as alone, a failing plan not stopping the others."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from khcn_docs.cli import cli
from khcn_docs.i18n import set_language
from tests.build.conftest import REVISION


@pytest.fixture
def plans(project, monkeypatch):
    """The project with a second plan beside its spec: the bundled revision (which revises plan.yaml)."""
    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    monkeypatch.delenv("KHCN_DOCS_PDF", raising=False)
    revision = project.spec.parent / "sua-doi.yaml"
    revision.write_text(REVISION.read_text(encoding="utf-8").replace("revises: ke-hoach-709.yaml", "revises: plan.yaml"),
                        encoding="utf-8")
    yield project
    set_language("vi")


def run(project, *targets: str):
    return CliRunner().invoke(cli, ["build", *targets, "-o", str(project.output), "--templates", str(project.templates)])


def test_a_folder_builds_every_plan_in_it_each_into_its_own_folder(plans):
    result = run(plans, str(plans.spec.parent))
    assert result.exit_code == 0, result.output
    headings = [line for line in result.stdout.splitlines() if line.startswith("== Kế hoạch")]
    assert headings == [f"== Kế hoạch 1/2: {plans.spec}", f"== Kế hoạch 2/2: {plans.spec.parent / 'sua-doi.yaml'}"]
    assert result.stdout.splitlines()[-1] == "Xong 2 kế hoạch."
    assert (plans.output / "plan" / "ke-hoach.docx").is_file() and (plans.output / "sua-doi" / "ke-hoach.docx").is_file()
    again = run(plans, str(plans.spec), str(plans.spec.parent / "sua-doi.yaml"), str(plans.spec))  # named twice: once
    assert again.exit_code == 0 and again.stdout.count("== Kế hoạch") == 2
    assert again.stderr.count("Đã tạo 0 văn bản") == 2


def test_one_wrong_plan_stops_all_before_anything_is_written(plans):
    plans.edit_spec("  day: 15\n", "  day: 45\n")
    result = run(plans, str(plans.spec.parent))
    assert result.exit_code == 3
    assert "plan.yaml" in result.output and "reporting.day" in result.output
    assert not plans.output.exists()


def test_two_plans_building_into_one_folder_are_refused(plans, tmp_path):
    other = tmp_path / "elsewhere" / "variables" / "plans"
    shutil.copytree(plans.root / "variables", tmp_path / "elsewhere" / "variables")
    result = run(plans, str(plans.spec), str(other / "plan.yaml"))
    assert result.exit_code == 8 and "cùng tạo văn bản vào" in result.output and "Usage:" not in result.output
    assert not plans.output.exists()


def test_two_plan_files_of_one_name_in_a_folder_are_refused_as_a_state_clash(plans):
    """``Plán.yaml`` beside ``plan.yaml`` builds into the same ``plan`` folder: exit 8 as when it is
    built alone into the other's folder, not a usage error."""
    shutil.copy(plans.spec, plans.spec.parent / "Plán.yaml")
    result = run(plans, str(plans.spec.parent))
    assert result.exit_code == 8 and "Usage:" not in result.output
    assert f"cùng tạo văn bản vào {plans.output / 'plan'}" in result.output
    assert "“Plán” và “plan” cùng thành “plan”" in result.output
    assert not plans.output.exists()


@pytest.mark.parametrize("second, why", [
    ("sub/plan.yaml", "(hai tệp cùng tên “plan”, ở hai thư mục khác nhau)"),
    ("ke hoach 709.yaml", "(tên thư mục văn bản lấy từ tên tệp, bỏ dấu, viết thường, dấu cách và ký hiệu khác thành "
                          "“-”: “ke-hoach-709” và “ke hoach 709” cùng thành “ke-hoach-709”)"),
])
def test_a_clash_says_what_makes_the_two_names_one_folder(plans, second, why):
    """The clash said "(tên hai tệp giống nhau khi bỏ dấu và chữ hoa)" also for one name in two
    folders, and for "ke hoach 709" beside "ke-hoach-709" (a space, not an accent or a capital)."""
    first = plans.spec if second.startswith("sub/") else plans.spec.with_name("ke-hoach-709.yaml")
    if first != plans.spec:
        shutil.copy(plans.spec, first)
    (plans.spec.parent / second).parent.mkdir(exist_ok=True)
    text = plans.spec.read_text(encoding="utf-8")
    if "/" in second:  # one folder down: its variables one more step up
        text = text.replace("variables: ..", "variables: ../..")
    (plans.spec.parent / second).write_text(text, encoding="utf-8")
    result = run(plans, str(first), str(plans.spec.parent / second))
    assert result.exit_code == 8 and why in result.output, result.output
    assert "bỏ dấu và chữ hoa" not in result.output


def test_a_folder_without_plans_is_said_as_such(plans, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(plans, str(tmp_path / "empty"))
    assert result.exit_code == 2 and "không có tệp kế hoạch (.yaml) nào" in result.output
    variables = run(plans, str(plans.root / "variables"))  # the registry and the signers list are no plans
    assert variables.exit_code == 2 and "không có tệp kế hoạch (.yaml) nào" in variables.output


def test_a_plan_that_cannot_be_written_does_not_stop_the_next(plans):
    plans.output.mkdir()
    (plans.output / "plan").write_text("not a folder", encoding="utf-8")  # where plan.yaml's documents go
    result = run(plans, str(plans.spec), str(plans.spec.parent / "sua-doi.yaml"))
    assert result.exit_code not in (0, 1, 2, 3)
    assert (plans.output / "sua-doi" / "ke-hoach.docx").is_file()
    assert result.stderr.splitlines()[-1] == "Lỗi: Xong 2 kế hoạch; 1 kế hoạch có lỗi (xem ở trên)."
    assert "Không tạo được thư mục" in result.stderr
