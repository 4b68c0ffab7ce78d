"""Warnings for spec text the ND30 checker would reject in the kế hoạch built from it.

Body text is upright and not bold (NĐ30, Phụ lục I, Phần I, Mục II.6; checker rule ``body-text``):
an ``opening`` line, a body ``paragraph`` or a bullet ``item`` written wholly in ``*…*`` or ``**…**`` is said at its
line. An ``opening`` line starting "Căn cứ" right under the trích yếu (after the ``can_cu`` lines,
if any) is read as a căn cứ line (rule ``can-cu``: italic, ";" and ".") unless it ends with ":",
the sentence that introduces the body. The ``can_cu`` lines themselves are punctuated when
rendered (``documents.ke_hoach.can_cu_lines``), so they need no warning.

A " #" after a text value written without quotes starts a YAML comment, so the rest of the line
is silently left out of every document (``item: Triển khai #1 ứng dụng …`` prints "Triển khai"):
said at the value's line, with the part left out, for the keys whose value is printed text
(``TEXT_KEYS``). A comment on its own line, or after an id, a number or a quoted value, is not.
"""

from __future__ import annotations

import re
from typing import Iterator

import yaml

from khcn_docs.i18n import t
from khcn_docs.spec.models import WHITESPACE, PlanSpec
from khcn_docs.spec.problems import warning_at
from khcn_docs.spec.yamlsrc import Source

CAN_CU = "Căn cứ"
TEXT_KEYS = frozenset(("title", "place", "opening", "can_cu", "section", "point", "item", "paragraph",
                       "deadline", "product", "recipients"))
"""Keys of the plan whose value (or each item of whose list) is text printed in the documents."""
_COMMENT = re.compile(r"[ \t]+#")  # what YAML reads as the start of a comment after a plain value


def text_warnings(spec: PlanSpec, src: Source, marked: list[tuple[tuple, str]]) -> tuple[str, ...]:
    """Return a positioned warning for each opening line or body paragraph the checker would reject,
    and for each text value a comment cuts short. ``marked``: (location, text as written) of each
    body ``paragraph`` and ``item`` whose text starts with an emphasis mark, plan order (noted by
    the walk of the raw body ``load.check_references`` makes: the only ones ``emphasis`` may find
    wholly in emphasis, so the body is not walked again)."""
    found = list(_opening(spec))
    found += [(loc, f"spec.text.{kind}") for loc, text in marked
              if (kind := emphasis(text.strip(WHITESPACE))) is not None]  # the text as validated (``Prose``)
    return tuple(_warning(src, loc, key) for loc, key in found) + tuple(
        warning_at(src, loc, f"{t('spec.text.comment', lost=lost)} — "
                             f"{t('spec.text.comment.hint', key=_key(loc), lost=lost)}")
        for loc, lost in _cut_by_comments(src))


def _cut_by_comments(src: Source) -> list[tuple[tuple, str]]:
    """Return (location, the part left out) of each text value a comment cuts short (``_comments``);
    the tree is walked only when some line has a comment after something (most specs have none)."""
    if not src.text or not _comment_after_text(src.text):
        return []
    return list(_comments(src.root, (), False, src.text.split("\n")))


def _comment_after_text(text: str) -> bool:
    """Return True when some line of ``text`` has a ``#`` after spaces or tabs that follow something
    else on that line (what ``\\S[ \\t]+#`` matches), looking only at the ``#`` signs (a regex tried
    at every character of the spec cost about 0.5 ms of every load)."""
    at = text.find("#")
    while at != -1:
        if at and text[at - 1] in " \t":
            before = text[text.rfind("\n", 0, at) + 1:at]
            kept = before.rstrip(" \t")
            if kept and not kept[-1].isspace():
                return True
        at = text.find("#", at + 1)
    return False


def _comments(node, loc: tuple, text: bool, lines: list[str]) -> Iterator[tuple[tuple, str]]:
    """Yield (location, the part left out) of each text value (``text``: under a ``TEXT_KEYS`` key)
    written without quotes and followed on its last line by a YAML comment."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _comments(value, loc + (key.value,), key.value in TEXT_KEYS, lines)
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            yield from _comments(item, loc + (n,), text, lines)
    elif text and isinstance(node, yaml.ScalarNode) and not node.style and node.value:
        rest = lines[node.end_mark.line][node.end_mark.column:] if node.end_mark.line < len(lines) else ""
        if _COMMENT.match(rest):
            yield loc, rest.strip()


def _key(loc: tuple) -> str:
    """Return the last key of ``loc`` (``opening`` for ``("opening", 0)``)."""
    return next((part for part in reversed(loc) if isinstance(part, str)), "")


def starts_marked(text: str) -> bool:
    """Return True when ``text`` starts with an emphasis mark: only such a text may be wholly in
    emphasis (``emphasis``). Most paragraphs of a plan do not: a mark, if any, comes after visible
    text, which is then not in emphasis (an escaped ``\\*`` is text too)."""
    return text.lstrip().startswith("*")


def emphasis(text: str) -> str | None:
    """Return ``italic`` or ``bold`` when all the visible text of ``text`` is in that emphasis."""
    if not starts_marked(text):
        return None
    from khcn_docs.documents.common import runs

    seen = [run for run in runs(text) if run["text"].strip()]
    for kind in ("italic", "bold"):
        if seen and all(run.get(kind) for run in seen):
            return kind
    return None


def _opening(spec: PlanSpec) -> Iterator[tuple[tuple, str]]:
    """Yield (location, message key) of the opening lines in emphasis or read as căn cứ lines."""
    from khcn_docs.documents.common import plain

    leading = all(plain(line).strip().startswith(CAN_CU) for line in spec.can_cu)
    for n, line in enumerate(spec.opening):
        leading = leading and _can_cu(line)
        if leading:
            yield ("opening", n), "spec.text.can_cu"
        elif (kind := emphasis(line)) is not None:
            yield ("opening", n), f"spec.text.{kind}"


def _can_cu(line: str) -> bool:
    """Return True when the opening ``line`` reads as a căn cứ line: "Căn cứ …" once its emphasis
    marks are dropped (``plain``), not ending with ":" (the sentence that introduces the body).
    The text before a line's first mark reads as written: one starting with another letter is none."""
    from khcn_docs.documents.common import plain

    if line.lstrip()[:1] not in ("*", "\\", CAN_CU[0]):
        return False
    text = plain(line).strip()
    return text.startswith(CAN_CU) and not text.endswith(":")


def _warning(src: Source, loc: tuple, key: str) -> str:
    """Return the warning ``key`` placed at ``loc`` of ``src``."""
    return warning_at(src, loc, f"{t(key)} — {t(key + '.hint')}")
