"""Asterisks in spec text: ``*x*`` italic, ``**x**`` bold, ``\\*`` an asterisk, every other "*" printed."""

from __future__ import annotations

import pytest
from docx import Document

from khcn_docs.documents import common
from khcn_docs.spec.load import load_plan
from tests.documents.conftest import ROOT, ok, texts
from tests.render.docx_facts import run_value
from tests.spec.tiny_spec import VALID, edit, write_project

# (spec text, runs as (text, "i" italic / "b" bold / "" plain))
CASES = [
    ("Đạt chỉ tiêu (*) về a và chỉ tiêu (*) về b", [("Đạt chỉ tiêu (*) về a và chỉ tiêu (*) về b", "")]),
    ("5 * 3 m và *chữ", [("5 * 3 m và *chữ", "")]),
    ("(**) và * lẻ, 5*3*2", [("(**) và * lẻ, 5*3*2", "")]),
    ("gọi là *Quyết định số 709*: x", [("gọi là ", ""), ("Quyết định số 709", "i"), (": x", "")]),
    ("**đậm** và (*nghiêng*)", [("đậm", "b"), (" và (", ""), ("nghiêng", "i"), (")", "")]),
    ("\\*Ghi chú\\* và a \\* b", [("*Ghi chú* và a * b", "")]),
    ("*a \\* b* c", [("a * b", "i"), (" c", "")]),
    ("* x * và *x *", [("* x * và *x *", "")]),
    ("*a **b** c*", [("a **b** c", "i")]),
]


def styled(runs: list[dict]) -> list[tuple[str, str]]:
    """Return ``runs`` as (text, "b"/"i"/"") pairs."""
    return [(r["text"], "b" if r.get("bold") else "i" if r.get("italic") else "") for r in runs]


@pytest.mark.parametrize("text, expected", CASES)
def test_runs_parse_only_real_spans(text, expected):
    assert styled(common.runs(text)) == expected


@pytest.mark.parametrize("text, expected", CASES)
def test_plain_is_the_text_of_the_runs(text, expected):
    assert common.plain(text) == "".join(part for part, _ in expected)


TASK = "Đạt chỉ tiêu (*) về 5 * 3 m, *nghiêng*, **đậm** và \\*sao\\*."
PRINTED = "Đạt chỉ tiêu (*) về 5 * 3 m, nghiêng, đậm và *sao*."


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Return (plan, plan folder): the tiny spec whose task t-1 holds asterisks, built."""
    root = tmp_path_factory.mktemp("asterisks")
    spec = write_project(root, edit(VALID, ("- item: Tổ chức tuyên truyền.", f"- item: '{TASK}'")))
    ok("build", spec, "-o", root / "out", "-q", "--templates", ROOT / "templates")
    return load_plan(spec), root / "out" / "plan"


def task_paragraph(path):
    """Return the paragraph of the .docx at ``path`` that holds the task."""
    return next(p for p in Document(str(path)).paragraphs if "chỉ tiêu" in p.text)


def test_the_plan_prints_every_literal_asterisk_and_styles_only_spans(built):
    _, folder = built
    para = task_paragraph(folder / "ke-hoach.docx")
    assert para.text == f"- {PRINTED}"
    italic = [r.text for r in para.runs if r.text and run_value(para, r, "italic")]
    bold = [r.text for r in para.runs if r.text and r.bold]
    assert (italic, bold) == (["nghiêng"], ["đậm"])


def test_the_dispatch_letters_and_report_forms_print_the_same_text(built):
    _, folder = built
    letters = [p for p in sorted(folder.glob("*/cong-van-trien-khai.docx")) if f"{PRINTED[:-1]} (mục" in joined(p)]
    forms = [p for p in sorted(folder.glob("*/bao-cao-2024.docx")) if f"{PRINTED[:-1]} (mục" in joined(p)]
    assert letters and forms
    for path in letters:
        para = task_paragraph(path)
        assert not any(run_value(para, r, "italic") for r in para.runs if r.text), path


def joined(path) -> str:
    """Return the text of the .docx at ``path``, paragraphs and table cells, joined by spaces."""
    return " ".join(texts(path))
