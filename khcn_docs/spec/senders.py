"""Checks that the letters a body sends are that body's: signed by its people, numbered by its units.

The dispatch letters go out in the name of their sender (``dispatch.sender``: the monitor,
``reporting.via``, or the issuer), the reminders in the monitor's. Each prints the sender's header,
so what else they print is the sender's too:

- the signer of ``dispatch.signature`` (and of ``reporting.signature``, the reminders'): a signer
  whose ``agency`` in ``signers.yaml`` is another body on the letters' day (``letters_days``: the
  dispatch's date, the plan's while undated) is refused; the reminders, dated only by ``remind``,
  load when their signer is right on some day one can be dated (``letters_days``: the plan's, or
  the day of a later merger), and ``remind`` checks it at the letter's date
  (``reminder_signer_problem``); the issuer's letters with no ``dispatch.signature`` print the
  plan's block, refused for letters printed by another body than the plan's (the issuer merged in
  between) when its signer was not of that body at the plan's date (``_plans_block_on_the_letters``);
  so is a block with no ``KT./TL./TUQ./Q.`` (the head signs) whose
  signer's own title is not the sender's ``head_title`` (a director of a Sở signing for a People's
  Committee headed by its ``CHỦ TỊCH``);
- ``dispatch.unit``, printed in the ký hiệu (``Số: 45/UBND-KGVX``) and ``Lưu: VT, KGVX.``: one of
  the sender's ``units`` in the registry, when it lists any; unsaid, the sender's first unit, and
  a sender listing no units (other than the issuer: the plan's ``drafting_unit``) is refused there.

The plan is its issuer's the same way (the body ``document.issuer`` stands for at the plan's date,
merges followed: the header it prints): ``document.drafting_unit``, printed in ``Lưu: VT, KGVX.``,
is one of that body's ``units`` when it lists any; the signer of its ``signature``, when their
``agency`` is said, is of that body at that date (a signer of the Sở the issuer merged into signs
for it after the merger, not before), and, signing as the head (``TM. ỦY BAN NHÂN DÂN`` over
``CHỦ TỊCH``, or no authority line at all), holds its ``head_title``. One rule, ``_same_body`` at
a day, decides whose a signer is for the plan and the letters alike.

And each ``agency`` of ``signers.yaml`` is a body of the registry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable, NamedTuple

from khcn_docs import vn
from khcn_docs.i18n import t
from khcn_docs.spec.models import PlanSpec, Registry, Signature, Signers
from khcn_docs.spec.problems import Problem, did_you_mean, display_path, problem_at
from khcn_docs.spec.registry_checks import examples, unknown_agency
from khcn_docs.spec.signatures import DEPUTY_TITLES, reread, sender_id
from khcn_docs.spec.yamlsrc import Source


def sender_problems(spec: PlanSpec, src: Source, registry: Registry, signers: Signers,
                    signers_file: str) -> list[Problem]:
    """Return a problem at the ``signer`` of each signature block signed by someone not of the body
    it signs for: the sender's letters (``dispatch``, ``reporting``) on every day they can be dated
    (``letters_days``), the plan at its date for the body issuing it (``_issuing_body``); and at
    ``dispatch.unit`` and ``document.drafting_unit`` when not one of that body's units."""
    issuing, sender, printed = _issuing_body(spec, registry), sender_id(spec), _printed_sender(spec, registry)
    blocks = [_letters_block(spec, registry, signers_file, key, sig, body)
              for key, sig, body in [("dispatch", spec.dispatch.signature, sender),
                                     ("reporting", spec.reporting.signature, spec.reporting.via)]
              if sig is not None and body in registry.agencies]
    if issuing is not None:
        blocks.append(_Block(("signature", "signer"), spec.signature, spec.document.issuer, (spec.document.as_of,),
                             ("spec.plan_signer", "spec.plan_signer.head"), lambda: {"issued": _plan_issued(spec)}))
    if (taken := _plans_block_on_the_letters(spec, registry, issuing, printed)) is not None:
        blocks.append(taken)
    return ([found for block in blocks if (found := _block_problem(src, block, registry, signers, signers_file))]
            + _unit_problems(src, ("dispatch", "unit"), spec.dispatch.unit, printed, registry, "spec.sender.unit",
                             sender=spec.dispatch.sender)
            + _unit_problems(src, ("document", "drafting_unit"), spec.document.drafting_unit, issuing, registry,
                             "spec.drafting_unit")
            + _no_unit_problems(spec, src, registry, printed))


