"""The PDF phases of a build: convert the documents that need it, then write the bundles.

A unit's PDF is converted when its .docx was just written or its PDF is missing, edited or was
never converted (``pdf_sha256`` in the manifest). A document whose conversion fails is reported
by name and loses its manifest entry (the next build retries it) while the others finish.
Reminder letters ``remind`` wrote without ``--pdf`` are converted too, so that they join the
bundles. Without ``--pdf``, the PDFs a build leaves older than their rewritten .docx (and the
bundles holding them) are listed, never deleted (``stale_pdfs``). Bundles: one per agency, in the folder of its documents (``<folder>/tron-bo.pdf``, or
``<agency>-tron-bo.pdf`` when its documents sit in the plan folder), and one packet for the
whole plan (``tron-bo.pdf``, closed by the combined reminder letters of ``don-doc-chung/``), each
with an outline entry per agency and per document and the
metadata of the plan's own document; a bundle is rewritten only when a part or its metadata changed.
A PDF the clerk replaced (its hash is not the recorded one) is never converted over: beside an
issued document still as issued it is kept and bundled (the signed scan), else moved aside first.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from khcn_docs import vn
from khcn_docs.i18n import t
from khcn_docs.paths import safe_name
from khcn_docs.state import Entry, Manifest, canonical_json, not_as_recorded, sha256_bytes, sha256_file

if TYPE_CHECKING:
    from khcn_docs.build import BuildReport, Steps
    from khcn_docs.outdated import Verdict

PACKET_NAME = "tron-bo.pdf"


def pdf_of(path: Path) -> Path:
    """Return the PDF path beside the .docx ``path``."""
    return path.with_suffix(".pdf")


def needs_pdf(report: "BuildReport", manifest: Manifest) -> list["Verdict"]:
    """Return the verdicts whose PDF must be (re)converted, in the units' order."""
    return pdf_work(report, manifest)[0]


def pdf_work(report: "BuildReport", manifest: Manifest) -> tuple[list["Verdict"], list[Path], list[Path]]:
    """Return (the verdicts whose PDF must be (re)converted, in the units' order; the PDFs the
    clerk put beside issued documents, kept as they are: ``signed_scan``; the PDFs the clerk
    replaced beside documents to convert, which ``keep_replaced`` moves aside first). Each PDF is
    hashed once, and only when the answer needs it: a recorded hash to compare it with, now
    (``entry``) or before this build (``had_pdf``)."""
    failed = {f.unit.key for f in report.failed}
    kept = {k.unit.key for k in report.kept}
    out, scans, edits = [], [], []
    for verdict in report.verdicts:
        entry = manifest.get(verdict.unit.key)
        if verdict.unit.key in failed or entry is None or not verdict.path.exists():
            continue
        pdf = pdf_of(verdict.path)
        if verdict.unit.key in kept and entry.pdf_sha256 is not None and (
                pdf.exists() or sha256_file(verdict.path) != entry.docx_sha256):
            scans += [pdf] * (had_pdf(verdict) and replaced(verdict, sha256_file(pdf)))
            continue  # an issued PDF stays as it is; one deleted is made again from the issued .docx
        current = sha256_file(pdf) if entry.pdf_sha256 is not None or had_pdf(verdict) else None
        if signed_scan(verdict, entry, current):
            scans.append(pdf)
        elif entry.pdf_sha256 is None or current != entry.pdf_sha256:
            out.append(verdict)
            edits += [pdf] * replaced(verdict, current)
    return out, scans, edits


def had_pdf(verdict: "Verdict") -> bool:
    """Return True when a PDF hash was recorded for ``verdict``'s unit before this build: only then
    can the PDF beside it be one the clerk ``replaced``."""
    return verdict.entry is not None and verdict.entry.pdf_sha256 is not None


def replaced(verdict: "Verdict", current: str | None) -> bool:
    """Return True when the PDF beside ``verdict``'s document (its hash ``current``; None: there is
    none) is not the one the build recorded before this build: a file the clerk put there."""
    return had_pdf(verdict) and not_as_recorded(current, verdict.entry.pdf_sha256)


def signed_scan(verdict: "Verdict", entry: Entry, current: str | None) -> bool:
    """Return True when the PDF beside ``verdict``'s issued document was replaced by the clerk
    (``replaced``; typically the signed scan) while the .docx is still the one issued (``entry``: its
    row now): that PDF is the clerk's, never converted over, and is what the bundles hold."""
    before = verdict.entry
    return replaced(verdict, current) and before.issued and entry.issued \
        and entry.docx_sha256 == before.docx_sha256


