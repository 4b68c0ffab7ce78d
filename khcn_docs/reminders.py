"""Follow-up of the yearly reports: who reported, who is late, and the reminders to send.

The deadline of a year is the reporting day and month of that year (15/11), moved to the next
working day when it is a day off (``per_agency.due_date``). An agency is overdue when ``as_of``
is after it and no report of that year was recorded. Round 1 goes out once it is overdue; round
n+1 once ``as_of`` is past the last day round n gave (``per_agency.reply_by``: its date +
``dispatch.reminder_days``, on a working day) with still no report. Running ``remind`` again the
same day finds nothing new to send. Who owes a year's report is read on that year's deadline; whom
a reminder goes to, on the reminder's own date (a successor since a merger; nobody once the body is
dissolved).
"""

from __future__ import annotations

import datetime as dt
import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from khcn_docs import reminder_files, vn
from khcn_docs.packet import PACKET_NAME, pdf_of
from khcn_docs.documents import cong_van_don_doc, cong_van_trien_khai, ke_hoach, per_agency
from khcn_docs.documents.cong_van_don_doc import Due
from khcn_docs.errors import KhcnError, SpecError
from khcn_docs.i18n import t
from khcn_docs.tables import Table
from khcn_docs.paths import plan_folder, safe_name
from khcn_docs.plan import Plan
from khcn_docs.spec.load import plan_issued
from khcn_docs.spec.merges import gone_words
from khcn_docs.spec.problems import display_path
from khcn_docs.spec.signatures import reread
from khcn_docs.render import compile_template
from khcn_docs.tracking import Reminder, Tracker, default_path, require_chosen


@dataclass(frozen=True)
class AgencyStatus:
    """Where one agency stands in a year's cycle on ``as_of``."""

    agency: str
    name: str
    received: dt.date | None
    days_late: int             # days past the deadline (of the report if received, else as of today)
    reminders: tuple[Reminder, ...] = field(default=())
    recorded_as: str = ""      # the body the report received is recorded under, when not this one (``report_of``)


@contextmanager
def session(spec: Path | str, output: Path | str, db: Path | str | None, write: bool = True):
    """Yield (plan, open tracker) for ``spec``; the database is ``db`` or the plan folder's default,
    opened read only unless ``write`` (``tracking.require_chosen`` says which ``db`` is refused).
    The plan holds back the dispatch letters the build keeps drafts (``as_recorded``)."""
    from khcn_docs.spec.load import load_plan

    plan = as_recorded(load_plan(spec), output)
    first = tracked_as(plan)
    if db:
        require_chosen(Path(db), write)
    tracker = Tracker(Path(db) if db else default_path(plan_folder(output, first)), first.stem, read_only=not write)
    try:
        yield plan, tracker
    finally:
        tracker.close()


def as_recorded(plan: Plan, output: Path | str) -> Plan:
    """Return ``plan`` with each dispatch letter its folder's build manifest (read only) shows was
    not in the batch issued a draft (``cong_van_trien_khai.held_back``), as ``build`` makes it: a
    reminder cites no number or date for a letter never sent with them."""
    from khcn_docs.state import Manifest

    with Manifest.open(plan_folder(output, plan), create=False) as manifest:
        return cong_van_trien_khai.held_back(plan, cong_van_trien_khai.issued_batch(manifest))


def tracked_as(plan: Plan) -> Path:
    """Return the spec whose reports and reminders a plan's are: its first version's (``revises``
    followed), so a revision and the plan it amends keep one record, in the first one's folder."""
    from khcn_docs.spec.load import first_version

    return plan.spec_path if plan.spec.revises is None else first_version(plan.spec_path)


def version_for(plan: Plan, year: int) -> Plan:
    """Return the version of ``plan`` whose report of ``year`` it is: ``plan`` itself, or, for a year
    before its first report, the plan it amends (``revises`` followed as far as needed). A revision
    shares the tracking file of the plan it amends (``tracked_as``) and so its earlier years: the
    2025 revision of a 2024 plan still records, shows and chases the 2024 reports, as that plan
    asked for them (its tasks, its agencies). Each amended plan is loaded once (``Plan.amended``)."""
    while plan.spec.revises is not None and year < per_agency.first_year(plan):
        plan = plan.amended
    return plan


def superseded_by(plan: Plan, year: int, as_of: dt.date) -> Plan | None:
    """Return the revision of ``plan`` that the report of ``year`` follows on ``as_of``: a spec
    beside it that ``revises`` it (``spec.load.revisions_of``; a revision of that one first),
    issued by then, whose own reports (from its first one) include ``year``; None when ``plan``
    is still the one. A revision still a draft, issued later, or that does not load changes
    nothing yet (``remind`` on it says its problems; one issued that does not load: ``broken_revisions``).
    The revisions are loaded once per plan (``Plan.revisions``)."""
    for _, revision in plan.revisions:
        if isinstance(revision, SpecError):
            continue
        issued = revision.spec.document.date
        if issued is not None and issued <= as_of and year >= per_agency.first_year(revision):
            return superseded_by(revision, year, as_of) or revision
    return None


def broken_revisions(plan: Plan, as_of: dt.date) -> list[tuple[Path, SpecError, Plan]]:
    """Return (spec path, why it does not load, the plan it amends) for each spec beside ``plan``
    that ``revises`` it (``spec.load.revisions_of``; a revision of a revision issued by then too,
    which amends that revision, not ``plan``) and that does not load though it says it is issued by
    ``as_of`` (``document.date`` written, on or before that day, or not read as a date):
    ``superseded_by`` passes it over, so the reports of the years it may cover would follow
    ``plan`` and its letters without a word. A draft (no date) is not one."""
    from khcn_docs.spec.load import written_date

    found = []
    for path, revision in plan.revisions:
        if isinstance(revision, SpecError):
            written = written_date(path)
            if written is not None and (not isinstance(written, dt.date) or written <= as_of):
                found.append((path, revision, plan))
            continue
        if revision.spec.document.date is not None and revision.spec.document.date <= as_of:
            found += broken_revisions(revision, as_of)
    return found


def broken_revision_said(plan: Plan, as_of: dt.date, key: str) -> str:
    """Return the message ``key`` for the first revision of ``plan`` that does not load though
    issued by ``as_of`` (``broken_revisions``), naming its file, the plan it amends (its direct
    parent: ``amended``), the plan the command follows (``plan``) and its problems; "" when none."""
    broken = broken_revisions(plan, as_of)
    if not broken:
        return ""
    path, error, parent = broken[0]
    return t(key, path=display_path(path), amended=ke_hoach.reference(parent), plan=ke_hoach.reference(plan),
             problems="\n".join(error.problems))


def governing(plan: Plan, year: int, as_of: dt.date) -> Plan:
    """Return the plan the report of ``year`` follows on ``as_of``: the revision of ``plan`` issued
    by then that covers it (``superseded_by``), else ``plan``. Its deadline, bodies and letters
    (in its own folder) are the ones that count; the records are in the tracking file both share."""
    return superseded_by(plan, year, as_of) or plan


def require_latest(plan: Plan, year: int, as_of: dt.date) -> None:
    """Raise a Vietnamese error when the report of ``year`` follows a revision of ``plan`` on
    ``as_of`` (``superseded_by``): a reminder written from ``plan`` would cite the plan and the
    dispatch letters it replaced, and take the round the revision's reminder would; or when a
    revision issued by then does not load (``broken_revisions``): it may be that one. Return None."""
    if note := superseded_note(plan, year, as_of, key="remind.superseded"):
        raise KhcnError(note)
    if note := broken_revision_said(plan, as_of, "remind.revision_broken"):  # it may be the one to follow
        raise KhcnError(note)


