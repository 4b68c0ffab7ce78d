"""Context pieces every document kind shares: header, number line, rules, signature, text runs."""

from __future__ import annotations

import re

from khcn_docs import header_lines, measure, vn
from khcn_docs.plan import Plan
from khcn_docs.spec.models import Agency, Signature

TEXT_WIDTH_PT = 165 / 25.4 * 72
# Emphasis in spec text: ``*x*`` italic, ``**x**`` bold, ``\\*`` a literal asterisk. A mark opens
# only before a non-space character that is not closing punctuation and closes only after a
# non-space character that is not opening punctuation, neither inside a word nor next to another
# "*": footnote marks (``(*)``, ``(**)``), a lone "*" and ``5 * 3`` or ``5*3*2`` stay text. Marks do
# not nest (asterisks inside a span are text); a mark that does not close is text.
_OPEN = r"(?<![\w\\*]){mark}(?=[^\s*)\]}}.,;:!?»”’])"
_CLOSE = r"(?<=[^\s*(\[{{«“‘\\]){mark}(?![\w*])"
_MARKUP = re.compile(  # each branch starts at "\\" or "*": the lookahead skips every other character cheaply
    r"(?=[\\*])(?:(?P<escaped>\\\*)"
    + "|" + _OPEN.format(mark=r"\*\*") + r"(?P<bold>.+?)" + _CLOSE.format(mark=r"\*\*")
    + "|" + _OPEN.format(mark=r"\*") + r"(?P<italic>.+?)" + _CLOSE.format(mark=r"\*") + ")")


def _unescape(text: str) -> str:
    """Return ``text`` with each ``\\*`` written as the asterisk it stands for."""
    return text.replace("\\*", "*")


def runs(text: str, prefix: str = "") -> list[dict]:
    """Return text runs for ``text``: ``*x*`` an italic run and ``**x**`` a bold one without their
    marks, ``\\*`` an asterisk, every other asterisk kept as text (see ``_MARKUP``)."""
    out = [{"text": prefix}] if prefix else []
    if "*" not in text:  # most text: the pattern tried at every character costs ~20 µs per task line
        return out + [{"text": text}] if text else out
    pos, pending = 0, ""
    for match in _MARKUP.finditer(text):
        pending += text[pos:match.start()]
        pos = match.end()
        if match["escaped"]:
            pending += "*"
            continue
        if pending:
            out.append({"text": pending})
        bold = bool(match["bold"])
        out.append({"text": _unescape(match["bold"] or match["italic"]), "bold" if bold else "italic": True})
        pending = ""
    if pending + text[pos:]:
        out.append({"text": pending + text[pos:]})
    return out


def plain(text: str) -> str:
    """Return ``text`` as a reader sees it: emphasis marks dropped, ``\\*`` an asterisk (the
    text of ``runs``)."""
    return "".join(run["text"] for run in runs(text)) if "*" in text else text


def header_name(agency: Agency) -> str:
    """Return the issuing body's name as printed in the header: capitals, line breaks kept."""
    return vn.upper(agency.header_name or agency.name)


def parent_of(plan: Plan, agency: Agency) -> Agency | None:
    """Return the body standing for ``agency``'s parent at ``plan.as_of``, as for the issuer (Sở
    KH&CN for a centre of Sở TT&TT on a 2025 form; a parent dissolved by then is refused when the
    plan loads); None when it has no parent in the registry."""
    if agency.parent not in plan.registry.agencies:
        return None
    return plan.agency(plan.current_id(agency.parent))


def parent_line(plan: Plan, agency: Agency) -> str:
    """Return the cơ quan chủ quản line (capitals, not bold): the short name of the body standing
    for the agency's parent (``parent_of``), or "" when it has none."""
    parent = parent_of(plan, agency)
    return vn.upper(parent.short_name or parent.name) if parent else ""


def header(plan: Plan, agency: Agency, place_date: str) -> dict:
    """Return the header context: parent line (not bold, 13 pt; broken between word groups by
    ``header_lines.layout`` when too wide), issuing body (its lines as ``header_lines.layout`` sets
    them; ``issuer_runs``: the same as one bold run, its size given when 12 pt, for
    ``{{r hdr.issuer_runs|rich }}``), its rule, place and date. Every document kind's header is
    made here."""
    name, size = header_lines.layout(header_name(agency))
    return {
        "parent": header_lines.layout(parent_line(plan, agency), bold=False, sizes=(header_lines.SIZE,))[0],
        "issuer": name,
        "issuer_runs": [{"text": name, "bold": True, "size": size if size != header_lines.SIZE else None}],
        "issuer_rule": measure.rule(name, size, True, header_lines.COLUMN_PT),
        "place_date": place_date,
    }


def place_of(plan: Plan, agency: Agency) -> str:
    """Return the place name printed before the date for ``agency`` (NĐ30: where the body sits):
    its own or its parents' (as merged by then), else the plan's ``document.place``, else the
    issuer's or its parents' (the issuer as merged by then, else as written). "" only when none is
    written: loading refuses that."""
    written = plan.registry.agencies.get(plan.spec.document.issuer)
    registry, merged = plan.registry, plan.current_id  # parents as merged by then
    return (registry.place(agency, merged) or plan.spec.document.place or registry.place(plan.issuer, merged)
            or (written and registry.place(written)) or "")


def number_line(number: int | None, symbol: str) -> str:
    """Return ``Số: 05/KH-UBND``, or ``Số:      /KH-UBND`` while the number is blank."""
    return f"Số: {vn.number_str(number) if number else ' ' * 6}/{symbol}"


def title_rule(title: str) -> str:
    """Return the underscores drawn under a trích yếu (1/3-1/2 of its longest line)."""
    return measure.rule(title, 14, True, TEXT_WIDTH_PT)


def signature(plan: Plan, sig: Signature | None = None) -> dict:
    """Return the signature context: title lines (capitals) and the signer's name."""
    lines, name = plan.signature_lines(sig)
    return {"lines": list(lines), "name": name}


def recipients(lines) -> list[str]:
    """Return Nơi nhận lines without a leading "- " or trailing ";" (the template adds them)."""
    return [re.sub(r"^[-–]\s*", "", line).rstrip(" ;.") for line in lines]
