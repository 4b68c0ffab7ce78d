"""Load a plan spec and its variables into one validated ``Plan``, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Mapping

from pydantic import ValidationError

from khcn_docs.errors import SpecError
from khcn_docs.files import read_file
from khcn_docs.i18n import t
from khcn_docs.sniff import binary_kind
from khcn_docs.spec.merges import (HEAD_REFS, dispatch_warnings, dissolved_problems, document_days,
                                   late_form_warnings, left_over_warnings, merge_warnings, parent_problems,
                                   successor_warnings, unreported_warnings)
from khcn_docs.spec.models import PlanSpec, Registry, Signers
from khcn_docs.spec.problems import Problem, display_path, problem_at, validate
from khcn_docs.spec.registry_checks import (check_registry, examples, header_name_warnings, unbroken_names,
                                            unknown_agency, wide_header_names)
from khcn_docs.spec.senders import sender_problems, signer_agency_problems
from khcn_docs.spec.signatures import name_warnings, signature_problems
from khcn_docs.spec.text_warnings import starts_marked, text_warnings
from khcn_docs.spec.yamlsrc import Source, YamlSyntaxError, load as load_yaml
from khcn_docs import vn
from khcn_docs.vn import VN_LETTERS, short_date
from khcn_docs.workdays import deadline_said

AGENCIES_FILE = "agencies.yaml"
NUMBERED_LEVELS = 3  # ND30's numbered levels (phần/mục I., khoản 1., điểm a)); below them, "-" and "+"
SIGNERS_FILE = "signers.yaml"


def _read(path: Path, problems: list[Problem], raw: bytes | None = None, digest: str | None = None) -> Source | None:
    """Return the YAML source at ``path`` (its bytes ``raw`` if already read, their sha256 ``digest``
    if already hashed), or None after adding a positioned problem."""
    if raw is None and not path.is_file():
        problems.append(Problem(display_path(path), 1, 1, "", t("spec.file_missing"),
                                t("spec.file_missing.hint", path=display_path(path))))
        return None
    try:
        source = load_yaml(path, raw, digest)
    except YamlSyntaxError as exc:
        problems.append(yaml_problem(exc))
        return None
    if not hasattr(source.data, "keys"):
        problems.append(Problem(display_path(path), 1, 1, "", t("spec.not_mapping"), t("spec.type.hint")))
        return None
    return source


def yaml_problem(exc: YamlSyntaxError) -> Problem:
    """Return the positioned problem of a file that is not YAML (or not UTF-8), in the clerk's words."""
    message, hint = t(exc.message, **exc.params), t(f"{exc.message}.hint", **exc.params)
    if exc.message not in ("spec.utf8", "spec.nul"):  # an encoding, not a YAML mistake
        message = t("spec.yaml_syntax", problem=message)
    return Problem(display_path(exc.path), exc.line, exc.column, "", message, hint)


def _parse(path: Path, model, problems: list[Problem], raw: bytes | None = None, digest: str | None = None):
    """Return (model instance or None, source or None) for the YAML file at ``path`` (``_read``)."""
    source = _read(path, problems, raw, digest)
    if source is None:
        return None, None
    if source.root is None:  # nothing but blank lines or comments: one problem, not one per missing key
        problems.append(Problem(display_path(path), 1, 1, "", t("spec.empty_file"),
                                t(f"spec.empty_file.{model.__name__}")))
        return None, source
    instance, found = validate(model, source)
    problems.extend(found)
    return instance, source


def known_key(model, digest: str) -> str:
    """Return the key of a parsed variables file in ``load_plan``'s ``known``: model name (or the
    name of what else is kept of it: ``UNBROKEN``) and sha256."""
    return f"{getattr(model, '__name__', model)}:{digest}"


UNBROKEN, WIDE = "UnbrokenNames", "WideHeaderNames"
"""What ``known`` keeps of a registry besides its model, as JSON: its names no header lines fit
(``registry_checks.unbroken_names``, some fifty layouts tried) and its header names with lines too
wide (``registry_checks.wide_header_names``, each line measured)."""


def _kept(name: str, work, registry, reg_src: Source, fresh: bool, known: Mapping[str, bytes]) -> list[tuple]:
    """Return ``work(registry)``: what ``known`` keeps of it under ``name`` for its bytes when the
    registry was read from there (not ``fresh``), else worked out now."""
    stored = None if fresh else known.get(known_key(name, reg_src.digest))
    return work(registry) if stored is None else [tuple(each) for each in json.loads(stored)]


