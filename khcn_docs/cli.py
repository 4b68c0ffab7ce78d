"""Command line: thin click commands that parse, call the library, and report.

Imports of heavy libraries happen inside commands so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
import traceback

import click

from khcn_docs import __version__
from khcn_docs.errors import INTERNAL_ERROR_EXIT, KhcnError
from khcn_docs.i18n import set_language, t


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="khcn-docs")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
              help="Ngôn ngữ thông báo / message language (mặc định: vi, hoặc KHCN_DOCS_LANG).")
def cli(lang: str | None) -> None:
    """khcn-docs: tạo văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ tệp kế hoạch (YAML).

    Creates Vietnamese administrative documents (ND30) from a YAML plan spec.
    """
    set_language(lang)


def main() -> None:
    """Entry point: run the CLI; turn any unexpected exception into a short bug report."""
    try:
        cli.main(standalone_mode=False)
    except KhcnError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception:  # noqa: BLE001 - last line of defence: a bug, said as such
        click.echo(t("internal.bug"), err=True)
        click.echo(traceback.format_exc(limit=3), err=True)
        sys.exit(INTERNAL_ERROR_EXIT)


# Commands are registered below, one thin function each (see khcn_docs/commands/ for none: keep them here, short).


@cli.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=str))
@click.option("-o", "--output", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục kết quả / output folder.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True), default=None,
              help="Thư mục mẫu .docx (mặc định: ./templates).")
@click.option("-q", "--quiet", is_flag=True, help="Không in tiến trình / no progress output.")
def build(spec: str, output: str, templates: str | None, quiet: bool) -> None:
    """Tạo toàn bộ văn bản của kế hoạch SPEC vào thư mục output/.

    Builds every document of the plan SPEC into the output folder.
    """
    from pathlib import Path

    from khcn_docs.build import build as run_build

    report = run_build(spec, output, templates=Path(templates) if templates else None)
    if not quiet:
        for item in report.built:
            click.echo(t("build.written", path=item.path, reason=t(f"build.reason.{item.reason}")))
    click.echo(t("build.summary", built=len(report.built), skipped=len(report.unchanged),
                 failed=len(report.failed), folder=report.folder, seconds=f"{report.seconds:.1f}"))


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Dạng kết quả / output format.")
@click.option("--kind", default="auto", show_default=True,
              help="Loại văn bản (auto, ke-hoach, cong-van, bao-cao, …) / document kind.")
@click.option("--settings", "settings_path", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Tệp YAML thiết lập quy tắc / rule settings (YAML).")
@click.option("--templates", "lint_templates", is_flag=True,
              help="Kiểm tra các mẫu trong templates/ / lint the project's templates.")
def check(files: tuple[str, ...], fmt: str, kind: str, settings_path: str | None, lint_templates: bool) -> None:
    """Kiểm tra thể thức .docx theo NĐ30 / check .docx files against ND30 formatting rules."""
    from khcn_docs.checks.command import run_check

    run_check(list(files), fmt, kind, settings_path, lint_templates)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Ghi vào tệp thay vì in ra / write to FILE instead of printing.")
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
