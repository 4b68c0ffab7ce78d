"""Comparing two plans: what a revision changes for each agency, in words a clerk can read.

``compare(old, new)`` works on two loaded ``Plan`` objects (two spec files, the same spec read
with two variables folders, or — ``load_pair`` with two registry files — the same spec read with
two versions of ``agencies.yaml``) and returns a ``PlanDiff``: agencies merged or renamed between the
two registries, tasks whose lead agencies changed, and per agency the tasks added, removed,
reworded (same task id, other text) and role changes (chủ trì ↔ phối hợp). ``text_lines`` and
``as_json`` render it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import click

from khcn_docs import vn
from khcn_docs.i18n import t
from khcn_docs.plan import Plan, Task
from khcn_docs.spec import yamlsrc
from khcn_docs.spec.load import load_plan

EXCERPT = 70
CONTEXT = 25


@dataclass
class AgencyNote:
    """An agency of the old plan that the new registry merges into, or renames as, another."""

    old_id: str
    old_name: str
    new_id: str
    new_name: str
    how: str                  # "merged" or "renamed"
    date: str | None = None   # dd/mm/yyyy of the merge, when known


@dataclass
class TaskItem:
    """A task as one agency sees it: id, place in the plan, role, text (and old values when changed)."""

    task: str
    label: str
    role: str | None = None
    text: str = ""
    old_role: str | None = None
    old_text: str | None = None


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
    role_changed: list[TaskItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Return True when nothing changed for the agency."""
        return not (self.added or self.removed or self.reworded or self.role_changed)


@dataclass
class Reassigned:
    """A task whose lead agencies changed: the ids added to and dropped from its leads."""

    task: str
    label: str
    added: list[str]
    dropped: list[str]


