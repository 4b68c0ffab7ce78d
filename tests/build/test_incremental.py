"""The incremental build, in the shape of Sphinx's test: build all, change one thing, assert the exact set rebuilt."""

from __future__ import annotations

import os
import re
import sqlite3

import pytest
from docx import Document

from khcn_docs import build as build_module, buildlog, quick, state
from khcn_docs.errors import TemplateError
from tests.build.conftest import all_keys, built, bump_font_size, inject_before_title, keys_of

# II.2.d-1 is led by Sở Tài chính alone, supported by Sở KH&CN.
TASK_OLD = "tổ\n                  chức triển khai hiệu quả chính sách, quy định về quản lý và sử dụng tài sản hình"
TASK_NEW = "tổ\n                  chức triển khai kịp thời chính sách, quy định về quản lý và sử dụng tài sản hình"


def test_first_build_writes_every_unit_as_new(project):
    report = project.build()
    assert set(built(report)) == all_keys(project)
    assert set(built(report).values()) == {("new",)}
    for path in report.outputs.values():
        Document(str(path))  # every file is a readable .docx


@pytest.mark.parametrize("quick_check", [True, False], ids=["quick-check", "full-comparison"])
def test_rebuild_without_change_writes_nothing(project, monkeypatch, quick_check):
    project.build()
    before = project.docx_files()
    if not quick_check:
        monkeypatch.setattr(quick, "check", lambda *a: None)
    report = project.build()
    assert report.built == [] and report.failed == [] and report.kept == []
    assert set(report.unchanged) == all_keys(project)
    assert report.quick is quick_check
    assert project.docx_files() == before


def test_one_task_of_one_agency_rebuilds_that_agency_its_supporter_and_the_plan(project):
    first = project.build()
    project.edit_spec(TASK_OLD, TASK_NEW)
    report = project.build()
    expected = keys_of(first, ("so-tai-chinh", "so-khcn")) | {"ke-hoach:-"}
    assert built(report) == {key: ("content",) for key in expected}


def test_a_rebuild_makes_the_contexts_of_the_outdated_units_only(project, monkeypatch):
    """Up-to-date units are known so by their cheap input key: their contexts are never made (the
    template's variable check looks at the units about to be rendered only)."""
    from khcn_docs.documents import bao_cao, cong_van_trien_khai

    project.build()
    project.edit_spec(TASK_OLD, TASK_NEW)
    made = []
    for module in (bao_cao, cong_van_trien_khai):
        real = module.context
        monkeypatch.setattr(module, "context", lambda plan, aid, *rest, real=real: made.append(aid) or real(plan, aid, *rest))
    report = project.build()
    assert sorted(made) == sorted(key.split(":")[1] for key in built(report) if key != "ke-hoach:-")


def test_a_rebuild_compiles_the_templates_of_what_it_renders_only(project, monkeypatch):
    """A new process compiles each template it uses (tens of ms each): a change to the plan alone
    (its Nơi nhận) compiles the plan's template, not the letters' and forms'."""
    project.build()
    project.edit_spec("  - Thường trực HĐND tỉnh\n", "  - Thường trực Hội đồng nhân dân tỉnh\n")
    compiled = []
    real = build_module.compile_template
    monkeypatch.setattr(build_module, "compile_template", lambda path: compiled.append(path.name) or real(path))
    report = project.build()
    assert set(built(report)) == {"ke-hoach:-"} and compiled == ["ke-hoach.docx"]


def test_a_first_build_renders_each_document_once(project, monkeypatch):
    """A first build renders the first unit of each template before it makes its folder (a name
    the contexts lack stops it before anything is written); the render phase takes that render
    instead of rendering the unit again: a template running into the sandbox's 10-second limit on
    its first unit cost 20 seconds, and every first build rendered three documents twice."""
    from khcn_docs.render import CompiledTemplate

    rendered = []
    real = CompiledTemplate.render_parts
    monkeypatch.setattr(CompiledTemplate, "render_parts",
                        lambda self, context: rendered.append(id(context)) or real(self, context))
    report = project.build()
    assert len(rendered) == len(set(rendered)) == len(built(report)) == len(all_keys(project))


def test_a_first_build_whose_probe_fails_on_a_units_data_renders_it_once_and_fails_it(project, monkeypatch):
    from khcn_docs.errors import TemplateError
    from khcn_docs.render import CompiledTemplate

    tries = []
    real = CompiledTemplate.render_parts

    def failing(self, context):
        if self.path.name == "ke-hoach.docx":
            tries.append(1)
            raise TemplateError("vòng lặp quá lâu")
        return real(self, context)

    monkeypatch.setattr(CompiledTemplate, "render_parts", failing)
    report = project.build(strict=False)
    assert len(tries) == 1 and [f.unit.key for f in report.failed] == ["ke-hoach:-"]
    assert report.failed[0].message == "vòng lặp quá lâu" and len(report.built) == len(all_keys(project)) - 1


