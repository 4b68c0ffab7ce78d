"""``khcn-docs build`` and ``diff`` as a clerk sees them: reasons in Vietnamese, explain, prune hint, exit codes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from khcn_docs.cli import cli
from khcn_docs.i18n import set_language
import re

from tests.build.conftest import bump_font_size, inject_before_title, rewrite_part
from tests.build.test_incremental import TASK_NEW, TASK_OLD


@pytest.fixture
def run(project, monkeypatch):
    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    monkeypatch.delenv("KHCN_DOCS_PDF", raising=False)

    def invoke(*args: str):
        result = CliRunner().invoke(cli, ["build", str(project.spec), "-o", str(project.output),
                                          "--templates", str(project.templates), *args])
        set_language("vi")
        return result
    yield invoke
    set_language("vi")


def test_build_says_why_each_document_was_written(project, run):
    first = run()
    assert first.exit_code == 0, first.output
    assert "Đã tạo: ke-hoach.docx (mới)" in first.stdout
    assert "Đã tạo 0 văn bản" not in first.stderr and "lỗi 0" in first.stderr
    project.edit_spec(TASK_OLD, TASK_NEW)
    second = run()
    assert "Đã tạo: ke-hoach.docx (nội dung thay đổi)" in second.stdout
    assert second.stdout.count("(nội dung thay đổi)") == len(second.stdout.splitlines()) - 1  # + folder line
    assert "Đã tạo 0 văn bản, chuyển 0 sang PDF, lỗi 0" in run().stderr


def test_explain_lists_reasons_without_building(project, run):
    run()
    project.edit_spec(TASK_OLD, TASK_NEW)
    before = project.docx_files()
    result = run("--explain")
    assert result.exit_code == 0
    assert "Cần tạo lại: ke-hoach.docx (nội dung thay đổi)" in result.stdout
    assert "văn bản cần tạo lại" in result.stdout
    assert project.docx_files() == before


def test_removed_agency_hint_and_prune(project, run):
    run()
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu]")
    result = run()
    assert "Không còn trong kế hoạch (tệp vẫn giữ)" in result.stdout and "--prune" in result.stdout
    pruned = run("--prune")
    assert "Không còn trong kế hoạch (đã xóa)" in pruned.stdout


def test_issued_document_kept_message(project, run):
    project.edit_spec("  year: 2024\n", "  number: 215\n  date: 20/08/2024\n")
    run()
    project.edit_spec(TASK_OLD, TASK_NEW)
    result = run()
    assert result.exit_code == 0
    assert "Giữ nguyên (đã ban hành, không ghi đè): ke-hoach.docx" in result.stdout
    assert "[hiệu quả → kịp thời]" in result.stdout and "--force-issued" in result.stdout
    assert "Đã tạo 3 văn bản, chuyển 0 sang PDF, giữ nguyên 1 văn bản đã ban hành, lỗi 0" in result.stderr


def test_an_issued_documents_difference_is_marked_on_whole_words(project, run):
    project.edit_spec("  year: 2024\n", "  number: 215\n  date: 20/08/2024\n")
    run()
    project.edit_spec("Tổ chức tuyên truyền, quán triệt", "Tổ chức tốt tuyên truyền, quán triệt")
    result = run()
    assert "Giữ nguyên (đã ban hành, không ghi đè): ke-hoach.docx" in result.stdout
    assert "Tổ chức [∅ → tốt ]tuyên truyền, quán triệt…" in result.stdout and "t[∅ → ốt t]" not in result.stdout


def test_explain_says_an_issued_document_is_kept_as_build_keeps_it(project, run):
    """``--explain`` says what ``build`` does: an issued plan (and dispatch letter) that changed is
    kept, with what would change, not listed as to be rebuilt; a deleted one is written back."""
    project.edit_spec("  year: 2024\n", "  number: 215\n  date: 20/08/2024\n")
    project.edit_spec("  reminder_days: 7\n", "  reminder_days: 7\n  number: 45\n  date: 23/08/2024\n")
    run()
    project.edit_spec(TASK_OLD, TASK_NEW)
    said = run("--explain")
    assert "Cần tạo lại: ke-hoach.docx" not in said.stdout and "cong-van-trien-khai.docx (" not in said.stdout
    assert "Giữ nguyên (đã ban hành, không ghi đè): ke-hoach.docx" in said.stdout
    assert "[hiệu quả → kịp thời]" in said.stdout and "--force-issued" in said.stdout
    assert "2 văn bản cần tạo lại" in said.stdout  # the report forms of Sở Tài chính, Sở KH&CN: never issued
    assert "(trong đó 2 văn bản đã ban hành, không ghi đè)" in said.stdout
    assert "Đã tạo 2 văn bản" in run().stderr
    assert "0 văn bản cần tạo lại" in run("--explain").stdout
    (project.folder / "ke-hoach.docx").unlink()  # deleted after the plan changed: written back as issued
    said = run("--explain")
    assert "Sẽ khôi phục văn bản đã ban hành bị xóa, đúng như bản đã ban hành: ke-hoach.docx" in said.stdout
    assert "Đã khôi phục văn bản đã ban hành bị xóa" in run().stdout


def test_render_failure_exits_4_after_building_the_others(project, run):
    inject_before_title(project.templates / "bao-cao.docx", "{% if 'SNV' in doc.number_line %}{{ 1 / 0 }}{% endif %}")
    result = run()
    assert result.exit_code == 4
    assert "Không tạo được 1 văn bản" in result.stderr and "bao-cao" in result.stderr
    assert "Đã tạo: ke-hoach.docx (mới)" in result.stdout


def test_english_reasons(project, run):
    run()
    project.edit_spec(TASK_OLD, TASK_NEW)
    result = run_en(project)
    assert "Written: ke-hoach.docx (content changed)" in result.stdout


def run_en(project):
    result = CliRunner().invoke(cli, ["--lang", "en", "build", str(project.spec), "-o", str(project.output),
                                      "--templates", str(project.templates)])
    set_language("vi")
    return result


def test_old_spec_warning_on_stderr(project, run):
    project.move_to_2025()
    result = run("--explain")
    assert "cảnh báo: Sở Thông tin và Truyền thông (so-tttt) đã hợp nhất vào Sở Khoa học và Công nghệ" in result.stderr
    assert "plan.yaml:" in result.stderr


def test_a_rebuild_with_nothing_to_do_says_the_warnings_in_the_language_asked(project, run):
    """The quick check keeps the warnings of the build it vouches for, said in that build's
    language: a rebuild asked in English after a Vietnamese one says them in English."""
    project.move_to_2025()
    run()
    result = CliRunner().invoke(cli, ["--lang", "en", "build", str(project.spec), "-o", str(project.output),
                                      "--templates", str(project.templates)])
    set_language("vi")
    assert "warning: Sở Thông tin và Truyền thông (so-tttt)" in result.stderr and "cảnh báo" not in result.stderr
    assert run().stderr.count("cảnh báo: Sở Thông tin và Truyền thông (so-tttt)") == 1


def test_a_template_missing_from_the_folder_stops_the_build_before_anything_is_written(project, run):
    (project.templates / "bao-cao.docx").unlink()
    result = run()
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert "Không tìm thấy mẫu văn bản bao-cao.docx trong thư mục" in result.stderr
    assert "chưa tạo văn bản nào" in result.stderr and "--templates" in result.stderr
    assert not project.output.exists()  # not even the manifest


def test_a_wrong_templates_folder_names_every_missing_template_once(project, tmp_path):
    import shutil

    from khcn_docs.build import build
    from khcn_docs.errors import TemplateError

    folder = tmp_path / "mau"
    folder.mkdir()
    with pytest.raises(TemplateError) as info:
        build(project.spec, project.output, templates=folder)
    assert "mẫu văn bản bao-cao.docx, cong-van-trien-khai.docx, ke-hoach.docx trong thư mục" in info.value.message
    assert not project.output.exists()
    shutil.copy(project.templates / "ke-hoach.docx", folder)  # only the templates of the kinds asked for
    assert [b.unit.key for b in build(project.spec, project.output, templates=folder, kinds=["ke-hoach"]).built] \
        == ["ke-hoach:-"]


def test_a_hand_edited_document_is_said_kept_even_when_quiet(project, run):
    run()
    edited = project.folder / "ke-hoach.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    result = run("-q")
    assert result.exit_code == 0, result.output
    assert "ke-hoach.docx đã bị sửa tay: bản sửa tay được giữ lại thành ke-hoach.sua-tay-" in result.stdout


def test_prune_says_which_documents_it_kept_because_they_were_edited(project, run):
    run()
    edited = next(project.folder.glob("*-lien-hiep-*/bao-cao-2024.docx"))
    edited.write_bytes(edited.read_bytes() + b"\0")
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu]")
    result = run("--prune")
    relative = edited.relative_to(project.folder).as_posix()
    assert f"Không còn trong kế hoạch nhưng đã bị sửa tay hoặc thay bằng tệp khác nên không xóa: {relative}" in result.stdout
    assert f"(đã xóa): {relative}" not in result.stdout and "cong-van-trien-khai.docx — " in result.stdout


def test_a_changed_template_has_its_first_document_checked_against_nd30(project, run):
    """The clerk sets the report form's text to 12 pt in Word: the build says the first form written
    from it breaks ND30, with three of the problems and where to see all; a template changed
    within the rules gets one line; nothing is checked while no template changes."""
    assert "Mẫu" not in run().stdout
    rewrite_part(project.templates / "bao-cao.docx", "word/styles.xml",
                 lambda xml: re.sub(r'<w:sz(Cs)? w:val="2[6-8]"/>', lambda m: f'<w:sz{m.group(1) or ""} w:val="24"/>', xml))
    bump_font_size(project.templates / "cong-van-trien-khai.docx")
    result = run("-q")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    failed = next(i for i, line in enumerate(lines) if line.startswith("Mẫu bao-cao.docx đã thay đổi: "))
    assert "bao-cao-2024.docx chưa đúng thể thức NĐ30 (" in lines[failed] and lines[failed].endswith("lỗi), ví dụ:")
    assert all("cỡ chữ 12 pt" in line for line in lines[failed + 1:failed + 4])
    assert lines[failed + 4] == f"    Xem đủ các lỗi: khcn-docs check {project.folder} — sửa mẫu rồi chạy lại build."
    assert any(line.startswith("Mẫu cong-van-trien-khai.docx đã thay đổi: ") and line.endswith("đúng thể thức NĐ30.")
               for line in lines)
    assert "Mẫu" not in run().stdout + run("--force").stdout


LOADED = ("import sys; from khcn_docs.cli import main; sys.argv = ['khcn-docs', *sys.argv[1:]]\n"
          "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
          "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'lxml'}), "
          "'khcn_docs.checks.runner' in sys.modules)")


def _modules_loaded_by_build(project, *args: str) -> str:
    """Return what a fresh ``khcn-docs build`` process says it loaded: python-docx and lxml, the checker."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", LOADED, "build", str(project.spec), "-o", str(project.output),
                           "--templates", str(project.templates), "-q", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_a_build_that_changed_no_template_does_not_load_the_checker(project):
    """The ND30 checker is loaded only to check the first document of a template that changed; a
    build with nothing to do loads neither it nor python-docx and lxml (about a quarter of its
    start-up). Rendering loads python-docx and lxml anyway: docxtpl prepares the templates."""
    assert _modules_loaded_by_build(project) == "['docx', 'lxml'] False"  # first build: every document new
    assert _modules_loaded_by_build(project) == "[] False"                # nothing to do
    project.edit_spec(TASK_OLD, TASK_NEW)
    assert _modules_loaded_by_build(project) == "['docx', 'lxml'] False"  # a task reworded
    bump_font_size(project.templates / "bao-cao.docx")
    assert _modules_loaded_by_build(project) == "['docx', 'lxml'] True"   # a template changed: checked


