"""Read any .docx into the flat model: paragraphs (body, table cells, page headers and footers) and sections.

Text includes line breaks (``w:br``/``w:cr`` -> ``"\\n"``), tabs (``"\\t"``), hyperlink runs,
content controls (``w:sdt``), inserted revisions and simple fields; list bullets count as a
leading ``"- "`` (see ``numbering``). Runs inside text boxes belong to their own paragraphs and
are not read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from docx.shared import Length, Pt, Twips

from khcn_docs.checks.model import BODY, PAGE_FOOTER, PAGE_HEADER, TABLE, Para, Run, Section
from khcn_docs.checks.numbering import Numbering
from khcn_docs.checks.styles import (
    DEFAULT_SIZE, StyleSheet, first, first_attr, on, q, theme_fonts, wattr,
)

_CONTAINERS = {q(t) for t in ("hyperlink", "sdt", "sdtContent", "ins", "fldSimple", "smartTag",
                              "customXml", "moveTo", "dir", "bdo")}
_PAGE = re.compile(r"(?<![A-Z])PAGE(?![A-Z])")
_LINE_SHAPES = (
    ".//*[local-name()='line' and namespace-uri()='urn:schemas-microsoft-com:vml']"
    " | .//*[local-name()='shape' and contains(@type, '_x0000_t32')]"
    " | .//*[local-name()='prstGeom' and (@prst='line' or @prst='straightConnector1')]"
)
_BLACK = {"auto", "000000"}


class ReadError(Exception):
    """The file is not a readable .docx; ``str()`` says why."""


@dataclass
class Document:
    """A read document: its paragraphs in order, its sections, and the path it came from."""

    path: str
    paras: list[Para]
    sections: list[Section]


def read(path: str) -> Document:
    """Return the flat model of the .docx at ``path``; raise ``ReadError`` if it cannot be read."""
    import docx

    from khcn_docs.i18n import t

    if not os.path.isfile(path):
        raise ReadError(t("check.read.missing"))
    _require_word_package(path)
    try:
        doc = docx.Document(path)
        return _Reader(doc, str(path)).read()
    except ReadError:
        raise
    except RuntimeError as exc:  # zipfile: "File … is encrypted, password required for extraction"
        if "encrypted" not in str(exc):
            raise ReadError(t("check.read.broken", detail=f"{type(exc).__name__}: {exc}")) from exc
        raise ReadError(t("check.read.encrypted")) from exc
    except KeyError as exc:  # a part the package names is not in the zip (a tool that wrote it half)
        missing = re.search(r"named '([^']+)'", str(exc))
        detail = t("check.read.no_word_part", part=missing.group(1)) if missing else \
            t("check.read.broken", detail=f"{type(exc).__name__}: {exc}")
        raise ReadError(detail) from exc
    except Exception as exc:  # noqa: BLE001 - any failure to parse means "not a readable docx"
        raise ReadError(t("check.read.broken", detail=f"{type(exc).__name__}: {exc}")) from exc


def _require_word_package(path: str) -> None:
    """Raise ``ReadError`` saying what the file at ``path`` is when it is not a Word package: not a
    zip at all, another Office file renamed .docx (an Excel workbook is the usual one), or a zip
    without Word's parts."""
    import zipfile

    from khcn_docs import sniff
    from khcn_docs.i18n import t

    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        with open(path, "rb") as fh:
            ole = fh.read(len(sniff.OLE)) == sniff.OLE  # a Word file saved with a password, or an old .doc
        raise ReadError(t("check.read.encrypted" if ole else "check.read.not_zip")) from None
    except OSError as exc:
        raise ReadError(t("check.read.broken", detail=str(exc))) from None
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        return
    other = sniff.zip_kind(names)
    if other not in (sniff.ZIP, sniff.WORD):
        raise ReadError(t("check.read.other_office", kind=other))
    missing = "[Content_Types].xml" if "[Content_Types].xml" not in names else "word/document.xml"
    raise ReadError(t("check.read.no_word_part", part=missing))