def test_explain_lists_the_same_units_and_writes_nothing(project):
    project.build()
    project.edit_spec(TASK_OLD, TASK_NEW)
    before = project.docx_files()
    explained = project.build(explain=True)
    assert {v.unit.key for v in explained.outdated} == set(built(project.build()))
    assert all(v.reasons == ("content",) for v in explained.outdated)
    assert project.docx_files() != before  # the real build did write them


def test_explain_before_any_build_creates_nothing(project):
    report = project.build(explain=True)
    assert {v.unit.key for v in report.outdated} == all_keys(project)
    assert not project.output.exists()


def test_changed_template_rebuilds_every_document_of_that_kind(project):
    project.build()
    bump_font_size(project.templates / "bao-cao.docx")
    report = project.build()
    kinds = {key.split(":")[0] for key in all_keys(project)}
    assert "bao-cao" in kinds and len(kinds) > 1
    assert built(report) == {key: ("template",) for key in all_keys(project) if key.startswith("bao-cao:")}


def test_force_rebuilds_everything_with_the_same_bytes(project):
    project.build()
    before = project.docx_files()
    report = project.build(force=True)
    assert set(built(report)) == all_keys(project)
    assert set(built(report).values()) == {("force",)}
    assert project.docx_files() == before


def test_deleted_or_hand_edited_output_is_rebuilt(project):
    report = project.build()
    deleted, edited = report.path_of("ke-hoach"), report.path_of("bao-cao", "so-noi-vu")
    deleted.unlink()
    by_hand = edited.read_bytes() + b"\0"
    edited.write_bytes(by_hand)
    again = project.build()
    assert built(again) == {"ke-hoach:-": ("output",), "bao-cao:so-noi-vu:2024": ("output",)}
    Document(str(edited))
    [(document, copy)] = again.hand_edits  # the deleted one has nothing to keep
    assert document == edited and copy.read_bytes() == by_hand
    assert re.fullmatch(r"bao-cao-2024\.sua-tay-\d{8}-\d{6}\.docx", copy.name) and copy.parent == edited.parent
    assert project.build().built == []  # the kept copy is the clerk's: it changes nothing


def test_a_hand_edit_kept_twice_the_same_second_gets_its_own_name(project):
    report = project.build()
    edited = report.path_of("bao-cao", "so-noi-vu")
    copies = []
    for n in range(2):
        edited.write_bytes(edited.read_bytes() + b"\0" * (n + 1))
        os.utime(edited, (1_700_000_000, 1_700_000_000))  # both edits in the same second
        copies += [copy for _, copy in project.build().hand_edits]
    assert len(set(copies)) == 2 and all(copy.exists() for copy in copies)


def test_new_tool_version_rebuilds_everything(project, monkeypatch):
    project.build()
    monkeypatch.setattr(state, "TOOL_VERSION", state.TOOL_VERSION + "-next")
    report = project.build()
    assert set(built(report)) == all_keys(project)
    assert set(built(report).values()) == {("tool",)}