class _Block(NamedTuple):
    """A signature block to check the signer of."""

    loc: tuple[str, ...]        # where its signer is written
    sig: Signature
    body: str                   # the body it signs for, as written (merges followed at each day)
    days: tuple[dt.date, ...]   # the days it is read at: right on one of them is right
    keys: tuple[str, str]       # the messages (each with its ``.hint``): another body's signer, not the head
    words: Callable[[], dict]   # what those messages say besides the signer and the body: worded for a problem only


def _plan_issued(spec: PlanSpec) -> str:
    """Return when the plan was issued, as its signer's messages say it (``load.plan_issued``)."""
    from khcn_docs.spec.load import plan_issued  # load imports this module

    return plan_issued(spec)


def _letters_block(spec: PlanSpec, registry: Registry, signers_file: str, key: str, sig: Signature, body: str,
                   dated: dt.date | None = None) -> _Block:
    """Return the block ``sig`` of the letters of ``key`` (``dispatch``, ``reporting``) ``body``
    sends: read on ``letters_days``, or only on ``dated`` (the reminders ``remind`` dates, the day
    said in the message)."""
    days = (dated,) if dated is not None else tuple(letters_days(spec, registry, key))
    return _Block((key, "signature", "signer"), sig, body, days, ("spec.sender.signer", "spec.sender.head"),
                  lambda: {"what": _what(spec, key, dated), "alt": _alternative(spec, key, signers_file)})


def _plans_block_on_the_letters(spec: PlanSpec, registry: Registry, issuing: str | None,
                                printed: str | None) -> _Block | None:
    """Return the plan's ``signature`` as the block of the issuer's dispatch letters that write none
    of their own (``per_agency.sender_signature`` prints the plan's), when the body printed as their
    sender (``printed``) is no longer the one issuing the plan (``issuing``): Sở TT&TT's plan of
    20/02/2025 sent on 05/3/2025 as Sở KH&CN's letters, after the merger of 01/3/2025. The block was
    signed at the plan's date, so it is read then, for ``printed``: its signer must have been of the
    sending body when they signed (Sở TT&TT's director was not Sở KH&CN's; a body only renamed since
    is the same body). None otherwise: letters sent before the merger, or by the same body, print
    the plan's block as the plan does, and it is checked once, as the plan's."""
    disp = spec.dispatch
    if disp.sender != "issuer" or disp.signature is not None or None in (issuing, printed) or printed == issuing:
        return None
    day = letters_days(spec, registry, "dispatch")[0]
    params = {"date": vn.short_date(day), "issuer": vn.nfc(registry.agencies[issuing].name), "issuer_id": issuing,
              "merged": vn.short_date(registry.agencies[issuing].merged_on)}
    return _Block(("dispatch", "signature"), spec.signature, printed, (spec.document.as_of,),
                  ("spec.sender.plans_block", "spec.sender.plans_block.head"), lambda: params)


def letters_days(spec: PlanSpec, registry: Registry, key: str) -> list[dt.date]:
    """Return the days, earliest first, the registry is read at for the signer of the letters of
    block ``key``: the dispatch's date (the plan's, ``as_of``, while the letters are undated) for
    ``dispatch``; for ``reporting`` (the reminders, dated only when ``remind`` writes them, maybe
    after a merger) the plan's date and each later day a merger is made: one of these days is like
    every day a reminder can be dated."""
    first = spec.dispatch.date or spec.document.as_of if key == "dispatch" else spec.document.as_of
    if key == "dispatch":
        return [first]
    merges = {a.merged_on for a in registry.agencies.values() if a.merged_on is not None and a.merged_on > first}
    return [first, *sorted(merges)]


def _block_problem(src: Source, block: _Block, registry: Registry, signers: Signers,
                   signers_file: str) -> Problem | None:
    """Return the problem of ``block`` when it is wrong on every one of its days, worded at the
    first; None when it is right on one of them."""
    found = [_signer_problem(src, block, day, registry, signers, signers_file) for day in block.days]
    return None if None in found else found[0]


