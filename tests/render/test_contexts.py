"""Every template in templates/ has a sample context that provides each variable it uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from khcn_docs.contexts import sample_context
from khcn_docs.render import compile_template

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "templates").glob("*.docx"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_sample_context_covers_the_template(template):
    context = sample_context(template.stem)
    assert context is not None
    assert compile_template(template).variables <= set(context)


def test_reminder_sample_is_a_second_round():
    assert "(lần 2)" in sample_context("cong-van-don-doc")["doc"]["vv"]


def test_unknown_kind_has_no_sample():
    assert sample_context("khong-co") is None
