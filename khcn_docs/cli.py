"""Command line: thin click commands that parse, call the library, and report.

Imports of heavy libraries happen inside commands so ``--help`` stays fast.

A Ctrl-C while this module's imports load is held until ``main`` can say "stopped" (an import
broken off halfway leaves its module half-built, and nothing could catch it yet). While a command
runs, a Ctrl-C is noted before it is raised: whatever error it then causes (a library that wraps
or swallows KeyboardInterrupt, a clean-up that fails) ends as "stopped", not as a bug. A ``kill``
(SIGTERM) and the terminal closing (SIGHUP) stop a command the same way (exit 128 + the signal's
number, as a shell says): left to the system, they ended the process at once, leaving LibreOffice
running and its temporary folders behind.
"""

from __future__ import annotations

import atexit
import signal
import threading

_INTERRUPTS: list[int] = []
"""The stop requests (their signals) seen: held while this module loaded, noted while a command ran."""

_FINISHED: list[bool] = []
"""Not empty once the command's work is committed and said (``finished``): a stop request then is dropped."""


def _hold(signum: int, frame: object) -> None:
    """Note a stop request without raising (the module is loading); return None."""
    _INTERRUPTS.append(signum)


def _note_and_raise(signum: int, frame: object) -> None:
    """Note a stop request, then raise KeyboardInterrupt as Python's own Ctrl-C handler does; once
    the command ``finished``, drop it (return None)."""
    if _FINISHED:  # done and said: stopping now would only report a finished command as stopped
        return
    _INTERRUPTS.append(signum)
    raise KeyboardInterrupt


def finished() -> None:
    """Note that the command's work is committed (``remind --cancel``): a stop request from now on
    (Ctrl-C, a ``kill``) is dropped, the command ending as it would have (exit 0, its message
    whole) rather than "stopped" after it went through; return None."""
    _FINISHED.append(True)


# signal -> the handler it has when nobody changed it: only such a signal is taken over (a test
# runner keeps its own; a background job that ignores Ctrl-C, a ``nohup`` ignoring SIGHUP, keep ignoring).
# The signals must stay in step with ``interrupts.STOPS``: they are listed here again because importing
# khcn_docs.interrupts (typing with it) before ``_hold`` is installed would leave Ctrl-C unheld longer.
_UNTOUCHED = {getattr(signal, name): handler for name, handler in
              (("SIGINT", signal.default_int_handler), ("SIGTERM", signal.SIG_DFL), ("SIGHUP", signal.SIG_DFL))
              if hasattr(signal, name)}


