"""Agency folders renamed when the registry renumbers them: every file goes along, nothing is rebuilt."""

from __future__ import annotations

import os
import re

import pytest

from click.testing import CliRunner

from khcn_docs import buildlog
from khcn_docs.cli import cli
from khcn_docs.relocate import planned
from tests.build.conftest import built
from tests.build.test_incremental import TASK_NEW, TASK_OLD

ISSUED = "  year: 2024\n", "  year: 2024\n  number: 135\n  date: 15/08/2024\n"


def move_to_the_end(project, agency: str) -> None:
    """Move ``agency`` to the end of the registry: its folder and those after it are renumbered."""
    text = project.agencies.read_text(encoding="utf-8")
    start = text.index(f"  {agency}:\n")
    end = re.compile(r"\n  [a-z0-9-]+:\n").search(text, start + 5).start() + 1
    project.agencies.write_text(text[:start] + text[end:].rstrip("\n") + "\n" + text[start:end], encoding="utf-8")


def test_a_renumbered_folder_is_renamed_with_every_file_in_it(project):
    first = project.build()
    before = {key: path.read_bytes() for key, path in first.outputs.items()}
    old = first.path_of("bao-cao", "lien-hiep-hoi").parent
    (old / "cong-van-don-doc-2024-lan-1.docx").write_bytes(b"a reminder remind wrote")
    (old / "bao-cao-da-nhan.pdf").write_bytes(b"the report the agency sent, kept by the clerk")
    move_to_the_end(project, "lien-hiep-hoi")  # in no group: only the folders' numbers change
    report = project.build()
    new = report.path_of("bao-cao", "lien-hiep-hoi").parent
    assert new != old and (old, new) in report.relocated and not old.exists()
    assert report.built == [] and report.kept == [] and report.hand_edits == []
    assert {p.name for p in new.iterdir()} >= {"cong-van-don-doc-2024-lan-1.docx", "bao-cao-da-nhan.pdf"}
    assert {key: path.read_bytes() for key, path in report.outputs.items()} == before
    assert project.build().quick


def test_explain_names_the_folders_a_build_would_rename_and_no_document(project):
    project.build()
    move_to_the_end(project, "lien-hiep-hoi")
    explained = project.build(explain=True)
    assert explained.relocated and explained.outdated == []
    assert all(old.exists() and not new.exists() for old, new in explained.relocated)  # nothing renamed
    count = len(explained.relocated)
    assert buildlog.explain_lines(explained)[-1].startswith(
        f"0 văn bản cần tạo lại, {len(explained.verdicts)} văn bản giữ nguyên, {count} thư mục cơ quan sẽ đổi tên — ")
    shown = CliRunner().invoke(cli, ["build", str(project.spec), "-o", str(project.output),
                                     "--templates", str(project.templates)])
    assert shown.exit_code == 0 and f", đổi tên {count} thư mục cơ quan, lỗi 0, " in shown.output
    assert all(new.is_dir() and not old.exists() for old, new in explained.relocated)
    assert project.build().relocated == []


def test_when_the_new_name_is_taken_by_a_file_name_of_the_old_folder_the_documents_move_one_by_one(project):
    first = project.build()
    before = {key: path.read_bytes() for key, path in first.outputs.items()}
    old = first.path_of("bao-cao", "lien-hiep-hoi").parent
    (old / "ghi-chu.txt").write_text("the clerk's note", encoding="utf-8")
    move_to_the_end(project, "lien-hiep-hoi")
    new = project.build(explain=True).path_of("bao-cao", "lien-hiep-hoi").parent
    new.mkdir()
    (new / "khac.txt").write_text("something already there", encoding="utf-8")
    (new / "ghi-chu.txt").write_text("another note of that name", encoding="utf-8")  # not to be replaced
    report = project.build()
    ours = {key for key in built(report) if ":lien-hiep-hoi" in key}
    assert ours and all(built(report)[key] == ("moved",) for key in ours)
    assert all(report.outputs[key].read_bytes() == before[key] for key in ours)
    assert (new / "khac.txt").exists() and (old / "ghi-chu.txt").exists()
    assert not any(first.outputs[key].exists() for key in ours)
    assert project.build().built == []


def test_a_folder_a_reminder_was_written_to_under_the_new_name_takes_the_old_folders_files(project):
    """``remind`` after the registry edit, before the build, wrote round 2 under the agency's new
    folder name while round 1 and the documents stayed in the old one: the build moves them in
    beside it and the old folder goes, nothing rebuilt, nothing left behind."""
    first = project.build()
    before = {key: path.read_bytes() for key, path in first.outputs.items()}
    old = first.path_of("bao-cao", "lien-hiep-hoi").parent
    (old / "cong-van-don-doc-2024-lan-1.docx").write_bytes(b"round 1")
    move_to_the_end(project, "lien-hiep-hoi")
    new = project.build(explain=True).path_of("bao-cao", "lien-hiep-hoi").parent
    new.mkdir()
    (new / "cong-van-don-doc-2024-lan-2.docx").write_bytes(b"round 2")
    report = project.build()
    assert (old, new) in report.relocated and not old.exists()
    assert report.built == [] and report.kept == [] and report.hand_edits == []
    assert (new / "cong-van-don-doc-2024-lan-1.docx").read_bytes() == b"round 1"
    assert (new / "cong-van-don-doc-2024-lan-2.docx").read_bytes() == b"round 2"
    assert {key: path.read_bytes() for key, path in report.outputs.items()} == before
    assert project.build().quick


