"""What ``khcn-docs build`` tells the clerk: each document rebuilt and why, issued documents kept
(with what would have changed), outputs of removed agencies, warnings, the one-line summary, and
the exit code of the first kind of failure (template: 4, PDF: 5).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from khcn_docs import issued
from khcn_docs.build import BuildReport
from khcn_docs.i18n import t
from khcn_docs.progress import Progress, summary_line

PDF_ENV = "KHCN_DOCS_PDF"
_YES = {"1", "true", "yes", "on", "co", "có"}


def pdf_default(flag: bool | None) -> bool:
    """Return whether to build PDFs: the ``--pdf/--no-pdf`` flag, else ``$KHCN_DOCS_PDF``, else no."""
    if flag is not None:
        return flag
    return os.environ.get(PDF_ENV, "").strip().lower() in _YES


def reasons(codes) -> str:
    """Return the reason codes in the clerk's words, comma-separated."""
    return ", ".join(t(f"build.reason.{code}") for code in codes)


def _rel(report: BuildReport, path: Path) -> str:
    """Return ``path`` relative to the plan folder (POSIX) for short messages."""
    try:
        return Path(path).relative_to(report.folder).as_posix()
    except ValueError:
        return str(path)


def explain_lines(report: BuildReport) -> list[str]:
    """Return what a build would do, without doing it: one line per outdated unit, with reasons."""
    lines = [t("build.explain.relocated", old=_rel(report, old), new=_rel(report, new))
             for old, new in report.relocated]
    lines += rekeyed_lines(report, explain=True)
    lines += [t("build.explain.item", path=_rel(report, v.path), reasons=reasons(v.reasons)) for v in report.outdated]
    lines += kept_lines(report, explain=True)
    lines += removed_lines(report, explain=True)
    if report.pending_pdfs:
        lines.append(t("build.explain.pdf", count=report.pending_pdfs))
    renamed = t("build.explain.summary.renamed", renamed=len(report.relocated)) if report.relocated else ""
    written = len(report.outdated) + len(report.restored)       # a deleted issued document written back too
    kept = len(report.kept) - len(report.restored)
    lines.append(t("build.explain.summary", outdated=written, renamed=renamed, folder=report.folder,
                   kept=t("build.explain.summary.kept", kept=kept) if kept else "",
                   unchanged=len(report.verdicts) - written))
    return lines


def removed_lines(report: BuildReport, explain: bool = False) -> list[str]:
    """Return one line per output of a unit no longer in the plan, saying what ``--prune`` does with
    it: deleted (``explain``: would be), kept as issued, kept as edited by hand; without ``--prune``,
    the files it would delete are kept and the hint says how many."""
    would = explain and report.prune
    spared = {_rel(report, p) for p in report.spared}
    lines = [removed_line(report, entry, would) for entry in report.removed if entry.out not in spared]
    lines += [t("build.removed.spared", path=path) for path in sorted(spared)]
    lines += [t(removed_key(report.pruned, would), path=_rel(report, p), label=p.name) for p in report.stale_bundles
              if p not in report.spared]
    count = len(report.prunable) + len([p for p in report.stale_bundles if p not in report.spared])
    if count and not (report.pruned or would):
        lines.append(t("build.removed.hint", count=count))
    return lines


def removed_line(report: BuildReport, entry, would: bool) -> str:
    """Return the line of one output of a unit no longer in the plan: issued ones are kept and say
    why; ``would``: the line of ``--explain --prune``."""
    label = entry.label or entry.key
    if entry.key not in report.prunable:
        return t("build.removed.issued", path=entry.out, label=label)
    return t(removed_key(entry.key in report.deleted, would), path=entry.out, label=label)


def removed_key(deleted: bool, would: bool) -> str:
    """Return the message key of a leftover file: deleted, would be deleted, or kept for now."""
    if deleted:
        return "build.removed.deleted"
    return "build.removed.would_delete" if would else "build.removed.kept"


def written_lines(report: BuildReport) -> list[str]:
    """Return one line per agency folder renamed, per document written (with its reasons), per PDF
    the clerk put beside an issued document (kept), then per bundle written."""
    lines = [t("build.relocated", old=_rel(report, old), new=_rel(report, new)) for old, new in report.relocated]
    lines += rekeyed_lines(report)
    lines += [t("build.written", path=_rel(report, b.path), reason=reasons(b.reasons or (b.reason,)))
              for b in report.built]
    lines += [t("build.pdf_scan", path=_rel(report, p)) for p in report.scans]
    return lines + [t("build.bundle", path=_rel(report, p)) for p in report.bundles]


STALE_SHOWN = 10


def stale_pdf_lines(report: BuildReport) -> list[str]:
    """Return, when the build left PDFs older than their rewritten .docx (no ``--pdf``), how many,
    the first ``STALE_SHOWN`` of them (bundles included) and the hint to run ``build --pdf``."""
    if not report.stale_pdfs:
        return []
    lines = [t("build.stale_pdf", count=len(report.stale_pdfs))]
    lines += [f"    {_rel(report, path)}" for path in report.stale_pdfs[:STALE_SHOWN]]
    if len(report.stale_pdfs) > STALE_SHOWN:
        lines.append(f"    {t('build.stale_pdf.more', count=len(report.stale_pdfs) - STALE_SHOWN)}")
    return lines + [t("build.stale_pdf.hint")]