def _bytes(path: Path) -> bytes | None:
    """Return the bytes of the file at ``path``, None when it cannot be read (not there, a folder …):
    read unbuffered, as the spec is (``read_file``: every build reads the registry and the signers)."""
    try:
        return read_file(path)
    except OSError:
        return None


def _parse_variables(path: Path, model, problems: list[Problem], known: Mapping[str, bytes], missing: bool,
                     raw: bytes | None):
    """Return (model instance or None, source or None, parsed now?) for a variables file whose bytes
    are ``raw`` (None: it could not be read): taken from ``known`` (validated JSON an earlier build
    stored under the same bytes) when it is there; nothing when it is ``missing`` (already reported)."""
    if missing:
        return None, None, True
    if raw is not None and known:
        digest = hashlib.sha256(raw).hexdigest()
        stored = known.get(known_key(model, digest))
        if stored is not None:
            try:
                return model.model_validate_json(stored), Source(path, None, digest=digest), False
            except ValidationError:  # stored by another version of the models: parse the file
                pass
    return (*_parse(path, model, problems, raw), True)


def load_plan(spec_path: Path | str, known: Mapping[str, bytes] | None = None, agencies: Path | str | None = None,
              read: tuple[bytes, str] | None = None):
    """Return the validated ``Plan`` for ``spec_path``; raise SpecError listing every problem.

    ``known`` maps ``known_key(model, sha256)`` to the registry or signers, validated and stored as
    JSON (UTF-8 bytes) by an earlier build (``parsed.py``): a variables file with the same bytes is not parsed
    again. The spec itself is always parsed. ``agencies``: a registry file read instead of the
    variables folder's ``agencies.yaml`` (``diff`` of two versions of the registry). ``read``: the
    spec's bytes and their sha256 when the caller has read them already (``build``, whose quick
    check compares that hash), parsed instead of reading the file again."""
    from khcn_docs.plan import Plan

    spec_path = Path(spec_path)
    if read is None and not spec_path.is_file():  # bytes read by the caller came from a regular file
        raise refused([missing_file(spec_path)])
    problems: list[Problem] = []
    spec, spec_src = _parse(spec_path, PlanSpec, problems, *(read or ()))
    # not readable as YAML: a .docx or a PDF picked by mistake is said as such (looked at only then)
    if spec_src is None and (other := binary_kind(spec_path)) is not None:
        raise refused([Problem(display_path(spec_path), 1, 1, "", t("spec.not_plan.file", kind=other),
                               t("spec.not_plan.hint"))])
    if spec is None and spec_src is not None and (which := variables_kind(spec_src.data)) is not None:
        raise refused([Problem(display_path(spec_path), 1, 1, "", t(f"spec.not_plan.{which}"),
                               t("spec.not_plan.hint"))])
    variables = _variables_setting(spec_src)
    var_dir = spec_path.parent / variables
    registry_path = Path(agencies) if agencies is not None else var_dir / AGENCIES_FILE
    signers_path = var_dir / SIGNERS_FILE
    reg_raw, sig_raw = _bytes(registry_path), _bytes(signers_path)
    # only a file that could not be read may be missing (a registry given as ``agencies``: said by ``_read``)
    unread = [path for path, raw in ((registry_path, reg_raw), (signers_path, sig_raw))
              if raw is None and (agencies is None or path is signers_path)]
    missing = _missing_variables(spec_path, spec_src, unread)
    problems.extend(missing)
    said = {p.file for p in missing}  # display_path resolves the path: only worth it when one is missing
    registry, reg_src, fresh = _parse_variables(registry_path, Registry, problems, known or {},
                                                bool(said) and display_path(registry_path) in said, reg_raw)
    signers, sig_src, fresh_signers = _parse_variables(signers_path, Signers, problems, known or {},
                                                       bool(said) and display_path(signers_path) in said, sig_raw)
    if registry is not None and reg_src is not None and fresh:  # a stored registry passed these checks
        problems.extend(check_registry(registry, reg_src))
    refs: list[tuple[tuple, str]] = []  # every agency or group id the spec names, where
    marked: list[tuple[tuple, str]] = []  # the body's texts starting with an emphasis mark, where
    if spec_src is not None and registry is not None:
        found, refs, marked = check_references(spec_src.data, spec_src, registry, reg_src, signers)
        problems.extend(found)
    if spec is not None and registry is not None:
        problems.extend(check_place(spec, spec_src, registry, reg_src))
    if spec is not None:
        problems.extend(check_dispatch(spec, spec_src) + check_revises(spec, spec_src) + check_years(spec, spec_src))
    if spec is not None and registry is not None and signers is not None:
        senders = sender_problems(spec, spec_src, registry, signers, SIGNERS_FILE)
        problems.extend(signature_problems(spec, spec_src, registry, signers, SIGNERS_FILE,
                                           frozenset(p.field for p in senders)) + senders)
    if registry is not None and signers is not None:
        problems.extend(signer_agency_problems(signers, sig_src, registry, registry_path))
    if problems:
        raise refused(problems)
    spec_abs, var_abs = _real_paths(spec_path, variables)
    registry_abs = os.path.join(var_abs, AGENCIES_FILE) if agencies is None else str(registry_path.resolve())
    sources = ((spec_abs, spec_src.digest), (registry_abs, reg_src.digest),
               (os.path.join(var_abs, SIGNERS_FILE), sig_src.digest))
    plan = Plan(spec=spec, registry=registry, signers=signers,
                spec_path=Path(spec_abs), variables_dir=Path(var_abs), sources=sources)
    plan.__dict__["unbroken_names"] = _kept(UNBROKEN, unbroken_names, registry, reg_src, fresh, known or {})
    plan.__dict__["wide_header_names"] = _kept(WIDE, wide_header_names, registry, reg_src, fresh, known or {})
    if not fresh and not fresh_signers:  # both read from the JSON an earlier build stored: that JSON is
        # what dumping them gives (the same code: ``parsed.known``), so it is not made again
        plan.__dict__["variables_json"] = (known[known_key(Registry, reg_src.digest)],
                                           known[known_key(Signers, sig_src.digest)])
    days = document_days(plan)  # the dispatch's date, each report year's deadline: worked out once
    gone = (dissolved_problems(plan, spec_src, days) + stray_numbers(plan, spec_src)
            + parent_problems(plan, reg_src, days) + revision_date_problems(plan, spec_src))
    if gone:
        raise refused(gone)
    # the plan checked above, not a copy: what the checks worked out (its tasks, merges, groups)
    # is then not worked out again by the build (about 0.25 ms of a one-agency rebuild)
    object.__setattr__(plan, "warnings", merge_warnings(plan, spec_src, refs)  # before anyone else sees it
                       + dispatch_warnings(plan, spec_src) + unreported_warnings(plan, spec_src)
                       + successor_warnings(plan, spec_src) + late_form_warnings(plan, spec_src)
                       + left_over_warnings(plan, spec_src)
                       + text_warnings(spec, spec_src, marked) + name_warnings(spec, signers, sig_src)
                       + header_name_warnings(reg_src, plan.wide_header_names, plan.unbroken_names))
    return plan


