"""Errors a user can cause, each with a fixed exit code.

Every class derives from ``click.ClickException`` so the CLI prints the message (no traceback)
and exits with the class's code. Anything else that escapes is a bug and is reported as such.
"""

from __future__ import annotations

import click

from khcn_docs.i18n import t


class KhcnError(click.ClickException):
    """Base class: a problem the user can fix; ``exit_code`` is fixed per class."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        """Print the message (prefixed in the user's language) to stderr; no English "Error:"."""
        click.echo(t("error.prefix") + self.format_message(), err=True, file=file)


class SpecError(KhcnError):
    """The plan spec or the variables are invalid; ``problems`` lists every one found, ``files``
    the files they are in (the header names them: a mistake in the registry is not the plan's)."""

    exit_code = 3

    def __init__(self, problems: list[str], files: list[str]):
        self.problems, self.files = list(problems), list(files)
        header = t("spec.invalid", count=len(self.problems), files=", ".join(files))
        super().__init__(header + "\n" + "\n".join(self.problems))


class TemplateError(KhcnError):
    """A template is missing, broken, unsafe or asks for a variable its context lacks."""

    exit_code = 4


class TemplateMistake(TemplateError):
    """A template asks for a name its kind's context never has (``{{ hdr.isuer }}``): the contexts
    of one kind all have the same keys, so every document made from it would fail alike, and the
    build stops before writing any (a failure that depends on the data, ``1 / 0`` in a branch only
    one agency takes, fails that document alone)."""


class ConversionError(KhcnError):
    """PDF conversion failed for at least one document (the others were converted)."""

    exit_code = 5


class CheckFailed(KhcnError):
    """The ND30 checker found problems in at least one document."""

    exit_code = 6


class UnreadableDocument(KhcnError):
    """A file given to the checker is not a readable .docx."""

    exit_code = 7


class StateError(KhcnError):
    """The state database or manifest is unusable, or an issued document would be overwritten."""

    exit_code = 8


class MissingTool(KhcnError):
    """An external program (LibreOffice) is not installed."""

    exit_code = 9


class OutputPathError(KhcnError):
    """A path would be written outside the output folder."""

    exit_code = 10


class WriteError(KhcnError):
    """A document could not be written (open in Word, no permission, disk full); the others were."""

    exit_code = 11


INTERNAL_ERROR_EXIT = 70
