"""The pivot model: a validated plan with its registry and signers, and the views documents need.

Every document kind is written from a ``Plan``; templates never see raw YAML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path

from khcn_docs import vn
from khcn_docs.spec.models import Agency, Node, PlanSpec, Registry, Signature, Signers

LEAD, SUPPORT = "lead", "support"


def number_label(depth: int, index: int) -> str:
    """Return the ND30 label of the ``index``-th (0-based) numbered entry at ``depth``: I., 1., a)."""
    if depth == 0:
        return f"{vn.roman(index + 1)}."
    if depth == 1:
        return f"{index + 1}."
    return f"{vn.VN_LETTERS[index % len(vn.VN_LETTERS)]})"  # past y), or deeper: refused when the spec loads


@dataclass(frozen=True)
class Task:
    """A task of the plan with its agencies expanded (groups → members) and its place in the plan.

    Every field is digested: its id, place, heading and agencies with every other task's
    (``Plan.shared_digest``), the others with those of the tasks naming the same agencies
    (``Plan._group_digests``); a field a document shows must also be added by hand to the content
    ``diff._by_content`` matches gone and added tasks by."""

    id: str
    text: str
    label: str                  # e.g. "II.1.a" — where the task sits in the plan
    heading: str                # the nearest heading's text (often the agencies named in the plan)
    lead: tuple[str, ...]
    support: tuple[str, ...]
    deadline: str | None = None
    product: str | None = None
    items: tuple[str, ...] = ()   # the texts under it that are no tasks themselves ("+" lines), plan order

    @classmethod
    def made(cls, id: str, text: str, label: str, heading: str, lead: tuple[str, ...], support: tuple[str, ...],
             deadline: str | None, product: str | None, items: tuple[str, ...]) -> "Task":
        """Return ``Task(...)`` of these fields without the frozen dataclass's ``__init__``, which
        sets each field through ``object.__setattr__``: twice as fast for the forty-odd tasks of a
        plan, made by every build (``Plan.tasks``)."""
        task = object.__new__(cls)
        task.__dict__.update(id=id, text=text, label=label, heading=heading, lead=lead, support=support,
                             deadline=deadline, product=product, items=items)
        return task

    def role_of(self, agency_id: str) -> str | None:
        """Return ``lead``, ``support`` or None for ``agency_id``."""
        if agency_id in self.lead:
            return LEAD
        return SUPPORT if agency_id in self.support else None


_PLACED = ("id", "label", "heading", "lead", "support")
"""The fields of a task ``Plan.shared_digest`` holds for every task (``_matrix``)."""

_CONTENT = operator.attrgetter(*(f.name for f in fields(Task) if f.name not in _PLACED))
"""A task's other field values, in order (its text, deadline, product and sub-items; a field added
later too): what ``Plan._group_digests`` hashes of it."""

_OF_VARIABLES = ("variables_json", "unbroken_names", "wide_header_names")
"""The cached properties of a plan made from its registry and signers alone (``load_plan`` takes
them from the JSON an earlier build stored: ``parsed.py``): the same for the plan with another spec."""


@dataclass(frozen=True)
class Plan:
    """A plan spec with everything it refers to, validated; the only input of every document."""

    spec: PlanSpec
    registry: Registry
    signers: Signers
    spec_path: Path
    variables_dir: Path
    warnings: tuple[str, ...] = field(default=())
    sources: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """(absolute path, sha256 of the bytes read) of each file the plan was loaded from."""
    registry_date: dt.date | None = field(default=None, compare=False)
    """The day the registry is read at when it is not the plan's own (``at``)."""

    # ------------------------------------------------------------ agencies
    @cached_property
    def as_of(self) -> dt.date:
        """Return the date the registry is read at: the issue date, or 31 December of a draft's
        year (or the day given to ``at``). Found once: every merge, group and dissolution asked
        of the plan is read at it."""
        return self.registry_date if self.registry_date is not None else self.spec.document.as_of

    def at(self, day: dt.date) -> "Plan":
        """Return this plan with the registry read at ``day``: who stands for whom on a later
        reporting deadline (the 2025 mergers and dissolutions for a 2024 plan's 2025 report). One
        plan per day, so what it works out (merges, groups, tasks) is worked out once."""
        if day not in self._at:
            self._at[day] = self._read_at(day)
        return self._at[day]

    @cached_property
    def _at(self) -> dict[dt.date, "Plan"]:
        return {}

    def with_spec(self, spec: PlanSpec) -> "Plan":
        """Return this plan with ``spec`` in place of its own (the same registry and signers), keeping
        what it worked out, or its load took from stored JSON, of those alone (``_OF_VARIABLES``)."""
        copy = replace(self, spec=spec)
        copy.__dict__.update({name: self.__dict__[name] for name in _OF_VARIABLES if name in self.__dict__})
        return copy

    def _read_at(self, day: dt.date | None) -> "Plan":
        """Return a copy of this plan with the registry read at ``day`` (None: the plan's own date)
        that shares with it what does not depend on that day (``_loaded``: the plan it amends)."""
        view = replace(self, registry_date=day)
        view.__dict__["_loaded"] = self._loaded
        return view

    @cached_property
    def _loaded(self) -> "Plan":
        """Return the plan as loaded that this one is a copy of (``at``, ``as_issued``): itself
        unless ``_read_at`` made it."""
        return self

    @cached_property
    def amended(self) -> "Plan | None":
        """Return the plan this one amends (its spec's ``revises``, from the spec's own folder),
        loaded once for the plan and every copy of it read at another day (``_loaded``: the spec
        file, the same for all, is all it reads); None for a first version."""
        from khcn_docs.spec.load import load_plan

        if self.spec.revises is None:
            return None
        if self._loaded is not self:
            return self._loaded.amended
        return load_plan(self.spec_path.parent / self.spec.revises)

    @cached_property
    def revisions(self) -> tuple[tuple[Path, "Plan | Exception"], ...]:
        """Return (spec path, the plan loaded, or the SpecError it does not load with) for each spec
        beside this one that ``revises`` it (``spec.load.revisions_of``), loaded once for the plan
        and its copies read at another day (``_loaded``): ``reminders.superseded_by`` and
        ``reminders.broken_revisions`` both walk them in one command."""
        from khcn_docs.errors import SpecError
        from khcn_docs.spec.load import load_plan, revisions_of

        if self._loaded is not self:
            return self._loaded.revisions
        found: list[tuple[Path, Plan | Exception]] = []
        for path in revisions_of(self.spec_path):
            try:
                found.append((path, load_plan(path)))
            except SpecError as error:
                found.append((path, error))
        return tuple(found)

    @cached_property
    def as_issued(self) -> "Plan":
        """Return the plan with the registry read at its own date: itself, unless it was made by
        ``at`` (what was sent then, to whom, under which names)."""
        return self if self.registry_date is None else self._read_at(None)

    def current_id(self, agency_id: str) -> str:
        """Return the id that stands for ``agency_id`` at ``as_of``, following merges (itself if none)."""
        known = self._current_ids.get(agency_id)
        if known is None:
            known = self._current_ids[agency_id] = self.registry.current_id(agency_id, self.as_of)
        return known

    @cached_property
    def _current_ids(self) -> dict[str, str]:
        """Return agency id -> ``current_id`` for every body of the registry, worked out at once:
        the groups and the dissolved bodies ask it of all of them, and most stand for themselves
        (no ``merged_into``), found so without a call each."""
        registry, day = self.registry, self.as_of
        return {aid: registry.current_id(aid, day) if agency.merged_into else aid
                for aid, agency in registry.agencies.items()}

    def dissolved(self, agency_id: str) -> bool:
        """Return True when the agency ``agency_id`` stands for no longer exists at ``as_of``
        (``dissolved_on``, as the district level was on 01/7/2025): it is dropped from tasks."""
        return agency_id in self._dissolved

    def dissolved_on(self, agency_id: str) -> dt.date | None:
        """Return the day the agency ``agency_id`` stands for was dissolved, when it is at ``as_of``."""
        return self.agency(self.current_id(agency_id)).dissolved_on if self.dissolved(agency_id) else None

    @cached_property
    def _dissolved(self) -> frozenset[str]:
        """Return the ids whose agency (after merges: ``current_id``, memoised) is dissolved at
        ``as_of`` (``Registry.gone_by``), found once: none when no body is dissolved by then."""
        registry, day = self.registry, self.as_of
        gone = {aid for aid in registry.agencies if registry.gone_by(aid, day)}
        current = self._current_ids
        return frozenset(aid for aid, now in current.items() if now in gone) if gone else frozenset()

    @cached_property
    def changed(self) -> frozenset[str]:
        """Return the registry's ids that at ``as_of`` stand for another body (merged or renamed away:
        ``how_gone``), are dissolved (``dissolved``) or not formed yet (``not_yet``), found once: the
        few ids a check of every id a spec names has something to say of (``merges.merge_warnings``),
        and among them any body dissolved by then (``merges.parent_problems``)."""
        moved = frozenset(aid for aid, now in self._current_ids.items() if now != aid)
        return moved | self._dissolved | frozenset(self._not_yet)

    def how_gone(self, agency_id: str) -> str:
        """Return how ``agency_id`` stands for another body at ``as_of``: "renamed" (the body
        standing for it was ``renamed_from`` it: the same body, a new name), "merged", or "" when
        it stands for itself."""
        current = self.current_id(agency_id)
        if current == agency_id:
            return ""
        return "renamed" if self.agency(current).renamed_from == agency_id else "merged"

    def merge_steps(self, agency_id: str) -> tuple[tuple[str, str, dt.date | None], ...]:
        """Return the merges followed from ``agency_id`` to the body standing for it at ``as_of``,
        each as (the id it went to, "merged" or "renamed", the day): Sở Kế hoạch và Đầu tư into Sở
        Tài chính on 01/3/2025, then Sở Tài chính into another on a later day; () when it stands
        for itself."""
        steps, current = [], agency_id
        while current != self.current_id(agency_id):
            agency = self.agency(current)
            how = "renamed" if self.agency(agency.merged_into).renamed_from == current else "merged"
            steps.append((agency.merged_into, how, agency.merged_on))
            current = agency.merged_into
        return tuple(steps)

    def not_yet(self, agency_id: str) -> dt.date | None:
        """Return the day ``agency_id`` comes into being when that is after ``as_of``, else None: a
        body that takes over another under a new name (``renamed_from``: the day its predecessor
        merges into it, as Sở Nông nghiệp và Môi trường took over from Sở NN&PTNT on 01/3/2025)."""
        return self._not_yet.get(agency_id)

    @cached_property
    def _not_yet(self) -> dict[str, dt.date]:
        """Return id -> the day it comes into being (``Registry.not_yet``) for each body not yet
        formed at ``as_of``, found once: only a body ``renamed_from`` another can be."""
        return {aid: day for aid, agency in self.registry.agencies.items()
                if agency.renamed_from and (day := self.registry.not_yet(aid, self.as_of))}

    @cached_property
    def registry_changes(self) -> tuple[dt.date, ...]:
        """Return the days a body of the registry is merged away or dissolved on, sorted, each once
        (found once: ``per_agency.on_day`` asks whether one falls between two days)."""
        return tuple(sorted({day for agency in self.registry.agencies.values()
                             for day in (agency.merged_on, agency.dissolved_on) if day is not None}))

    def agency(self, agency_id: str) -> Agency:
        """Return the registry entry for ``agency_id`` (not following merges)."""
        return self.registry.agencies[agency_id]

    def expand(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        """Return agency ids for ``ids`` with groups replaced by their members and merges followed,
        dissolved agencies left out, in order, once each. A group's members (``group_members``)
        are the bodies standing for them at ``as_of`` already, none of them dissolved."""
        known = self._expanded.get(ids)
        if known is None:
            groups, gone, out = self.registry.groups, self._dissolved, {}
            for ref in ids:
                if ref in groups:
                    out.update(dict.fromkeys(self.group_members(ref)))
                elif ref not in gone:
                    out[self.current_id(ref)] = None
            known = self._expanded[ids] = tuple(out)
        return known

    @cached_property
    def _expanded(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        return {}  # tasks of one section name the same agencies: each list is expanded once

    def task_agencies(self, roles: tuple[tuple[str, ...], tuple[str, ...]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return (lead, support) of a task naming ``roles`` (its lead and support ids, or its
        section's): each ``expand``ed, an agency leading not also supporting. The tasks of one
        section name the same agencies: worked out once for them all."""
        known = self._task_agencies.get(roles)
        if known is None:
            lead = self.expand(roles[0])
            known = self._task_agencies[roles] = (lead, tuple(a for a in self.expand(roles[1]) if a not in lead))
        return known

    @cached_property
    def _task_agencies(self) -> dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]]:
        return {}

    def group_members(self, group_id: str) -> tuple[str, ...]:
        """Return the ids of the bodies that stand at ``as_of`` for the members of ``group_id``, in
        registry order: a member merged away or renamed is followed to the body that took it over,
        even one outside the group (its tasks go there, docs/revisions.md); dissolved and not yet
        formed members are left out."""
        return self._groups.get(group_id, ())

    @cached_property
    def described(self) -> dict:
        """Return a memo for ``per_agency.described``: a task's lines for one side of it, which every
        letter and form of the bodies sharing that side print alike (a task of all the Sở, ban,
        ngành is written once, not some sixty times)."""
        return {}

    @cached_property
    def bodies_said(self) -> dict:
        """Return a memo for ``per_agency.bodies``: the sentence naming a list of bodies, which the
        tasks of a section, naming the same ones, print alike."""
        return {}

    @cached_property
    def dispatch_memo(self) -> dict:
        """Return a memo for ``cong_van_trien_khai``: to whom the dispatch letters go (``addressees``),
        which of them are held back (``held``) and which report forms of bodies taken over they
        carry (``forms_parted``), worked out once however many letters ask."""
        return {}

    @cached_property
    def folders(self) -> dict[str, str]:
        """Return a memo for ``per_agency.folder``: agency id -> the name of its folder, worked out
        once for its dispatch letter and report forms."""
        return {}

    @cached_property
    def names(self) -> dict[str, str]:
        """Return a memo for ``per_agency.name``: agency id -> its full name in NFC."""
        return {}

    @cached_property
    def group_sets(self) -> dict[str, frozenset[str]]:
        """Return group id -> its members at ``as_of`` (``group_members``) as a set, for every group
        of two or more, registry order: what a letter names by the group's name when all are meant
        (worked out once)."""
        return {gid: frozenset(ids) for gid in self.registry.groups if len(ids := self._groups.get(gid, ())) > 1}

    @cached_property
    def _groups(self) -> dict[str, tuple[str, ...]]:
        """Return group id -> the bodies standing for its members at ``as_of`` (``group_members``),
        each group listed once."""
        members: dict[str, set[str]] = {}
        dissolved, not_yet, current = self._dissolved, self._not_yet, self._current_ids
        for aid, agency in self.registry.agencies.items():
            if aid not in dissolved and aid not in not_yet:
                for group_id in agency.groups:
                    members.setdefault(group_id, set()).add(current[aid])
        position = self._positions.__getitem__  # ``position``, called from C by the sort
        return {group_id: tuple(sorted(ids, key=position)) for group_id, ids in members.items()}

    def position(self, agency_id: str) -> int:
        """Return the 1-based place of ``agency_id`` in the registry (what numbers its folder)."""
        return self._positions[agency_id]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {aid: n for n, aid in enumerate(self.registry.agencies, start=1)}

    @property
    def issuer_id(self) -> str:
        """Return the id of the body the plan is issued in the name of at ``as_of``: ``document.issuer``
        with merges followed (Sở TT&TT, merged on 01/3/2025, stands for Sở KH&CN in a plan dated after),
        as ``monitor_id`` follows ``reporting.via``. Every document reads the issuer through this."""
        return self.current_id(self.spec.document.issuer)

    @property
    def issuer(self) -> Agency:
        """Return the issuing body (UBND tỉnh in the seed), following merges like every other mention."""
        return self.agency(self.issuer_id)

    @property
    def monitor_id(self) -> str:
        """Return the id of the body reports go through (Sở KH&CN in the seed)."""
        return self.current_id(self.spec.reporting.via)

    # ------------------------------------------------------------ tasks
    @cached_property
    def tasks(self) -> tuple[Task, ...]:
        """Return every task of the plan in document order, with lead/support expanded."""
        out: list[Task] = []
        _collect_tasks(self, self.spec.body, (), "", ((), ()), out)
        return tuple(out)

    def tasks_for(self, agency_id: str) -> tuple[tuple[Task, str], ...]:
        """Return (task, role) pairs for ``agency_id`` in plan order; lead wins when named in both
        roles (a task's supporters leave out its leads: ``task_agencies``). Read from the groups of
        tasks naming it (``_groups_of``, which the input keys read already), once per agency: a
        rebuild asks for the one or two agencies whose contexts it makes, not for all of them."""
        known = self._tasks_of.get(agency_id)
        if known is None:
            groups, roles = self._task_groups, {}
            for number in self._groups_of.get(agency_id, ()):
                lead, _, places = groups[number]
                roles.update(dict.fromkeys(places, LEAD if agency_id in lead else SUPPORT))
            tasks = self.tasks
            known = self._tasks_of[agency_id] = tuple((tasks[place], roles[place]) for place in sorted(roles))
        return known

    @cached_property
    def _tasks_of(self) -> dict[str, tuple[tuple[Task, str], ...]]:
        return {}  # agency id -> ``tasks_for``: its letter and its forms ask

    @cached_property
    def _task_groups(self) -> tuple[tuple[tuple[str, ...], tuple[str, ...], list[int]], ...]:
        """Return the tasks grouped by their agencies, each group as (lead, support, the places of its
        tasks in ``tasks``), in the order of each group's first task: the tasks of a section name the
        same agencies (``task_agencies``), so a plan has far fewer groups than tasks, and an
        agency's tasks are those of the groups naming it (``_groups_of``)."""
        groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
        for place, task in enumerate(self.tasks):
            groups.setdefault((task.lead, task.support), []).append(place)
        return tuple((lead, support, places) for (lead, support), places in groups.items())

    @cached_property
    def _groups_of(self) -> dict[str, tuple[int, ...]]:
        """Return agency id -> the numbers (in ``_task_groups``) of the groups of tasks naming it, in
        order (a tuple: ``agency_digest`` keys on it)."""
        found: dict[str, list[int]] = defaultdict(list)
        for number, (lead, support, _) in enumerate(self._task_groups):
            for aid in dict.fromkeys((*lead, *support)):
                found[aid].append(number)
        return {aid: tuple(numbers) for aid, numbers in found.items()}

    @cached_property
    def shared_digest(self) -> str:
        """Return a hash of what every per-agency document may read besides its own tasks: the spec
        without the body's texts, the registry and the signers (the hashes of the files they were
        read from: the tool's version, which the keys are trusted for only, holds how it reads
        them), the tool's view of dates and merges, and each task's id, place, heading and
        agencies (not its text: ``_matrix``)."""
        headings = {heading: n for n, heading in enumerate(dict.fromkeys(t.heading for t in self.tasks))}
        return _digest(self.spec.model_dump_json(exclude={"body"}), *(digest for _, digest in self.sources[1:3]),
                       repr(list(headings)), *_matrix(self.tasks, headings, self._task_groups), str(self.as_of),
                       self.spec_path.stem)

    @cached_property
    def unbroken_names(self) -> list[tuple[str, str, str, bool, str]]:
        """Return the registry's names no header lines between word groups fit (warned at load:
        ``registry_checks.unbroken_names``), kept with the parsed registry (``parsed.py``)."""
        from khcn_docs.spec.registry_checks import unbroken_names

        return unbroken_names(self.registry)

    @cached_property
    def wide_header_names(self) -> list[tuple[str, str, list[str]]]:
        """Return the registry's written header names with lines too wide (warned at load:
        ``registry_checks.wide_header_names``), kept with the parsed registry (``parsed.py``)."""
        from khcn_docs.spec.registry_checks import wide_header_names

        return wide_header_names(self.registry)

    @cached_property
    def variables_json(self) -> tuple[bytes, bytes]:
        """Return the registry and the signers as UTF-8 JSON, made once (stored by ``parsed``, compared by ``diff``)."""
        return self.registry.model_dump_json().encode(), self.signers.model_dump_json().encode()

    @cached_property
    def _digests_of(self) -> dict[tuple[int, ...], str]:
        return {}  # the numbers of some groups of tasks (``_groups_of``) -> ``agency_digest``'s hash

    @cached_property
    def _group_digests(self) -> list[bytes]:
        """Return the sha256 (32 bytes) of what of its tasks each group of ``_task_groups`` holds
        that ``shared_digest`` leaves out: their texts, deadlines, products and sub-items
        (``_CONTENT``), the group's tasks in plan order, spelled out by ``_spelled`` one after the
        other (each task has as many values: they read back one way)."""
        tasks = self.tasks
        return [hashlib.sha256(_spelled([value for place in places for value in _CONTENT(tasks[place])])
                               .encode("utf-8")).digest() for _, _, places in self._task_groups]

    def agency_digest(self, agency_id: str) -> str:
        """Return a hash of ``agency_id``'s tasks in full (id, text, place, agencies, deadline,
        product) with its role in each, joined with ``shared_digest``, then ``:`` and the agency's
        id. Which tasks it has, and in which role, follows from their agencies (``shared_digest``)
        and its id; their texts are in the digests of the groups of tasks naming it
        (``_group_digests``, 32 bytes each: joined, they read back one way), which hold its tasks and
        no other. The hash is made once per set of such groups: the bodies a plan names together
        share it (10 sets for 35 agencies in the bundled plan)."""
        numbers = self._groups_of.get(agency_id, ())
        known = self._digests_of.get(numbers)
        if known is None:
            digests = self._group_digests
            own = b"".join([digests[number] for number in numbers])
            head = f"{self.shared_digest}\n".encode("utf-8")  # a hex digest: no newline
            known = self._digests_of[numbers] = hashlib.sha256(head + own).hexdigest()
        return f"{known}:{agency_id}"  # an id holds no ":" (``inputs_key`` joins on it)

    @cached_property
    def assigned_agencies(self) -> tuple[str, ...]:
        """Return the ids of agencies with at least one task, in registry order (read from the
        groups of tasks naming the same agencies, ``_task_groups``: each list is read once)."""
        named: set[str] = set()
        for lead, support, _ in self._task_groups:
            named.update(lead)
            named.update(support)
        return tuple(aid for aid in self.registry.agencies if aid in named)

    # ------------------------------------------------------------ documents
    def signature_lines(self, signature: Signature | None = None) -> tuple[tuple[str, ...], str]:
        """Return (title lines in capitals, signer name) for ``signature`` (the plan's by default)."""
        sig = signature or self.spec.signature
        signer = self.signers.signers[sig.signer]
        lines: list[str] = []
        if sig.collective:
            lines.append(f"TM. {vn.upper(sig.collective)}")
        if sig.authority:
            lines.append(f"{sig.authority}. {vn.upper(sig.head_title or '')}")
        lines.append(vn.upper(signer.title))
        return tuple(lines), signer.name


def _digest(*parts: str) -> str:
    """Return the sha256 of ``parts``, each prefixed by its length (no two lists of texts hash alike).
    Values are given as text by ``repr`` (which tells text, numbers, None and tuples apart) or JSON."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def _matrix(tasks: tuple[Task, ...], headings: dict[str, int],
            groups: tuple[tuple[tuple[str, ...], tuple[str, ...], list[int]], ...]) -> tuple[str, str]:
    """Return the leads and supporters of each of ``groups`` (``Plan._task_groups``), a line each,
    and the id, place, heading (its number in ``headings``) and group (its number) of each of
    ``tasks``, a line each: ids, places and agency ids hold no spaces, "/" or newlines (their
    patterns, ``number_label``), so the lines read back one way (``repr`` of the same would cost
    twice as much, for a thousand agency ids; a section's tasks share their agencies' line)."""
    numbers = [0] * len(tasks)
    for number, (_, _, places) in enumerate(groups):
        for place in places:
            numbers[place] = number
    return ("\n".join(f"{' '.join(lead)} / {' '.join(support)}" for lead, support, _ in groups),
            "\n".join(f"{t.id} {t.label} {headings[t.heading]} {number}" for t, number in zip(tasks, numbers)))


def _spelled(values: tuple | list) -> str:
    """Return ``values`` (texts, None, tuples of texts) as one text that reads back one way: a text
    as its length, ":" and itself, None as "-", a tuple as its length, "(" and its values spelled.
    The parts are joined once (a text is not first copied into ``f"{len(v)}:{v}"``: they are long)."""
    parts: list[str] = []
    for v in values:
        if v is None:
            parts.append("-")
        elif isinstance(v, str):
            parts += (str(len(v)), ":", v)
        else:
            parts += (f"{len(v)}(", _spelled(v))
    return "".join(parts)


def _sub_items(nodes: tuple[Node, ...]) -> tuple[str, ...]:
    """Return the texts of ``nodes`` and of their children, plan order, leaving out every task and
    what is under it (a task of its own): what a task's letter line and form cell print under it."""
    items: list[str] = []
    for node in nodes:
        if not node.task:
            items.append(node.text)
            if children := node.children:
                items += _sub_items(children)
    return tuple(items)


_NUMBERED = ("section", "point")
"""The kinds of node that take a number (I., 1., a)) and give the tasks under them their heading."""


def _collect_tasks(plan: Plan, nodes: tuple[Node, ...], label: tuple[str, ...], heading: str,
                   roles: tuple[tuple[str, ...], tuple[str, ...]], out: list[Task]) -> None:
    """Append the tasks under ``nodes`` to ``out``, inheriting agencies from the nearest section that
    names them. Each field of a node is read once (a pydantic model's field costs about four plain
    attributes', and every build walks the forty-odd tasks of a plan)."""
    counter = 0
    for node in nodes:
        node_label, node_heading = label, heading
        kind, text = node.kind_text
        if kind in _NUMBERED:
            node_label = label + (number_label(len(label), counter).rstrip(".)"),)
            counter += 1
            node_heading = text
        lead, support, children = node.lead, node.support, node.children
        node_roles = (lead, support) if (lead or support) else roles
        if task := node.task:
            leads, supporters = plan.task_agencies(node_roles)
            out.append(Task.made(task, text, ".".join(node_label), node_heading, leads, supporters,
                                 node.deadline, node.product, _sub_items(children) if children else ()))
        if children:
            _collect_tasks(plan, children, node_label, node_heading, node_roles, out)