def _handle_interrupts(handler) -> dict[int, object]:
    """Handle the stop requests (Ctrl-C, SIGTERM, SIGHUP) with ``handler``; return signal -> the
    handler to put back, for those taken over (none outside the main thread, none whose handler
    was changed by someone else)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, handler) for signum, untouched in _UNTOUCHED.items()
            if signal.getsignal(signum) is untouched}


def _restore(previous: dict[int, object]) -> None:
    """Put back the handlers ``_handle_interrupts`` replaced; return None."""
    for signum, handler in previous.items():
        signal.signal(signum, handler)


_LOADING = _handle_interrupts(_hold)
# While the interpreter shuts down (a tenth of a second, modules freed), a stop request still handled as
# Python does killed the process (exit 130) after the command had finished and said so: ignore them then
# (``main`` has put back the untouched handlers by then).
atexit.register(_handle_interrupts, signal.SIG_IGN)

import datetime as dt  # noqa: E402 - the imports below load with Ctrl-C held
import sys  # noqa: E402
import traceback  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import click  # noqa: E402

from khcn_docs import __version__, usage  # noqa: E402
from khcn_docs.helppage import Group  # noqa: E402
from khcn_docs.errors import INTERNAL_ERROR_EXIT, KhcnError, WriteError  # noqa: E402
from khcn_docs.outputs import os_reason  # noqa: E402
from khcn_docs.i18n import set_language, t, unsupported_env_language  # noqa: E402


LANGUAGES = ["vi", "en"]
# what the help page shows after an option, in the clerk's words (click would write DIRECTORY, FILE, TEXT, INTEGER)
FOLDER, FILE, DAY, YEAR, KIND = "THƯ-MỤC", "TỆP", "NGÀY", "NĂM", "LOẠI"
LANG_HELP = "Ngôn ngữ thông báo / message language (mặc định: vi, hoặc KHCN_DOCS_LANG)."


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="khcn-docs", help="In phiên bản / show the version.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help=LANG_HELP)
def cli(lang: str | None) -> None:
    """khcn-docs: tạo văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ tệp kế hoạch (YAML).

    Creates Vietnamese administrative documents (ND30) from a YAML plan spec.
    """
    set_language(lang)
    if lang is None and (unknown := unsupported_env_language()) is not None:
        click.echo(t("lang.unsupported_env", value=unknown, supported=", ".join(LANGUAGES)), err=True)


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def lang_first(args: list[str]) -> list[str]:
    """Return ``args`` with ``--lang X`` (or ``--lang=X``) moved before the command, wherever it was
    typed ("add --lang en", the README says), so that even a mistyped command line is answered in
    that language. A ``--lang`` without a value stays where it is, for its command to say so."""
    out, lang, i = [], [], 0
    while i < len(args):
        if args[i] == "--":
            out += args[i:]
            break
        if args[i] == "--lang" and i + 1 < len(args):
            lang, i = args[i:i + 2], i + 2
        elif args[i].startswith("--lang="):
            lang, i = [args[i]], i + 1
        else:
            out.append(args[i])
            i += 1
    return lang + out


def by_interrupt(exc: BaseException | None) -> bool:
    """Return True when ``exc`` came from a Ctrl-C: one was pressed during the command, or
    ``exc`` is, or was raised while handling, a KeyboardInterrupt (a clean-up that failed as
    the command unwound, an import Python wrapped in a RuntimeError)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return bool(_INTERRUPTS)


def stop_on_request() -> None:
    """Say the command stopped as asked and exit 128 + the signal's number, as a shell does (130
    for Ctrl-C, 143 for a ``kill``)."""
    try:
        click.echo(t("usage.aborted"), err=True)
    except OSError:  # the terminal closed (SIGHUP): nobody to tell
        pass
    sys.exit(128 + (_INTERRUPTS[0] if _INTERRUPTS else signal.SIGINT))


def main() -> None:
    """Entry point: run the CLI, Ctrl-C noted; turn any unexpected exception into a short bug report."""
    previous = _handle_interrupts(_note_and_raise)
    try:
        run_cli()
    finally:
        _INTERRUPTS.clear()
        _FINISHED.clear()
        _restore(previous)


def run_cli() -> None:
    """Run the command line and exit with its code; every error a clerk can cause is one short message."""
    try:
        if _INTERRUPTS:  # Ctrl-C while the command line was loading
            raise click.exceptions.Abort()
        cli.main(args=lang_first(sys.argv[1:]), prog_name="khcn-docs", standalone_mode=False)
    except KhcnError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        stop_on_request()
    except _NO_ARGS_IS_HELP as exc:  # no arguments at all: the help (click 8.2+)
        exc.show()
        sys.exit(exc.exit_code)
    except click.UsageError as exc:  # click's words, in the clerk's language
        usage.show(exc)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except OSError as exc:  # the machine's files (a path gone, no permission, a full disk), not a bug
        if by_interrupt(exc):
            stop_on_request()
        click.echo(t("error.prefix") + t("os.problem", path=exc.filename or "", reason=os_reason(exc)), err=True)
        sys.exit(WriteError.exit_code)
    except Exception as exc:  # noqa: BLE001 - last line of defence: a bug, said as such
        if by_interrupt(exc):
            stop_on_request()
        click.echo(t("internal.bug"), err=True)
        click.echo(traceback.format_exc(limit=3), err=True)
        sys.exit(INTERNAL_ERROR_EXIT)


# Options several commands share, declared once (the help page says them alike everywhere).
_output_option = click.option("-o", "--output", default="output", show_default=True, type=click.Path(file_okay=False),
                              metavar=FOLDER, help="Thư mục kết quả / output folder.")
_templates_option = click.option("--templates", type=click.Path(file_okay=False, exists=True), metavar=FOLDER,
                                 default=None, help="Thư mục mẫu .docx (mặc định: ./templates) / .docx templates "
                                                    "folder (default: ./templates).")

