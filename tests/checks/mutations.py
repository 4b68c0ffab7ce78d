"""Mutation helpers for the rule tests: each returns a function ``(doc, handles) -> None``."""

from __future__ import annotations

import copy
import unicodedata

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph


def _runs(h, name, fragment=None):
    """Return the runs of handle ``name`` containing ``fragment`` (exact for underscore lines)."""
    runs = h[name].runs
    if fragment is None:
        return [r for r in runs if r.text.strip()]
    if fragment.startswith("_"):
        return [r for r in runs if r.text == fragment]
    return [r for r in runs if fragment in r.text]


def fmt(name, fragment=None, size=None, font=None, color=None, **attrs):
    """Set run attributes (bold, italic), size (pt), font name or colour on matching runs."""
    def apply(doc, h):
        for r in _runs(h, name, fragment):
            for key, value in attrs.items():
                setattr(r, key, value)
            if size is not None:
                r.font.size = Pt(size)
            if font is not None:
                r.font.name = font
            if color is not None:
                r.font.color.rgb = RGBColor.from_string(color)
    return apply


def text(name, old, new):
    """Replace ``old`` by ``new`` in the matching runs of handle ``name``."""
    def apply(doc, h):
        for r in _runs(h, name, old):
            r.text = r.text.replace(old, new)
    return apply


def nfd(name):
    """Rewrite handle ``name``'s text in decomposed Unicode (NFD)."""
    def apply(doc, h):
        for r in h[name].runs:
            r.text = unicodedata.normalize("NFD", r.text)
    return apply


def align(name, value):
    """Set paragraph alignment (``left``, ``center``, ``both``)."""
    mapping = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
               "both": WD_ALIGN_PARAGRAPH.JUSTIFY}
    def apply(doc, h):
        h[name].alignment = mapping[value]
    return apply


def pf(name, **attrs):
    """Set paragraph_format attributes on handle ``name`` (lengths given as Length values)."""
    def apply(doc, h):
        for key, value in attrs.items():
            setattr(h[name].paragraph_format, key, value)
    return apply


def section(**attrs):
    """Set attributes of the first section (page size, margins, orientation)."""
    def apply(doc, h):
        for key, value in attrs.items():
            setattr(doc.sections[0], key, value)
    return apply


def delete(name):
    """Remove handle ``name``'s paragraph from the document."""
    def apply(doc, h):
        p = h[name]._p
        p.getparent().remove(p)
    return apply


def no_first_page():
    """Turn off "different first page" so page 1 shows its number."""
    return section(different_first_page_header_footer=False)


def clear_page_field():
    """Remove the PAGE field from the header (leave the paragraph)."""
    def apply(doc, h):
        p = h["page-number"]._p
        for r in p.findall(qn("w:r")):
            p.remove(r)
    return apply


def before_header(what, line=""):
    """Put a paragraph before the header (the document's first element): ``empty``, ``text``
    (``line``), ``page-break`` (``w:br w:type="page"``), ``section-break`` (a copy of the page
    setup, starting a new page) or ``continuous-section``; ``break-before`` instead sets "page
    break before" on the header's first paragraph."""
    def apply(doc, h):
        body = doc.element.body
        if what == "break-before":
            h["parent"].paragraph_format.page_break_before = True
            return
        p = OxmlElement("w:p")
        body[0].addprevious(p)
        r = OxmlElement("w:r")
        if what == "page-break":
            br = OxmlElement("w:br")
            br.set(qn("w:type"), "page")
            r.append(br)
        elif what == "text":
            t = OxmlElement("w:t")
            t.text = line
            r.append(t)
        p.append(r)
        if what.endswith("section") or what == "section-break":
            sect = copy.deepcopy(body.find(qn("w:sectPr")))
            kind = OxmlElement("w:type")
            kind.set(qn("w:val"), "continuous" if what == "continuous-section" else "nextPage")
            sect.insert(0, kind)
            ppr = OxmlElement("w:pPr")
            ppr.append(sect)
            p.insert(0, ppr)
    return apply


