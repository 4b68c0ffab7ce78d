"""page-number: a PAGE field centred in the page header, 13–14 pt, and none on the first page.

NĐ30, Phụ lục I, Phần I, Mục I (số trang: giữa lề trên, không hiển thị số trang thứ nhất).
Each section needs a PAGE field in its default header, centred; the first section needs
"different first page" (``w:titlePg``) with a first-page header that is absent or holds no
PAGE field (a document with no PAGE field at all is told only that it lacks page numbers).
"""

from __future__ import annotations

from khcn_docs.checks.expect import align_name, expect_size, problem

ID = "page-number"
CLAUSE = "Phụ lục I, Phần I, Mục I"
TITLE_VI = "Số trang ở giữa lề trên, không hiện ở trang đầu"


def check(lay, opts):
    """Yield problems for missing, misplaced or first-page page numbers, per section."""
    for sec in lay.doc.sections:
        fields = [p for p in sec.headers.get("default", []) if p.page_field]
        if not fields:
            yield problem(ID, "page.no_field", section=sec.number)
        for para in fields[:1]:
            if para.align != "center":
                yield problem(ID, "page.centre", para, section=sec.number, found=align_name(para.align))
            yield from expect_size(ID, para, opts["size"], "page-number")
        if sec.number == 1:
            yield from _first_page(sec, bool(fields))


def _first_page(sec, numbered: bool):
    """Yield a problem when the first page would show a page number.

    Without "different first page" page 1 shows the default header, so only a numbered default
    header (``numbered``) puts a number on it; a document with no PAGE field at all has none.
    """
    first = sec.headers.get("first", [])
    if (sec.title_page and any(p.page_field for p in first)) or (not sec.title_page and numbered):
        yield problem(ID, "page.first", section=sec.number)
