"""The build, in named phases: load → discover → relocate → outdated → render → write → convert →
record → report.

``build()`` reads as its list of phases; each is a small function. A spec problem stops the build
in *load*, and a template missing from the templates folder, or one that does not compile or uses
a variable its units lack, stops it after *discover*, both before anything is written; so does a
field its units lack (``hdr.isuer``), found as the first unit of a first build renders, or in *render*. Every unit (document kind × agency) is fingerprinted by
exactly what it consumes (``state.py``); only outdated ones are rendered (in memory), written
atomically and recorded in the manifest one by one, each with the reasons it was rebuilt. A unit
that fails (its template, or its PDF conversion) is reported by name, leaves no manifest entry
and is retried by the next build, while the other units finish. Issued documents are never
rewritten (``issued.py``). When nothing changed since a complete build, the *quick check*
(``quick.py``) proves it from content hashes without loading the plan.
"""

from __future__ import annotations

import gc
import os
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Protocol

from khcn_docs import buildlock, issued, owner, packet, parsed, quick, vn
from khcn_docs.documents import KINDS, cong_van_trien_khai
from khcn_docs.documents.unit import Unit
from khcn_docs.errors import ConversionError, KhcnError, StateError, TemplateError, TemplateMistake, WriteError
from khcn_docs.i18n import t
from khcn_docs.outdated import TEMPLATES, TemplateDigests, Verdict, outdated, removed, template_digests
from khcn_docs.outputs import move_aside, os_kind, remove_empty_parents, remove_leftovers, write_atomic
from khcn_docs.paths import OutputPaths, forget_links, inside, plan_folder, templates_dir
from khcn_docs.plan import Plan
from khcn_docs.relocate import before_rename, relocate
from khcn_docs.files import read_file
from khcn_docs.render import CompiledTemplate, compile_template
from khcn_docs.spec import yamlsrc
from khcn_docs.spec.load import load_plan
from khcn_docs.spec.problems import display_path
from khcn_docs import state
from khcn_docs.state import Entry, Manifest, context_json, file_stamp, not_as_recorded, sha256_bytes, sha256_file


class Steps(Protocol):
    """What the build reports progress to (``progress.Progress`` fits): each phase with its number
    of documents (``render``, then ``pdf``), then one step per document of it."""

    def phase(self, kind: str, total: int) -> None: ...

    def step(self, label: object = "") -> None: ...


@dataclass(frozen=True)
class Options:
    """How to build: which kinds, templates, what to force, whether to convert to PDF, prune, or only explain."""

    kinds: tuple[str, ...] | None = None
    template_dir: Path = Path("templates")
    force: bool = False
    force_issued: bool = False
    explain: bool = False
    prune: bool = False
    pdf: bool = False
    pdfa: bool = False
    documents: bool = True  # False: ``remind --pdf``, converting and bundling only (``convert_only``)


@dataclass
class Built:
    """One unit that was written: where it went and why it was (re)built (``state.REASONS`` codes)."""

    unit: Unit
    path: Path
    reason: str
    reasons: tuple[str, ...] = ()


@dataclass
class TemplateCheck:
    """The ND30 check of the first document written from a template that changed: its template,
    its path, and the errors the checker found in it (none: it conforms)."""

    template: str
    path: Path
    errors: list = field(default_factory=list)


@dataclass
class Kept:
    """An issued document left as it was, with what a rebuild would have changed in it
    (``missing``: its file was deleted and could not be written again exactly as issued)."""

    unit: Unit
    path: Path
    reasons: tuple[str, ...]
    changes: list[str]
    entry: Entry                # its manifest row, as issued
    missing: bool = False


@dataclass
class Failure:
    """A unit that could not be built: at which stage (``render``, ``write`` or ``pdf``) and why."""

    unit: Unit
    path: Path
    stage: str
    message: str