def pending(report: "BuildReport", manifest: Manifest) -> int:
    """Return how many PDFs ``build --pdf`` would convert (``--explain``): of the documents it
    would write, each whose recorded PDF it cannot keep (``build.carry_pdf``: one written with
    other bytes, foreseen by its fingerprint), of the others each that ``needs_pdf``, and every
    reminder letter without a PDF."""
    from khcn_docs.paths import inside

    written = {v.unit.key for v in report.outdated}
    count = len([v for v in needs_pdf(report, manifest) if v.unit.key not in written])
    for verdict in report.outdated:
        entry = verdict.entry
        kept = entry is not None and entry.pdf_sha256 is not None \
            and (verdict.reasons == ("moved",) or entry.fingerprint == verdict.fingerprint) \
            and sha256_file(pdf_of(inside(report.folder, entry.out))) == entry.pdf_sha256
        count += not kept
    return count + len(unconverted_reminders(report))


def stale_pdfs(report: "BuildReport", manifest: Manifest, pdfs: set[Path]) -> list[Path]:
    """Return the PDFs older than their documents, left as they are (the clerk may have sent them):
    each unit's PDF beside a .docx that was written after it and not converted since (recorded
    without a PDF hash: a PDF the clerk saved from Word after the build is not one), and the
    bundles holding one; the plan's own first (its PDFs, its packet), then the agencies'.

    ``pdfs``: every PDF in the plan folder (found in the walk the build makes anyway, so a folder
    without PDFs costs no file lookup per document). Only this notice compares modification
    times; what is rebuilt is decided by hashes alone."""
    if not pdfs:  # no PDF at all: no document's PDF to look for
        return []
    found: dict[str, list[Path]] = {}  # owner ("-": the plan) -> its stale PDFs, then its bundle
    for verdict in report.verdicts:
        pdf = pdf_of(verdict.path)
        if pdf in pdfs and (entry := manifest.get(verdict.unit.key)) is not None and entry.pdf_sha256 is None \
                and _older(pdf, verdict.path):
            found.setdefault(verdict.unit.agency or "-", []).append(pdf)
    if not found:
        return []
    found.setdefault("-", [])
    for out, (owner, _) in sorted(manifest.bundles().items()):
        if owner in found and (report.folder / out).is_file():
            found[owner].append(report.folder / out)
    return found.pop("-") + [path for paths in sorted(found.values()) for path in paths]


def metadata(unit) -> dict[str, object]:
    """Return PDF metadata from a unit's core properties: title = trích yếu, author, subject = số/ký hiệu."""
    core = unit.core or {}
    return {"title": core.get("title", ""), "author": core.get("creator", ""), "subject": core.get("subject", "")}


def convert(report: "BuildReport", manifest: Manifest, pdfa: bool, progress: "Steps | None",
            letters: dict[Path, object], skip: frozenset[str] | set[str] = frozenset()) -> None:
    """Convert the documents that need a PDF, and the reminder ``letters`` (``unconverted_reminders``:
    written by ``remind`` without --pdf, not units, no manifest row); record each unit's PDF hash,
    or the failure; return None. ``skip``: keys of units not to convert (``remind --pdf``: those
    a build would write again, whose .docx is not the plan's any more)."""
    from khcn_docs import pdf
    from khcn_docs.build import Failure

    todo, report.scans, edits = pdf_work(report, manifest)
    if skip:
        todo = [v for v in todo if v.unit.key not in skip]
        converted = {pdf_of(v.path) for v in todo}
        edits = [path for path in edits if path in converted]
    if not todo and not letters:
        return
    keep_replaced(report, edits)
    by_path = {v.path: v for v in todo}  # pdf.convert gives back the paths as given: no resolving
    units = {path: v.unit for path, v in by_path.items()} | letters  # a reminder letter is never a unit
    if progress is not None:
        progress.phase("pdf", len(units))
    step = (lambda p: progress.step(units[p].label)) if progress is not None else None
    meta = {v.path: metadata(v.unit) for v in todo} | {p: core_metadata(p) for p in letters}
    result = pdf.convert(list(units), pdfa=pdfa, progress=step, metadata=meta)
    for docx, target in result.converted.items():
        if (verdict := by_path.get(docx)) is not None:
            manifest.set_pdf(verdict.unit.key, sha256_file(target))
        report.converted.append(target)
    for docx, reason in result.failed.items():
        verdict = by_path.get(docx)
        report.failed.append(Failure(units[docx], docx, "pdf", reason))
        if verdict is not None:
            manifest.delete([verdict.unit.key])


