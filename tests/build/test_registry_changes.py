"""The registry's merges as a clerk writes them: refused when they cannot have happened, said along
the whole chain when one merged body went on into another."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from click.testing import CliRunner

from khcn_docs import diff
from khcn_docs.cli import cli
from khcn_docs.spec.load import load_plan

II_2_B_4_LEAD = "              - task: II.2.b-4\n                lead: [so-tai-chinh]\n"


def add_to_entry(project, aid: str, lines: str) -> None:
    """Add ``lines`` (YAML, indented under the entry) right after the line ``  aid:`` of the registry."""
    text = project.agencies.read_text(encoding="utf-8")
    head = f"\n  {aid}:\n"
    assert text.count(head) == 1
    project.agencies.write_text(text.replace(head, head + lines, 1), encoding="utf-8")


def registry_line(project, text: str) -> int:
    """Return the 1-based line of the registry holding ``text`` (its last occurrence)."""
    lines = project.agencies.read_text(encoding="utf-8").splitlines()
    return max(n for n, line in enumerate(lines, 1) if text in line)


def refused(project) -> str:
    """Return what ``build --explain`` says of the project's spec, checking it stops with exit 3 and writes nothing."""
    result = CliRunner().invoke(cli, ["build", str(project.spec), "-o", str(project.output), "--explain"])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output and not project.output.exists()
    return result.output


@pytest.mark.parametrize("entry, lines, at, said", [
    ("so-y-te", "    merged_into: ubnd-dong-ha\n    merged_on: 01/8/2025\n", "merged_into: ubnd-dong-ha",
     "agencies.so-y-te.merged_into: hợp nhất vào Ủy ban nhân dân thành phố Đông Hà (ubnd-dong-ha) từ ngày "
     "01/8/2025, nhưng Ủy ban nhân dân thành phố Đông Hà không còn từ ngày 01/7/2025 (dissolved_on)"),
    ("so-y-te", "    merged_into: ubnd-dong-ha\n    merged_on: 01/7/2025\n", "merged_into: ubnd-dong-ha",
     "agencies.so-y-te.merged_into: hợp nhất vào Ủy ban nhân dân thành phố Đông Hà (ubnd-dong-ha) từ ngày "
     "01/7/2025, nhưng Ủy ban nhân dân thành phố Đông Hà không còn từ ngày 01/7/2025"),  # dissolved that very day
    ("so-tai-chinh", "    merged_into: so-cong-thuong\n    merged_on: 01/2/2025\n", "merged_into: so-tai-chinh",
     "agencies.so-khdt.merged_into: hợp nhất vào Sở Tài chính (so-tai-chinh) từ ngày 01/3/2025, nhưng Sở Tài chính "
     "đã hợp nhất vào Sở Công Thương (so-cong-thuong) từ ngày 01/02/2025, trước đó"),
    ("lien-hiep-hoi", "    renamed_from: so-y-te\n", "renamed_from: so-y-te",
     "agencies.lien-hiep-hoi.renamed_from: mục so-y-te không ghi “merged_into: lien-hiep-hoi”, nên lien-hiep-hoi "
     "không phải tên mới của so-y-te"),
], ids=["into-a-dissolved-body", "into-a-body-dissolved-that-day", "into-a-body-merged-before", "renamed-from-unmerged"])
def test_a_merge_that_cannot_have_happened_is_refused_at_its_line(project, entry, lines, at, said):
    """Tasks merged into a body dissolved by then, or itself merged away before, would go to no one;
    ``renamed_from`` names the entry whose ``merged_into`` is this one (docs/revisions.md)."""
    add_to_entry(project, entry, lines)
    output = refused(project)
    assert f"agencies.yaml:{registry_line(project, at)}:5: {said}" in output, output


def test_a_merge_into_a_body_that_goes_on_later_and_a_rename_with_its_merge_are_accepted(project):
    """Sở Tài chính merged into another after Sở Kế hoạch và Đầu tư merged into it (and on the same
    day) is a chain, not a mistake; the bundled renames (renamed_from with the old entry's merge) load."""
    add_to_entry(project, "so-tai-chinh", "    merged_into: so-cong-thuong\n    merged_on: 01/3/2025\n")
    plan = load_plan(project.spec)
    assert plan.current_id("so-khdt") == "so-khdt"  # a 2024 plan: before the merges
    assert plan.at(dt.date(2025, 12, 31)).current_id("so-khdt") == "so-cong-thuong"