@dataclass
class BuildReport:
    """What a build did: the plan folder, units built (with reasons), kept, unchanged, failed, removed."""

    folder: Path
    spec_path: Path
    outputs: Mapping[str, Path] = field(default_factory=dict)  # unit key -> output path, every unit
    verdicts: list[Verdict] = field(default_factory=list)
    built: list[Built] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)       # unit keys left as they were
    failed: list[Failure] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)       # outputs of units no longer in the plan
    stale_bundles: list[Path] = field(default_factory=list)  # PDF bundles of agencies no longer in it
    stale_pdfs: list[Path] = field(default_factory=list)     # PDFs and bundles older than their .docx (no --pdf)
    moved: list[Path] = field(default_factory=list)          # old outputs edited by hand, left in place
    relocated: list[tuple[Path, Path]] = field(default_factory=list)  # (old, new) agency folders renamed
    hand_edits: list[tuple[Path, Path]] = field(default_factory=list)  # (document, its hand-edited copy kept)
    untracked: list[tuple[Built, Path]] = field(default_factory=list)  # (document, the unknown file found there, kept)
    pdf_edits: list[tuple[Path, Path]] = field(default_factory=list)  # (PDF the clerk replaced, where it was kept)
    scans: list[Path] = field(default_factory=list)           # PDFs the clerk put beside issued documents, kept
    restored: list[Path] = field(default_factory=list)        # deleted issued documents written back as issued
    spared: list[Path] = field(default_factory=list)          # outputs --prune keeps: edited by hand, replaced
    prunable: list[str] = field(default_factory=list)         # keys of removed units whose files --prune deletes
    prune: bool = False                                       # --prune given (with --explain: what it would do)
    pruned: bool = False
    deleted: list[str] = field(default_factory=list)          # keys of removed units whose files --prune deleted
    converted: list[Path] = field(default_factory=list)
    pending_pdfs: int | None = None                           # --explain --pdf: PDFs the build would convert
    left: list[Verdict] = field(default_factory=list)         # remind --pdf: what a build would write, left as is
    bundles: list[Path] = field(default_factory=list)
    bundles_waiting: list[Path] = field(default_factory=list)  # bundles left as they were: a part has no PDF yet
    warnings: tuple[str, ...] = ()
    template_checks: list[TemplateCheck] = field(default_factory=list)  # changed templates' first output, checked
    tracking: Path | None = None                              # the tracking file of rekeyed agencies' records
    tracking_moved: list[tuple[str, str]] = field(default_factory=list)  # (old, new) ids whose records moved there
    tracking_left: list[tuple[str, str, list[int]]] = field(default_factory=list)  # (old, new, years new had)
    tracking_unread: str = ""   # why --explain could not read the tracking file (its records would move)
    stopped: KhcnError | None = None  # what stopped the build halfway (a full disk, no LibreOffice)
    quick: bool = False
    seconds: float = 0.0
    _plan: Plan | None = None

    @property
    def plan(self) -> Plan:
        """Return the plan that was built (loaded on demand after a quick check)."""
        if self._plan is None:
            self._plan = load_plan(self.spec_path)
        return self._plan

    def path_of(self, kind: str, agency: str | None = None, variant: str | None = None) -> Path:
        """Return the output path of the unit ``kind`` × ``agency`` (its ``variant``, e.g. the report
        form's year; without one, the first variant of that kind and agency)."""
        base = f"{kind}:{agency or '-'}"
        if variant is not None:
            return self.outputs[f"{base}:{variant}"]
        return self.outputs.get(base) or next(p for k, p in self.outputs.items() if k.startswith(base + ":"))

    @property
    def units(self) -> list[Unit]:
        """Return every unit of the plan, built or not."""
        return [v.unit for v in self.verdicts] if self.verdicts else discover(self.plan)

    def raise_for_failures(self) -> None:
        """Raise TemplateError (render failures), WriteError (files that could not be written) or
        ConversionError (PDF failures) naming each document; documents that failed for the same
        reason (a broken template, a full disk) share one line. What stopped the build halfway
        (``stopped``) is said after them, or raised itself when no document failed."""
        stopped = [self.stopped.message] if self.stopped is not None else []
        for stage, error in (("render", TemplateError), ("write", WriteError), ("pdf", ConversionError)):
            failed = [f for f in self.failed if f.stage == stage]
            if failed:
                items = [self._failure_line(message, paths) for message, paths in _grouped(failed).items()]
                raise error("\n".join([t(f"build.failed.{stage}", count=len(failed)), *items, t("build.failed.hint"),
                                       *stopped]))
        if self.stopped is not None:
            raise self.stopped

    def _failure_line(self, message: str, paths: list[Path]) -> str:
        """Return the line of one failure reason: its document, or the first of them and how many more."""
        first = paths[0].relative_to(self.folder).as_posix()
        if len(paths) == 1:
            return t("build.failed.item", path=first, message=message)
        return t("build.failed.items", path=first, more=len(paths) - 1, message=message)

    @property
    def rekeyed(self) -> list[tuple[str, str]]:
        """Return (old id, new id) of each agency whose id changed in the registry while its
        documents kept their paths: the units took over the old rows (``outdated.taken_over``)."""
        return sorted({(v.entry.agency, v.unit.agency) for v in self.verdicts
                       if v.entry is not None and v.entry.key != v.unit.key})

    @property
    def outdated(self) -> list[Verdict]:
        """Return the verdicts of units the build rewrites (what ``--explain`` lists): those with a
        reason to be rebuilt, less the issued documents kept as they are (``kept``)."""
        kept = {k.unit.key for k in self.kept}
        return [v for v in self.verdicts if v.outdated and v.unit.key not in kept]


def _grouped(failures: list[Failure]) -> dict[str, list[Path]]:
    """Return failure message -> the paths of the documents that failed with it, in build order."""
    groups: dict[str, list[Path]] = {}
    for failure in failures:
        groups.setdefault(failure.message, []).append(failure.path)
    return groups