def test_a_change_to_the_tools_code_is_a_new_tool_version(tmp_path):
    """A new version that makes a context otherwise (a letter's wording, a date rule) must rebuild
    the documents it already wrote, whose cheap input keys did not change: the version a row
    records holds the code's hash, so any change to the package's source is a new tool version."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    def version_of(root: Path) -> str:
        code = "from khcn_docs import state; print(state.TOOL_VERSION)"
        env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
        return subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()

    copy = tmp_path / "khcn_docs"
    shutil.copytree(Path(state.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = version_of(tmp_path)
    assert before == version_of(tmp_path)  # the same code, the same version
    letter = copy / "documents" / "cong_van_trien_khai.py"
    letter.write_text(letter.read_text(encoding="utf-8").replace("để được hướng dẫn", "để được hướng dẫn thêm"),
                      encoding="utf-8")
    assert version_of(tmp_path) != before


def test_after_a_new_tool_version_the_reason_is_the_tool_alone(project, monkeypatch):
    """The old rows' digests may have been made another way: "content changed" on every document
    after an upgrade would send the clerk looking for a change that is not there."""
    project.build()
    monkeypatch.setattr(state, "TOOL_VERSION", state.TOOL_VERSION + "-next")
    monkeypatch.setattr(state.Entry, "input_digest", property(lambda self: "made-another-way"))
    assert set(built(project.build()).values()) == {("tool",)}


def test_manifest_of_an_older_state_version_is_discarded(project):
    project.build()
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        conn.execute(f"PRAGMA user_version = {state.STATE_VERSION + 99}")
    report = project.build()
    assert set(built(report).values()) == {("tool",)}
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == state.STATE_VERSION


def test_manifest_changed_by_another_version_while_the_plan_loads_is_discarded(project, monkeypatch):
    """The connection that read the manifest before loading is taken over for writing; a version
    written meanwhile (another tool version's build) is still seen, under the build lock."""
    project.build()
    project.edit_spec(TASK_OLD, TASK_NEW)
    load = build_module.load_plan

    def load_while_another_version_writes(*args, **kwargs):
        with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
            conn.execute(f"PRAGMA user_version = {state.STATE_VERSION + 99}")
        return load(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_plan", load_while_another_version_writes)
    assert set(built(project.build()).values()) == {("tool",)}
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == state.STATE_VERSION


def test_manifest_records_fingerprint_hashes_and_context(project):
    report = project.build()
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        conn.row_factory = sqlite3.Row
        rows = {r["key"]: r for r in conn.execute("SELECT * FROM units")}
    assert set(rows) == all_keys(project)
    for key, path in report.outputs.items():
        row = rows[key]
        assert row["docx_sha256"] == state.sha256_file(path)
        assert row["fingerprint"] == state.fingerprint(row["input_digest"], row["template_digest"], row["tool_version"])
        assert row["pdf_sha256"] is None and row["issued"] == 0
        assert row["out"] == path.relative_to(project.folder).as_posix()
        assert row["context_json"] == ""  # kept only for issued documents (see test_revision)


def test_removed_agency_is_reported_then_deleted_with_prune(project):
    first = project.build()
    gone = keys_of(first, ("lien-hiep-hoi",))
    assert gone
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu]")
    report = project.build()
    assert {e.key for e in report.removed} == gone and not report.pruned
    assert all((project.folder / e.out).exists() for e in report.removed)
    again = project.build()
    assert {e.key for e in again.removed} == gone and again.built == []
    pruned = project.build(prune=True)
    assert pruned.pruned and {e.key for e in pruned.removed} == gone
    assert set(project.docx_files()) == {p.relative_to(project.folder).as_posix() for p in pruned.outputs.values()}
    assert project.build().removed == []


def test_prune_keeps_a_removed_document_edited_by_hand(project):
    first = project.build()
    edited = first.path_of("bao-cao", "lien-hiep-hoi")
    by_hand = edited.read_bytes() + b"\0"
    edited.write_bytes(by_hand)
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu]")
    pruned = project.build(prune=True)
    assert pruned.spared == [edited] and edited.read_bytes() == by_hand
    assert "bao-cao:lien-hiep-hoi:2024" not in pruned.deleted
    assert not first.path_of("cong-van-trien-khai", "lien-hiep-hoi").exists()  # untouched: deleted
    assert project.build().removed == []  # no longer tracked: the clerk's file


def test_prune_deletes_a_pdf_only_when_the_build_made_it(project):
    first = project.build()
    made = first.path_of("bao-cao", "lien-hiep-hoi").with_suffix(".pdf")
    scan = first.path_of("cong-van-trien-khai", "lien-hiep-hoi").with_suffix(".pdf")
    made.write_bytes(b"%PDF-1.7 converted by the build")
    scan.write_bytes(b"%PDF-1.7 the signed letter, scanned by the clerk under the same name")
    with state.Manifest.open(project.folder) as manifest:  # as a --pdf build records its conversion
        manifest.set_pdf("bao-cao:lien-hiep-hoi:2024", state.sha256_file(made))
    project.edit_spec("support: [so-noi-vu, lien-hiep-hoi]", "support: [so-noi-vu]")
    pruned = project.build(prune=True)
    assert not made.exists() and not made.with_suffix(".docx").exists()
    assert not scan.with_suffix(".docx").exists() and scan.read_bytes().startswith(b"%PDF-1.7 the signed")
    assert pruned.spared == [scan]
    relative = scan.relative_to(project.folder).as_posix()
    assert any(relative in line and "không xóa" in line for line in buildlog.removed_lines(pruned))


