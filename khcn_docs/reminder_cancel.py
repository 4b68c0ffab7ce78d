"""Undoing reminders recorded by mistake: ``remind --cancel``, the counterpart of ``received --cancel``.

A ``remind`` run with the wrong ``--as-of`` (or before a report that had come was entered) leaves
rows in the tracking file that ``status`` shows and the next round is counted from. ``cancel_last``
removes the last batch of a report year — the reminders issued on the latest day any was — and
keeps its letters aside as cancelled (``reminder_files.set_aside``): all or none (a Ctrl-C, even
pressed twice, undoes it whole: ``interrupts.held``; one pressed once it is committed is dropped,
the cancel said whole: it is done), under the lock
``remind`` holds, so a later ``remind`` of the same round writes a fresh letter and ``build --pdf``
bundles none of the cancelled ones. A report received since stays recorded.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from khcn_docs import interrupts, reminder_files, reminders, vn
from khcn_docs.documents import per_agency
from khcn_docs.documents.cong_van_don_doc import COMBINED_FOLDER
from khcn_docs.errors import KhcnError
from khcn_docs.i18n import t
from khcn_docs.paths import inside, plan_folder
from khcn_docs.plan import Plan
from khcn_docs.spec.problems import display_path
from khcn_docs.tracking import Reminder, Tracker


@dataclass(frozen=True)
class Cancelled:
    """What ``cancel_last`` undid: the reminders no longer recorded, each file kept aside (file,
    where it went: the letters and their PDFs), the letters that were no longer there, and the
    specs of the plan versions whose folders held a PDF kept aside (their bundles to rebuild)."""

    reminders: list[Reminder]
    moved: list[tuple[Path, Path]]
    missing: list[Path]
    rebuild: list[Path]


def cancel_last(tracker: Tracker, plan: Plan, output: Path, as_of: dt.date, year: int,
                notify: Callable[[str], None] | None = None,
                report: Callable[[Cancelled], object] = lambda done: None) -> Cancelled:
    """Remove the records of the last reminders about the report of ``year`` (those issued on the
    latest day: ``Tracker.last_reminders``) and keep their letters aside as cancelled, found where
    they were written (``letters``: in ``plan``'s folder under ``output``, or another version's), in
    one transaction under the tracking file's lock (``notify`` is told when another ``remind`` holds
    it); a file that cannot be moved undoes it all. Once committed, ``report`` is given what was
    done, a Ctrl-C still held (``_set_aside``): one pressed after the commit is dropped, so the
    clerk is told the cancel whole, never "stopped" after it went through. Return what was done. Raise a
    Vietnamese error, changing nothing, when none is recorded for ``year``, or when the last ones
    are dated after ``as_of`` (a clerk naming an earlier day would cancel a later round)."""
    if not tracker.found:  # nothing recorded at all: no lock, no folder made
        raise KhcnError(t("remind.cancel_none", year=year, db=tracker.path))
    with tracker.exclusive(reminders.on_wait(tracker, notify)):
        last = tracker.last_reminders(year)
        if not last:
            raise KhcnError(t("remind.cancel_none", year=year, db=tracker.path))
        if last[0].issued > as_of:
            raise KhcnError(t("remind.cancel_later", year=year, date=vn.short_date(last[0].issued),
                              as_of=vn.short_date(as_of)))
        with reminder_files.said_with([]):  # a file that cannot be moved: said as remind says it
            found = letters(plan, output, last)
            with interrupts.held() as ctrl_c:
                moved, missing = _set_aside(tracker, ctrl_c, [path for _, path in found], last)
                done = Cancelled(last, moved, missing, _rebuild(found, moved))
                report(done)
                ctrl_c.drop()  # pressed since the commit: done and said whole, not "stopped"
    return done


def _rebuild(found: list[tuple[Plan, Path]], moved: list[tuple[Path, Path]]) -> list[Path]:
    """Return the specs of the versions whose folders held a PDF of ``moved`` (``found``: where
    each letter was, by version), once each."""
    pdfs = {path for path, _ in moved if path.suffix == ".pdf"}
    return list(dict.fromkeys(version.spec_path for version, path in found if path.with_suffix(".pdf") in pdfs))


def letters(plan: Plan, output: Path, last: list[Reminder]) -> list[tuple[Plan, Path]]:
    """Return (the version whose folder holds it, its path) for each letter of ``last``, recorded
    relative to the folder of the version whose ``remind`` wrote it: ``plan``'s folder under
    ``output`` when it is there (``_look``: also in an agency folder ``build`` renamed since), else
    the folder of another version sharing the tracking file (``versions``: a draft revision's
    ``remind`` wrote it in the revision's folder, the cancel names the plan it amends); in none,
    (``plan``, where it was written in its folder): said as not found. The other versions are
    loaded only when a letter is not in ``plan``'s folder."""
    wanted: dict[str, list[str]] = {}
    for reminder in last:
        wanted.setdefault(reminder.file, []).append(reminder.agency)
    found: dict[str, tuple[Plan, Path]] = {}
    _look(plan, output, wanted, found)
    if len(found) < len(wanted):  # not all in the plan's folder: the other versions are loaded
        for other in versions(plan)[1:]:
            _look(other, output, wanted, found)
    return [found.get(file) or (plan, inside(plan_folder(output, plan), file)) for file in wanted]


def _look(version: Plan, output: Path, wanted: dict[str, list[str]], found: dict[str, tuple[Plan, Path]]) -> None:
    """Add to ``found`` (recorded file -> (version, path)) each letter of ``wanted`` (recorded file
    -> the agencies whose reminders it holds) not found yet that is in ``version``'s folder under
    ``output``: at the path recorded, or under its name in the folder one of its agencies has now
    (``_renamed``); return None."""
    folder = plan_folder(output, version)
    for file, agencies in wanted.items():
        for place in ([] if file in found else [file, *_renamed(version, file, agencies)]):
            if (path := inside(folder, place)).is_file():
                found[file] = (version, path)
                break


def _renamed(version: Plan, file: str, agencies: list[str]) -> list[str]:
    """Return where the letter recorded as ``file`` (``NN-<agency>/<name>``: the folder of the first
    agency it was about) is once ``build`` renamed the agency folders (``relocate``: an agency
    inserted before them in the registry, one renamed): ``<folder of each of agencies now>/<name>``;
    [] for a combined letter (``don-doc-chung/``, never renamed) or an agency gone from the registry."""
    folder, _, name = file.rpartition("/")
    if not folder or "/" in folder or folder == COMBINED_FOLDER:
        return []
    return [f"{now}/{name}" for aid in agencies if aid in version.registry.agencies
            and (now := per_agency.folder(version, aid)) != folder]


def versions(plan: Plan) -> list[Plan]:
    """Return ``plan`` then the other versions of it that load, nearest first: the plan it amends
    (``Plan.amended``) and the revisions beside each (``Plan.revisions``), as far as they go — the
    plans whose reports and reminders share one tracking file (``reminders.tracked_as``)."""
    seen, order = {plan.spec_path.resolve()}, [plan]
    for each in order:  # grows while walked: each version's neighbours once
        near = [each.amended] if each.spec.revises is not None else []
        for other in near + [found for _, found in each.revisions if isinstance(found, Plan)]:
            if other.spec_path.resolve() not in seen:
                seen.add(other.spec_path.resolve())
                order.append(other)
    return order


def _set_aside(tracker: Tracker, ctrl_c: interrupts.Held, paths: list[Path],
               last: list[Reminder]) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """Remove the rows of ``last`` and move their letters (at ``paths``) aside, in one
    transaction; return what ``reminder_files.set_aside`` returns. Run in ``interrupts.held``
    (``ctrl_c``): a Ctrl-C meanwhile is held until every letter is moved, then, raised before the
    commit, undoes it all: the rows stay, so do their letters, put back uninterrupted (a second
    Ctrl-C cannot leave them half-moved)."""
    moved: list[tuple[Path, Path]] = []
    try:
        with tracker.transaction():
            tracker.cancel_reminders(last)
            moved, missing = reminder_files.set_aside(paths, time.time())
            ctrl_c.stop_if_pressed()  # before the commit: none of it done
    except BaseException:
        reminder_files.put_back(moved)  # the rows stay: so do their letters
        raise
    return moved, missing


def said(plan: Plan, tracker: Tracker, done: Cancelled, year: int, spec: str) -> list[str]:
    """Return what ``remind --cancel`` tells the clerk: each reminder cancelled (agency, round,
    date), with the report of that agency that stays recorded if one was received; each letter kept
    aside and each not found; the count; and, when a PDF was moved, that the bundles still hold it
    until ``build --pdf`` of the version whose folder held it (``spec``: ``plan``'s file as typed)."""
    lines = []
    for reminder in done.reminders:
        name = _name(plan, reminder.agency, lambda: reminders.sent_to(plan, reminder))
        lines.append(t("remind.cancelled", name=name, round=reminder.round, date=vn.short_date(reminder.issued),
                       year=year))
        if received := reminders.reported_on(plan, tracker, reminder.agency, year):
            lines.append(t("remind.cancelled.reported", year=year, date=vn.short_date(received),
                           name=_name(plan, reminder.agency, lambda: per_agency.name(plan, reminder.agency))))
    if done.moved:
        lines.append(t("remind.cancelled.kept", count=len(done.moved)))
        lines += [t("remind.cancelled.kept_line", path=path, copy=copy.name) for path, copy in done.moved]
    lines += [t("remind.cancelled.missing", path=path) for path in done.missing]
    lines.append(t("remind.cancelled.summary", count=len(done.reminders), year=year,
                   date=vn.short_date(done.reminders[0].issued)))
    for path in done.rebuild:
        lines.append(t("remind.cancelled.pdf", spec=spec if path == plan.spec_path else display_path(path)))
    return lines


def _name(plan: Plan, aid: str, named: Callable[[], str]) -> str:
    """Return ``named()`` for an agency of the registry; the id itself for one no longer in it
    (recorded under an id changed by hand: ``reminders.unknown_agencies``)."""
    return named() if aid in plan.registry.agencies else aid
