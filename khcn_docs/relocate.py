"""The relocate phase: an agency folder whose name changed is renamed, with everything in it.

An agency's folder is named ``NN-<name>``, ``NN`` its place in the registry; adding an agency in
the middle of the registry, or renaming one, changes the names of folders that already hold its
documents, their PDFs and bundle, the reminders ``remind`` wrote there and whatever the clerk kept
beside them (a received report, a signed scan). Before the units are compared, each such folder
is renamed as a whole, and the manifest rows under it follow (``Manifest.move_folder``): its
documents are then found where they belong, unchanged, and nothing is rebuilt for the move alone.
The tracking file's rows keep the old folder name of a reminder's letter: ``remind --cancel`` looks
for it in the agency's folder of now (``reminder_cancel._renamed``).

The rename and the rows cannot be one atomic step. A build interrupted between them leaves the
folder renamed and the rows pointing at the old name; the next build, finding the old folder gone
and the new one there, records the rename then. A folder already there under the new name (a
``remind`` run after the registry edit, before this build, wrote its letter there) takes the old
folder's files when it holds none of their names, and the old folder goes. When it holds one of
them, or the folder cannot be renamed (a window holding it open), nothing is renamed and the
documents are written to the new folder one by one as before (reason ``moved``).
"""

from __future__ import annotations

import os
import posixpath
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from khcn_docs import quick
from khcn_docs.documents.unit import Unit
from khcn_docs.paths import inside
from khcn_docs.state import Manifest

if TYPE_CHECKING:
    from khcn_docs.build import BuildReport


def planned(units: list[Unit], manifest: Manifest) -> dict[str, str]:
    """Return old folder -> new folder (relative) for each agency folder whose name changed: every
    unit recorded in the old one now goes to the same new one."""
    moves: dict[str, set[str]] = {}
    for unit in units:
        entry = manifest.get(unit.key)
        if entry is None or entry.out == unit.out:
            continue
        old, new = posixpath.dirname(entry.out), posixpath.dirname(unit.out)
        if old != new and old and new:
            moves.setdefault(old, set()).add(new)
    return {old: new.pop() for old, new in moves.items() if len(new) == 1}


def relocate(units: list[Unit], manifest: Manifest, report: "BuildReport", dry_run: bool = False) -> dict[str, str]:
    """Rename the agency folders whose name changed and record it (``report.relocated``); return
    old -> new (relative) of the folders renamed. With ``dry_run`` (``--explain``), rename nothing:
    return and report the folders a build would rename."""
    moves = planned(units, manifest)
    if not moves:
        return {}
    done = {}
    with manifest.batch() if not dry_run else nullcontext():
        if not dry_run:
            quick.forget(manifest)  # the outputs the quick key vouched for are moving
        for old, new in sorted(moves.items()):
            source, target = inside(report.folder, old), inside(report.folder, new)
            if _renamed(source, target, dry_run):
                if not dry_run:
                    manifest.move_folder(old, new)
                report.relocated.append((source, target))
                done[old] = new
    return done


def before_rename(folder: Path, path: Path, renamed: dict[str, str]) -> Path:
    """Return where the file that will be at ``path`` (in the plan ``folder``) is while the agency
    folders ``renamed`` (old -> new, relative: what ``--explain`` would rename) keep their old names."""
    back = {new: old for old, new in renamed.items()}
    rel = path.relative_to(folder).as_posix()
    parent = posixpath.dirname(rel)
    return inside(folder, posixpath.join(back[parent], posixpath.basename(rel))) if parent in back else path


def _renamed(source: Path, target: Path, dry_run: bool) -> bool:
    """Return True when ``source`` is now ``target`` (with ``dry_run``: could be): renamed here,
    or by a build interrupted before it could record it (``source`` gone, ``target`` there)."""
    if not source.exists():
        return target.is_dir()
    if not source.is_dir() or (target.exists() and not _joinable(source, target)):
        return False
    if dry_run:
        return True
    try:
        if target.exists():
            _join(source, target)
        else:
            os.rename(source, target)
    except OSError:  # held open, or not allowed: the documents move one by one instead
        return False
    return True


def _joinable(source: Path, target: Path) -> bool:
    """Return True when ``target`` is a folder holding none of the names in ``source``: the files
    of ``source`` can join it, none replacing another."""
    return target.is_dir() and not any(os.path.lexists(target / name) for name in os.listdir(source))


def _join(source: Path, target: Path) -> None:
    """Move every file and folder of ``source`` into ``target`` (``_joinable``), then remove the
    empty ``source``; return None. Stopped midway, the next build moves the rest."""
    for name in os.listdir(source):
        os.rename(source / name, target / name)
    os.rmdir(source)
