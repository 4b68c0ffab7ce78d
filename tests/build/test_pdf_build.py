"""``build --pdf``: PDFs of new and outdated documents only, bundles per agency and for the plan (real LibreOffice)."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from khcn_docs import buildlog, pdf
from khcn_docs.errors import ConversionError
from tests.build.conftest import built

SMALL = """\
variables: ..
document:
  issuer: ubnd-tinh
  year: 2024
  title: Kế hoạch thử nghiệm chuyển PDF
  drafting_unit: KGVX
body:
  - section: NHIỆM VỤ
    children:
      - item: Cải cách hành chính trong lĩnh vực khoa học.
        task: t-1
        lead: [so-noi-vu]
        support: [so-tai-chinh]
      - item: Rà soát quỹ phát triển khoa học và công nghệ.
        task: t-2
        lead: [so-tai-chinh]
reporting: {day: 15, month: 11, via: so-khcn}
recipients: [Bộ KH&CN (B/c)]
signature: {collective: ỦY BAN NHÂN DÂN, authority: KT, head_title: CHỦ TỊCH, signer: le-duc-tien}
"""

pytestmark = pytest.mark.soffice


@pytest.fixture
def small(project):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) is not installed")
    project.spec.write_text(SMALL, encoding="utf-8")
    return project


def outline_titles(path) -> list:
    def walk(items):
        return [walk(i) if isinstance(i, list) else i.title for i in items]
    return walk(PdfReader(path).outline)


def test_pdf_build_converts_bundles_and_then_only_what_changed(small):
    report = small.build(pdf=True)
    units = report.units
    assert len(report.converted) == len(units) and report.failed == []
    for unit in units:
        reader = PdfReader(report.outputs[unit.key].with_suffix(".pdf"))
        assert reader.metadata.title == unit.core["title"] and reader.metadata.author == unit.core["creator"]
    packet = small.folder / "tron-bo.pdf"
    titles = outline_titles(packet)
    assert titles[0] == "Kế hoạch" and "Sở Nội vụ" in titles and "Sở Tài chính" in titles
    assert PdfReader(packet).metadata.title == "Kế hoạch thử nghiệm chuyển PDF"
    noi_vu = report.outputs["bao-cao:so-noi-vu:2024"].parent / "tron-bo.pdf"
    assert noi_vu in report.bundles and outline_titles(noi_vu)[0] == "Sở Nội vụ"
    assert len(PdfReader(noi_vu).pages) == sum(
        len(PdfReader(report.outputs[u.key].with_suffix(".pdf")).pages) for u in units if u.agency == "so-noi-vu")

    again = small.build(pdf=True)
    assert again.built == [] and again.converted == [] and again.bundles == [] and again.quick

    small.edit_spec("Rà soát quỹ", "Rà soát, củng cố quỹ")
    changed = small.build(pdf=True)
    agency_keys = {u.key for u in units if u.agency == "so-tai-chinh"}
    assert set(built(changed)) == agency_keys | {"ke-hoach:-"}
    assert {p.with_suffix(".docx") for p in changed.converted} == {b.path for b in changed.built}
    assert packet in changed.bundles

    pdf_file = report.outputs["ke-hoach:-"].with_suffix(".pdf")
    pdf_file.unlink()
    restored = small.build(pdf=True)
    assert restored.built == [] and restored.converted == [pdf_file]
    assert restored.bundles == []  # same bytes again: the bundles need nothing


def test_pdf_failure_is_reported_by_name_and_retried(small, monkeypatch):
    real = pdf.convert

    def failing(paths, **kwargs):
        paths = list(paths)
        result = real(paths[1:], **kwargs)
        result.failed[paths[0]] = "hỏng"
        return result

    monkeypatch.setattr(pdf, "convert", failing)
    with pytest.raises(ConversionError) as err:
        small.build(pdf=True)
    assert "ke-hoach.docx" in err.value.message and "hỏng" in err.value.message
    monkeypatch.setattr(pdf, "convert", real)
    retried = small.build(pdf=True)
    assert [b.unit.key for b in retried.built] == ["ke-hoach:-"] and retried.built[0].reasons == ("new",)
    assert retried.failed == [] and (small.folder / "tron-bo.pdf").exists()


def test_missing_libreoffice_says_how_to_install(small, monkeypatch):
    from khcn_docs.errors import MissingTool

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingTool) as err:
        small.build(pdf=True)
    assert "apt-get install" in err.value.message
    assert len(small.docx_files()) == len(small.build(explain=True).verdicts)  # written before converting
    assert small.build().built == []


def test_removed_and_renumbered_agencies_leave_no_stray_files(small):
    first = small.build(pdf=True)
    small.edit_spec("        lead: [so-noi-vu]\n        support: [so-tai-chinh]\n", "        lead: [so-tai-chinh]\n")
    report = small.build(pdf=True)
    gone = {u.key for u in first.units if u.agency == "so-noi-vu"}
    assert {e.key for e in report.removed} == gone
    assert [p.name for p in report.stale_bundles] == ["tron-bo.pdf"]
    pruned = small.build(pdf=True, prune=True)
    assert set(pruned.deleted) == gone and pruned.stale_bundles
    expected = {small.folder / "tron-bo.pdf", small.folder / ".khcn-build.sqlite", small.folder / ".khcn-build.lock"}
    for path in pruned.outputs.values():
        expected |= {path, path.with_suffix(".pdf"), path.parent / "tron-bo.pdf"}
    assert {p for p in small.folder.rglob("*") if p.is_file()} == expected
    assert small.build(pdf=True).quick


def _move_so_noi_vu_to_the_end(small) -> None:
    text = small.agencies.read_text(encoding="utf-8")
    start = text.index("  so-noi-vu:\n")
    end = re.compile(r"\n  [a-z0-9-]+:\n").search(text, start + 5).start() + 1
    small.agencies.write_text(text[:start] + text[end:].rstrip("\n") + "\n" + text[start:end], encoding="utf-8")


@pytest.mark.parametrize("new_name_taken", [False, True], ids=["folder-renamed", "moved-one-by-one"])
def test_a_renumbered_folder_keeps_its_pdfs_without_converting_them_again(small, new_name_taken):
    first = small.build(pdf=True)
    pdfs = {key: path.with_suffix(".pdf").read_bytes() for key, path in first.outputs.items()}
    _move_so_noi_vu_to_the_end(small)
    outputs = small.build(explain=True).outputs
    moved = {key for key, path in outputs.items() if path != first.outputs[key]}
    assert "bao-cao:so-noi-vu:2024" in moved  # and the agencies after it in the registry
    if new_name_taken:  # by folders holding a name of the old ones: not joined
        for key in moved:
            for folder in (outputs[key].parent, first.outputs[key].parent):
                folder.mkdir(exist_ok=True)
                (folder / "ghi-chu.txt").write_text(f"a note in {folder.name}", encoding="utf-8")
    report = small.build(pdf=True)
    assert built(report) == ({key: ("moved",) for key in moved} if new_name_taken else {})
    assert report.converted == [] and bool(report.relocated) is not new_name_taken
    for key in moved:
        old = first.outputs[key].parent  # renamed, or emptied but for the note
        assert [p.name for p in old.iterdir()] == ["ghi-chu.txt"] if new_name_taken else not old.exists()
        assert report.outputs[key].with_suffix(".pdf").read_bytes() == pdfs[key]
        assert (report.outputs[key].parent / "tron-bo.pdf").exists()
    assert small.build(pdf=True).quick


def test_prune_keeps_a_bundle_the_clerk_replaced(small):
    first = small.build(pdf=True)
    bundle = first.path_of("bao-cao", "so-noi-vu").parent / "tron-bo.pdf"
    bundle.write_bytes(b"%PDF-1.7 the signed packet, scanned back under the same name")
    small.edit_spec("        lead: [so-noi-vu]\n        support: [so-tai-chinh]\n", "        lead: [so-tai-chinh]\n")
    pruned = small.build(pdf=True, prune=True)
    assert pruned.stale_bundles == [bundle] and pruned.spared == [bundle]
    assert bundle.read_bytes().startswith(b"%PDF-1.7 the signed")
    assert not first.path_of("bao-cao", "so-noi-vu").exists()
    assert small.build(pdf=True).stale_bundles == []  # no longer tracked: the clerk's file


def test_a_deleted_issued_document_comes_back_with_its_pdf_as_issued(small):
    small.edit_spec("  year: 2024\n", "  number: 215\n  date: 20/08/2024\n")
    first = small.build(pdf=True)
    plan_doc = first.path_of("ke-hoach")
    issued = plan_doc.read_bytes(), plan_doc.with_suffix(".pdf").read_bytes()
    plan_doc.unlink()
    plan_doc.with_suffix(".pdf").unlink()
    small.edit_spec("Rà soát quỹ", "Rà soát, đánh giá quỹ")  # the plan changed since it was issued
    report = small.build(pdf=True)
    assert report.restored == [plan_doc] and report.failed == []
    assert (plan_doc.read_bytes(), plan_doc.with_suffix(".pdf").read_bytes()) == issued
    assert small.build(pdf=True).converted == []  # the issued PDF then stays as it is


def test_a_build_without_pdf_names_the_pdfs_and_bundles_it_left_behind(small):
    first = small.build(pdf=True)
    small.edit_spec("Rà soát quỹ", "Rà soát, củng cố quỹ")  # Sở Tài chính's task: the plan and its documents
    report = small.build()
    folder = first.path_of("bao-cao", "so-tai-chinh").parent
    assert [p.relative_to(small.folder).as_posix() for p in report.stale_pdfs] == [
        "ke-hoach.pdf", "tron-bo.pdf", f"{folder.name}/cong-van-trien-khai.pdf", f"{folder.name}/bao-cao-2024.pdf",
        f"{folder.name}/tron-bo.pdf"]
    assert all(p.exists() for p in report.stale_pdfs)
    assert small.build(pdf=True).stale_pdfs == [] and small.build().stale_pdfs == []


def test_build_pdf_converts_and_bundles_the_reminders_remind_wrote_without_pdf(small, monkeypatch):
    from click.testing import CliRunner

    from khcn_docs.cli import cli

    monkeypatch.delenv("KHCN_DOCS_PDF", raising=False)
    first = small.build(pdf=True)

    def remind(*args: str) -> None:
        result = CliRunner().invoke(cli, ["remind", str(small.spec), "-o", str(small.output),
                                          "--templates", str(small.templates), *args])
        assert result.exit_code == 0, result.output

    remind("--as-of", "16/11/2024", "--pdf")
    remind("--as-of", "30/11/2024")  # round 2, 7 days (reminder_days) after round 1: no PDF
    folder = first.path_of("bao-cao", "so-tai-chinh").parent
    second = folder / "cong-van-don-doc-2024-lan-2.docx"
    assert second.exists() and not second.with_suffix(".pdf").exists()
    report = small.build(pdf=True)
    assert second.with_suffix(".pdf") in report.converted and report.failed == []
    assert PdfReader(second.with_suffix(".pdf")).metadata.title.endswith("(lần 2)")
    assert outline_titles(folder / "tron-bo.pdf")[1][-2:] == ["Sở Tài chính — công văn đôn đốc năm 2024 lần 1",
                                                              "Sở Tài chính — công văn đôn đốc năm 2024 lần 2"]
    assert small.build(pdf=True).converted == []


def test_build_pdf_converts_the_combined_reminder_letter_and_closes_the_packet_with_it(small, monkeypatch):
    from click.testing import CliRunner

    from khcn_docs.cli import cli

    monkeypatch.delenv("KHCN_DOCS_PDF", raising=False)
    small.build(pdf=True)
    result = CliRunner().invoke(cli, ["remind", str(small.spec), "-o", str(small.output), "--templates",
                                      str(small.templates), "--as-of", "18/11/2024", "--combined"])
    assert result.exit_code == 0, result.output
    letter = small.folder / "don-doc-chung" / "cong-van-don-doc-2024-lan-1-2024-11-18.docx"
    assert letter.exists() and not letter.with_suffix(".pdf").exists()
    report = small.build(pdf=True)
    assert report.converted == [letter.with_suffix(".pdf")] and report.failed == []
    assert PdfReader(letter.with_suffix(".pdf")).metadata.title  # from the letter's own properties
    assert outline_titles(small.folder / "tron-bo.pdf")[-2:] == [
        "Công văn đôn đốc chung", ["Công văn đôn đốc chung năm 2024 lần 1, ngày 18/11/2024"]]
    again = small.build(pdf=True)
    assert again.converted == [] and again.bundles == []


def test_the_packet_lists_the_agencies_in_registry_order(small):
    small.edit_spec("        lead: [so-tai-chinh]\n", "        lead: [so-tai-chinh]\n        support: [so-khcn]\n")
    report = small.build(pdf=True)
    assert "cong-van-trien-khai:so-khcn" not in report.outputs  # the monitor sends itself no letter
    titles = outline_titles(small.folder / "tron-bo.pdf")
    names = [title for title in titles if isinstance(title, str)]
    assert names == ["Kế hoạch", "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính"]


def test_explain_with_pdf_counts_the_pdfs_the_build_would_convert(small, monkeypatch):
    from click.testing import CliRunner

    from khcn_docs import buildlog
    from khcn_docs.cli import cli

    monkeypatch.delenv("KHCN_DOCS_PDF", raising=False)
    first = small.build(pdf=True)
    result = CliRunner().invoke(cli, ["remind", str(small.spec), "-o", str(small.output), "--templates",
                                      str(small.templates), "--as-of", "16/11/2024"])  # letters without PDFs
    assert result.exit_code == 0, result.output
    small.edit_spec("Rà soát quỹ", "Rà soát, củng cố quỹ")  # the plan and Sở Tài chính's documents
    first.path_of("bao-cao", "so-noi-vu").unlink()  # written again with the same bytes: its PDF stays
    explained = small.build(pdf=True, explain=True)
    assert small.build(explain=True).pending_pdfs is None
    report = small.build(pdf=True)
    letters = [p for p in report.converted if p.name.startswith("cong-van-don-doc-")]
    assert letters and report.outputs["bao-cao:so-noi-vu:2024"] in [b.path for b in report.built]
    assert explained.pending_pdfs == len(report.converted) == len(report.built) - 1 + len(letters)
    assert f"Sẽ chuyển {len(report.converted)} văn bản sang PDF" in "\n".join(buildlog.explain_lines(explained))


class Phases:
    """A progress sink that notes each phase with its total and the steps counted in it."""

    def __init__(self) -> None:
        self.seen: list[list] = []

    def phase(self, kind: str, total: int) -> None:
        self.seen.append([kind, total, 0])

    def step(self, label: object = "") -> None:
        self.seen[-1][2] += 1


def test_a_pdf_build_counts_writing_and_converting_as_two_phases_of_the_documents(small):
    progress = Phases()
    report = small.build(pdf=True, progress=progress)
    count = len(report.units)
    assert progress.seen == [["render", count, count], ["pdf", count, count]]
    small.edit_spec("Rà soát quỹ phát triển", "Rà soát lại quỹ phát triển")
    progress = Phases()
    report = small.build(pdf=True, progress=progress)
    rebuilt = len(report.built)
    assert 0 < rebuilt < count and progress.seen == [["render", rebuilt, rebuilt], ["pdf", rebuilt, rebuilt]]


ISSUED_SMALL = ("  year: 2024\n", "  number: 215\n  date: 20/08/2024\n"), \
    ("reporting:", "dispatch: {sender: monitor, number: 45, date: 23/08/2024}\nreporting:")


def test_a_pdf_the_clerk_put_beside_an_issued_document_is_kept_and_bundled(small):
    for old, new in ISSUED_SMALL:
        small.edit_spec(old, new)
    first = small.build(pdf=True)
    plan_pdf, letter_pdf = first.path_of("ke-hoach").with_suffix(".pdf"), \
        first.path_of("cong-van-trien-khai", "so-tai-chinh").with_suffix(".pdf")
    assert first.path_of("cong-van-trien-khai", "so-tai-chinh") not in [k.path for k in first.kept]
    scan, other = letter_pdf.read_bytes(), plan_pdf.read_bytes()  # real PDFs, standing for the signed scans
    letter_pdf.write_bytes(other)
    plan_pdf.write_bytes(scan)
    report = small.build(pdf=True)
    assert report.converted == [] and report.failed == [] and report.pdf_edits == []
    assert report.scans == [plan_pdf, letter_pdf]
    assert (plan_pdf.read_bytes(), letter_pdf.read_bytes()) == (scan, other)
    said = buildlog.written_lines(report)
    assert any(line.startswith("Giữ nguyên ke-hoach.pdf: tệp PDF bên cạnh văn bản đã ban hành") for line in said)
    packet = PdfReader(small.folder / "tron-bo.pdf")
    assert packet.pages[0].extract_text() == PdfReader(plan_pdf).pages[0].extract_text()  # the clerk's file
    assert small.build(pdf=True, explain=True).pending_pdfs == 0
    plan_pdf.unlink()  # the clerk wants the build's PDF back
    assert small.build(pdf=True).converted == [plan_pdf]


def test_a_pdf_the_clerk_replaced_beside_a_draft_is_kept_aside_then_converted_again(small):
    first = small.build(pdf=True)
    plan_pdf = first.path_of("ke-hoach").with_suffix(".pdf")
    other = first.path_of("cong-van-trien-khai", "so-tai-chinh").with_suffix(".pdf").read_bytes()
    plan_pdf.write_bytes(other)
    small.edit_spec("Rà soát quỹ", "Rà soát, củng cố quỹ")  # the plan is written again, then converted
    report = small.build(pdf=True)
    assert [pdf for pdf, _ in report.pdf_edits] == [plan_pdf] and plan_pdf in report.converted
    copy = report.pdf_edits[0][1]
    assert copy.name.startswith("ke-hoach.sua-tay-") and copy.suffix == ".pdf" and copy.read_bytes() == other
    assert plan_pdf.read_bytes() != other
    line = f"ke-hoach.pdf đã bị thay bằng tệp khác (không phải bản PDF lệnh đã tạo): tệp đó được giữ lại thành {copy.name}"
    assert any(said.startswith(line) for said in buildlog.attention_lines(report))


def test_a_pdf_the_clerk_put_beside_an_issued_document_the_plan_changed_since_is_kept_too(small):
    for old, new in ISSUED_SMALL:
        small.edit_spec(old, new)
    first = small.build(pdf=True)
    plan_pdf = first.path_of("ke-hoach").with_suffix(".pdf")
    scan = first.path_of("cong-van-trien-khai", "so-tai-chinh").with_suffix(".pdf").read_bytes()
    plan_pdf.write_bytes(scan)
    small.edit_spec("Rà soát quỹ", "Rà soát, củng cố quỹ")  # the issued plan is kept, its letters too
    report = small.build(pdf=True)
    assert first.path_of("ke-hoach") in [k.path for k in report.kept]
    assert report.scans == [plan_pdf] and plan_pdf.read_bytes() == scan and report.pdf_edits == []


def test_a_scan_beside_an_issued_document_written_back_without_pdf_is_still_kept_at_the_next_pdf_build(small):
    for old, new in ISSUED_SMALL:
        small.edit_spec(old, new)
    first = small.build(pdf=True)
    letter = first.path_of("cong-van-trien-khai", "so-noi-vu")
    scan = first.path_of("ke-hoach").with_suffix(".pdf").read_bytes()  # a real PDF, standing for the signed scan
    letter.with_suffix(".pdf").write_bytes(scan)
    letter.unlink()
    written = small.build()  # written back as issued, not converted
    assert written.stale_pdfs == [] and written.pdf_edits == []
    forced = small.build(force=True, force_issued=True)  # the same bytes again
    assert forced.stale_pdfs == [] and forced.pdf_edits == []
    report = small.build(pdf=True)
    assert report.converted == [] and report.scans == [letter.with_suffix(".pdf")]
    assert letter.with_suffix(".pdf").read_bytes() == scan


@pytest.mark.parametrize("issued", [False, True])
def test_a_replaced_pdf_beside_a_document_rewritten_without_pdf_is_moved_aside_then(small, issued):
    if issued:
        for old, new in ISSUED_SMALL:
            small.edit_spec(old, new)
    first = small.build(pdf=True)
    doc = first.path_of("ke-hoach") if issued else first.path_of("bao-cao", "so-noi-vu")  # issued plan, draft form
    other = first.path_of("cong-van-trien-khai", "so-tai-chinh").with_suffix(".pdf").read_bytes()
    doc.with_suffix(".pdf").write_bytes(other)
    small.edit_spec("Cải cách hành chính", "Cải cách thủ tục hành chính")  # both documents change
    written = small.build(force_issued=issued)
    assert doc in [b.path for b in written.built]
    assert [pdf for pdf, _ in written.pdf_edits] == [doc.with_suffix(".pdf")] and not doc.with_suffix(".pdf").exists()
    copy = written.pdf_edits[0][1]
    assert copy.name.startswith(f"{doc.stem}.sua-tay-") and copy.suffix == ".pdf" and copy.read_bytes() == other
    assert doc.with_suffix(".pdf") not in written.stale_pdfs
    rel = doc.with_suffix(".pdf").relative_to(small.folder).as_posix()
    line = f"{rel} đã bị thay bằng tệp khác (không phải bản PDF lệnh đã tạo) mà văn bản"
    assert any(said.startswith(line) and "--pdf" in said for said in buildlog.attention_lines(written))
    report = small.build(pdf=True)
    assert doc.with_suffix(".pdf") in report.converted and report.pdf_edits == [] and copy.read_bytes() == other


def test_explain_names_and_counts_the_bundles_of_removed_agencies_prune_pdf_deletes(small):
    small.build(pdf=True)
    small.edit_spec("        lead: [so-noi-vu]\n        support: [so-tai-chinh]\n", "        lead: [so-tai-chinh]\n")
    small.build(pdf=True)
    foreseen = small.build(pdf=True, prune=True, explain=True)
    assert [p.name for p in foreseen.stale_bundles] == ["tron-bo.pdf"] and foreseen.spared == []
    would = [line for line in buildlog.removed_lines(foreseen, explain=True) if "/tron-bo.pdf" in line]
    assert len(would) == 1 and "sẽ xóa" in would[0]
    hint = buildlog.removed_lines(small.build(pdf=True, explain=True), explain=True)[-1]
    assert hint == f"Chạy lại với --prune để xóa {len(foreseen.prunable) + 1} tệp ghi “tệp vẫn giữ” ở trên."
    bundle = foreseen.stale_bundles[0]
    bundle.write_bytes(b"%PDF-1.7 the signed packet, scanned back under the same name")
    assert small.build(pdf=True, prune=True, explain=True).spared == [bundle]
    pruned = small.build(pdf=True, prune=True)
    assert pruned.spared == [bundle] and bundle.exists()


def test_remind_pdf_writes_no_document_of_an_edited_plan_and_counts_what_it_converted(small, monkeypatch):
    from click.testing import CliRunner

    from khcn_docs.cli import cli

    monkeypatch.delenv("KHCN_DOCS_PDF", raising=False)
    monkeypatch.setenv("KHCN_DOCS_LANG", "vi")
    first = small.build()  # no PDF yet: the bundles need every document's
    small.edit_spec("Rà soát quỹ", "Rà soát, củng cố quỹ")
    before = small.docx_files()
    result = CliRunner().invoke(cli, ["remind", str(small.spec), "-o", str(small.output), "--templates",
                                      str(small.templates), "--as-of", "16/11/2024", "--pdf"])
    assert result.exit_code == 0, result.output
    letters = set(small.docx_files()) - set(before)
    assert letters and all("cong-van-don-doc-2024-lan-1" in name for name in letters)
    assert {name: sha for name, sha in small.docx_files().items() if name in before} == before  # none rewritten
    outdated = {v.path for v in small.build(explain=True).outdated}
    assert outdated == {first.path_of("ke-hoach"), *(first.outputs[u.key] for u in first.units
                                                      if u.agency == "so-tai-chinh")}
    current = [u for u in first.units if first.outputs[u.key] not in outdated]
    assert all(first.outputs[u.key].with_suffix(".pdf").exists() for u in current)
    assert not any(path.with_suffix(".pdf").exists() for path in outdated)
    assert f"Đã chuyển {len(letters)} công văn đôn đốc sang PDF; đã viết tập PDF (tron-bo.pdf) của 1 cơ quan." \
        in result.output  # Sở Nội vụ's; Sở Tài chính's and the plan's packet wait for its documents
    assert "Chưa cập nhật tập PDF của 1 cơ quan và tập PDF chung của kế hoạch" in result.output
    assert not (first.path_of("bao-cao", "so-tai-chinh").parent / "tron-bo.pdf").exists()
    assert f"Đã chuyển thêm {len(current)} văn bản của kế hoạch chưa có PDF" in result.output
    assert f"remind không tạo lại văn bản nào: {len(outdated)} văn bản cần tạo lại, 0 văn bản đã ban hành" \
        in result.output
    noi_vu = first.path_of("bao-cao", "so-noi-vu").parent / "tron-bo.pdf"
    assert outline_titles(noi_vu)[1][-1] == "Sở Nội vụ — công văn đôn đốc năm 2024 lần 1"
