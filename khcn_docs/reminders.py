"""Follow-up of the yearly reports: who reported, who is late, and the reminders to send.

The deadline of a year is the reporting day and month of that year (15/11). An agency is overdue
when ``as_of`` is after the deadline and no report of that year was recorded. Round 1 goes out
once it is overdue; round n+1 once ``as_of`` reaches round n's date + ``dispatch.reminder_days``
with still no report. Running ``remind`` again the same day finds nothing new to send. Who owes a
year's report is read on that year's deadline; whom a reminder goes to, on the reminder's own date
(a successor since a merger; nobody once the body is dissolved).
"""

from __future__ import annotations

import datetime as dt
import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from khcn_docs import vn
from khcn_docs.documents import cong_van_don_doc, per_agency
from khcn_docs.documents.cong_van_don_doc import Due
from khcn_docs.errors import KhcnError
from khcn_docs.i18n import t
from khcn_docs.tables import Table
from khcn_docs.paths import inside_all, plan_folder, safe_name
from khcn_docs.plan import Plan
from khcn_docs.spec.load import plan_issued
from khcn_docs.spec.merges import gone_words
from khcn_docs.outputs import write_atomic
from khcn_docs.render import compile_template
from khcn_docs.tracking import Reminder, Tracker, default_path, parse_day


@dataclass(frozen=True)
class AgencyStatus:
    """Where one agency stands in a year's cycle on ``as_of``."""

    agency: str
    name: str
    received: dt.date | None
    days_late: int             # days past the deadline (of the report if received, else as of today)
    reminders: tuple[Reminder, ...] = field(default=())


@contextmanager
def session(spec: Path | str, output: Path | str, db: Path | str | None):
    """Yield (plan, open tracker) for ``spec``; the database is ``db`` or the plan folder's default."""
    from khcn_docs.spec.load import load_plan

    plan = load_plan(spec)
    first = tracked_as(plan)
    tracker = Tracker(Path(db) if db else default_path(plan_folder(output, first)), first.stem)
    try:
        yield plan, tracker
    finally:
        tracker.close()


def tracked_as(plan: Plan) -> Path:
    """Return the spec whose reports and reminders a plan's are: its first version's (``revises``
    followed), so a revision and the plan it amends keep one record, in the first one's folder."""
    from khcn_docs.spec.load import first_version

    return plan.spec_path if plan.spec.revises is None else first_version(plan.spec_path)


def unused_record(plan: Plan, output: Path | str, db: Path | str | None, used: Path) -> Path | None:
    """Return the tracking file of the plan's own folder when it is there but not the one ``used``
    (the session's): the plan amends another (``revises``), whose file holds both; else None."""
    own = default_path(plan_folder(output, plan))
    if db or plan.spec.revises is None or not own.is_file():
        return None
    return own if own.resolve() != Path(used).resolve() else None


def day_option(text: str | None, option: str) -> dt.date:
    """Return the date a clerk typed for ``option`` (today when absent); raise a Vietnamese error if unreadable."""
    if text is None:
        return dt.date.today()
    try:
        day = parse_day(text)
    except ValueError:
        raise KhcnError(t("track.bad_date", option=option, got=text)) from None
    if not vn.in_range(day):
        raise KhcnError(t("track.date_range", option=option, got=text, first=vn.short_date(vn.EARLIEST),
                          last=vn.short_date(vn.LATEST)))
    return day


def owing(plan: Plan, year: int) -> tuple[str, ...]:
    """Return the agencies that owe the report of ``year``, in registry order: those the plan
    tracks, as the registry stands on that year's deadline. A body merged into another by then has
    passed its duty on (to the monitor itself: Sở TT&TT into Sở KH&CN, then nobody reports it
    separately); a dissolved body owes nothing (the district level from 01/7/2025)."""
    then = per_agency.for_year(plan, year)
    keeps = {then.monitor_id, then.current_id(plan.spec.document.issuer)}
    found = {then.current_id(aid) for aid in per_agency.tracked(plan) if not then.dissolved(aid)}
    return tuple(sorted(found - keeps, key=plan.position))