def superseded_note(plan: Plan, year: int, as_of: dt.date, key: str = "status.superseded") -> str:
    """Return the message ``key`` when the report of ``year`` follows a revision of ``plan`` on
    ``as_of`` (``superseded_by``), naming both and the revision's file: what ``status`` says first
    (its table then follows the revision: ``governing``; the records are the same file), or
    ``remind`` refuses with; "" when the plan is the one."""
    revision = superseded_by(plan, year, as_of)
    return "" if revision is None else superseded_said(revision, year, key)


def superseded_said(revision: Plan, year: int, key: str = "status.superseded") -> str:
    """Return the message ``key`` saying the report of ``year`` follows ``revision`` (a revision
    found by ``superseded_by``), naming it, its file and the plan it amends: its direct parent
    (``Plan.amended``), which is the plan asked about only when no revision lies between them."""
    return t(key, year=year, revision=ke_hoach.reference(revision), path=display_path(revision.spec_path),
             plan=ke_hoach.reference(revision.amended))


def unused_record(plan: Plan, output: Path | str, db: Path | str | None, used: Path) -> Path | None:
    """Return the tracking file of the plan's own folder when it is there but not the one ``used``
    (the session's): the plan amends another (``revises``), whose file holds both; else None."""
    own = default_path(plan_folder(output, plan))
    if db or plan.spec.revises is None or not own.is_file():
        return None
    return own if own.resolve() != Path(used).resolve() else None


def unknown_agencies(plan: Plan, tracker: Tracker) -> list[str]:
    """Return the agency ids the tracking records name that the registry no longer has (an id
    changed by hand instead of through ``renamed_from``/``merged_into``): their records match no
    agency now, so their reports count as missing and their reminders as unsent."""
    return sorted(tracker.agencies() - set(plan.registry.agencies))


def today() -> dt.date:
    """Return today's date by the computer's clock (the one place the tracking commands read it)."""
    return dt.date.today()


def day_option(day: dt.date | None, option: str, recorded: bool = False) -> dt.date:
    """Return the date a clerk gave for ``option`` (read by ``usage.Day``; today when absent); raise
    a Vietnamese error when it is ``recorded`` (``received``, ``remind`` write it down) and after
    today: a mistyped year would date a record in the future and block what follows it."""
    if day is None:
        return today()
    if recorded and day > today():
        raise KhcnError(t("track.after_today", option=option, got=vn.short_date(day), today=vn.short_date(today())))
    return day


def owing(plan: Plan, year: int) -> tuple[str, ...]:
    """Return the agencies that owe the report of ``year``, in registry order: those the plan
    tracks, as the registry stands on that year's deadline. A body merged into another by then has
    passed its duty on (to the monitor itself: Sở TT&TT into Sở KH&CN, then nobody reports it
    separately; so too when the dispatch letters came after both the deadline and that merger:
    ``cong_van_trien_khai.taken_by_monitor``); a dissolved body owes nothing (the district level from 01/7/2025)."""
    then = per_agency.for_year(plan, year)
    keeps = {then.monitor_id, then.issuer_id}
    keeps |= {aid for its_year, aid in cong_van_trien_khai.taken_by_monitor(plan) if its_year == year}
    found = {then.current_id(aid) for aid in per_agency.followed(plan) if not then.dissolved(aid)}
    return tuple(sorted(found - keeps, key=plan.position))


def no_longer_owing(plan: Plan, year: int) -> list[str]:
    """Return, for each agency the plan tracks that does not owe the report of ``year`` itself,
    why: merged into another (named) or dissolved by that year's deadline."""
    return [why for _, why in gone_agencies(plan, year)]


def gone_agencies(plan: Plan, year: int) -> list[tuple[str, str]]:
    """Return (id, why) of each agency the plan tracks that does not owe the report of ``year`` itself
    (one the monitor took over by the dispatch's date: said as it stood then)."""
    then, taken = per_agency.for_year(plan, year), cong_van_trien_khai.taken_by_monitor(plan)
    sent = cong_van_trien_khai.dispatched(plan) if taken else then
    return [(aid, why) for aid, why in ((aid, _gone(sent if (year, aid) in taken else then, aid))
                                        for aid in per_agency.followed(plan)) if why]


def _gone(then: Plan, aid: str) -> str:
    """Return how ``aid`` is gone at ``then.as_of`` (merged into another or renamed, naming the body
    that stands for it, or dissolved), or ""."""
    name = per_agency.name(then, aid)
    if then.dissolved(aid):
        return t("track.gone.dissolved", name=name, date=vn.short_date(then.dissolved_on(aid)))
    if then.how_gone(aid):
        words = gone_words(then, aid)
        kind = f"{words['how']}.receiver" if into_receiver(then, aid) else words["how"]
        return t(f"track.gone.{kind}", name=name, **{k: v for k, v in words.items() if k != "how"})
    return ""


def into_receiver(then: Plan, aid: str) -> bool:
    """Return whether ``aid`` is merged (or renamed) by ``then.as_of`` into the body receiving the
    reports, the monitor or the issuer (Sở TT&TT into Sở KH&CN): its tasks are that body's own,
    so nobody reports in its place (``owing`` counts neither)."""
    return bool(then.how_gone(aid)) and then.current_id(aid) in {then.monitor_id, then.issuer_id}


def agency_id(plan: Plan, given: str, year: int) -> str:
    """Return the agency owing the report of ``year`` that a clerk named: by id, or by its name,
    short name, abbreviation or an alias (case, accents and spacing aside: "Sở Nội vụ", "so noi
    vu", "SNV"; an old name leads to the agency that took it over); raise a Vietnamese error naming
    the closest agencies when there is none, or several."""
    found = named(plan, given)
    then = per_agency.for_year(plan, year)
    current = then.current_id(found)
    if current in owing(plan, year):
        return current
    gone = _gone(then, found)
    if gone:
        kind = "not_owing.receiver" if into_receiver(then, found) else "not_owing"
        raise KhcnError(t(f"track.{kind}", agency=gone, year=year))
    if formed := then.not_yet(current):  # formed after that deadline: the report is its predecessors'
        raise KhcnError(t("track.formed_later", name=plan.agency(current).name, date=vn.short_date(formed),
                          year=year, deadline=per_agency.due_said(plan, year),
                          before=_listed(plan, predecessors(plan, current))))
    raise KhcnError(t("track.not_tracked", agency=current, name=plan.agency(current).name, year=year))


def predecessors(plan: Plan, aid: str) -> list[str]:
    """Return the bodies merged into ``aid`` (or renamed as it), registry order."""
    return [other for other, agency in plan.registry.agencies.items() if agency.merged_into == aid]


def require_formed(plan: Plan, given: str, received: dt.date) -> None:
    """Raise a Vietnamese error when the body a clerk named did not exist yet on ``received`` (Sở
    Nông nghiệp và Môi trường, formed on 01/3/2025, named for a report of 10/01/2025), naming the
    bodies that stood for it that day; return None otherwise."""
    found = named(plan, given)
    if formed := per_agency.on_day(plan, received).not_yet(found):
        raise KhcnError(t("track.not_formed", name=plan.agency(found).name, formed=vn.short_date(formed),
                          date=vn.short_date(received), before=_listed(plan, predecessors(plan, found))))