def build(spec: Path | str, output: Path | str = "output", *, kinds: list[str] | None = None,
          templates: Path | None = None, force: bool = False, force_issued: bool = False,
          explain: bool = False, prune: bool = False, pdf: bool = False, pdfa: bool = False,
          progress: Steps | None = None, strict: bool = True,
          on_wait: Callable[[], None] | None = None, documents: bool = True) -> BuildReport:
    """Build the outdated documents of the plan at ``spec`` into ``output``; return what was done.

    With ``strict``, a unit that failed raises TemplateError (or ConversionError) once every other
    unit is done; without, the failures are only in the report (``raise_for_failures``).
    ``on_wait`` is called once when another build of the same plan folder is running and this one
    waits for it (``buildlock.py``). Without ``documents`` (``remind --pdf``) no document is written:
    the PDFs are converted and the bundles written from the documents as they are (``convert_only``)."""
    started = time.perf_counter()
    forget_links()
    options = Options(tuple(kinds) if kinds else None, templates_dir(templates), force, force_issued,
                      explain, prune, pdf or pdfa, pdfa, documents)
    spec = Path(spec)
    folder = plan_folder(output, spec)
    with collector_paused(), Manifest.before_build(folder, explain) as previous:  # changes nothing
        with previous.reading():                                              # one read transaction
            read = _read_spec(spec)                                           # hashed once, parsed once
            report = quick.check(spec, folder, options, previous,           # nothing changed at all?
                                 read[1] if read else None)
            known = parsed.known(previous) if report is None else {}
            issued_before = cong_van_trien_khai.issued_batch(previous) if report is None else frozenset()
        if report is None:
            plan = load_plan(spec, known, read=read)                        # load: stops on any spec problem
            plan = cong_van_trien_khai.held_back(plan, issued_before)       # letters not in the issued batch
            units = discover(plan, options.kinds)                           # discover
            require_templates(units, options.template_dir)                  # every template there?
            first = not previous.found                                      # a first build renders every unit:
            usable = require_usable(units if first and documents else [], options.template_dir,
                                    probe=True)                             # before the folder
            report = new_report(plan, units, folder)
            with Manifest.open(report.folder, create=not explain, previous=previous) as manifest, \
                    (nullcontext() if explain else buildlock.held(report.folder, on_wait)):  # one at a time
                with manifest.reading(rows=True):                             # one read: its version, owner, rows
                    owner.check(manifest, report.folder, report.spec_path)   # another plan's folder?
                    recorded = manifest.meta(TEMPLATES)                       # the templates' hashes, by stamp
                renamed = relocate(units, manifest, report, dry_run=explain or not documents)  # renumbered folders
                warn_unsent(plan, units, report)                              # letters held back as drafts
                templates = template_digests(units, options.template_dir, recorded, manifest.written_ns)
                report.verdicts = outdated(units, manifest, report.folder,  # outdated, with reasons
                                           options.template_dir, options.force, report.outputs, renamed,
                                           templates.digests)
                report.removed = removed(manifest, units, options.kinds)
                leftovers(report, options.prune, options.force_issued)     # what --prune deletes of them
                if documents and not first:                                  # templates of what renders: usable?
                    usable = require_usable([v.unit for v in report.verdicts if v.outdated], options.template_dir)
                if explain:
                    foresee(report, options, manifest, renamed)
                elif not documents:
                    convert_only(report, manifest, options)
                else:
                    run_said(report, manifest, options, progress, known, usable, templates)
    report.seconds = time.perf_counter() - started
    if strict:
        report.raise_for_failures()
    return report


def _read_spec(spec: Path) -> tuple[bytes, str] | None:
    """Return the bytes of the spec file and their sha256, read once for the quick check (which
    compares the hash) and loading (which parses the bytes and records that hash); None when it
    is no regular file (a pipe named .yaml is not read: ``read_file``) or cannot be read (loading
    then says why)."""
    try:
        raw = read_file(spec, regular=True)
    except OSError:
        return None
    return raw, sha256_bytes(raw)


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for the block, then restore it as it was.

    A build allocates many short-lived objects (YAML nodes, contexts, XML strings) and frees them
    by reference counting: ``gc.collect()`` after a build of the bundled plan finds no cycle.
    Left running, the collector's passes take about 4 % of a one-agency rebuild (2 % of a full
    build) to find nothing. Afterwards the objects the build leaves alive (its report, the plan)
    are moved to the oldest generation unscanned (``gc.freeze`` then ``gc.unfreeze``, unless the
    caller froze objects of its own), else the first allocation after ``gc.enable`` would scan
    them all at once; the collector then resumes with its usual thresholds."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:  # the build's survivors join the oldest generation unscanned
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def foresee(report: BuildReport, options: Options, manifest: Manifest,
            renamed: dict[str, str] | None = None) -> None:
    """Say what ``run`` would do, writing nothing (``--explain``): which issued documents are kept
    (with what would change), which deleted ones would be written back as issued, and with
    ``--pdf`` how many PDFs would be converted and which bundles of removed agencies are left
    (deleted with ``--prune``); return None. ``renamed``: the agency folders a
    build would rename (old -> new), where their files still are."""
    carry_tracking(report, dry_run=True)
    keep_issued(report, options.force_issued, options.template_dir)
    restore_issued(report, options.template_dir, None, renamed)
    if options.pdf:
        report.pending_pdfs = packet.pending(report, manifest)
        report.stale_bundles = packet.removed_bundles(report, manifest)  # what --prune deletes with --pdf


def convert_only(report: BuildReport, manifest: Manifest, options: Options) -> None:
    """``remind --pdf``: convert the reminder letters still without a PDF and the PDFs missing (or
    replaced) beside the documents a build would not write again, then write the bundles; write no
    document. What a build would write (an edited plan, a template changed) is left as it is, in
    ``report.left`` (its old PDF, if any, stays in the bundles), and the issued documents that
    differ from the plan in ``report.kept``: ``remind`` only says them. What stops it halfway is
    kept in ``report.stopped``; return None."""
    try:
        with manifest.batch():
            quick.forget(manifest)  # the bundles change: the next build compares in full
            report.left = keep_issued(report, False, options.template_dir)
            left = {verdict.unit.key for verdict in report.left}
            packet.convert(report, manifest, options.pdfa, None, packet.unconverted_reminders(report), skip=left)
            packet.bundle(report, manifest)
    except KhcnError as exc:
        report.stopped = exc


def run_said(report: BuildReport, manifest: Manifest, options: Options, progress: Steps | None,
             known: dict[str, bytes], usable: Usable, templates: TemplateDigests) -> None:
    """``run``; a problem that stops it halfway (the disk full under the manifest, LibreOffice
    missing for ``--pdf``) is kept in ``report.stopped``, so that the documents already written are
    still listed before it is said; return None."""
    try:
        run(report, manifest, options, progress, known, usable, templates)
    except KhcnError as exc:
        report.stopped = exc


