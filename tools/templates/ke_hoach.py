"""Template of the kế hoạch (mẫu 1.4): header, KẾ HOẠCH + trích yếu, căn cứ, body blocks, signature."""

from __future__ import annotations

from tools.templates import kit

# The branches of the body block loop: the Jinja test choosing a block, its paragraph style, and
# whether it is kept with the next paragraph. Headings keep with the next through their style; the
# body's last paragraph keeps with what follows it (the signature table, or a table of tasks), so
# the signature block never stands alone on a page.
BRANCHES = (
    ("b.kind == 'h1'", "ND30 Heading 1", False),
    ("b.kind == 'h2'", "ND30 Heading 2", False),
    ("b.kind == 'h3'", "ND30 Heading 3", False),
    ("b.kind == 'body' and loop.last", "ND30 Body", True),
    ("b.kind == 'body'", "ND30 Body", False),
)


def body_loop(doc) -> None:
    """Add the loop writing the body blocks, one paragraph per block, styled by its kind."""
    kit.para(doc, "{%p for b in body %}", "ND30 Body")
    for i, (test, style, keep) in enumerate(BRANCHES):
        keyword = "if" if i == 0 else "elif"
        kit.para(doc, f"{{%p {keyword} {test} %}}", style)
        block = kit.para(doc, "{{r b.runs|rich }}", style)
        if keep:
            block.paragraph_format.keep_with_next = True
    kit.para(doc, "{%p endif %}", "ND30 Body")
    kit.para(doc, "{%p endfor %}", "ND30 Body")


def build():
    """Return the kế hoạch template as a python-docx Document."""
    doc = kit.named_document("KẾ HOẠCH")
    kit.para(doc, "{%p for line in can_cu %}", "ND30 Can Cu")
    kit.para(doc, "{{ line }}", "ND30 Can Cu")
    kit.para(doc, "{%p endfor %}", "ND30 Can Cu")
    body_loop(doc)
    kit.signature_table(doc)
    _drop_leading_empty_paragraph(doc)
    return doc


def _drop_leading_empty_paragraph(doc) -> None:
    """python-docx's blank document starts with an empty paragraph; remove it so the header table is first."""
    first = doc.paragraphs[0]
    if not first.text:
        first._p.getparent().remove(first._p)