def _underlined(u) -> bool:
    """Return True when a ``w:u`` element draws a line under the text (any style but ``none``)."""
    return u is not None and (wattr(u, "val") or "single") != "none"


def _related(part, suffix: str):
    """Return the part related to ``part`` whose relationship type ends with ``suffix``, or None."""
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith(suffix):
            return rel.target_part
    return None


class _Reader:
    """One pass over a python-docx Document producing ``Document``."""

    def __init__(self, doc, path: str):
        self.doc, self.path = doc, path
        part = doc.part
        styles, theme = _related(part, "/styles"), _related(part, "/theme")
        numbering = _related(part, "/numbering")
        self.sheet = StyleSheet(styles.element if styles is not None else None,
                                theme_fonts(theme.blob if theme is not None else None))
        self.numbering = Numbering(numbering.element if numbering is not None else None)
        self.paras: list[Para] = []
        self.section = 0
        self.count = 0
        self.tables = 0

    def read(self) -> Document:
        """Return the whole document model."""
        body = self.doc.element.body
        self._block(body, BODY, None, None)
        return Document(self.path, self.paras, self._sections(body))

    def _block(self, parent, location, cell, tstyle) -> None:
        """Read the paragraphs and tables under ``parent`` (body, cell, header or content control)."""
        for child in parent:
            if child.tag == q("p"):
                self.paras.append(self._para(child, location, cell, tstyle))
                if child.find(f"{q('pPr')}/{q('sectPr')}") is not None:
                    self.section += 1
            elif child.tag == q("tbl"):
                self._table(child, location, cell)
            elif child.tag in (q("sdt"), q("sdtContent"), q("customXml")):
                self._block(child, location, cell, tstyle)

    def _table(self, tbl, location, cell) -> None:
        """Read a table's cells; top-level tables get a new table number."""
        if not cell:
            self.tables += 1
        number = cell[0] if cell else self.tables
        sid = wattr(tbl.find(f"{q('tblPr')}/{q('tblStyle')}"), "val")
        tstyle = self.sheet.table_style(sid)
        loc = TABLE if location == BODY else location
        for r, tr in enumerate(tbl.iter(q("tr"))):
            if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
                continue  # a nested table's row: read through its own cell below
            start = len(self.paras)
            for c, tc in enumerate(tr.iter(q("tc"))):
                if tc.getparent() is tr or tc.getparent().getparent() is tr:
                    self._block(tc, loc, (number, r, c), tstyle)
            if on(tr.find(f"{q('trPr')}/{q('cantSplit')}")):
                for para in self.paras[start:]:  # the row's paragraphs, a nested table's included
                    para.cant_split = True

    def _para(self, p, location, cell, tstyle, index=None) -> Para:
        """Return the ``Para`` for the ``w:p`` element ``p``."""
        ppr = p.find(q("pPr"))
        pstyle = wattr(ppr.find(q("pStyle")), "val") if ppr is not None else None
        pprs = ((ppr,) if ppr is not None else ()) + self.sheet.style_pprs(pstyle, tstyle)
        prefix, bullet, lvl_ppr = self._numbering(pprs)
        if lvl_ppr is not None:
            pprs = pprs[:1] + (lvl_ppr,) + pprs[1:] if ppr is not None else (lvl_ppr,) + pprs
        runs, page_field = self._runs(p, pstyle, tstyle)
        text = prefix + "".join(r.text for r in runs)
        if index is None:
            self.count += 1
            index = self.count
        return Para(index=index, location=location, runs=runs, text=text, cell=cell,
                    section=self.section, style_id=self.sheet.para_style(pstyle) or "",
                    bullet=bullet, numbered=bool(prefix) and not bullet,
                    page_field=page_field, line_shape=_has_line_shape(p), page_break=_page_break(p),
                    **_para_props(pprs))

    def _numbering(self, pprs):
        """Return ``(prefix, is_bullet, level pPr)`` for the paragraph's list numbering."""
        numpr = first(pprs, "numPr")
        if numpr is None:
            return "", False, None
        num_id = wattr(numpr.find(q("numId")), "val")
        ilvl = int(wattr(numpr.find(q("ilvl")), "val") or 0)
        lvl = self.numbering.level(num_id, ilvl)
        if lvl is None:
            return "", False, None
        prefix, bullet = self.numbering.label(num_id, ilvl)
        return prefix, bullet, lvl.find(q("pPr"))

    def _runs(self, p, pstyle, tstyle) -> tuple[list[Run], bool]:
        """Return the paragraph's runs (in order, through containers) and whether a PAGE field is in it."""
        runs: list[Run] = []
        instr = [wattr(el, "instr") or "" for el in p.iter(q("fldSimple"))]
        for r in _iter_runs(p):
            parts = []
            for ch in r:
                tag = ch.tag
                if tag == q("t"):
                    parts.append(ch.text or "")
                elif tag == q("tab"):
                    parts.append("\t")
                elif tag in (q("br"), q("cr")):
                    parts.append("\n")
                elif tag == q("noBreakHyphen"):
                    parts.append("-")
                elif tag == q("instrText"):
                    instr.append(ch.text or "")
            if parts:
                runs.append(self._run(r, "".join(parts), pstyle, tstyle))
        return runs, any(_PAGE.search(i) for i in instr)

    def _run(self, r, text: str, pstyle, tstyle) -> Run:
        """Return the ``Run`` with effective formatting for the ``w:r`` element ``r``."""
        rpr = r.find(q("rPr"))
        rstyle = wattr(rpr.find(q("rStyle")), "val") if rpr is not None else None
        rprs = ((rpr,) if rpr is not None else ()) + self.sheet.style_rprs(rstyle, pstyle, tstyle)
        slots = ["ascii", "hAnsi"]
        hint = first(rprs, "rFonts")
        if hint is not None and wattr(hint, "hint") == "eastAsia":
            slots.append("eastAsia")
        fonts = tuple((s, *self.sheet.font(rprs, s)) for s in slots)
        sz = wattr(first(rprs, "sz"), "val")
        return Run(text=text, fonts=fonts, size_pt=int(sz) / 2 if sz else DEFAULT_SIZE,
                   bold=bool(on(first(rprs, "b"))), italic=bool(on(first(rprs, "i"))),
                   caps=bool(on(first(rprs, "caps"))), color=_color(first(rprs, "color")),
                   underline=_underlined(first(rprs, "u")))

    def _sections(self, body) -> list[Section]:
        """Return the sections (page setup, resolved header and footer parts) in document order."""
        out: list[Section] = []
        headers: dict[str, list[Para]] = {}
        footers: dict[str, list[Para]] = {}
        for n, sect in enumerate(body.iter(q("sectPr")), start=1):
            headers = self._parts(sect, "headerReference", PAGE_HEADER, headers)
            footers = self._parts(sect, "footerReference", PAGE_FOOTER, footers)
            out.append(_section(sect, n, headers, footers))
        return out

    def _parts(self, sect, tag: str, location: str, previous: dict[str, list[Para]]) -> dict[str, list[Para]]:
        """Return the header or footer parts (``default``/``first``/``even``: paragraphs) of ``sect``;
        a type it does not reference is linked to ``previous`` (the last section's)."""
        parts = dict(previous)
        for ref in sect.iter(q(tag)):
            part = self.doc.part.related_parts.get(ref.get(_RID))
            if part is not None:
                parts[wattr(ref, "type") or "default"] = self._part_paras(part.element, location)
        return parts

    def _part_paras(self, element, location: str) -> list[Para]:
        """Return the paragraphs of a header or footer part (tables included), numbered 0."""
        return [self._para(p, location, None, None, index=0) for p in element.iter(q("p"))]