def no_longer_owing(plan: Plan, year: int) -> list[str]:
    """Return, for each agency the plan tracks that does not owe the report of ``year`` itself,
    why: merged into another (named) or dissolved by that year's deadline."""
    return [why for _, why in gone_agencies(plan, year)]


def gone_agencies(plan: Plan, year: int) -> list[tuple[str, str]]:
    """Return (id, why) of each agency the plan tracks that does not owe the report of ``year`` itself."""
    then = per_agency.for_year(plan, year)
    return [(aid, why) for aid, why in ((aid, _gone(then, aid)) for aid in per_agency.tracked(plan)) if why]


def _gone(then: Plan, aid: str) -> str:
    """Return how ``aid`` is gone at ``then.as_of`` (merged into another or renamed, naming the body
    that stands for it, or dissolved), or ""."""
    name = per_agency.name(then, aid)
    if then.dissolved(aid):
        return t("track.gone.dissolved", name=name, date=vn.short_date(then.dissolved_on(aid)))
    if then.how_gone(aid):
        words = gone_words(then, aid)
        return t(f"track.gone.{words['how']}", name=name, **{k: v for k, v in words.items() if k != "how"})
    return ""


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
        raise KhcnError(t("track.not_owing", agency=gone, year=year))
    if formed := then.not_yet(current):  # formed after that deadline: the report is its predecessors'
        before = [aid for aid, agency in plan.registry.agencies.items() if agency.merged_into == current]
        raise KhcnError(t("track.formed_later", name=plan.agency(current).name, date=vn.short_date(formed),
                          year=year, deadline=vn.short_date(per_agency.deadline(plan, year)),
                          before=_listed(plan, before)))
    raise KhcnError(t("track.not_tracked", agency=current, name=plan.agency(current).name, year=year))


def named(plan: Plan, given: str) -> str:
    """Return the id of the agency a clerk named: by id, or by name, short name, abbreviation or alias."""
    return given if given in plan.registry.agencies else _by_name(plan, given)


def taken_over(plan: Plan, given: str, year: int) -> str:
    """Return how the body a clerk named has passed its report of ``year`` on (merged into another,
    or renamed, naming the body reporting instead), when that is so; else ""."""
    return _gone(per_agency.for_year(plan, year), named(plan, given))


def _by_name(plan: Plan, given: str) -> str:
    """Return the id of the one agency whose name, short name, abbreviation or alias is ``given``."""
    key = safe_name(given)
    matches = [aid for aid, agency in plan.registry.agencies.items()
               if key in {safe_name(n) for n in (agency.name, agency.short_name or "", agency.abbreviation,
                                                 *agency.aliases) if n}]
    current = list(dict.fromkeys(plan.current_id(aid) for aid in matches))  # an old name leads to the new agency
    if len(current) == 1:
        return matches[0]
    if current:
        raise KhcnError(t("track.ambiguous_agency", agency=given, matches=_listed(plan, current)))
    tracked = per_agency.tracked(plan)
    names = {safe_name(plan.agency(aid).name): aid for aid in tracked} | {aid: aid for aid in tracked}
    close = list(dict.fromkeys(names[n] for n in difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)))
    if close:
        raise KhcnError(t("track.unknown_agency.close", agency=given, matches=_listed(plan, close)))
    raise KhcnError(t("track.unknown_agency", agency=given, known=", ".join(tracked)))


def _listed(plan: Plan, ids: list[str]) -> str:
    """Return ``id (name)`` for each id, comma separated."""
    return ", ".join(f"{aid} ({plan.agency(aid).name})" for aid in ids)


def record_report(plan: Plan, tracker: Tracker, given: str, received: dt.date, as_of: dt.date,
                  year: int | None = None) -> tuple[str, int, dt.date | None]:
    """Record a received report; return (agency id, year, date it replaced or None). Without
    ``year``, a report that may be last year's sent late (``maybe_last_year``) is refused, asking
    which year it is for."""
    its_year = report_year(plan, received, as_of, year)
    aid = report_agency(plan, tracker, given, received, its_year, year is None)
    return aid, its_year, tracker.record_report(aid, its_year, received)