def run(report: BuildReport, manifest: Manifest, options: Options, progress: Steps | None,
        known: dict[str, bytes], usable: Usable, templates: TemplateDigests) -> None:
    """Run the phases that write: keep issued, render, write, convert, bundle, prune, record; return None.
    ``known``: the parsed variables the build started from (``parsed.py``); ``usable``: the
    templates ``require_usable`` compiled, and what its probe rendered; ``templates``: their hashes,
    whose manifest row (``outdated.TEMPLATES``) is rewritten when it changed.

    Manifest writes are batched (``Manifest.batch``); the quick key is dropped first, so no commit
    ever keeps it next to rows it no longer vouches for."""
    with manifest.batch():
        quick.forget(manifest)
        found = remove_leftovers(report.folder, (*quick.TRACKED, "*.pdf"), state.MANIFEST_NAME)  # one walk
        tracked, pdfs = quick.tracked(found), {path for path in found if path.suffix == ".pdf"}
        carry_tracking(report)  # before the rows are rekeyed: a refused tracking file stops the build unchanged
        adopt(report, manifest)
        restamp(report, manifest)
        todo = keep_issued(report, options.force_issued, options.template_dir)
        restore_issued(report, options.template_dir, manifest)
        rendered = render(todo, options.template_dir, report, manifest, usable)
        letters = packet.unconverted_reminders(report) if options.pdf else {}  # remind's, without --pdf
        if progress is not None:
            progress.phase("render", len(rendered))
        write(rendered, report, manifest, progress)
        if options.pdf:
            manifest.checkpoint(force=True)  # the documents' rows are safe before LibreOffice starts
            packet.convert(report, manifest, options.pdfa, progress, letters)
            packet.bundle(report, manifest)
            tracked = quick.trackers(report.folder)[0] if letters else tracked  # their new PDFs too
        else:
            report.stale_pdfs = packet.stale_pdfs(report, manifest, pdfs)
        prune(report, manifest)
        report.template_checks = check_changed_templates(report)
        parsed.remember(report.plan, manifest, known or {})
        if templates.changed:
            manifest.set_meta(TEMPLATES, templates.row)
        owner.remember(manifest, report.folder, report.spec_path)
        quick.remember(report, manifest, options, tracked)


def check_changed_templates(report: BuildReport) -> list[TemplateCheck]:
    """Return the ND30 check of the first document written from each template that changed since
    its documents were last built (reason ``template``): a clerk who edits a template in Word hears
    at once what the checker says of the result, not at the next ``khcn-docs check``. Templates
    that did not change are not checked again (a build of unchanged templates checks nothing)."""
    first: dict[str, Path] = {}
    for built in report.built:
        if "template" in built.reasons:
            first.setdefault(built.unit.template, built.path)
    if not first:  # the checker (python-docx, lxml) is loaded only when there is something to check
        return []
    from khcn_docs.checks.reader import ReadError
    from khcn_docs.checks.runner import check_document

    checks = []
    for template, path in first.items():
        try:
            problems, _ = check_document(str(path))
        except ReadError:  # written by this build: cannot happen short of the disk failing under it
            continue
        checks.append(TemplateCheck(template, path, [p for p in problems if p.severity == "error"]))
    return checks


def discover(plan: Plan, kinds: list[str] | tuple[str, ...] | None = None) -> list[Unit]:
    """Return every unit of the plan, for ``kinds`` (all kinds by default), in a stable order."""
    return [unit for kind, make in KINDS.items() if kinds is None or kind in kinds for unit in make(plan)]


def warn_unsent(plan: Plan, units: list[Unit], report: BuildReport) -> None:
    """Add to ``report`` one warning per dispatch letter among ``units`` that ``plan`` keeps a draft
    (``cong_van_trien_khai.held_back``: not in the batch already issued, it must not carry the
    batch's number and date, as if sent with it); return None. A letter with its own number
    (``dispatch.numbers``) but no date of its own (``dispatch.dates``) is told, at that number's
    line, the date is what it lacks (``_unsent_no_date``)."""
    held = cong_van_trien_khai.held(plan) if any(u.kind == cong_van_trien_khai.KIND for u in units) else ()
    disp = plan.spec.dispatch
    report.warnings += tuple(_unsent_no_date(plan, aid) if aid in disp.numbers else
                             t("build.dispatch_unsent", name=plan.agency(aid).name, id=aid,
                               number=disp.number, date=vn.short_date(disp.date)) for aid in held)


def _unsent_no_date(plan: Plan, aid: str) -> str:
    """Return the warning for the letter to ``aid`` held a draft although it has its own number:
    ``dispatch.dates`` has no entry for it, at the line of its ``dispatch.numbers`` entry, naming the
    batch by its own number and date (``số 45, ngày 23/8/2024``), not by the letter's number."""
    disp = plan.spec.dispatch
    batch = (t("build.dispatch_batch.numbered", number=disp.number, date=vn.short_date(disp.date))
             if disp.number is not None else t("build.dispatch_batch", date=vn.short_date(disp.date)))
    try:
        line = yamlsrc.load(plan.spec_path).position(("dispatch", "numbers", aid))[0]
    except (OSError, yamlsrc.YamlSyntaxError):  # the plan file changed since it was loaded
        line = 1
    return t("build.dispatch_unsent.no_date", file=display_path(plan.spec_path), line=line,
             name=plan.agency(aid).name, id=aid, own=disp.numbers[aid], batch=batch)


def require_templates(units: list[Unit], template_dir: Path) -> None:
    """Raise TemplateError naming the templates the units need that are not in ``template_dir``
    (a wrong ``--templates`` folder, a deleted file), before anything is written; return None."""
    missing = sorted(name for name in {u.template for u in units} if not (template_dir / name).is_file())
    if missing:
        raise TemplateError(t("build.templates_missing", names=", ".join(missing), folder=template_dir))


