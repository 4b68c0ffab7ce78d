"""rule-length: lines typed as underscores have the lengths ND30 gives them.

NĐ30, Phụ lục I, Phần I, Mục II.1, II.2 and II.5 (ô số 1, 2 and 5a): the line under the Tiêu ngữ
is as long as the motto; the line under the cơ quan ban hành is 1/3 to 1/2 of the name's
longest line; the line under a trích yếu is 1/3 to 1/2 of its longest line. Only lines typed as
underscores are measured — their length follows from the font (an underscore is half an em in
Times New Roman) — while paragraph borders and drawn shapes are accepted as they are. Text widths
are computed from Times New Roman's advance widths; a line longer than its column (the header's
left column, the text width for a trích yếu) wraps, so it counts as one full column.
"""

from __future__ import annotations

from khcn_docs import measure
from khcn_docs.checks.expect import num, problem
from khcn_docs.checks.rules.issuer_name import name_lines, split_names
from khcn_docs.checks.rules.tieu_ngu import TEXT as MOTTO
from khcn_docs.checks.segments import fold

ID = "rule-length"
CLAUSE = "Phụ lục I, Phần I, Mục II.1, II.2, II.5"
TITLE_VI = "Độ dài đường kẻ: bằng Tiêu ngữ; 1/3–1/2 tên cơ quan ban hành và trích yếu"


def _width(seg_or_para) -> float:
    """Return the width in pt of a segment's (or paragraph's) visible text at its own sizes."""
    return sum(measure.text_width_pt(r.text, r.size_pt, r.bold) for r in seg_or_para.runs if r.text)


def _rule_width(seg_or_para) -> float:
    """Return the length in pt of the underscores typed in a segment or paragraph."""
    return sum(r.text.count("_") * measure.UNDERSCORE_EM * r.size_pt for r in seg_or_para.runs)


def _ratio_problem(name: str, target, rule, lo: float, hi: float, tol: float,
                   max_width: float | None = None):
    """Yield a problem when ``rule``'s length is not within ``lo``–``hi`` (± ``tol``) of ``target``'s width.

    The message states the decree's rule (as long as the text, or 1/3 to 1/2 of it) and the
    tolerance apart, so the clerk sees what NĐ30 says rather than a figure with the tolerance in it.
    """
    text = min(_width(target), max_width) if max_width else _width(target)
    if text <= 0:
        return
    ratio = _rule_width(rule) / text
    if not lo - tol <= ratio <= hi + tol:
        key = "rule.length_equal" if lo == hi else "rule.length_ratio"
        yield problem(ID, key, rule, part=name, found=num(ratio * 100), low=num(lo * 100),
                      high=num(hi * 100), tol=num(tol * 100))


def _motto_as_prescribed(seg) -> bool:
    """Return True when the motto's text and size pass their own rule (else that rule speaks, not this one)."""
    sizes = {r.size_pt for r in seg.visible_runs}
    return fold(seg.text) == MOTTO and sizes <= {13.0, 14.0}


def check(lay, opts):
    """Yield problems for typed lines under the motto, the issuer's name and the trích yếu."""
    tol = opts["tolerance"]
    motto = lay.find("tieu-ngu")
    if motto and _motto_as_prescribed(motto[0]) and (rule := lay.rule_after(motto[0])):
        yield from _ratio_problem("Tiêu ngữ", motto[0], rule, 1, 1, tol)
    names = name_lines(lay)
    if names:
        issuer = split_names(names)[1]
        longest = max(issuer, key=_width)
        if rule := lay.rule_after(issuer[-1]):
            yield from _ratio_problem("tên cơ quan ban hành", longest, rule, 1 / 3, 1 / 2, tol,
                                      max_width=opts["header_column_pt"])
    if lay.summary and lay.summary_rule is not None:
        longest = max(lay.summary, key=_width)
        yield from _ratio_problem("trích yếu", longest, lay.summary_rule, 1 / 3, 1 / 2, tol,
                                  max_width=opts["text_width_pt"])
