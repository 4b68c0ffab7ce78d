"""Warnings for specs that name agencies merged away (or renamed) by the plan's date.

An old spec still loads: every id it names is followed to the agency that stands for it at
``Plan.as_of`` (``Plan.current_id``), so documents use the new name. Each such mention is
reported once, at its line, naming the new agency, so the clerk can update the spec.
"""

from __future__ import annotations

from typing import Iterator

from khcn_docs import vn
from khcn_docs.i18n import t
from khcn_docs.spec.problems import display_path
from khcn_docs.spec.yamlsrc import Source


def _get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


def agency_refs(data) -> Iterator[tuple[tuple, str]]:
    """Yield (location, id) for every agency or group id the raw spec names."""
    for loc in (("document", "issuer"), ("reporting", "via"), ("reporting", "to")):
        value = _get(_get(data, loc[0]), loc[1])
        if isinstance(value, str):
            yield loc, value
    body = _get(data, "body")
    yield from _node_refs(body if isinstance(body, list) else [], ("body",))


def _node_refs(nodes: list, loc: tuple) -> Iterator[tuple[tuple, str]]:
    for i, node in enumerate(nodes):
        for role in ("lead", "support"):
            ids = _get(node, role)
            for j, aid in enumerate(ids if isinstance(ids, list) else []):
                if isinstance(aid, str):
                    yield loc + (i, role, j), aid
        children = _get(node, "children")
        yield from _node_refs(children if isinstance(children, list) else [], loc + (i, "children"))


def merge_warnings(plan, src: Source) -> tuple[str, ...]:
    """Return one warning per mention of an agency that, at the plan's date, is merged into another."""
    out: list[str] = []
    for loc, aid in agency_refs(src.data):
        if aid not in plan.registry.agencies or plan.current_id(aid) == aid:
            continue
        old, new_id = plan.agency(aid), plan.current_id(aid)
        line, column = src.position(loc)
        out.append(t("state.merged", file=display_path(src.path), line=line, column=column, old=old.name,
                     old_id=aid, new=plan.agency(new_id).name, new_id=new_id,
                     date=vn.short_date(old.merged_on) if old.merged_on else "?"))
    return tuple(dict.fromkeys(out))