@dataclass
class Usable:
    """The templates of the units about to render, compiled (by path), and what a first build's
    probe already rendered (unit key -> its rendered parts, or the TemplateError it raised), which
    the render phase takes instead of rendering that unit again: a template running into the
    sandbox's 10-second limit costs 10 seconds, not 20."""

    templates: dict[Path, CompiledTemplate] = field(default_factory=dict)
    probed: dict[str, dict[str, bytes] | TemplateError] = field(default_factory=dict)


def require_usable(units: list[Unit], template_dir: Path, probe: bool = False) -> Usable:
    """Return the templates of ``units`` (those about to be rendered) compiled, by path; raise
    TemplateError, before anything is written, for the first one that does not compile (a tag
    deleted or mistyped in Word, one that would break the documents' XML) or that uses a variable
    one of its units does not provide (``{{ foo_bar }}`` typed in Word): a broken template stops
    the whole build rather than leaving the other kinds' documents written. A rebuild passes only
    its outdated units, so templates nothing renders are not compiled and the contexts of units
    that are up to date are not made (a template that changed makes all its units outdated).

    With ``probe`` (a first build, before it makes its folder), the first unit of each template is
    also rendered, raising TemplateMistake for a name its context does not have (``{{ hdr.isuer }}``:
    the contexts of one kind have the same keys, so one render per template says it); a failure
    that depends on the data (``1 / 0``) is kept for that unit's own place in the render phase,
    as is what rendered (``Usable.probed``). A rebuild says such a mistake in its render phase,
    before writing."""
    usable = Usable()
    for unit in units:
        path = template_dir / unit.template
        first = path not in usable.templates
        if first:
            usable.templates[path] = compile_template(path)
        missing = usable.templates[path].missing(unit.context)
        if missing:
            raise TemplateError(t("render.undefined", template=unit.template, detail=", ".join(sorted(missing))))
        if first and probe:
            usable.probed[unit.key] = _probe(usable.templates[path], unit)
    return usable


def _probe(template: CompiledTemplate, unit: Unit) -> dict[str, bytes] | TemplateError:
    """Return ``unit`` rendered from ``template`` (its parts), or the TemplateError it fails with
    for its own data; raise a TemplateMistake (``require_usable``)."""
    try:
        return template.render_parts(unit.context)
    except TemplateMistake:
        raise
    except TemplateError as exc:  # this unit's own failure, said by the render phase with the others
        return exc


def new_report(plan: Plan, units: list[Unit], folder: Path) -> BuildReport:
    """Return an empty report for ``plan``, whose documents go to ``folder`` (``plan_folder``: the
    spec's file name is the plan's), knowing where each unit's output goes."""
    outputs = OutputPaths(folder, {u.key: u.out for u in units})
    return BuildReport(folder, plan.spec_path, outputs, warnings=tuple(plan.warnings), _plan=plan)


def adopt(report: BuildReport, manifest: Manifest) -> None:
    """Record under its unit's key each manifest row that a unit took over by its output path (an
    agency whose id changed, its folder kept: ``outdated.taken_over``), the old key's row dropped;
    return None."""
    for verdict in report.verdicts:
        entry, unit = verdict.entry, verdict.unit
        if entry is not None and entry.key != unit.key:
            manifest.rekey(entry.key, unit.key, unit.agency, unit.label)


def carry_tracking(report: BuildReport, dry_run: bool = False) -> None:
    """Record under its new id what the plan's own tracking file (``theo-doi.sqlite`` of its first
    version's folder: ``reminders.tracked_as``) holds of each agency whose id changed in the
    registry (``report.rekeyed``), under that file's lock, so its reports keep counting; a year the
    new id already has records of keeps them (``report.tracking_left``). With ``dry_run``
    (``--explain``) nothing changes: only what would move is said. No file there: nothing to do (a
    file named with ``--db`` is not known here; ``status`` and ``remind`` warn of its old ids);
    return None."""
    if not report.rekeyed:
        return
    from khcn_docs import reminders, tracking  # only a build that found an id change needs them

    first = reminders.tracked_as(report.plan)
    path = tracking.default_path(plan_folder(report.folder.parent, first))
    if not path.is_file():
        return
    report.tracking = path
    if dry_run:
        _foresee_tracking(report, path, first.stem)
        return
    tracker = tracking.Tracker(path, first.stem)
    try:
        with tracker.exclusive():
            for old, new in report.rekeyed:
                moved, left = tracker.rename_agency(old, new)
                report.tracking_moved += [(old, new)] * bool(moved)
                report.tracking_left += [(old, new, left)] * bool(left)
    finally:
        tracker.close()


def _foresee_tracking(report: BuildReport, path: Path, plan_key: str) -> None:
    """Say which changed ids have records in the tracking file at ``path`` (``--explain``: read only);
    a file that cannot be read (damaged, held) is said as such, and the rest is still explained (the
    build itself stops on it); return None."""
    from khcn_docs.tracking import Tracker

    try:
        tracker = Tracker(path, plan_key, read_only=True)
        try:
            recorded = tracker.agencies()
        finally:
            tracker.close()
    except StateError as exc:
        report.tracking_unread = exc.message
        return
    report.tracking_moved = [(old, new) for old, new in report.rekeyed if old in recorded]


def restamp(report: BuildReport, manifest: Manifest) -> None:
    """Record the stamps of outputs that were read and still had their recorded hash (an issued
    document kept as it is, too), so the next build need not read them (``state.output_hash``);
    return None."""
    for verdict in report.verdicts:
        if verdict.stamp is not None:
            manifest.set_stamp(verdict.unit.key, verdict.stamp)


