"""An agency whose id changed in the registry (same name, so same folder): its documents stay its own."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from khcn_docs import buildlog, state
from khcn_docs.cli import cli
from khcn_docs.i18n import set_language
from tests.build.conftest import built
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


def _cli(project, command: str, *args: str):
    """Run ``khcn-docs command <spec> args… -o <output>`` (Vietnamese); return the result."""
    extra = ["--templates", str(project.templates)] if command == "build" else []
    result = CliRunner().invoke(cli, [command, str(project.spec), *args, *extra, "-o", str(project.output)])
    set_language("vi")
    return result


def _reports(project) -> set[tuple[str, int, str]]:
    """Return (agency, year, date received) of every report the plan's tracking file records."""
    with sqlite3.connect(project.folder / "theo-doi.sqlite") as conn:
        return set(conn.execute("SELECT agency, year, received FROM track_report"))


def test_a_build_that_finds_an_id_change_moves_its_tracking_records_to_the_new_id(project, monkeypatch):
    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    assert _cli(project, "build").exit_code == 0
    assert _cli(project, "received", "so-y-te", "--date", "12/11/2024", "--as-of", "20/11/2024").exit_code == 0
    change_id(project)
    explained = _cli(project, "build", "--explain")
    assert explained.exit_code == 0 and "“so-y-te” sẽ được chuyển sang ghi cho “so-yte”" in explained.stdout
    assert _reports(project) == {("so-y-te", 2024, "2024-11-12")}  # --explain changes nothing
    result = _cli(project, "build")
    assert result.exit_code == 0, result.output
    assert "đã ghi cho “so-y-te” nay ghi cho “so-yte”" in result.stdout
    assert _reports(project) == {("so-yte", 2024, "2024-11-12")}
    status = _cli(project, "status", "--as-of", "20/11/2024")
    assert "Sở Y tế — đã báo cáo ngày 12/11/2024" in status.stdout and status.stderr == ""
    assert "so-y-te" not in _cli(project, "build").stdout  # said once


def test_a_year_the_new_id_already_recorded_is_kept_and_said(project, monkeypatch):
    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    assert _cli(project, "build").exit_code == 0
    assert _cli(project, "received", "so-y-te", "--date", "12/11/2024", "--as-of", "20/11/2024").exit_code == 0
    change_id(project)
    assert _cli(project, "received", "so-yte", "--date", "14/11/2024", "--as-of", "20/11/2024").exit_code == 0
    result = _cli(project, "build")
    assert "“so-yte” đã có ghi nhận riêng của năm 2024, nên giữ nguyên" in result.stdout
    assert _reports(project) == {("so-y-te", 2024, "2024-11-12"), ("so-yte", 2024, "2024-11-14")}


def test_a_build_without_a_tracking_file_or_an_id_change_does_not_touch_tracking(project):
    import subprocess
    import sys

    code = ("import sys; from khcn_docs.build import build; build(sys.argv[1], sys.argv[2], templates=sys.argv[3]); "
            "print('khcn_docs.tracking' in sys.modules)")
    args = [sys.executable, "-c", code, str(project.spec), str(project.output), str(project.templates)]
    assert subprocess.run(args, capture_output=True, text=True, check=True).stdout.split() == ["False"]
    change_id(project)
    report = project.build()
    assert report.rekeyed and report.tracking is None and not (project.folder / "theo-doi.sqlite").exists()


def test_a_year_the_new_id_has_a_record_of_stays_whole_under_the_old_id(project, monkeypatch):
    """The old id was reminded and the new one has a report of that year: nothing of that year
    moves (its reminder with it), so what the build says is left is all that is left."""
    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    assert _cli(project, "build").exit_code == 0
    assert _cli(project, "remind", "--as-of", "16/11/2024").exit_code == 0
    change_id(project)
    assert _cli(project, "received", "so-yte", "--date", "18/11/2024", "--as-of", "20/11/2024").exit_code == 0
    assert "năm 2024" in _cli(project, "build").stdout
    with sqlite3.connect(project.folder / "theo-doi.sqlite") as conn:
        reminded = {agency for (agency,) in conn.execute("SELECT agency FROM track_reminder WHERE year = 2024")}
    assert "so-y-te" in reminded and "so-yte" not in reminded


def test_explain_says_a_tracking_file_it_cannot_read_and_explains_the_rest(project, monkeypatch):
    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    assert _cli(project, "build").exit_code == 0
    assert _cli(project, "received", "so-y-te", "--date", "12/11/2024", "--as-of", "20/11/2024").exit_code == 0
    change_id(project)
    (project.folder / "theo-doi.sqlite").write_bytes(b"not a database at all" * 100)
    result = _cli(project, "build", "--explain")
    assert result.exit_code == 0, result.output
    assert "không đọc được nên chưa biết ghi nhận nào sẽ chuyển" in result.stdout
    assert "văn bản cần tạo lại" in result.stdout
    assert _cli(project, "build").exit_code == 8  # the build itself stops on it
