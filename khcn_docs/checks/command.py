"""The ``khcn-docs check`` command's body: settings, run, output, exit status.

Exit status (see ``khcn_docs.errors``): 0 clean, ``CheckFailed`` (6) when a rule of severity
``error`` found a problem, ``UnreadableDocument`` (7) when a file is not a readable .docx. A file
not read leaves the check incomplete, so 7 wins over 6; the count of problems found in the files
read is still printed, above the count of files not read.
"""

from __future__ import annotations

from pathlib import Path

import click

from khcn_docs import usage
from khcn_docs.errors import CheckFailed, UnreadableDocument
from khcn_docs.i18n import t


WORD_LOCK_PREFIX = "~$"  # the owner file Word keeps beside a document while it is open


def expand(names: tuple[str, ...] | list[str]) -> list[str]:
    """Return the files to check: each file named, and every .docx under each folder named (any
    case: ".DOCX" too; not Word's ``~$…`` lock files); raise click.UsageError for a folder holding
    no .docx at all."""
    files: list[str] = []
    for name in names:
        folder = Path(name)
        if not folder.is_dir():
            files.append(name)
            continue
        found = sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() == ".docx" and p.is_file()
                       and not p.name.startswith(WORD_LOCK_PREFIX))
        if not found:
            raise click.UsageError(t("check.empty_folder", folder=name))
        files += found
    return files


def run_check(files: list[str], fmt: str, kind: str, settings_path: str | None,
              lint_templates: bool) -> None:
    """Check ``files`` as documents, or with ``lint_templates`` lint them as templates (none named:
    the project's ``templates/``), print the report, raise on failure. A template is no finished
    document: its tags (“{%p for r in recipients %}”) would be checked as text."""
    from khcn_docs.checks import kinds, settings
    from khcn_docs.checks.runner import Report, formatted

    if kind not in kinds.choices():
        raise click.BadParameter(t("check.unknown_kind", got=kind) + usage.suggest(kind, kinds.choices(), n=1)
                                 + usage.choices(kinds.choices()), param_hint="--kind")
    if not files and not lint_templates:
        raise click.UsageError(t("check.no_files"))
    try:
        rules = settings.load(settings_path)
    except settings.SettingsError as exc:
        raise click.BadParameter(t("check.settings_error", count=len(exc.problems)) + "\n" + str(exc),
                                 param_hint="--settings") from exc
    if lint_templates:
        from khcn_docs.checks.templates_lint import lint_into

        report = Report()
        lint_into(report, rules, files)
    else:
        report = _documents_and_templates(files, kind, rules)
    report.output = formatted(report, fmt)  # once, the lint's problems in
    if report.output:
        click.echo(report.output)
    if report.unreadable:  # exit 7 wins over 6; both counts are said
        if report.errors:
            CheckFailed(t("check.failed", count=len(report.errors))).show()
        raise UnreadableDocument(t("check.unreadable_failed", count=len(report.unreadable)))
    if report.errors:
        raise CheckFailed(t("check.failed", count=len(report.errors)))
    if fmt == "text":
        click.echo(t("check.clean", count=len(report.kinds)))


def _documents_and_templates(files: list[str], kind: str, rules: dict):
    """Return the report (not rendered yet) of checking ``files``: finished documents against the ND30 rules, and any
    template among them (a ``templates/`` file, named or in a folder named) linted as a template, as
    ``--templates`` would, with a warning saying so: its tags would otherwise be checked as text
    (148 false errors for the bundled templates folder)."""
    from khcn_docs.checks.model import Problem
    from khcn_docs.checks.runner import collect
    from khcn_docs.checks.templates_lint import RULE, lint_into, template_tag

    tags = {name: template_tag(name) for name in files}
    templates = [name for name in files if tags[name] is not None]
    report = collect([name for name in files if tags[name] is None], kind, rules)
    if templates:
        report.problems += [Problem(rule=RULE, severity="warning", file=name, clause="—",
                                    message=t("check.template.detected", tag=tags[name], path=name))
                            for name in templates]
        lint_into(report, rules, templates)
    return report