def keep_issued(report: BuildReport, force_issued: bool, template_dir: Path) -> list[Verdict]:
    """Return the outdated verdicts to rebuild; issued documents that must stay go to ``report.kept``
    (one that would be written back byte for byte as issued, after a new tool version, is rebuilt:
    its manifest row then says so, and it is not reported as kept at every build; one that only
    ``--force`` would rebuild is kept and said so: ``--force-issued`` rewrites it). A document
    whose file is there but cannot be read is a failure, left untouched with its manifest row: it
    may be a hand edit or an issued document (the next build reads it again: a change of its
    permissions changes its stamp)."""
    todo = []
    for verdict in report.verdicts:
        if verdict.unreadable:
            report.failed.append(Failure(verdict.unit, verdict.path, "write",
                                         t("build.write.unreadable", reason=verdict.unreadable)))
        elif not verdict.outdated:
            report.unchanged.append(verdict.unit.key)
        elif issued.is_protected(verdict, force_issued) and (
                issued.forced_only(verdict.reasons) or not renders_as_issued(verdict, template_dir)):
            lines = issued.describe(verdict.entry.context, verdict.unit.context)
            report.kept.append(Kept(verdict.unit, verdict.path, verdict.reasons, lines, verdict.entry))
        else:
            todo.append(verdict)
    return todo


def renders_as_issued(verdict: Verdict, template_dir: Path) -> bool:
    """Return True when the issued document of ``verdict``, still as issued in its file, would be
    rendered now to the very bytes that were issued: same context, same template (what differs is
    only how this tool version records it)."""
    entry, unit = verdict.entry, verdict.unit
    if "output" in verdict.reasons or entry.template_digest != verdict.template_digest \
            or entry.context_json != context_json(unit.context):
        return False
    return issued_bytes(template_dir, unit, unit.context, entry) is not None


def issued_bytes(template_dir: Path, unit: Unit, context: dict, entry: Entry) -> bytes | None:
    """Return ``unit`` rendered from ``context`` when that gives the very bytes ``entry`` recorded
    as issued; None when it gives other bytes, or cannot render."""
    try:
        data = compile_template(template_dir / unit.template).render_bytes(context, unit.core)
    except TemplateError:
        return None
    return data if sha256_bytes(data) == entry.docx_sha256 else None


def restore_issued(report: BuildReport, template_dir: Path, manifest: Manifest | None,
                   renamed: dict[str, str] | None = None) -> None:
    """Write back each kept issued document whose file was deleted, rendered from the context its
    manifest row keeps, when that gives the very bytes that were issued (same template, same tool,
    same metadata); one that cannot be is marked ``missing`` (said as such, not "kept"); return None.
    Without a ``manifest`` (``--explain``) nothing is written: the documents that would be written
    back are only listed in ``report.restored``, each looked for in the folder it is in before the
    renames ``--explain`` only foresees (``renamed``)."""
    for kept in report.kept:
        if before_rename(report.folder, kept.path, renamed or {}).exists():
            continue
        data = issued_bytes(template_dir, kept.unit, kept.entry.context, kept.entry)
        if data is None:
            kept.missing = True
            continue
        if manifest is not None:
            write_atomic(kept.path, data)
            manifest.set_stamp(kept.unit.key, file_stamp(kept.path) or "")
        report.restored.append(kept.path)


def render(todo: list[Verdict], template_dir: Path, report: BuildReport, manifest: Manifest,
           usable: Usable) -> list[tuple[Verdict, bytes]]:
    """Return (verdict, .docx bytes) for every unit that renders; the others (a template that fails
    on one unit's data: ``1 / 0`` in a branch only it takes) become failures. A name the context
    does not have (``{{ hdr.isuer }}``: TemplateMistake) is raised at once: every unit of that kind
    would fail alike, and nothing has been written yet (``write`` comes after). ``usable``: the
    templates of every outdated unit, by path, and the units the probe rendered (``require_usable``)."""
    rendered = []
    for verdict in todo:
        unit = verdict.unit
        template, probed = usable.templates[template_dir / unit.template], usable.probed.pop(unit.key, None)
        try:
            if isinstance(probed, TemplateError):
                raise probed
            previous = previous_output(verdict)
            data = (template.render_bytes(unit.context, unit.core, previous) if probed is None
                    else template.package(probed, unit.core, previous))
        except TemplateMistake:
            raise
        except TemplateError as exc:
            report.failed.append(Failure(unit, verdict.path, "render", exc.message))
            manifest.delete([unit.key])
            continue
        rendered.append((verdict, data))
    return rendered


def previous_output(verdict: Verdict) -> bytes | None:
    """Return the bytes of the file a unit about to be rendered again last wrote, when its new
    output may copy their unchanged members (``CompiledTemplate.package``): recorded by this very
    tool version (its code, its zlib) from the same template, at the same path, and still the very
    bytes recorded (their hash read now: a file damaged on disk under an unchanged stamp lends
    nothing); None otherwise (a first build, another tool version or template, a moved, deleted or
    edited file, one that cannot be read), the document then being compressed in full."""
    entry = verdict.entry
    if entry is None or entry.tool_version != state.TOOL_VERSION or entry.template_digest != verdict.template_digest \
            or entry.out != verdict.unit.out or "output" in verdict.reasons:
        return None
    try:
        data = read_file(verdict.path)
    except OSError:
        return None
    return data if sha256_bytes(data) == entry.docx_sha256 else None