_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _iter_runs(p):
    """Yield the ``w:r`` elements of paragraph ``p``, descending into hyperlinks and content controls."""
    for child in p:
        if child.tag == q("r"):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _iter_runs(child)


def _color(el) -> str:
    """Return the run colour as hex (``"000000"`` for black, ``"auto"``, or a theme colour name)."""
    if el is None:
        return "auto"
    theme = wattr(el, "themeColor")
    if theme:
        return "000000" if theme in ("text1", "dark1") else theme
    return (wattr(el, "val") or "auto").upper().replace("AUTO", "auto")


def is_black(color: str) -> bool:
    """Return True when a run colour prints black."""
    return color in _BLACK


def _twips(props, tag, *names):
    """Return the first of ``names`` on ``tag`` across ``props`` as ``(name, Length)``, or None."""
    found = first_attr(props, tag, *names)
    return None if found is None else (found[0], Twips(int(float(found[1]))))


def _para_props(pprs) -> dict:
    """Return the effective paragraph properties as keyword arguments for ``Para``."""
    ind = _twips(pprs, "ind", "firstLine", "hanging")
    first_line = Twips(0) if ind is None else (ind[1] if ind[0] == "firstLine" else Length(-ind[1]))
    before = _spacing(pprs, "before")
    after = _spacing(pprs, "after")
    line = first_attr(pprs, "spacing", "line")
    rule = (first_attr(pprs, "spacing", "lineRule") or ("", "auto"))[1]
    multiple, exact = 1.0, None
    if line is not None and rule == "auto":
        multiple = int(float(line[1])) / 240
    elif line is not None:
        multiple, exact = None, Twips(int(float(line[1])))
    at_least = exact is not None and rule == "atLeast"  # Word's "At least", not "Exactly"
    bdr = first(pprs, "pBdr")
    bottom = bdr.find(q("bottom")) if bdr is not None else None
    return dict(align=(wattr(first(pprs, "jc"), "val") or "left"), first_line=first_line,
                space_before=before, space_after=after,
                contextual=bool(on(first(pprs, "contextualSpacing"))),
                keep_next=bool(on(first(pprs, "keepNext"))),
                break_before=bool(on(first(pprs, "pageBreakBefore"))),
                line_multiple=multiple, line_exact=exact, line_at_least=at_least,
                border_bottom=bottom is not None and wattr(bottom, "val") not in (None, "nil", "none"))


