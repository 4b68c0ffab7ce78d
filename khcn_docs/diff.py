"""Comparing two plans: what a revision changes for each agency, in words a clerk can read.

``compare(old, new)`` works on two loaded ``Plan`` objects (two spec files, the same spec read
with two variables folders, or — ``load_pair`` with two registry files — the same spec read with
two versions of ``agencies.yaml``) and returns a ``PlanDiff``: agencies merged or renamed between the
two registries, tasks whose lead agencies changed, per agency the tasks added, removed,
reworded (same task id, other text), amended (other deadline, product or place) and role changes
(chủ trì ↔ phối hợp), and what changed in the plan besides its tasks (its settings, the lists of
``opening``, ``can_cu`` and ``recipients``, the headings and paragraphs of its body). ``text_lines``
and ``as_json`` render it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterator, NamedTuple

import click

from khcn_docs import vn
from khcn_docs.documents import bao_cao, common, cong_van_trien_khai, per_agency
from khcn_docs.i18n import t
from khcn_docs.plan import Plan, Task, number_label
from khcn_docs.spec.load import file_variables_kind, load_plan, missing_file, refused
from khcn_docs.spec.merges import chain_text

EXCERPT = 70
CONTEXT = 25
WORD = re.compile(r"\s+|\w+|[^\w\s]")  # a word (a syllable: Vietnamese words are spaced), a space, a mark
SHORT = EXCERPT  # a changed value up to this long is shown whole (uncut), a longer one where it changed
GENERAL_LINES = 15  # lines of the plan's other changes printed; JSON has every one
ALIKE = 3  # tasks whose place was renumbered alike (a section inserted before theirs) said on one line from this many
DETAILS = ("deadline", "product", "label")  # what of a task besides its text and agencies a document shows
NOT_CONTENT = {"body", "revises", "variables"}  # spec keys compared otherwise (body) or not content


@dataclass
class AgencyNote:
    """An agency of the old plan that the new registry merges into, or renames as, another."""

    old_id: str
    old_name: str
    new_id: str
    new_name: str
    how: str                  # "merged" or "renamed"
    date: str | None = None   # dd/mm/yyyy of the merge, when known
    steps: list[dict] = field(default_factory=list)
    """The merges followed to ``new_id``, each ``{"id", "name", "how", "date"}``: more than one when
    the body it went to went on into another (Sở Kế hoạch và Đầu tư into Sở Tài chính, then that
    into a third); the first gives ``date``."""


@dataclass
class TaskItem:
    """A task as one agency sees it: id, place in the plan, role, text (and old values when changed)."""

    task: str
    label: str
    role: str | None = None
    text: str = ""
    old_role: str | None = None
    old_text: str | None = None
    changed: dict[str, list[str | None]] = field(default_factory=dict)
    """For an amended task: ``deadline``, ``product`` or ``label`` (its place) → [old, new]."""


LISTS = ("added", "removed", "reworded", "amended", "role_changed", "moved")  # an agency's lists of changed tasks


@dataclass
class AgencyChanges:
    """What the revision changes for one agency."""

    id: str
    name: str
    status: str = "changed"   # "changed", "new" (no task before), "gone" (none any more), "merged", "renamed",
    #                           "dissolved" (it no longer exists at the new plan's date)
    since: str | None = None  # the day it was dissolved (dd/mm/yyyy), for "dissolved"
    added: list[TaskItem] = field(default_factory=list)
    removed: list[TaskItem] = field(default_factory=list)
    reworded: list[TaskItem] = field(default_factory=list)
    amended: list[TaskItem] = field(default_factory=list)
    role_changed: list[TaskItem] = field(default_factory=list)
    moved: list[TaskItem] = field(default_factory=list)  # now elsewhere in the agency's list of tasks

    @property
    def empty(self) -> bool:
        """Return True when nothing changed for the agency."""
        return not any(getattr(self, name) for name in LISTS)


@dataclass
class Reassigned:
    """A task whose lead agencies changed: the ids added to and dropped from its leads."""

    task: str
    label: str
    added: list[str]
    dropped: list[str]


@dataclass
class FieldChange:
    """A change of the plan besides its tasks: a setting (``reporting.day``), an entry of a list
    (``recipients``: ``old`` None when added, ``new`` None when removed), or a heading or paragraph of
    the body that is not a task (``body``, at ``label``). Values as text: dates dd/mm/yyyy."""

    field: str
    old: str | None
    new: str | None
    label: str = ""


@dataclass
class Restyled:
    """An entry of the body written as another kind (``item`` → ``paragraph``…): same text, other layout."""

    label: str
    text: str
    old_kind: str
    new_kind: str
    task: str | None = None


@dataclass
class ViewChanges:
    """What changes in the documents made from the plan as its agencies stand on a later day, beyond
    what the plan's own date shows: the dispatch letters (``dispatch``, on the dispatch's date) or a
    year's report forms (``report``, on that year's deadline). A merge dated between the plan's date
    and that day changes these documents only."""

    what: str                 # "dispatch" or "report"
    day: str                  # dd/mm/yyyy: the day the registry is read at for these documents
    year: int | None = None   # the report's year
    merged: list[AgencyNote] = field(default_factory=list)
    agencies: list[AgencyChanges] = field(default_factory=list)


@dataclass
class ReportDuty:
    """An agency with tasks in both plans whose yearly report form, and the report it owes, comes
    (``old_years`` empty) or goes (``new_years`` empty), and why the plan without it has none: on
    the deadline of ``year`` (``deadline``) the body was dissolved or had merged into, or been
    renamed as, ``successor`` (``how``, since ``date``); ``how`` "" when it simply has no form then."""

    id: str
    name: str
    old_years: list[int]
    new_years: list[int]
    years: list[int] = field(default_factory=list)  # the report years of the plan without its form
    year: int | None = None
    deadline: str | None = None  # dd/mm/yyyy of the day the report is due there (a working day, as the documents give)
    deadline_said: str = ""      # that day as messages say it (``17/11/2025 (15/11/2025 là ngày nghỉ)``)
    how: str = ""            # "dissolved", "merged", "renamed" or ""
    date: str | None = None  # dd/mm/yyyy of that dissolution or merge
    successor: str | None = None  # the name of the body that took over


@dataclass
class Rekeyed:
    """An id that changed while what it names stayed: an agency with the same name and place in
    the registry (so the same folder: ``build`` keeps its documents as its own, ``outdated.taken_over``),
    or a task with the same text, place, agencies, deadline and product (no document prints a task's id)."""

    what: str    # "agency" or "task"
    old: str
    new: str
    name: str    # the agency's name, or the task's place (``II.2.a``)


@dataclass(frozen=True)
class Keys:
    """Old id → new id of the agencies and tasks whose id alone changed: the old plan's ids are read
    as the new ones wherever the two plans are matched."""

    agencies: dict[str, str] = field(default_factory=dict)
    tasks: dict[str, str] = field(default_factory=dict)

    def agency(self, agency_id: str) -> str:
        """Return the id ``agency_id`` of the old registry has in the new one (itself, mostly)."""
        return self.agencies.get(agency_id, agency_id)

    def task(self, task_id: str) -> str:
        """Return the id the old plan's task ``task_id`` has in the new plan (itself, mostly)."""
        return self.tasks.get(task_id, task_id)


@dataclass
class PlanDiff:
    """The whole comparison: of two plans, or of one plan (``plan``) read with two registries."""

    old: str
    new: str
    plan: str = ""
    merged: list[AgencyNote] = field(default_factory=list)
    reassigned: list[Reassigned] = field(default_factory=list)
    agencies: list[AgencyChanges] = field(default_factory=list)
    general: list[FieldChange] = field(default_factory=list)
    restyled: list[Restyled] = field(default_factory=list)
    reordered: list[str] = field(default_factory=list)  # ids of the tasks now elsewhere in the plan's order
    views: list[ViewChanges] = field(default_factory=list)  # the dispatch letters', the report forms' own changes
    rekeyed: list[Rekeyed] = field(default_factory=list)  # ids changed alone (agencies, then tasks)
    reports: list[ReportDuty] = field(default_factory=list)  # agencies whose report form comes or goes

    @property
    def empty(self) -> bool:
        """Return True when the two plans say the same: same tasks to the same agencies, same settings,
        texts, layout and order, also on the dispatch's date and each report's deadline (the
        documents built from them are then the same), and no agency with documents has another id
        (its documents are kept, recorded under the new id); a task's new id alone is no change."""
        return not (self.merged or self.reassigned or self.agencies or self.general or self.restyled
                    or self.reordered or self.views or self.reports or any(r.what == "agency" for r in self.rekeyed))


def amended(spec: str, plan: str | None = None) -> str:
    """Return the spec that the plan ``spec`` amends (its ``revises``), to compare it with; raise
    click.UsageError when it names none (two files are then needed) or ``--plan`` is given."""
    ctx = click.get_current_context(silent=True)
    if plan is not None:
        raise click.UsageError(t("diff.registries.need_two"), ctx)
    revision = load_plan(spec)
    if revision.spec.revises is None:
        raise click.UsageError(t("diff.one_file", spec=spec), ctx)
    return str(Path(spec).parent / revision.spec.revises)


def load_pair(old: str, new: str, plan: str | None = None) -> tuple[Plan, Plan]:
    """Return the two plans to compare: the plans ``old`` and ``new``, or, when both are agency
    registries, the plan ``plan`` read with each; raise click.UsageError for any other mix."""
    for name in (old, new):
        if not Path(name).is_file():  # said as such, not as "the other file is a plan"
            if plan is not None:  # OLD and NEW are then registries
                raise refused([missing_file(Path(name), "registry")])
            load_plan(name)
    kinds = (file_variables_kind(old), file_variables_kind(new))
    ctx = click.get_current_context(silent=True)
    if "signers" in kinds:  # neither a plan nor a registry: the signers list, said as such
        raise click.UsageError(t("diff.signers", path=old if kinds[0] == "signers" else new), ctx)
    registries = (kinds[0] == "registry", kinds[1] == "registry")
    if all(registries):
        if plan is None:
            raise click.UsageError(t("diff.registries.need_plan", old=old, new=new), ctx)
        return load_plan(plan, agencies=old), load_plan(plan, agencies=new)
    if any(registries):
        raise click.UsageError(t("diff.registries.mixed", registry=old if registries[0] else new), ctx)
    if plan is not None:
        raise click.UsageError(t("diff.registries.plan_unused"), ctx)
    return load_plan(old), load_plan(new)


def compare(old: Plan, new: Plan, registries: bool = False) -> PlanDiff:
    """Return what changes from ``old`` to ``new``; with ``registries``, they are one plan read with
    two versions of the agency registry (``load_pair``), which the comparison names."""
    diff = PlanDiff(old.sources[1][0], new.sources[1][0], str(new.spec_path)) if registries \
        else PlanDiff(str(old.spec_path), str(new.spec_path))
    old_views, new_views = views(old), views(new)
    keys, diff.rekeyed = rekeyed(old, new, set().union(*(_in_use(plan) for plan in (old, *old_views.values()))))
    on_plan_day = plan_day_used(old, old_views) or plan_day_used(new, new_views)
    if on_plan_day:  # else every per-agency document is made on a later day: said by the views alone
        diff.merged = merged_agencies(old, new, keys)
        diff.agencies = agencies_changed(old, new, diff.merged, keys)
    first = (old, new) if on_plan_day else (old_views[("dispatch", None)], new_views[("dispatch", None)])
    diff.reassigned = reassigned(*first, keys)
    diff.general = general_changes(old, new, list(old_views.values()), list(new_views.values()), keys)
    diff.restyled = restyled(old, new, keys)
    diff.reordered = out_of_order([keys.task(t.id) for t in old.tasks], [t.id for t in new.tasks])
    letters = {*map(keys.agency, cong_van_trien_khai.addressees(old)), *cong_van_trien_khai.addressees(new)}
    for key, now in new_views.items():
        then = old_views.get(key)
        if then is not None and (then is not old or now is not new or not on_plan_day):
            view = view_changes(key, then, now, diff, keys)
            if key[0] == "dispatch":  # the sender writes the letters and gets none
                view.agencies = [changes for changes in view.agencies if changes.id in letters]
            if view.merged or view.agencies:
                diff.views.append(view)
    diff.reports = report_duties(old, new, diff, keys)
    return diff


def reporters(plan: Plan) -> dict[str, list[int]]:
    """Return, by agency id, the years of ``reporting.years`` it has a report form for, the report it
    owes: it stands on that year's deadline with tasks (``per_agency.for_year``) and the monitor
    did not take it over (``bao_cao.owed``, the forms ``bao_cao.units`` makes)."""
    out: dict[str, list[int]] = {}
    for year, aid in bao_cao.owed(plan):
        out.setdefault(aid, []).append(year)
    return out


def report_duties(old: Plan, new: Plan, diff: PlanDiff, keys: Keys = Keys()) -> list[ReportDuty]:
    """Return the agencies with documents from both plans whose report form comes or goes (a district
    dissolved before the new plan's deadline keeps its tasks and letter but owes no report), new
    registry order; not those that ``diff`` already says new, gone, merged or dissolved."""
    before, after = {keys.agency(a): y for a, y in reporters(old).items()}, reporters(new)
    said = {a.id for a in diff.agencies if a.status != "changed"} | \
        {a.id for view in diff.views for a in view.agencies if a.status != "changed"}
    both = set(map(keys.agency, per_agency.recipients(old))) & set(per_agency.recipients(new))
    old_id = {b: a for a, b in keys.agencies.items()}
    old_first, new_first = _first_report(old), _first_report(new)
    out = []
    for aid in sorted(both - said, key=new.position):
        if bool(before.get(aid)) == bool(after.get(aid)):
            continue
        duty = ReportDuty(aid, new.agency(aid).name, before.get(aid, []), after.get(aid, []))
        if before.get(aid):
            _why_none(duty, new, aid, *new_first)
        else:
            _why_none(duty, old, old_id.get(aid, aid), *old_first)
        out.append(duty)
    return out


def _first_report(plan: Plan) -> tuple[tuple[int, ...], Plan]:
    """Return (the report years of ``plan``, ``plan`` as its agencies stand on the first one's
    deadline: ``per_agency.for_year``), worked out once per plan for ``_why_none``."""
    years = per_agency.report_years(plan)
    return years, per_agency.for_year(plan, min(years))


def _why_none(duty: ReportDuty, plan: Plan, aid: str, years: tuple[int, ...], then: Plan) -> None:
    """Fill in why ``aid`` has no report form in ``plan``: how it stands on its first report deadline
    (``years``, ``then``: ``_first_report`` of ``plan``)."""
    duty.years = list(years)
    year = min(years)
    duty.year, duty.deadline = year, vn.short_date(per_agency.due_date(plan, year))
    duty.deadline_said = per_agency.due_said(plan, year)
    if then.dissolved(aid):
        duty.how, duty.date = "dissolved", vn.short_date(then.dissolved_on(aid))
    elif how := then.how_gone(aid):
        on = then.merge_steps(aid)[0][2]
        duty.how, duty.date = how, vn.short_date(on) if on else None
        duty.successor = then.agency(then.current_id(aid)).name


def plan_day_used(plan: Plan, made_from: dict[tuple[str, int | None], Plan]) -> bool:
    """Return True when a per-agency document is made from the plan as its agencies stand on its
    own date (``made_from``: ``views``): the dispatch letters while undated, a report form whose
    deadline is not after the plan's date, any of them when no merge falls in between. A plan
    dispatched after a merge, with forms only for later years, reads the registry on those days only."""
    return any(view.as_of == plan.as_of for view in made_from.values())


def rekeyed(old: Plan, new: Plan, in_use: set[str]) -> tuple[Keys, list[Rekeyed]]:
    """Return the ids that alone changed from ``old`` to ``new`` and the lines saying them: the
    agencies of ``in_use`` whose id is gone from the new registry while one new to it has the same
    folder (same name and place: ``build`` takes its documents over), then the tasks whose id is gone
    while one new to the plan has the same text, place, agencies, deadline and product."""
    came = {per_agency.folder(new, a): a for a in new.registry.agencies if a not in old.registry.agencies}
    agencies = {a: came[f] for a in old.registry.agencies
                if a not in new.registry.agencies and a in in_use and (f := per_agency.folder(old, a)) in came}
    keys = Keys(agencies)
    said = [Rekeyed("agency", a, b, new.agency(b).name) for a, b in agencies.items()]
    old_ids, new_ids = {t.id for t in old.tasks}, {t.id for t in new.tasks}
    gone = _by_content([t for t in old.tasks if t.id not in new_ids], keys)
    added = _by_content([t for t in new.tasks if t.id not in old_ids], Keys())
    tasks = {gone[c][0].id: added[c][0].id for c in gone if len(gone[c]) == 1 and len(added.get(c, ())) == 1}
    said += [Rekeyed("task", a, b, next(t.label for t in new.tasks if t.id == b)) for a, b in tasks.items()]
    return Keys(agencies, tasks), said


def _by_content(tasks: list[Task], keys: Keys) -> dict[tuple, list[Task]]:
    """Return the tasks by what a document shows of them (text, place, agencies as ``keys`` reads them,
    deadline, product, sub-items)."""
    out: dict[tuple, list[Task]] = {}
    for task in tasks:
        content = (task.text, task.label, tuple(map(keys.agency, task.lead)), tuple(map(keys.agency, task.support)),
                   task.deadline, task.product, task.items)
        out.setdefault(content, []).append(task)
    return out


def agencies_changed(old: Plan, new: Plan, merged: list[AgencyNote], keys: Keys = Keys()) -> list[AgencyChanges]:
    """Return the changes of every agency with tasks in either plan, in the new registry's order
    (``merged``: the merges and renames between them, which say how an agency went; ``keys``: the
    ids that alone changed)."""
    collapsed = {n.old_id: n.how for n in merged if n.old_id != n.new_id}
    former = {n.new_id: n.old_id for n in merged if n.how == "renamed" and n.old_id != n.new_id}
    former.update({b: a for a, b in keys.agencies.items()})
    ids = list(new.assigned_agencies) + [a for a in old.assigned_agencies
                                         if keys.agency(a) not in new.assigned_agencies]
    out = []
    for aid in ids:
        changes = agency_changes(old, new, aid, former.get(aid), keys)
        if aid in collapsed:
            changes.status = collapsed[aid]
        if not changes.empty:
            out.append(changes)
    return out


def views(plan: Plan) -> dict[tuple[str, int | None], Plan]:
    """Return the plans the per-agency documents are made from, by (``dispatch``, None) and
    (``report``, year): the plan as its agencies stand on the dispatch's date and on each report
    year's deadline (the plan itself when no merge or dissolution falls in between)."""
    out: dict[tuple[str, int | None], Plan] = {("dispatch", None): cong_van_trien_khai.dispatched(plan)}
    for year in per_agency.report_years(plan):
        out[("report", year)] = per_agency.for_year(plan, year)
    return out


def view_changes(key: tuple[str, int | None], old: Plan, new: Plan, diff: PlanDiff, keys: Keys = Keys()) -> ViewChanges:
    """Return what changes for the documents of ``key`` (the plans ``old`` and ``new`` as their
    agencies stand on that day) that ``diff``, of the plans at their own dates, does not say yet."""
    what, year = key
    on = (new.spec.dispatch.date or old.spec.dispatch.date) if what == "dispatch" else per_agency.deadline(new, year)
    merged = merged_agencies(old, new, keys)
    said = {a.id: a for a in diff.agencies}
    agencies = [rest for changes in agencies_changed(old, new, merged, keys)
                if not (rest := _unsaid(changes, said.get(changes.id))).empty]
    return ViewChanges(what, vn.short_date(on) if on else "", year, [n for n in merged if n not in diff.merged], agencies)


def _unsaid(changes: AgencyChanges, said: AgencyChanges | None) -> AgencyChanges:
    """Return ``changes`` less the task changes ``said`` (the same agency's, already said) holds."""
    if said is None:
        return changes
    rest = AgencyChanges(changes.id, changes.name, changes.status, changes.since)
    for name in LISTS:
        setattr(rest, name, [item for item in getattr(changes, name) if item not in getattr(said, name)])
    return rest


def reassigned(old: Plan, new: Plan, keys: Keys = Keys()) -> list[Reassigned]:
    """Return the tasks whose lead agencies changed, beyond what merges (and ``keys``, ids that
    alone changed) explain."""
    old_tasks = {keys.task(task.id): task for task in old.tasks}
    out = []
    for task in new.tasks:
        before = old_tasks.get(task.id)
        if before is None:
            continue
        followed = [new.current_id(a) if a in new.registry.agencies else a for a in map(keys.agency, before.lead)]
        added = [a for a in task.lead if a not in followed]
        dropped = [a for a, cur in zip(before.lead, followed) if cur not in task.lead]
        if added or dropped:
            out.append(Reassigned(task.id, task.label, added, dropped))
    return out


def merged_agencies(old: Plan, new: Plan, keys: Keys = Keys()) -> list[AgencyNote]:
    """Return the old plan's agencies that the new plan's registry merges away or renames (an id
    that alone changed, ``keys``, is said apart)."""
    notes = []
    for aid in old.assigned_agencies:
        if aid not in new.registry.agencies or aid in keys.agencies:
            continue
        current, how = new.current_id(aid), new.how_gone(aid)
        if how:
            merged_on = new.agency(aid).merged_on
            steps = [{"id": step, "name": new.agency(step).name, "how": step_how,
                      "date": vn.short_date(on) if on else None} for step, step_how, on in new.merge_steps(aid)]
            notes.append(AgencyNote(aid, old.agency(aid).name, current, new.agency(current).name, how,
                                    vn.short_date(merged_on) if merged_on else None, steps))
        elif new.agency(aid).name != old.agency(aid).name:
            notes.append(AgencyNote(aid, old.agency(aid).name, aid, new.agency(aid).name, "renamed"))
    return notes


def _item(task: Task, role: str | None) -> TaskItem:
    return TaskItem(task.id, task.label, role, task.text)


def agency_changes(old: Plan, new: Plan, aid: str, former: str | None = None, keys: Keys = Keys()) -> AgencyChanges:
    """Return the tasks added, removed, reworded and changed in role for agency ``aid``
    (``former``: the id it had in the old plan, when it was renamed; ``keys``: the old tasks' new ids)."""
    before = {keys.task(task.id): (task, role) for task, role in old.tasks_for(former or aid)}
    after = {task.id: (task, role) for task, role in new.tasks_for(aid)}
    plan = new if aid in new.registry.agencies else old
    status = "new" if not before else "gone" if not after else "changed"
    out = AgencyChanges(aid, plan.agency(aid).name, status)
    if status == "gone" and aid in new.registry.agencies and new.dissolved(aid):
        out.status, out.since = "dissolved", vn.short_date(new.dissolved_on(aid))
    out.added = [_item(task, role) for tid, (task, role) in after.items() if tid not in before]
    out.removed = [_item(task, role) for tid, (task, role) in before.items() if tid not in after]
    for tid, (task, role) in after.items():
        if tid not in before:
            continue
        old_task, old_role = before[tid]
        if old_role != role:
            out.role_changed.append(TaskItem(tid, task.label, role, task.text, old_role=old_role))
        if old_task.text != task.text:
            out.reworded.append(TaskItem(tid, task.label, role, task.text, old_text=old_task.text))
        changed = {name: [getattr(old_task, name), getattr(task, name)] for name in DETAILS
                   if getattr(old_task, name) != getattr(task, name)}
        if changed:
            out.amended.append(TaskItem(tid, task.label, role, task.text, changed=changed))
    moved = set(out_of_order(list(before), list(after)))
    out.moved = [_item(task, role) for tid, (task, role) in after.items() if tid in moved]
    return out


def out_of_order(before: list[str], after: list[str]) -> list[str]:
    """Return the ids, of those in both lists, that ``after`` puts elsewhere than ``before`` does:
    the fewest that, moved back, give the old order (those outside a longest common subsequence)."""
    known = set(before) & set(after)
    old, new = [i for i in before if i in known], [i for i in after if i in known]
    if old == new:
        return []
    blocks = SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
    kept = {new[block.b + k] for block in blocks for k in range(block.size)}
    return [i for i in new if i not in kept]


def general_changes(old: Plan, new: Plan, old_views: list[Plan] = (), new_views: list[Plan] = (),
                    keys: Keys = Keys()) -> list[FieldChange]:
    """Return what differs between the two plans besides their tasks: settings and lists outside the
    body (in the order the new spec has them), the body's headings and paragraphs, then what the
    variables they read say otherwise (an agency's abbreviation, a signer's name, of an agency
    the documents name at the plan's date or in ``old_views``, ``new_views``: on the dispatch's
    date, a report's deadline; merges, renames and ids that alone changed, ``keys``, are said as such,
    not here)."""
    out = _setting_changes(_spec_settings(old), _spec_settings(new))
    out += _list_changes("body", list(_body_texts(old.spec.body)), list(_body_texts(new.spec.body)))
    if old.variables_json != new.variables_json:
        plans = (old, new, *old_views, *new_views)
        agencies, heads = set().union(*(_in_use(plan) for plan in plans)), set().union(*(_heads(plan) for plan in plans))
        named_old = {aid for aid in _named_only(old) if keys.agency(aid) in _named_only(new)}
        before = {keys.agency(aid): printed for aid, printed in _printed(old, agencies, heads, named_old).items()}
        out += _entry_changes("agencies", before, _printed(new, agencies, heads, {keys.agency(a) for a in named_old}))
        signers = _signers(old) | _signers(new)
        out += _entry_changes("signers", {k: v.model_dump() for k, v in old.signers.signers.items() if k in signers},
                              {k: v.model_dump() for k, v in new.signers.signers.items() if k in signers})
    return out


def _in_use(plan: Plan) -> set[str]:
    """Return the ids of the agencies the plan's documents are issued by or addressed to: its agencies
    with tasks, the issuer, the body reports go through and the one they go to (as the documents
    name them: merges followed). What they print of the bodies above them is compared with them
    (``_printed``)."""
    return {a for a in {*plan.assigned_agencies, *_heads(plan)} if a}


def _heads(plan: Plan) -> set[str]:
    """Return the ids of the bodies whose short name a document prints besides their own header
    (``UBND tỉnh Quảng Trị (b/c)``, ``… của Sở KH&CN``): the issuer, the sender of the letters, the
    body reports go through and the one they go to."""
    monitor = plan.monitor_id
    return {plan.issuer_id, per_agency.sender_id(plan), monitor,
            per_agency.report_to(plan, monitor)}


PRINTED = ("name", "abbreviation", "header_name", "head_title")  # an agency's own fields its documents print


def _named_only(plan: Plan) -> set[str]:
    """Return the ids of the bodies the documents name but that issue none: those whose report forms
    their successor files (``cong_van_trien_khai.forms_carried``: Sở Giao thông vận tải's 2024 form,
    headed and signed by Sở Xây dựng), which get no dispatch letter either."""
    return {aid for _, aid, _ in cong_van_trien_khai.forms_carried(plan)}


def _printed(plan: Plan, ids: set[str], heads: set[str],
             named_only: set[str] = frozenset()) -> dict[str, dict[str, object]]:
    """Return, for each agency of ``ids`` in the registry, what the documents print of it: its
    names, abbreviation and head's title, the line of the body above it (as merged by then, not
    that body's id), its place (its own or that body's), the code of its first unit (``Lưu: VT,
    …``; not the units' names) and, for ``heads``, its short name; only its name for one of
    ``named_only`` (``_named_only``: no document has its header or signature)."""
    out = {}
    for aid in [a for a in plan.registry.agencies if a in ids]:
        agency = plan.agency(aid)
        if aid in named_only:
            out[aid] = {"name": agency.name}
            continue
        printed: dict[str, object] = {name: getattr(agency, name) for name in PRINTED}
        parent = common.parent_of(plan, agency)
        printed["parent"] = (parent.short_name or parent.name) if parent else None
        printed["place"] = common.place_of(plan, agency)
        printed["units"] = next(iter(agency.units), None)
        if aid in heads:
            printed["short_name"] = agency.short_name
        out[aid] = printed
    return out


def _signers(plan: Plan) -> set[str]:
    """Return the ids of the signers the plan's documents name (the plan's, the dispatch letters',
    the reminders'), and the monitor's head (``per_agency.head_signer``), whom reminders may name."""
    blocks = (plan.spec.signature, plan.spec.dispatch.signature, plan.spec.reporting.signature)
    head = per_agency.head_signer(plan, plan.monitor_id)
    return {sig.signer for sig in blocks if sig is not None} | ({head} if head else set())


def _entry_changes(section: str, before: dict[str, dict], after: dict[str, dict]) -> list[FieldChange]:
    """Return, of the entries of a variables file's ``section`` (id → what is compared of it), those
    added or removed (said by name) and the fields changed in the others, as ``section.id.field``."""
    out = []
    for key in list(after) + [k for k in before if k not in after]:
        if key not in before or key not in after:
            out.append(FieldChange(f"{section}.{key}", key in before and before[key]["name"] or None,
                                   key in after and after[key]["name"] or None))
        else:
            out += _setting_changes(dict(_settings(before[key], f"{section}.{key}")),
                                    dict(_settings(after[key], f"{section}.{key}")))
    return out


def _setting_changes(before: dict[str, object], after: dict[str, object]) -> list[FieldChange]:
    """Return the settings (dotted path → value) that differ, in ``after``'s order then ``before``'s
    own; a list compared entry by entry."""
    out = []
    for path in list(after) + [p for p in before if p not in after]:
        was, now = before.get(path), after.get(path)
        if was == now:
            continue
        if isinstance(was, tuple) or isinstance(now, tuple):
            out += _list_changes(path, list(was or ()), list(now or ()))
        else:
            out.append(FieldChange(path, _text(was), _text(now)))
    return out


def _spec_settings(plan: Plan) -> dict[str, object]:
    """Return the plan spec's settings (``_settings``), its report years as they result: those
    written in ``reporting.years``, else the plan's first report year (``per_agency.report_years``),
    so a spec that leaves them out is compared by the forms it does make."""
    settings = dict(_settings(plan.spec.model_dump(exclude=NOT_CONTENT)))
    if "reporting.years" in settings:
        settings["reporting.years"] = per_agency.report_years(plan)
    return settings


def _settings(value: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Yield (dotted path, value) for every setting in ``value``; a list is one value (a tuple)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _settings(item, f"{path}.{key}" if path else str(key))
    else:
        yield path, tuple(value) if isinstance(value, list) else value


class _Entry(NamedTuple):
    label: str
    kind: str
    text: str
    task: str | None


def _body(nodes: tuple, label: tuple[str, ...] = ()) -> Iterator[_Entry]:
    """Yield every entry of the body in plan order, with its place (numbered as
    ``plan._collect_tasks`` numbers the tasks' places)."""
    counter = 0
    for node in nodes:
        node_label = label
        if node.kind in ("section", "point"):
            node_label = label + (number_label(len(label), counter).rstrip(".)"),)
            counter += 1
        yield _Entry(".".join(node_label), node.kind, node.text, node.task)
        yield from _body(node.children, node_label)


def _body_texts(nodes: tuple) -> Iterator[tuple[str, str]]:
    """Yield (place, text) of every heading and paragraph of the body that is not a task."""
    return ((entry.label, entry.text) for entry in _body(nodes) if not entry.task)


def restyled(old: Plan, new: Plan, keys: Keys = Keys()) -> list[Restyled]:
    """Return the body's entries written as another kind in ``new``: a task by its id (``keys``: the
    old tasks' new ids), any other entry matched by its unchanged text, in the new plan's order."""
    before, after = list(_body(old.spec.body)), list(_body(new.spec.body))
    old_tasks = {keys.task(entry.task): entry for entry in before if entry.task}
    pairs = [(old_tasks[entry.task], entry) for entry in after if entry.task in old_tasks]
    others_old, others_new = [e for e in before if not e.task], [e for e in after if not e.task]
    matcher = SequenceMatcher(None, [e.text for e in others_old], [e.text for e in others_new], autojunk=False)
    pairs += [(others_old[block.a + k], others_new[block.b + k])
              for block in matcher.get_matching_blocks() for k in range(block.size)]
    order = {id(entry): n for n, entry in enumerate(after)}
    return [Restyled(now.label, now.text, was.kind, now.kind, now.task)
            for was, now in sorted(pairs, key=lambda pair: order[id(pair[1])]) if was.kind != now.kind]


def _list_changes(path: str, old: list, new: list) -> list[FieldChange]:
    """Return the entries added to, removed from, changed in and moved within a list (an entry
    changed in place is one change, old → new; one moved, the same text elsewhere, is old == new,
    at its new place); body entries are (place, text) pairs compared by text."""
    text = (lambda item: item[1]) if path == "body" else (lambda item: item)
    ops = [op for op in SequenceMatcher(None, [text(i) for i in old], [text(i) for i in new],
                                        autojunk=False).get_opcodes() if op[0] != "equal"]
    moved = Counter(text(old[i]) for _, i1, i2, _, _ in ops for i in range(i1, i2)) \
        & Counter(text(new[j]) for _, _, _, j1, j2 in ops for j in range(j1, j2))
    left, came = moved.copy(), moved.copy()
    out = []
    for _, i1, i2, j1, j2 in ops:
        olds = [i for i in range(i1, i2) if not _take(left, text(old[i]))]
        news, here = [], []
        for j in range(j1, j2):
            (here if _take(came, text(new[j])) else news).append(j)
        pairs = min(len(olds), len(news))
        out += [_entry(path, old[i], new[j]) for i, j in zip(olds[:pairs], news[:pairs])]
        out += [_entry(path, old[i], None) for i in olds[pairs:]]
        out += [_entry(path, None, new[j]) for j in news[pairs:]]
        out += [_entry(path, new[j], new[j]) for j in here]
    return out


def _take(counts: Counter, key: str) -> bool:
    """Return True, counting it off, when ``counts`` still holds ``key``."""
    if counts[key] <= 0:
        return False
    counts[key] -= 1
    return True


def _entry(path: str, old: object, new: object) -> FieldChange:
    if path != "body":
        return FieldChange(path, _text(old), _text(new))
    label = (new or old)[0]
    return FieldChange(path, old and old[1], new and new[1], label)


def _text(value: object) -> str | None:
    """Return a setting's value as text (dates dd/mm/yyyy, lists joined by ", "), None when unset."""
    if value is None or value == ():
        return None
    if isinstance(value, dt.date):
        return vn.short_date(value)
    if isinstance(value, tuple):
        return ", ".join(_text(v) or "" for v in value)
    return str(value)


# ---------------------------------------------------------------- rendering

def excerpt(text: str, limit: int = EXCERPT) -> str:
    """Return ``text`` on one line, in quotes, cut after the last whole word within ``limit``
    characters (a syllable cut short reads as another word: "chương trì…")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return f"“{text}”"
    cut = text[:limit + 1]
    cut = cut[:cut.rindex(" ")] if " " in cut else text[:limit]
    return f"“{cut.rstrip(' ,;:')} …”"


def changed_part(old: str, new: str) -> str:
    """Return where two texts differ, on whole words: ``…common [old → new] common…`` with a few
    whole words of context each side (``Tổ chức [∅ → tốt ]tuyên truyền``: a syllable cut short reads
    as another word; a punctuation mark is a word of its own: ``chính sách[, → ;] quy định``)."""
    before, after = WORD.findall(" ".join(old.split())), WORD.findall(" ".join(new.split()))
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    gone, came = before[start:len(before) - end], after[start:len(after) - end]
    while start and bool(gone) != bool(came) and (gone or came)[0].isspace() and (gone or came)[-1] == before[start - 1]:
        start, end = start - 1, end + 1  # "a b" → "a b b" is "a [∅ → b ]b", not "a b[∅ →  b]"
        gone, came = before[start:len(before) - end], after[start:len(after) - end]
    head, tail = "".join(before[:start]), "".join(before[len(before) - end:])
    if bool(gone) != bool(came) and (gone or came)[0].isspace():  # added at the end: the space before
        head, gone, came = head + " ", gone[1:], came[1:]
    return f"{_context(head, last=True)}[{''.join(gone) or '∅'} → {''.join(came) or '∅'}]{_context(tail, last=False)}"


def _context(text: str, last: bool) -> str:
    """Return the whole words of ``text`` within ``CONTEXT`` characters, ``…`` where cut: its last
    words (``last``: before a change) or its first ones (after it)."""
    if len(text) <= CONTEXT:
        return text
    if last:
        cut = text[-CONTEXT:]
        return "…" + (cut if text[-CONTEXT - 1] == " " else cut[cut.find(" ") + 1:] if " " in cut else "")
    cut = text[:CONTEXT]
    return (cut if text[CONTEXT] == " " else cut[:cut.rfind(" ")] if " " in cut else "").rstrip() + "…"


def _role(role: str | None) -> str:
    return t(f"diff.role.{role}") if role else "—"


def _names(plan: Plan, ids: list[str], limit: int = 3) -> str:
    names = [plan.agency(a).short_name or plan.agency(a).name for a in ids]
    more = t("diff.more", count=len(names) - limit) if len(names) > limit else ""
    return ", ".join(names[:limit]) + more if names else "—"


def _once(diff: PlanDiff, kind: str) -> list[TaskItem]:
    """Return the tasks of list ``kind`` (``reworded``, ``amended``) of every agency, each task once."""
    seen: dict[str, TaskItem] = {}
    for agency in diff.agencies:
        for item in getattr(agency, kind):
            seen.setdefault(item.task, item)
    return list(seen.values())


def renumbering(old: str, new: str) -> tuple[str, str]:
    """Return the parts of a task's old and new place that differ, their common ending cut:
    ``II.1.a`` → ``III.1.a`` is section ``II`` renumbered ``III``; ``II.1.a`` → ``II.2.a`` is
    ``II.1`` → ``II.2``."""
    before, after = old.split("."), new.split(".")
    while len(before) > 1 and len(after) > 1 and before[-1] == after[-1]:
        before, after = before[:-1], after[:-1]
    return ".".join(before), ".".join(after)


def moved_alike(items: list[TaskItem]) -> tuple[dict[tuple[str, str], list[TaskItem]], list[TaskItem]]:
    """Return (renumbering → the tasks it moved, for at least ``ALIKE`` tasks whose only change is
    their place; every other item, in order): inserting a section renumbers all that follow it."""
    groups: dict[tuple[str, str], list[TaskItem]] = {}
    for item in items:
        if set(item.changed) == {"label"}:
            groups.setdefault(renumbering(*item.changed["label"]), []).append(item)
    alike = {key: group for key, group in groups.items() if len(group) >= ALIKE}
    together = {id(item) for group in alike.values() for item in group}
    return alike, [item for item in items if id(item) not in together]


def _reworded_lines(diff: PlanDiff) -> list[str]:
    """Return each reworded task once, with where its text changed."""
    items = _once(diff, "reworded")
    return [t("diff.reworded.header")] + [
        t("diff.reworded.detail", task=i.task, label=i.label, change=changed_part(i.old_text or "", i.text))
        for i in items] if items else []


def _amended_lines(diff: PlanDiff) -> list[str]:
    """Return each task whose deadline, product or place changed once, with old → new."""
    items = _once(diff, "amended")
    if not items:
        return []
    alike, rest = moved_alike(items)
    return [t("diff.amended.header")] + [
        t("diff.renumbered.detail", count=len(group), old=old, new=new)
        for (old, new), group in alike.items()] + [
        t("diff.amended.detail", task=i.task, label=i.label, changes="; ".join(
            t("diff.detail", what=t(f"diff.field.{name}"), old=_quoted(old), new=_quoted(new))
            for name, (old, new) in i.changed.items()))
        for i in rest]


def _quoted(value: str | None) -> str:
    return excerpt(value) if value is not None else t("diff.value.none")


def _general_lines(diff: PlanDiff) -> list[str]:
    """Return the plan's changes besides its tasks, at most ``GENERAL_LINES`` of them, then the
    entries written as another kind and the tasks put in another order."""
    if not (diff.general or diff.restyled or diff.reordered):
        return []
    lines = [t("diff.general.header")]
    moved = _moved_entries(diff.general[:GENERAL_LINES])
    for change in diff.general[:GENERAL_LINES]:
        where = t("diff.general.body", label=change.label) if change.field == "body" and change.label \
            else t("diff.general.body_top") if change.field == "body" else change.field
        if change.old is not None and change.old == change.new:
            if id(change) in moved:
                values = moved[id(change)]
                lines.append(t("diff.general.moved", where=where, count=len(values),
                               values=", ".join(excerpt(v, CONTEXT * 2) for v in values[:3])
                               + (" …" if len(values) > 3 else "")))
        elif change.old is None:
            lines.append(t("diff.general.added", where=where, value=excerpt(change.new or "")))
        elif change.new is None:
            lines.append(t("diff.general.removed", where=where, value=excerpt(change.old)))
        elif max(len(change.old), len(change.new)) <= SHORT:  # a number, a date, a name: both in full
            lines.append(t("diff.general.changed", where=where, change=f"{excerpt(change.old)} → {excerpt(change.new)}"))
        else:
            lines.append(t("diff.general.changed", where=where, change=changed_part(change.old, change.new)))
    if len(diff.general) > GENERAL_LINES:
        lines.append(t("diff.general.more", count=len(diff.general) - GENERAL_LINES))
    lines += [t("diff.restyled", where=t("diff.general.body", label=r.label) if r.label else t("diff.general.body_top"),
                text=excerpt(r.text, CONTEXT * 2), old=t(f"diff.kind.{r.old_kind}"), new=t(f"diff.kind.{r.new_kind}"))
              for r in diff.restyled]
    if diff.reordered:
        lines.append(t("diff.reordered", tasks=", ".join(diff.reordered)))
    return lines


def _moved_entries(changes: list[FieldChange]) -> dict[int, list[str]]:
    """Return, by ``id`` of the first entry of each list said moved (``old == new``), the texts of
    all that list's moved entries: a list put in another order is one line. A body entry is one
    line each (each at its place)."""
    first: dict[tuple, int] = {}
    out: dict[int, list[str]] = {}
    for change in changes:
        if change.old is not None and change.old == change.new:
            key = (change.field, change.label) if change.field == "body" else (change.field,)
            out.setdefault(first.setdefault(key, id(change)), []).append(change.old)
    return out


def _reassigned_lines(moved: list[Reassigned], new: Plan, old: Plan) -> list[str]:
    """Return a line per change of lead agencies, the tasks changed alike on one line (the ten tasks
    the district level left in 2025), in plan order."""
    alike: dict[str, list[Reassigned]] = {}
    for r in moved:
        parts = ([t("diff.reassigned.added", names=_names(new, r.added))] if r.added else []) + \
                ([t("diff.reassigned.dropped", names=_names(old, r.dropped))] if r.dropped else [])
        alike.setdefault("; ".join(parts), []).append(r)
    return [t("diff.reassigned", task=tasks[0].task, label=tasks[0].label, changes=changes) if len(tasks) == 1
            else t("diff.reassigned.alike", count=len(tasks), tasks=", ".join(r.task for r in tasks), changes=changes)
            for changes, tasks in alike.items()]


def _merged_key(note: AgencyNote) -> str:
    """Return the message of a merged or renamed agency (as its first step went): a rename under a
    new id says from when."""
    how = note.steps[0]["how"] if note.steps else note.how
    return "diff.renamed.on" if how == "renamed" and note.date else f"diff.{how}"


def _merged_line(note: AgencyNote) -> str:
    """Return the line of a merged or renamed agency: its first step, then where that body went on
    to (", nay là Sở Công Thương (so-cong-thuong) từ ngày 01/6/2025")."""
    first, rest = (note.steps[0], note.steps[1:]) if note.steps else ({"id": note.new_id, "name": note.new_name}, [])
    then = chain_text((s["id"], s["name"], s["how"], s["date"]) for s in rest)
    return t(_merged_key(note), old=note.old_name, old_id=note.old_id, new=first["name"], new_id=first["id"],
             date=note.date or "?", then=then)


def text_lines(diff: PlanDiff, new: Plan, old: Plan) -> list[str]:
    """Return the comparison as lines of text in the active language."""
    lines = [t("diff.title.registries" if diff.plan else "diff.title", old=diff.old, new=diff.new, plan=diff.plan)]
    lines += [t(f"diff.rekeyed.{r.what}", old=r.old, new=r.new, name=r.name) for r in diff.rekeyed]
    if diff.empty:
        return lines + [t("diff.none.registries" if diff.plan else "diff.none")]
    if diff.merged:
        lines.append(t("diff.merged.header"))
        lines += [_merged_line(n) for n in diff.merged]
    if diff.reassigned:
        lines.append(t("diff.reassigned.header"))
        lines += _reassigned_lines(diff.reassigned, new, old)
    lines += _reworded_lines(diff) + _amended_lines(diff) + _general_lines(diff)
    lines += _agency_lines(diff.agencies, diff.merged) + _report_lines(diff.reports)
    for view in diff.views:
        lines.append(t(f"diff.view.{view.what}", date=view.day, year=view.year))
        lines += [_merged_line(n) for n in view.merged]
        lines += _agency_lines(view.agencies, view.merged + diff.merged)
    return lines


def _agency_lines(agencies: list[AgencyChanges], merged: list[AgencyNote]) -> list[str]:
    """Return, for each agency, what changes for it (its tasks added, removed, changed …), or how it
    went (merged, renamed, dissolved: ``merged`` names the body that took over)."""
    lines = []
    successor = {n.old_id: n.new_name for n in merged}
    for agency in agencies:
        if agency.status in ("merged", "renamed", "gone", "dissolved"):
            lines.append(t(f"diff.agency.{agency.status}", name=agency.name, id=agency.id,
                           count=len(agency.removed), new=successor.get(agency.id, ""), date=agency.since))
            continue
        lines.append(t(f"diff.agency.{agency.status}", name=agency.name, id=agency.id))
        lines += [t("diff.added", task=i.task, label=i.label, role=_role(i.role), text=excerpt(i.text))
                  for i in agency.added]
        lines += [t("diff.removed", task=i.task, label=i.label, role=_role(i.role), text=excerpt(i.text))
                  for i in agency.removed]
        lines += [t("diff.reworded", task=i.task, label=i.label) for i in agency.reworded]
        alike, rest = moved_alike(agency.amended)
        lines += [t("diff.renumbered", count=len(group), old=old, new=new) for (old, new), group in alike.items()]
        lines += [t("diff.amended", task=i.task, label=i.label, changes=_from_to(i.changed),
                    what=", ".join(t(f"diff.field.{name}") for name in i.changed)) for i in rest]
        lines += [t("diff.role_changed", task=i.task, label=i.label, old=_role(i.old_role), new=_role(i.role))
                  for i in agency.role_changed]
        lines += [t("diff.moved", task=i.task, label=i.label) for i in agency.moved]
    return lines


def _report_lines(duties: list[ReportDuty]) -> list[str]:
    """Return a line per agency whose report form comes or goes, with why the plan without it has none."""
    lines = [t("diff.reports.header")] if duties else []
    for duty in duties:
        why = t(f"diff.reports.why.{duty.how}", date=duty.date or "?", year=duty.year, deadline=duty.deadline_said,
                successor=duty.successor) if duty.how else ""
        lines.append(t("diff.reports.gone" if duty.old_years else "diff.reports.came", name=duty.name, id=duty.id,
                       years=", ".join(map(str, duty.years if duty.old_years else duty.new_years)),
                       before=", ".join(map(str, duty.old_years)), why=why))
    return lines


def _from_to(changed: dict[str, list]) -> str:
    """Return ``từ “30/9/2025” thành “31/10/2025”`` for a task's one changed detail; each named
    (``thời hạn từ … thành …; sản phẩm từ … thành …``) when several changed."""
    parts = [t("diff.from_to", old=_quoted(old), new=_quoted(new)) for old, new in changed.values()]
    if len(parts) == 1:
        return parts[0]
    return "; ".join(f"{t(f'diff.field.{name}')} {part}" for name, part in zip(changed, parts))


def as_json(diff: PlanDiff) -> str:
    """Return the comparison as JSON (UTF-8 text, ids and full texts)."""
    return json.dumps(asdict(diff), ensure_ascii=False, indent=2)