def reminder_signer_problem(spec: PlanSpec, src: Source, registry: Registry, signers: Signers,
                            signers_file: str, day: dt.date) -> Problem | None:
    """Return the problem of ``reporting.signature`` on the reminders dated ``day``: its signer not
    of the body sending them that day (the monitor, merges followed), or signing as the head
    without its title; the hint names the first later day it is right on, if any. None when it is
    right, or there is no such block."""
    sig, body = spec.reporting.signature, spec.reporting.via
    if sig is None or body not in registry.agencies:
        return None
    block = _letters_block(spec, registry, signers_file, "reporting", sig, body, dated=day)
    found = _block_problem(src, block, registry, signers, signers_file)
    if found is None:
        return None
    later = [d for d in letters_days(spec, registry, "reporting") if d > day
             and _signer_problem(src, block, d, registry, signers, signers_file) is None]
    if not later:
        return found
    shown = registry.current_id(body, day)  # no signer of it yet: none was named above
    key = "spec.sender.until" if _members(signers, registry, body, day) else "spec.sender.until.none"
    until = t(key, signer=sig.signer, date=vn.short_date(later[0]), id=shown,
              name=vn.nfc(registry.agencies[shown].name), signers=signers_file)
    return dataclasses.replace(found, hint=found.hint + until)


def _signer_problem(src: Source, block: _Block, day: dt.date, registry: Registry, signers: Signers,
                    signers_file: str) -> Problem | None:
    """Return the problem of ``block`` read at ``day``: its signer of another body (``agency``, a
    body of the registry) than the one ``block.body`` is that day, or signing as the head (no
    authority) without the head's title; None when right, or the signer is unknown (reported as such).
    When ``signers.yaml`` has nobody of that body, the hint says to add one (``.hint.none``)."""
    signer = signers.signers.get(block.sig.signer)
    if signer is None:
        return None
    shown = registry.current_id(block.body, day)  # the body whose header the document prints
    agency, title = registry.agencies[shown], vn.upper(signer.title).strip()
    head = vn.upper(agency.head_title).strip()
    other_body = signer.agency in registry.agencies and not _same_body(registry, signer.agency, block.body, day)
    if not other_body and not _signs_as_other_head(block.sig, title, head):
        return None  # the common case: no message to word
    ours = _members(signers, registry, block.body, day)
    params = {"signer": block.sig.signer, "signers": signers_file, "name": vn.nfc(agency.name), "id": shown,
              "title": title, "head": head, "ours": examples(ours), "first": min(ours, default=""), **block.words()}
    key = block.keys[0] if other_body else block.keys[1]
    other = vn.nfc(registry.agencies[signer.agency].name) if other_body else ""
    hint = f"{key}.hint" if ours or not other_body else f"{key}.hint.none"  # nobody of that body to name: add one
    return problem_at(src, block.loc, t(key, other=other, **params), t(hint, other=other, **params))


def _what(spec: PlanSpec, key: str, day: dt.date | None) -> str:
    """Return the letters of block ``key`` as a message names them, with their date ``day`` when
    one is given (the reminders ``remind`` dates)."""
    if day is not None:
        return t("spec.sender.reporting.dated", date=vn.short_date(day))
    return t(f"spec.sender.{key}", sender=spec.dispatch.sender)


def _signs_as_other_head(sig: Signature, title: str, head: str) -> bool:
    """Return True when ``sig``, with no ``KT./TL./TUQ./Q.``, signs as the head (``TM.`` or not)
    someone whose own ``title`` is not the body's ``head`` title; a deputy's title is left to
    ``signatures`` (a deputy signs KT.)."""
    return not sig.authority and not title.startswith(DEPUTY_TITLES) and title != head


def _alternative(spec: PlanSpec, key: str, signers_file: str) -> str:
    """Return what a block at ``key`` falls back to when left out, as a hint says it."""
    which = "reporting" if key == "reporting" else spec.dispatch.sender
    return t(f"spec.sender.alt.{which}", signers=signers_file)


def _members(signers: Signers, registry: Registry, body: str, day: dt.date) -> list[str]:
    """Return the ids of the signers of ``signers.yaml`` said to be of ``body`` at ``day``."""
    return [sid for sid, s in signers.signers.items() if _same_body(registry, s.agency, body, day)]


def _same_body(registry: Registry, one: str, other: str, day: dt.date) -> bool:
    """Return True when ``one`` and ``other`` are one body at ``day`` (``_body_on``): the same id,
    one merged into the other by then, or one renamed as the other (a signer written under the old
    id of their Sở); a signer of the body another merges into later is not yet of it. ``one`` not
    in the registry is no body of it (reported in signers.yaml)."""
    return one in registry.agencies and _body_on(registry, one, day) == _body_on(registry, other, day)


