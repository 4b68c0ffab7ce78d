"""Find the parts of an administrative document: header, tên loại and trích yếu, Kính gửi,
body, signature block, and the document's kind.

The header is the first table whose cells hold the Quốc hiệu, or, without such a table, the
leading paragraphs laid out with tabs. The signature block is the last table holding "Nơi
nhận" or a signer line (TM./KT./TL./TUQ./Q.), or the document's last table with a signer title
in capitals in its right column ("GIÁM ĐỐC", its Nơi nhận cell left empty), or else the
paragraphs from "Nơi nhận", a signer line or the paragraph after the closing "./.". Paragraphs
from a "Phụ lục" heading on are an appendix: only the whole-document rules (fonts, encoding)
read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khcn_docs.checks import kinds
from khcn_docs.checks.model import BODY, Para, Segment
from khcn_docs.checks.reader import Document
from khcn_docs.checks.segments import (
    PREFIX, canon, header_role, is_caps, is_rule, is_signer_title, signature_role, split,
)

HEADER_TABLE, SIGNATURE_TABLE = "header-table", "signature-table"
_HEADER_ROLES = {"quoc-hieu", "tieu-ngu", "rule", "so", "vv", "place-date", "stamp"}


@dataclass
class Layout:
    """The parts of one document; roles hold ``(role, Segment)`` pairs in document order."""

    doc: Document
    kind: str = kinds.UNKNOWN
    header: list[tuple[str, Segment]] = field(default_factory=list)
    header_table: int | None = None
    title: Segment | None = None
    summary: list[Segment] = field(default_factory=list)
    summary_line: bool = False
    summary_rule: Para | None = None  # the typed line (underscores) under the trích yếu, if typed
    kinh_gui: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    tables: list[Para] = field(default_factory=list)
    signature: list[tuple[str, Segment]] = field(default_factory=list)
    signature_table: int | None = None

    def everything(self) -> list[Para]:
        """Return body, table, page-header and page-footer paragraphs (each header or footer part once)."""
        seen, out = set(), list(self.doc.paras)
        for sec in self.doc.sections:
            for paras in [*sec.headers.values(), *sec.footers.values()]:
                if id(paras) not in seen:
                    seen.add(id(paras))
                    out += paras
        return out

    def find(self, role: str) -> list[Segment]:
        """Return the header segments with ``role`` (e.g. ``"quoc-hieu"``), in order."""
        return [s for r, s in self.header if r == role]

    def sign(self, role: str) -> list[Segment]:
        """Return the signature-block segments with ``role``, in order."""
        return [s for r, s in self.signature if r == role]

    def rule_after(self, seg: Segment) -> Segment | None:
        """Return the typed line (underscores) right after header segment ``seg`` in its column, or None."""
        column = [(r, s) for r, s in self.header if s.column == seg.column]
        after = column[[s for _, s in column].index(seg) + 1:][:1]
        return after[0][1] if after and after[0][0] == "rule" else None

    def line_after(self, seg: Segment) -> bool:
        """Return True when a line is drawn under header segment ``seg``.

        A line is the paragraph's bottom border, a drawn line shape anchored in it or in the next
        paragraph, or the next segment of the same column being a typed line of underscores.
        """
        if seg.para.border_bottom or seg.para.line_shape:
            return True
        column = [(r, s) for r, s in self.header if s.column == seg.column]
        after = [r for r, s in column[[s for _, s in column].index(seg) + 1:][:1]]
        if after == ["rule"]:
            return True
        nxt = _next_para(self.doc.paras, seg.para)
        return nxt is not None and nxt.line_shape and not nxt.text.strip()


def analyse(doc: Document, kind: str = "auto") -> Layout:
    """Return the ``Layout`` of ``doc``; ``kind`` ``"auto"`` detects it from the content."""
    lay = Layout(doc=doc)
    paras = doc.paras
    rest = _header(lay, paras)
    rest = _title(lay, rest)
    rest = _kinh_gui(lay, rest)
    body, sig = _split_signature(lay, rest)
    lay.body = [p for p in body if p.location == BODY]
    lay.tables = [p for p in paras if p.cell and p.cell[0] not in (lay.header_table, lay.signature_table)]
    lay.signature = _signature_roles(lay, sig)
    for p in paras:
        if p.cell and p.cell[0] in (lay.header_table, lay.signature_table):
            p.location = HEADER_TABLE if p.cell[0] == lay.header_table else SIGNATURE_TABLE
    so = lay.find("so")
    lay.kind = kind if kind != "auto" else kinds.detect(
        lay.title.text if lay.title else None, bool(lay.find("vv")), so[0].text if so else None)
    return lay


def _next_para(paras: list[Para], para: Para) -> Para | None:
    """Return the paragraph after ``para`` in the same container (cell or body), or None."""
    i = para.index  # 1-based position in paras for body/table paragraphs
    if not i or i >= len(paras):
        return None
    nxt = paras[i]
    return nxt if nxt.cell == para.cell else None


def _header(lay: Layout, paras: list[Para]) -> list[Para]:
    """Fill ``lay.header``; return the paragraphs after the header."""
    table = next((p.cell[0] for p in paras if p.cell and canon(p.text).find("CỘNG HÒA") >= 0), None)
    if table is not None and paras.index(next(p for p in paras if p.cell and p.cell[0] == table)) < 12:
        lay.header_table = table
        cells = [p for p in paras if p.cell and p.cell[0] == table]
        for p in sorted(cells, key=lambda p: (p.cell[2], p.index)):
            lay.header += [(header_role(s.text), s) for s in split(p)]
        lay.header = _names_in_any_case(lay.header)
        rest = paras[paras.index(cells[-1]) + 1:]
        return _header_lines(lay, rest, after_table=True)
    return _header_lines(lay, paras, after_table=False)


def _header_lines(lay: Layout, paras: list[Para], after_table: bool) -> list[Para]:
    """Add header segments from plain (tab laid-out) paragraphs; return the paragraphs left."""
    found: list[tuple[str, Segment]] = []
    taken = 0
    for n, p in enumerate(paras[:15]):
        if p.cell:
            break
        segs = split(p)
        roles = [_plain_role(header_role(s.text), found, after_table)
                 if not _body_like(p, s) else None for s in segs]
        if segs and not all(roles):
            break
        found += list(zip(roles, segs))
        if segs:
            taken = n + 1
    has_header = any(r in ("quoc-hieu", "so", "place-date") for r, _ in found)
    if not has_header:
        return paras
    lay.header += found
    return paras[taken:]


def _body_like(p: Para, seg: Segment) -> bool:
    """Return True when a plain paragraph after the header is body text (Kính gửi, justified)."""
    return canon(seg.text).startswith("KÍNH GỬI") or (p.align in ("both", "distribute")
                                                      and header_role(seg.text) == "other")


def _plain_role(role: str, found: list, after_table: bool) -> str | None:
    """Return the role of a plain header segment, or None when it is no longer the header."""
    seen = {r for r, _ in found}
    if role in _HEADER_ROLES:
        return role
    if role == "org" and not after_table and not seen & {"so", "place-date", "vv"}:
        return role
    if role == "other" and not after_table and not seen & {"so", "place-date", "vv"} and len(found) < 4:
        return "org"  # an organisation name not written in capitals (the rule flags the case)
    if role == "other" and found and found[-1][0] == "vv":
        return "vv"
    return None


def _names_in_any_case(header: list[tuple[str, Segment]]) -> list[tuple[str, Segment]]:
    """Return ``header`` with left-column text above "Số:" counted as organisation names."""
    out, seen_so = [], False
    for role, seg in header:
        seen_so = seen_so or (role == "so" and seg.column == "left")
        out.append(("org" if role == "other" and seg.column == "left" and not seen_so else role, seg))
    return out


def _title(lay: Layout, paras: list[Para]) -> list[Para]:
    """Fill tên loại, trích yếu and its line; return the paragraphs after them."""
    i = _skip_empty(paras, 0)
    if i >= len(paras) or paras[i].cell:
        return paras[i:]
    segs = split(paras[i])
    first = segs[0] if segs else None
    if first is None or not (kinds.kind_of_name(first.text) or (
            is_caps(first.text) and paras[i].align == "center" and len(first.text) < 40)):
        return paras[i:]
    lay.title, lay.summary = first, segs[1:]
    i += 1
    while i < len(paras) and len(lay.summary) < 6 and not paras[i].cell:
        p = paras[i]
        if not p.text.strip() or is_rule(p.text) or p.align != "center" or lay.summary and (
                lay.summary[-1].para.border_bottom) or canon(p.text).startswith(("KÍNH GỬI", "CĂN CỨ")):
            break
        lay.summary += split(p)
        i += 1
    lay.summary_line = _summary_line(lay, paras, i)
    if i < len(paras) and is_rule(paras[i].text):
        lay.summary_rule = paras[i]
    while i < len(paras) and (is_rule(paras[i].text) or (paras[i].line_shape and not paras[i].text.strip())):
        i += 1
    return paras[i:]


def _summary_line(lay: Layout, paras: list[Para], i: int) -> bool:
    """Return True when a line is drawn under the trích yếu (border, shape or underscores)."""
    last = lay.summary[-1].para if lay.summary else lay.title.para
    if last.border_bottom or last.line_shape:
        return True
    nxt = paras[i] if i < len(paras) else None
    return nxt is not None and (is_rule(nxt.text) or (nxt.line_shape and not nxt.text.strip()))


def _skip_empty(paras: list[Para], i: int) -> int:
    """Return the index of the first paragraph from ``i`` with visible text."""
    while i < len(paras) and not paras[i].text.strip():
        i += 1
    return i


def _kinh_gui(lay: Layout, paras: list[Para]) -> list[Para]:
    """Fill the Kính gửi block (its line and any "- …" recipient lines); return what follows."""
    i = _skip_empty(paras, 0)
    if i >= len(paras) or not canon(paras[i].text).startswith("KÍNH GỬI"):
        return paras
    lay.kinh_gui = [paras[i]]
    i += 1
    while i < len(paras) and paras[i].text.strip().startswith(("-", "–", "+")):
        lay.kinh_gui.append(paras[i])
        i += 1
    return paras[i:]


def _split_signature(lay: Layout, paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """Return ``(body paragraphs, signature paragraphs)`` and note a signature table."""
    tables = [p.cell[0] for p in paras if p.cell and _signature_like(p.text)] or _signer_table(paras)
    if tables:
        lay.signature_table = tables[-1]
        start = next(n for n, p in enumerate(paras) if p.cell and p.cell[0] == tables[-1])
        sig = [p for p in paras if p.cell and p.cell[0] == tables[-1]]
        return paras[:start], sig
    starts = [n for n, p in enumerate(paras) if not p.cell and _signature_like(p.text)]
    ends = [n for n, p in enumerate(paras) if p.text.rstrip().endswith("./.")]
    after = [n for n, p in enumerate(paras) if ends and n > ends[-1] and not p.cell and p.text.strip()]
    starts += after[:1]
    if not starts:
        return _until_appendix(paras), []
    start = min(starts)
    return paras[:start], [p for p in _until_appendix(paras[start:]) if not p.cell]


def _signer_table(paras: list[Para]) -> list[int]:
    """Return ``[table]`` for a signature table without "Nơi nhận" or a TM./KT. line (its left cell
    left empty: "GIÁM ĐỐC" / name on the right): the last table before any appendix, nothing written
    after it, holding a signer title in capitals outside its first column; else ``[]``."""
    paras = _until_appendix(paras)
    cells = [p for p in paras if p.cell and p.text.strip()]
    if not cells or any(not p.cell and p.text.strip() for p in paras[paras.index(cells[-1]):]):
        return []
    table = cells[-1].cell[0]
    titled = any(p.cell[0] == table and p.cell[2] > 0 and is_caps(s) and is_signer_title(s)
                 for p in cells for s in p.text.split("\n"))
    return [table] if titled else []


def _until_appendix(paras: list[Para]) -> list[Para]:
    """Return ``paras`` up to (not including) a "Phụ lục" heading paragraph."""
    for n, p in enumerate(paras):
        if n and canon(p.text).startswith("PHỤ LỤC") and not p.cell:
            return paras[:n]
    return paras


def _signature_like(text: str) -> bool:
    """Return True when a paragraph holds "Nơi nhận" or starts a signer line (TM./KT./…)."""
    pieces = [canon(x) for x in text.replace("\n", "\t").split("\t") if x.strip()]
    return any(x.startswith("NƠI NHẬN") or PREFIX.match(x) for x in pieces)


def _recipient_like(seg: Segment, before: list[tuple[str, Segment]]) -> bool:
    """Return True when a plain-paragraph line sits in the Nơi nhận list (left, after the label)."""
    labelled = any(r == "label" for r, _ in before)
    return labelled and seg.column == "left" and seg.para.align in ("left", "start", "both")


def _signature_roles(lay: Layout, paras: list[Para]) -> list[tuple[str, Segment]]:
    """Return the signature block's segments with roles.

    The signer's name is the last line; the lines above it in its column are the signer's titles
    (``title``), also when not written in capitals ("Phó Chủ tịch"), so the rule can say so. When
    the last line is itself a title ("PHÓ CHỦ TỊCH", see ``is_signer_title``) there is no name.
    """
    out: list[tuple[str, Segment]] = []
    for p in paras:
        for s in split(p):
            column = s.column if lay.signature_table is not None else None
            role = signature_role(s.text, column)
            if role in ("text", "title") and column is None and _recipient_like(s, out):
                role = "item"
            out.append((role, s))
    signer = [n for n, (r, _) in enumerate(out) if r in ("title", "text")]
    last = out[signer[-1]][1] if signer else None
    if last is not None and is_signer_title(last.text):  # "PHÓ CHỦ TỊCH" last: the name is missing
        for n in signer:
            out[n] = ("title", out[n][1])
    elif len(signer) >= 2:
        for n in signer[:-1]:  # the lines above the name in its column are titles, in capitals or not
            if out[n][0] == "title" or out[n][1].column == last.column:
                out[n] = ("title", out[n][1])
        out[signer[-1]] = ("name", last)
    return out
