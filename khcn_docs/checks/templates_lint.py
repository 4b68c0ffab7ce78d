"""Template lint (``khcn-docs check --templates``): every variable a template uses is provided by
its kind's context, and a sample rendered from the template passes the ND30 checker.

Variables come from the template as the build compiles it: docxtpl's ``patch_xml``, then Jinja's
``meta.find_undeclared_variables`` (as ``DocxTemplate.get_undeclared_template_variables`` does).
Contexts come from ``khcn_docs.contexts.sample_context(kind)`` (kind = template file stem) when
that provider exists; otherwise from the build's own units for the first plan under
``variables/plans/``. A template with no context is reported (as a warning) and not rendered: the
lint never pretends a template was verified.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from khcn_docs.checks.model import Problem
from khcn_docs.i18n import t

RULE = "template-lint"


def contexts(templates: list[Path], root: Path) -> tuple[dict[str, dict], str]:
    """Return ``({template file name: sample context}, source)``; source names the provider used."""
    try:
        from khcn_docs.contexts import sample_context
    except ImportError:
        sample_context = None
    if sample_context is not None:
        return {p.name: sample_context(p.stem) for p in templates}, "khcn_docs.contexts.sample_context"
    return _contexts_from_build(root)


def _contexts_from_build(root: Path) -> tuple[dict[str, dict], str]:
    """Return the first unit's context per template for the first plan spec under ``root``."""
    specs = sorted((root / "variables" / "plans").glob("*.yaml"))
    if not specs:
        return {}, ""
    try:
        from khcn_docs.build import discover
        from khcn_docs.spec.load import load_plan

        units = discover(load_plan(specs[0]))
    except (ImportError, AttributeError):
        return {}, ""
    found: dict[str, dict] = {}
    for unit in units:
        found.setdefault(unit.template, unit.context)
    return found, f"build units of {specs[0].relative_to(root)}"


def lint(where: Path | list[Path], settings: dict) -> tuple[list[Problem], list[str]]:
    """Return ``(problems, checked file labels)`` for every .docx template in folder ``where``, or
    for each template file in the list ``where`` (those named on the command line)."""
    from khcn_docs.checks.reader import ReadError
    from khcn_docs.checks.runner import check_document
    from khcn_docs.errors import TemplateError
    from khcn_docs.render import compile_template

    if isinstance(where, Path):  # the project's templates/ folder
        templates, root = sorted(where.glob("*.docx")), where.parent
    else:
        templates, root = [Path(p) for p in where], Path.cwd()
    samples, _ = contexts(templates, root)
    problems: list[Problem] = []
    for path in templates:
        try:  # compiled once, as the build compiles it: a template it would refuse is said here
            problems += _lint_one(path, compile_template(path), samples.get(path.name), settings, check_document)
        except TemplateError as exc:  # not a Word document, no tag, a syntax error, fails on its sample
            problems.append(_problem(path, "check.template.unusable", message=exc.message))
        except ReadError as exc:  # a sample the checker cannot read: said for the template, not a traceback
            problems.append(_problem(path, "check.template.unreadable", detail=str(exc)))
    return problems, [str(p) for p in templates]


def _lint_one(path: Path, compiled, context: dict | None, settings: dict, check_document) -> list[Problem]:
    """Return the problems of one compiled template: no sample context (a warning), variables the
    context lacks, else what the checker finds in the sample rendered from it."""
    if context is None:
        return [_problem(path, "check.template.no_context", "warning")]
    missing = sorted(compiled.missing(context))
    if missing:
        return [_problem(path, "check.template.missing", names=", ".join(missing))]
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / path.name
        sample.write_bytes(compiled.render_bytes(context))
        found, _ = check_document(str(sample), "auto", settings)
    for prob in found:
        prob.file = t("check.template.sample", template=str(path))
    return found


def _problem(path: Path, key: str, severity: str = "error", **params) -> Problem:
    """Return a template-level problem."""
    return Problem(rule=RULE, message=t(key, **params), severity=severity, file=str(path),
                   clause="—")


_TEMPLATE_TAG = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*(?:for|if|elif|else|endif|endfor|set)\b|\{\{r?\s*[A-Za-z_][\w.]*\s*(?:\||\}\})")


def template_tag(path: str) -> str | None:
    """Return the first Jinja tag of the .docx at ``path`` when it is a template, not a finished
    document (``{{ hdr.parent }}``, ``{%p for r in recipients %}`` in its body), else None (not
    one, or not a readable Word file: the document check says why). A document in a plan folder
    the build wrote (its manifest beside it or one folder up) is a finished document whatever its
    text: a task may quote ``{{ ten_don_vi }}`` literally."""
    import zipfile

    from khcn_docs.render import _JINJA_TAG, _paragraph_texts
    from khcn_docs.state import MANIFEST_NAME
    from khcn_docs.template_shape import unescape

    if any((folder / MANIFEST_NAME).is_file() for folder in Path(path).resolve().parents[:2]):
        return None
    try:
        with zipfile.ZipFile(path) as package:
            xml = package.read("word/document.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, NotImplementedError):
        return None
    for text in _paragraph_texts(xml):
        for tag in _JINJA_TAG.findall(text):
            if _TEMPLATE_TAG.match(unescape(tag)):
                return unescape(tag)
    return None


def lint_into(report, settings: dict, files: list[str] | None = None) -> None:
    """Add the template lint's problems to ``report`` (its output is rendered after:
    ``runner.formatted``); ``files``: the templates to lint (folders already expanded), or none for
    the project's ``templates/``."""
    from khcn_docs.paths import templates_dir

    named = [Path(f) for f in files or []]
    there = [path for path in named if path.is_file()]
    # a name typed wrong is no template: said as plain ``check`` says it (exit 7)
    for path in (p for p in named if p not in there):
        report.unreadable[str(path)] = t("check.read.missing")
    problems, checked = lint(there if files else templates_dir(), settings)
    report.problems += problems
    report.kinds.update({name: "template" for name in checked})
