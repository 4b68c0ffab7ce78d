"""noi-nhan: "Nơi nhận:" 12 pt bold italic with its colon; recipient lines 11 pt, each starting
"- " and ending ";"; the last "- Lưu: VT, <đơn vị>." ending with "."; "- Như trên;" first when
the document has a Kính gửi part.

NĐ30, Phụ lục I, Phần I, Mục II.9 (ô số 9b). The label is not underlined (an older habit).
"""

from __future__ import annotations

import re

from khcn_docs.checks.expect import expect_format, expect_not_underlined, missing, problem

ID = "noi-nhan"
CLAUSE = "Phụ lục I, Phần I, Mục II.9"
TITLE_VI = "Nơi nhận: nhãn 12 đậm nghiêng, dòng 11 bắt đầu “- ” kết thúc “;”, dòng cuối “- Lưu: VT, ….”"
LUU = re.compile(r"^- Lưu: VT, \S.*\.$")


def check(lay, opts):
    """Yield problems for the Nơi nhận label and its list."""
    labels = lay.sign("label")
    if not labels:
        if lay.kind != "unknown":
            yield missing(ID, "noi-nhan")
        return
    label = labels[0]
    if label.text != "Nơi nhận:":
        yield problem(ID, "recipients.label", label, found=label.text)
    yield from expect_format(ID, label, "noi-nhan", size=opts["label_size"], bold=True, italic=True)
    yield from expect_not_underlined(ID, label, "noi-nhan")
    items = lay.sign("item")
    if not items:
        yield problem(ID, "recipients.empty", label)
        return
    yield from _items(items, opts)
    if lay.kinh_gui and items[0].text.rstrip() != "- Như trên;":
        yield problem(ID, "recipients.nhu_tren", items[0], found=items[0].text)


def _items(items, opts):
    """Yield problems for each recipient line's dash, ending and format, and the Lưu line."""
    for n, seg in enumerate(items):
        last = n == len(items) - 1
        if not seg.text.startswith("- "):
            yield problem(ID, "recipients.dash", seg, found=seg.text[:12])
        if last and not LUU.match(seg.text):
            yield problem(ID, "recipients.luu", seg, found=seg.text)
        elif not last and not seg.text.rstrip().endswith(";"):
            yield problem(ID, "list.end", seg, expected=";")
        yield from expect_format(ID, seg, "recipient", size=opts["item_size"], bold=False, italic=False)
