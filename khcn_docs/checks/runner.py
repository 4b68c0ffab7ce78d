"""Run the rules over documents and format the problems as text or JSON.

``check_files(paths, fmt, kind, settings)`` is the library entry the ``check`` command calls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from khcn_docs.checks import layout, reader, rules
from khcn_docs.checks import settings as settings_mod
from khcn_docs.checks.model import PAGE_FOOTER, PAGE_HEADER, Problem
from khcn_docs.i18n import t


@dataclass
class Report:
    """Result of a run: problems per file, unreadable files with their reason, and the output text."""

    problems: list[Problem] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    output: str = ""

    @property
    def errors(self) -> list[Problem]:
        """Return the problems of severity ``error``."""
        return [p for p in self.problems if p.severity == "error"]


def check_document(path: str, kind: str = "auto", settings: dict | None = None):
    """Return ``(problems, detected kind)`` for one readable .docx; raise ``reader.ReadError`` otherwise."""
    settings = settings or settings_mod.defaults()
    lay = layout.analyse(reader.read(path), kind)
    problems: list[Problem] = []
    for rule in rules.load():
        opts = settings.get(rule.ID, {})
        if not opts.get("enabled", True):
            continue
        for prob in rule.check(lay, opts):
            if prob.severity != "warning":  # a rule may mark a doubtful finding as a warning only
                prob.severity = opts.get("severity", "error")
            prob.clause, prob.file = rule.CLAUSE, str(path)
            problems.append(prob)
    problems = sorted(_unique(problems), key=_order)
    return problems, lay.kind


def _unique(problems: list[Problem]) -> list[Problem]:
    """Return ``problems`` without repeats: a paragraph holding two lines of one part (a name
    wrapped with a line break, "SỞ KHOA HỌC⏎VÀ CÔNG NGHỆ") gets each of its problems once."""
    seen, out = set(), []
    for prob in problems:
        key = (prob.rule, prob.message, id(prob.para), prob.section)
        if key not in seen:
            seen.add(key)
            out.append(prob)
    return out


def _order(prob: Problem) -> int:
    """Return a sort key: document/section problems first, then paragraphs, then page headers."""
    if prob.para is None:
        return -1
    return prob.para.index or 10**9


def check_files(paths, fmt: str = "text", kind: str = "auto", settings: dict | None = None) -> Report:
    """Return the ``Report`` of checking every file in ``paths`` (formatted as ``text`` or ``json``)."""
    report = collect(paths, kind, settings)
    report.output = formatted(report, fmt)
    return report


def collect(paths, kind: str = "auto", settings: dict | None = None) -> Report:
    """Return the ``Report`` of checking every file in ``paths``, its output not rendered yet
    (``formatted``: the ``check`` command adds the template lint's problems first)."""
    report = Report()
    for path in paths:
        try:
            found, detected = check_document(str(path), kind, settings)
        except reader.ReadError as exc:
            report.unreadable[str(path)] = str(exc)
            continue
        report.problems += found
        report.kinds[str(path)] = detected
    return report


def formatted(report: Report, fmt: str) -> str:
    """Return ``report``'s output: JSON when ``fmt`` is ``json``, else text (``to_text``)."""
    return to_json(report) if fmt == "json" else to_text(report)


def where(prob: Problem) -> str:
    """Return the location words of a problem: paragraph, page header or footer, or section."""
    p = prob.para
    if p is not None and p.index:
        return t("check.where.paragraph", n=p.index, excerpt=p.excerpt)
    if p is not None and p.location in (PAGE_HEADER, PAGE_FOOTER):
        return t(f"check.where.{p.location}", n=p.section + 1, excerpt=p.excerpt)
    if p is not None or prob.section:
        return t("check.where.section", n=prob.section or p.section + 1)
    return t("check.where.document")


def to_text(report: Report) -> str:
    """Return one line per problem: ``file: paragraph N ("first words…"): message [rule-id]``."""
    lines = []
    for path, why in report.unreadable.items():
        lines.append(f"{path}: {t('check.unreadable', reason=why)}")
    for prob in report.problems:
        level = "" if prob.severity == "error" else t("check.warning") + " "
        lines.append(f"{prob.file}: {where(prob)}: {level}{prob.message} [{prob.rule}]")
    return "\n".join(lines)


def to_json(report: Report) -> str:
    """Return the report as a JSON document (problems, unreadable files, detected kinds)."""
    data = {
        "problems": [p.to_dict() for p in report.problems],
        "unreadable": report.unreadable,
        "kinds": report.kinds,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
