"""Checker settings: which rules run, their severity and their numbers (``defaults.yaml``).

A user file has the same shape; its values replace the defaults key by key. Unknown rules or
keys are errors (a misspelt key must not be silently ignored), and so is a value of another shape
than its default (text for a number, one number for a range) or one that makes no sense (a
negative number, a range written high to low, a misspelt document kind in ``required_for``):
each is reported at its line, in the clerk's language, before any document is checked.
"""

from __future__ import annotations

from pathlib import Path

from khcn_docs.checks import kinds
from khcn_docs.i18n import t
from khcn_docs.spec.problems import Problem, as_typed, did_you_mean, display_path, problem_at
from khcn_docs.spec.yamlsrc import Source, YamlSyntaxError, load as load_yaml

_DEFAULTS = Path(__file__).with_name("defaults.yaml")
SEVERITIES = ("error", "warning")
VOCABULARIES = {"required_for": tuple(kinds.choices()[1:])}
"""The words a list setting may hold, by key: ``required_for`` lists document kinds."""


class SettingsError(ValueError):
    """The settings file is unreadable or names an unknown rule, key, severity or a value of the
    wrong shape; ``problems`` are positioned lines (``file:line:col: rule.key: message — hint``)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _source(path: Path) -> Source:
    """Return the YAML in ``path``; raise SettingsError when it cannot be read or is not a mapping."""
    try:
        src = load_yaml(path)
    except OSError as exc:
        raise SettingsError([Problem(display_path(path), 1, 1, "", t("check.settings.unreadable",
                                                                      reason=exc.strerror or exc)).render()]) from None
    except YamlSyntaxError as exc:
        from khcn_docs.spec.load import yaml_problem

        raise SettingsError([yaml_problem(exc).render()]) from None
    if not isinstance(src.data, dict):
        raise SettingsError([Problem(display_path(path), 1, 1, "", t("check.settings.not_mapping"),
                                     t("check.settings.example")).render()])
    return src


def defaults() -> dict[str, dict]:
    """Return the default settings: ``{rule id: {key: value}}``."""
    return _source(_DEFAULTS).data


def load(path: str | Path | None = None) -> dict[str, dict]:
    """Return the defaults updated with the user file at ``path`` (defaults alone when None)."""
    merged = defaults()
    if path is None:
        return merged
    src = _source(Path(path))
    found = [p.render() for p in problems(src, merged)]
    if found:
        raise SettingsError(found)
    for rule, values in src.data.items():
        merged[rule].update(values)
    return merged


def problems(src: Source, merged: dict[str, dict]) -> list[Problem]:
    """Return every problem of the user settings in ``src`` against the defaults ``merged``."""
    out: list[Problem] = []
    for rule, values in src.data.items():
        if rule not in merged:
            out.append(_at(src, (rule,), "check.settings.unknown_rule", did_you_mean(rule, merged), rule=rule,
                           known=", ".join(merged)))
        elif not isinstance(values, dict):
            out.append(_at(src, (rule,), "check.settings.rule_not_mapping", rule=rule))
        else:
            out += _value_problems(src, rule, values, merged[rule])
    return out


def _value_problems(src: Source, rule: str, values: dict, default: dict) -> list[Problem]:
    """Return the problems of one rule's settings: unknown keys, severities, values of the wrong shape."""
    out = []
    for key, value in values.items():
        where = (rule, key)
        if key not in default:
            out.append(_at(src, where, "check.settings.unknown_key", did_you_mean(key, default), rule=rule,
                           key=key, known=", ".join(default)))
        elif key == "severity" and value not in SEVERITIES:
            out.append(_at(src, where, "check.settings.severity", got=as_typed(value)))
        elif not _same_shape(default[key], value):
            out.append(_at(src, where, f"check.settings.shape.{_shape(default[key])}", got=as_typed(value),
                           example=as_typed(default[key])))
        else:
            out += _sense_problems(src, where, value, default[key])
    return out


def _sense_problems(src: Source, where: tuple, value: object, default: object) -> list[Problem]:
    """Return the problems of a value of the right shape that makes no sense: a negative number
    (sizes, lengths and tolerances are never below 0), a range written high to low, or a word a
    key's list cannot hold (``required_for`` lists document kinds)."""
    numbers = value if isinstance(value, list) else [value]
    if any(_shape(v) == "number" and v < 0 for v in numbers):
        return [_at(src, where, "check.settings.negative", got=as_typed(value), example=as_typed(default))]
    if _shape(value) == "range" and value[0] > value[1]:
        return [_at(src, where, "check.settings.reversed", got=as_typed(value),
                    example=as_typed([value[1], value[0]]))]
    known = VOCABULARIES.get(where[-1])
    if not known:
        return []
    return [_at(src, (*where, n), "check.settings.unknown_word", did_you_mean(word, known), got=word,
                known=", ".join(known)) for n, word in enumerate(value) if word not in known]


def _shape(value: object) -> str:
    """Return the kind of a default value: bool, number, text, range (two numbers) or list."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list) and len(value) == 2 and all(_shape(v) == "number" for v in value):
        return "range"
    return "list" if isinstance(value, list) else "text"


def _same_shape(default: object, value: object) -> bool:
    """Return True when ``value`` can stand where ``default`` stands (a list of what the default lists)."""
    kind = _shape(default)
    if kind == "range":
        return _shape(value) == "range"
    if kind == "list":
        return isinstance(value, list) and (not default or all(_shape(v) == _shape(default[0]) for v in value))
    return _shape(value) == kind


def _at(src: Source, loc: tuple, message: str, guess: str = "", **params: object) -> Problem:
    """Return a problem at ``loc`` in ``src``: ``message`` and its hint (after ``guess``, if any)."""
    return problem_at(src, loc, t(message, **params), guess + t(f"{message}.hint", **params))
