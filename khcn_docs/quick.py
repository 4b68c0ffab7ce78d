"""The quick check: prove from content hashes that nothing changed since the last complete build.

Loading and validating a plan costs more than everything else a no-op rebuild does. After a
build that left nothing to do (no failure, no kept issued document, no removed agency), the
manifest remembers a key: the hash of every file that build read (the spec and the two variables
files, and those of the plan it amends, with the hashes of the bytes it parsed; the templates it
used; tracking databases in the plan folder), of the tool's own source and of the options. The next build re-hashes those files,
stopping at the first difference, and if none differs and every recorded output still has its
recorded hash, has nothing to do. Any difference — one byte anywhere — falls back to the full,
per-unit comparison (outputs are only read again when their stamp changed, see
``state.output_hash``). The key is voided in the same transaction as a build's first manifest
rows, so an interrupted build never leaves a stale one.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from khcn_docs import state
from khcn_docs.i18n import language
from khcn_docs.outputs import name_pattern, survey
from khcn_docs.paths import resolved
from khcn_docs.state import MANIFEST_NAME, Manifest, output_hash, sha256_file

if TYPE_CHECKING:
    from khcn_docs.build import BuildReport, Options
    from khcn_docs.plan import Plan

KEY = "quick"
TRACKED = ("*.sqlite*", "cong-van-don-doc-*.pdf")  # tracking databases, reminder PDFs (not the manifest)
FORMAT = 2  # of the stored key: 2 = a hash per file


def _environment(options: "Options", template_dir: Path | None = None) -> str:
    """Return a hash of what besides input files decides the outputs: the tool's source, its format
    version and the build options (``template_dir``: their templates folder resolved, when known)."""
    digest = hashlib.sha256(f"{state.code_digest()}\0{state.TOOL_VERSION}".encode())
    digest.update(json.dumps([options.kinds, str(template_dir or resolved(options.template_dir)), options.pdf,
                              options.pdfa]).encode())
    return digest.hexdigest()


def trackers(folder: Path) -> tuple[list[Path], int]:
    """Return (the other files of the plan folder a build reads: tracking SQLite files and the
    reminder PDFs that ``remind --pdf`` leaves for the agency bundles; how many ``.part`` files
    an interrupted build left there)."""
    return survey(folder, TRACKED, MANIFEST_NAME)


def tracked(found: list[Path]) -> list[Path]:
    """Return the files among ``found`` (a walk of the plan folder) that ``trackers`` would find."""
    wanted = name_pattern(TRACKED)
    return [path for path in found if wanted.match(path.name)]


def _hashed(paths: list[Path]) -> list[list[str | None]]:
    """Return [path, sha256 or None] for each of ``paths``."""
    return [[str(p), sha256_file(p)] for p in paths]


def _unchanged(files: list[list[str | None]], hashed: dict[str, str]) -> bool:
    """Return True when every recorded [path, sha256] still holds; stops at the first difference.
    ``hashed``: path -> sha256 of files the build has already hashed (not read again)."""
    return all((hashed[path] if path in hashed else sha256_file(path)) == sha for path, sha in files)


def check(spec: Path, folder: Path, options: "Options", manifest: Manifest,
          spec_sha: str | None = None) -> "BuildReport | None":
    """Return a report of a build with nothing to do, or None when the full comparison is needed.

    ``manifest`` is the plan folder's, as the build reads it before loading (nothing written:
    ``Manifest.before_build``). The cheapest differences are looked at
    first (the spec file, then the other inputs), so an edited plan falls through after hashing
    one file: none when the build has hashed the spec already (``spec_sha``), whose path is then
    not even resolved."""
    if options.force or options.force_issued or options.explain or not options.documents:
        return None
    stored = manifest.meta(KEY)
    if stored is None or (spec_sha is not None and spec_sha not in stored):  # an edited plan: not even decoded
        return None
    data = json.loads(stored)
    if data.get("format") != FORMAT:
        return None
    if data.get("language") != language():  # its warnings are said in the language of that build
        return None
    if spec_sha is not None and data["files"][0][1] != spec_sha:  # an edited plan: its path need not be resolved
        return None
    spec_path = str(resolved(spec))
    same_place = data["files"][0][0] == spec_path and data["folder"] == str(folder)
    hashed = {spec_path: spec_sha} if spec_sha is not None else {}
    if not same_place or not _unchanged(data["files"], hashed) or data["environment"] != _environment(options):
        return None
    tracked, leftovers = trackers(folder)  # leftovers: a build was killed since; the next one tidies up
    if leftovers or data["trackers"] != _hashed(tracked) or not _outputs_intact(manifest, folder, options):
        return None
    return _report(manifest, folder, spec, data)


def _outputs_intact(manifest: Manifest, folder: Path, options: "Options") -> bool:
    """Return True when every recorded output (and PDF, when building PDFs) still has its recorded
    hash; False as soon as one differs or cannot be read (the full comparison then says which)."""
    try:
        return _intact(manifest, folder, options)
    except OSError:
        return False


def _intact(manifest: Manifest, folder: Path, options: "Options") -> bool:
    """Return ``_outputs_intact``'s answer; an output that cannot be read raises OSError."""
    base = str(folder)
    for entry in manifest.entries():
        path = os.path.join(base, entry.out)
        if output_hash(path, entry, manifest.written_ns)[0] != entry.docx_sha256:
            return False
        if options.pdf and (entry.pdf_sha256 is None
                            or sha256_file(os.path.splitext(path)[0] + ".pdf") != entry.pdf_sha256):
            return False
    if options.pdf:
        return all(sha256_file(folder / out) == sha for out, (_, sha) in manifest.bundles().items())
    return True