def test_a_build_killed_between_the_rename_and_its_record_finishes_the_move(project):
    first = project.build()
    before = {key: path.read_bytes() for key, path in first.outputs.items()}
    move_to_the_end(project, "lien-hiep-hoi")
    explained = project.build(explain=True)
    for old, new in explained.relocated:  # what a build killed right after renaming has done
        os.rename(old, new)
    report = project.build()
    assert report.relocated == explained.relocated
    assert report.built == [] and report.hand_edits == [] and report.removed == []
    assert {key: path.read_bytes() for key, path in report.outputs.items()} == before


@pytest.mark.parametrize("new_name_taken", [False, True], ids=["folder-renamed", "moved-one-by-one"])
def test_an_issued_document_follows_its_agency_folder_unchanged(project, new_name_taken):
    project.edit_spec(*ISSUED)
    first = project.build()
    issued = first.path_of("bao-cao", "lien-hiep-hoi")
    data = issued.read_bytes()
    move_to_the_end(project, "lien-hiep-hoi")
    if new_name_taken:  # by a folder holding a name of the old one: not joined
        taken = project.build(explain=True).path_of("bao-cao", "lien-hiep-hoi").parent
        taken.mkdir()
        for folder in (taken, issued.parent):
            (folder / "ghi-chu.txt").write_text(f"a note in {folder.name}", encoding="utf-8")
    report = project.build()
    assert report.kept == [] and not issued.exists()
    assert (issued.parent in {old for old, _ in report.relocated}) is not new_name_taken
    assert report.path_of("bao-cao", "lien-hiep-hoi").read_bytes() == data


def test_only_a_folder_whose_every_document_goes_to_one_new_folder_is_planned(project):
    project.build()
    move_to_the_end(project, "lien-hiep-hoi")
    report = project.build(explain=True)
    from khcn_docs.state import Manifest

    with Manifest.open(project.folder, create=False) as manifest:
        moves = planned(report.units, manifest)
    assert moves and all(old.split("-", 1)[1] == new.split("-", 1)[1] for old, new in moves.items())


def test_explain_finds_an_issued_letter_in_the_folder_it_would_rename(project):
    project.edit_spec(*ISSUED)
    project.edit_spec("  reminder_days: 7\n", "  reminder_days: 7\n  number: 45\n  date: 20/08/2024\n")
    project.build()
    text = project.agencies.read_text(encoding="utf-8")
    project.agencies.write_text(text.replace("  so-tai-chinh:\n", "  so-moi:\n    name: Sở Mới\n    abbreviation: SM\n"
                                             "    parent: ubnd-tinh\n  so-tai-chinh:\n", 1), encoding="utf-8")
    project.edit_spec(TASK_OLD, TASK_NEW)  # Sở Tài chính's task: its issued letter would change
    explained = project.build(explain=True)
    letter = explained.path_of("cong-van-trien-khai", "so-tai-chinh")
    assert not letter.exists() and explained.restored == []  # still in its old folder, not deleted
    assert letter in [k.path for k in explained.kept]
    lines = buildlog.explain_lines(explained)
    assert not any(line.startswith("Sẽ khôi phục") for line in lines)
    report = project.build()
    assert letter in [k.path for k in report.kept] and report.restored == []
    assert {v.unit.key for v in explained.outdated} == set(built(report))
    assert lines[-1].startswith(f"{len(report.built)} văn bản cần tạo lại, ")


def test_explain_keeps_a_hand_edited_issued_letter_in_a_folder_it_would_rename(project):
    """The letter is issued and edited by hand, in a folder the registry's new agency renumbers:
    ``--explain`` reads it where it is (the old folder), so it foresees what the build does — kept
    as it is — rather than a deleted document to write again."""
    from docx import Document

    project.edit_spec(*ISSUED)
    project.edit_spec("  reminder_days: 7\n", "  reminder_days: 7\n  number: 45\n  date: 20/08/2024\n")
    first = project.build()
    old = first.path_of("cong-van-trien-khai", "so-tai-chinh")
    doc = Document(str(old))
    doc.paragraphs[-1].add_run(" (sửa tay)")
    doc.save(str(old))
    text = project.agencies.read_text(encoding="utf-8")
    project.agencies.write_text(text.replace("  so-tai-chinh:\n", "  so-moi:\n    name: Sở Mới\n    abbreviation: SM\n"
                                             "    parent: ubnd-tinh\n  so-tai-chinh:\n", 1), encoding="utf-8")
    explained = project.build(explain=True)
    letter = explained.path_of("cong-van-trien-khai", "so-tai-chinh")
    assert letter != old and letter in [k.path for k in explained.kept]
    report = project.build()
    assert letter in [k.path for k in report.kept] and report.hand_edits == []
    assert {v.unit.key for v in explained.outdated} == set(built(report))