# Commands are registered below, one thin function each (see khcn_docs/commands/ for none: keep them here, short).


@cli.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=str), metavar="SPEC...")
@_output_option
@_templates_option
@click.option("-q", "--quiet", is_flag=True,
              help="Không in tiến trình và danh sách văn bản đã tạo / no progress, no list of written files.")
@click.option("--explain", is_flag=True, help="Chỉ liệt kê văn bản cần tạo lại và lý do / list reasons, build nothing.")
@click.option("--force", is_flag=True, help="Tạo lại mọi văn bản (trừ văn bản đã ban hành) / rebuild everything.")
@click.option("--force-issued", is_flag=True, help="Cho phép ghi đè văn bản đã ban hành / overwrite issued documents.")
@click.option("--prune", is_flag=True, help="Xóa văn bản của cơ quan không còn trong kế hoạch / delete removed outputs.")
@click.option("--pdf/--no-pdf", default=None,
              help="Chuyển sang PDF và đóng tập (mặc định: biến môi trường KHCN_DOCS_PDF=1) / also write PDFs.")
@click.option("--pdfa", is_flag=True, help="PDF/A-2 (kèm --pdf) / PDF/A-2 (implies --pdf).")
def build(specs: tuple[str, ...], output: str, templates: str | None, quiet: bool, explain: bool, force: bool,
          force_issued: bool, prune: bool, pdf: bool | None, pdfa: bool) -> None:
    """Tạo các văn bản của kế hoạch SPEC còn thiếu hoặc đã thay đổi, nêu lý do từng văn bản. Nhiều
    kế hoạch: ghi nhiều tệp, hoặc một thư mục (mọi tệp .yaml trong đó), kiểm tra hết trước khi ghi.

    Builds the documents of the plan SPEC that are new or outdated, saying why each was rebuilt.
    Several plans: name several files, or a folder (every .yaml in it); all are checked before any is built.
    """
    from pathlib import Path

    from khcn_docs import batch, buildlog
    from khcn_docs.build import build as run_build
    from khcn_docs.progress import Progress

    def build_one(spec) -> None:
        bar = Progress(0, quiet=quiet or explain)
        report = run_build(spec, output, templates=Path(templates) if templates else None, force=force,
                           force_issued=force_issued, explain=explain, prune=prune,
                           pdf=buildlog.pdf_default(pdf) or pdfa, pdfa=pdfa, progress=bar, strict=False,
                           on_wait=lambda: click.echo(t("build.waiting"), err=True))
        buildlog.show(report, explain=explain, quiet=quiet, bar=bar)

    paths = batch.expand(specs)
    if len(paths) == 1:
        build_one(paths[0])
        return
    batch.check_all(paths, output)
    batch.build_each(paths, build_one)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Dạng kết quả / output format.")
@click.option("--kind", default="auto", show_default=True, metavar=KIND,
              help="Loại văn bản (auto, ke-hoach, cong-van, bao-cao, …) / document kind.")
@click.option("--settings", "settings_path", type=click.Path(dir_okay=False, exists=True), metavar=FILE, default=None,
              help="Tệp YAML thiết lập quy tắc / rule settings (YAML).")
@click.option("--templates", "lint_templates", is_flag=True,
              help="Kiểm tra các tệp/thư mục đã nêu như mẫu (không nêu: templates/) / lint the files "
                   "or folders named as templates (none: templates/).")
def check(files: tuple[str, ...], fmt: str, kind: str, settings_path: str | None, lint_templates: bool) -> None:
    """Kiểm tra thể thức .docx theo NĐ30 (tệp, hoặc mọi .docx trong thư mục) / check .docx files
    (or every .docx under a folder) against ND30 formatting rules."""
    from khcn_docs.checks.command import expand, run_check

    run_check(expand(files), fmt, kind, settings_path, lint_templates)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default=None, metavar=FILE,
              help="Ghi vào tệp thay vì in ra / write to that file instead of printing.")
