"""font-color: text is black.

NĐ30, Phụ lục I, Phần I, Mục I (màu đen). "Automatic" and theme colour ``text1`` count as
black; any other explicit colour is flagged, one problem per paragraph. Body, tables, page
headers and page footers (default, first-page and even-page ones) are read.
"""

from __future__ import annotations

from khcn_docs.checks.expect import problem
from khcn_docs.checks.reader import is_black

ID = "font-color"
CLAUSE = "Phụ lục I, Phần I, Mục I"
TITLE_VI = "Chữ màu đen"


def check(lay, opts):
    """Yield a problem for each paragraph with visible text in a colour other than black."""
    for para in lay.everything():
        colors = [r.color for r in para.runs if r.text.strip() and not is_black(r.color)]
        if colors:
            yield problem(ID, "font.color", para, found=colors[0])
