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
    "utf-32-le-bom": VALID.encode("utf-32"),
    "utf-32-be-bom": b"\x00\x00\xfe\xff" + VALID.encode("utf-32-be"),
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


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-le", "utf-32-be"])
def test_a_file_saved_without_its_byte_order_mark_is_said_to_be_in_another_encoding(tmp_path, encoding):
    for spec in (VALID, VALID.replace("Kế hoạch thử nghiệm", "Ke hoach")):  # with and without Vietnamese letters
        with pytest.raises(SpecError) as info:
            load_plan(write_project(tmp_path, spec.encode(encoding)))
        [problem] = info.value.problems
        assert "plan.yaml:1:1: -: tệp không phải UTF-8: có ký tự rỗng (NUL)" in problem, problem
        assert "lưu lại tệp với bảng mã UTF-8" in problem and "unacceptable" not in problem


def test_a_control_character_pasted_in_is_said_where_it_is_in_vietnamese(tmp_path):
    with pytest.raises(SpecError) as info:
        load_plan(write_project(tmp_path, VALID.replace("Kế hoạch thử nghiệm", "Kế hoạch\x0bthử nghiệm")))
    [problem] = info.value.problems
    assert "plan.yaml:5:18: -: tệp không đúng cú pháp YAML: có một ký tự điều khiển không in được (U+000B) ở đây" in problem
    assert "control characters" not in problem


def test_a_letter_written_decomposed_in_escapes_of_a_double_quoted_text_is_read_as_nfc(tmp_path):
    escaped = 'title: "Ke\\u0302\\u0301 hoa\\u0323ch thu\\u031b\\u0309 nghie\\u0323\\u0302m"'  # YAML's escapes, NFD
    plan = load_plan(write_project(tmp_path, VALID.replace("title: Kế hoạch thử nghiệm", escaped)))
    assert plan.spec.document.title == "Kế hoạch thử nghiệm"