def rekeyed_lines(report: BuildReport, explain: bool = False) -> list[str]:
    """Return one line per agency whose id changed in the registry, its documents kept as its own,
    then what of its tracking records moved to the new id (``explain``: would move) and what stayed."""
    lines = [t("build.rekeyed", old=old, new=new) for old, new in report.rekeyed]
    moved = "build.explain.rekeyed.tracking" if explain else "build.rekeyed.tracking"
    lines += [t(moved, old=old, new=new, db=report.tracking) for old, new in report.tracking_moved]
    if report.tracking_unread:
        lines.append(t("build.explain.rekeyed.unread", db=report.tracking, reason=report.tracking_unread))
    return lines + [t("build.rekeyed.tracking_left", old=old, new=new, db=report.tracking,
                      years=", ".join(map(str, years))) for old, new, years in report.tracking_left]


def attention_lines(report: BuildReport) -> list[str]:
    """Return what needs the clerk's attention even with ``-q``: issued documents kept, files left over."""
    lines = kept_lines(report)
    lines += stale_pdf_lines(report)
    lines += template_check_lines(report)
    lines += [t("build.moved", path=_rel(report, p)) for p in report.moved]
    lines += [t("build.hand_edit", path=_rel(report, doc), copy=_rel(report, copy)) for doc, copy in report.hand_edits]
    lines += [t("build.pdf_edit" if pdf in report.converted else "build.pdf_edit.later", path=_rel(report, pdf),
                copy=_rel(report, copy)) for pdf, copy in report.pdf_edits]
    lines += [t("build.untracked.issued" if done.unit.issued else "build.untracked", path=_rel(report, done.path),
                copy=_rel(report, copy)) for done, copy in report.untracked]
    return lines + removed_lines(report)


def kept_lines(report: BuildReport, explain: bool = False) -> list[str]:
    """Return one line per issued document kept as it was (with what a rebuild would change in it)
    or written back as issued (``explain``: would be), then the hint; none when there are none."""
    lines = []
    for kept in report.kept:
        if kept.path in report.restored:
            lines.append(t("build.explain.restored" if explain else "build.kept.restored", path=_rel(report, kept.path)))
            continue
        if hand_edited_only(kept):
            lines.append(t("build.kept.hand_edited", path=_rel(report, kept.path)))
            continue
        if issued.forced_only(kept.reasons):  # unchanged since issued: one plain line, not a list of no differences
            lines.append(t("build.kept.forced", path=_rel(report, kept.path)))
            continue
        key = "build.kept.missing" if kept.missing else "build.kept"
        lines.append(t(key, path=_rel(report, kept.path), reasons=reasons(kept.reasons)))
        lines += [f"    {line}" for line in kept.changes] or [f"    {t('build.kept.same')}"]
    if any(kept.path not in report.restored and not hand_edited_only(kept) for kept in report.kept):
        lines.append(t("build.kept.hint"))
    return lines


def hand_edited_only(kept) -> bool:
    """Return True when an issued document is kept only because its file was edited by hand (it is
    there, and nothing it is made from changed): one plain line, not a list of no differences."""
    return kept.reasons == ("output",) and not kept.missing and not kept.changes


def template_check_lines(report: BuildReport) -> list[str]:
    """Return, per template that changed, whether its first document passes the ND30 check: one
    line if it does; else the count, the first three problems and the command that lists them all."""
    if not report.template_checks:  # the checker (python-docx, lxml) is loaded only to say what it found
        return []
    from khcn_docs.checks.runner import where

    lines = []
    for check in report.template_checks:
        path = _rel(report, check.path)
        if not check.errors:
            lines.append(t("build.template_check.ok", template=check.template, path=path))
            continue
        lines.append(t("build.template_check.failed", template=check.template, path=path, count=len(check.errors)))
        lines += [f"    {where(p)}: {p.message} [{p.rule}]" for p in check.errors[:3]]
        lines.append(t("build.template_check.hint", folder=report.folder))
    return lines


def show(report: BuildReport, *, explain: bool, quiet: bool, bar: Progress) -> None:
    """Print the report (warnings on stderr), then raise the error of the first failed stage; return None."""
    for warning in report.warnings:
        click.echo(warning, err=True)
    if explain:
        for line in explain_lines(report):
            click.echo(line)
        return
    if bar.live:
        bar.stream.write("\r\033[K")
    for line in ([] if quiet else written_lines(report)) + attention_lines(report):
        click.echo(line)
    if not quiet:
        click.echo(t("build.folder", folder=report.folder))
    bar.finish(summary_line(built=len(report.built), converted=len(report.converted), failed=len(report.failed),
                            seconds=report.seconds, kept=len(report.kept), renamed=len(report.relocated)))
    report.raise_for_failures()
