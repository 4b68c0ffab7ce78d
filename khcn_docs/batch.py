"""Building several plans in one command: ``khcn-docs build variables/plans`` (or ``a.yaml b.yaml``).

When the registry changes (a merger, a rename), every plan that reads it has documents to redo;
the clerk names the plans, or the folder holding them, once. Every plan is loaded and checked first:
if any is wrong, all problems are said together and nothing is written for any plan. Then each
plan is built in turn, as ``build`` builds one (its own folder, manifest, lock and report); a plan
whose documents fail does not stop the others, and the command's exit code is the first failure's (``PlansFailed``).
"""

from __future__ import annotations

from pathlib import Path

import click

from khcn_docs.errors import KhcnError, SpecError, StateError
from khcn_docs.i18n import t
from khcn_docs.paths import plan_folder
from khcn_docs.spec.load import file_variables_kind, load_plan

SPEC_SUFFIXES = (".yaml", ".yml")


def expand(arguments: tuple[str, ...]) -> list[Path]:
    """Return the spec files named by ``arguments``: a file as given, a folder as the plan files
    directly in it (sorted; the registry and the signers list left out, so ``variables`` holding
    them is said to hold no plan); raise click.UsageError for a folder holding none."""
    specs: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.suffix.lower() in SPEC_SUFFIXES and p.is_file() and file_variables_kind(p) is None)
            if not found:
                raise click.UsageError(t("build.batch.empty_folder", folder=argument))
            specs += found
        else:
            specs.append(path)
    return list(dict.fromkeys(specs))


def check_all(specs: list[Path], output: str) -> None:
    """Load every spec; raise one SpecError listing the problems of all of them (each said once: a
    shared registry's mistake is not repeated per plan), or StateError (exit code 8, as a single
    build into another spec's folder) when two specs would build into the same folder; return None
    when all can be built."""
    problems: list[str] = []
    files: list[str] = []
    for spec in specs:
        try:
            load_plan(spec)
        except SpecError as exc:
            problems += exc.problems
            files += exc.files
    if problems:
        raise SpecError(list(dict.fromkeys(problems)), list(dict.fromkeys(files)))
    folders: dict[Path, Path] = {}
    for spec in specs:
        folder = plan_folder(output, spec)
        if folder in folders:
            raise StateError(t("build.batch.same_folder", first=folders[folder], second=spec, folder=folder,
                               why=_why_one_folder(folders[folder], spec, folder.name)))
        folders[folder] = spec


def _why_one_folder(first: Path, second: Path, name: str) -> str:
    """Return why ``first`` and ``second`` build into the one folder ``name``: the same file name in
    two folders, or two names that differ only in what a folder name drops (accents, capitals,
    spaces and other marks: ``Kế hoạch 709`` and ``ke-hoach-709`` both become ``ke-hoach-709``)."""
    if first.stem == second.stem:
        return t("build.batch.same_name", name=first.stem)
    return t("build.batch.same_slug", first=first.stem, second=second.stem, name=name)


class PlansFailed(KhcnError):
    """Some of the plans built in one command failed, each said where it happened; the exit code
    is the first failure's."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def build_each(specs: list[Path], build_one) -> None:
    """Call ``build_one(spec)`` for each spec under a heading line; raise PlansFailed after the last
    when any failed (its message was said where it happened, the others still built); return None."""
    codes = []
    for n, spec in enumerate(specs, start=1):
        click.echo(t("build.batch.plan", n=n, count=len(specs), spec=spec))
        try:
            build_one(spec)
        except KhcnError as exc:
            exc.show()
            codes.append(exc.exit_code)
    if codes:
        raise PlansFailed(t("build.batch.failed", count=len(specs), failed=len(codes)), codes[0])
    click.echo(t("build.batch.done", count=len(specs)))
