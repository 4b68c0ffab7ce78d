"""Folded blocks (``>``, ``>-``) read as one paragraph even when a line is indented differently."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from khcn_docs.spec import yamlsrc
from tests.documents.conftest import BUNDLED, ROOT, ok

# (the block under ``k:``, the text read)
CASES = [
    (">-\n  a b\n  c\n", "a b c"),
    (">-\n  a\n   b\n  c\n", "a b c"),              # a line a space more indented
    (">-\n   a\n    b\n    c\n", "a b c"),          # the first line a space less indented than the rest
    (">-\n  a\n  \tb\n  c\n", "a b c"),              # a tab after the indentation
    (">-\n  a\n\n   b\n\n  c\n", "a\nb\nc"),         # a blank line is still a line break
    (">-\n  a\n   b\n\n\n  c\n", "a b\n\nc"),
    (">\n  a\n   b\n", "a b\n"),                     # clip chomping keeps its final break
    ("|\n  a\n   b\n", "a\n b\n"),                  # a literal block keeps its lines as written
    ('"a\n   b"\n', "a b"),
    (">-\n  Quyết định  \n  số 709\n", "Quyết định số 709"),  # spaces left at a line's end (Notepad, a paste)
    (">\n  a\n\n  b \t\n", "a\nb\n"),
]


@pytest.mark.parametrize("block, expected", CASES)
def test_folded_block_is_one_paragraph(tmp_path, block, expected):
    path = tmp_path / "x.yaml"
    path.write_text(f"k: {block}", encoding="utf-8")
    assert yamlsrc.load(path).data == {"k": expected}


FIRST_LINE = "                  Chủ trì, hướng dẫn các cơ quan báo chí"


def test_a_first_line_indented_one_space_less_puts_no_line_break_in_the_plan(tmp_path):
    """Task II.1.b of the bundled plan, its first line indented 17 spaces instead of 18."""
    variables = tmp_path / "variables"
    variables.mkdir()
    for name in ("agencies.yaml", "signers.yaml"):
        (variables / name).write_bytes((ROOT / "variables" / name).read_bytes())
    (variables / "plans").mkdir()
    text = BUNDLED.read_text(encoding="utf-8")
    assert text.count(FIRST_LINE) == 1
    spec = variables / "plans" / BUNDLED.name
    spec.write_text(text.replace(FIRST_LINE, FIRST_LINE[1:]), encoding="utf-8")
    ok("build", spec, "-o", tmp_path / "out", "-q", "--templates", ROOT / "templates")
    doc = Document(str(tmp_path / "out" / Path(BUNDLED.stem) / "ke-hoach.docx"))
    para = next(p for p in doc.paragraphs if "Chủ trì, hướng dẫn các cơ quan báo chí" in p.text)
    assert "<w:br/>" not in para._p.xml and "\n" not in para.text
    assert "hệ thống thông tin cơ sở trên địa bàn" in para.text