def keep_replaced(report: "BuildReport", edits: list[Path]) -> None:
    """Before the documents that need it are converted, move each PDF the clerk replaced beside one
    (``edits``, found by ``pdf_work``: a draft's, or an issued document's written again) aside as
    ``<name>.sua-tay-<when>.pdf`` (listed in ``report.pdf_edits``): a conversion never overwrites
    the clerk's file; return None."""
    from khcn_docs.outputs import move_aside

    for pdf in edits:
        report.pdf_edits.append((pdf, move_aside(pdf)))


def _older(pdf: Path, docx: Path) -> bool:
    """Return True when the file ``pdf`` exists and was last written before ``docx``."""
    try:
        return pdf.stat().st_mtime_ns < docx.stat().st_mtime_ns
    except OSError:  # no PDF (or no document): nothing stale
        return False


def core_metadata(docx: Path) -> dict[str, object]:
    """Return PDF metadata (title, author, subject) from the core properties the .docx at ``docx``
    carries (those ``render`` wrote); empty values when it has none or cannot be read."""
    import zipfile
    from xml.etree import ElementTree

    dc = "{http://purl.org/dc/elements/1.1/}"
    try:
        with zipfile.ZipFile(docx) as zf:
            root = ElementTree.fromstring(zf.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {"title": "", "author": "", "subject": ""}
    return {key: root.findtext(dc + tag) or "" for key, tag in
            (("title", "title"), ("author", "creator"), ("subject", "subject"))}


def sections_of(report: "BuildReport") -> tuple[list, dict[str, list]]:
    """Return (plan-level documents, agency id -> its documents) as (unit, path) pairs, the
    agencies in registry order (their folders' order: one with no dispatch letter, such as the
    monitor, in its place too); an agency's reminders (written by ``remind --pdf``), and those of
    the bodies merged into it (``agency_reminders``), follow its built documents."""
    plan_docs, agencies = [], {}
    for verdict in report.verdicts:
        target = (plan_docs if verdict.unit.agency is None else agencies.setdefault(verdict.unit.agency, []))
        target.append((verdict.unit, pdf_of(verdict.path)))
    for aid, letters in agency_reminders(report, agencies, ".pdf").items():
        agencies[aid] = agencies[aid] + letters
    position = report.plan.position
    return plan_docs, dict(sorted(agencies.items(), key=lambda item: position(item[0])))


REMINDER = re.compile(r"^cong-van-don-doc-(\d{4})-lan-(\d+)\.(?:pdf|docx)$")
COMBINED = re.compile(r"^cong-van-don-doc-(\d{4})-lan-(\d+)-(\d{4})-(\d{2})-(\d{2})\.(?:pdf|docx)$")


def reminder_docs(folder: Path, agency: str, docs: list, name: str) -> list:
    """Return (unit, pdf) pairs for the reminder PDFs in ``agency``'s folder, by year then round."""
    return _reminders(folder, agency, docs, ".pdf", name)


def _reminders(folder: Path, agency: str, docs: list, suffix: str, name: str) -> list:
    """Return (unit, file) pairs for the reminder files ending in ``suffix`` (``.pdf``, ``.docx``)
    that ``remind`` left in the folder of ``agency``'s documents ``docs``, by year then round, each
    labelled like the agency's other documents (``name — công văn đôn đốc năm 2024 lần 1``)."""
    parents = {PurePosixPath(unit.out).parent for unit, _ in docs} - {PurePosixPath(".")}
    return _reminders_in(folder, sorted(parents), agency, suffix, name)


def _reminders_in(folder: Path, parents: list[PurePosixPath], agency: str, suffix: str, name: str) -> list:
    """Return (unit, file) pairs for the reminder files ending in ``suffix`` in the ``parents``
    folders of ``folder``, written to ``agency`` (named ``name``), by year then round."""
    from khcn_docs.documents.unit import Unit

    found = []
    for parent in parents:
        for path in (folder / str(parent)).glob(f"cong-van-don-doc-*{suffix}"):
            match = REMINDER.match(path.name)
            if match:
                year, round_ = int(match.group(1)), int(match.group(2))
                label = t("build.packet.reminder", name=name, year=year, round=round_)
                unit = Unit("cong-van-don-doc", agency, "cong-van-don-doc.docx",
                            f"{parent}/{path.with_suffix('.docx').name}", {}, {}, label)
                found.append(((year, round_), unit, path))
    return [(unit, path) for _, unit, path in sorted(found, key=lambda item: item[0])]


def agency_reminders(report: "BuildReport", agencies: dict[str, list], suffix: str) -> dict[str, list]:
    """Return agency id -> (unit, file) pairs for the reminder files ending in ``suffix`` that
    ``remind`` left in the plan folder, for each agency of ``agencies`` (id -> its documents'
    (unit, path) pairs): those in its documents' folders, then those in the folder of each body
    merged into it that has no document of its own in the build (a reminder asked it for a report
    it still owed, in its own folder), each labelled with that body's name. Found by the folders
    on disk, wherever ``remind`` wrote them; a folder holding no agency's documents and of no body
    merged into one of them is left alone."""
    from khcn_docs.documents import per_agency

    plan = report.plan
    found = {aid: _reminders(report.folder, aid, docs, suffix, plan.agency(aid).name) for aid, docs in agencies.items()}
    used = {PurePosixPath(unit.out).parent for docs in agencies.values() for unit, _ in docs}
    for aid in plan.registry.agencies:
        parent = PurePosixPath(per_agency.folder(plan, aid))
        owner = _standing_for(plan, aid, agencies)
        if owner is None or parent in used or not (report.folder / str(parent)).is_dir():
            continue
        found[owner] = found[owner] + _reminders_in(report.folder, [parent], aid, suffix, plan.agency(aid).name)
    return found


def _standing_for(plan, aid: str, agencies: dict[str, list]) -> str | None:
    """Return the first agency of ``agencies`` that ``aid`` was merged into or renamed as
    (``merged_into`` followed, whatever the day); None when ``aid`` merged into none of them."""
    current, seen = aid, {aid}
    while (after := plan.agency(current).merged_into) is not None and after not in seen:
        if after in agencies:
            return after
        current = after
        seen.add(after)
    return None


def combined_docs(folder: Path, suffix: str = ".pdf") -> list:
    """Return (unit, file) pairs for the combined reminder letters (``remind --combined``, in
    ``don-doc-chung/``) whose files end in ``suffix``, by year, round, then date: they close the
    plan's packet, in a section of their own (a letter to many agencies is in no agency's bundle)."""
    from khcn_docs.documents.cong_van_don_doc import COMBINED_FOLDER, TEMPLATE
    from khcn_docs.documents.unit import Unit

    found = []
    for path in (folder / COMBINED_FOLDER).glob(f"cong-van-don-doc-*{suffix}"):
        match = COMBINED.match(path.name)
        if match:
            year, round_, *day = (int(part) for part in match.groups())
            label = t("build.packet.combined_letter", year=year, round=round_, date=_day_said(*day))
            unit = Unit("cong-van-don-doc", None, TEMPLATE, f"{COMBINED_FOLDER}/{path.with_suffix('.docx').name}",
                        {}, {}, label)
            found.append(((year, round_, *day), unit, path))
    return [(unit, path) for _, unit, path in sorted(found, key=lambda item: item[0])]


def _day_said(year: int, month: int, day: int) -> str:
    """Return the day of a combined letter's file name as ND30 writes it (``vn.short_date``:
    ``05/3/2025``); a day that does not exist (a file renamed by hand: ``…-2024-13-45``), as
    ``vn.day_str``/``vn.month_str`` write its parts, the file still bundled."""
    try:
        return vn.short_date(dt.date(year, month, day))
    except ValueError:
        return f"{vn.day_str(day)}/{vn.month_str(month)}/{year}"


def unconverted_reminders(report: "BuildReport") -> dict[Path, object]:
    """Return .docx path -> unit of each reminder letter in an agency's folder (or that of a body
    merged into it: ``agency_reminders``), or combined one in ``don-doc-chung/``, that has no PDF beside it (``remind`` run without --pdf): ``build --pdf``
    converts it, and it joins the bundles."""
    agencies: dict[str, list] = {}
    for verdict in report.verdicts:
        if verdict.unit.agency is not None:
            agencies.setdefault(verdict.unit.agency, []).append((verdict.unit, verdict.path))
    found = [pair for letters in agency_reminders(report, agencies, ".docx").values() for pair in letters]
    return {path: unit for unit, path in found + combined_docs(report.folder, ".docx") if not pdf_of(path).exists()}


def agency_bundle(folder: Path, agency: str, docs: list) -> Path:
    """Return where the bundle of ``agency`` goes: its documents' folder, or the plan folder (the
    reminders of a body merged into it, in that body's folder, do not move it: ``agency_reminders``)."""
    own = [unit for unit, _ in docs if unit.agency == agency] or [unit for unit, _ in docs]
    parents = {PurePosixPath(unit.out).parent for unit in own}
    if len(parents) == 1 and str(next(iter(parents))) != ".":
        return folder / str(next(iter(parents))) / PACKET_NAME
    return folder / f"{safe_name(agency)}-{PACKET_NAME}"


def bundle(report: "BuildReport", manifest: Manifest) -> None:
    """Write the per-agency bundles and the plan's packet when their parts changed (``report.bundles``);
    one with a part that has no PDF (failed, or left for ``build`` by ``remind --pdf``) is left as it
    was, in ``report.bundles_waiting``; return None."""
    failed = {f.unit.key for f in report.failed}
    plan_docs, agencies = sections_of(report)
    plan = report.plan
    meta = metadata(plan_docs[0][0]) if plan_docs else {}
    wanted: list[tuple[Path, str, list]] = []
    for aid, docs in agencies.items():
        name = plan.agency(aid).name
        wanted.append((agency_bundle(report.folder, aid, docs), aid, [(name, docs)]))
    combined = combined_docs(report.folder)
    packet = ([(t("build.packet.plan"), plan_docs)] if plan_docs else []) + \
             [(plan.agency(aid).name, docs) for aid, docs in agencies.items()] + \
             ([(t("build.packet.combined"), combined)] if combined else [])
    wanted.append((report.folder / PACKET_NAME, "-", packet))
    forget_stale(report, manifest, {path for path, _, _ in wanted}, set(agencies) | {"-"})
    for path, owner, sections in wanted:
        if any(unit.key in failed or not pdf.exists() for _, docs in sections for unit, pdf in docs):
            report.bundles_waiting.append(path)  # remind --pdf: a document left for build has no PDF
            continue
        _write_if_changed(report, manifest, path, owner, sections, meta)


def removed_bundles(report: "BuildReport", manifest: Manifest) -> list[Path]:
    """Return the recorded bundles of agencies no longer in the plan (``forget_stale`` puts them in
    ``report.stale_bundles``, ``--prune --pdf`` deletes those the build made), so that
    ``--explain --pdf`` names and counts them too; with ``--prune``, one the clerk replaced goes
    to ``report.spared`` as the build would put it (``build.remove_if_made``)."""
    owners = {v.unit.agency for v in report.verdicts if v.unit.agency is not None} | {"-"}
    found = []
    for out, (owner, sha) in manifest.bundles().items():
        if owner not in owners:
            found.append(report.folder / out)
            if report.prune and not_as_recorded(sha256_file(found[-1]), sha):
                report.spared.append(found[-1])
    return found


def forget_stale(report: "BuildReport", manifest: Manifest, wanted: set[Path], owners: set[str]) -> None:
    """Deal with recorded bundles no longer wanted; return None.

    A bundle whose agency is still in the plan (its folder moved) is deleted when untouched; one of
    an agency no longer in the plan goes to ``report.stale_bundles`` (deleted by ``--prune``)."""
    from khcn_docs.outputs import remove_empty_parents

    for out, (owner, sha) in manifest.bundles().items():
        path = report.folder / out
        if path in wanted:
            continue
        if owner not in owners:
            report.stale_bundles.append(path)
            continue
        if sha256_file(path) == sha:
            path.unlink()
            remove_empty_parents(path.parent, report.folder)
        elif path.exists():
            report.moved.append(path)
        manifest.delete_bundle(out)


def _write_if_changed(report: "BuildReport", manifest: Manifest, path: Path, owner: str, sections: list,
                      meta: dict) -> None:
    """Write the bundle at ``path`` unless the same parts are already there; return None."""
    from khcn_docs.bundle import write_bundle

    parts = [(title, [(unit.label or unit.key, str(pdf)) for unit, pdf in docs]) for title, docs in sections]
    digests = [(title, [(label, sha256_file(Path(pdf))) for label, pdf in docs]) for title, docs in parts]
    fingerprint = sha256_bytes(canonical_json([digests, meta]).encode())
    rel = path.relative_to(report.folder).as_posix()
    recorded = manifest.bundle(rel)
    if recorded == (fingerprint, sha256_file(path)):
        return
    write_bundle(path, parts, meta)
    manifest.put_bundle(rel, owner, fingerprint, sha256_file(path))
    report.bundles.append(path)
