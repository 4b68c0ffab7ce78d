"""Command-line usage errors in the clerk's language: what was typed wrong and what to type instead.

click words its usage errors in English ("No such option", "Missing argument"). ``show``
prints them from the message catalogue instead, with the command's usage line and where its
help is. Each kind of error is read from the exception's own fields where click keeps them (the
option name, its close matches, the missing parameter); click's sentence is matched only to tell
apart the kinds it does not separate by class (``DETAILS``). Anything not recognised keeps
click's words after a translated lead-in, so no error is ever lost.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

import click

from khcn_docs import vn
from khcn_docs.i18n import set_language, t, t_or

# click's English sentence -> catalogue key; named groups become the message's fields
DETAILS = (
    (re.compile(r"^No such command '(?P<name>.*)'\."), "usage.no_such_command"),
    (re.compile(r"^Missing command\.$"), "usage.missing_command"),
    (re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$"), "usage.extra_arguments"),
    (re.compile(r"^Option '(?P<option>.*)' requires an argument\.$"), "usage.needs_value"),
    (re.compile(r"^Option '(?P<option>.*)' requires (?P<count>\d+) arguments\.$"), "usage.needs_values"),
    (re.compile(r"^Option '(?P<option>.*)' does not take a value\.$"), "usage.takes_no_value"),
    (re.compile(r"^(?:File|Directory|Path) '(?P<path>.*)' does not exist\.$"), "usage.path_missing"),
    (re.compile(r"^(?:File|Path) '(?P<path>.*)' is a directory\.$"), "usage.path_is_folder"),
    (re.compile(r"^(?:Directory|Path) '(?P<path>.*)' is a file\.$"), "usage.path_is_file"),
    (re.compile(r"^'(?P<value>.*)' is not a valid (?:integer|float)(?: range)?\.$"), "usage.not_a_number"),
    (re.compile(r"^'(?P<value>.*)' is not (?:one of )?.*\.$"), "usage.not_a_choice"),
)


class Day(click.ParamType):
    """A date option (``--as-of``, ``--date``) as a clerk types it (``vn.parse_date``: ``16/11/2024``,
    ``2024-11-16``); one that is no date, or lies outside the years a plan may have, is a usage
    error (exit 2), said before the command reads or writes anything."""

    name = "date"

    def convert(self, value, param, ctx) -> dt.date:
        """Return the date ``value`` stands for; raise click.UsageError when it stands for none."""
        if isinstance(value, dt.date):
            return value
        option = param.opts[0] if param is not None else "?"
        bounds = {"first": vn.short_date(vn.EARLIEST), "last": vn.short_date(vn.LATEST)}
        try:
            day = vn.parse_date(value)
        except vn.OutOfRange:
            raise click.UsageError(t("track.date_range", option=option, got=value, **bounds), ctx) from None
        except ValueError:  # no such day: 31/11/2025
            day = None
        if day is None:
            raise click.UsageError(t("track.bad_date", option=option, got=value), ctx)
        if not vn.in_range(day):
            raise click.UsageError(t("track.date_range", option=option, got=value, **bounds), ctx)
        return day


def show(exc: click.UsageError) -> None:
    """Print ``exc`` to stderr: the usage line, what is wrong (with a suggestion when there is a
    close match) and where the command's help is; return None."""
    ctx = exc.ctx
    if ctx is not None:  # the error may come before --lang was acted on
        set_language(ctx.find_root().params.get("lang"))
    lines = [t("error.prefix") + message(exc)]
    if ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        lines = [t("usage.line", command=ctx.command_path, pieces=pieces), *lines,
                 t("usage.help", command=ctx.command_path)]
    click.echo("\n".join(lines), err=True)


def message(exc: click.UsageError) -> str:
    """Return what is wrong, in the active language."""
    if isinstance(exc, click.exceptions.NoSuchOption):
        return t("usage.no_such_option", option=exc.option_name) + _did_you_mean(exc.possibilities or ())
    if isinstance(exc, click.exceptions.MissingParameter) and exc.param is not None:
        if exc.param.param_type_name == "argument":
            name = exc.param.human_readable_name.rstrip(".")  # "SPEC..." (one or more): said as SPEC
            return t("usage.missing_argument", name=name) + t_or(f"usage.argument.{name}", "")
        return t("usage.missing_option", name=_hint(exc.param, exc.ctx))
    if isinstance(exc, click.BadParameter):
        return t("usage.bad_value", param=_param_hint(exc), detail=_detail(exc))
    return _detail(exc)


def _detail(exc: click.UsageError) -> str:
    """Return click's sentence of ``exc`` from the catalogue when it is a known one, else as it is."""
    for pattern, key in DETAILS:
        found = pattern.match(exc.message)
        if found:
            return t(key, **found.groupdict()) + _suggestion(key, found.groupdict(), exc)
    return exc.message


def _suggestion(key: str, fields: dict[str, str], exc: click.UsageError) -> str:
    """Return " Có phải ý bạn là …?" for a mistyped command or choice, else ""."""
    if key == "usage.no_such_command" and exc.ctx is not None:
        return suggest(fields["name"], exc.ctx.command.list_commands(exc.ctx), n=3)
    if key == "usage.not_a_choice" and isinstance(getattr(exc, "param", None), click.Parameter) \
            and isinstance(exc.param.type, click.Choice):
        return choices(exc.param.type.choices)
    return ""


def suggest(got: str, names, n: int) -> str:
    """Return the "did you mean" sentence naming up to ``n`` of ``names`` close to ``got``, or ""."""
    return _did_you_mean(difflib.get_close_matches(got, list(names), n=n))


def choices(names) -> str:
    """Return the sentence listing the values that may be written."""
    return t("usage.choices", choices=", ".join(map(str, names)))


def _did_you_mean(names) -> str:
    """Return the catalogue's "did you mean" sentence for ``names``, or "" when there are none."""
    names = sorted(names)
    return t("usage.did_you_mean", names=", ".join(names)) if names else ""


def _param_hint(exc: click.BadParameter) -> str:
    """Return how the parameter is written on the command line (``--templates``, ``SPEC``)."""
    if exc.param_hint is not None:
        return exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
    return _hint(exc.param, exc.ctx) if exc.param is not None else "?"


def _hint(param: click.Parameter, ctx: click.Context | None) -> str:
    """Return ``param`` as it is typed (``--templates`` or ``SPEC``), without click's quotes."""
    return param.get_error_hint(ctx).replace("'", "") if ctx is not None else str(param.name)
