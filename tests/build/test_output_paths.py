"""No file is written outside the output folder: ``paths.inside`` and the build refuse every way out."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from khcn_docs.errors import OutputPathError
from khcn_docs.build import build
from khcn_docs.paths import forget_links, inside, inside_all, resolved


def test_a_plain_relative_path_lands_inside(tmp_path):
    assert inside(tmp_path, "01-so-noi-vu/bao-cao.docx") == tmp_path.resolve() / "01-so-noi-vu" / "bao-cao.docx"


@pytest.mark.parametrize("relative", ["/etc/passwd", "../x.docx", "a/../../x.docx", "", "."])
def test_absolute_paths_and_parent_steps_are_refused(tmp_path, relative):
    with pytest.raises(OutputPathError):
        inside(tmp_path / "out", relative)


@pytest.mark.parametrize("bad", ["a/..", "a/../../x.docx", "a/./../../x.docx", "/a/x.docx"])
def test_a_checked_folder_does_not_let_a_way_out_through(tmp_path, bad):
    good = inside_all(tmp_path, ["a/x.docx", "a/y.docx"])  # "a" is checked once, then trusted
    assert good["a/y.docx"] == tmp_path.resolve() / "a" / "y.docx"
    with pytest.raises(OutputPathError):
        inside_all(tmp_path, ["a/x.docx", bad])


def test_a_folder_that_links_outside_is_refused(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir(), elsewhere.mkdir()
    (out / "01-so-noi-vu").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputPathError):
        inside(out, "01-so-noi-vu/bao-cao.docx")


def test_a_link_deeper_down_is_refused_and_a_link_within_is_followed(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "a" / "real").mkdir(parents=True), elsewhere.mkdir()
    (out / "a" / "away").symlink_to(elsewhere, target_is_directory=True)
    (out / "a" / "here").symlink_to(out / "a" / "real", target_is_directory=True)
    found = inside_all(out, ["a/x.docx", "a/here/y.docx"])  # one listing of "a" tells both apart
    assert found["a/here/y.docx"] == out.resolve() / "a" / "here" / "y.docx"
    with pytest.raises(OutputPathError):
        inside_all(out, ["a/x.docx", "a/here/y.docx", "a/away/z.docx"])


def test_a_folder_right_below_the_root_that_links_is_followed_within_and_refused_outside(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "real").mkdir(parents=True), elsewhere.mkdir()
    (out / "here").symlink_to(out / "real", target_is_directory=True)
    (out / "away").symlink_to(elsewhere, target_is_directory=True)
    found = inside_all(out, ["a/x.docx", "here/y.docx", "real/z.docx"])  # "a" and "real" are no links
    assert found["here/y.docx"] == out.resolve() / "here" / "y.docx"
    with pytest.raises(OutputPathError):
        inside_all(out, ["a/x.docx", "here/y.docx", "away/z.docx"])


@pytest.mark.parametrize("path", ["a/b/c.docx", "to-a/b/c.docx", "a/to-b/c.docx", "a/to-b", "to-a/../x",
                                  "a/b/../to-b/c", "loose", "to-loose/c"])
def test_a_path_resolved_from_its_folders_resolution_is_what_resolve_gives(tmp_path, monkeypatch, path):
    """``paths.resolved`` resolves a path from its folder's memoised resolution and a look at its
    own name: the same as resolving it whole, links anywhere on the way, ``..`` after a link."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "to-a").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "to-b").symlink_to("b", target_is_directory=True)
    (tmp_path / "to-loose").symlink_to(tmp_path / "nowhere")
    monkeypatch.chdir(tmp_path / "a")
    forget_links()
    for relative in ("a", "to-a", "a/b", path):  # folders resolved first, as a build does
        assert resolved(tmp_path / relative) == (tmp_path / relative).resolve()
    assert resolved(path) == Path(path).resolve()  # relative to the working folder
    forget_links()


def test_a_relative_path_is_resolved_from_the_working_folder_of_the_moment(tmp_path, monkeypatch):
    """A relative path resolved once is not its old folder's after the process changes folder, even
    without ``forget_links`` (a tracking command run after a build in the same process)."""
    (tmp_path / "one" / "output").mkdir(parents=True), (tmp_path / "two" / "output").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "one")
    forget_links()
    assert resolved("output") == tmp_path / "one" / "output"
    monkeypatch.chdir(tmp_path / "two")
    assert resolved("output") == tmp_path / "two" / "output"
    assert inside(Path("output"), "x.docx") == tmp_path / "two" / "output" / "x.docx"
    forget_links()


def test_a_folder_replaced_by_a_link_is_seen_after_forget_links(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "sub").mkdir(parents=True), elsewhere.mkdir()
    inside(out, "sub/a.docx")                       # remembered as a real folder
    (out / "sub").rmdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    forget_links()                                  # what every build starts with
    with pytest.raises(OutputPathError):
        inside(out, "sub/a.docx")


def test_a_build_into_a_linked_agency_folder_writes_nothing_there(project):
    report = project.build()
    agency_dir = report.path_of("bao-cao", "so-noi-vu").parent
    elsewhere = project.root / "elsewhere"
    elsewhere.mkdir()
    for path in agency_dir.iterdir():
        path.unlink()
    agency_dir.rmdir()
    agency_dir.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputPathError):
        project.build()
    assert list(elsewhere.iterdir()) == []