def schema(output: str | None) -> None:
    """In JSON Schema của tệp kế hoạch (để trình soạn thảo kiểm tra khi gõ).

    Prints the JSON Schema of a plan spec, for editors to validate while typing.
    """
    import json
    from pathlib import Path

    from khcn_docs.schema import spec_schema

    text = json.dumps(spec_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    Path(output).write_text(text, encoding="utf-8")
    click.echo(t("spec.schema_written", path=output), err=True)


# --- per-agency documents: assignments, report tracking, reminders (issue 4) ---

_DB_HELP = "Tệp theo dõi báo cáo (mặc định: <output>/<kế hoạch>/theo-doi.sqlite) / tracking database."
_AS_OF_HELP = "Tính đến ngày (dd/mm/yyyy, mặc định: hôm nay) / as-of date."
_CYCLE_HELP = ("Kỳ báo cáo năm (mặc định: năm của ngày tính đến; --year 2024 vào tháng 1/2025 để đôn đốc "
               "báo cáo năm trước) / report year.")
_db_option = click.option("--db", default=None, type=click.Path(dir_okay=False), metavar=FILE, help=_DB_HELP)
_as_of_option = click.option("--as-of", "as_of", default=None, type=usage.Day(), metavar=DAY, help=_AS_OF_HELP)
_cycle_option = click.option("--year", type=int, default=None, metavar=YEAR, help=_CYCLE_HELP)


def _suffixed(value: str | None, suffix: str) -> str | None:
    """Return ``value`` when it names a file ending in ``suffix`` (or is absent); else raise a usage
    error: a workbook written under another extension does not open in Excel (the example given is
    the clerk's own name with that extension)."""
    from pathlib import Path

    if value is not None and Path(value).suffix.lower() != suffix:
        example = Path(value).with_suffix(suffix) if Path(value).stem else Path(f"bang{suffix}")
        raise click.BadParameter(t("agencies.suffix", path=value, suffix=suffix, example=example.as_posix()))
    return value


_xlsx_option = click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), metavar=FILE, default=None,
                            callback=lambda ctx, param, value: _suffixed(value, ".xlsx"),
                            help="Ghi bảng ra tệp Excel .xlsx / write the table to an Excel .xlsx file.")
_csv_option = click.option("--csv", "csv_path", type=click.Path(dir_okay=False), metavar=FILE, default=None,
                           callback=lambda ctx, param, value: _suffixed(value, ".csv"),
                           help="Ghi bảng ra tệp .csv (UTF-8) / write the table to a .csv file (UTF-8).")


@cli.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=str))
@_xlsx_option
@_csv_option
def agencies(spec: str, xlsx_path: str | None, csv_path: str | None) -> None:
    """Liệt kê từng cơ quan với nhiệm vụ chủ trì, phối hợp / each agency's tasks by role."""
    from khcn_docs import assignments
    from khcn_docs.spec.load import load_plan

    rows = assignments.assignments(load_plan(spec))
    click.echo(assignments.format_table(rows))
    for path in assignments.write(rows, csv_path, xlsx_path):
        click.echo(t("agencies.written", path=path))


@contextmanager
def _tracking(spec: str, output: str, db: str | None, write: bool = True):
    """Yield (plan, open tracker) for the tracking commands (``status`` only reads: not ``write``),
    first saying when there is no tracking file yet (``status``) and when the plan folder's own one
    is no longer used (the plan amends another: ``revises``); last, when the command started a new
    one (its first record: a command refused before it leaves none)."""
    from khcn_docs import reminders

    with reminders.session(spec, output, db, write) as (plan, tracker):
        if not tracker.found and not write:
            click.echo(t("track.db_none", path=tracker.path), err=True)
        unused = reminders.unused_record(plan, output, db, tracker.path)
        if unused is not None:
            click.echo(t("track.unused_record", old=unused, new=tracker.path), err=True)
        if unknown := reminders.unknown_agencies(plan, tracker):
            click.echo(t("track.unknown_agencies", ids=", ".join(unknown), db=tracker.path), err=True)
        try:
            yield plan, tracker
        finally:
            if tracker.started:
                click.echo(t("track.db_started", path=tracker.path), err=True)


@cli.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=str))
@click.argument("agencies", nargs=-1, required=True, metavar="AGENCY...")
@click.option("--date", "date_text", default=None, type=usage.Day(), metavar=DAY,
              help="Ngày nhận báo cáo (dd/mm/yyyy; bắt buộc, trừ khi --cancel) / date received.")
