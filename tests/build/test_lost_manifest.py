"""A build after the manifest was deleted keeps the files it finds with other bytes than it writes."""

from __future__ import annotations

from khcn_docs import buildlog
from khcn_docs.state import MANIFEST_NAME
from tests.build.test_incremental import TASK_NEW, TASK_OLD

ISSUED = "  year: 2024\n", "  year: 2024\n  number: 135\n  date: 15/08/2024\n"


def copies_of(path) -> list:
    """Return the ``.sua-tay-…`` copies kept beside ``path``."""
    return sorted(path.parent.glob(f"{path.stem}.sua-tay-*{path.suffix}"))


def test_an_issued_document_found_without_its_manifest_row_is_kept_aside(project):
    project.edit_spec(*ISSUED)
    first = project.build()
    plan = first.path_of("ke-hoach")
    issued = plan.read_bytes()
    project.edit_spec(TASK_OLD, TASK_NEW)
    assert [k.path for k in project.build().kept] == [plan] and plan.read_bytes() == issued
    (project.folder / MANIFEST_NAME).unlink()
    report = project.build()
    (done, copy), = report.untracked
    assert done.path == plan and copies_of(plan) == [copy] and copy.read_bytes() == issued
    assert plan.read_bytes() != issued                      # written from the plan as it is now
    line = next(line for line in buildlog.attention_lines(report) if "ke-hoach.docx" in line)
    assert "đã ban hành" in line and copy.name in line
    assert project.build().untracked == []                  # said once: the manifest knows it again


def test_a_hand_edited_document_found_without_its_manifest_row_is_kept_aside(project):
    first = project.build()
    letter = first.path_of("cong-van-trien-khai", "so-noi-vu")
    edited = letter.read_bytes() + b"\0"                    # what a clerk's save in Word amounts to here
    letter.write_bytes(edited)
    (project.folder / MANIFEST_NAME).unlink()
    report = project.build()
    assert [(done.path, copy) for done, copy in report.untracked] == [(letter, copies_of(letter)[0])]
    assert copies_of(letter)[0].read_bytes() == edited and letter.read_bytes() == edited[:-1]
    assert any(line.startswith(f"{letter.relative_to(project.folder).as_posix()} đã có sẵn")
               for line in buildlog.attention_lines(report))
    assert len(project.docx_files()) == len(first.outputs) + 1  # the same bytes again: no other copy


def test_an_issued_document_edited_by_hand_is_said_kept_in_one_plain_line(project):
    project.edit_spec(*ISSUED)
    plan = project.build().path_of("ke-hoach")
    plan.write_bytes(plan.read_bytes() + b"\0")  # saved again in Word after it was issued
    rel = plan.relative_to(project.folder).as_posix()
    for explain in (True, False):
        lines = buildlog.kept_lines(project.build(explain=explain), explain=explain)
        assert lines == [f"Giữ nguyên (đã ban hành, không ghi đè): {rel} — văn bản đã ban hành này đã được "
                         "sửa tay sau khi tạo; bản sửa tay được giữ như hiện có (chạy với --force-issued thì "
                         "văn bản được tạo lại theo kế hoạch và bản sửa tay được giữ lại bên cạnh)"]
    forced = project.build(force_issued=True)  # what the line promises
    assert [doc for doc, _ in forced.hand_edits] == [plan]