def footer_run(which="footer", font=None, color=None, line="Tệp: abc.docx"):
    """Type ``line`` (8 pt, in ``font`` / ``color`` when given) in a page footer of the first
    section: ``footer``, ``first_page_footer`` or ``even_page_footer``."""
    def apply(doc, h):
        sec = doc.sections[0]
        if which == "even_page_footer":
            doc.settings.odd_and_even_pages_header_footer = True
        r = getattr(sec, which).paragraphs[0].add_run(line)
        r.font.size = Pt(8)
        if font is not None:
            r.font.name = font
        if color is not None:
            r.font.color.rgb = RGBColor.from_string(color)
    return apply


def body_table(size):
    """Append a task table (STT / Nhiệm vụ / Kết quả) with ``size`` pt text after the body."""
    def apply(doc, h):
        table = doc.add_table(rows=2, cols=3)
        table.style = "Table Grid"
        for c, label in enumerate(("STT", "Nhiệm vụ", "Kết quả")):
            table.cell(0, c).text = label
            table.cell(1, c).text = ("1", "Xây dựng cơ sở dữ liệu", "Hoàn thành")[c]
        for row in table.rows:
            for cell in row.cells:
                for r in cell.paragraphs[0].runs:
                    r.font.size = Pt(size)
        h["closing"]._p.addnext(table._tbl)
    return apply


def empty_after(name, keep):
    """Add an empty paragraph after handle ``name`` (a clerk's blank line before the signature),
    kept with the next paragraph when ``keep``."""
    def apply(doc, h):
        empty = copy.deepcopy(h[name]._p)
        for run in empty.findall(qn("w:r")):
            empty.remove(run)
        h[name]._p.addnext(empty)
        Paragraph(empty, h[name]._parent).paragraph_format.keep_with_next = keep
    return apply


def loose_signature():
    """Let the signature block split: its table row may break (no cantSplit), or, laid out with
    tabs, its "Nơi nhận" line no longer keeps with the next."""
    def apply(doc, h):
        table = h.get("signature-table")
        if table is None:
            h["label"].paragraph_format.keep_with_next = False
            return
        tr_pr = table.rows[0]._tr.trPr
        tr_pr.remove(tr_pr.find(qn("w:cantSplit")))
    return apply


def insert_before(name, line):
    """Insert a centred bold 14 pt paragraph ``line`` before handle ``name``."""
    def apply(doc, h):
        p = h[name].insert_paragraph_before(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.runs[0].bold, p.runs[0].font.size = True, Pt(14)
    return apply


def insert_plain_before(name, line):
    """Insert a paragraph ``line`` in the default style (left, not bold) before handle ``name``."""
    def apply(doc, h):
        h[name].insert_paragraph_before(line)
    return apply


def stamp_after(name, line):
    """Add a bold 13 pt paragraph ``line`` right after handle ``name`` (in its cell, if any): an
    urgency or secrecy stamp ("KHẨN", "MẬT") typed under the V/v line, ô 10a/10b."""
    def apply(doc, h):
        new = OxmlElement("w:p")
        h[name]._p.addnext(new)
        run = Paragraph(new, h[name]._parent).add_run(line)
        run.bold, run.font.size = True, Pt(13)
    return apply


def landscape():
    """Turn the page to A4 landscape (margins unchanged)."""
    return section(page_width=Mm(297), page_height=Mm(210))


def chain(*fns):
    """Return one mutation applying ``fns`` in order."""
    def apply(doc, h):
        for fn in fns:
            fn(doc, h)
    return apply


def element(tag, **attrs):
    """Return a new ``w:`` element with ``w:`` attributes."""
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


__all__ = ["Cm", "Mm", "Pt", "align", "body_table", "chain", "clear_page_field", "delete", "element", "empty_after",
           "fmt", "insert_before", "insert_plain_before", "landscape", "loose_signature", "nfd", "no_first_page", "pf", "section", "text"]


def styled_before(name, before):
    """Give handle ``name`` a new paragraph style with ``before`` of space above it, and drop the
    paragraph's own space before, so the style decides (as when a clerk edits a template's style)."""
    def apply(doc, h):
        style = doc.styles.add_style(f"Spaced {name}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = h[name].style
        style.paragraph_format.space_before = before
        h[name].style = style
        h[name].paragraph_format.space_before = None
    return apply