@click.option("--year", type=int, default=None, metavar=YEAR,
              help="Năm báo cáo (mặc định: năm có hạn báo cáo gần nhất chưa qua vào ngày nhận, thường là năm của ngày "
                   "nhận; nhận 02/01/2029 khi hạn 31/12/2028 dời sang ngày đó: 2028) / report year (default: the year "
                   "whose deadline is the nearest not passed on the date received, usually that date's year).")
@_as_of_option
@click.option("--cancel", is_flag=True,
              help="Hủy ghi nhận đã nhập nhầm (năm: --year, mặc định năm của --as-of, tức năm nay) / remove a report "
                   "recorded by mistake (year: --year, default the --as-of year, i.e. this year).")
@click.option("--replace", is_flag=True,
              help="Thay ngày nhận đã ghi của báo cáo năm đó / replace the date already recorded for that year.")
@_output_option
@_db_option
@click.pass_context
def received(ctx: click.Context, spec: str, agencies: tuple[str, ...], date_text: dt.date | None, year: int | None,
             as_of: dt.date | None, cancel: bool, replace: bool, output: str, db: str | None) -> None:
    """Ghi nhận cơ quan AGENCY (mã, tên hoặc tên viết tắt; nhiều cơ quan cùng ngày: ghi liền nhau) đã
    gửi báo cáo / record that AGENCY's report was received (its id, name or abbreviation; several
    agencies of one day: one after another)."""
    from khcn_docs import reminders, vn

    if date_text is None and not cancel:
        raise click.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "date_text"))
    if cancel and (date_text is not None or replace):  # a cancel is of a year's record, not of a day's
        raise click.UsageError(t("track.cancel_date", date=vn.short_date(date_text)) if date_text is not None
                               else t("track.cancel_replace"), ctx)
    with _tracking(spec, output, db) as (plan, tracker):
        today = reminders.day_option(as_of, "--as-of", recorded=True)
        if cancel:
            year = reminders.cycle(plan, today, year)  # --year 0, or after as-of's: refused
            plan = reminders.version_for(plan, year)  # a revision's earlier years: the plan it amends
            for aid, before in reminders.cancel_reports(plan, tracker, list(agencies), year):
                click.echo(t("track.cancelled", name=plan.agency(aid).name, year=year, date=vn.short_date(before)))
            return
        day = reminders.day_option(date_text, "--date", recorded=True)
        for aid, its_year, before, named_as in reminders.record_reports(plan, tracker, list(agencies), day, today,
                                                                        year, replace):
            _said_recorded(reminders.version_for(plan, its_year), tracker, aid, its_year, day, before, named_as)


def _said_recorded(plan, tracker, aid: str, year: int, day, before, named_as: list[str]) -> None:
    """Print what recording ``aid``'s report of ``year`` did: the record, the body it stands for
    when named (``named_as``) by an old name, the date it replaced, the merged bodies' reports still owed."""
    from khcn_docs import reminders, vn

    click.echo(t("track.recorded", name=plan.agency(aid).name, year=year, date=vn.short_date(day), db=tracker.path))
    for name in named_as:
        if former := reminders.taken_over(plan, name, year):
            click.echo(t("track.recorded_for", gone=former))  # an old name, of a body merged or renamed
    if before and before != day:
        click.echo(t("track.replaced", date=vn.short_date(before)))
    others = [] if before else reminders.also_owed(plan, tracker, aid, year, day)  # a successor sends theirs too
    if others:  # (not after --replace: cancelling would lose the date replaced too)
        click.echo(t("track.also_owed", name=plan.agency(aid).name, year=year, first=others[0],
                     others=", ".join(f"{plan.agency(o).name} ({o})" for o in others)))