def _real_paths(spec_path: Path, variables: str) -> tuple[str, str]:
    """Return the real paths (links followed) of the spec and of its ``variables`` folder (from the
    spec's folder), resolving the spec's folder once: the spec is in it unless the spec is a link
    itself, and a ``variables`` of ".." steps only (the default) is that folder's parent, or
    grandparent …, as a folder with no links on the way has (each resolve reads every folder above)."""
    folder = os.path.realpath(spec_path.parent)
    spec_abs = os.path.join(folder, spec_path.name)
    if os.path.islink(spec_abs):
        spec_abs = os.path.realpath(spec_abs)
    steps = variables.split("/")
    if any(step != ".." for step in steps):  # another folder, "." or "" steps, an absolute path
        return spec_abs, os.path.realpath(spec_path.parent / variables)
    for _ in steps:
        folder = os.path.dirname(folder)
    return spec_abs, folder


def variables_kind(data) -> str | None:
    """Return ``registry`` or ``signers`` when ``data`` (a file's top-level mapping) is the agency
    registry or the signers list, not a plan (given where a plan spec is asked for; ``diff`` of two
    registries), else None: a file with ``body`` or ``document`` is a plan, however broken."""
    if not isinstance(data, dict) or "body" in data or "document" in data:
        return None
    return "registry" if "agencies" in data else "signers" if "signers" in data else None


def file_variables_kind(path: Path | str) -> str | None:
    """Return ``variables_kind`` of the file at ``path`` (``registry``, ``signers``), or None for a
    plan — or a file that cannot be read as YAML, which loading it as a plan says what is wrong with."""
    try:
        return variables_kind(load_yaml(Path(path)).data)
    except (OSError, YamlSyntaxError):
        return None


def refused(problems: list[Problem]) -> SpecError:
    """Return the error listing ``problems`` once each, in file and line order, under a header
    naming the files they are in."""
    found = sorted(set(problems))
    return SpecError([p.render() for p in found], list(dict.fromkeys(p.file for p in found)))