def record_reports(plan: Plan, tracker: Tracker, given: list[str], received: dt.date, as_of: dt.date,
                   year: int | None = None) -> list[tuple[str, int, dt.date | None, list[str]]]:
    """Record the reports of several agencies received on one day; return (id, year, date replaced,
    the names the clerk gave for it) of each, an agency named twice (by id and by name) once. The
    day and year are checked once, then every agency: if any cannot be recorded, none is
    (``all_or_none``)."""
    its_year = report_year(plan, received, as_of, year)
    ids = all_or_none(given, lambda name: report_agency(plan, tracker, name, received, its_year, year is None),
                      "track.several.none")
    names: dict[str, list[str]] = {}
    for name, aid in zip(given, ids):
        names.setdefault(aid, []).append(name)
    return [(aid, its_year, tracker.record_report(aid, its_year, received), named_as)
            for aid, named_as in names.items()]


def cancel_reports(plan: Plan, tracker: Tracker, given: list[str], year: int) -> list[tuple[str, dt.date]]:
    """Remove the records of the reports of ``year`` of several agencies; return (id, date it had)
    of each. The year is checked once, then every agency (``all_or_none``)."""
    def check(name: str) -> str:
        aid = agency_id(plan, name, year)
        if tracker.report_date(aid, year) is None:
            raise KhcnError(t("track.cancel_none", name=plan.agency(aid).name, year=year))
        return aid

    require_cycle(plan, year, "--year")
    return [(aid, tracker.cancel_report(aid, year))
            for aid in dict.fromkeys(all_or_none(given, check, "track.several.none_cancelled"))]


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
    its_year = received.year if year is None else year
    if its_year > received.year:
        raise KhcnError(t("track.year_after_date", year=its_year, date=vn.short_date(received)))
    require_cycle(plan, its_year, "--year" if its_year != received.year else "--date")
    return its_year


def report_agency(plan: Plan, tracker: Tracker, given: str, received: dt.date, year: int, guessed: bool) -> str:
    """Return the id of the agency owing the report of ``year`` that a clerk named, or raise a
    Vietnamese error; when the year was ``guessed`` from the date, a report that may be last
    year's sent late (``maybe_last_year``) is refused, asking which year it is for."""
    aid = agency_id(plan, given, year)
    last = maybe_last_year(plan, tracker, aid, received) if guessed else None
    if last is not None:  # which year's report it is cannot be told from the date: the clerk says
        raise KhcnError(t("track.which_year", name=plan.agency(aid).name, last=last, year=year,
                          date=vn.short_date(received)))
    return aid


def also_owed(plan: Plan, tracker: Tracker, aid: str, year: int, day: dt.date) -> list[str]:
    """Return the bodies whose report of ``year`` is still missing and that ``aid`` stands for on
    ``day`` (merged into it, or renamed as it, since that year's deadline): a report it sends may
    be theirs, asked of it by a reminder (``due``)."""
    now = per_agency.on_day(plan, day)
    return [other for other in owing(plan, year) if other != aid and addressee(now, other) == aid
            and tracker.report_date(other, year) is None]


def require_cycle(plan: Plan, year: int, option: str) -> None:
    """Raise a Vietnamese error when ``year`` (given by ``option``) has no report under the plan:
    the first report is the one of the year the plan was issued; return None."""
    first = per_agency.first_year(plan)
    if year < first:
        raise KhcnError(t("track.before_plan", year=year, first=first, option=option, issued=plan_issued(plan.spec),
                          deadline=vn.short_date(per_agency.deadline(plan, first))))


def cycle(plan: Plan, as_of: dt.date, year: int | None = None) -> int:
    """Return the report year looked at on ``as_of``: ``year`` (``--year``: last year's late
    reports, chased in January), else ``as_of``'s; raise a Vietnamese error for a year before the
    plan's first report or after ``as_of``."""
    if year is None:
        require_cycle(plan, as_of.year, "--as-of")
        return as_of.year
    require_cycle(plan, year, "--year")
    if year > as_of.year:
        raise KhcnError(t("track.year_after_as_of", year=year, as_of=vn.short_date(as_of)))
    return year


