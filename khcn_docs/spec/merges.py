"""Warnings for specs that name agencies merged away (or renamed) by the plan's date, or not formed yet.

An old spec still loads: every id it names is followed to the agency that stands for it at
``Plan.as_of`` (``Plan.current_id``), so documents use the new name. Each such mention is
reported once, at its line, naming the new agency, so the clerk can update the spec.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from khcn_docs import vn
from khcn_docs.i18n import t
from khcn_docs.spec.problems import Problem, display_path, problem_at
from khcn_docs.spec.yamlsrc import Source


HEAD_REFS = (("document", "issuer"), ("reporting", "via"), ("reporting", "to"))  # agencies outside the body
Day = tuple[str, int | None, dt.date, object]
"""A day per-agency documents are made on (``document_days``): what, the report's year, the day, the plan then."""


def _get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


def merge_warnings(plan, src: Source, refs: list[tuple[tuple, str]]) -> tuple[str, ...]:
    """Return one warning per mention of an agency that, at the plan's date, is merged into another,
    dissolved or not formed yet (its task stays given to it), and per mention of a group none of
    whose members is left; ``refs``: (location, id) of every agency or group id the spec names
    (``load.check_references``, which finds them in its walk of the raw spec)."""
    out: list[str] = []
    gone_groups = {gid: _group_gone(plan, gid) for gid in plan.registry.groups}
    changed = plan.changed  # the few ids a warning may be about, each an agency's
    for loc, aid in refs:
        if aid in gone_groups:
            if gone_groups[aid] is not None:
                out.append(t("state.group_dissolved", **_where(src, loc), name=plan.registry.groups[aid].name,
                             id=aid, date=vn.short_date(gone_groups[aid])))
        elif aid not in changed:  # most ids: a body there at the plan's date, itself (or no agency's)
            continue
        elif plan.dissolved(aid):
            out.append(t("state.dissolved", **_where(src, loc), name=plan.agency(aid).name, id=aid,
                         date=vn.short_date(plan.dissolved_on(aid))))
        elif formed := plan.not_yet(aid):
            old_id = plan.agency(aid).renamed_from
            out.append(t("state.not_yet", **_where(src, loc), name=plan.agency(aid).name, id=aid,
                         old=plan.agency(old_id).name, old_id=old_id, date=vn.short_date(formed)))
        elif plan.how_gone(aid):
            words = gone_words(plan, aid)
            out.append(t(f"state.{words['how']}", **_where(src, loc), old=plan.agency(aid).name, old_id=aid, **words))
    return tuple(dict.fromkeys(out))


def dispatch_warnings(plan, src: Source) -> tuple[str, ...]:
    """Return one warning, at ``dispatch.date``, per agency with tasks at the plan's date that the
    dispatch letters, dated after it merged, was renamed or was dissolved, no longer go to (what
    goes instead: ``cong_van_trien_khai.changed_by_then``)."""
    from khcn_docs.documents.cong_van_trien_khai import changed_by_then, dispatched

    changed = changed_by_then(plan)
    if not changed:
        return ()
    where, day, view = _where(src, ("dispatch", "date")), vn.short_date(plan.spec.dispatch.date), dispatched(plan)
    out = []
    for aid, how, new_id in changed:
        old = plan.agency(aid)
        if how == "dissolved":
            words = {"new": old.name, "new_id": aid, "date": vn.short_date(view.dissolved_on(aid)), "then": "",
                     "final": old.name, "final_id": aid}
        else:
            words = gone_words(view, aid)
            how = how if how == "sender" else words["how"]
        out.append(t(f"state.dispatch.{how}", **where, day=day, old=old.name, old_id=aid,
                     **{k: v for k, v in words.items() if k != "how"}))
    return tuple(out)