def missing_file(path: Path, kind: str | None = None) -> Problem:
    """Return the problem of a file that does not exist, named as what it was meant to be (``kind``:
    None for a plan spec, ``registry`` for an agency registry: ``diff --plan``), naming the files of
    that kind next to it (or saying there is none). A path that exists but is no regular file (a
    pipe, ``/dev/stdin``, a device) is said as such: the plan's variables folder is found from the
    folder of its file, so a plan is always read from a file."""
    if path.exists() and not path.is_dir():
        return Problem(display_path(path), 1, 1, "", t("spec.not_regular_file"), t("spec.not_regular_file.hint"))
    folder = path.parent if path.parent.is_dir() else Path("variables/plans" if kind is None else "variables")
    found = sorted(p for pattern in ("*.yaml", "*.yml") for p in folder.glob(pattern)
                   if p.is_file()) if folder.is_dir() else []  # a pipe named .yaml would block _looks_like
    known = [p.name for p in found if _looks_like(p) == kind]
    what = kind or "spec"
    key = f"spec.{what}_missing.hint" if known else f"spec.{what}_missing.none"
    return Problem(display_path(path), 1, 1, "", t("spec.file_missing"),
                   t(key, folder=display_path(folder), known=", ".join(known)))


def _looks_like(path: Path) -> str | None:
    """Return what the file at ``path`` is, judged cheaply from the top-level keys of its first lines
    (not parsed as YAML): None for a plan (``document`` or ``body``), ``registry``, ``signers``, or
    ``other`` (another YAML file: the holidays list, a settings file)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(_HEAD_CHARS)
    except OSError:
        return "other"
    keys = {key: None for key in _TOP_KEY.findall(head)}
    if "document" in keys or "body" in keys:
        return None
    return variables_kind(keys) or "other"


_HEAD_CHARS = 16384
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)


def _missing_variables(spec_path: Path, spec_src: Source | None, paths: list[Path]) -> list[Problem]:
    """Return a problem for each variables file that is not there, saying where the spec looked
    for it (its ``variables`` key, from its own folder) and what to write instead: a spec copied
    out of ``variables/plans/`` no longer finds ``agencies.yaml`` two folders up."""
    missing = [path for path in paths if not path.exists()]
    if not missing:
        return []
    setting = _variables_setting(spec_src)
    here = Path.cwd() / "variables"
    suggest = os.path.relpath(here, spec_path.parent) if (here / AGENCIES_FILE).is_file() else "../variables"
    return [Problem(display_path(path), 1, 1, "", t("spec.file_missing"),
                    t("spec.variables_missing.hint", spec=display_path(spec_path), name=path.name,
                      folder=display_path(path.parent), setting=setting, suggest=Path(suggest).as_posix()))
            for path in missing]


def _variables_setting(src: Source | None) -> str:
    """Return the spec's ``variables`` folder (relative to the spec), read even from an invalid spec."""
    value = _get(src.data, "variables") if src is not None else None
    return value if isinstance(value, str) and value.strip() else ".."


def check_references(data, src: Source, registry: Registry, reg_src: Source,
                     signers: Signers | None) -> tuple[list[Problem], list[tuple[tuple, str]], list[tuple[tuple, str]]]:
    """Return (problems with ids the spec uses: agencies, groups, signers, task ids; the location
    and id of every agency or group id it names, in file order: what ``merge_warnings`` reads; the
    location and text of every body ``paragraph`` and ``item`` starting with an emphasis mark, in
    file order: what ``text_warnings`` reads).

    Works on the raw YAML so that these are reported together with shape errors."""
    ref = _RefChecker(src, registry, reg_src.path, signers)
    for loc in HEAD_REFS:  # the issuer, ``reporting.via``, ``reporting.to``
        aid = _get(_get(data, loc[0]), loc[1])
        ref.agency(aid, loc)
        if isinstance(aid, str):
            ref.refs.append((loc, aid))
    ref.signer(_get(_get(data, "signature"), "signer"), ("signature", "signer"))
    ref.signer(_get(_get(_get(data, "dispatch"), "signature"), "signer"), ("dispatch", "signature", "signer"))
    ref.signer(_get(_get(_get(data, "reporting"), "signature"), "signer"), ("reporting", "signature", "signer"))
    for key in ("numbers", "dates"):  # each letter's own number, its own date: keyed by agency id
        by_agency = _get(_get(data, "dispatch"), key)
        for aid in by_agency if hasattr(by_agency, "keys") else ():
            ref.agency(aid, ("dispatch", key, aid))
    ref.children(_list(_get(data, "body")), ("body",), False, False, 0)
    return ref.problems, ref.refs, ref.marked