def named(plan: Plan, given: str) -> str:
    """Return the id of the agency a clerk named: by id, or by name, short name, abbreviation or alias."""
    return given if given in plan.registry.agencies else _by_name(plan, given)


def taken_over(plan: Plan, given: str, year: int) -> str:
    """Return how the body a clerk named has passed its report of ``year`` on (merged into another,
    or renamed, naming the body reporting instead), when that is so; else ""."""
    return _gone(per_agency.for_year(plan, year), named(plan, given))


def _by_name(plan: Plan, given: str) -> str:
    """Return the id of the one agency whose name, short name, abbreviation or alias is ``given``."""
    key = _name_key(given)
    matches = [aid for aid, agency in plan.registry.agencies.items()
               if key in {_name_key(n) for n in (agency.name, agency.short_name or "", agency.abbreviation,
                                                 *agency.aliases) if n}]
    current = list(dict.fromkeys(plan.current_id(aid) for aid in matches))  # an old name leads to the new agency
    if len(current) == 1:
        return matches[0]
    if current:
        raise KhcnError(t("track.ambiguous_agency", agency=given, matches=_listed(plan, current)))
    tracked = per_agency.followed(plan)
    names = {safe_name(plan.agency(aid).name): aid for aid in tracked} | {aid: aid for aid in tracked}
    close = list(dict.fromkeys(names[n] for n in difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)))
    if close:
        raise KhcnError(t("track.unknown_agency.close", agency=given, matches=_listed(plan, close)))
    raise KhcnError(t("track.unknown_agency", agency=given, known=", ".join(tracked)))


def _name_key(text: str) -> str:
    """Return ``text`` as names are compared: ASCII, lower case, without spaces or punctuation
    ("SởNộiVụ", "Sở Nội vụ" and "so-noi-vu" alike)."""
    return safe_name(text).replace("-", "")


def _listed(plan: Plan, ids: list[str]) -> str:
    """Return ``id (name)`` for each id, comma separated."""
    return ", ".join(f"{aid} ({plan.agency(aid).name})" for aid in ids)


def record_report(plan: Plan, tracker: Tracker, given: str, received: dt.date, as_of: dt.date,
                  year: int | None = None, replace: bool = False) -> tuple[str, int, dt.date | None]:
    """Record a received report; return (agency id, year, date it replaced or None). Without
    ``year``, a report that may be last year's sent late (``maybe_last_year``) is refused, asking
    which year it is for; a second report of a year recorded on another day is refused unless
    it ``replace``s the first (``require_replace``). One agency of ``record_reports``."""
    aid, its_year, before, _ = record_reports(plan, tracker, [given], received, as_of, year, replace)[0]
    return aid, its_year, before


def record_reports(plan: Plan, tracker: Tracker, given: list[str], received: dt.date, as_of: dt.date,
                   year: int | None = None, replace: bool = False) -> list[tuple[str, int, dt.date | None, list[str]]]:
    """Record the reports of several agencies received on one day; return (id, year, date replaced,
    the names the clerk gave for it) of each, an agency named twice (by id and by name) once. The
    day and year are checked once, then every agency: if any cannot be recorded, none is
    (``all_or_none``); then all are recorded in one transaction, so a command stopped midway (Ctrl-C,
    a kill, a full disk) leaves none recorded, never some."""
    its_year = report_year(plan, received, as_of, year)
    plan = version_for(plan, its_year)
    ids = all_or_none(given, lambda name: report_agency(plan, tracker, name, received, its_year, year is None, replace),
                      "track.several.none")
    names: dict[str, list[str]] = {}
    for name, aid in zip(given, ids):
        names.setdefault(aid, []).append(name)
    with tracker.transaction():
        return [(aid, its_year, _record(plan, tracker, aid, its_year, received), named_as)
                for aid, named_as in names.items()]


def _record(plan: Plan, tracker: Tracker, aid: str, year: int, received: dt.date) -> dt.date | None:
    """Record ``aid``'s report of ``year`` received on ``received`` in place of every record that
    counted as its (``cancel_report``: also one under a body it stands for, which would otherwise
    stay, no longer counted); return the date that counted before, now replaced, or None."""
    before = cancel_report(plan, tracker, aid, year)
    tracker.record_report(aid, year, received)
    return before


def cancel_reports(plan: Plan, tracker: Tracker, given: list[str], year: int) -> list[tuple[str, dt.date]]:
    """Remove the records of the reports of ``year`` of several agencies; return (id, date it had)
    of each. The year is checked once, then every agency (``all_or_none``); all are removed in one
    transaction (none when the command is stopped midway)."""
    def check(name: str) -> str:
        aid = agency_id(plan, name, year)
        if reported_on(plan, tracker, aid, year) is None:
            raise KhcnError(t("track.cancel_none", name=plan.agency(aid).name, year=year))
        return aid

    require_cycle(plan, year, "--year")
    ids = dict.fromkeys(all_or_none(given, check, "track.several.none_cancelled"))
    with tracker.transaction():
        return [(aid, cancel_report(plan, tracker, aid, year)) for aid in ids]


def cancel_report(plan: Plan, tracker: Tracker, aid: str, year: int) -> dt.date | None:
    """Remove every record counting as ``aid``'s report of ``year`` (its own, and those recorded
    under a body it stands for: ``counted_for``), so that none is left to count; return the date
    that counted, or None when there was none."""
    day = reported_on(plan, tracker, aid, year)
    for other in counted_for(plan, aid, year):
        tracker.cancel_report(other, year)
    return day


def all_or_none(given: list[str], check, header: str) -> list:
    """Return ``check(name)`` for each name; when any raises, raise instead: the one error as it is
    for one name, else one error under ``header`` (a message key) saying what is wrong with each
    name that failed (nothing done)."""
    results, problems = [], []
    for name in given:
        try:
            results.append(check(name))
        except KhcnError as exc:
            problems.append((name, exc))
    if problems and len(given) == 1:
        raise problems[0][1]
    if problems:
        lines = [t("track.several.problem", given=name, problem=exc.message) for name, exc in problems]
        error = KhcnError("\n".join([t(header, count=len(problems), total=len(given)), *lines]))
        error.exit_code = problems[0][1].exit_code
        raise error
    return results


def report_year(plan: Plan, received: dt.date, as_of: dt.date, year: int | None) -> int:
    """Return the year of a report received on ``received`` (``year``, else that date's), or raise
    a Vietnamese error: a date after ``as_of``, a year after the date, a year before the plan's."""
    if received > as_of:
        raise KhcnError(t("track.future", date=vn.short_date(received), as_of=vn.short_date(as_of)))
    its_year = default_year(plan, received) if year is None else year
    require_issued(version_for(plan, its_year), received, "track.before_issue")
    if its_year > received.year:
        raise KhcnError(t("track.year_after_date", year=its_year, date=vn.short_date(received)))
    require_cycle(plan, its_year, "--year" if its_year != received.year else "--date")
    return its_year


def default_year(plan: Plan, received: dt.date) -> int:
    """Return the year of a report received on ``received`` when the clerk gave none: the year
    whose deadline is the nearest one not passed that day. That is the day's own year, except in
    the days a deadline at the end of a year moves into the next: a deadline of 31/12/2028, a
    Sunday, ends on 02/01/2029, so a report received that day is the 2028 one, due that very day
    (never a year before the plan's first report)."""
    last = received.year - 1
    version = version_for(plan, last)
    if last >= per_agency.first_year(version) and received <= per_agency.due_date(version, last):
        return last
    return received.year