def unreported_warnings(plan, src: Source) -> tuple[str, ...]:
    """Return one warning, at ``dispatch.date`` (``dispatch`` when undated), per agency a dispatch
    letter goes to that is dissolved before the first report: no report form is made for it and its
    letter asks for no report (``cong_van_trien_khai.unreported``)."""
    from khcn_docs.documents.cong_van_trien_khai import unreported
    from khcn_docs.documents.per_agency import due_said, report_years

    gone = unreported(plan)
    if not gone:
        return ()
    year, where = min(report_years(plan)), _where(src, ("dispatch", "date"))
    return tuple(t("state.dispatch.unreported", **where, name=plan.agency(aid).name, id=aid, date=vn.short_date(day),
                   year=year, deadline=due_said(plan, year))
                 for aid, day in gone)


def late_form_warnings(plan, src: Source) -> tuple[str, ...]:
    """Return one warning, at ``dispatch.date``, per year of ``reporting.years`` whose form the
    dispatch letters carry after that year's deadline (``per_agency.late_years``): that report
    cannot be on time, so the letters give it a date of their own (``per_agency.late_due``), which
    ``status`` and ``remind`` count; the clerk fixes a mistyped date, or drops the year."""
    from khcn_docs.documents.per_agency import late_due, late_years, report_years, yearly_due

    late = late_years(plan)
    if not late:
        return _own_late_form_warnings(plan, src)
    where, day = _where(src, ("dispatch", "date")), vn.short_date(plan.spec.dispatch.date)
    kept = [year for year in report_years(plan) if year not in late] or [max(late) + 1]
    return tuple(t("state.dispatch.late_form", **where, date=day, year=year,
                   deadline=vn.short_date(yearly_due(plan, year)), due=vn.short_date(late_due(plan)),
                   days=plan.spec.dispatch.reminder_days, keep=", ".join(map(str, kept)))
                 for year in late) + _own_late_form_warnings(plan, src)


def _own_late_form_warnings(plan, src: Source) -> tuple[str, ...]:
    """Return one warning, at its ``dispatch.dates`` entry, per letter dated apart from the batch and
    year whose form it carries after that year's deadline when the batch's letters do not
    (``per_agency.late_years`` of that agency): the letter gives that report its own date
    (``per_agency.late_due``), as ``late_form_warnings`` says of the batch."""
    from khcn_docs.documents.per_agency import late_due, late_years, yearly_due

    batch = set(late_years(plan))
    return tuple(t("state.dispatch.late_form.own", **_where(src, ("dispatch", "dates", aid)), id=aid,
                   name=plan.agency(aid).name, date=vn.short_date(day), year=year,
                   deadline=vn.short_date(yearly_due(plan, year)), due=vn.short_date(late_due(plan, aid)),
                   days=plan.spec.dispatch.reminder_days)
                 for aid, day in plan.spec.dispatch.dates.items() if aid in plan.registry.agencies
                 for year in late_years(plan, aid) if year not in batch)


def left_over_warnings(plan, src: Source) -> tuple[str, ...]:
    """Return one warning, at ``dispatch.date``, per report form no dispatch letter carries
    (``cong_van_trien_khai.forms_left_over``): that year's form of a body merged or renamed between
    the year's deadline and the letters' date into a successor getting no letter (one that gets a
    letter carries it: ``forms_carried``), naming the form's file, the successor and the date the
    letters give the report."""
    from khcn_docs.documents.bao_cao import file_name
    from khcn_docs.documents.cong_van_trien_khai import dispatched, forms_left_over
    from khcn_docs.documents.per_agency import due_date, for_year, folder

    left = forms_left_over(plan)
    if not left:
        return ()
    where, day, view = _where(src, ("dispatch", "date")), vn.short_date(plan.spec.dispatch.date), dispatched(plan)
    return tuple(t("state.dispatch.form_left_over", **where, date=day, year=year, name=plan.agency(aid).name, id=aid,
                   form=f"{folder(for_year(plan, year), aid)}/{file_name(year)}", heir=view.agency(heir).name,
                   due=vn.short_date(due_date(plan, year)),
                   how=t(f"state.dispatch.form_left_over.{view.how_gone(aid)}"))
                 for year, aid, heir in left)


