"""Checks of the signature blocks the tool prints against the signer's own title (ND30, ô 7a/7b).

A spec's ``signature`` (the plan; the issuer's letters), ``dispatch.signature`` (the dispatch
letters of their sender, and the reminders when the monitor sends them) and ``reporting.signature``
(the reminders) each name a signer from ``signers.yaml``, whose own title is printed under the
authority line. Two combinations print a block ND30 does not allow:

- an authority (``KT.``, ``TL.``, ``TUQ.``, ``Q.``) before the signer's own title: one signs for
  the head, so one's title is not the head's (``KT. CHỦ TỊCH`` over ``CHỦ TỊCH``);
- a deputy (``DEPUTY_TITLES``) signing with no authority: a deputy signs for the head
  (``KT. GIÁM ĐỐC`` over ``PHÓ GIÁM ĐỐC``), never in the head's place.

The report form's block (``per_agency.head_signature``) is the head's own title with a blank name,
so it has nothing to check.

The name of a signer a block prints is also looked at as the checker's ``signature`` rule reads it
(ô 7b: normal case, no academic or courtesy title before it): what it would reject is a warning at
the name's line of ``signers.yaml``, as ``text_warnings`` warns of spec text it would reject.
"""

from __future__ import annotations

from khcn_docs import vn
from khcn_docs.i18n import t
from khcn_docs.names import CASE_FAULTS, mended, name_faults
from khcn_docs.spec.models import PlanSpec, Registry, Signature, Signers
from khcn_docs.spec.problems import Problem, problem_at, warning_at
from khcn_docs.spec.yamlsrc import Source, YamlSyntaxError

DEPUTY_TITLES = ("PHÓ ", "THỨ TRƯỞNG")  # a title starting so is a deputy's (cấp phó)


def sender_id(spec: PlanSpec) -> str:
    """Return the id, as the spec writes it, of the body that sends the dispatch letters."""
    return spec.document.issuer if spec.dispatch.sender == "issuer" else spec.reporting.via


def signature_problems(spec: PlanSpec, src: Source, registry: Registry, signers: Signers,
                       signers_file: str, said: frozenset[str] = frozenset()) -> list[Problem]:
    """Return a problem, at its ``signer`` line (``head_title`` when that holds a deputy's title),
    for each signature block of the spec that prints the signer's own title under the head's
    title, or a deputy's title with no ``KT.``; none for a block whose signer is ``said`` (the
    field, ``dispatch.signature.signer``) to be of another body (``senders``): advising a deputy
    of another body to sign KT. for the sender's head would be wrong, and one error is clearer."""
    sender = sender_id(spec)
    blocks = [(loc, sig, aid) for loc, sig, aid in ((("signature",), spec.signature, spec.document.issuer),
                                                    (("dispatch", "signature"), spec.dispatch.signature, sender),
                                                    (("reporting", "signature"), spec.reporting.signature,
                                                     spec.reporting.via)) if sig is not None]
    problems = []
    for loc, sig, agency_id in blocks:
        signer = signers.signers.get(sig.signer)
        if signer is None or ".".join(loc + ("signer",)) in said:  # reported as an unknown signer, or another body's
            continue
        head = registry.agencies[agency_id].head_title if agency_id in registry.agencies else None
        found = _problem(sig, vn.upper(signer.title).strip(), head, signers_file)
        if found is not None:
            field, message, hint = found
            problems.append(problem_at(src, loc + (field,), message, hint))
    return problems


def _problem(sig: Signature, title: str, head: str | None, signers_file: str) -> tuple[str, str, str] | None:
    """Return (field to fix, message, hint) when ``sig``, signed by someone whose own title is
    ``title`` for an agency headed by a ``head``, is a block ND30 does not allow; else None."""
    params = {"signer": sig.signer, "title": title, "signers": signers_file}
    if sig.authority and title == vn.upper(sig.head_title or "").strip():
        deputy = title.startswith(DEPUTY_TITLES)  # a deputy's title written as the head's
        hint = "spec.signature.own_title.deputy.hint" if deputy else "spec.signature.own_title.hint"
        return ("head_title" if deputy else "signer",
                t("spec.signature.own_title", authority=sig.authority, **params),
                t(hint, authority=sig.authority, head=_head_of(title, head), **params))
    if not sig.authority and title.startswith(DEPUTY_TITLES):
        return ("signer", t("spec.signature.deputy", **params),
                t("spec.signature.deputy.hint", head=_head_of(title, head), **params))
    return None


def _head_of(title: str, head: str | None) -> str:
    """Return the title of the head a deputy titled ``title`` signs for: the agency's ``head_title``
    when it is known and is not ``title``, else ``title`` without its deputy prefix (``PHÓ CHỦ TỊCH``
    -> ``CHỦ TỊCH``, ``THỨ TRƯỞNG`` -> ``BỘ TRƯỞNG``)."""
    if head and vn.upper(head).strip() != title:
        return vn.upper(head).strip()
    if title.startswith("THỨ TRƯỞNG"):
        return "BỘ TRƯỞNG" + title.removeprefix("THỨ TRƯỞNG")
    return title.removeprefix("PHÓ ")


def name_warnings(spec: PlanSpec, signers: Signers, src: Source) -> tuple[str, ...]:
    """Return a warning, at its ``name`` line in ``src`` (``signers.yaml``), for each thing the
    checker would reject in the name of a signer the spec's signature blocks print."""
    blocks = (spec.signature, spec.dispatch.signature, spec.reporting.signature)
    used = [sid for sid in dict.fromkeys(sig.signer for sig in blocks if sig is not None) if sid in signers.signers]
    found = [(sid, key, params) for sid in used for key, params in name_faults(signers.signers[sid].name)]
    if found and src.root is None:  # stored by an earlier build: read again for the lines
        src = reread(src)
    return tuple(_name_warning(src, sid, signers.signers[sid].name, key, params) for sid, key, params in found)


def _name_warning(src: Source, sid: str, name: str, key: str, params: dict) -> str:
    """Return the warning of the fault ``key`` (``params``) of signer ``sid``'s ``name``, at its line."""
    loc = ("signers", sid, "name")
    hint = "spec.signer_name.case.hint" if key in CASE_FAULTS else "spec.signer_name.title.hint"
    return warning_at(src, loc, f"{t('spec.signer_name', problem=t('check.' + key, **params))} — "
                                f"{t(hint, suggest=mended(name), **params)}")


def reread(src: Source) -> Source:
    """Return ``src`` with its nodes (positions), read again if need be, or as given if it cannot be."""
    try:
        return src.with_positions()
    except (OSError, YamlSyntaxError):
        return src
