"""body-text: body paragraphs 13–14 pt, justified, first-line indent 1 cm or 1.27 cm, at least
6 pt between paragraphs, line spacing from single to 1.5 lines.

NĐ30, Phụ lục I, Phần I, Mục II.6 (nội dung văn bản) and Mục I. Body text is upright and not
bold: a paragraph written wholly in bold, or wholly in italics, is flagged (words emphasised
inside a paragraph pass; the căn cứ lines and "Theo đề nghị của …" are italic by rule). Headings
of the plan ("I. …", "1. …", "a) …", "Điều 1.") follow the size and spacing rules but are not
held to the indent, justification and weight; centred all-bold lines (e.g. "QUYẾT ĐỊNH:") are
titles; list-numbering bullets keep their hanging indent. Tables are not body paragraphs (see table-text). The spacing between
two adjacent paragraphs is the first one's space after plus the second one's space before
(zero between same-style paragraphs with "don't add space"); an empty paragraph between them
counts as enough space. Line spacing set in points is compared with the text size and named as
Word names it: "Exactly" is "cố định", "At least" is "tối thiểu".
"""

from __future__ import annotations

import re

from khcn_docs.checks.expect import align_name, expect_size, num, problem, span
from khcn_docs.checks.rules import can_cu

ID = "body-text"
CLAUSE = "Phụ lục I, Phần I, Mục I và Mục II.6"
TITLE_VI = "Nội dung: cỡ 13–14, căn đều, thụt đầu dòng 1 hoặc 1,27 cm, cách đoạn ≥ 6 pt, giãn dòng đơn–1,5"
ITALIC_BY_RULE = can_cu.OPENS + can_cu.CLOSES  # the căn cứ block (see can-cu) and the lines closing it
BULLET_MARKS = ("-", "+", "•")  # a run holding only one of these is a typed bullet marker
HEADING = re.compile(r"^([IVXLC]+\.|\d+(\.\d+)*\.|[a-zđ]\)|Điều \d+\.|Phần [IVX]+|Chương [IVX]+|Mục \d+)(\s|$)")


def role(para) -> str:
    """Return ``heading``, ``title``, ``bullet`` or ``text`` for a body paragraph."""
    text = para.text.strip()
    runs = para.visible_runs
    if para.align == "center" and runs and all(r.bold for r in runs):
        return "title"
    if HEADING.match(text):
        return "heading"
    if para.bullet or para.numbered or text.startswith(("-", "+", "•")):
        return "bullet"
    return "text"


def check(lay, opts):
    """Yield size, alignment, indent, spacing and line-spacing problems of body paragraphs."""
    previous = None
    for para in lay.body:
        if not para.text.strip():
            previous = None
            continue
        kind = role(para)
        yield from expect_size(ID, para, opts["size"], "body")
        if kind in ("text", "bullet") and para.align not in ("both", "distribute"):
            yield problem(ID, "body.justify", para, found=align_name(para.align))
        if kind == "text" or (kind == "bullet" and not (para.bullet or para.numbered)):
            yield from _indent(para, opts)
        if kind in ("text", "bullet"):
            yield from _upright(para)
        yield from _line(para, opts)
        if previous is not None and previous.index == para.index - 1:
            yield from _gap(previous, para, opts)
        previous = para


def _upright(para):
    """Yield a problem when a whole body paragraph is bold, or italic (other than căn cứ lines).

    Emphasis on some words inside a paragraph is the writer's choice and passes. A bullet's
    typed marker ("- ", "+ ", "• ") is not the paragraph's text, so it is left out of the test.
    """
    runs = _text_runs(para)
    if runs and all(r.bold for r in runs):
        yield problem(ID, "body.bold", para)
    if runs and all(r.italic for r in runs) and not para.text.lstrip().startswith(ITALIC_BY_RULE):
        yield problem(ID, "body.italic", para)


def _text_runs(para) -> list:
    """Return the visible runs of ``para`` without runs holding only a typed bullet marker."""
    return [r for r in para.visible_runs if r.text.strip() not in BULLET_MARKS]


def _indent(para, opts):
    """Yield a problem when the first-line indent is not one of the allowed values (cm)."""
    cm, tol = para.first_line.cm, opts["indent_tolerance_cm"]
    if not any(abs(cm - ok) <= tol + 1e-9 for ok in opts["indents_cm"]):
        allowed = " / ".join(num(x, 2) for x in opts["indents_cm"])
        yield problem(ID, "body.indent", para, found=num(cm, 2), expected=allowed)


def _line(para, opts):
    """Yield a problem when the line spacing is tighter than single or wider than 1.5 lines."""
    lo, hi = opts["line_spacing"]
    if para.line_multiple is not None:
        if not lo - 0.01 <= para.line_multiple <= hi + 0.01:
            yield problem(ID, "body.line", para, found=num(round(para.line_multiple, 2)),
                          expected=span(lo, hi))
        return
    size = max((r.size_pt for r in para.visible_runs), default=13)
    points = para.line_exact.pt
    if not size * lo * 0.99 <= points <= size * hi * 1.2:
        key = "body.line_at_least" if para.line_at_least else "body.line_exact"
        yield problem(ID, key, para, found=num(points), expected=span(lo, hi))


def _gap(before, after, opts):
    """Yield a problem when the space between two adjacent paragraphs is below the minimum."""
    if before.contextual and after.contextual and before.style_id == after.style_id:
        gap = 0.0
    else:
        gap = before.space_after.pt + after.space_before.pt
    if gap < opts["min_spacing_pt"] - 0.01:
        yield problem(ID, "body.spacing", after, found=num(gap), expected=num(opts["min_spacing_pt"]))