@cli.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=str))
@_as_of_option
@_cycle_option
@_output_option
@_db_option
@_xlsx_option
@_csv_option
def status(spec: str, as_of: dt.date | None, year: int | None, output: str, db: str | None,
           xlsx_path: str | None, csv_path: str | None) -> None:
    """Ai đã báo cáo, ai chậm, ai đã được đôn đốc / who reported, who is late, who was reminded."""
    from khcn_docs import reminders, tables

    with _tracking(spec, output, db, write=False) as (plan, tracker):
        day = reminders.day_option(as_of, "--as-of")
        year = reminders.cycle(plan, day, year)
        plan = reminders.version_for(plan, year)  # a revision's earlier years: the plan it amends
        if (revision := reminders.superseded_by(plan, year, day)) is not None:  # loaded once: its table
            click.echo(reminders.superseded_said(revision, year), err=True)
            plan = revision
        elif note := reminders.broken_revision_said(plan, day, "status.revision_broken"):
            click.echo(note, err=True)
        rows = reminders.statuses(plan, tracker, day, year)
        click.echo(reminders.format_status(plan, rows, day, year))
        for path in tables.write(reminders.status_table(plan, rows, day, year), csv_path, xlsx_path):
            click.echo(t("agencies.written", path=path))


@cli.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=str))
@_as_of_option
@_cycle_option
@click.option("--combined", is_flag=True, help="Một công văn chung cho mọi cơ quan chậm / one letter to all.")
@click.option("--cancel", is_flag=True,
              help="Hủy lần đôn đốc gần nhất đã ghi nhầm (năm: --year, mặc định năm của --as-of); công văn của lần "
                   "đó được giữ lại với tên có “.huy-” / cancel the last reminders, recorded by mistake.")
@_output_option
@_db_option
@_templates_option
@click.option("--pdf/--no-pdf", default=None,
              help="Chuyển công văn sang PDF và cập nhật tập PDF (mặc định: KHCN_DOCS_PDF=1) / also PDFs.")
@click.pass_context
def remind(ctx: click.Context, spec: str, as_of: dt.date | None, year: int | None, combined: bool, cancel: bool,
           output: str, db: str | None, templates: str | None, pdf: bool | None) -> None:
    """Tạo công văn đôn đốc cho cơ quan quá hạn báo cáo / reminders for overdue agencies."""
    from khcn_docs import buildlog, reminders, vn
    from khcn_docs.paths import templates_dir

    if cancel and (combined or pdf):  # a cancel writes no letter (KHCN_DOCS_PDF=1 alone is no --pdf)
        raise click.UsageError(t("remind.cancel_option", option="--combined" if combined else "--pdf"), ctx)
    with _tracking(spec, output, db) as (plan, tracker):
        day = reminders.day_option(as_of, "--as-of", recorded=True)
        year = reminders.cycle(plan, day, year)
        plan = reminders.version_for(plan, year)  # a revision's earlier years: the plan it amends
        if cancel:
            _cancel_reminders(spec, plan, tracker, output, day, year)
            return
        done = reminders.remind(plan, tracker, reminders.plan_folder(output, plan), templates_dir(templates), day,
                                combined, year, notify=lambda text: click.echo(text, err=True))
        for line in _written_lines(plan, done):
            click.echo(line)
        click.echo(t("remind.summary", count=len(done), date=vn.short_date(day)))
        for note in (reminders.drafts_cited(plan, done, day), reminders.form_missing(plan, year, done)):
            if note:
                click.echo(note, err=True)
        if not done:
            click.echo(reminders.why_none(plan, tracker, day, year))
        beyond = reminders.out_of_reach(plan, tracker, day, year)
        if beyond:
            click.echo("\n".join([t("remind.out_of_reach", count=len(beyond), date=vn.short_date(day)),
                                   *(f"  - {why}" for why in beyond)]))
        if done and buildlog.pdf_default(pdf):
            _remind_pdf(plan, done, output, templates)


def _remind_pdf(plan, done: list, output: str, templates: str | None) -> None:
    """Convert the reminder letters ``remind`` just wrote to PDF and bundle them (a build writing no
    document: ``build(documents=False)``), then say how many PDFs were made, of letters and of
    documents that had none, and what an edited plan left for ``build``; return None."""
    from pathlib import Path

    from khcn_docs import reminders
    from khcn_docs.build import build as run_build

    reminders.convert_to_pdf(plan, done)
    report = run_build(plan.spec_path, output, templates=Path(templates) if templates else None, pdf=True,
                       documents=False, on_wait=lambda: click.echo(t("build.waiting"), err=True))
    for line in reminders.pdf_said(report, len(dict.fromkeys(p for _, p in done))):
        click.echo(line)