def report_agency(plan: Plan, tracker: Tracker, given: str, received: dt.date, year: int, guessed: bool,
                  replace: bool = False) -> str:
    """Return the id of the agency owing the report of ``year`` that a clerk named, or raise a
    Vietnamese error; when the year was ``guessed`` from the date, a report that may be, or can
    only be, last year's sent late is refused, asking for ``--year`` (``ask_year``); a second
    report of the year, on another day, is refused unless it ``replace``s the first (``require_replace``);
    either refusal asks whether it is the report of a body merged into the agency (``also_owed``)."""
    if guessed and year == received.year:
        ask_year(plan, tracker, given, received, year)
    require_own_year(plan, tracker, given, received, year)
    aid = agency_id(plan, given, year)
    require_formed(plan, given, received)
    if guessed:
        ask_earlier_due(plan, tracker, aid, received, year)
    before = reported_on(plan, tracker, aid, year) if guessed and year < received.year else None  # ``default_year``
    if before not in (None, received):  # the same receipt typed again is harmless
        said = {"name": plan.agency(aid).name, "year": year, "next": received.year, "date": vn.short_date(received),
                "before": vn.short_date(before)}
        if others := also_owed(plan, tracker, aid, year, received):  # as ``require_replace`` asks
            raise KhcnError(t("track.which_year.second", first=others[0], others=_listed(plan, others), **said))
        raise KhcnError(t("track.which_year.moved", deadline=per_agency.due_said(plan, year), **said))
    if not replace:
        require_replace(plan, tracker, aid, year, received, taken_over(plan, given, year))
    return aid


def require_replace(plan: Plan, tracker: Tracker, aid: str, year: int, received: dt.date, former: str = "") -> None:
    """Raise a Vietnamese error, recording nothing, when ``aid`` already has a report of ``year``
    recorded on another day: recording the new date would lose the first (an on-time report made
    late). When ``aid`` still sends that year's report of a body merged into it (``also_owed``),
    the new one may be that body's: the clerk names it; else the clerk replaces the date on purpose
    (``--replace``) or gives another year. ``former`` (``taken_over``) says the name typed was a
    former body's. The same date again is harmless; return None then, and when nothing is recorded."""
    found = report_of(plan, tracker, aid, year)
    if found is None or found[1] == received:
        return
    name, before = plan.agency(aid).name, vn.short_date(found[1])
    dates = {"before": before, "date": vn.short_date(received), "recorded": recorded_note(plan, found[0], aid, year)}
    if others := also_owed(plan, tracker, aid, year, received):
        raise KhcnError(t("track.second_report", name=name, year=year, first=others[0], others=_listed(plan, others),
                          **dates))
    said = t("track.already_received", name=name, year=year, **dates)
    raise KhcnError(f"{t('track.recorded_for', gone=former)} {said}" if former else said)


def ask_year(plan: Plan, tracker: Tracker, given: str, received: dt.date, year: int) -> None:
    """Raise a Vietnamese error when the year of a report given without ``year`` cannot be told
    from its date: the body named, as it stood on ``received`` (an old name on a day the body still
    existed is that body; a body dissolved or merged into the monitor by then is itself, nobody
    sending its reports), owes no report of ``year`` itself (dissolved or merged into another by
    then) and an earlier one is missing (``owed_before``: it can only be that one), or a reminder
    asked it for last year's report, its own or that of a body it has taken over
    (``maybe_last_year``: asked in the name of the body typed when that is one of those), or its own last year's report is missing and ``received`` is nearer that
    year's deadline than this year's (``nearer_last_year``); return None otherwise."""
    found, here = named(plan, given), stood_as(plan, given, received)
    date = vn.short_date(received)
    if here not in owing(plan, year) and (gone := _gone(per_agency.for_year(plan, year), here)):
        if owed := owed_before(plan, tracker, here, year):
            raise KhcnError(t("track.only_last_year", gone=gone, year=year, last=owed, date=date))
        return
    missing = maybe_last_year(plan, tracker, here, received)
    if not missing:
        return
    last, name = received.year - 1, per_agency.name(plan, here)
    version = version_for(plan, last)
    reminded = [aid for aid in missing if any(addressee(per_agency.on_day(plan, r.issued), aid) == here
                                              for r in reminders_of(version, tracker, aid, last))]  # asked of this body
    if here in reminded or found in reminded:  # a former body typed by its own code is asked of in its name
        name = per_agency.name(plan, here if here in reminded else found)
        raise KhcnError(t("track.which_year", name=name, last=last, year=year, date=date))
    if reminded:
        raise KhcnError(t("track.which_year.for", name=name, last=last, year=year, date=date, first=reminded[0],
                          others=_listed(plan, reminded)))
    if here in missing and nearer_last_year(plan, received):
        raise KhcnError(t("track.which_year.late", name=name, last=last, year=year, date=date,
                          deadline=per_agency.due_said(version_for(plan, last), last)))


def stood_as(plan: Plan, given: str, received: dt.date) -> str:
    """Return the id of the body a clerk named as it stood on ``received``: an old name on a day the
    body still existed is that body; one merged or renamed by then is the body standing for it;
    one dissolved or merged into the monitor by then is itself (nobody sends its reports)."""
    now, found = per_agency.on_day(plan, received), named(plan, given)
    return found if addressee(now, found) is None else now.current_id(found)


def require_own_year(plan: Plan, tracker: Tracker, given: str, received: dt.date, year: int) -> None:
    """Raise a Vietnamese error, recording nothing, when the body named still stood on ``received``
    (``stood_as``: Sở KH&ĐT on 10/02/2025) but owes no report of ``year`` itself, having merged into
    (or been renamed as) a body that owes it by that year's deadline (Sở Tài chính, 01/3/2025): the
    report it sent that day is its own, not its successor's report of ``year``, which ``agency_id``
    would record it as (``status`` and ``remind`` then counting the successor as reported). The
    clerk is told its last report recorded and what to write instead. Return None otherwise (a body
    merged into the monitor or dissolved: ``agency_id`` refuses it)."""
    found = named(plan, given)
    then = per_agency.for_year(plan, year)
    successor = then.current_id(found)
    if stood_as(plan, given, received) != found or successor == found or successor not in owing(plan, year):
        return
    final = plan.agency(successor).name
    advice = [t("track.own_year.successor", final=final, final_id=successor)  # not one formed later (Sở NN&MT)
              if per_agency.on_day(plan, received).not_yet(successor) is None else "",
              earlier_advice(plan, tracker, found, year)]
    said = "; ".join(filter(None, advice))
    raise KhcnError(t("track.own_year", gone=_gone(then, found), year=year, date=vn.short_date(received),
                      final=final, advice=f" — {said}" if said else ""))


def earlier_advice(plan: Plan, tracker: Tracker, aid: str, year: int) -> str:
    """Return what to write when a report of ``aid`` is of an earlier year than ``year``: the latest
    one it owes and has not sent, late (``owed_before``), else the latest one recorded, sent again
    (``last_recorded``: ``--replace``); "" when there is no earlier year."""
    if owed := owed_before(plan, tracker, aid, year):
        return t("track.own_year.late", last=owed)
    if last := last_recorded(plan, tracker, aid, year):
        return t("track.own_year.again", last=last[0], before=vn.short_date(last[1]))
    return ""


