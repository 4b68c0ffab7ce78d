"""A spec saved by Windows editors loads as the same plan: UTF-8 with a byte-order mark and CRLF
line ends (Notepad's "UTF-8 with BOM"), UTF-16 with a byte-order mark (Notepad's "Unicode"), and
text typed in decomposed form (NFD, as macOS keyboards give) — all read as NFC."""

from __future__ import annotations

import unicodedata

import pytest

from khcn_docs.errors import SpecError
from khcn_docs.spec.load import load_plan
from tests.spec.tiny_spec import VALID, write_project

SAVED = {
    "utf-8-bom-crlf": b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8"),
    "utf-16-le-bom": VALID.encode("utf-16"),
    "utf-16-be-bom": b"\xfe\xff" + VALID.encode("utf-16-be"),
    "nfd": unicodedata.normalize("NFD", VALID).encode("utf-8"),
}


def _facts(plan) -> tuple:
    return plan.spec.document.title, [(t.id, t.text, t.lead) for t in plan.tasks], plan.spec.recipients


@pytest.mark.parametrize("saved", SAVED, ids=list(SAVED))
def test_a_spec_saved_by_another_editor_is_the_same_plan(tmp_path, saved):
    expected = _facts(load_plan(write_project(tmp_path / "utf8", VALID)))
    plan = load_plan(write_project(tmp_path / saved, SAVED[saved]))
    assert _facts(plan) == expected
    assert unicodedata.is_normalized("NFC", plan.spec.document.title) and "\r" not in plan.spec.document.title


def test_latin1_is_still_refused_with_how_to_save_it(tmp_path):
    with pytest.raises(SpecError, match=r"plan\.yaml:5:11: -: tệp không phải UTF-8: .* lưu lại tệp với bảng mã UTF-8"):
        load_plan(write_project(tmp_path, VALID.encode("utf-8").replace("Kế hoạch".encode("utf-8"), b"K\xea ho\xe1ch")))