def successor_warnings(plan, src: Source) -> tuple[str, ...]:
    """Return one warning, at ``dispatch.date``, per agency a dispatch letter goes to that another
    body stands for by the first report (merged or renamed: ``cong_van_trien_khai.reported_by``):
    the form of that year is the other body's, in its folder, sent with that body's own letter
    (``.own``) or else with this one, and the letter asks it to report. How the agency got there is
    said step by step from its first (``gone_words``: renamed, then merged into another, each with
    its day); which form is meant, by the body standing for it then (``Plan.how_gone``)."""
    from khcn_docs.documents.cong_van_trien_khai import addressees, reported_by_others
    from khcn_docs.documents.per_agency import due_said, first_report_view, folder, report_years

    heirs = reported_by_others(plan)
    if not heirs:
        return ()
    year, where = min(report_years(plan)), _where(src, ("dispatch", "date"))
    then, lettered = first_report_view(plan), set(addressees(plan))
    out = []
    for aid, heir in heirs:
        words = gone_words(then, aid)
        kind = "monitor" if heir == then.monitor_id else then.how_gone(aid)
        own = ".own" if heir in lettered and heir != then.monitor_id else ""
        step = t(f"state.dispatch.successor.step.{words['how']}", new=words["new"], date=words["date"],
                 then=words["then"])
        out.append(t(f"state.dispatch.successor.{kind}{own}", **where, name=plan.agency(aid).name, id=aid,
                     heir=then.agency(heir).name, step=step, year=year, deadline=due_said(plan, year),
                     folder=folder(then, heir)))
    return tuple(out)


def gone_words(plan, aid: str) -> dict[str, str]:
    """Return what a message says of ``aid`` merged away (or renamed) by ``plan.as_of``: ``how``
    its first step went ("merged", "renamed"), ``new``, ``new_id`` and ``date`` of that step,
    ``then`` the later steps (", nay là Sở Công Thương (so-cong-thuong) từ ngày 01/6/2025"; "" for
    one step) and ``final``, ``final_id``: the body standing for it now, whose name documents use."""
    steps = plan.merge_steps(aid)
    (first, how, day), rest = steps[0], steps[1:]
    final = plan.current_id(aid)
    return {"how": how, "new": plan.agency(first).name, "new_id": first, "date": _day(day),
            "then": chain_text((step, plan.agency(step).name, step_how, _day(on)) for step, step_how, on in rest),
            "final": plan.agency(final).name, "final_id": final}


def chain_text(steps) -> str:
    """Return the later steps of a merge chain, as said after its first (", nay là Sở Công Thương
    (so-cong-thuong) từ ngày 01/6/2025"): one per (id, name, how, dd/mm/yyyy or None) step."""
    return "".join(t(f"state.chain.{how}", new=name, new_id=aid, date=date or "?") for aid, name, how, date in steps)


def _day(day) -> str:
    """Return a merge's day as dd/mm/yyyy, or "?" when the registry gives none."""
    return vn.short_date(day) if day else "?"


def _where(src: Source, loc: tuple) -> dict:
    """Return the file, line and column of ``loc`` for a warning (looked up only for one to give)."""
    line, column = src.position(loc)
    return {"file": display_path(src.path), "line": line, "column": column}


def _group_gone(plan, group_id: str):
    """Return the day the last member of ``group_id`` was dissolved when none is left at the plan's
    date (None while one is, as for most groups: the registry is searched only for the others, or
    when the group never had a member)."""
    if plan.group_members(group_id):
        return None
    members = [a for a in plan.registry.agencies.values() if group_id in a.groups and a.merged_into is None]
    if not members or any(a.dissolved_on is None for a in members):
        return None
    return max(a.dissolved_on for a in members)


