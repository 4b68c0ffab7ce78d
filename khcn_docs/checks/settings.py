"""Checker settings: which rules run, their severity and their numbers (``defaults.yaml``).

A user file has the same shape; its values replace the defaults key by key. Unknown rules or
keys are errors (a misspelt key must not be silently ignored).
"""

from __future__ import annotations

from pathlib import Path

_DEFAULTS = Path(__file__).with_name("defaults.yaml")
SEVERITIES = ("error", "warning")


class SettingsError(ValueError):
    """The settings file is unreadable or names an unknown rule, key or severity."""


def _load(path: Path) -> dict:
    """Return the YAML mapping in ``path``; raise ``SettingsError`` when it is not one."""
    import yaml
    from yaml import YAMLError

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: not a mapping of rule: settings")
    return data


def defaults() -> dict[str, dict]:
    """Return the default settings: ``{rule id: {key: value}}``."""
    return _load(_DEFAULTS)


def load(path: str | Path | None = None) -> dict[str, dict]:
    """Return the defaults updated with the user file at ``path`` (defaults alone when None)."""
    merged = defaults()
    if path is None:
        return merged
    for rule, values in _load(Path(path)).items():
        if rule not in merged:
            raise SettingsError(f"{path}: unknown rule '{rule}' (known: {', '.join(merged)})")
        if not isinstance(values, dict):
            raise SettingsError(f"{path}: '{rule}' must be a mapping of settings")
        unknown = set(values) - set(merged[rule])
        if unknown:
            raise SettingsError(f"{path}: {rule}: unknown key(s) {', '.join(sorted(unknown))}")
        if values.get("severity", "error") not in SEVERITIES:
            raise SettingsError(f"{path}: {rule}: severity must be one of {', '.join(SEVERITIES)}")
        merged[rule].update(values)
    return merged