def _spacing(pprs, side: str):
    """Return the space before/after as a Length (HTML auto-spacing counts as 14 pt)."""
    auto = first_attr(pprs, "spacing", side + "Autospacing")
    if auto is not None and auto[1].lower() not in ("0", "false", "off"):
        return Pt(14)
    found = _twips(pprs, "spacing", side)
    return found[1] if found else Twips(0)


def _page_break(p) -> bool:
    """Return True when paragraph ``p`` holds a page break or ends a section that is not continuous."""
    if any(wattr(br, "type") == "page" for r in _iter_runs(p) for br in r.iter(q("br"))):
        return True
    sect = p.find(f"{q('pPr')}/{q('sectPr')}")
    return sect is not None and wattr(sect.find(q("type")), "val") != "continuous"


def _has_line_shape(p) -> bool:
    """Return True when the paragraph anchors a drawn line (VML line/connector or DrawingML line)."""
    if p.find(f".//{q('drawing')}") is None and p.find(f".//{q('pict')}") is None:
        return False
    return bool(p.xpath(_LINE_SHAPES))


def _section(sect, number: int, headers, footers) -> Section:
    """Return a ``Section`` from a ``w:sectPr`` element (A4 portrait defaults when unset)."""
    size, mar = sect.find(q("pgSz")), sect.find(q("pgMar"))

    def tw(el, name, default):
        val = wattr(el, name)
        return Twips(int(float(val)) if val is not None else default)

    width, height = tw(size, "w", 11906), tw(size, "h", 16838)
    return Section(number=number, width=width, height=height,
                   landscape=wattr(size, "orient") == "landscape" or width > height,
                   top=tw(mar, "top", 1440), bottom=tw(mar, "bottom", 1440),
                   left=tw(mar, "left", 1800), right=tw(mar, "right", 1800),
                   title_page=bool(on(sect.find(q("titlePg")))), headers=headers,
                   footers=footers)
