"""kinh-gui: "Kính gửi:" for công văn (and other kinds listed in ``required_for``), 13–14 pt,
not bold; with several recipients each "- …" line ends with ";" and the last with ".".

NĐ30, Phụ lục I, Phần I, Mục II.9 (ô số 9a): công văn, and tờ trình or báo cáo
sent to a superior, have a Kính gửi part. Whether a báo cáo or tờ trình goes upward cannot be
seen in the file, so by default only công văn require it.
"""

from __future__ import annotations

from khcn_docs.checks.expect import expect_format, missing, problem

ID = "kinh-gui"
CLAUSE = "Phụ lục I, Phần I, Mục II.9"
TITLE_VI = "Kính gửi (bắt buộc với công văn), cỡ 13–14, không đậm"


def check(lay, opts):
    """Yield problems for a missing Kính gửi, its colon, its format and its list punctuation."""
    if not lay.kinh_gui:
        if lay.kind in opts["required_for"]:
            yield missing(ID, "kinh-gui")
        return
    head = lay.kinh_gui[0]
    if not head.text.strip().startswith("Kính gửi:"):
        yield problem(ID, "kinh_gui.colon", head, found=head.excerpt)
    for para in lay.kinh_gui:
        yield from expect_format(ID, para, "kinh-gui", size=opts["size"], bold=False)
    items = lay.kinh_gui[1:]
    for n, para in enumerate(items):
        end = "." if n == len(items) - 1 else ";"
        if not para.text.rstrip().endswith(end):
            yield problem(ID, "list.end", para, expected=end)
