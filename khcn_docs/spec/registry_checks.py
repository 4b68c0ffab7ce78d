"""Checks of the agency registry (``agencies.yaml``) against itself: ids it names, merges and
dissolutions that can have happened, renames, cycles; and how an id the clerk wrote that is not in
it is said (the id meant, a group where one agency is meant)."""

from __future__ import annotations

from khcn_docs.i18n import t
from khcn_docs.paths import safe_name
from khcn_docs.spec.models import Registry
from khcn_docs.spec.problems import Problem, did_you_mean, display_path, problem_at, warning_at
from khcn_docs.spec.yamlsrc import Source
from khcn_docs.vn import short_date, upper


def examples(ids, limit: int = 4) -> str:
    """Return a few ids as an example list for a hint."""
    ids = sorted(ids)
    return ", ".join(ids[:limit]) + (", …" if len(ids) > limit else "")


def check_registry(registry: Registry, src: Source) -> list[Problem]:
    """Return problems inside the registry: unknown parent/group/successor ids, an agency both
    merged and dissolved, an agency id that is a group's, cycles, a merge into a body gone by then,
    a ``renamed_from`` with no merge."""
    problems: list[Problem] = []
    reg_name = display_path(src.path)
    for aid, agency in registry.agencies.items():
        for field in ("parent", "merged_into", "renamed_from"):
            ref = getattr(agency, field)
            if ref is not None and ref not in registry.agencies:
                problems.append(unknown_agency(src, ("agencies", aid, field), ref, registry, reg_name))
        if (agency.merged_into is None) != (agency.merged_on is None):
            problems.append(_half_merge(src, aid, agency))
        if agency.merged_into is not None and agency.dissolved_on is not None:
            problems.append(problem_at(src, ("agencies", aid, "dissolved_on"), t("spec.merged_and_dissolved"),
                                       t("spec.merged_and_dissolved.hint")))
        for i, gid in enumerate(agency.groups):
            if gid not in registry.groups:
                problems.append(problem_at(src, ("agencies", aid, "groups", i),
                                           t("spec.unknown_group", got=gid, registry=reg_name),
                                           did_you_mean(gid, registry.groups)
                                           + t("spec.unknown_group.hint", examples=examples(registry.groups), registry=reg_name)))
    problems.extend(_group_ids(registry, src))
    problems.extend(_cycles(registry, src, "parent"))
    problems.extend(_cycles(registry, src, "merged_into"))
    problems.extend(_merge_targets(registry, src) + _renames(registry, src))
    return problems


def _group_ids(registry: Registry, src: Source) -> list[Problem]:
    """Return a problem for each agency whose id is also a group's: a spec naming that id reads it
    as the group (every member), so the agency itself would silently get no task."""
    problems = []
    for aid, agency in registry.agencies.items():
        if aid in registry.groups:
            suggestion = safe_name(agency.name)
            if suggestion in registry.agencies or suggestion in registry.groups:
                suggestion = f"{aid}-{safe_name(agency.abbreviation)}"
            problems.append(problem_at(src, ("agencies", aid),
                                       t("spec.agency_is_group", id=aid, group=registry.groups[aid].name,
                                         line=src.position(("groups", aid))[0]),
                                       t("spec.agency_is_group.hint", id=aid, example=suggestion)))
    return problems


def _merge_targets(registry: Registry, src: Source) -> list[Problem]:
    """Return a problem for each merge into a body that is no longer there on the day of the merge:
    dissolved on or before it (``dissolved_on``), or itself merged into another before it (its
    tasks would go to a body that does not exist)."""
    problems = []
    for aid, agency in registry.agencies.items():
        target = registry.agencies.get(agency.merged_into) if agency.merged_into else None
        if target is None or agency.merged_on is None:
            continue
        on, where = short_date(agency.merged_on), ("agencies", aid, "merged_into")
        if target.dissolved_on is not None and target.dissolved_on <= agency.merged_on:
            problems.append(problem_at(src, where, t("spec.merge_target_dissolved", name=target.name, id=agency.merged_into,
                                                     date=short_date(target.dissolved_on), on=on),
                                       t("spec.merge_target_dissolved.hint", date=short_date(target.dissolved_on))))
        elif target.merged_into and target.merged_on is not None and target.merged_on < agency.merged_on:
            later = registry.agencies.get(target.merged_into)
            problems.append(problem_at(src, where, t("spec.merge_target_merged", name=target.name, id=agency.merged_into,
                                                     new=later.name if later else target.merged_into,
                                                     new_id=target.merged_into, date=short_date(target.merged_on), on=on),
                                       t("spec.merge_target_merged.hint", new_id=target.merged_into, id=agency.merged_into,
                                         date=short_date(target.merged_on))))
    return problems


