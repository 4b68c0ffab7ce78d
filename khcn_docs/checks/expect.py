"""Building blocks the rules share: a problem with a translated message, and format expectations.

Each ``expect_*`` function yields at most one ``Problem`` naming what was found and what ND30
requires, e.g. "Quốc hiệu: cỡ chữ 14 pt; NĐ30 quy định 12–13 pt".
"""

from __future__ import annotations

from typing import Iterator

from docx.shared import Twips

from khcn_docs.checks.model import Para, Problem, Segment
from khcn_docs.i18n import language, t
from khcn_docs.vn import is_caps

DRAFT_BLANK = r"(?:…|\.\.)[….]*"
"""A draft's "…" or "..." left where the number, day or month will go (spaces are a blank too)."""

_EPS = 0.01

WRITTEN_MM = Twips(1).mm / 2
"""Half a twip (0,0088 mm): page sizes and margins are written in whole twips, so a length in mm
(A4's 210 mm, Word's 11906 twips) matches its nearest twip up to this much, whatever the tolerance."""


def problem(rule: str, key: str, where: Para | Segment | None = None,
            section: int | None = None, **params) -> Problem:
    """Return a ``Problem`` of ``rule`` whose message is ``check.<key>`` formatted with ``params``."""
    para = where.para if isinstance(where, Segment) else where
    return Problem(rule=rule, message=t("check." + key, **params), para=para, section=section)


def part(name: str) -> str:
    """Return the translated name of a document part (``check.part.<name>``)."""
    return t("check.part." + name)


def align_name(value: str) -> str:
    """Return the translated name of a paragraph alignment (``both`` -> "đều hai bên")."""
    return t("check.align." + value) if value else value


def num(value: float, digits: int = 1) -> str:
    """Return a number with at most ``digits`` decimals, with a decimal comma in Vietnamese (``25,4``)."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",") if language() == "vi" else text


def num_outside(value: float, lo: float, hi: float) -> str:
    """Return ``value`` as ``num`` does, with as many more decimals (up to 4) as it takes for the
    number shown to be outside ``lo``..``hi`` too when ``value`` is: a margin of 1133 twips
    (19,985 mm) refused for 20–25 mm is "19,98", not "20"."""
    for digits in range(1, 5):
        if lo <= value <= hi or not lo <= round(value, digits) <= hi:
            return num(value, digits)
    return num(value, 4)


def span(lo: float, hi: float) -> str:
    """Return a range for messages: ``13–14`` (or ``12`` when both ends are equal)."""
    return num(lo) if lo == hi else f"{num(lo)}–{num(hi)}"


def expect_size(rule: str, seg, bounds, what: str) -> Iterator[Problem]:
    """Yield a problem when a visible run of ``seg`` has a size outside ``bounds`` (pt)."""
    lo, hi = bounds
    bad = sorted({r.size_pt for r in seg.visible_runs if not lo - _EPS <= r.size_pt <= hi + _EPS})
    if bad:
        yield problem(rule, "fmt.size", seg, part=part(what), found=num(bad[0]), expected=span(lo, hi))


def expect_bold(rule: str, seg, want: bool, what: str) -> Iterator[Problem]:
    """Yield a problem when ``seg``'s visible text is not all bold (``want``) or has bold runs."""
    runs = seg.visible_runs
    if runs and (not all(r.bold for r in runs) if want else any(r.bold for r in runs)):
        yield problem(rule, "fmt.bold" if want else "fmt.not_bold", seg, part=part(what))


def expect_italic(rule: str, seg, want: bool, what: str) -> Iterator[Problem]:
    """Yield a problem when ``seg``'s visible text is not all italic (``want``) or has italic runs."""
    runs = seg.visible_runs
    if runs and (not all(r.italic for r in runs) if want else any(r.italic for r in runs)):
        yield problem(rule, "fmt.italic" if want else "fmt.not_italic", seg, part=part(what))


def expect_not_underlined(rule: str, seg, what: str) -> Iterator[Problem]:
    """Yield a problem when visible text of ``seg`` is underlined."""
    if any(r.underline for r in seg.visible_runs):
        yield problem(rule, "fmt.underlined", seg, part=part(what))


def expect_caps(rule: str, seg, what: str) -> Iterator[Problem]:
    """Yield a problem unless ``seg`` is written in capitals (typed, or with the caps property)."""
    runs = seg.visible_runs
    if not is_caps(seg.text) and not (runs and all(r.caps for r in runs)):
        yield problem(rule, "fmt.caps", seg, part=part(what))


def expect_centred(rule: str, seg, what: str) -> Iterator[Problem]:
    """Yield a problem unless ``seg``'s paragraph is centred."""
    if seg.para.align != "center":
        yield problem(rule, "fmt.centred", seg, part=part(what), found=align_name(seg.para.align))


def expect_format(rule: str, seg, what: str, size=None, bold=None, italic=None) -> Iterator[Problem]:
    """Yield the size, bold and italic problems of ``seg`` (each check skipped when its arg is None)."""
    if size is not None:
        yield from expect_size(rule, seg, size, what)
    if bold is not None:
        yield from expect_bold(rule, seg, bold, what)
    if italic is not None:
        yield from expect_italic(rule, seg, italic, what)


def missing(rule: str, what: str) -> Problem:
    """Return the problem "<part> is missing" for a whole document."""
    return problem(rule, "missing", part=part(what))