def check_place(spec: PlanSpec, src: Source, registry: Registry, reg_src: Source | None) -> list[Problem]:
    """Return a problem when no place can be printed before the date (NĐ30: where the body sits):
    the spec has no ``document.place`` and neither the issuer nor its parents have a ``place``
    (every document falls back to one of these when its own body has none)."""
    issuer = registry.agencies.get(spec.document.issuer)
    if spec.document.place or issuer is None or registry.place(issuer):
        return []
    where = display_path(reg_src.path) if reg_src is not None else AGENCIES_FILE
    return [problem_at(src, ("document", "issuer"), t("spec.no_place", name=issuer.name, id=spec.document.issuer),
                       t("spec.no_place.hint", id=spec.document.issuer, registry=where))]


def check_dispatch(spec: PlanSpec, src: Source) -> list[Problem]:
    """Return problems with the dispatch's numbers and date: the letters cite the plan by its number
    and date, so they cannot be numbered while the plan is a draft, nor dated before it; and each
    letter numbered on its own has its own number in the register."""
    disp, doc = spec.dispatch, spec.document
    if disp.numbered and doc.is_draft:
        where = ("dispatch", "number") if disp.number is not None else ("dispatch", "numbers")
        return [problem_at(src, where, t("spec.dispatch_before_plan"), t("spec.dispatch_before_plan.hint"))]
    if disp.date is not None and doc.date is not None and disp.date < doc.date:
        return [problem_at(src, ("dispatch", "date"),
                           t("spec.dispatch_date", date=short_date(disp.date), plan=short_date(doc.date)),
                           t("spec.dispatch_date.hint", plan=short_date(doc.date)))]
    return _own_dates(spec, src) + _shared_numbers(disp.numbers, src)


def _own_dates(spec: PlanSpec, src: Source) -> list[Problem]:
    """Return a problem at each ``dispatch.dates`` entry dated before the plan (the letter cites it,
    as ``dispatch.date``) or before the batch (``dispatch.date``: a letter sent apart is one to an
    agency given a task after the batch was sent, so it cannot be older than the batch)."""
    disp, doc = spec.dispatch, spec.document
    problems = []
    for aid, day in disp.dates.items():
        if doc.date is not None and day < doc.date:
            problems.append(problem_at(src, ("dispatch", "dates", aid),
                                       t("spec.dispatch_date", date=short_date(day), plan=short_date(doc.date)),
                                       t("spec.dispatch_date.hint", plan=short_date(doc.date))))
        elif disp.date is not None and day < disp.date:
            problems.append(problem_at(src, ("dispatch", "dates", aid),
                                       t("spec.dispatch_dates_before_batch", id=aid, date=short_date(day),
                                         batch=short_date(disp.date)),
                                       t("spec.dispatch_dates_before_batch.hint", id=aid, batch=short_date(disp.date))))
    return problems


def _shared_numbers(numbers: Mapping[str, int], src: Source) -> list[Problem]:
    """Return a problem at each ``dispatch.numbers`` entry whose number an earlier entry already has:
    two letters with one number in the register (a number shared by every letter is ``number``)."""
    first: dict[int, str] = {}
    problems = []
    for aid, number in numbers.items():
        if number in first:
            line = src.position(("dispatch", "numbers", first[number]))[0]
            problems.append(problem_at(src, ("dispatch", "numbers", aid),
                                       t("spec.shared_number", number=number, first=first[number], line=line),
                                       t("spec.shared_number.hint", id=aid)))
        first.setdefault(number, aid)
    return problems


def check_years(spec: PlanSpec, src: Source) -> list[Problem]:
    """Return a problem when ``reporting.years`` lists a year before the plan's first report (a
    year before it was issued, or one whose deadline is not after its date): such a report form,
    and the reminders chasing it, would ask for a report due before the plan existed."""
    first, years = spec.first_report_year, spec.reporting.years
    early = [year for year in years if year < first]
    if not early:
        return []
    listed = _get(_get(src.data, "reporting"), "years")
    at = next((n for n, year in enumerate(listed) if year in early), None) if isinstance(listed, list) else None
    kept = [year for year in years if year >= first] or [first]
    return [problem_at(src, ("reporting", "years") + ((at,) if at is not None else ()),
                       t("spec.years_early", years=", ".join(map(str, early)), issued=plan_issued(spec),
                         first=first, deadline=deadline_said(spec.reporting.deadline(first))),
                       t("spec.years_early.hint", years=", ".join(map(str, early)),
                         suggest=", ".join(map(str, kept))))]


def plan_issued(spec: PlanSpec) -> str:
    """Return when the plan was issued, as a clerk says it: ``ban hành ngày 20/12/2024``, or the
    year of a draft (``ban hành năm 2024``)."""
    doc = spec.document
    return t("plan.issued_on", date=short_date(doc.date)) if doc.date else t("plan.year_of", year=doc.issue_year)


