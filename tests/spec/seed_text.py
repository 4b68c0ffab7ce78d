"""The seed plan's text, line by line, and the same text flattened from a ``Plan``.

Used by the spec tests (the bundled spec encodes every paragraph of the seed) and by the
rendering tests (the .docx reproduces the seed): both compare against ``seed_lines()``.

Import as ``from tests.spec.seed_text import flatten, seed_lines, CORRECTIONS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from khcn_docs import vn
from khcn_docs.plan import Plan, number_label
from khcn_docs.spec.models import Node

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_709.txt"
BUNDLED_SPEC = Path(__file__).resolve().parents[2] / "variables" / "plans" / "ke-hoach-709.yaml"
KIND_CODES = {"ke-hoach": ("KH", "KẾ HOẠCH")}
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")


@dataclass(frozen=True)
class Correction:
    """One deliberate difference between the seed as written and the bundled spec.

    ``seed`` is text of the seed (lines joined by ``\\n``, after NFC and whitespace folding)
    that must occur exactly once; ``fixed`` replaces it."""

    name: str
    seed: str
    fixed: str


CORRECTIONS: tuple[Correction, ...] = (
    Correction("page break splits II.2.a-1 (…ngày 17/11/2022 | Ban Chấp hành…)",
               "ngày 17/11/2022\nBan Chấp hành Trung ương", "ngày 17/11/2022 Ban Chấp hành Trung ương"),
    Correction("page break splits II.2.b-2 (…đầu tư cho các | hoạt động…)",
               "đầu tư cho các\nhoạt động nghiên cứu", "đầu tư cho các hoạt động nghiên cứu"),
    Correction("page break splits II.2.d-2 (…của doanh | nghiệp…)",
               "của doanh\nnghiệp, khuyến khích", "của doanh nghiệp, khuyến khích"),
    Correction("page break splits II.6.a (…với đối | tác chiến lược…)",
               "với đối\ntác chiến lược", "với đối tác chiến lược"),
    Correction("typo in Nơi nhận: the Ministry is Bộ KH&CN",
               "- Bộ KH&CH (B/c);", "- Bộ KH&CN (B/c);"),
    Correction("emphasis markers: *…* is italic in the document, the asterisks are not text",
               "(gọi tắt là *Quyết định số 709/QĐ-TTg của Thủ tướng Chính phủ*)",
               "(gọi tắt là Quyết định số 709/QĐ-TTg của Thủ tướng Chính phủ)"),
    Correction("emphasis markers: *…* is italic in the document, the asterisks are not text",
               "(gọi tắt là *Kế hoạch số 141-KH/TU của Tỉnh ủy*)",
               "(gọi tắt là Kế hoạch số 141-KH/TU của Tỉnh ủy)"),
)


def normalise(text: str) -> str:
    """Return ``text`` in NFC with whitespace runs folded to one space and stripped."""
    return vn.fold_ws(vn.nfc(text))


def raw_seed_lines(path: Path = SEED) -> list[str]:
    """Return the seed's non-empty lines after NFC and whitespace folding, uncorrected."""
    lines = (normalise(line) for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def apply_corrections(lines: list[str], corrections: tuple[Correction, ...] = CORRECTIONS) -> list[str]:
    """Return ``lines`` with each correction applied; raise ValueError if one does not occur exactly once."""
    text = "\n".join(lines)
    for corr in corrections:
        count = text.count(corr.seed)
        if count != 1:
            raise ValueError(f"correction {corr.name!r} occurs {count} times in the seed, expected once")
        text = text.replace(corr.seed, corr.fixed)
    return text.split("\n")


def seed_lines(path: Path = SEED) -> list[str]:
    """Return the seed's non-empty lines, normalised, with ``CORRECTIONS`` applied."""
    return apply_corrections(raw_seed_lines(path))


def plain(text: str) -> str:
    """Return ``text`` as printed: ``*x*`` emphasis markers dropped, whitespace folded."""
    return normalise(_EMPHASIS.sub(r"\1", text))


def flatten(plan: Plan) -> list[str]:
    """Return the plan's text as the seed lays it out: one string per non-empty line, in order.

    Lines: Số, place and date, the kind's name, trích yếu, căn cứ and opening paragraphs,
    the body (numbered headings and points with their labels, "-"/"+" items, paragraphs),
    Nơi nhận with the "- Lưu" line, the signature's title lines and the signer's name."""
    lines = _header(plan) + [plain(p) for p in plan.spec.can_cu + plan.spec.opening]
    lines += _body(plan.spec.body, depth=0, parent_kind=None)
    lines += _recipients(plan)
    titles, name = plan.signature_lines()
    return lines + list(titles) + [name]


def _header(plan: Plan) -> list[str]:
    """Return the Số line, the place/date line, the kind's name and the trích yếu."""
    doc = plan.spec.document
    code, kind_name = KIND_CODES[doc.kind]
    number = vn.number_str(doc.number) if doc.number else ""
    place = doc.place or plan.issuer.place or ""
    return [normalise(f"Số: {number}/{code}-{plan.issuer.abbreviation}"),
            normalise(vn.place_date(place, doc.date, doc.issue_year)),
            kind_name, plain(doc.title)]


def _body(nodes: tuple[Node, ...], depth: int, parent_kind: str | None) -> list[str]:
    """Return the lines of ``nodes`` at ``depth`` (the number of enclosing sections/points)."""
    lines: list[str] = []
    counter = 0
    for node in nodes:
        lines.append(_line(node, depth, counter, parent_kind))
        numbered = 1 if node.kind in ("section", "point") else 0
        counter += numbered
        lines += _body(node.children, depth + numbered, node.kind)
    return lines


def _line(node: Node, depth: int, counter: int, parent_kind: str | None) -> str:
    """Return one node's line: label and text, "-"/"+" and text, or the text alone."""
    text = plain(node.text)
    if node.kind in ("section", "point"):
        if node.kind == "section" and depth == 0:
            text = vn.upper(text)
        return f"{number_label(depth, counter)} {text}"
    if node.kind == "item":
        return f"{'+' if parent_kind == 'item' else '-'} {text}"
    return text


def _recipients(plan: Plan) -> list[str]:
    """Return "Nơi nhận:", one "- r;" line per recipient and the "- Lưu: VT, <unit>." line."""
    items = [f"- {plain(r)};" for r in plan.spec.recipients]
    return ["Nơi nhận:", *items, f"- Lưu: VT, {plan.spec.document.drafting_unit}."]
