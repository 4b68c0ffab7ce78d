"""font-family: every character in Times New Roman.

NĐ30, Phụ lục I, Phần I, Mục I (phông chữ tiếng Việt Times New Roman, bộ mã Unicode). The font
is resolved as Word resolves it: run, character style, paragraph style and its basedOn chain,
table style, document defaults, then the theme: a theme reference (e.g. ``minorHAnsi``, which
is Calibri or Cambria in Word's default theme) wins over an explicit name at the same level, so
a style naming both ``asciiTheme`` and ``ascii="Times New Roman"`` is flagged. Body, tables,
page headers and page footers (default, first-page and even-page ones) are read; one problem per
paragraph.
"""

from __future__ import annotations

from khcn_docs.checks.expect import problem

ID = "font-family"
CLAUSE = "Phụ lục I, Phần I, Mục I"
TITLE_VI = "Phông chữ Times New Roman ở mọi nơi (kể cả phông theo chủ đề, kiểu kế thừa)"


def check(lay, opts):
    """Yield a problem for each paragraph with visible text in another font."""
    want = opts["font"].casefold()
    for para in lay.everything():
        bad = _first_bad(para, want)
        if bad:
            name, theme = bad
            key = "font.theme" if theme else "font.family"
            yield problem(ID, key, para, found=name, theme=theme, expected=opts["font"])


def _first_bad(para, want):
    """Return ``(font, theme ref)`` of the first visible run not in the wanted font, or None."""
    for run in para.runs:
        if not run.text.strip():
            continue
        for _, name, theme in run.fonts:
            if name.casefold() != want:
                return name, theme
    return None
