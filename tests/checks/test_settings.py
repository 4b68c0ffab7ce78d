"""Checker settings files: a mistake is reported at its line in the clerk's words, before any
document is checked (a value of the wrong shape used to crash a rule with a traceback)."""

from __future__ import annotations

import pytest

from khcn_docs.checks import settings
from khcn_docs.checks.settings import SettingsError

from .test_cli import good, run  # noqa: F401 - good is a fixture


@pytest.mark.parametrize("text, said", [
    ("margins: {leftt: [30, 35]}\n",
     "1:11: margins.leftt: quy tắc “margins” không có thiết lập “leftt” — có phải ý bạn là “left”?"),
    ("font-size: {enabled: false}\n", "1:1: font-size: không có quy tắc “font-size” — có phải ý bạn là “font-family”?"),
    ("margins: {left: abc}\n", "1:11: margins.left: phải là một khoảng [nhỏ nhất, lớn nhất], nhận được “abc”"),
    ("margins: {left: 30}\n", "1:11: margins.left: phải là một khoảng [nhỏ nhất, lớn nhất], nhận được “30”"),
    ("font-family: {font: 12}\n", "1:15: font-family.font: phải là chữ, nhận được “12”"),
    ("margins:\n  enabled: maybe\n", "2:3: margins.enabled: phải là true hoặc false, nhận được “maybe”"),
    ("margins: {severity: fatal}\n", "1:11: margins.severity: severity phải là error hoặc warning, nhận được “fatal”"),
    ("page-size: {tolerance_mm: nhiều}\n", "1:13: page-size.tolerance_mm: phải là một số, nhận được “nhiều”"),
    ("kinh-gui: {required_for: cong-van}\n", "1:12: kinh-gui.required_for: phải là một danh sách"),
    ("margins: false\n", "1:1: margins: quy tắc “margins” phải có một bảng thiết lập — ví dụ: margins: {enabled: false}"),
    ("margins:\n\tenabled: false\n", "2:1: -: tệp không đúng cú pháp YAML: có ký tự Tab trong phần thụt lề"),
    ("- margins\n", "1:1: -: tệp thiết lập phải là một bảng “quy-tắc: thiết lập”"),
    ("margins:\n  enabled: {a: 1}\n", "2:3: margins.enabled: phải là true hoặc false, nhận được “{a: 1}”"),
    ("margins:\n  left: [a, b]\n", "2:3: margins.left: phải là một khoảng [nhỏ nhất, lớn nhất], nhận được “[a, b]”"),
], ids=["misspelt-key", "unknown-rule", "text-for-range", "number-for-range", "number-for-text", "not-a-bool",
        "bad-severity", "text-for-number", "text-for-list", "rule-not-a-mapping", "tab", "a-list",
        "mapping-as-typed", "list-as-typed"])
def test_a_settings_mistake_is_said_at_its_line(tmp_path, text, said):
    problems = refused(tmp_path, text)
    assert any(p.endswith(said) or said in p for p in problems), problems


def refused(tmp_path, text: str) -> list[str]:
    """Return the problems ``settings.load`` refuses the settings file ``text`` with."""
    path = tmp_path / "nd30.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        settings.load(path)
    return info.value.problems


@pytest.mark.parametrize("text, said", [
    ("body-text: {size: [14, 13]}\n",
     "1:13: body-text.size: khoảng [nhỏ nhất, lớn nhất] ghi ngược, nhận được “[14, 13]” — ghi số nhỏ trước: [13, 14]"),
    ("margins: {tolerance_mm: -5}\n", "1:11: margins.tolerance_mm: không được là số âm, nhận được “-5”"),
    ("rule-length: {tolerance: -1}\n", "1:15: rule-length.tolerance: không được là số âm, nhận được “-1”"),
    ("margins: {left: [-30, 35]}\n", "1:11: margins.left: không được là số âm, nhận được “[-30, 35]”"),
    ("body-text: {indents_cm: [1, -1.27]}\n", "1:13: body-text.indents_cm: không được là số âm"),
    ("kinh-gui: {required_for: [cong-vann]}\n",
     "1:27: kinh-gui.required_for[0]: không có loại văn bản “cong-vann” — có phải ý bạn là “cong-van”?"),
    ("kinh-gui:\n  required_for:\n    - cong-van\n    - To trình\n",
     "4:7: kinh-gui.required_for[1]: không có loại văn bản “To trình”"),
], ids=["reversed-range", "negative-tolerance", "negative-ratio", "negative-in-range", "negative-in-list",
        "misspelt-kind", "kind-by-name"])
def test_a_value_that_makes_no_sense_is_said_at_its_line(tmp_path, text, said):
    problems = refused(tmp_path, text)
    assert len(problems) == 1 and said in problems[0], problems


def test_sensible_values_pass(tmp_path):
    path = tmp_path / "nd30.yaml"
    path.write_text("body-text: {size: [13, 13], indent_tolerance_cm: 0}\n"
                    "kinh-gui: {required_for: [cong-van, to-trinh, bao-cao]}\n", encoding="utf-8")
    assert settings.load(path)["kinh-gui"]["required_for"] == ["cong-van", "to-trinh", "bao-cao"]


def test_every_mistake_is_said_at_once_and_the_check_stops(tmp_path, good):
    path = tmp_path / "nd30.yaml"
    path.write_text("margins: {left: abc}\nfont-family: {font: 12}\n", encoding="utf-8")
    result = run("check", "--settings", str(path), str(good))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "tệp thiết lập có 2 lỗi, chưa kiểm tra văn bản nào:" in result.stderr
    assert "margins.left" in result.stderr and "font-family.font" in result.stderr


def test_the_defaults_have_the_shapes_they_ask_for():
    defaults = settings.defaults()
    assert all(settings._same_shape(value, value) for rule in defaults.values() for value in rule.values())
    assert {settings._shape(v) for rule in defaults.values() for v in rule.values()} == \
        {"bool", "number", "range", "text", "list"}
