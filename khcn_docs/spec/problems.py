"""Turning validation failures into ``file:line:column: field: message — hint`` lines a clerk can act on."""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from khcn_docs import vn
from khcn_docs.i18n import t
from khcn_docs.spec.yamlsrc import Source


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a spec or variables file; sorts by file and position."""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def render(self) -> str:
        """Return the problem as one line: ``file:line:col: field: message — hint``."""
        text = t("spec.problem", file=self.file, line=self.line, column=self.column,
                 field=self.field or "-", message=self.message)
        return text + (t("spec.hint", hint=self.hint) if self.hint else "")


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working folder when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def field_path(loc: tuple) -> str:
    """Return a loc tuple as ``body[1].children[0].lead[0]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(name: object, known) -> str:
    """Return the "did you mean “x”? " lead-in of a hint for the one of ``known`` closest to ``name``, or ""."""
    close = difflib.get_close_matches(str(name), list(known), n=1)
    return t("spec.did_you_mean", guess=close[0]) if close else ""


def problem_at(source: Source, loc: tuple, message: str, hint: str = "") -> Problem:
    """Return a Problem positioned at ``loc`` inside ``source``."""
    line, col = source.position(loc)
    return Problem(display_path(source.path), line, col, field_path(loc), message, hint)


def warning_at(source: Source, loc: tuple, message: str) -> str:
    """Return the warning ``message`` (with its hint) placed at ``loc`` inside ``source``, as a build
    prints it: ``file:line:column: cảnh báo: field: message``."""
    line, column = source.position(loc)
    return t("spec.warning", file=display_path(source.path), line=line, column=column,
             message=f"{field_path(loc)}: {message}")


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Return the model class that holds the last key of ``loc`` (to list its allowed keys)."""
    current: typing.Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = field.annotation
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: typing.Any) -> typing.Any:
    """Return the model inside Optional[...], tuple[X, ...], dict[str, X]; else the annotation."""
    for _ in range(4):
        args = [a for a in typing.get_args(annotation) if a is not type(None) and a is not Ellipsis]
        if not args:
            return annotation
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        annotation = models[0] if models else args[-1]
    return annotation


_PATTERN_HINTS = {"task": "spec.pattern.task", "abbreviation": "spec.pattern.abbr",
                  "drafting_unit": "spec.pattern.abbr", "unit": "spec.pattern.abbr"}


def _message(model: type[BaseModel], err: dict) -> tuple[str, str]:
    """Return (message, hint) in the user's language for one pydantic error."""
    kind, loc, got, ctx = err["type"], err["loc"], err.get("input"), err.get("ctx") or {}
    shown = as_typed(got)  # quoted in messages as the clerk typed it, never as Python shows it
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        return t("spec.missing"), t("spec.missing.hint", key=key)
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        guess = difflib.get_close_matches(str(key), allowed, n=1)
        if guess:
            return t("spec.extra", key=key), t("spec.extra.did_you_mean", guess=guess[0], allowed=", ".join(allowed))
        return t("spec.extra", key=key), t("spec.extra.hint", allowed=", ".join(allowed))
    if kind.startswith("date") or kind.startswith("datetime"):
        return t("spec.date", got=shown), t("spec.date.hint")
    if kind in ("string_too_short",):
        return t("spec.empty"), t("spec.empty.hint")
    if kind in ("string_too_long", "too_long"):
        what = "spec.too_long.text" if kind == "string_too_long" else "spec.too_long.list"
        return t(what, max=ctx.get("max_length", "")), t(f"{what}.hint", max=ctx.get("max_length", ""))
    if kind == "too_short":
        return t("spec.too_short", min=ctx.get("min_length", 1)), t("spec.too_short.hint", min=ctx.get("min_length", 1))
    if kind == "string_type":
        return t("spec.type.str", got=_described(got)), t(_STR_HINTS.get(type(got), "spec.type.hint"), got=got)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(got, (str, float)):
            return t("spec.type.int", got=shown), _int_hint(loc, key, got)
        return t("spec.type.int.described", got=_described(got)), t("spec.type.hint")
    if kind in ("list_type", "tuple_type"):
        if isinstance(got, str) and " " in got.strip():  # ``opening: >-`` and a paragraph: not [ ] (its ":", ",")
            return t("spec.type.list"), t("spec.type.list_one_text", key=key, got=_opening_words(got))
        if isinstance(got, (str, int)) and str(got).strip():  # ``lead: so-tttt``: one value, brackets left out
            return t("spec.type.list"), t("spec.type.list_one_value", key=key, got=as_typed(got))
        return t("spec.type.list"), t("spec.type.hint")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return t("spec.type.dict"), t("spec.type.hint")
    if kind == "string_pattern_mismatch":
        return t("spec.pattern", got=shown), t(_PATTERN_HINTS.get(str(key), "spec.pattern.id"))
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))  # pydantic says "'KT', 'TL' or 'Q'"
        return t("spec.literal", got=shown), t("spec.literal.hint", expected=", ".join(choices))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.items()), ("", ""))
        symbol = {"ge": "≥", "le": "≤", "gt": ">", "lt": "<"}.get(bound[0], bound[0])
        return t("spec.range", got=shown), t("spec.range.hint", constraint=f"{symbol} {bound[1]}")
    return _value_message(err, shown)


_WITH_SYMBOL = re.compile(r"\s*(\d+)\s*/")  # ``135/KH-UBND``: a number written with its ký hiệu
_OTHER_NOTATION = re.compile(r"[-+]?(?:0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)")
"""How YAML 1.1 writes a number a clerk does not: hex, octal, binary, sexagesimal (``0x10``, ``1:30``)."""