def removed_part(stdout: str) -> list[str]:
    """Return the lines of ``stdout`` about files no longer in the plan, and the prune hint."""
    return [line for line in stdout.splitlines() if line.startswith("Không còn trong kế hoạch") or "--prune để xóa" in line]


def test_explain_with_prune_says_what_prune_will_delete_and_keep(project, run):
    """An issued dispatch, then an agency's only task removed: ``--explain --prune`` says the report
    form would be deleted and the issued letter kept, changes nothing, and ``--prune`` then says the same."""
    from tests.build.test_revision import issue_all

    issue_all(project)
    run()
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu]")
    form = next(project.folder.glob("*-lien-hiep-*/bao-cao-2024.docx")).relative_to(project.folder).as_posix()
    letter = form.replace("bao-cao-2024", "cong-van-trien-khai")
    before = project.docx_files()
    foreseen = removed_part(run("--prune", "--explain").stdout)
    assert project.docx_files() == before
    assert foreseen[0].startswith(f"Không còn trong kế hoạch (sẽ xóa): {form} — ")
    assert foreseen[1].startswith(f"Không còn trong kế hoạch nhưng đã ban hành nên giữ lại (--prune không xóa): {letter} — ")
    assert len(foreseen) == 2  # no "run again with --prune": that is what it would do
    done = removed_part(run("--prune").stdout)
    assert done == [line.replace("(sẽ xóa)", "(đã xóa)") for line in foreseen]
    assert form not in project.docx_files() and letter in project.docx_files()


