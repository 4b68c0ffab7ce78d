"""Which units are outdated, and why: each unit's fingerprint against its manifest entry.

A unit is rebuilt for every reason that applies, checked in this order: ``force`` (asked for),
``new`` (no entry: never built, or it failed last time), ``tool`` (the tool's code or format
version changed, or the manifest was from an older version), ``template`` (its template file changed),
``content`` (its render input changed), ``moved`` (its file goes to another folder: the agencies'
numbering in the registry changed) and ``output`` (the file was deleted or edited by hand).
An issued document is not rewritten for any of these (see ``issued.py``) unless asked to.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from khcn_docs.documents.unit import Unit
from khcn_docs.outputs import os_reason
from khcn_docs.paths import OutputPaths, inside
from khcn_docs import state
from khcn_docs.state import Entry, Manifest, fingerprint, output_hash, stamped_hash


@dataclass
class Verdict:
    """A unit with its new fingerprint, its manifest entry and the reasons to rebuild it (none: up to date)."""

    unit: Unit
    outputs: Mapping[str, Path] = field(repr=False, compare=False)  # unit key -> output path (``path``)
    input_digest: str
    template_digest: str
    entry: Entry | None
    reasons: tuple[str, ...]
    output_missing: bool = False
    stamp: str | None = None    # the output's stamp when it was read now and had its recorded hash
    unreadable: str = ""        # why its output is there but could not be read ("" : it could)

    @cached_property
    def path(self) -> Path:
        """Return the unit's output path (``outputs`` makes it on first use: pathlib's objects are
        costly, and most verdicts of a rebuild are never asked for it)."""
        return self.outputs[self.unit.key]

    @property
    def fingerprint(self) -> str:
        """Return the unit's new fingerprint (what its manifest entry records once it is written)."""
        return fingerprint(self.input_digest, self.template_digest, state.TOOL_VERSION)

    @property
    def outdated(self) -> bool:
        """Return True when the unit has at least one reason to be rebuilt."""
        return bool(self.reasons)


TEMPLATES = "templates"
"""The manifest's meta row of the templates' hashes (JSON): template path -> [its stamp, its sha256]
when a build last hashed it. The next build hashes again only a template whose stamp changed, as
``state.output_hash`` spares reading an output."""


@dataclass
class TemplateDigests:
    """The sha256 of every template the units use, by file name ("missing" if absent), and the
    ``TEMPLATES`` row that records them (``row``; ``changed``: it differs from the manifest's)."""

    digests: dict[str, str]
    row: str
    changed: bool


def template_digests(units: list[Unit], template_dir: Path, recorded: str | None = None,
                     written_ns: int = 0) -> TemplateDigests:
    """Return the sha256 of every template the units use ("missing" if absent): the one ``recorded``
    (the manifest's ``TEMPLATES`` row) for a file that still has the stamp recorded with it and
    changed before ``written_ns`` (the manifest's last write), else read from the file, whose stamp
    is taken first (a change while it is read is then a change of stamp for the next build): the
    rule of the outputs' stamps (``state.stamped_hash``)."""
    known = _recorded(recorded)
    digests, row = {}, {}
    for name in sorted({u.template for u in units}):
        path = os.path.join(template_dir, name)
        sha, stamp = stamped_hash(path, *_pair(known.get(path)), written_ns)
        digests[name] = sha or "missing"
        if stamp is not None and sha is not None:
            row[path] = [stamp, sha]
    text = json.dumps(row)
    return TemplateDigests(digests, text, text != recorded)


def _recorded(row: str | None) -> dict:
    """Return the ``TEMPLATES`` row as read (path -> [stamp, sha256]); empty when there is none, or
    it is not such a mapping (damaged): every template is then hashed."""
    try:
        known = json.loads(row) if row else {}
    except ValueError:
        return {}
    return known if isinstance(known, dict) else {}


def _pair(recorded: object) -> tuple[str | None, str | None]:
    """Return (stamp, sha256) of a template's entry in the ``TEMPLATES`` row (``[stamp, sha256]``),
    (None, None) when there is none or it is not such a pair (damaged): the file is then hashed."""
    if isinstance(recorded, list) and len(recorded) == 2 and all(isinstance(v, str) for v in recorded):
        return recorded[0], recorded[1]
    return None, None


def reasons_for(entry: Entry | None, input_digest: str, template_digest: str, current: str | None,
                force: bool = False, reset: bool = False, moved: bool = False) -> tuple[str, ...]:
    """Return the reasons (codes of ``state.REASONS``) to rebuild a unit; empty when it is up to date.

    ``current`` is the hash of the output file as it is now (None when it is missing); ``moved``:
    the unit's output now goes elsewhere than its entry says. After a new tool version the reason is
    ``tool`` alone, not also ``content``: the old digest may have been made another way (a clerk
    reading "content changed" on every document after an upgrade would look for a change)."""
    if entry is None:
        return ("force",) * force + ("tool" if reset else "new",)
    reasons = ["force"] if force else []
    same_tool = entry.tool_version == state.TOOL_VERSION
    if not same_tool:
        reasons.append("tool")
    if entry.template_digest != template_digest:
        reasons.append("template")
    if entry.input_digest != input_digest and same_tool:  # another version may make digests otherwise
        reasons.append("content")
    if moved:
        reasons.append("moved")
    if current != entry.docx_sha256:
        reasons.append("output")
    return tuple(reasons)