def maybe_last_year(plan: Plan, tracker: Tracker, aid: str, received: dt.date) -> int | None:
    """Return last year when a report given without ``--year`` may be last year's, sent late: it
    came before this year's deadline, and ``aid`` was reminded of last year's report and has not
    sent it; else None (a clerk who did not track last year is never asked)."""
    last = received.year - 1
    if received > per_agency.deadline(plan, received.year) or last < per_agency.first_year(plan):
        return None
    if not tracker.reminders(aid, last) or tracker.report_date(aid, last) is not None:
        return None
    return last


def statuses(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None = None) -> list[AgencyStatus]:
    """Return every tracked agency's status for the report of ``year`` (default: ``as_of``'s year)
    on ``as_of``, registry order."""
    year = cycle(plan, as_of, year)
    deadline = per_agency.deadline(plan, year)
    out = []
    for aid in owing(plan, year):
        received = tracker.report_date(aid, year)
        late = max(0, ((received or as_of) - deadline).days)
        out.append(AgencyStatus(aid, per_agency.name(plan, aid), received, late,
                                tuple(tracker.reminders(aid, year))))
    return out


def due(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None = None) -> list[Due]:
    """Return the reminders to send on ``as_of`` for the report of ``year`` (default: ``as_of``'s
    year): overdue agencies whose next round has come, each addressed to the body standing for it
    on ``as_of`` (``Due.to``: Sở Xây dựng for Sở Giao thông vận tải's 2024 report chased after
    01/3/2025); none to a body gone by then with no one else to write to (``out_of_reach``)."""
    year = cycle(plan, as_of, year)
    now, out = per_agency.on_day(plan, as_of), []
    for aid in _unreported(plan, tracker, as_of, year):
        to = addressee(now, aid)
        if to is None:
            continue
        sent = tracker.reminders(aid, year)
        if not sent:
            out.append(Due(aid, year, 1, to=to))
        elif as_of >= next_round_on(plan, sent):
            out.append(Due(aid, year, sent[-1].round + 1, sent[-1].issued, to=to))
    return out


def next_round_on(plan: Plan, sent: list[Reminder]) -> dt.date:
    """Return the first day the next reminder may follow the reminders ``sent`` (the last one's
    date plus the plan's ``dispatch.reminder_days``)."""
    return sent[-1].issued + dt.timedelta(days=plan.spec.dispatch.reminder_days)


def why_none(plan: Plan, tracker: Tracker, as_of: dt.date, year: int | None = None) -> str:
    """Return why no reminder is due on ``as_of`` for the report of ``year`` (default: ``as_of``'s),
    for a clerk who ran ``remind`` and got none: the deadline has not passed, every agency has
    reported, or the overdue ones were reminded lately (with the day the next round comes)."""
    year = cycle(plan, as_of, year)
    deadline = per_agency.deadline(plan, year)
    if as_of <= deadline:
        return t("remind.none.not_due", year=year, deadline=vn.short_date(deadline), date=vn.short_date(as_of))
    rounds = [tracker.reminders(aid, year) for aid in _unreported(plan, tracker, as_of, year)]
    upcoming = [next_round_on(plan, sent) for sent in rounds if sent]
    if not upcoming:
        return t("remind.none.reported", year=year, date=vn.short_date(as_of))
    return t("remind.none.waiting", count=len(upcoming), days=plan.spec.dispatch.reminder_days,
             next=vn.short_date(min(upcoming)))


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
    if as_of <= per_agency.deadline(plan, year):
        return []
    return [aid for aid in owing(plan, year) if not tracker.report_date(aid, year)]


def addressee(now: Plan, aid: str) -> str | None:
    """Return who a letter written at ``now.as_of`` about ``aid``'s report goes to: ``aid``
    itself, or the body it has since merged into or been renamed as; None when it is dissolved,
    or merged into the monitor (no letter to oneself)."""
    if now.dissolved(aid):
        return None
    to = now.current_id(aid)
    return None if to == now.monitor_id else to


