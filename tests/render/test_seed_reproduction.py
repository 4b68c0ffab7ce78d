"""The kế hoạch built from the bundled spec reproduces the seed, paragraph by paragraph."""

from __future__ import annotations

from tests.render.docx_facts import all_paragraphs
from tests.spec.seed_text import CORRECTIONS, normalise, raw_seed_lines, seed_lines

# Paragraphs the document has and the seed's text extraction lost: the ND30 header and the rules.
HEADER_EXTRAS = ["ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc"]


def document_lines(doc) -> list[str]:
    """Return the document's non-empty paragraphs, normalised, rule lines (underscores) left out."""
    lines = (normalise(p.text) for p in all_paragraphs(doc))
    return [line for line in lines if line and set(line) != {"_"}]


def test_every_seed_line_is_a_paragraph_in_order(plan_doc):
    doc_lines = document_lines(plan_doc)
    expected = seed_lines()
    assert len(expected) == len(raw_seed_lines()) - 4  # four page-break joins
    position = 0
    for line in expected:
        assert line in doc_lines[position:], f"seed line missing or out of order: {line[:80]!r}"
        position = doc_lines.index(line, position) + 1


def test_document_has_nothing_beyond_seed_and_header(plan_doc):
    extras = [line for line in document_lines(plan_doc) if line not in seed_lines()]
    assert extras == HEADER_EXTRAS


def test_corrections_are_named_and_each_applies():
    names = {c.name for c in CORRECTIONS}
    assert any("Bộ KH&CN" in n for n in names)
    assert sum("page break" in n for n in names) == 4
