"""A mistyped command line is answered in the clerk's language: what is wrong, what to type instead."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from khcn_docs import i18n
from khcn_docs.cli import main

PLANS = Path(__file__).resolve().parents[2] / "variables" / "plans"
CLICK_ENGLISH = ("Error:", "Usage:", "Try '", "No such", "Missing argument", "Invalid value",
                 "requires an argument", "does not exist", "does not take a value", "unexpected extra",
                 "is not one of", "Aborted")


@pytest.fixture(autouse=True)
def language_restored(monkeypatch):
    """Each command line starts from the default language (``--lang`` sets it for the process)."""
    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    saved = list(i18n._current)
    i18n._current.clear()
    yield
    i18n._current[:] = saved


def run(monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    """Run ``khcn-docs argv`` in this process; return (exit code, what it printed to stderr)."""
    monkeypatch.setattr(sys, "argv", ["khcn-docs", *argv])
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code, capsys.readouterr().err


@pytest.mark.parametrize("argv, expected", [
    (["buidl", "x.yaml"], ["không có lệnh “buidl”", "Có phải ý bạn là: build?", "Xem hướng dẫn: khcn-docs --help"]),
    (["build"], ["thiếu SPEC", "variables/plans/ke-hoach-709.yaml", "Cách dùng: khcn-docs build [OPTIONS] SPEC"]),
    (["diff"], ["thiếu OLD", "bản cũ rồi bản mới", "hoặc chỉ một tệp kế hoạch sửa đổi có “revises:”"]),
    (["diff", str(PLANS / "ke-hoach-709.yaml")], ["không ghi “revises:”", "bản cũ rồi bản mới"]),
    (["diff", str(PLANS.parent / "agencies.yaml"), "--plan", str(PLANS / "ke-hoach-709.yaml")],
     ["--plan cần hai bản danh mục cơ quan"]),
    (["build", "--frce", "x.yaml"], ["không có tùy chọn “--frce”", "--force", "Xem hướng dẫn: khcn-docs build --help"]),
    (["build", "x.yaml", "-o"], ["tùy chọn “-o” cần một giá trị"]),
    (["build", "--quiet=1", "x.yaml"], ["tùy chọn “--quiet” không nhận giá trị"]),
    (["build", "x.yaml", "--templates", "khong-co-thu-muc-nay"],
     ["giá trị của --templates không dùng được", "không có “khong-co-thu-muc-nay”"]),
    (["--lang", "fr", "build", "x.yaml"], ["“fr” không phải giá trị được phép", "Viết một trong: vi, en."]),
    (["status", "a.yaml", "b.yaml"], ["thừa “b.yaml”"]),
    (["received", "x.yaml", "so-noi-vu", "--date", "01/11/2025", "--year", "abc"], ["“abc” không phải là số"]),
    (["received", "x.yaml", "so-noi-vu"], ["thiếu tùy chọn --date"]),
    (["received", "x.yaml", "so-noi-vu", "--cancel", "--date", "19/11/2025"],
     ["--cancel hủy ghi nhận báo cáo của một năm", "bỏ --date 19/11/2025, ghi --year", "chưa hủy gì"]),
    (["received", "x.yaml", "so-noi-vu", "--cancel", "--year", "2025", "--replace"],
     ["--cancel (hủy ghi nhận) và --replace", "không dùng cùng nhau", "chưa hủy gì"]),
    (["check"], ["chưa nêu tệp nào để kiểm tra", "--templates"]),
    (["check", "--kind", "ke-hoachh", "x.docx"], ["“ke-hoachh” không phải loại văn bản", "Có phải ý bạn là: ke-hoach?"]),
])
def test_usage_errors_say_what_is_wrong_in_vietnamese(monkeypatch, capsys, argv, expected):
    code, err = run(monkeypatch, capsys, *argv)
    assert code == 2
    assert err.startswith(("Cách dùng: ", "Lỗi: "))
    for text in expected:
        assert text in err, err
    for english in CLICK_ENGLISH:
        assert english not in err, err


def test_lang_en_gives_the_same_errors_in_english(monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, "--lang", "en", "buidl")
    assert code == 2
    assert "there is no command “buidl”. Did you mean: build?" in err and "Help: khcn-docs --help" in err


@pytest.mark.parametrize("argv", [["build", "--frce", "--lang", "en"], ["build", "--lang=en", "--frce"],
                                  ["--lang", "en", "build", "--frce"]])
def test_lang_may_be_typed_anywhere_on_the_line(monkeypatch, capsys, argv):
    code, err = run(monkeypatch, capsys, *argv)
    assert code == 2 and "no option “--frce”" in err, err


def test_lang_without_a_value_is_said_so(monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, "build", "x.yaml", "--lang")
    assert code == 2 and "tùy chọn “--lang” cần một giá trị" in err, err


def test_lang_first_leaves_the_rest_of_the_line_in_order():
    from khcn_docs.cli import lang_first

    assert lang_first(["status", "p.yaml", "--lang", "en", "--as-of", "1/1/2025"]) == \
        ["--lang", "en", "status", "p.yaml", "--as-of", "1/1/2025"]
    assert lang_first(["build", "p.yaml", "--", "--lang", "en"]) == ["build", "p.yaml", "--", "--lang", "en"]


def test_a_sentence_click_words_differently_is_kept_not_lost():
    import click

    from khcn_docs.usage import message

    assert message(click.UsageError("Something click may say one day.")) == "Something click may say one day."