def check_revises(spec: PlanSpec, src: Source) -> list[Problem]:
    """Return a problem when ``revises`` names a file that is not there, or the spec itself, or
    when following it meets what ``first_version`` refuses (the versions loop: ``revises_chain``)."""
    if spec.revises is None:
        return []
    target = src.path.parent / spec.revises
    if not target.is_file():
        return [_revises_missing(src, target)]
    if target.resolve() == src.path.resolve():
        return [problem_at(src, ("revises",), t("spec.revises_self"), t("spec.revises_self.hint"))]
    return revises_chain(src.path)[1]


def _revises_missing(src: Source, target: Path) -> Problem:
    """Return the problem of a ``revises`` in ``src`` naming ``target``, which is not there."""
    return problem_at(src, ("revises",), t("spec.revises_missing", path=display_path(target)),
                      t("spec.revises_missing.hint"))


def first_version(spec_path: Path) -> Path:
    """Return the spec of the plan's first version: ``revises`` followed from ``spec_path``
    (``revises_chain``); raise SpecError, at the key, when one names a file that is not there or
    not a plan, or the versions loop."""
    first, problems = revises_chain(spec_path)
    if problems:
        raise refused(problems)
    return first


def revises_chain(spec_path: Path) -> tuple[Path | None, list[Problem]]:
    """Return (the spec of the plan's first version, []) following ``revises`` from ``spec_path``
    (each revision names the plan it amends, from its own folder) to the spec that amends none; or
    (None, the problem, at the key) when one names a file that is not there or not a plan, or the
    versions loop. The one check of the chain every command makes (``load_plan``, tracking)."""
    chain, named_by, first = [Path(spec_path).resolve()], None, None
    while True:
        problems: list[Problem] = []
        src = _read(chain[-1], problems)
        if src is None:
            return None, problems
        first = first or src
        if named_by is not None and not all(key in src.data for key in ("document", "body")):
            return None, [problem_at(named_by, ("revises",), t("spec.revises_not_plan", path=display_path(chain[-1])),
                                     t("spec.revises_missing.hint"))]
        target = _get(src.data, "revises")
        if not isinstance(target, str) or not target.strip():
            return chain[-1], []
        earlier = (chain[-1].parent / target).resolve()
        if earlier in chain:
            return None, [_revises_loop(chain, earlier, first, src)]
        if not earlier.is_file():
            return None, [_revises_missing(src, earlier)]
        chain.append(earlier)
        named_by = src


def _revises_loop(chain: list[Path], earlier: Path, first: Source, last: Source) -> Problem:
    """Return the problem of the versions loop ``chain`` closes by naming ``earlier`` again: at the
    ``revises`` of the spec being read (``first``) when the loop goes through it, else at the
    ``revises`` of ``last``, the spec that closes the loop further on."""
    loop = " → ".join(display_path(p) for p in [*chain[chain.index(earlier):], earlier])
    if earlier == chain[0]:
        return problem_at(first, ("revises",), t("spec.revises_loop", chain=loop), t("spec.revises_loop.here_hint"))
    return problem_at(last, ("revises",), t("spec.revises_loop", chain=loop), t("spec.revises_loop.hint"))


def revisions_of(spec_path: Path) -> list[Path]:
    """Return the plan specs in ``spec_path``'s folder (.yaml, .yml) whose ``revises`` names it,
    sorted: the revisions of that plan kept beside it, as ``revises`` examples show. A file that
    does not read as YAML is passed over (it amends nothing until it does)."""
    spec_path = Path(spec_path).resolve()
    found = []
    for path in sorted(spec_path.parent.iterdir()):
        if path == spec_path or path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
            continue
        if b"revises" not in path.read_bytes():  # most files: not parsed at all
            continue
        src = _read(path, [])
        target = _get(src.data, "revises") if src is not None else None
        if isinstance(target, str) and target.strip() and (path.parent / target).resolve() == spec_path:
            found.append(path)
    return found


def written_date(spec_path: Path) -> dt.date | str | None:
    """Return ``document.date`` as written in the spec at ``spec_path``, read without loading the
    plan: the date, or the text when it does not read as one; None when unsaid (a draft) or the
    file does not read as YAML."""
    src = _read(Path(spec_path), [])
    value = _get(_get(src.data, "document"), "date") if src is not None else None
    if value is None or isinstance(value, dt.date) or not str(value).strip():
        return value or None
    try:
        return vn.parse_date(str(value)) or str(value)
    except ValueError:  # a day that does not exist, a year not of four digits
        return str(value)