def last_recorded(plan: Plan, tracker: Tracker, aid: str, year: int) -> tuple[int, dt.date] | None:
    """Return (year, day received) of the latest report before ``year`` recorded as ``aid``'s
    (under the version of the plan of that year: ``version_for``); None when there is none."""
    for earlier, version in _years_before(plan, year):
        if (day := reported_on(version, tracker, aid, earlier)) is not None:
            return earlier, day
    return None


def ask_earlier_due(plan: Plan, tracker: Tracker, aid: str, received: dt.date, year: int) -> None:
    """Raise a Vietnamese error, recording nothing, when a report of ``aid`` given without ``year``
    and counted for ``year`` (``default_year``) may as well be that of an earlier year, one ``aid``
    owes and has not sent and that is not past due on ``received`` either: dispatch letters carrying
    both forms after both deadlines give both reports one date (``per_agency.late_due``), so the day
    cannot tell them apart. Return None otherwise."""
    for earlier, version in _unsent_before(plan, tracker, aid, year):
        if received <= per_agency.due_date(version, earlier):
            raise KhcnError(t("track.which_year.both_due", name=plan.agency(aid).name, date=vn.short_date(received),
                              earlier=earlier, year=year, due=vn.short_date(per_agency.due_date(version, earlier)),
                              deadline=vn.short_date(per_agency.due_date(plan, year))))


def nearer_last_year(plan: Plan, received: dt.date) -> bool:
    """Return whether ``received``, after last year's deadline, is nearer to it than to this year's
    (each moved to a working day): a report of that day, of a body whose last year's report is
    missing, is then as likely that one sent late as this year's sent early (a deadline of 31/12:
    the day after it, the next is a year away), even before any reminder asked for it."""
    last = received.year - 1
    since = received - per_agency.due_date(version_for(plan, last), last)
    return since < per_agency.due_date(plan, received.year) - received


def owed_before(plan: Plan, tracker: Tracker, aid: str, year: int) -> int | None:
    """Return the latest year before ``year`` whose report ``aid`` owed itself (under the version of
    the plan of that year: ``version_for``) and that is not recorded; None when there is none."""
    return next((earlier for earlier, _ in _unsent_before(plan, tracker, aid, year)), None)


def _unsent_before(plan: Plan, tracker: Tracker, aid: str, year: int):
    """Yield (year, the plan's version of that year) for each year before ``year``, latest first,
    whose report ``aid`` owed itself (``version_for``, ``owing``) and that is not recorded."""
    for earlier, version in _years_before(plan, year):
        if aid in owing(version, earlier) and reported_on(version, tracker, aid, earlier) is None:
            yield earlier, version


def _years_before(plan: Plan, year: int):
    """Yield (year, the plan's version of that year: ``version_for``) for each reporting year before
    ``year``, latest first, down to that version's first report year."""
    earlier = year - 1
    while earlier >= per_agency.first_year(version := version_for(plan, earlier)):
        yield earlier, version
        earlier -= 1


def also_owed(plan: Plan, tracker: Tracker, aid: str, year: int, day: dt.date) -> list[str]:
    """Return the bodies whose report of ``year`` is still missing and that ``aid`` stands for on
    ``day`` (merged into it, or renamed as it, since that year's deadline): a report it sends may
    be theirs, asked of it by a reminder (``due``)."""
    now = per_agency.on_day(plan, day)
    return [other for other in owing(plan, year) if other != aid and addressee(now, other) == aid
            and reported_on(plan, tracker, other, year) is None]


def require_cycle(plan: Plan, year: int, option: str) -> None:
    """Raise a Vietnamese error when ``year`` (given by ``option``) has no report under the plan:
    the first report is the one of the year the plan was issued (of its first version, for a
    revision: ``version_for``); return None."""
    plan = version_for(plan, year)
    first = per_agency.first_year(plan)
    if year < first:
        raise KhcnError(t("track.before_plan", year=year, first=first, option=option, issued=plan_issued(plan.spec),
                          deadline=per_agency.due_said(plan, first)))


def require_issued(plan: Plan, day: dt.date, key: str) -> None:
    """Raise the Vietnamese error ``key`` (a message key) when ``day`` comes before the plan's date
    of issue: nothing was asked of anyone yet; return None (always for a draft, which has no date)."""
    issued = plan.spec.document.date
    if issued is not None and day < issued:
        raise KhcnError(t(key, date=vn.short_date(day), issued=vn.short_date(issued)))


def cycle(plan: Plan, as_of: dt.date, year: int | None = None) -> int:
    """Return the report year looked at on ``as_of``: ``year`` (``--year``: last year's late
    reports, chased in January), else ``as_of``'s; raise a Vietnamese error for an ``as_of``
    before the plan was issued (nothing to track yet), a year before the plan's first report or
    after ``as_of``."""
    require_issued(version_for(plan, as_of.year if year is None else year), as_of, "track.not_issued_yet")
    if year is None:
        require_cycle(plan, as_of.year, "--as-of")
        return as_of.year
    require_cycle(plan, year, "--year")
    if year > as_of.year:
        raise KhcnError(t("track.year_after_as_of", year=year, as_of=vn.short_date(as_of)))
    return year


def maybe_last_year(plan: Plan, tracker: Tracker, aid: str, received: dt.date) -> list[str]:
    """Return the bodies whose last year's report is missing and that ``aid`` stood for on
    ``received`` (itself, and those merged into it or renamed as it since), when a report it sent
    that day, before this year's deadline, may be one of theirs, late; else [] (never before the
    plan's first report)."""
    last = received.year - 1
    if received > per_agency.due_date(plan, received.year) or last < per_agency.first_year(version_for(plan, last)):
        return []
    now, version = per_agency.on_day(plan, received), version_for(plan, last)
    return [other for other in owing(version, last) if addressee(now, other) == aid
            and reported_on(version, tracker, other, last) is None]


def counted_for(plan: Plan, aid: str, year: int) -> tuple[str, ...]:
    """Return the ids whose records of the report of ``year`` are ``aid``'s: ``aid`` first, then
    each body merged into it or renamed as it by that year's deadline (registry order). A renamed
    body is the same body, and a merged one's report of a year it no longer owes itself is the one
    its successor sends for it (``received`` files it under the successor: "báo cáo thay"); so a
    record made under the old id before the registry said so counts as it would if made now."""
    then = per_agency.for_year(plan, year)
    return (aid, *(other for other in plan.registry.agencies if other != aid and then.current_id(other) == aid))


def report_of(plan: Plan, tracker: Tracker, aid: str, year: int,
              as_of: dt.date | None = None) -> tuple[str, dt.date] | None:
    """Return (id it is recorded under, day received) of the report of ``year`` that counts as
    ``aid``'s: its own record, else the earliest one of a body it stands for (``counted_for``);
    only a record dated on or before ``as_of`` when given. None when there is none."""
    found = [(other, day) for other in counted_for(plan, aid, year)
             if (day := tracker.report_date(other, year)) is not None and (as_of is None or day <= as_of)]
    own = [(other, day) for other, day in found if other == aid]
    return (own or sorted(found, key=lambda item: item[1]) or [None])[0]


def reported_on(plan: Plan, tracker: Tracker, aid: str, year: int) -> dt.date | None:
    """Return the day the report of ``year`` counting as ``aid``'s was received (``report_of``), or None."""
    found = report_of(plan, tracker, aid, year)
    return None if found is None else found[1]


