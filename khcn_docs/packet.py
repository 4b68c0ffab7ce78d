"""The PDF phases of a build: convert the documents that need it, then write the bundles.

A unit's PDF is converted when its .docx was just written or its PDF is missing, edited or was
never converted (``pdf_sha256`` in the manifest). A document whose conversion fails is reported
by name and loses its manifest entry (the next build retries it) while the others finish.
Bundles: one per agency, in the folder of its documents (``<folder>/tron-bo.pdf``, or
``<agency>-tron-bo.pdf`` when its documents sit in the plan folder), and one packet for the
whole plan (``tron-bo.pdf``), each with an outline entry per agency and per document and the
metadata of the plan's own document; a bundle is rewritten only when a part or its metadata changed.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from khcn_docs.i18n import t
from khcn_docs.paths import safe_name
from khcn_docs.state import Manifest, canonical_json, sha256_bytes, sha256_file

if TYPE_CHECKING:
    from khcn_docs.build import BuildReport, Steps
    from khcn_docs.outdated import Verdict

PACKET_NAME = "tron-bo.pdf"


def pdf_of(path: Path) -> Path:
    """Return the PDF path beside the .docx ``path``."""
    return path.with_suffix(".pdf")


def needs_pdf(report: "BuildReport", manifest: Manifest) -> list["Verdict"]:
    """Return the verdicts whose PDF must be (re)converted, in the units' order."""
    failed = {f.unit.key for f in report.failed}
    kept = {k.unit.key for k in report.kept}
    out = []
    for verdict in report.verdicts:
        entry = manifest.get(verdict.unit.key)
        if verdict.unit.key in failed or entry is None or not verdict.path.exists():
            continue
        if verdict.unit.key in kept and entry.pdf_sha256 is not None and (
                pdf_of(verdict.path).exists() or sha256_file(verdict.path) != entry.docx_sha256):
            continue  # an issued PDF stays as it is; one deleted is made again from the issued .docx
        if entry.pdf_sha256 is None or sha256_file(pdf_of(verdict.path)) != entry.pdf_sha256:
            out.append(verdict)
    return out


def count_steps(report: "BuildReport", rendered: list, manifest: Manifest) -> int:
    """Return how many progress steps a PDF build takes: writes, then conversions."""
    written = {v.unit.key for v, _ in rendered}
    stale = [v for v in needs_pdf(report, manifest) if v.unit.key not in written]
    return 2 * len(rendered) + len(stale)


def metadata(unit) -> dict[str, object]:
    """Return PDF metadata from a unit's core properties: title = trích yếu, author, subject = số/ký hiệu."""
    core = unit.core or {}
    return {"title": core.get("title", ""), "author": core.get("creator", ""), "subject": core.get("subject", "")}


def convert(report: "BuildReport", manifest: Manifest, pdfa: bool, progress: "Steps | None") -> None:
    """Convert the documents that need a PDF; record each PDF's hash, or the failure; return None."""
    from khcn_docs import pdf
    from khcn_docs.build import Failure

    todo = needs_pdf(report, manifest)
    if not todo:
        return
    by_path = {v.path.resolve(): v for v in todo}
    step = (lambda p: progress.step(by_path[Path(p).resolve()].unit.label)) if progress is not None else None
    result = pdf.convert([v.path for v in todo], pdfa=pdfa, progress=step,
                         metadata={v.path: metadata(v.unit) for v in todo})
    for docx, target in result.converted.items():
        verdict = by_path[Path(docx).resolve()]
        manifest.set_pdf(verdict.unit.key, sha256_file(target))
        report.converted.append(target)
    for docx, reason in result.failed.items():
        verdict = by_path[Path(docx).resolve()]
        report.failed.append(Failure(verdict.unit, verdict.path, "pdf", reason))
        manifest.delete([verdict.unit.key])


def sections_of(report: "BuildReport") -> tuple[list, dict[str, list]]:
    """Return (plan-level documents, agency id -> its documents) as (unit, path) pairs, in order;
    an agency's reminders (written by ``remind --pdf``) follow its built documents."""
    plan_docs, agencies = [], {}
    for verdict in report.verdicts:
        target = (plan_docs if verdict.unit.agency is None else agencies.setdefault(verdict.unit.agency, []))
        target.append((verdict.unit, pdf_of(verdict.path)))
    for aid, docs in agencies.items():
        docs += reminder_docs(report.folder, aid, docs)
    return plan_docs, agencies


REMINDER_PDF = re.compile(r"^cong-van-don-doc-(\d{4})-lan-(\d+)\.pdf$")


def reminder_docs(folder: Path, agency: str, docs: list) -> list:
    """Return (unit, pdf) pairs for the reminder PDFs in ``agency``'s folder, by year then round."""
    from khcn_docs.documents.unit import Unit

    parents = {PurePosixPath(unit.out).parent for unit, _ in docs} - {PurePosixPath(".")}
    found = []
    for parent in sorted(parents):
        for pdf in (folder / str(parent)).glob("cong-van-don-doc-*.pdf"):
            match = REMINDER_PDF.match(pdf.name)
            if match:
                year, round_ = int(match.group(1)), int(match.group(2))
                label = t("build.packet.reminder", year=year, round=round_)
                unit = Unit("cong-van-don-doc", agency, "cong-van-don-doc.docx",
                            f"{parent}/{pdf.with_suffix('.docx').name}", {}, {}, label)
                found.append(((year, round_), unit, pdf))
    return [(unit, pdf) for _, unit, pdf in sorted(found, key=lambda item: item[0])]


def agency_bundle(folder: Path, agency: str, docs: list) -> Path:
    """Return where the bundle of ``agency`` goes: its documents' folder, or the plan folder."""
    parents = {PurePosixPath(unit.out).parent for unit, _ in docs}
    if len(parents) == 1 and str(next(iter(parents))) != ".":
        return folder / str(next(iter(parents))) / PACKET_NAME
    return folder / f"{safe_name(agency)}-{PACKET_NAME}"


def bundle(report: "BuildReport", manifest: Manifest) -> None:
    """Write the per-agency bundles and the plan's packet when their parts changed; return None."""
    failed = {f.unit.key for f in report.failed}
    plan_docs, agencies = sections_of(report)
    plan = report.plan
    meta = metadata(plan_docs[0][0]) if plan_docs else {}
    wanted: list[tuple[Path, str, list]] = []
    for aid, docs in agencies.items():
        name = plan.agency(aid).name
        wanted.append((agency_bundle(report.folder, aid, docs), aid, [(name, docs)]))
    packet = ([(t("build.packet.plan"), plan_docs)] if plan_docs else []) + \
             [(plan.agency(aid).name, docs) for aid, docs in agencies.items()]
    wanted.append((report.folder / PACKET_NAME, "-", packet))
    forget_stale(report, manifest, {path for path, _, _ in wanted}, set(agencies) | {"-"})
    for path, owner, sections in wanted:
        if any(unit.key in failed or not pdf.exists() for _, docs in sections for unit, pdf in docs):
            continue
        _write_if_changed(report, manifest, path, owner, sections, meta)


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