def revision_date_problems(plan, src: Source) -> list[Problem]:
    """Return a problem at ``document.date`` of a revision issued before the plan it amends
    (``revises``) was: both issued, the revision's date earlier. A draft on either side has no date
    to compare; an amended plan that does not load is said when it is loaded (``Plan.amended``)."""
    doc = plan.spec.document
    if plan.spec.revises is None or doc.is_draft:
        return []
    try:
        old = plan.amended
    except SpecError:
        return []
    if old.spec.document.is_draft or doc.date >= old.spec.document.date:
        return []
    params = {"date": short_date(doc.date), "original": short_date(old.spec.document.date),
              "number": old.spec.document.number, "path": display_path(old.spec_path)}
    return [problem_at(src, ("document", "date"), t("spec.revises_earlier", **params),
                       t("spec.revises_earlier.hint", **params))]


def stray_numbers(plan, src: Source) -> list[Problem]:
    """Return a problem for each ``dispatch.numbers`` entry naming an agency that gets no dispatch
    letter from this plan (no task at the plan's date, the sender itself, or an id merged away:
    the letter goes to the body that took over, under that body's id; or a body formed after the
    dispatch's date: the letters go to the bodies it is formed from)."""
    from khcn_docs.documents.cong_van_trien_khai import addressees, dispatched

    letters, view = set(addressees(plan)), dispatched(plan)
    return [_not_formed(src, view, aid, letters) or
            problem_at(src, ("dispatch", "numbers", aid), t("spec.stray_number", id=aid), _stray_hint(view, aid, letters))
            for aid in plan.spec.dispatch.numbers if aid not in letters]


def _not_formed(src: Source, view, aid: str, letters: set[str]) -> Problem | None:
    """Return the problem of a letter number for ``aid`` when that body is formed only after the
    dispatch's date (Sở Nông nghiệp và Môi trường, from 01/3/2025, numbered in a dispatch of
    25/02/2025), naming the bodies it is formed from that get letters then; None otherwise."""
    formed = view.not_yet(aid) if aid in view.registry.agencies else None
    if formed is None:
        return None
    then = view.at(formed)
    before = [other for other in sorted(letters, key=view.position) if then.current_id(other) == aid]
    hint = (t("spec.stray_number.not_yet.hint", id=aid, before=", ".join(f"“{b}” ({view.agency(b).name})" for b in before))
            if before else t("spec.stray_number.hint", known=examples(letters)))
    return problem_at(src, ("dispatch", "numbers", aid),
                      t("spec.stray_number.not_yet", id=aid, name=view.agency(aid).name, formed=short_date(formed),
                        day=short_date(view.spec.dispatch.date or view.as_of)), hint)


def _stray_hint(view, aid: str, letters: set[str]) -> str:
    """Return what to write instead of a letter number for ``aid``: the id of the body that took it
    over by the dispatch's date when that body gets a letter, else a few ids that do."""
    new = view.current_id(aid) if aid in view.registry.agencies else aid
    if new != aid and new in letters:
        return t("spec.stray_number.successor", id=aid, new=new, name=view.agency(new).name)
    return t("spec.stray_number.hint", known=examples(letters))


def _get(mapping, key):
    """Return ``mapping[key]`` when ``mapping`` is a mapping holding it, else None."""
    return mapping.get(key) if hasattr(mapping, "get") else None