def dissolved_problems(plan, src: Source, days: list[Day]) -> list[Problem]:
    """Return an error for the issuer or the reporting bodies when they no longer exist at the
    plan's date, or on another day a document naming them is made (``days``, from ``document_days``:
    the dispatch's date, a report year's deadline): a plan cannot be issued by, or reported to, a
    dissolved body."""
    problems = []
    for loc in HEAD_REFS:
        aid = _get(_get(src.data, loc[0]), loc[1])
        if not isinstance(aid, str) or aid not in plan.registry.agencies:
            continue
        if plan.dissolved(aid):
            problems.append(problem_at(src, loc, t("spec.dissolved", name=plan.agency(aid).name, id=aid,
                                                   date=vn.short_date(plan.dissolved_on(aid))),
                                       t("spec.dissolved.hint")))
            continue
        named = _named_by(plan, loc)
        if gone := next(((what, year, day, view) for what, year, day, view in days
                         if what in named and view.dissolved(aid)), None):
            what, year, day, view = gone
            words = {"name": plan.agency(aid).name, "id": aid, "date": vn.short_date(view.dissolved_on(aid)),
                     "day": vn.short_date(day), "year": year}
            problems.append(problem_at(src, loc, t(f"spec.dissolved.{what}", **words),
                                       t(f"spec.dissolved.{what}.hint", **words)))
    return problems


def _named_by(plan, loc: tuple) -> set[str]:
    """Return the documents made on a day of their own (``dispatch``, ``report``) that name the body
    at ``loc``: the monitor (``reporting.via``) sends the dispatch letters and is sent the reports,
    and the monitor's own form goes to ``reporting.to``, else to the issuer, which sends the letters
    instead when ``dispatch.sender`` says so."""
    if loc == ("reporting", "via"):
        return {"dispatch", "report"}
    if loc == ("reporting", "to"):
        return {"report"}
    spec = plan.spec
    return {what for what, named in (("report", spec.reporting.to is None),
                                     ("dispatch", spec.dispatch.sender == "issuer")) if named}


def document_days(plan) -> list[Day]:
    """Return (``dispatch`` or ``report``, the report's year or None, the day, the plan as its
    agencies stand that day) for each day its per-agency documents are made on, in date order: the
    dispatch's date (the plan's own while the letters are undated), each report year's deadline.
    Worked out once per load and given to ``dissolved_problems`` and ``parent_problems``."""
    from khcn_docs.documents import cong_van_trien_khai, per_agency

    days = [("report", year, per_agency.deadline(plan, year), per_agency.for_year(plan, year))
            for year in per_agency.report_years(plan)]
    days.append(("dispatch", None, plan.spec.dispatch.date or plan.as_of, cong_van_trien_khai.dispatched(plan)))
    return sorted(days, key=lambda day: day[2])


def parent_problems(plan, registry_src: Source, days: list[Day]) -> list[Problem]:
    """Return an error, at the registry's ``parent`` line, for each agency whose header would print
    a parent dissolved by the day its document is made (``headers``, on ``days``); a parent merged
    away is followed instead, as the issuer is. ``registry_src`` is read again for positions only
    when a stored registry (no positions) has something to say."""
    problems, said = [], set()
    for what, year, day, view, ids in headers(plan, days):
        if not any(view.dissolved(aid) for aid in view.changed):  # no body dissolved that day (most days)
            continue
        for aid in ids:
            parent = plan.agency(aid).parent
            if aid in said or parent is None or not view.dissolved(parent):
                continue
            said.add(aid)
            registry_src = registry_src.with_positions()
            words = {"name": plan.agency(aid).name, "id": aid, "parent": plan.agency(parent).name, "parent_id": parent,
                     "date": vn.short_date(view.dissolved_on(parent)), "day": vn.short_date(day), "year": year}
            problems.append(problem_at(registry_src, ("agencies", aid, "parent"),
                                       t("spec.dissolved_parent", document=t(f"spec.document.{what}", **words), **words),
                                       t("spec.dissolved_parent.hint", **words)))
    return problems


def headers(plan, days: list[Day]) -> Iterator[tuple[str, int | None, dt.date, object, tuple[str, ...]]]:
    """Yield (``plan``, ``dispatch`` or ``report``, the report's year or None, the day, the plan as
    its agencies stand that day, the agencies whose header its documents print): the plan's issuer;
    on each of ``days`` (``document_days``), the sender of the dispatch letters or every agency with
    a report form that year."""
    from khcn_docs.documents import per_agency

    yield "plan", None, plan.as_of, plan, (plan.issuer_id,)
    for what, year, day, view in days:
        yield what, year, day, view, ((per_agency.sender_id(view),) if what == "dispatch"
                                      else per_agency.recipients(view))
