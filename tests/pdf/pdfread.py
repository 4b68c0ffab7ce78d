"""Reading PDFs back for the tests: embedded fonts, page numbers, text as drawn."""

from __future__ import annotations

import re

from pypdf import PdfReader

ALLOWED_FONT = re.compile(r"^(TimesNewRoman|LiberationSerif|Tinos)")


def embedded_fonts(reader: PdfReader) -> set[str]:
    """Return the base names (subset prefix removed) of every font embedded in ``reader``."""
    names = set()
    for page in reader.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            parts = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            for part in parts:
                descriptor = part.get("/FontDescriptor")
                if descriptor is not None and any(
                        k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(part["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def is_page_number(text: str, y: float, page) -> bool:
    """Return True when ``text`` drawn at baseline ``y`` is a bare number in the top margin.

    Body text starts below the 20 mm top margin (first baseline about 68 pt from the top);
    the header's page number sits about 41 pt from the top.
    """
    return text.strip().isdigit() and y > float(page.mediabox.height) - 52


def header_numbers(page) -> list[tuple[str, float, float]]:
    """Return (text, x, y) of the page numbers drawn in the top margin of ``page``."""
    found = []

    def visit(text, cm, tm, font, size):
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        if is_page_number(text, y, page):
            found.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return found


def body_text(page) -> str:
    """Return the text of ``page`` as drawn, without the page number in its header."""
    parts = []

    def visit(text, cm, tm, font, size):
        if not is_page_number(text, tm[5] * cm[3] + cm[5], page):
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(parts)
