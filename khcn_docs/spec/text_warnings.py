"""Warnings for spec text the ND30 checker would reject in the kế hoạch built from it.

Body text is upright and not bold (NĐ30, Phụ lục I, Phần I, Mục II.6; checker rule ``body-text``):
an ``opening`` line, a body ``paragraph`` or a bullet ``item`` written wholly in ``*…*`` or ``**…**`` is said at its
line. An ``opening`` line starting "Căn cứ" right under the trích yếu (after the ``can_cu`` lines,
if any) is read as a căn cứ line (rule ``can-cu``: italic, ";" and ".") unless it ends with ":",
the sentence that introduces the body. The ``can_cu`` lines themselves are punctuated when
rendered (``documents.ke_hoach.can_cu_lines``), so they need no warning.
"""

from __future__ import annotations

from typing import Iterator

from khcn_docs.i18n import t
from khcn_docs.spec.models import PlanSpec
from khcn_docs.spec.problems import warning_at
from khcn_docs.spec.yamlsrc import Source

CAN_CU = "Căn cứ"


def text_warnings(spec: PlanSpec, src: Source) -> tuple[str, ...]:
    """Return a positioned warning for each opening line or body paragraph the checker would reject."""
    found = list(_opening(spec)) + list(_paragraphs(spec.body, ("body",)))
    return tuple(_warning(src, loc, key) for loc, key in found)


def emphasis(text: str) -> str | None:
    """Return ``italic`` or ``bold`` when all the visible text of ``text`` is in that emphasis."""
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
        text = plain(line).strip()
        leading = leading and text.startswith(CAN_CU) and not text.endswith(":")
        if leading:
            yield ("opening", n), "spec.text.can_cu"
        elif (kind := emphasis(line)) is not None:
            yield ("opening", n), f"spec.text.{kind}"


def _paragraphs(nodes, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """Yield (location, message key) of the body's paragraphs and bullet items wholly in emphasis."""
    for n, node in enumerate(nodes):
        here = loc + (n,)
        for field in ("paragraph", "item"):
            text = getattr(node, field)
            if text is not None and (kind := emphasis(text)) is not None:
                yield here + (field,), f"spec.text.{kind}"
        yield from _paragraphs(node.children, here + ("children",))


def _warning(src: Source, loc: tuple, key: str) -> str:
    """Return the warning ``key`` placed at ``loc`` of ``src``."""
    return warning_at(src, loc, f"{t(key)} — {t(key + '.hint')}")
