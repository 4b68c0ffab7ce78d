"""Rule modules are documented, their messages exist in both languages, docs/checker.md is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from khcn_docs.checks import docs, rules, settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "khcn_docs" / "checks"


def _catalogue(lang: str) -> dict:
    return yaml.safe_load((ROOT / "khcn_docs" / "locale" / f"{lang}.yaml").read_text("utf-8"))


def _keys_used() -> set[str]:
    """Return the message keys the checker's code passes to ``problem``/``t``."""
    keys = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text("utf-8")
        keys |= {f"check.{k}" for k in re.findall(r'(?<!_)problem\(\w+, "([a-z_.]+)"', source)}
        keys |= set(re.findall(r'"(check\.[a-z_.-]+[a-z])"', source))
        parts = re.findall(r'(?:part|missing\(ID,) ?\(?"([a-z-]+)"\)', source)
        parts += re.findall(r'expect_\w+\(ID,[^\n]*?, "([a-z-]+)"[,)]', source)
        keys |= {f"check.part.{k}" for k in parts}
    return {k for k in keys if not k.endswith(".")}


@pytest.mark.parametrize("rule", rules.load(), ids=lambda m: m.ID)
def test_rule_is_documented_and_has_defaults(rule):
    assert rule.__doc__ and rule.__doc__.startswith(rule.ID + ":")
    assert rule.CLAUSE.startswith("Phụ lục") and rule.TITLE_VI
    assert settings.defaults()[rule.ID]["severity"] in settings.SEVERITIES


def test_every_rule_has_settings_and_no_orphans():
    assert {r.ID for r in rules.load()} == set(settings.defaults())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_message_keys_exist(lang):
    missing = sorted(k for k in _keys_used() if k not in _catalogue(lang))
    assert missing == []


def test_docs_rule_reference_is_current():
    assert docs.generated_block(ROOT / "docs" / "checker.md") == docs.rule_reference().strip("\n")
