"""Help pages: click's own parts (usage, headings, the help option, defaults) are bilingual like
the texts under them, on every command."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from khcn_docs.cli import cli


@pytest.mark.parametrize("command", [[], *([name] for name in sorted(cli.commands))],
                         ids=lambda c: c[0] if c else "khcn-docs")
def test_every_help_page_has_bilingual_headings(command):
    result = CliRunner().invoke(cli, [*command, "--help"], prog_name="khcn-docs")
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith(f"Cách dùng / Usage: khcn-docs {' '.join(command)}".rstrip())
    assert "Tùy chọn / Options:" in page and "-h, --help" in page and "Xem hướng dẫn này / show this help." in page
    assert "Show this message" not in page and "\nOptions:" not in page and "\nUsage:" not in page
    flat = " ".join(page.split())
    assert "[default:" not in flat.replace("[mặc định / default:", "")
    assert "required]" not in flat.replace("bắt buộc / required]", "")
    # what follows an option is said in the clerk's words (a folder, a file, a day), not click's type names
    assert not {"DIRECTORY", "FILE", "TEXT", "INTEGER", "PATH"} & set(re.findall(r"\b[A-Z]{4,}\b", page))


def test_a_required_option_is_marked_both_ways():
    """No command of the tool has a required option now (``received --date`` is not, with
    ``--cancel``); a command of the same class with one is marked in both languages."""
    import click

    from khcn_docs.helppage import Command

    command = Command("thu", params=[click.Option(["--date"], required=True, help="Ngày / date.")])
    page = CliRunner().invoke(command, ["--help"], prog_name="khcn-docs").output
    assert "[bắt buộc / required]" in " ".join(page.split())
    received = CliRunner().invoke(cli, ["received", "--help"], prog_name="khcn-docs").output
    assert "bắt buộc, trừ khi --cancel" in " ".join(received.split())


def test_the_group_page_lists_commands_under_a_bilingual_heading():
    page = CliRunner().invoke(cli, ["--help"], prog_name="khcn-docs").output
    assert "Lệnh / Commands:" in page and "In phiên bản / show the version." in page


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_option_says_what_it_is_for(name):
    """Each option of each command has a help text (``-o`` of the tracking commands had none, their
    help page listing it bare), and an option several commands share (the same name
    for the same kind of value) says the same on each."""
    said: dict[str, str] = {}
    for command_name, command in sorted(cli.commands.items()):
        for param in command.params:
            if isinstance(param, click.Option) and param.opts != ["--year"]:  # --year means two things
                said.setdefault((param.opts[-1], param.metavar), param.help)
    for param in cli.commands[name].params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts}: no help"
            if param.opts[-1] in ("--output", "--db", "--as-of", "--templates"):  # alike where alike (a folder, a file)
                assert param.help == said[param.opts[-1], param.metavar], f"{name} {param.opts}: said otherwise"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_option_is_said_in_vietnamese_then_english(name):
    """Each option's help is "Vietnamese / English", as on the help page under ``--lang en``
    (``--templates``, ``--xlsx``, ``--csv``, ``--pdfa`` had Vietnamese only)."""
    for param in cli.commands[name].params:
        if isinstance(param, click.Option) and param.help:
            vietnamese, slash, english = param.help.partition(" / ")
            assert slash and vietnamese.strip() and english.strip(), f"{name} {param.opts}: {param.help!r}"


def test_received_help_says_the_default_years_the_code_takes():
    """``--year`` defaults to the year of the nearest deadline not passed on the day received
    (``reminders.default_year``: 02/01/2029 may be 2028's), ``--cancel`` to the ``--as-of`` year
    (``reminders.cycle``), as docs/per-agency.md says."""
    page = " ".join(CliRunner().invoke(cli, ["received", "--help"], prog_name="khcn-docs").output.split())
    assert "mặc định: năm có hạn báo cáo gần nhất chưa qua vào ngày nhận" in page
    assert "the year whose deadline is the nearest not passed on the date received" in page
    assert "mặc định năm của --as-of" in page and "default the --as-of year" in page
