"""Template of the report form (báo cáo, mẫu 1.4): the agency's header, BÁO CÁO + trích yếu,
Kính gửi, sections with lines to fill, a bordered task table (one row per task), signature."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from tools.templates import cong_van, kit

COLUMNS = (("STT", Cm(1.3), "center"), ("Nhiệm vụ", Cm(6.4), "left"), ("Vai trò", Cm(2.2), "center"),
           ("Kết quả thực hiện", Cm(3.5), "left"), ("Khó khăn, vướng mắc", Cm(3.1), "left"))
ROW_FIELDS = ("{{ row.stt }}", "{{ row.task }}", "{{ row.role }}", "", "")
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
          "left": WD_ALIGN_PARAGRAPH.LEFT}


def borders(table) -> None:
    """Give ``table`` single thin borders on every edge and between cells."""
    el = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            border.set(qn(f"w:{key}"), value)
        el.append(border)
    table._tbl.tblPr.append(el)


def repeat_header(row) -> None:
    """Mark ``row`` as a header row, repeated on every page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def task_table(doc) -> None:
    """Add the task table: a header row, then docxtpl's ``{%tr for row in rows %}`` row loop."""
    table = kit.fixed_table(doc, 4, [width for _, width, _ in COLUMNS])
    borders(table)
    repeat_header(table.rows[0])
    for cell, (title, _, _) in zip(table.rows[0].cells, COLUMNS):
        kit.first_paragraph(cell, title, "ND30 Table Head")
    kit.first_paragraph(table.rows[1].cells[0], "{%tr for row in rows %}", "ND30 Table Text")
    for cell, text, (_, _, align) in zip(table.rows[2].cells, ROW_FIELDS, COLUMNS):
        kit.first_paragraph(cell, text, "ND30 Table Text").paragraph_format.alignment = _ALIGN[align]
    kit.first_paragraph(table.rows[3].cells[0], "{%tr endfor %}", "ND30 Table Text")


def build():
    """Return the report form template as a python-docx Document."""
    doc = kit.named_document("BÁO CÁO")
    kit.para(doc, "{{ kg.single }}", "ND30 Kinh Gui")
    cong_van.blocks_loop(doc, "before")
    task_table(doc)
    cong_van.blocks_loop(doc, "after")
    kit.signature_table(doc)
    cong_van.drop_leading_empty_paragraph(doc)
    return doc