def _int_hint(loc: tuple, key: str, got: object) -> str:
    """Return what to write for a whole number given as ``got`` (text or a fraction): the number
    alone for a document number written with its ký hiệu (``number: 135``, not ``135/KH-UBND``),
    digits 0-9 for a number in another notation, else where the examples are."""
    if isinstance(got, str) and (match := _WITH_SYMBOL.match(got)) and ("number" in loc or "numbers" in loc):
        return t("spec.type.int.symbol", key=key, number=int(match[1]))
    if isinstance(got, str) and _OTHER_NOTATION.fullmatch(got.strip()):
        return t("spec.type.int.digits", key=key)
    return t("spec.type.hint")


def as_typed(value: object) -> str:
    """Return ``value`` as a clerk would type it in YAML (``[5, 25]``, ``{a: 1}``, ``yes``…), not
    as Python shows it (``{'a': 1}``, ``True``, ``None``); text as it is."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000).strip().removesuffix("...").strip()


def _opening_words(text: str, most: int = 30) -> str:
    """Return the first ``most`` characters of ``text`` (whole words, "…" after them when cut)."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + " …"


_STR_HINTS = {int: "spec.type.str.quote", float: "spec.type.str.quote", bool: "spec.type.str.bool"}


def _described(value: object) -> str:
    """Return what a value that should be text was read as, in the clerk's words (not a Python type)."""
    if isinstance(value, bool):
        return t("spec.got.bool")
    if isinstance(value, (int, float)):
        return t("spec.got.number", value=value)
    if value is None:
        return t("spec.got.none")
    return t("spec.got.list") if isinstance(value, list) else t("spec.got.dict")


_VALUE_CODES = {"year-required": "spec.year_required", "year-mismatch": "spec.year_mismatch",
                "head-title-required": "spec.head_title", "node-empty": "spec.empty",
                "title-no-words": "spec.title_no_words", "yearly-day": "spec.yearly_day",
                "number-without-date": "spec.number_without_date", "numbers-without-date": "spec.number_without_date",
                "dates-without-numbers": "spec.dates_without_numbers"}


def _value_message(err: dict, got: str) -> tuple[str, str]:
    """Return (message, hint) for errors our own validators raise (value_error with a code);
    ``got``: the value as typed."""
    detail = str(err.get("ctx", {}).get("error", err.get("msg", "")))
    if detail in _VALUE_CODES:
        return t(_VALUE_CODES[detail], got=got), t(_VALUE_CODES[detail] + ".hint")
    if detail == "date-range":
        bounds = {"first": vn.short_date(vn.EARLIEST), "last": vn.short_date(vn.LATEST)}
        return t("spec.date_range", got=got, **bounds), t("spec.date_range.hint")
    if detail.startswith("day-of-month:"):
        _, day, month = detail.split(":")
        return t("spec.day_of_month", day=day, month=month), t("spec.day_of_month.hint", month=month)
    if detail.startswith("date-without-number:"):
        return t("spec.date_without_number"), t("spec.date_without_number.hint", year=detail.split(":")[1])
    if detail.startswith("signature-prefix:"):
        _, prefix, rest = detail.split(":", 2)
        field = err["loc"][-1] if err.get("loc") else ""
        return (t("spec.signature_prefix", prefix=prefix, field=field),
                t(f"spec.signature_prefix.{field}.hint", prefix=prefix, rest=rest or "…"))
    if detail.startswith("node-kind:"):
        kinds = detail.split(":", 1)[1] or "-"
        return t("spec.node_kind", kinds=kinds), t("spec.node_kind.hint")
    if "out of range for month" in detail or "must be in" in detail:
        return t("spec.date", got=got), t("spec.date.hint")
    return t("spec.value", detail=detail), t("spec.value.hint")


def validate(model: type[BaseModel], source: Source) -> tuple[BaseModel | None, list[Problem]]:
    """Return (instance, []) when ``source`` is a valid ``model``, else (None, problems)."""
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        errors = _meaningful(exc.errors(include_url=False))
        problems = []
        for err in errors:
            message, hint = _message(model, err)
            problems.append(problem_at(source, err["loc"], message, hint))
        return None, problems


# a check of several fields of one mapping (``reporting``, ``document``) -> the field its message is
# about, where the problem is placed: the clerk's eye goes to the line to change
_VALUE_FIELDS = {"day-of-month:": "day", "yearly-day": "day", "year-mismatch": "date", "number-without-date": "number",
                 "numbers-without-date": "numbers", "date-without-number": "date",
                 "dates-without-numbers": "dates"}


def _meaningful(errors: list[dict]) -> list[dict]:
    """Return pydantic's errors without its echoes: a dict key's ``[key]`` step is dropped, and a
    list's "too short" is dropped when an item inside it failed (the list is not really empty).
    A check of several fields is placed at the field its message is about (``_VALUE_FIELDS``)."""
    for err in errors:
        err["loc"] = tuple(part for part in err["loc"] if part != "[key]")
        detail = str((err.get("ctx") or {}).get("error", "")) if err["type"] == "value_error" else ""
        field = next((name for code, name in _VALUE_FIELDS.items() if detail.startswith(code)), None)
        if field is not None:
            err["loc"] = (*err["loc"], field)
    nested = [err["loc"] for err in errors]
    return [err for err in errors
            if not (err["type"] == "too_short" and any(len(loc) > len(err["loc"]) and loc[:len(err["loc"])] == err["loc"]
                                                       for loc in nested))]