def write(rendered: list[tuple[Verdict, bytes]], report: BuildReport, manifest: Manifest,
          progress: Steps | None) -> None:
    """Write each document atomically, then record it in the manifest; return None."""
    for verdict, data in rendered:
        sha256 = sha256_bytes(data)
        try:
            found = found_there(verdict)
            said = written_reasons(verdict, sha256, found)
            done = Built(verdict.unit, verdict.path, said[0], said)
            keep_hand_edit(report, verdict, sha256, found)
            keep_untracked(report, done, verdict, sha256)
            keep_replaced_pdf(report, verdict, sha256)
            write_atomic(verdict.path, data)
        except OSError as exc:  # the old file, if any, is untouched; the unit is retried next time
            report.failed.append(Failure(verdict.unit, verdict.path, "write", write_problem(exc)))
            manifest.delete([verdict.unit.key])
            continue
        stamp, pdf_sha256 = file_stamp(verdict.path) or "", carry_pdf(report, verdict, sha256)
        report.built.append(done)  # written, and said so even if its row cannot be recorded (a full disk)
        manifest.put(entry_for(verdict, sha256, stamp, pdf_sha256))  # its file is in place
        remove_moved(report, verdict)
        if progress is not None:
            progress.step(verdict.unit.label or verdict.unit.key)


def found_there(verdict: Verdict) -> str | None:
    """Return the hash of the file at the path of a unit about to be written, read only when its
    verdict says that file changed (reason ``output``, the file not missing); None when it is not
    read or there is no file (``written_reasons`` and ``keep_hand_edit`` both compare it)."""
    if "output" not in verdict.reasons or verdict.output_missing:
        return None
    return sha256_file(verdict.path)


def written_reasons(verdict: Verdict, sha256: str, found: str | None) -> tuple[str, ...]:
    """Return the reasons a unit about to be written with bytes of hash ``sha256`` is said to be
    rebuilt for: its verdict's, less ``output`` when its file already holds those very bytes
    (``found``: its hash, ``found_there``; an earlier build of the same inputs wrote it, then was
    stopped before its manifest row was committed: nobody deleted or edited the file) and another
    reason remains."""
    if len(verdict.reasons) == 1 or found != sha256:  # found: None unless ``output`` is a reason
        return verdict.reasons
    return tuple(reason for reason in verdict.reasons if reason != "output")


def keep_hand_edit(report: BuildReport, verdict: Verdict, sha256: str, found: str | None) -> None:
    """Before a document edited by hand is written again, move the edited file aside as
    ``<name>.sua-tay-<when it was edited>.docx`` (listed in ``report.hand_edits``), so a clerk's
    own changes are never lost to a rebuild; return None. A deleted document has nothing to keep,
    nor one that already holds the very bytes to be written (``found``, its hash: ``found_there``,
    equal to ``sha256``): an earlier build wrote it, then lost its manifest row (stopped by Ctrl-C
    or a full disk before the row was committed)."""
    if found is None or found == sha256:  # not read (no ``output`` reason, or missing), not there, or the same
        return
    report.hand_edits.append((verdict.path, move_aside(verdict.path)))


def keep_untracked(report: BuildReport, built: Built, verdict: Verdict, sha256: str) -> None:
    """Before a document the manifest has no row for is written (the manifest was deleted, or is
    from an older version), move a file already at its path that holds other bytes than ``sha256``
    aside as ``<name>.sua-tay-<when it was last changed>.docx`` (listed in ``report.untracked``):
    it may be a hand-edited or issued document the build can no longer tell from its own; return
    None. A file with the very bytes about to be written needs no copy; where ``outdated`` found no
    file (a first build into an empty folder), none is read."""
    if verdict.entry is not None or verdict.output_missing:
        return
    current = sha256_file(built.path)
    if current is not None and current != sha256:
        report.untracked.append((built, move_aside(built.path)))


_WRITE_PROBLEMS = {"denied": "build.write.locked", "in_the_way": "build.write.folder", "full": "build.write.full"}


def write_problem(exc: OSError) -> str:
    """Return why a document could not be written, in the clerk's words (with what to do about it)."""
    key = _WRITE_PROBLEMS.get(os_kind(exc))
    return t(key) if key else t("build.write.other", reason=exc.strerror or exc)


def entry_for(verdict: Verdict, docx_sha256: str, stamp: str = "", pdf_sha256: str | None = None) -> Entry:
    """Return the manifest entry of a unit just written (``stamp``: its file's, taken right after
    writing it; ``pdf_sha256``: its PDF's, when one came with it, else None: still to be converted).
    Its render context is kept only for an issued document: what a later rebuild would change is
    said from it."""
    unit = verdict.unit
    return Entry(unit.key, unit.kind, unit.agency, unit.label, unit.out, verdict.fingerprint,
                 verdict.input_digest, verdict.template_digest, state.TOOL_VERSION, docx_sha256, pdf_sha256,
                 unit.issued, context_json(unit.context) if unit.issued else "", unit.inputs, stamp)


def carry_pdf(report: BuildReport, verdict: Verdict, docx_sha256: str) -> str | None:
    """Keep the PDF of a document written again with the very bytes its row records (``docx_sha256``:
    deleted, forced, a new tool version), or that only moved (reason ``moved`` alone: the same
    bytes in a renumbered folder), moving it along, when it is the PDF the build made; return its
    hash, or None when there is none to keep (it is then converted again, with ``--pdf``, and
    named as older than its document until then). A PDF the clerk put in place of the build's
    beside the same bytes at the same path keeps the recorded hash too, so that whichever later
    ``build --pdf`` still tells it from the build's own (``packet.pdf_work``: kept beside an issued
    document, moved aside beside a draft), as in the run that wrote the document."""
    entry = verdict.entry
    if entry is None or entry.pdf_sha256 is None or (
            verdict.reasons != ("moved",) and entry.docx_sha256 != docx_sha256):
        return None
    old = inside(report.folder, entry.out).with_suffix(".pdf")
    current = sha256_file(old)
    if current != entry.pdf_sha256:  # none, or the clerk's: kept where it is when the bytes are the same
        same_place = entry.out == verdict.unit.out and entry.docx_sha256 == docx_sha256
        return entry.pdf_sha256 if current is not None and same_place else None
    if entry.out == verdict.unit.out:
        return entry.pdf_sha256
    try:
        os.replace(old, verdict.path.with_suffix(".pdf"))
    except OSError:  # held open by a viewer: the PDF is made again instead, the old one left
        return None
    return entry.pdf_sha256