@pytest.mark.parametrize("args", [(), ("--explain",)])
def test_prune_hint_counts_only_what_prune_would_delete(project, run, args):
    """Without ``--prune``, the hint names how many files it would delete; when the only leftover is
    an issued letter, which it never deletes, there is no hint, and the letter says why it stays."""
    from tests.build.test_revision import issue_all

    issue_all(project)
    run()
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu]")
    assert removed_part(run(*args).stdout)[-1] == "Chạy lại với --prune để xóa 1 tệp ghi “tệp vẫn giữ” ở trên."
    run("--prune")
    lines = removed_part(run(*args).stdout)
    assert len(lines) == 1 and "đã ban hành nên giữ lại (--prune không xóa)" in lines[0]
    assert "xóa tay tệp này" in lines[0] and "--force-issued" in lines[0]


def test_a_comment_after_a_text_value_is_warned_at_its_line_with_the_part_left_out(project, run):
    """``item: Triển khai #1 …``: YAML reads " #1 …" as a comment, so every document would print
    "Triển khai" alone; the build says so at that line. A comment on its own line or after a number
    (``day: 15  # …``), and the bundled spec's own comments, are not warned of."""
    project.edit_spec("          - item: >-\n              Cụ thể hóa",
                      "          # ghi chú trên một dòng riêng\n"
                      "          - item: Triển khai #1 ứng dụng văn bản điện tử\n"
                      "          - item: >-\n              Cụ thể hóa")
    project.edit_spec("  day: 15\n", "  day: 15  # ngày báo cáo\n")
    line = project.spec.read_text(encoding="utf-8").split("\n").index(
        "          - item: Triển khai #1 ứng dụng văn bản điện tử") + 1
    result = run("--explain")
    assert result.exit_code == 0, result.output
    said = [w for w in result.stderr.splitlines() if "ghi chú" in w]
    assert len(said) == 1, result.stderr
    assert f"plan.yaml:{line}:13: cảnh báo: " in said[0]
    assert "phần “#1 ứng dụng văn bản điện tử” sau dấu “#” bị YAML hiểu là ghi chú" in said[0]
    assert "đặt cả giá trị trong ngoặc kép" in said[0]
