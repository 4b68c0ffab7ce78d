"""A clerk's year of report tracking at random: reports recorded under ids, names, abbreviations
and old names, reminders for this year and last (one per agency or combined), status, and the
registry edited and rebuilt in between, over 2024–2026 and the 2025 reorganisation. After every
step: each agency's reminder rounds run 1, 2, 3 … after the deadline, spaced by the reminder
delay; no reminder goes to an agency whose report is recorded, nor to a body that no longer
exists on the letter's date; running ``remind`` again the same day writes nothing."""

from __future__ import annotations

import datetime as dt
import random
import zipfile

import pytest

from khcn_docs import reminders
from khcn_docs.documents import per_agency
from khcn_docs.errors import KhcnError
from khcn_docs.paths import plan_folder
from khcn_docs.spec.load import load_plan
from khcn_docs.tracking import Tracker, default_path
from tests.build import test_random_sessions as sessions
from tests.documents.conftest import texts

STEPS = 30


def _received(project, plan, tracker, day, rnd) -> None:
    aid = rnd.choice(list(plan.registry.agencies))
    agency = plan.registry.agencies[aid]
    given = rnd.choice([aid, agency.name, agency.abbreviation or aid, *agency.aliases])
    try:
        reminders.record_report(plan, tracker, given, day - dt.timedelta(days=rnd.randint(0, 40)), day,
                                rnd.choice([None, day.year, day.year - 1]))
    except KhcnError as exc:  # not owing that year, ambiguous, before the plan …: said, not raised
        assert str(exc)


def _remind(project, plan, tracker, day, rnd) -> None:
    year, folder = rnd.choice([None, day.year - 1]), plan_folder(project.output, plan)
    try:
        done = reminders.remind(plan, tracker, folder, project.templates, day, rnd.random() < 0.3, year)
    except KhcnError as exc:
        assert str(exc)
        return
    now = plan.at(day)
    gone = {per_agency.name(plan, aid) for aid in plan.registry.agencies
            if now.dissolved(aid) or now.current_id(aid) != aid}
    for reminder, path in done:
        assert zipfile.ZipFile(path).testzip() is None
        assert tracker.report_date(reminder.agency, reminder.year) is None
        assert _kinh_gui(texts(path)).isdisjoint(gone), (day, path.name)
    assert reminders.remind(plan, tracker, folder, project.templates, day, False, year) == []
    assert reminders.why_none(plan, tracker, day, year)  # what the clerk is told when nothing is due


def _kinh_gui(lines: list[str]) -> set[str]:
    """Return the names a letter is addressed to (one line ``Kính gửi: X.`` or a ``- X;`` list)."""
    start = next(n for n, line in enumerate(lines) if line.startswith("Kính gửi:"))
    names = [lines[start].removeprefix("Kính gửi:")]
    for line in lines[start + 1:]:
        if not line.startswith("- "):
            break
        names.append(line)
    return {name.strip(" -;.") for name in names} - {""}


def _status(project, plan, tracker, day, rnd) -> None:
    try:
        year = rnd.choice([None, day.year - 1])
        assert reminders.format_status(plan, reminders.statuses(plan, tracker, day, year), day, year)
    except KhcnError as exc:
        assert str(exc)


def _registry(project, plan, tracker, day, rnd) -> None:
    rnd.choice([sessions._rename, sessions._move_in_registry, sessions._edit_task_text])(project, rnd)
    project.build(**rnd.choice(sessions.OPTIONS))


ACTIONS = [_received] * 4 + [_remind] * 4 + [_status, _registry]


def assert_rounds(plan, tracker, first: int) -> None:
    """Every agency's reminders of a year are rounds 1, 2, … after that year's deadline, spaced
    by at least the reminder delay; no report is recorded, nor chased, for a year before ``first``."""
    rows = tracker.conn.execute("SELECT agency, year, round, issued FROM track_reminder "
                                "ORDER BY agency, year, round").fetchall()
    sent: dict[tuple[str, int], list[tuple[int, dt.date]]] = {}
    for agency, year, round_, issued in rows:
        sent.setdefault((agency, year), []).append((round_, dt.date.fromisoformat(issued)))
    years = {year for (year,) in tracker.conn.execute("SELECT year FROM track_report")} | {y for _, y in sent}
    assert all(year >= first for year in years), years
    wait = dt.timedelta(days=plan.spec.dispatch.reminder_days)
    for (agency, year), rounds in sent.items():
        assert [r for r, _ in rounds] == list(range(1, len(rounds) + 1)), (agency, year)
        days = [d for _, d in rounds]
        assert days[0] > per_agency.deadline(plan, year), (agency, year)
        assert all(later >= earlier + wait for earlier, later in zip(days, days[1:])), (agency, year)


@pytest.mark.parametrize("seed, issued, first", [(15, None, 2024), (11, None, 2024), (20, "20/12/2024", 2025)])
def test_a_random_year_of_report_tracking_keeps_its_rules(project, seed, issued, first):
    """``issued``: the plan's date (a draft of 2024 by default); one after 15/11/2024 owes its first
    report, ``first``, in 2025."""
    rnd = random.Random(seed)
    if issued:
        project.edit_spec("  year: 2024\n", f"  year: 2024\n  number: 215\n  date: {issued}\n")
        project.edit_spec("  years: [2024]\n", "")
    project.build()
    day = dt.date(2024, 11, rnd.randint(1, 20))
    for _ in range(STEPS):
        day += dt.timedelta(days=rnd.choice([0, 1, 3, 7, 20, 60]))
        plan = load_plan(project.spec)
        tracker = Tracker(default_path(plan_folder(project.output, plan)), plan.spec_path.stem)
        try:
            rnd.choice(ACTIONS)(project, plan, tracker, day, rnd)
            assert_rounds(plan, tracker, first)
        finally:
            tracker.close()