def keep_replaced_pdf(report: BuildReport, verdict: Verdict, sha256: str) -> None:
    """Before a document is written at its recorded path with other bytes than its row records
    (``sha256``: a draft changed, an issued one rewritten by ``--force-issued``), move a PDF the
    clerk put in place of the one the build made beside it aside as ``<name>.sua-tay-<when>.pdf``
    (listed in ``report.pdf_edits``), with or without ``--pdf``: once the row is rewritten no
    later build could tell that PDF from a stale conversion, and it would be converted over; return
    None. A document written with the same bytes keeps its recorded PDF hash instead (``carry_pdf``)."""
    entry = verdict.entry
    if entry is None or entry.pdf_sha256 is None or entry.docx_sha256 == sha256 or entry.out != verdict.unit.out:
        return
    pdf = verdict.path.with_suffix(".pdf")
    if not_as_recorded(sha256_file(pdf), entry.pdf_sha256):
        report.pdf_edits.append((pdf, move_aside(pdf)))


def remove_moved(report: BuildReport, verdict: Verdict) -> None:
    """Delete a unit's previous output when it now goes elsewhere and the old file is untouched; return None.

    An old file edited by hand is kept and listed in ``report.moved``. An old path that is now
    another unit's output (two agencies that exchanged codes) is that unit's file: left alone."""
    entry = verdict.entry
    if entry is None or entry.out == verdict.unit.out:
        return
    old = inside(report.folder, entry.out)
    if old in report.outputs.values():
        return
    if edited_by_hand(old, entry):
        report.moved.append(old)
    elif old.exists():
        old.unlink()
        if entry.pdf_sha256 is not None and sha256_file(old.with_suffix(".pdf")) == entry.pdf_sha256:
            old.with_suffix(".pdf").unlink()
        remove_empty_parents(old.parent, report.folder)


def edited_by_hand(path: Path, entry: Entry) -> bool:
    """Return True when the output ``path`` of ``entry`` is there but no longer has the hash it was
    written with: a clerk's own changes, which a build keeps."""
    return path.exists() and sha256_file(path) != entry.docx_sha256


def leftovers(report: BuildReport, prune: bool, force_issued: bool) -> None:
    """Sort the outputs of units no longer in the plan by what ``--prune`` does with them, changing
    nothing; return None. The keys of those it deletes go to ``report.prunable``; a document edited
    by hand, or a PDF the clerk replaced (a signed scan) beside one it deletes, to ``report.spared``;
    an issued document (without ``force_issued``) to neither, unless its file is already gone (the
    clerk deleted it: only its record and the PDF the build made are left). ``prune``: whether it
    is asked for (``report.prune``); ``build`` and ``--explain`` say the same from this."""
    report.prune = prune
    for entry in report.removed:
        path = inside(report.folder, entry.out)
        if entry.issued and not force_issued and path.exists():
            continue
        if edited_by_hand(path, entry):
            report.spared.append(path)
            continue
        report.prunable.append(entry.key)
        if not_as_recorded(sha256_file(path.with_suffix(".pdf")), entry.pdf_sha256):
            report.spared.append(path.with_suffix(".pdf"))


def remove_if_made(report: BuildReport, path: Path, sha256: str | None) -> None:
    """Delete the file at ``path`` of a unit or bundle no longer in the plan when it is the one the
    build made (``sha256``, its recorded hash); one the clerk replaced (a signed scan saved under
    that name) or that was never recorded is kept and listed in ``report.spared``; return None."""
    current = sha256_file(path)
    if not_as_recorded(current, sha256):
        report.spared.append(path)
    elif current is not None:
        path.unlink()


def prune(report: BuildReport, manifest: Manifest) -> None:
    """With ``--prune`` (``report.prune``), delete what ``leftovers`` found it deletes, then the
    bundles of agencies no longer in the plan that the build made; return None (else they are only
    reported). A file edited by hand is kept, no longer tracked; the hashes are read again before
    deleting, so a file the clerk changed while the build ran is kept too (and named)."""
    if not report.prune or not (report.removed or report.stale_bundles):
        return
    for entry in report.removed:
        path = inside(report.folder, entry.out)
        if entry.key in report.prunable and edited_by_hand(path, entry):  # since ``leftovers`` looked
            report.prunable.remove(entry.key)
            report.spared.append(path)
        if path in report.spared:
            manifest.delete([entry.key])
        if entry.key not in report.prunable:
            continue
        report.deleted.append(entry.key)
        path.unlink(missing_ok=True)
        if path.with_suffix(".pdf") not in report.spared:
            remove_if_made(report, path.with_suffix(".pdf"), entry.pdf_sha256)
        remove_empty_parents(path.parent, report.folder)
    manifest.delete(report.deleted)
    recorded = manifest.bundles() if report.stale_bundles else {}
    for path in report.stale_bundles:
        out = path.relative_to(report.folder).as_posix()
        remove_if_made(report, path, recorded[out][1])
        manifest.delete_bundle(out)
        remove_empty_parents(path.parent, report.folder)
    report.pruned = True