@dataclass
class PlanDiff:
    """The whole comparison: of two plans, or of one plan (``plan``) read with two registries."""

    old: str
    new: str
    plan: str = ""
    merged: list[AgencyNote] = field(default_factory=list)
    reassigned: list[Reassigned] = field(default_factory=list)
    agencies: list[AgencyChanges] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Return True when the two plans assign the same tasks to the same agencies."""
        return not (self.merged or self.reassigned or self.agencies)


def is_registry(path: Path | str) -> bool:
    """Return True when ``path`` holds an agency registry (``agencies:`` and no ``body:``), not a plan."""
    try:
        data = yamlsrc.load(Path(path)).data
    except (OSError, yamlsrc.YamlSyntaxError):
        return False  # loading it as a plan says what is wrong, where
    return isinstance(data, dict) and "agencies" in data and "body" not in data


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
            load_plan(name)
    registries = (is_registry(old), is_registry(new))
    ctx = click.get_current_context(silent=True)
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
    if registries:
        diff = PlanDiff(old.sources[1][0], new.sources[1][0], str(new.spec_path), merged_agencies(old, new))
    else:
        diff = PlanDiff(str(old.spec_path), str(new.spec_path), merged=merged_agencies(old, new))
    diff.reassigned = reassigned(old, new)
    collapsed = {n.old_id: n.how for n in diff.merged if n.old_id != n.new_id}
    former = {n.new_id: n.old_id for n in diff.merged if n.how == "renamed" and n.old_id != n.new_id}
    ids = list(new.assigned_agencies) + [a for a in old.assigned_agencies if a not in new.assigned_agencies]
    for aid in ids:
        changes = agency_changes(old, new, aid, former.get(aid))
        if aid in collapsed:
            changes.status = collapsed[aid]
        if not changes.empty:
            diff.agencies.append(changes)
    return diff


def reassigned(old: Plan, new: Plan) -> list[Reassigned]:
    """Return the tasks whose lead agencies changed, beyond what merges alone explain."""
    old_tasks = {task.id: task for task in old.tasks}
    out = []
    for task in new.tasks:
        before = old_tasks.get(task.id)
        if before is None:
            continue
        followed = [new.current_id(a) if a in new.registry.agencies else a for a in before.lead]
        added = [a for a in task.lead if a not in followed]
        dropped = [a for a, cur in zip(before.lead, followed) if cur not in task.lead]
        if added or dropped:
            out.append(Reassigned(task.id, task.label, added, dropped))
    return out


def merged_agencies(old: Plan, new: Plan) -> list[AgencyNote]:
    """Return the old plan's agencies that the new plan's registry merges away or renames."""
    notes = []
    for aid in old.assigned_agencies:
        if aid not in new.registry.agencies:
            continue
        current, how = new.current_id(aid), new.how_gone(aid)
        if how:
            merged_on = new.agency(aid).merged_on
            notes.append(AgencyNote(aid, old.agency(aid).name, current, new.agency(current).name, how,
                                    vn.short_date(merged_on) if merged_on else None))
        elif new.agency(aid).name != old.agency(aid).name:
            notes.append(AgencyNote(aid, old.agency(aid).name, aid, new.agency(aid).name, "renamed"))
    return notes


def _item(task: Task, role: str | None) -> TaskItem:
    return TaskItem(task.id, task.label, role, task.text)


def agency_changes(old: Plan, new: Plan, aid: str, former: str | None = None) -> AgencyChanges:
    """Return the tasks added, removed, reworded and changed in role for agency ``aid``
    (``former``: the id it had in the old plan, when it was renamed)."""
    before = {task.id: (task, role) for task, role in old.tasks_for(former or aid)}
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
    return out


# ---------------------------------------------------------------- rendering

def excerpt(text: str, limit: int = EXCERPT) -> str:
    """Return ``text`` on one line, cut to ``limit`` characters, in quotes."""
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def changed_part(old: str, new: str) -> str:
    """Return where two texts differ: ``…common [old → new] common…`` (a little context each side)."""
    old, new = " ".join(old.split()), " ".join(new.split())
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    before = old[max(0, start - CONTEXT):start]
    after = old[len(old) - end:len(old) - end + CONTEXT] if end else ""
    cut_old, cut_new = old[start:len(old) - end], new[start:len(new) - end]
    lead = "…" if start > CONTEXT else ""
    tail = "…" if end > CONTEXT else ""
    return f"{lead}{before}[{cut_old or '∅'} → {cut_new or '∅'}]{after}{tail}"


def _role(role: str | None) -> str:
    return t(f"diff.role.{role}") if role else "—"


def _names(plan: Plan, ids: list[str], limit: int = 3) -> str:
    names = [plan.agency(a).short_name or plan.agency(a).name for a in ids]
    more = t("diff.more", count=len(names) - limit) if len(names) > limit else ""
    return ", ".join(names[:limit]) + more if names else "—"


def _reworded_lines(diff: PlanDiff) -> list[str]:
    """Return each reworded task once, with where its text changed."""
    seen: dict[str, TaskItem] = {}
    for agency in diff.agencies:
        for item in agency.reworded:
            seen.setdefault(item.task, item)
    if not seen:
        return []
    return [t("diff.reworded.header")] + [
        t("diff.reworded.detail", task=i.task, label=i.label, change=changed_part(i.old_text or "", i.text))
        for i in seen.values()]


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
    """Return the message of a merged or renamed agency: a rename under a new id says from when."""
    return "diff.renamed.on" if note.how == "renamed" and note.date else f"diff.{note.how}"


def text_lines(diff: PlanDiff, new: Plan, old: Plan) -> list[str]:
    """Return the comparison as lines of text in the active language."""
    lines = [t("diff.title.registries" if diff.plan else "diff.title", old=diff.old, new=diff.new, plan=diff.plan)]
    if diff.empty:
        return lines + [t("diff.none.registries" if diff.plan else "diff.none")]
    if diff.merged:
        lines.append(t("diff.merged.header"))
        lines += [t(_merged_key(n), old=n.old_name, old_id=n.old_id, new=n.new_name, new_id=n.new_id,
                    date=n.date or "?") for n in diff.merged]
    if diff.reassigned:
        lines.append(t("diff.reassigned.header"))
        lines += _reassigned_lines(diff.reassigned, new, old)
    lines += _reworded_lines(diff)
    successor = {n.old_id: n.new_name for n in diff.merged}
    for agency in diff.agencies:
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
        lines += [t("diff.role_changed", task=i.task, label=i.label, old=_role(i.old_role), new=_role(i.role))
                  for i in agency.role_changed]
    return lines


def as_json(diff: PlanDiff) -> str:
    """Return the comparison as JSON (UTF-8 text, ids and full texts)."""
    return json.dumps(asdict(diff), ensure_ascii=False, indent=2)