def _list(value) -> list:
    """Return ``value`` if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


class _RefChecker:
    """Walks the raw spec once, collecting reference problems (one method per concern) and the
    body texts starting with an emphasis mark (``text_warnings`` looks at them alone)."""

    def __init__(self, src: Source, registry: Registry, reg_path: Path, signers: Signers | None):
        self.src, self.registry, self.reg_path, self.signers = src, registry, reg_path, signers
        self.agencies, self.groups = registry.agencies, registry.groups  # read once: a model's field costs a call
        self.problems: list[Problem] = []
        self.task_locs: dict[str, tuple] = {}  # task id -> where it first appears
        self.refs: list[tuple[tuple, str]] = []  # (location, id) of each agency or group id named
        self.marked: list[tuple[tuple, str]] = []  # (location, text) of each body text starting with a mark

    @property
    def reg_name(self) -> str:
        """Return the registry's path as messages show it (only a problem needs it)."""
        return display_path(self.reg_path)

    def agency(self, aid, loc: tuple, groups_ok: bool = False) -> None:
        if not isinstance(aid, str) or aid in self.agencies or (groups_ok and aid in self.groups):
            return
        self.problems.append(unknown_agency(self.src, loc, aid, self.registry, self.reg_name, groups_ok))

    def signer(self, sid, loc: tuple) -> None:
        if self.signers is None or not isinstance(sid, str) or sid in self.signers.signers:
            return
        names = SIGNERS_FILE
        self.problems.append(problem_at(self.src, loc, t("spec.unknown_signer", got=sid, signers=names),
                                        t("spec.unknown_signer.hint", signers=names, examples=examples(self.signers.signers))))

    def children(self, nodes: list, loc: tuple, inherited: bool, inherited_lead: bool, numbered: int,
                 bulleted: bool = False) -> bool:
        """Check ``nodes`` (one list of siblings under ``numbered`` numbered headings, and under a
        bullet ``item`` when ``bulleted``): each node, that lettered points a) … y) do not run past
        the 23 letters of the alphabet, and that no numbered node sits under a lettered point (ND30
        numbers three levels: I., 1., a)) or under a bullet (a numbered level below "-"). A node
        that is no mapping has nothing to check here (the model says what it is). Return True when
        a task is among them or under them."""
        count, tasks = 0, False
        for i, node in enumerate(nodes):
            if not isinstance(node, dict):
                continue
            # ``section`` or ``point``, the nodes that take a number (I., 1., a)), or None (read inline: every node)
            kind = "section" if node.get("section") is not None else "point" if node.get("point") is not None else None
            if kind is not None:
                count += 1
                if bulleted or numbered >= NUMBERED_LEVELS:
                    key = "spec.numbered_under_item" if bulleted else "spec.numbered_too_deep"
                    self.problems.append(problem_at(self.src, loc + (i, kind), t(key, kind=kind),
                                                    t(f"{key}.hint", kind=kind)))
                if numbered >= NUMBERED_LEVELS - 1 and count == len(VN_LETTERS) + 1:  # lettered points
                    self.problems.append(problem_at(self.src, loc + (i,),
                                                    t("spec.too_many_letters", count=len(VN_LETTERS)),
                                                    t("spec.too_many_letters.hint")))
            below = numbered + (kind is not None)
            tasks = self.node(node, loc + (i,), inherited, inherited_lead, below, bulleted) or tasks
        return tasks

    def node(self, node: dict, loc: tuple, inherited: bool, inherited_lead: bool = False, numbered: int = 0,
             bulleted: bool = False) -> bool:
        """Check the body node ``node`` (a mapping) and what is under it, noting its text when it
        starts with an emphasis mark; return True when it is a task or has one under it (agencies
        named where no task is are said here, once the walk below has told)."""
        own = False
        for role in ("lead", "support"):
            value = node.get(role)
            if value is None:
                continue
            if not isinstance(value, list):  # ``lead: so-tttt``: said by the model check
                own = True
                continue
            for i, aid in enumerate(value):
                own = True
                if isinstance(aid, str):
                    where = loc + (role, i)
                    self.agency(aid, where, True)  # a group may lead or support
                    self.refs.append((where, aid))
        has_agencies = inherited or own
        field, text = "item", node.get("item")  # wholly in emphasis? (``text_warnings``, when the spec is valid:
        if text is None:  # a node is then one of section, point, item, paragraph)
            field, text = "paragraph", node.get("paragraph")
        if isinstance(text, str) and "*" in text and starts_marked(text):  # most texts have no mark at all
            self.marked.append((loc + (field,), text))
        has_lead = node.get("lead") not in (None, []) if own else inherited_lead
        task = node.get("task")
        if task is not None:
            self.task(task, loc, has_agencies)
            if has_agencies and not has_lead:
                self.problems.append(problem_at(self.src, loc + ("task",), t("spec.no_lead", got=task),
                                                t("spec.no_lead.hint")))
        tasks = False
        children = node.get("children")
        if children and isinstance(children, list):  # most nodes have none: no call
            tasks = self.children(children, loc + ("children",), has_agencies, has_lead, numbered,
                                  bulleted or field == "item")
        if own and task is None and not tasks:
            role = "lead" if node.get("lead") else "support"
            self.problems.append(problem_at(self.src, loc + (role,), t("spec.agency_without_task"),
                                            t("spec.agency_without_task.hint")))
        return task is not None or tasks

    def task(self, task, loc: tuple, has_agencies: bool) -> None:
        task_id = str(task)
        if task_id in self.task_locs:
            first = self.src.position(self.task_locs[task_id])[0]
            self.problems.append(problem_at(self.src, loc + ("task",), t("spec.duplicate_task", got=task_id, first=first),
                                            t("spec.duplicate_task.hint")))
        else:
            self.task_locs[task_id] = loc + ("task",)
        if not has_agencies:
            self.problems.append(problem_at(self.src, loc + ("task",), t("spec.task_without_agency", got=task_id),
                                            t("spec.task_without_agency.hint")))