def _unit_problems(src: Source, loc: tuple[str, ...], unit: str | None, body: str | None, registry: Registry,
                   key: str, **params: str) -> list[Problem]:
    """Return a problem at ``loc`` (message ``key`` and its ``.hint``, ``params`` added) when
    ``body`` lists its ``units`` and ``unit`` is not one of them, the hint guessing the one meant;
    none when ``unit`` or ``body`` is None (unsaid, or a body reported as unknown or dissolved)."""
    units = registry.agencies[body].units if body is not None else {}
    if unit is None or not units or unit in units:
        return []
    listed = ", ".join(f"{code} ({name})" for code, name in units.items())
    said = {"unit": unit, "name": vn.nfc(registry.agencies[body].name), "id": body, "units": listed,
            "first": next(iter(units)), **params}
    return [problem_at(src, loc, t(key, **said), did_you_mean(unit, units) + t(f"{key}.hint", **said))]


def _no_unit_problems(spec: PlanSpec, src: Source, registry: Registry, body: str | None) -> list[Problem]:
    """Return a problem at ``dispatch.unit`` when it is unsaid and ``body``, the one printed as the
    letters' sender (``_printed_sender``: the monitor or the issuer on the letters' day, merges
    followed), lists no ``units``: nothing says the drafting unit of its ký hiệu and "Lưu" line. None
    for the issuer, whose letters take the plan's ``drafting_unit``, nor for a body reported as unknown."""
    if spec.dispatch.unit is not None or body is None:
        return []
    issuer = spec.document.issuer
    if issuer in registry.agencies and body == registry.current_id(issuer, letters_days(spec, registry, "dispatch")[0]):
        return []
    agency = registry.agencies[body]
    if agency.units:
        return []
    said = {"name": vn.nfc(agency.name), "id": body, "abbr": agency.abbreviation, "sender": spec.dispatch.sender}
    return [problem_at(src, ("dispatch", "unit"), t("spec.sender.no_units", **said),
                       t("spec.sender.no_units.hint", **said))]


def _printed_sender(spec: PlanSpec, registry: Registry) -> str | None:
    """Return the id of the body printed as the dispatch letters' sender: ``sender_id`` (the monitor
    or ``document.issuer``, as written) with merges followed on the letters' day (``letters_days``:
    the dispatch's date, else the plan's), as ``cong_van_trien_khai.dispatched`` reads it (a plan of
    Sở TT&TT sent after it merged into Sở KH&CN: Sở KH&CN's letters, its units); None when the
    sender is unknown or dissolved by then (each reported as such)."""
    sender, day = sender_id(spec), letters_days(spec, registry, "dispatch")[0]
    if sender not in registry.agencies or registry.dissolved(sender, day):
        return None
    return registry.current_id(sender, day)


def _issuing_body(spec: PlanSpec, registry: Registry) -> str | None:
    """Return the id of the body the plan is issued in the name of at its date (``document.issuer``,
    merges followed: the header it prints); None when the issuer is unknown or dissolved by then
    (each reported as such, the dissolution once the plan is made)."""
    doc = spec.document
    if doc.issuer not in registry.agencies or registry.dissolved(doc.issuer, doc.as_of):
        return None
    return registry.current_id(doc.issuer, doc.as_of)


def _body_on(registry: Registry, agency_id: str, day) -> str:
    """Return the id of the body ``agency_id`` is at ``day``: merges made by then followed; a body
    renamed only after ``day`` (its ``renamed_from`` entry merged into it later) is its old entry
    then, the same body under the name it had."""
    seen = {agency_id}
    while registry.not_yet(agency_id, day) and (old := registry.agencies[agency_id].renamed_from) not in seen:
        seen.add(agency_id := old)
    return registry.current_id(agency_id, day)


def signer_agency_problems(signers: Signers, src: Source, registry: Registry, reg_path) -> list[Problem]:
    """Return a problem at each ``agency`` of ``signers.yaml`` (``src``) that is no body of ``registry``."""
    wrong = [(sid, s.agency) for sid, s in signers.signers.items() if s.agency and s.agency not in registry.agencies]
    if wrong and src.root is None:  # stored by an earlier build: read again for the lines
        src = reread(src)
    return [unknown_agency(src, ("signers", sid, "agency"), aid, registry, display_path(reg_path))
            for sid, aid in wrong]
