"""Template of a công văn (mẫu 1.5): header with Số and V/v, Kính gửi (one line or a list), body, signature.

Used for the dispatch (cong-van-trien-khai) and the reminder (cong-van-don-doc); each gets its own
.docx so a clerk can adjust one without touching the other.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from tools.templates import kit
from tools.templates import ke_hoach

KINH_GUI_AT = Cm(2.5)  # left indent of "Kính gửi:" when a list follows it
KINH_GUI_WIDTH = Cm(2.05)  # "Kính gửi: " in 14 pt Times New Roman (53.8 pt, colon included, and a space)
HANGING = Cm(0.4)  # a recipient that wraps goes on under its own text, right of the dash


def blocks_loop(doc, name: str) -> None:
    """Add the kế hoạch's block loop (one paragraph per block, styled by kind) over context variable ``name``."""
    ke_hoach.body_loop(doc)
    loop = next(p for p in reversed(doc.paragraphs) if p.text == "{%p for b in body %}")
    loop.runs[0].text = f"{{%p for b in {name} %}}"


def kinh_gui(doc) -> None:
    """Add the Kính gửi part: ``Kính gửi: X.`` centred, or ``Kính gửi:`` over a dash list whose dashes
    stand right after its colon (NĐ30 mẫu 1.5)."""
    kit.para(doc, "{%p if kg.single %}", "ND30 Kinh Gui")
    kit.para(doc, "{{ kg.single }}", "ND30 Kinh Gui")
    kit.para(doc, "{%p else %}", "ND30 Kinh Gui")
    head = kit.para(doc, "Kính gửi:", "ND30 Kinh Gui")
    head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    head.paragraph_format.left_indent = KINH_GUI_AT
    head.paragraph_format.space_after = Pt(0)
    kit.para(doc, "{%p for item in kg.names %}", "ND30 Kinh Gui")
    item = kit.para(doc, "{{ item }}", "ND30 Kinh Gui")
    fmt = item.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.left_indent, fmt.first_line_indent = KINH_GUI_AT + KINH_GUI_WIDTH + HANGING, -HANGING
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    kit.para(doc, "{%p endfor %}", "ND30 Kinh Gui")
    kit.para(doc, "{%p endif %}", "ND30 Kinh Gui")


def drop_leading_empty_paragraph(doc) -> None:
    """Remove python-docx's initial empty paragraph so the header table comes first."""
    first = doc.paragraphs[0]
    if not first.text:
        first._p.getparent().remove(first._p)


def build():
    """Return the công văn template as a python-docx Document."""
    doc = kit.letter(vv_line="{{ doc.vv }}")
    kinh_gui(doc)
    blocks_loop(doc, "body")
    kit.signature_table(doc)
    drop_leading_empty_paragraph(doc)
    return doc