def test_a_failing_unit_leaves_no_entry_and_is_retried(project):
    first = project.build()
    original = (project.templates / "bao-cao.docx").read_bytes()
    # only Sở Nội vụ's report form fails (a template's variables are checked before anything renders)
    bump_font_size(project.templates / "bao-cao.docx")
    inject_before_title(project.templates / "bao-cao.docx", "{% if 'SNV' in doc.number_line %}{{ 1 / 0 }}{% endif %}")
    report = project.build(strict=False)
    assert [f.unit.key for f in report.failed] == ["bao-cao:so-noi-vu:2024"]
    assert report.failed[0].stage == "render" and "ZeroDivisionError" in report.failed[0].message
    others = {k for k in all_keys(project) if k.startswith("bao-cao:")} - {"bao-cao:so-noi-vu:2024"}
    assert set(built(report)) == others
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        assert conn.execute("SELECT 1 FROM units WHERE key = 'bao-cao:so-noi-vu:2024'").fetchone() is None
    with pytest.raises(TemplateError, match="so-noi-vu|bao-cao"):
        project.build()  # strict (the default): still failing, said at the end
    (project.templates / "bao-cao.docx").write_bytes(original)
    retried = project.build()
    assert built(retried) == {key: ("template",) for key in others} | {"bao-cao:so-noi-vu:2024": ("new",)}
    assert project.build().built == []
    assert first.path_of("bao-cao", "so-noi-vu").exists()


def test_same_inputs_give_the_same_bytes_in_another_folder(project, tmp_path):
    project.build()
    from khcn_docs.build import build

    build(project.spec, tmp_path / "elsewhere", templates=project.templates)
    other = tmp_path / "elsewhere" / "plan"
    assert {p: (other / p).read_bytes() for p in project.docx_files()} == \
           {p: (project.folder / p).read_bytes() for p in project.docx_files()}


def test_damaged_manifest_is_a_state_error_naming_the_file(project):
    from khcn_docs.errors import StateError

    project.build()
    (project.folder / state.MANIFEST_NAME).write_bytes(b"not a database" * 100)
    with pytest.raises(StateError) as err:
        project.build()
    assert err.value.exit_code == 8 and state.MANIFEST_NAME in err.value.message
    assert "Xóa tệp này" in err.value.message


def test_leftover_part_files_of_a_killed_build_are_removed(project):
    report = project.build()
    from khcn_docs.outputs import PART_PREFIX, PART_SUFFIX

    parts = [folder / f"{PART_PREFIX}abc{PART_SUFFIX}"
             for folder in (report.path_of("ke-hoach").parent, report.path_of("bao-cao", "so-noi-vu").parent)]
    for part in parts:
        part.write_bytes(b"PK\x03\x04 truncated")
    project.build(force=True)
    assert not any(part.exists() for part in parts)


def test_leftovers_of_a_killed_build_are_removed_even_when_nothing_changed(project):
    """A build killed before its first commit leaves the quick key of the build before it (its
    documents are byte for byte those): the next build still tidies up its .part files."""
    from khcn_docs.outputs import PART_PREFIX, PART_SUFFIX

    report = project.build()
    part = report.path_of("bao-cao", "so-noi-vu").parent / f"{PART_PREFIX}killed{PART_SUFFIX}"
    part.write_bytes(b"PK\x03\x04 truncated")
    again = project.build()
    assert not again.quick and again.built == [] and not part.exists()
    assert project.build().quick


def test_a_spec_edited_while_the_build_runs_is_not_vouched_for_by_the_quick_key(project, monkeypatch):
    """The quick key records the hashes of the bytes the build parsed: an edit made after the
    plan was read (here: undone right after) still makes the next build compare unit by unit."""
    from khcn_docs import build as build_module

    project.build()
    project.edit_spec(TASK_OLD, TASK_NEW)
    real_load = build_module.load_plan

    def load_then_edit(spec, known=None, **kwargs):
        plan = real_load(spec, known, **kwargs)
        project.edit_spec(TASK_NEW, TASK_OLD)  # the clerk undoes the edit while the build runs
        return plan

    monkeypatch.setattr(build_module, "load_plan", load_then_edit)
    project.build()                            # writes the documents of the edited spec
    monkeypatch.undo()
    report = project.build()                   # the spec on disk is the original again
    assert not report.quick
    expected = keys_of(report, ("so-tai-chinh", "so-khcn")) | {"ke-hoach:-"}
    assert set(built(report)) == expected


def test_a_template_that_does_not_compile_is_tried_once_and_stops_the_build(project, monkeypatch):
    """Said once, for the template, before anything is written (it stopped only its own documents,
    each said, while the others were written)."""
    project.build()
    before = {p: (project.folder / p).read_bytes() for p in project.docx_files()}
    inject_before_title(project.templates / "bao-cao.docx", "{{ doc.__class__ }}")
    calls = []
    real = build_module.compile_template
    monkeypatch.setattr(build_module, "compile_template", lambda path: calls.append(path.name) or real(path))
    with pytest.raises(TemplateError) as info:
        project.build()
    assert calls.count("bao-cao.docx") == 1
    assert info.value.message.startswith("mẫu bao-cao.docx chứa biểu thức không an toàn")
    assert {p: (project.folder / p).read_bytes() for p in project.docx_files()} == before
