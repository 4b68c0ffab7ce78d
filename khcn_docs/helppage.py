"""Help pages (``--help``) with bilingual headings, like the texts under them.

click writes its own parts of a help page in English ("Usage:", "Options:", "Commands:", "Show
this message and exit.", "[default: …]", "[required]") around our bilingual texts. The command
and group classes here give every command a formatter that writes those parts the same way:
Vietnamese / English.
"""

from __future__ import annotations

import click

USAGE = "Cách dùng / Usage:"
HEADINGS = {"Options": "Tùy chọn / Options", "Commands": "Lệnh / Commands",
            "Positional arguments": "Tham số / Arguments"}
MARKERS = (("[default: ", "[mặc định / default: "), ("required]", "bắt buộc / required]"))  # click's [a; b]
HELP_OPTION = "Xem hướng dẫn này / show this help."


class HelpFormatter(click.HelpFormatter):
    """click's formatter with bilingual usage prefix, section headings, default values and "required"."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=f"{USAGE} ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _bilingual(text)) for term, text in rows], col_max, col_spacing)


def _bilingual(text: str) -> str:
    """Return an option's help text with click's bracketed markers said both ways."""
    for english, both in MARKERS:
        text = text.replace(english, both)
    return text


class Context(click.Context):
    formatter_class = HelpFormatter


class _Bilingual:
    """Mixin for commands and groups: the bilingual formatter, and the help option said both ways."""

    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option


class Command(_Bilingual, click.Command):
    """A command whose help page has bilingual headings."""


class Group(_Bilingual, click.Group):
    """A group whose help page, and every subcommand's, has bilingual headings."""

    command_class = Command