def remind(plan: Plan, tracker: Tracker, folder: Path, template_dir: Path, as_of: dt.date,
           combined: bool = False, year: int | None = None) -> list[tuple[Reminder, Path]]:
    """Write and record the reminders due on ``as_of`` for the report of ``year`` (default:
    ``as_of``'s year); return (reminder, file) for each agency reminded.

    Every letter is rendered in memory first (a template problem stops before anything is
    written); then each file is written atomically *before* its rows are committed, so the
    database never records a reminder whose file is missing.
    """
    year = cycle(plan, as_of, year)
    todo = due(plan, tracker, as_of, year)
    by = as_of + dt.timedelta(days=plan.spec.dispatch.reminder_days)
    now = per_agency.on_day(plan, as_of)  # written by and to the bodies standing on the letter's date
    units = cong_van_don_doc.units(now, todo, as_of, by, combined)
    rendered = [(u, compile_template(template_dir / u.template).render_bytes(u.context, u.core)) for u in units]
    paths = inside_all(folder, [u.out for u in units])  # checked before anything is written, too
    done = []
    for (unit, data), group in zip(rendered, cong_van_don_doc.batches(todo, combined)):
        path = paths[unit.out]
        write_atomic(path, data)
        letter = [Reminder(d.agency, d.year, d.round, as_of, by, unit.out) for d in group]
        done += [(reminder, path) for reminder in tracker.record_reminders(letter)]
    return done


def sent_to(plan: Plan, reminder: Reminder) -> str:
    """Return who ``reminder`` went to, for a clerk's screen: the agency's name, or its successor's
    naming whose report it asks for (``cong_van_don_doc.label``)."""
    now = per_agency.on_day(plan, reminder.issued)
    return cong_van_don_doc.label(plan, Due(reminder.agency, reminder.year, reminder.round,
                                            to=addressee(now, reminder.agency)))


def format_status(plan: Plan, rows: list[AgencyStatus], as_of: dt.date, year: int | None = None) -> str:
    """Return the status report of ``year`` (default: ``as_of``'s) for a terminal: one line per
    agency, then the counts, then one line per body that no longer reports itself, and why."""
    year = as_of.year if year is None else year
    deadline, now = per_agency.deadline(plan, year), per_agency.on_day(plan, as_of)
    lines = [t("track.status_head", year=year, deadline=vn.short_date(deadline), as_of=vn.short_date(as_of))]
    for n, row in enumerate(rows, start=1):
        kind = _state(row, as_of, deadline)
        if kind == "reported":
            state = t("track.reported", date=vn.short_date(row.received))
            state += t("track.reported_late", days=row.days_late) if row.days_late else ""
        else:
            state = t(f"track.{kind}", days=row.days_late)
        sent = "; ".join(t("track.reminded", round=r.round, date=vn.short_date(r.issued)) for r in row.reminders)
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
    deadline, now = per_agency.deadline(plan, year), per_agency.on_day(plan, as_of)
    records: list[list[object]] = []
    for n, row in enumerate(rows, start=1):
        state = _state(row, as_of, deadline)
        last = row.reminders[-1].issued if row.reminders else None
        note = "" if row.received else _since(now, row.agency).strip().strip("()")
        records.append([n, row.agency, row.name, t(f"track.col.state.{state}"), row.received,
                        row.days_late, len(row.reminders), last, note])
    for aid, why in gone_agencies(plan, year):
        records.append([len(records) + 1, aid, per_agency.name(plan, aid), t("track.col.state.gone"),
                        None, None, None, None, why])
    headers = [t(f"track.col.{key}") for key in
               ("stt", "id", "name", "state", "received", "days_late", "reminders", "last_reminder", "note")]
    return Table(t("track.sheet", year=year), headers, (6, 22, 44, 24, 12, 10, 10, 12, 50), records)


def _state(row: AgencyStatus, as_of: dt.date, deadline: dt.date) -> str:
    """Return where an agency's report stands on ``as_of``: ``reported``, ``not_yet`` (not due) or ``late``."""
    return "reported" if row.received else "not_yet" if as_of <= deadline else "late"


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
