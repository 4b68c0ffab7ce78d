"""Reading formatting facts back from a generated .docx with python-docx, resolving styles.

A value set on the run wins; else the paragraph style and its basedOn chain; else the document
default. Our templates never use theme fonts, which the tests assert separately.
"""

from __future__ import annotations

from docx.oxml.ns import qn


def style_chain(paragraph):
    """Yield the paragraph's style, then each style it is based on."""
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _effective(own, paragraph, part: str, attr: str):
    """Return ``own``'s ``attr`` if set, else the first one set along the paragraph's style chain."""
    value = getattr(own, attr)
    for style in style_chain(paragraph):
        if value is not None:
            break
        value = getattr(getattr(style, part), attr)
    return value


def run_value(paragraph, run, attr: str):
    """Return the effective font attribute ``attr`` (size, bold, italic, name) of ``run``."""
    return _effective(run.font, paragraph, "font", attr)


def para_value(paragraph, attr: str):
    """Return the effective paragraph-format attribute ``attr`` (alignment, first_line_indent, …)."""
    return _effective(paragraph.paragraph_format, paragraph, "paragraph_format", attr)


def all_paragraphs(doc):
    """Return every paragraph of the body in document order, table cells included (row by row)."""
    out = []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            out.append(_para(block, doc))
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                for cell in row.iter(qn("w:tc")):
                    out += [_para(p, doc) for p in cell.iter(qn("w:p"))]
    return out


def _para(p_el, doc):
    from docx.text.paragraph import Paragraph

    return Paragraph(p_el, doc._body)


def text_runs(paragraph):
    """Return the runs of ``paragraph`` that hold visible text."""
    return [r for r in paragraph.runs if r.text.strip()]
