"""The message catalogues: one entry per key, the same keys in Vietnamese and English, and every
key the code names exists (a missing or twice-written key would show a clerk the key, or the
wrong sentence)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from khcn_docs import i18n
from khcn_docs.spec import yamlsrc

LOCALE = Path(i18n.__file__).with_name("locale")
CODE = Path(i18n.__file__).parent


def catalogue(lang: str) -> dict:
    """Return the catalogue of ``lang`` read by the spec's own reader, which refuses a key written twice."""
    return yamlsrc.load(LOCALE / f"{lang}.yaml").data


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_key_is_written_twice(lang):
    try:
        catalogue(lang)
    except yamlsrc.YamlSyntaxError as exc:
        pytest.fail(f"{lang}.yaml:{exc.line}: {exc.message} {exc.params}")


def test_both_languages_have_the_same_keys():
    """Besides English singulars (``<key>.one``, see ``i18n.t``), each of a key the other has."""
    vi, en = catalogue("vi"), catalogue("en")
    singulars = {key for key in en if key.endswith(".one") and key[:-4] in en}
    assert sorted(set(vi) - set(en)) == [] and sorted(set(en) - set(vi) - singulars) == []


@pytest.mark.parametrize("key, params, said", [
    ("track.late", {"days": 1}, "NOT REPORTED, 1 day late"),
    ("track.late", {"days": 2}, "NOT REPORTED, 2 days late"),
    ("track.reported_late", {"days": 1}, " (1 day late)"),
    ("agencies.total", {"count": 1}, "1 agency has tasks."),
    ("diff.renumbered", {"count": 1, "old": "II.1", "new": "II.2"}, "  ~ 1 task moved: item II.1 → item II.2"),
])
def test_english_says_one_in_the_singular(monkeypatch, key, params, said):
    monkeypatch.setattr(i18n, "_current", ["en"])
    assert i18n.t(key, **params) == said


def test_vietnamese_has_no_singular_form(monkeypatch):
    monkeypatch.setattr(i18n, "_current", ["vi"])
    assert i18n.t("track.late", days=1) == "CHƯA BÁO CÁO, quá hạn 1 ngày"


def test_every_key_the_code_names_is_in_the_catalogue():
    named = set()
    for path in CODE.rglob("*.py"):
        named |= set(re.findall(r'\bt(?:_or)?\(\s*"([a-z_]+(?:\.[a-z0-9_]+)+)"', path.read_text(encoding="utf-8")))
    assert len(named) > 100
    assert sorted(named - set(catalogue("vi"))) == []


@pytest.mark.parametrize("key", ["remind.summary", "remind.none.waiting", "remind.out_of_reach"])
def test_the_english_remind_counts_read_right_for_one_agency(key):
    """``remind`` often reminds, or finds out of reach, a single agency: no "1 agencies"."""
    text = catalogue("en")[key].format(count=1, date="20/11/2025", days=7, next="27/11/2025", when="on 20/11/2025")
    assert not re.search(r"\b1 [a-z ]*agencies", text), text



def test_each_test_starts_with_no_language_chosen_and_the_choice_comes_back(monkeypatch):
    """``tests/conftest.py`` runs every test inside ``no_language_chosen``: a language chosen before
    (as ``--lang en`` chooses it for the rest of the process) is not seen inside, and is there again after."""
    from tests.conftest import no_language_chosen

    monkeypatch.delenv("KHCN_DOCS_LANG", raising=False)
    monkeypatch.setattr(i18n, "_current", [])
    i18n.set_language("en")
    with no_language_chosen():
        assert i18n.language() == "vi"
    assert i18n.language() == "en"