def reminders_of(plan: Plan, tracker: Tracker, aid: str, year: int) -> list[Reminder]:
    """Return the reminders about ``aid``'s report of ``year``: those recorded under its id or under
    a body it stands for (``counted_for``: sent before the registry said so), in date order."""
    found = [r for other in counted_for(plan, aid, year) for r in tracker.reminders(other, year)]
    return sorted(found, key=lambda r: (r.issued, r.round))


def received_by(plan: Plan, tracker: Tracker, aid: str, year: int, as_of: dt.date) -> dt.date | None:
    """Return the day ``aid``'s report of ``year`` was received when that was on or before
    ``as_of``; None when it was not received by then (a record dated later is not seen yet)."""
    found = report_of(plan, tracker, aid, year, as_of)
    return None if found is None else found[1]


def sent_by(plan: Plan, tracker: Tracker, aid: str, year: int, as_of: dt.date) -> list[Reminder]:
    """Return the reminders about ``aid``'s report of ``year`` issued on or before ``as_of``, in
    date order (the record as it stood that day; ``reminders_of``)."""
    return [r for r in reminders_of(plan, tracker, aid, year) if r.issued <= as_of]


def statuses(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None = None) -> list[AgencyStatus]:
    """Return every tracked agency's status for the report of ``year`` (default: ``as_of``'s year)
    on ``as_of``, registry order: the records as they stood that day (a report received or a
    reminder issued after it is not counted)."""
    year = cycle(plan, as_of, year)
    deadline = per_agency.due_date(plan, year)
    out = []
    for aid in owing(plan, year):
        found = report_of(plan, tracker, aid, year, as_of)
        received = None if found is None else found[1]
        late = max(0, ((received or as_of) - deadline).days)
        out.append(AgencyStatus(aid, per_agency.name(plan, aid), received, late,
                                tuple(sent_by(plan, tracker, aid, year, as_of)),
                                "" if found is None or found[0] == aid else found[0]))
    return out


def due(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None = None) -> list[Due]:
    """Return the reminders to send on ``as_of`` for the report of ``year`` (default: ``as_of``'s
    year): overdue agencies whose next round has come, each addressed to the body standing for it
    on ``as_of`` (``Due.to``: Sở Xây dựng for Sở Giao thông vận tải's 2024 report chased after
    01/3/2025); none to a body gone by then with no one else to write to (``out_of_reach``). The
    round follows the highest one sent (``reminders_of``: also to a body merged into it, under that
    body's id), which the letter cites (``Due.previous_of``: whom it asked)."""
    year = cycle(plan, as_of, year)
    out = []
    for aid, to in _reachable(plan, tracker, as_of, year):
        sent = sent_by(plan, tracker, aid, year, as_of)
        if not sent:
            out.append(Due(aid, year, 1, to=to))
        elif as_of >= next_round_on(plan, sent):
            last = max(sent, key=lambda r: (r.round, r.issued))  # its own letter first, of one round and day
            out.append(Due(aid, year, last.round + 1, last.issued, to=to,
                           previous_of=None if last.agency == aid else last.agency,
                           previous_by=last.due, previous_file=last.file))
    return out


def next_round_on(plan: Plan, sent: list[Reminder]) -> dt.date:
    """Return the first day the next reminder may follow the reminders ``sent``: the day after the
    last day the last one gave (its date plus the plan's ``dispatch.reminder_days``, later when
    that last day is a day off: ``per_agency.reply_by``)."""
    return per_agency.reply_by(plan, sent[-1].issued) + dt.timedelta(days=1)


def why_none(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None = None) -> str:
    """Return why no reminder is due on ``as_of`` for the report of ``year`` (default: ``as_of``'s),
    for a clerk who ran ``remind`` and got none: the deadline has not passed, every agency has
    reported, or the overdue ones were reminded lately (with the day the next round comes). Only
    the agencies a reminder can still reach count: those ``out_of_reach`` are listed apart."""
    year = cycle(plan, as_of, year)
    deadline = per_agency.due_date(plan, year)
    if as_of <= deadline:
        return t("remind.none.not_due", year=year, deadline=per_agency.due_said(plan, year), date=vn.short_date(as_of))
    rounds = [sent_by(plan, tracker, aid, year, as_of) for aid, _ in _reachable(plan, tracker, as_of, year)]
    waiting = [sent for sent in rounds if sent]
    if not waiting:
        return t("remind.none.reported", year=year, date=vn.short_date(as_of))
    return t("remind.none.waiting", count=len(waiting), when=reminded_on([sent[-1].issued for sent in waiting]),
             next=vn.short_date(min(next_round_on(plan, sent) for sent in waiting)))


def reminded_on(days: list[dt.date]) -> str:
    """Return when the agencies waiting for their next round had their last reminder (``days``):
    ``ngày 24/01/2025``, or ``trong các ngày từ 20/01/2025 đến 24/01/2025``. Dates, not a count of
    days: days off stretch the wait (``next_round_on``), so "in the last 7 days" could be untrue."""
    first, last = min(days), max(days)
    if first == last:
        return t("remind.none.waiting.on", date=vn.short_date(first))
    return t("remind.none.waiting.between", first=vn.short_date(first), last=vn.short_date(last))


def out_of_reach(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None = None) -> list[str]:
    """Return, for each overdue agency no reminder can go to on ``as_of``, why: dissolved since the
    deadline (a district after 01/7/2025), or merged into the monitor itself (which then holds
    the report it would chase)."""
    now = per_agency.on_day(plan, as_of)
    return [_gone(now, aid) for aid in _unreported(plan, tracker, as_of, year) if addressee(now, aid) is None]


def _unreported(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None) -> list[str]:
    """Return the agencies owing the report of ``year`` (default: ``as_of``'s) that have not sent
    it, once its deadline has passed on ``as_of`` (none before)."""
    year = cycle(plan, as_of, year)
    if as_of <= per_agency.due_date(plan, year):
        return []
    return [aid for aid in owing(plan, year) if not received_by(plan, tracker, aid, year, as_of)]


def _reachable(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None) -> list[tuple[str, str]]:
    """Return (agency, addressee) of each agency owing the report of ``year`` not sent by ``as_of``,
    past its deadline, that a reminder written on ``as_of`` can reach (``addressee``: itself or the
    body standing for it); those it cannot are ``out_of_reach``."""
    now = per_agency.on_day(plan, as_of)
    pairs = ((aid, addressee(now, aid)) for aid in _unreported(plan, tracker, as_of, year))
    return [(aid, to) for aid, to in pairs if to is not None]


def addressee(now: Plan, aid: str) -> str | None:
    """Return who a letter written at ``now.as_of`` about ``aid``'s report goes to: ``aid``
    itself, or the body it has since merged into or been renamed as; None when it is dissolved,
    or merged into the monitor (no letter to oneself)."""
    if now.dissolved(aid):
        return None
    to = now.current_id(aid)
    return None if to == now.monitor_id else to


