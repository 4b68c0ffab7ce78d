"""The flat document model the rules read: paragraphs with resolved formatting, sections, problems.

Every value here is already *effective* (resolved through styles, defaults and theme, see
``khcn_docs.checks.styles``): a rule never looks at raw XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.shared import Length

BODY = "body"
TABLE = "table"
PAGE_HEADER = "page-header"
PAGE_FOOTER = "page-footer"


@dataclass(frozen=True)
class Run:
    """One run's text and its effective character formatting.

    ``fonts`` lists ``(slot, name, theme)`` for the font slots that render this text (ascii,
    hAnsi, and eastAsia when hinted); ``theme`` is the theme reference (e.g. ``minorHAnsi``) the
    name came from, or ``""`` for an explicit font.
    """

    text: str
    fonts: tuple[tuple[str, str, str], ...]
    size_pt: float
    bold: bool
    italic: bool
    caps: bool
    color: str
    underline: bool = False

    @property
    def visible(self) -> bool:
        """Return True when the run has non-blank text other than line-drawing underscores."""
        return bool(self.text.replace("_", "").strip())


@dataclass
class Para:
    """One paragraph (body, table cell or page header/footer) with effective paragraph formatting.

    ``location`` is ``body``, ``table``, ``page-header``, ``page-footer``, or (set by the layout) ``header-table``
    / ``signature-table``. ``index`` is the 1-based position among body and table-cell paragraphs in document order
    (0 for header/footer parts). ``cell`` is ``(table, row, col)`` for table paragraphs, ``None``
    otherwise. Lengths are ``docx.shared.Length``; ``line_multiple`` is the line spacing as a
    multiple of single (``None`` when exact/at-least spacing is used, see ``line_exact``);
    ``line_at_least`` is True when ``line_exact`` is a minimum (Word's "At least"), not "Exactly".
    ``keep_next`` is "keep with next" (``w:keepNext``); ``cant_split`` is True for a table paragraph
    whose row may not break across pages (``w:cantSplit`` on the row). ``page_break`` is True when
    the paragraph starts a new page after it (a page break ``w:br w:type="page"`` in it, or a
    section break other than "continuous" ending it); ``break_before`` is "page break before"
    (``w:pageBreakBefore``).
    """

    index: int
    location: str
    runs: list[Run]
    text: str
    cell: tuple[int, int, int] | None = None
    section: int = 0
    style_id: str = ""
    align: str = "left"
    first_line: Length = field(default_factory=lambda: Length(0))
    space_before: Length = field(default_factory=lambda: Length(0))
    space_after: Length = field(default_factory=lambda: Length(0))
    contextual: bool = False
    line_multiple: float | None = 1.0
    line_exact: Length | None = None
    line_at_least: bool = False
    border_bottom: bool = False
    line_shape: bool = False
    page_field: bool = False
    bullet: bool = False
    numbered: bool = False
    keep_next: bool = False
    cant_split: bool = False
    page_break: bool = False
    break_before: bool = False

    @property
    def visible_runs(self) -> list[Run]:
        """Return the runs that carry visible text (see ``Run.visible``)."""
        return [r for r in self.runs if r.visible]

    @property
    def excerpt(self) -> str:
        """Return the first words of the paragraph (at most ~40 characters) for messages."""
        flat = " ".join(self.text.split())
        return flat if len(flat) <= 40 else flat[:40].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Segment:
    """A piece of a paragraph between tabs or line breaks (a header/signature line).

    ``column`` is ``"left"`` or ``"right"``: the header/signature column the piece sits in.
    """

    para: Para
    text: str
    runs: tuple[Run, ...]
    column: str

    @property
    def visible_runs(self) -> list[Run]:
        """Return the runs that carry visible text."""
        return [r for r in self.runs if r.visible]


@dataclass(frozen=True)
class Section:
    """Page setup of one section: size, orientation, margins, first-page flag, header and footer parts.

    ``headers`` maps ``default``/``first``/``even`` to that header's paragraphs (after following
    "link to previous"); a missing key means no header of that type. ``footers`` is the same for
    the page footers.
    """

    number: int
    width: Length
    height: Length
    landscape: bool
    top: Length
    bottom: Length
    left: Length
    right: Length
    title_page: bool
    headers: dict[str, list[Para]]
    footers: dict[str, list[Para]] = field(default_factory=dict)


@dataclass
class Problem:
    """One deviation found by a rule: where, what (already-translated message), which rule."""

    rule: str
    message: str
    para: Para | None = None
    section: int | None = None
    severity: str = "error"
    clause: str = ""
    file: str = ""

    def to_dict(self) -> dict:
        """Return a JSON-ready dict of the problem."""
        p = self.para
        return {
            "file": self.file, "rule": self.rule, "severity": self.severity,
            "clause": self.clause, "message": self.message,
            "paragraph": p.index if p and p.index else None,
            "location": p.location if p else None,
            "cell": list(p.cell) if p and p.cell else None,
            "excerpt": p.excerpt if p else None,
            "section": self.section,
        }