def _renames(registry: Registry, src: Source) -> list[Problem]:
    """Return a problem for each ``renamed_from`` naming an agency that is not merged into this one:
    a new name is taken on the day the old entry's ``merged_into`` points here (``merged_on``)."""
    problems = []
    for aid, agency in registry.agencies.items():
        old = registry.agencies.get(agency.renamed_from) if agency.renamed_from else None
        if old is not None and old.merged_into != aid:
            problems.append(problem_at(src, ("agencies", aid, "renamed_from"),
                                       t("spec.renamed_from_unmerged", old=agency.renamed_from, id=aid),
                                       t("spec.renamed_from_unmerged.hint", old=agency.renamed_from, id=aid)))
    return problems


def _half_merge(src: Source, aid: str, agency) -> Problem:
    """Return the problem of an agency with only one of ``merged_into`` and ``merged_on``, at the one
    written: a merge is an agency and a day (without the day the agency would be merged away from
    every plan, without the agency the day would be ignored)."""
    written = "merged_into" if agency.merged_into is not None else "merged_on"
    return problem_at(src, ("agencies", aid, written), t(f"spec.half_merge.{written}"),
                      t(f"spec.half_merge.{written}.hint"))


def unknown_agency(src: Source, loc: tuple, given: str, registry: Registry, reg_name: str,
                   groups_ok: bool = False) -> Problem:
    """Return the problem of ``given`` at ``loc``, not an agency id of ``registry`` (nor a group's
    when ``groups_ok``): a group where one agency is meant is said so; else the hint leads with the
    id the clerk likely meant (``meant_id``, else the closest by spelling)."""
    known = list(registry.agencies) + (list(registry.groups) if groups_ok else [])
    if given in registry.groups:
        field = next(part for part in reversed(loc) if isinstance(part, str) and part != given)
        return problem_at(src, loc, t("spec.group_not_agency", got=given, name=registry.groups[given].name, field=field),
                          t("spec.group_not_agency.hint", examples=examples(registry.agencies), registry=reg_name))
    meant = meant_id(given, registry, groups_ok)
    lead = t("spec.did_you_mean", guess=meant) if meant else did_you_mean(given, known)
    return problem_at(src, loc, t("spec.unknown_agency", got=given, registry=reg_name),
                      lead + t("spec.unknown_agency.hint", examples=examples(known), registry=reg_name))


def meant_id(given: str, registry: Registry, groups_ok: bool = False) -> str | None:
    """Return the one id whose agency (or group, when ``groups_ok``) ``given`` names: the id in other
    case, or its name, short name, abbreviation or an alias (``Sở Nội vụ``, ``SNV``, ``SO-NOI-VU``
    → ``so-noi-vu``), compared without case or diacritics; None when none or several do."""
    key = safe_name(str(given))
    found = {aid for aid, a in registry.agencies.items()
             if key in {safe_name(n) for n in (aid, a.name, a.short_name, a.abbreviation, *a.aliases) if n}}
    if groups_ok:
        found |= {gid for gid, group in registry.groups.items() if key in (safe_name(gid), safe_name(group.name))}
    return found.pop() if len(found) == 1 else None


def _cycles(registry: Registry, src: Source, field: str) -> list[Problem]:
    """Return a problem for each agency whose ``field`` chain loops back on itself."""
    problems = []
    for aid in registry.agencies:
        seen, cur = [aid], getattr(registry.agencies[aid], field)
        while cur is not None and cur in registry.agencies and cur not in seen:
            seen.append(cur)
            cur = getattr(registry.agencies[cur], field)
        if cur == aid:
            problems.append(problem_at(src, ("agencies", aid, field),
                                       t("spec.cycle", field=field, chain=" → ".join(seen + [aid])), t("spec.cycle.hint")))
    return problems