def remind(plan: Plan, tracker: Tracker, folder: Path, template_dir: Path, as_of: dt.date,
           combined: bool = False, year: int | None = None,
           notify: Callable[[str], None] | None = None) -> list[tuple[Reminder, Path]]:
    """Write and record the reminders due on ``as_of`` for the report of ``year`` (default:
    ``as_of``'s year); return (reminder, file) for each agency reminded. ``notify`` is told, in
    the clerk's words, when another ``remind`` of this tracking file is waited for, where a
    file found at a letter's path was kept (``reminder_files``), and that letters cite the previous
    round's by a number left blank (``unnumbered_cited``).

    One ``remind`` at a time per tracking file (``Tracker.exclusive``), from reading what is due to
    the last row. Every letter is rendered in memory and every path checked first (a template or
    path problem stops before anything is written); then each file is written atomically *before*
    its rows are committed, so the database never records a reminder whose file is missing.
    """
    year = cycle(plan, as_of, year)
    require_latest(plan, year, as_of)
    with tracker.exclusive(on_wait(tracker, notify)):
        todo = due(plan, tracker, as_of, year)
        refuse_backdated(plan, tracker, todo, as_of)
        if todo:
            refuse_signer(plan, as_of)
        by = per_agency.reply_by(plan, as_of)
        now = per_agency.on_day(plan, as_of)  # written by and to the bodies standing on the letter's date
        units = cong_van_don_doc.units(now, todo, as_of, by, combined)
        rendered = [(u, compile_template(template_dir / u.template).render_bytes(u.context, u.core)) for u in units]
        paths = reminder_files.checked(folder, [u.out for u in units])
        done: list[tuple[Reminder, Path]] = []
        blank = 0  # letters citing the previous round's by a number left blank
        with reminder_files.said_with(done):
            for (unit, data), group in zip(rendered, cong_van_don_doc.batches(todo, combined)):
                path = paths[unit.out]
                reminder_files.write(path, data, notify)
                letter = [Reminder(d.agency, d.year, d.round, as_of, by, unit.out) for d in group]
                done += [(reminder, path) for reminder in tracker.record_reminders(letter)]
                blank += cong_van_don_doc.cites_unnumbered(group)
    if notify and (note := unnumbered_cited(now, blank)):
        notify(note)
    return done


def unnumbered_cited(now: Plan, count: int) -> str | None:
    """Return the note that ``count`` reminders just written cite the previous round's letter by a
    blank number (``cong_van_don_doc.cites_unnumbered``: the tracking file holds no number; never
    a first round, which cites none), for the clerk to fill in before signing; None when none does."""
    return t("remind.previous_number", count=count, symbol=cong_van_don_doc.symbol(now)) if count else None


def on_wait(tracker: Tracker, notify: Callable[[str], None] | None) -> Callable[[], None] | None:
    """Return what ``Tracker.exclusive`` calls before waiting for another ``remind`` holding
    ``tracker``'s file: telling ``notify`` so, in the clerk's words (``remind.waiting``); None
    without ``notify``."""
    return None if notify is None else (lambda: notify(t("remind.waiting", path=tracker.path)))


def form_missing(plan: Plan, year: int, written: list[tuple[Reminder, Path]]) -> str | None:
    """Return a note when reminders about the report of ``year`` were written although the plan
    makes no report form for that year (``reporting.years`` lacks it): the letters say the form
    went with the dispatch letters, so the clerk adds the year and builds it; else None."""
    years = per_agency.report_years(plan)
    if not written or year in years:
        return None
    return t("remind.no_form", year=year, years=", ".join(map(str, years)))


def drafts_cited(plan: Plan, written: list[tuple[Reminder, Path]], as_of: dt.date) -> str | None:
    """Return the warning that reminders just ``written`` on ``as_of`` cite blanks, else None: the
    plan is still a draft (``Kế hoạch số      /KH-UBND``), or the dispatch letters the reminded
    agencies hold are (the form is then said to have come "with the dispatch letter", unnumbered).
    Writing them anyway keeps the README's walkthrough on the bundled draft; the clerk is told."""
    if not written:
        return None
    if plan.spec.document.is_draft:
        return t("remind.draft_plan", symbol=ke_hoach.symbol(plan))
    now, dispatch = per_agency.on_day(plan, as_of), plan.spec.dispatch
    drafts = [r.agency for r, _ in written
              if any(dispatch.is_draft(aid) for aid in cong_van_trien_khai.letters_held(now, r.agency))]
    if not drafts:
        return None
    names = list(dict.fromkeys(now.agency(aid).name for aid in drafts))
    names = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
    return t("remind.draft_dispatch", count=len(set(drafts)), names=names)


def refuse_backdated(plan: Plan, tracker: Tracker, todo: list[Due], as_of: dt.date) -> None:
    """Raise a Vietnamese error, before anything is written, when an agency a reminder is due to on
    ``as_of`` already has one issued after that day: a letter dated earlier would take a round
    that is already used; return None otherwise."""
    later = [r for d in todo for r in reminders_of(plan, tracker, d.agency, d.year) if r.issued > as_of]
    if later:
        last = max(later, key=lambda r: r.issued)
        raise KhcnError(t("remind.backdated", as_of=vn.short_date(as_of), count=len({r.agency for r in later}),
                          name=per_agency.name(plan, last.agency), round=last.round, year=last.year,
                          date=vn.short_date(last.issued)))


def refuse_signer(plan: Plan, as_of: dt.date) -> None:
    """Raise the spec's error (exit 3), before anything is written, when ``reporting.signature``
    cannot sign reminders dated ``as_of``: its signer is not of the body sending them that day
    (``senders.reminder_signer_problem``, said at its line of the plan); return None otherwise."""
    from khcn_docs.spec.load import SIGNERS_FILE, refused
    from khcn_docs.spec.senders import reminder_signer_problem
    from khcn_docs.spec.yamlsrc import Source

    spec, source = plan.spec, Source(plan.spec_path, None)
    if reminder_signer_problem(spec, source, plan.registry, plan.signers, SIGNERS_FILE, as_of) is None:
        return  # the common case: the plan's file is not read again
    raise refused([reminder_signer_problem(spec, reread(source), plan.registry, plan.signers, SIGNERS_FILE, as_of)])


def sent_to(plan: Plan, reminder: Reminder, *more: Reminder) -> str:
    """Return who ``reminder`` (with ``more`` of the same letter) went to, for a clerk's screen: the
    agency's name, or its successor's naming whose reports it asks for (``cong_van_don_doc.label``)."""
    now = per_agency.on_day(plan, reminder.issued)
    return cong_van_don_doc.label(plan, *(Due(r.agency, r.year, r.round, to=addressee(now, r.agency))
                                          for r in (reminder, *more)))


def format_status(plan: Plan, rows: list[AgencyStatus], as_of: dt.date, year: int | None = None) -> str:
    """Return the status report of ``year`` (default: ``as_of``'s) for a terminal: one line per
    agency, then the counts, then one line per body that no longer reports itself, and why."""
    year = as_of.year if year is None else year
    deadline, now = per_agency.due_date(plan, year), per_agency.on_day(plan, as_of)
    lines = [t("track.status_head", year=year, deadline=per_agency.due_said(plan, year), as_of=vn.short_date(as_of))]
    for n, row in enumerate(rows, start=1):
        kind = _state(row, as_of, deadline)
        if kind == "reported":
            state = t("track.reported", date=vn.short_date(row.received))
            state += t("track.reported_late", days=row.days_late) if row.days_late else ""
            state += _recorded_as(plan, row, year)
        else:
            state = t(f"track.{kind}", days=row.days_late)
        sent = "; ".join(_rounds_said(plan, row, year))
        since = "" if row.received else _since(now, row.agency)
        lines.append(f"{n:>3}. {row.name} — {state}" + (f" — {sent}" if sent else "") + since)
    reported = sum(1 for r in rows if r.received)
    late = sum(1 for r in rows if _state(r, as_of, deadline) == "late")
    lines.append(t("track.status_total", total=len(rows), reported=reported, late=late))
    gone = no_longer_owing(plan, year)
    if gone:
        lines += [t("track.gone", year=year)] + [f"  - {why}" for why in gone]  # one body a line
    return "\n".join(lines)