def test_a_chain_of_merges_is_said_step_by_step_in_warnings_and_diff(project, tmp_path):
    """Sở Kế hoạch và Đầu tư went into Sở Tài chính on 01/3/2025, which went into Sở Công Thương on
    01/6/2025: the warning and the diff name Sở Tài chính and its day, then Sở Công Thương and its."""
    old_spec = project.spec.with_name("ke-hoach-2024.yaml")
    shutil.copy(project.spec, old_spec)
    add_to_entry(project, "so-tai-chinh", "    merged_into: so-cong-thuong\n    merged_on: 01/6/2025\n")
    project.move_to_2025()
    project.edit_spec(II_2_B_4_LEAD, II_2_B_4_LEAD.replace("so-tai-chinh", "so-khdt"))
    chain = ("Sở Kế hoạch và Đầu tư (so-khdt) đã hợp nhất vào Sở Tài chính (so-tai-chinh) từ ngày 01/3/2025, "
             "nay là Sở Công Thương (so-cong-thuong) từ ngày 01/6/2025; văn bản dùng tên Sở Công Thương. "
             "Nên ghi “so-cong-thuong” thay cho “so-khdt”.")
    plan = load_plan(project.spec)
    assert plan.merge_steps("so-khdt") == (("so-tai-chinh", "merged", plan.agency("so-khdt").merged_on),
                                           ("so-cong-thuong", "merged", plan.agency("so-tai-chinh").merged_on))
    assert any(w.endswith(chain) for w in plan.warnings), plan.warnings
    result = CliRunner().invoke(cli, ["diff", str(old_spec), str(project.spec)])
    assert result.exit_code == 0, result.output
    assert ("  • Sở Kế hoạch và Đầu tư (so-khdt) hợp nhất vào Sở Tài chính (so-tai-chinh) từ ngày 01/3/2025, "
            "nay là Sở Công Thương (so-cong-thuong) từ ngày 01/6/2025") in result.stdout.splitlines()
    note = next(n for n in diff.compare(load_plan(old_spec), plan).merged if n.old_id == "so-khdt")
    assert (note.new_id, note.date, [s["id"] for s in note.steps]) == ("so-cong-thuong", "01/3/2025",
                                                                      ["so-tai-chinh", "so-cong-thuong"])


def swap_codes(path, one: str, other: str) -> None:
    """Exchange the codes ``one`` and ``other`` everywhere in the file at ``path``."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(one, "\0").replace(other, one).replace("\0", other), encoding="utf-8")


def test_two_agencies_exchanging_codes_leave_no_file_said_edited_by_hand(project):
    """Sở Nội vụ and Sở Tài chính exchange codes: each one's documents are written where the other's
    were. The old file of one is the new file of the other, written by this build: not a clerk's
    edit to keep, and not to delete either."""
    project.build()
    before = project.docx_files()
    swap_codes(project.agencies, "so-noi-vu", "so-tai-chinh")
    swap_codes(project.spec, "so-noi-vu", "so-tai-chinh")
    report = project.build(prune=True)
    assert report.moved == [] and report.spared == [] and not report.hand_edits
    assert {b.unit.agency for b in report.built} == {"so-noi-vu", "so-tai-chinh"}
    assert project.docx_files() == before  # same documents, same places: only their keys changed


CON_CO = "    groups: [ubnd-huyen]\n    dissolved_on: 01/7/2025   # không còn cấp huyện từ ngày này\n  dai-hoc-hue:\n"
CON_CO_RENAMED = ("    groups: [ubnd-huyen]\n    merged_into: ubnd-dk-con-co\n    merged_on: 01/7/2025\n  ubnd-dk-con-co:\n"
                  "    name: Ủy ban nhân dân đặc khu Cồn Cỏ\n    abbreviation: UBND\n    place: Cồn Cỏ\n    head_title: CHỦ TỊCH\n"
                  "    renamed_from: ubnd-con-co\n  dai-hoc-hue:\n")


def test_a_body_merged_into_one_outside_its_group_passes_on_the_tasks_the_group_gave_it(project, tmp_path):
    """Sở Công Thương had its tasks through so-ban-nganh; merged into Liên hiệp các Hội (in no group)
    on 01/6/2025, the successor takes them all, with the same role (docs/revisions.md: "kể cả qua
    nhóm"), and the diff of the two registries says they move, not that they are dropped."""
    project.move_to_2025()
    earlier = load_plan(project.spec)
    before = {task.id: role for task, role in earlier.tasks_for("so-cong-thuong")}
    own = {task.id: role for task, role in earlier.tasks_for("lien-hiep-hoi")}
    old_registry = project.agencies.read_text(encoding="utf-8")
    add_to_entry(project, "so-cong-thuong", "    merged_into: lien-hiep-hoi\n    merged_on: 01/6/2025\n")
    plan = load_plan(project.spec)
    assert len(before) > 20 and "so-cong-thuong" not in plan.assigned_agencies
    expected = {task: "lead" if "lead" in (role, own.get(task)) else "support" for task, role in before.items()}
    assert {task.id: role for task, role in plan.tasks_for("lien-hiep-hoi")} == {**own, **expected}
    (tmp_path / "agencies-cu.yaml").write_text(old_registry, encoding="utf-8")
    old, new = diff.load_pair(str(tmp_path / "agencies-cu.yaml"), str(project.agencies), str(project.spec))
    result = diff.compare(old, new, registries=True)
    assert result.reassigned == []  # the leads of the merged body are followed, as its name says
    added = next(a for a in result.agencies if a.id == "lien-hiep-hoi").added
    assert {item.task for item in added} == set(before) - set(own)


def test_a_body_renamed_outside_its_group_keeps_the_group_from_being_said_gone(project):
    """UBND huyện Cồn Cỏ becomes UBND đặc khu Cồn Cỏ (outside ubnd-huyen) on 01/7/2025 while the
    other districts are dissolved: a 2025 plan's tasks for ubnd-huyen go to the đặc khu, and the
    group is not said to have no member left."""
    text = project.agencies.read_text(encoding="utf-8")
    assert text.count(CON_CO) == 1
    project.agencies.write_text(text.replace(CON_CO, CON_CO_RENAMED), encoding="utf-8")
    project.move_to_2025()
    plan = load_plan(project.spec)
    assert plan.group_members("ubnd-huyen") == ("ubnd-dk-con-co",)
    assert "ubnd-dk-con-co" in plan.assigned_agencies
    assert not any("ubnd-huyen" in w for w in plan.warnings), plan.warnings