def _written_lines(plan, done: list) -> list[str]:
    """Return what ``remind`` says of the letters it wrote: one line per letter, naming the body it
    goes to (with whose reports, when several), or, for a letter to several (``--combined``: one
    letter per round), how many."""
    from pathlib import Path

    from khcn_docs import reminders
    from khcn_docs.documents.cong_van_don_doc import COMBINED_FOLDER

    letters: dict = {}
    for reminder, path in done:
        letters.setdefault(path, []).append(reminder)
    lines = []
    for path, sent in letters.items():
        if Path(path).parent.name != COMBINED_FOLDER:
            lines.append(t("remind.written", name=reminders.sent_to(plan, *sent), round=sent[0].round, path=path))
        else:
            lines.append(t("remind.written_combined", count=len(sent), round=sent[0].round, path=path))
    return lines


def _cancel_reminders(spec: str, plan, tracker, output: str, day, year: int) -> None:
    """Cancel the last reminders about the report of ``year`` (``remind --cancel``) and say what was
    done; the letters are looked for first in the folder of the plan the report follows on ``day``
    (``reminders.governing``: a revision issued since keeps them in its own folder, the records in
    the shared tracking file), then in the other versions' (``reminder_cancel.letters``)."""
    from pathlib import Path

    from khcn_docs import reminder_cancel, reminders
    from khcn_docs.spec.problems import display_path

    governing = reminders.governing(plan, year, day)  # the revision whose letters they are, in its folder
    if governing is not plan:
        spec = str(display_path(governing.spec_path))
    def report(done) -> None:
        """Say the cancel, committed: a stop request from now on stops nothing (``finished``)."""
        finished()
        click.echo("\n".join(reminder_cancel.said(governing, tracker, done, year, spec)))

    reminder_cancel.cancel_last(tracker, governing, Path(output), day, year,
                                notify=lambda text: click.echo(text, err=True), report=report)


@cli.command()
@click.argument("old", type=click.Path(dir_okay=False, path_type=str))
@click.argument("new", type=click.Path(dir_okay=False, path_type=str), required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Dạng kết quả / output format.")
@click.option("--plan", "plan", type=click.Path(dir_okay=False, path_type=str), default=None, metavar=FILE,
              help="Khi OLD, NEW là hai bản danh mục cơ quan (agencies.yaml): kế hoạch để so sánh / "
                   "with two registries: the plan to compare.")
def diff(old: str, new: str | None, fmt: str, plan: str | None) -> None:
    """So sánh hai tệp kế hoạch OLD và NEW (hoặc hai bản danh mục cơ quan, với --plan): nhiệm vụ
    thêm, bỏ, sửa (nội dung, thời hạn, sản phẩm, vị trí, thứ tự), đổi vai trò theo từng cơ quan, và
    mọi thay đổi khác làm đổi văn bản. Chỉ một tệp kế hoạch sửa đổi (có “revises:”): so sánh với
    kế hoạch nó sửa đổi.

    Compares two plan specs (each read with its own variables folder), or one plan read with two
    versions of the agency registry (--plan), per agency (tasks added, removed, reworded, with
    another deadline, product, place or order, roles changed), and every other change that changes
    a document; one revision alone (with "revises:") is compared with the plan it amends.
    """
    from khcn_docs import diff as plan_diff

    if new is None:  # one revision: against the plan it amends
        old, new = plan_diff.amended(old, plan), old
    before, after = plan_diff.load_pair(old, new, plan)
    for warning in dict.fromkeys(before.warnings + after.warnings):
        click.echo(warning, err=True)
    result = plan_diff.compare(before, after, registries=plan is not None)
    lines = [plan_diff.as_json(result)] if fmt == "json" else plan_diff.text_lines(result, after, before)
    click.echo("\n".join(lines))


for _command in cli.commands.values():  # every command takes --lang too (its help lists it)
    _command.params.append(click.Option(["--lang"], type=click.Choice(LANGUAGES), expose_value=False,
                                        help=LANG_HELP, callback=lambda ctx, param, value: set_language(value)))


_restore(_LOADING)  # loaded: Ctrl-C raises KeyboardInterrupt again, SIGTERM ends at once (a held one is main's)