def _report(manifest: Manifest, folder: Path, spec: Path, data: dict) -> "BuildReport":
    from khcn_docs.build import BuildReport

    units = set(data["units"])
    entries = [e for e in manifest.entries() if e.key in units]
    return BuildReport(folder, resolved(spec), {e.key: folder / e.out for e in entries},
                       unchanged=[e.key for e in entries], warnings=tuple(data["warnings"]), quick=True)


VOID = "{}"
"""What the quick key holds from a build's first write until it is remembered again: no ``format``,
so ``check`` finds nothing to vouch for (as when there is no key)."""


def forget(manifest: Manifest) -> None:
    """Void the quick key before a build writes anything (in the same transaction as its first
    manifest rows, so the key never outlives the outputs it vouched for); return None. Its row is
    kept, holding ``VOID``, rather than deleted: ``remember`` then rewrites it in place, and a
    build's commit journals and writes fewer pages."""
    manifest.replace_meta(KEY, VOID)


def read_from(plan: "Plan") -> list[tuple[str, str]]:
    """Return (path, sha256) of every file the plan's documents are made from: its own sources (the
    spec first), then, for a plan amending another (``revises``), that plan's not already listed:
    its dispatch letters and report forms cite it (``per_agency.plan_cited``), so issuing it changes them."""
    own = list(plan.sources)
    if plan.amended is None:
        return own
    return own + [source for source in plan.amended.sources if source not in own]


def remember(report: "BuildReport", manifest: Manifest, options: "Options", tracked: list[Path]) -> None:
    """Store the quick key when the build left nothing to do next time; return None. ``tracked``:
    what ``trackers`` finds in the plan folder (the build found it while removing leftovers).

    The input files are recorded with the hashes of the bytes the build actually read (the plan's
    sources, the templates' digests), not re-read here: an edit made during the build is then a
    difference next time, never hidden."""
    left = len(report.removed) - len(report.deleted) if report.pruned else len(report.removed)
    if report.failed or report.kept or left or (report.stale_bundles and not report.pruned) or report.stale_pdfs:
        return
    if options.pdf and any(manifest.get(v.unit.key) is None or manifest.get(v.unit.key).pdf_sha256 is None
                           for v in report.verdicts):
        return
    template_dir = resolved(options.template_dir)
    templates = {v.unit.template: v.template_digest for v in report.verdicts}
    files = [[path, sha] for path, sha in read_from(report.plan)]
    files += [[os.path.join(template_dir, name), sha] for name, sha in sorted(templates.items())]
    data = {"format": FORMAT, "files": files, "environment": _environment(options, template_dir), "trackers": _hashed(tracked),
            "folder": str(report.folder), "units": [v.unit.key for v in report.verdicts],
            "warnings": list(report.warnings), "language": language()}
    manifest.set_meta(KEY, json.dumps(data, ensure_ascii=False))