def status_table(plan: Plan, rows: list[AgencyStatus], as_of: dt.date, year: int) -> Table:
    """Return the status report of ``year`` on ``as_of`` as a table for Excel (``status --xlsx``):
    one row per agency owing the report (state, date received, days late, reminders), then one per
    body that no longer reports itself, with why."""
    deadline, now = per_agency.due_date(plan, year), per_agency.on_day(plan, as_of)
    records: list[list[object]] = []
    for n, row in enumerate(rows, start=1):
        state = _state(row, as_of, deadline)
        last = row.reminders[-1].issued if row.reminders else None
        note = (_recorded_as(plan, row, year) if row.received else _since(now, row.agency)).strip().strip("()")
        records.append([n, row.agency, row.name, t(f"track.col.state.{state}"), row.received,
                        row.days_late, len({r.round for r in row.reminders}), last, note])
    for aid, why in gone_agencies(plan, year):
        records.append([len(records) + 1, aid, per_agency.name(plan, aid), t("track.col.state.gone"),
                        None, None, None, None, why])
    headers = [t(f"track.col.{key}") for key in
               ("stt", "id", "name", "state", "received", "days_late", "reminders", "last_reminder", "note")]
    return Table(t("track.sheet", year=year), headers, (6, 22, 44, 24, 12, 10, 10, 12, 50), records)


def _state(row: AgencyStatus, as_of: dt.date, deadline: dt.date) -> str:
    """Return where an agency's report stands on ``as_of``: ``reported``, ``not_yet`` (not due) or ``late``."""
    return "reported" if row.received else "not_yet" if as_of <= deadline else "late"


def _recorded_as(plan: Plan, row: AgencyStatus, year: int) -> str:
    """Return the note that the report counted for ``row`` is recorded under another body's id
    (``recorded_note``); else ""."""
    return recorded_note(plan, row.recorded_as, row.agency, year) if row.recorded_as else ""


def recorded_note(plan: Plan, owner: str, aid: str, year: int) -> str:
    """Return the note that the report of ``year`` counted for ``aid`` is recorded under ``owner``'s
    id, a body it stands for since a rename or a merge (``counted_for``): `` (ghi nhận cho Sở Y tế
    (so-y-te), …)``; "" when ``owner`` is ``aid``."""
    if owner == aid:
        return ""
    how = per_agency.for_year(plan, year).how_gone(owner)
    return t(f"track.recorded_as.{how}", old=per_agency.name(plan, owner), id=owner, new=per_agency.name(plan, aid))


def _rounds_said(plan: Plan, row: AgencyStatus, year: int) -> list[str]:
    """Return each reminder round about ``row``'s report of ``year`` once, in date order (``đã đôn
    đốc lần 1 ngày 18/11/2025``), naming the bodies its letters went to when one was a body merged
    into ``row.agency`` by then: reminded under its own id before the registry said so
    (``reminders_of``), the same round may have gone to both (a renamed body is the same one)."""
    then = per_agency.for_year(plan, year)
    letters: dict[tuple[int, dt.date], list[str]] = {}
    for reminder in row.reminders:
        letters.setdefault((reminder.round, reminder.issued), []).append(reminder.agency)
    out = []
    for (round_, issued), ids in letters.items():
        said = t("track.reminded", round=round_, date=vn.short_date(issued))
        if any(then.how_gone(aid) == "merged" for aid in ids):
            said += t("track.reminded_to", names=", ".join(per_agency.name(plan, aid) for aid in ids))
        out.append(said)
    return out


def _since(now: Plan, aid: str) -> str:
    """Return what became of ``aid`` between its deadline and ``now.as_of`` (a report chased after
    a reorganisation) and where reminders go now: ``(nay đã hợp nhất vào Sở Xây dựng: …)``,
    ``(nay là …)``, merged into the monitor, ``(không còn từ …)``; else ""."""
    if now.dissolved(aid):
        return t("track.since.dissolved", date=vn.short_date(now.dissolved_on(aid)))
    how, new = now.how_gone(aid), per_agency.name(now, now.current_id(aid))
    if how and addressee(now, aid) is None:  # merged into the monitor: no one to write to
        return t("track.since.monitor", new=new)
    return t(f"track.since.{how}", new=new) if how else ""


def convert_to_pdf(plan: Plan, written: list[tuple[Reminder, Path]]) -> None:
    """Convert the reminder letters just written to PDF (beside each .docx); raise ConversionError
    naming any that failed once the others are done."""
    from khcn_docs import pdf

    paths = list(dict.fromkeys(path for _, path in written))
    now = {day: per_agency.on_day(plan, day) for day in {reminder.issued for reminder, _ in written}}
    meta = {path: {"title": cong_van_don_doc.vv(now[r.issued], r.round),
                   "author": per_agency.name(now[r.issued], now[r.issued].monitor_id),
                   "subject": cong_van_don_doc.symbol(now[r.issued])} for r, path in written}
    pdf.convert(paths, metadata=meta).raise_for_failures()


def _agency_bundles(report, paths: list[Path]) -> int:
    """Return how many of the bundles at ``paths`` are agencies' (the plan's packet counted out)."""
    return sum(path != report.folder / PACKET_NAME for path in paths)


def _waiting_said(report) -> str:
    """Return which bundles ``remind --pdf`` left for ``build --pdf`` (``report.bundles_waiting``):
    how many agencies', and the plan's own packet when it is one of them."""
    count = _agency_bundles(report, report.bundles_waiting)
    parts = [t("remind.pdf_waiting.agencies", count=count)] if count else []
    if report.folder / PACKET_NAME in report.bundles_waiting:
        parts.append(t("remind.pdf_waiting.packet"))
    return t("remind.pdf_waiting.and").join(parts)


def pdf_said(report, letters: int) -> list[str]:
    """Return what ``remind --pdf`` says after its build (``build(documents=False)``): how many
    reminder letters became PDFs (``letters`` just written, and any ``remind`` left without one),
    how many agencies' bundles were written and how many wait for ``build --pdf`` (a document in
    them left to rebuild has no PDF: ``packet.bundle``),
    how many documents of the plan had no PDF and were converted for the bundles, and, when the
    plan (or a template) changed since the last build, how many documents a ``build`` would write
    again and how many issued ones differ from the plan: ``remind`` writes none of them."""
    documents = {pdf_of(verdict.path) for verdict in report.verdicts}
    others = sum(path in documents for path in report.converted)
    bundles = _agency_bundles(report, report.bundles)
    lines = [t("remind.pdf_done" if bundles else "remind.pdf_done.no_bundle", count=letters, bundles=bundles)]
    if report.bundles_waiting:
        lines.append(t("remind.pdf_waiting", what=_waiting_said(report)))
    if earlier := len(report.converted) - others:
        lines.append(t("remind.pdf_earlier", count=earlier))
    if others:
        lines.append(t("remind.pdf_documents", count=others))
    if report.left or report.kept:
        lines.append(t("remind.plan_changed", count=len(report.left), issued=len(report.kept)))
    return lines