def test_two_specs_that_give_one_folder_do_not_overwrite_each_other(project):
    """"Kế hoạch 709.yaml" next to "plan.yaml" would share nothing; two files whose names fold to
    the same folder ("plan.yaml", "Plan.yaml") would share one: the second is refused until the
    first is gone (moved or renamed: then it takes the folder over)."""
    from khcn_docs.errors import StateError

    first = project.build()
    other = project.spec.with_name("Plan.yaml")
    other.write_text(project.spec.read_text(encoding="utf-8").replace("nâng cao năng lực", "nâng XYZ năng lực"),
                     encoding="utf-8")
    before = project.docx_files()
    with pytest.raises(StateError) as info:
        build(other, project.output, templates=project.templates)
    assert info.value.exit_code == 8
    assert f"Thư mục {first.folder} đang chứa văn bản của một tệp kế hoạch khác: {project.spec}" in info.value.message
    with pytest.raises(StateError):
        build(other, project.output, templates=project.templates, explain=True)
    assert project.docx_files() == before
    project.spec.unlink()  # the clerk renamed plan.yaml to Plan.yaml
    taken_over = build(other, project.output, templates=project.templates)
    assert "ke-hoach:-" in {b.unit.key for b in taken_over.built} and not taken_over.failed


def test_one_spec_reached_by_two_paths_is_one_plan(project):
    """A mapped drive and a network path to one share, or another letter case on Windows, name one
    file: that is the same plan, not another one (a hard link stands for it here)."""
    import os

    project.build()
    twin = project.spec.parent.parent / "ban-chung" / project.spec.name
    twin.parent.mkdir()
    os.link(project.spec, twin)
    again = build(twin, project.output, templates=project.templates)
    assert again.built == [] and not again.failed


def test_a_project_copied_elsewhere_with_its_output_is_the_same_plan(project, tmp_path):
    """Copied from a USB stick to the desktop, output folder and all, while the stick is still in:
    the copy's folder belongs to the copy's spec."""
    import shutil

    project.build()
    copy = tmp_path / "ban-sao"
    shutil.copytree(project.root, copy)
    again = build(copy / "variables" / "plans" / "plan.yaml", copy / "output", templates=copy / "templates")
    assert again.built == [] and not again.failed



@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_document_is_written_as_any_new_file_and_its_folder_made(tmp_path):
    """The hidden file a document goes through is made with the mode of any new file (0o666 less
    the umask: documents are shared files), not a temporary file's 0600; a missing folder is
    made; no hidden file is left."""
    from khcn_docs import outputs

    target = tmp_path / "04-so-noi-vu" / "cong-van-trien-khai.docx"
    mask = os.umask(0o027)
    try:
        outputs.write_atomic(target, b"PK\x03\x04 document")
    finally:
        os.umask(mask)
    assert target.read_bytes() == b"PK\x03\x04 document" and [p.name for p in target.parent.iterdir()] == [target.name]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_hidden_file_name_already_taken_is_not_written_over(monkeypatch, tmp_path):
    """A ``.part`` name another file has (a killed build's) is passed over for another."""
    from khcn_docs import outputs

    names = iter([0xABC, 0xDEF])
    monkeypatch.setattr(outputs.random, "getrandbits", lambda bits: next(names))
    taken = tmp_path / f"{outputs.PART_PREFIX}0000000abc{outputs.PART_SUFFIX}"
    taken.write_bytes(b"killed")
    outputs.write_atomic(tmp_path / "ke-hoach.docx", b"PK\x03\x04 document")
    assert taken.read_bytes() == b"killed" and (tmp_path / "ke-hoach.docx").read_bytes() == b"PK\x03\x04 document"
    assert sorted(p.name for p in tmp_path.iterdir()) == [taken.name, "ke-hoach.docx"]


@pytest.mark.parametrize("name", [".khcn-build.sqlite", ".khcn-build.lock"])
def test_a_manifest_or_lock_that_links_outside_is_refused(project, name):
    """SQLite and ``open`` follow a link: the manifest, or the lock, replaced by a link to a file
    outside the plan folder would write that file."""
    project.build()
    outside = project.root / "elsewhere" / "x.sqlite"
    outside.parent.mkdir()
    link = project.folder / name
    shutil.move(link, outside)
    link.symlink_to(outside)
    before = outside.read_bytes()
    with pytest.raises(OutputPathError) as info:
        project.build(force=True)
    assert info.value.exit_code == 10
    assert f"“{link}”: đây là liên kết (symlink) tới {outside}" in info.value.message
    assert outside.read_bytes() == before


def test_a_dangling_lock_link_creates_no_file_outside(project):
    project.build()
    outside = project.root / "elsewhere" / "lock"
    outside.parent.mkdir()
    (project.folder / ".khcn-build.lock").unlink()
    (project.folder / ".khcn-build.lock").symlink_to(outside)
    with pytest.raises(OutputPathError):
        project.build(force=True)
    assert not outside.exists()


def test_a_lock_that_links_within_the_folder_is_used(project):
    project.build()
    (project.folder / ".khcn-build.lock").unlink()
    (project.folder / ".khcn-build.lock").symlink_to("khoa")
    assert len(project.build(force=True).built) == len(project.docx_files())
    assert (project.folder / "khoa").is_file()