def _input_digest(unit: Unit, entry: Entry | None, force: bool) -> str:
    """Return the unit's input digest: the recorded one while its cheap input key is unchanged and
    it was recorded by this tool version (the context is then not made at all), else the digest of
    its freshly made context."""
    if entry is not None and unit.inputs and entry.inputs_key == unit.inputs and not force \
            and entry.tool_version == state.TOOL_VERSION:  # a digest made the way this version makes it
        return entry.input_digest
    return unit.input_digest()


def outdated(units: list[Unit], manifest: Manifest, folder: Path, template_dir: Path,
             force: bool = False, paths: OutputPaths | None = None,
             renamed: dict[str, str] | None = None, digests: Mapping[str, str] | None = None) -> list[Verdict]:
    """Return a verdict for every unit, in the units' order (``paths``: unit key -> output path, if
    known; ``renamed``: old -> new folder of the agency folders ``--explain`` would rename, whose
    documents are then not said moved; ``digests``: the templates' sha256 by file name, when the
    caller has them: ``template_digests``)."""
    digests = digests if digests is not None else template_digests(units, template_dir).digests
    heirs = taken_over(units, manifest)
    paths = paths if paths is not None else OutputPaths(folder, {u.key: u.out for u in units})
    verdicts = []
    for unit in units:
        where = paths.text(unit.key)
        entry = manifest.get(unit.key) or heirs.get((unit.kind, unit.out))
        moved = entry is not None and entry.out != unit.out
        with_folder = moved and _renamed_with(entry.out, unit.out, renamed)  # --explain: its folder not renamed yet
        try:
            current, stamp = _current(inside(folder, entry.out) if moved else where, entry, manifest.written_ns)
            unreadable = ""
        except OSError as exc:  # there, but not readable (no permission): neither missing nor known
            current, stamp, unreadable = None, None, os_reason(exc)
        missing = not unreadable and (current is None if entry is not None and (not moved or with_folder)
                                      else not paths[unit.key].exists())
        input_digest, template_digest = _input_digest(unit, entry, force), digests[unit.template]
        reasons = reasons_for(entry, input_digest, template_digest, current, force, manifest.reset,
                              moved and not with_folder)
        verdicts.append(Verdict(unit, paths, input_digest, template_digest, entry, reasons, missing, stamp, unreadable))
    return verdicts


def _renamed_with(old: str, new: str, renamed: dict[str, str] | None) -> bool:
    """Return True when the output ``old`` comes to ``new`` by its folder's rename (``renamed``)."""
    return bool(renamed) and renamed.get(posixpath.dirname(old)) == posixpath.dirname(new) \
        and posixpath.basename(old) == posixpath.basename(new)


def _current(path: Path | str, entry: Entry | None, written_ns: int) -> tuple[str | None, str | None]:
    """Return (the sha256 of the output at ``path``, None if missing or there is no entry; its stamp
    when it was read and found to have the entry's hash, so that it need not be read next time)."""
    if entry is None:
        return None, None
    current, stamp = output_hash(path, entry, written_ns)
    fresh = current is not None and current == entry.docx_sha256 and stamp != entry.docx_stamp
    return current, stamp if fresh else None


def taken_over(units: list[Unit], manifest: Manifest) -> dict[tuple[str, str], Entry]:
    """Return (kind, output path) -> the manifest entry of a unit no longer in the plan whose output
    a unit with no entry of its own now writes: an agency whose id changed in the registry while
    its name (so its folder) stayed. That unit is compared with the entry as its own (a hand edit
    is kept aside, an issued document kept), and the row is recorded under its key."""
    keys = {u.key for u in units}
    if keys.issuperset(manifest.keys()):  # every entry is a current unit's (most builds): none is read
        return {}
    orphans = {(e.kind, e.out): e for e in manifest.entries() if e.key not in keys}
    return {(u.kind, u.out): orphans[(u.kind, u.out)] for u in units
            if (u.kind, u.out) in orphans and manifest.get(u.key) is None}


def removed(manifest: Manifest, units: list[Unit], kinds: list[str] | None = None) -> list[Entry]:
    """Return the manifest entries of units no longer in the plan (of the kinds being built); an
    entry whose output a current unit writes is that unit's (``taken_over``), never removed."""
    keys = {u.key for u in units}
    if keys.issuperset(manifest.keys()):  # every entry is a current unit's (most builds)
        return []
    outs = {u.out for u in units}
    return [e for e in manifest.entries()
            if e.key not in keys and e.out not in outs and (kinds is None or e.kind in kinds)]