def header_name_warnings(src: Source, wide: list[tuple[str, str, list[str]]],
                         unbroken: list[tuple[str, str, str, bool, str]]) -> tuple[str, ...]:
    """Return a warning, at its ``header_name`` line, for each line of a body's written header
    name too wide for the header's left column even at 12 pt (it would wrap inside a word); and,
    at its ``name`` (or ``short_name``) line, for each name printed top left (a body's name with no
    ``header_name``, a parent's cơ quan chủ quản line) that no lines between word groups fit.
    ``wide`` and ``unbroken`` are those names (``wide_header_names``, ``unbroken_names``), worked
    out or kept with the parsed registry whose source ``src`` is."""
    from khcn_docs.spec.signatures import reread

    if (wide or unbroken) and src.root is None:  # stored by an earlier build: read again for the lines
        src = reread(src)
    return (tuple(_header_name_warning(src, aid, name, lines) for aid, name, lines in wide)
            + tuple(_unbroken_warning(src, *each) for each in unbroken))


def wide_header_names(registry: Registry) -> list[tuple[str, str, list[str]]]:
    """Return ``(agency id, header name in capitals, its lines too wide)`` for each body whose written
    ``header_name`` has lines too wide for the header's left column even at 12 pt (every line of
    every header name measured). Kept with the parsed registry (``spec.load.WIDE``)."""
    from khcn_docs.header_lines import too_wide

    names = {aid: upper(agency.header_name) for aid, agency in registry.agencies.items() if agency.header_name}
    return [(aid, name, wide) for aid, name in names.items() if (wide := too_wide(name))]


def unbroken_names(registry: Registry) -> list[tuple[str, str, str, bool, str]]:
    """Return ``(agency id, field, name in capitals, is the parent line, the lines it is printed on
    joined by " / ")`` for each name printed top left that fits the header's left column on no
    lines broken between word groups (``header_lines.grouped``): a body's ``name`` when it has no
    ``header_name`` (bold, 13 or 12 pt), a parent's ``short_name`` or ``name`` on the cơ quan chủ
    quản line (not bold, 13 pt). Kept with the parsed registry (``spec.load.UNBROKEN``)."""
    parents = {agency.parent for agency in registry.agencies.values()}
    names = [(aid, "name", upper(agency.name), False)
             for aid, agency in registry.agencies.items() if not agency.header_name]
    names += [(aid, "short_name" if agency.short_name else "name", upper(agency.short_name or agency.name), True)
              for aid, agency in registry.agencies.items() if aid in parents]
    return [(aid, field, name, parent, printed) for aid, field, name, parent in names
            if (printed := _cut_inside_words(name, parent)) is not None]


def _cut_inside_words(name: str, parent: bool) -> str | None:
    """Return the lines ``name`` is printed on top left, joined by " / ", when no lines broken
    between word groups fit it (``header_lines.grouped``); None when some do. A body's name is
    set bold at 13 or 12 pt, the cơ quan chủ quản line (``parent``) not bold at 13 pt."""
    from khcn_docs.header_lines import SIZE, SMALL, grouped, layout

    style = {"bold": not parent, "sizes": (SIZE,) if parent else (SIZE, SMALL)}
    return None if grouped(name, **style) is not None else layout(name, **style)[0].replace("\n", " / ")


def _unbroken_warning(src: Source, aid: str, field: str, name: str, parent: bool, printed: str) -> str:
    """Return the warning that ``aid``'s ``name`` (its ``field``; on the cơ quan chủ quản line when
    ``parent``) is cut inside a word top left, with the lines it is ``printed`` on."""
    from khcn_docs.header_lines import COLUMN_PT, MAX_LINES

    key = "spec.header_name.parent_unbroken" if parent else "spec.header_name.unbroken"
    column = round(COLUMN_PT)
    return warning_at(src, ("agencies", aid, field),
                      f"{t(key, name=name, lines=MAX_LINES, column=column, printed=printed)} — "
                      f"{t(key + '.hint', lines=MAX_LINES, column=column)}")


def _header_name_warning(src: Source, aid: str, name: str, wide: list[str]) -> str:
    """Return the warning that the ``wide`` lines of ``aid``'s header name ``name`` are too wide,
    with the name re-broken between word groups as an example (``header_lines.grouped``)."""
    from khcn_docs.header_lines import COLUMN_PT, SMALL, grouped, layout, widest

    column = round(COLUMN_PT)
    width = round(widest("\n".join(wide), SMALL))
    lines = grouped(name) or "\n".join(layout(each)[0] for each in name.split("\n"))
    suggest = lines.replace("\n", "\\n")  # as written between double quotes in YAML
    return warning_at(src, ("agencies", aid, "header_name"),
                      f"{t('spec.header_name.wide', lines='”, “'.join(wide), width=width, column=column)} — "
                      f"{t('spec.header_name.wide.hint', column=column, suggest=suggest)}")
