"""An agency whose id changed in the registry (same name, so same folder): its documents stay its own."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from khcn_docs import buildlog, state
from khcn_docs.cli import cli
from khcn_docs.i18n import set_language
from tests.build.conftest import built
from tests.build.test_incremental import TASK_NEW, TASK_OLD
from tests.build.test_revision import issue_all

OLD_ID, NEW_ID = "  so-y-te:\n", "  so-yte:\n"


def change_id(project) -> None:
    """Change Sở Y tế's id in the registry by hand, its name (and so its folder) kept."""
    text = project.agencies.read_text(encoding="utf-8")
    assert text.count(OLD_ID) == 1
    project.agencies.write_text(text.replace(OLD_ID, NEW_ID), encoding="utf-8")


def keys_in(project, folder: str) -> set[str]:
    """Return the manifest keys of the units recorded under ``folder``."""
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        return {key for (key,) in conn.execute("SELECT key FROM units WHERE out LIKE ?", (folder + "/%",))}


def test_documents_at_the_same_path_are_not_orphans_and_prune_keeps_them(project):
    first = project.build()
    folder = first.path_of("cong-van-trien-khai", "so-y-te").parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    change_id(project)
    said = project.build(explain=True)
    assert said.removed == [] and said.outdated == [] and said.rekeyed == [("so-y-te", "so-yte")]
    report = project.build(prune=True)
    assert report.removed == [] and report.deleted == [] and report.built == []
    assert buildlog.rekeyed_lines(report) and "so-y-te" in buildlog.rekeyed_lines(report)[0]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert keys_in(project, folder.name) == {"cong-van-trien-khai:so-yte", "bao-cao:so-yte:2024"}
    again = project.build(prune=True)
    assert again.rekeyed == [] and again.removed == [] and again.built == []


def test_a_hand_edit_at_a_path_taken_over_is_kept_aside(project):
    letter = project.build().path_of("cong-van-trien-khai", "so-y-te")
    letter.write_bytes(letter.read_bytes() + b"\0")  # the clerk's own change, saved over it
    edited = letter.read_bytes()
    change_id(project)
    report = project.build()
    assert built(report) == {"cong-van-trien-khai:so-yte": ("output",)}
    assert [doc for doc, _ in report.hand_edits] == [letter]
    assert report.hand_edits[0][1].read_bytes() == edited


def test_an_issued_letter_at_a_path_taken_over_is_kept_as_issued(project):
    issue_all(project)
    letter = project.build().path_of("cong-van-trien-khai", "so-y-te")
    issued = letter.read_bytes()
    change_id(project)
    project.edit_spec("  number: 45\n", "  number: 46\n")  # every letter's content changes
    report = project.build()
    assert "cong-van-trien-khai:so-yte" in {k.unit.key for k in report.kept}
    assert letter.read_bytes() == issued


def test_status_warns_once_of_records_under_an_id_no_longer_in_the_registry(project, monkeypatch):
    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    project.build()

    def run(command: str, *args: str):
        result = CliRunner().invoke(cli, [command, str(project.spec), *args, "-o", str(project.output)])
        set_language("vi")
        return result

    assert run("received", "so-y-te", "--date", "10/11/2024", "--as-of", "20/11/2024").exit_code == 0
    assert "không còn trong danh mục" not in run("status", "--as-of", "20/11/2024").stderr
    change_id(project)
    result = run("status", "--as-of", "20/11/2024")
    assert result.exit_code == 0
    assert result.stderr.count("không còn trong danh mục (variables/agencies.yaml): so-y-te —") == 1
    assert "merged_into" in result.stderr and "renamed_from" in result.stderr
