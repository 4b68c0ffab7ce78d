"""Issued documents: never rewritten by a rebuild; what would have changed is reported instead.

A document is issued when it was written carrying its own number and date (``Unit.issued``): the
plan once the spec's ``document`` has both; the dispatch letters once ``dispatch`` has both (an
issued plan does not make its dispatch letters issued: they are dated and numbered when they are
sent). A report form is a blank the agency fills and numbers itself: never issued here. Once its
file exists, a rebuild leaves it alone for any reason except one that would give
the very same bytes back (its file was deleted and nothing it consumes changed); ``--force`` is no
such reason (it rebuilds every document but the issued ones, which it reports kept); ``--force-issued``
overrides. What changed is found by comparing the render context stored in the manifest with the
new one, path by path, and named in the clerk's words (``state.field.<key>`` messages).
"""

from __future__ import annotations

from dataclasses import dataclass

from khcn_docs.diff import changed_part
from khcn_docs.i18n import t, t_or
from khcn_docs.outdated import Verdict

MAX_SHOWN = 8
EXCERPT = 60


def is_protected(verdict: Verdict, force_issued: bool = False) -> bool:
    """Return True when ``verdict``'s unit is an issued document a rebuild must not rewrite."""
    entry = verdict.entry
    if force_issued or entry is None or not entry.issued or not verdict.outdated:
        return False
    restores = verdict.output_missing and entry.fingerprint == verdict.fingerprint
    return not restores


def forced_only(reasons: tuple[str, ...]) -> bool:
    """Return True when ``--force`` is the one reason (of ``reasons``, a verdict's) to rebuild a
    unit: an issued document it leaves as it is (reported kept), even one that would render to the
    same bytes, and says in one plain line (``buildlog.kept_lines``)."""
    return reasons == ("force",)


@dataclass(frozen=True)
class Change:
    """One value that differs between two contexts: where, and the old and new values."""

    path: str
    old: object
    new: object


def changes(old: object, new: object, path: str = "") -> list[Change]:
    """Return every leaf value that differs between ``old`` and ``new`` (dicts and lists walked)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new), key=str):
            sub = f"{path}.{key}" if path else str(key)
            out += changes(old.get(key), new.get(key), sub)
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = []
        for i in range(max(len(old), len(new))):
            out += changes(old[i] if i < len(old) else None, new[i] if i < len(new) else None, f"{path}[{i}]")
        return out
    return [] if old == new else [Change(path, old, new)]


def _excerpt(value: object) -> str:
    """Return ``value`` as short text for a message ("—" for nothing)."""
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    return f"“{text[:EXCERPT]}…”" if len(text) > EXCERPT else f"“{text}”"


def field_name(path: str) -> str:
    """Return what a clerk calls the context field at ``path`` (its top-level key's name)."""
    top = path.split(".")[0].split("[")[0]
    return t_or(f"state.field.{top}", top)


def describe(old: dict, new: dict, limit: int = MAX_SHOWN) -> list[str]:
    """Return one line per changed value of the context (at most ``limit``, then a count of the rest)."""
    found = changes(old, new)
    lines = [t("state.change.text", field=field_name(c.path), path=c.path, change=changed_part(c.old, c.new))
             if isinstance(c.old, str) and isinstance(c.new, str) else
             t("state.change", field=field_name(c.path), path=c.path, old=_excerpt(c.old), new=_excerpt(c.new))
             for c in found[:limit]]
    if len(found) > limit:
        lines.append(t("state.change.more", count=len(found) - limit))
    return lines
