"""The kế hoạch itself (mẫu 1.4): context built from the plan's spec."""

from __future__ import annotations

import re

from khcn_docs import vn
from khcn_docs.documents import common
from khcn_docs.documents.unit import Unit
from khcn_docs.plan import Plan, number_label
from khcn_docs.spec.models import Node

KIND = "ke-hoach"
TEMPLATE = "ke-hoach.docx"
TYPE_ABBR = "KH"
HEADING_KIND = {0: "h1", 1: "h2"}


def symbol(plan: Plan) -> str:
    """Return the ký hiệu of the plan as issued: ``KH-UBND`` — its issuer at its own date
    (``Plan.as_issued``), even in a letter read at a later day when that issuer has merged into
    another body (``12/KH-STTTT`` stays so after Sở TT&TT merged into Sở KH&CN)."""
    return f"{TYPE_ABBR}-{plan.as_issued.issuer.abbreviation}"


def reference(plan: Plan) -> str:
    """Return how other documents cite the plan: ``Kế hoạch số 05/KH-UBND ngày 05/01/2025 của UBND tỉnh Quảng Trị``,
    always as issued: its number, ký hiệu and issuer at its own date (``symbol``), whoever sends the letter later."""
    issuer = plan.as_issued.issuer.short_name or plan.as_issued.issuer.name
    return f"{numbered(plan)} của {issuer}"


def numbered(plan: Plan) -> str:
    """Return the plan's number and date, ``Kế hoạch số 05/KH-UBND ngày 05/01/2025`` (blanks in a
    draft): ``reference`` without its issuer, for a plan cited again in the same sentence."""
    doc = plan.spec.document
    number = vn.number_str(doc.number) if doc.number else " " * 6
    date = f" ngày {vn.short_date(doc.date)}" if doc.date else " ngày      /     /" + str(doc.issue_year)
    return f"Kế hoạch số {number}/{symbol(plan)}{date}"


def body_blocks(nodes: tuple[Node, ...], depth: int = 0, item_depth: int = 0) -> list[dict]:
    """Return the body as a flat list of blocks {kind, runs}, numbered per ND30 (I., 1., a), -, +).
    Each node's kind is asked once and its text read by it (``Node.kind`` tries the kinds in turn)."""
    blocks: list[dict] = []
    counter = 0
    for node in nodes:
        node_kind = node.kind
        text = getattr(node, node_kind)
        if node_kind in ("section", "point"):
            label = number_label(depth, counter)
            counter += 1
            if node_kind == "section" and depth == 0:
                text = vn.upper(text)
            kind = HEADING_KIND.get(depth, "h3") if node_kind == "section" else "body"
            blocks.append({"kind": kind, "runs": common.runs(text, prefix=f"{label} ")})
            blocks += body_blocks(node.children, depth + 1, 0)
        elif node_kind == "item":
            bullet = "-" if item_depth == 0 else "+"
            blocks.append({"kind": "body", "runs": common.runs(text, prefix=f"{bullet} ")})
            blocks += body_blocks(node.children, depth, item_depth + 1)
        else:
            blocks.append({"kind": "body", "runs": common.runs(text)})
            blocks += body_blocks(node.children, depth, item_depth)
    return blocks


def can_cu_lines(lines) -> list[str]:
    """Return the căn cứ lines as NĐ30 ends them (Phụ lục I, Mục II.6): each with ";", the last with
    "." — a line written without them, or with TT 01/2011's final ",", gets them."""
    bare = [re.sub(r"\s*[;.,]?\s*$", "", line) for line in lines]
    return [line + ("." if n == len(bare) - 1 else ";") for n, line in enumerate(bare)]


def context(plan: Plan) -> dict:
    """Return the render context of the kế hoạch."""
    spec, doc = plan.spec, plan.spec.document
    issuer = plan.issuer
    place = doc.place or common.place_of(plan, issuer)
    opening = [{"kind": "body", "runs": common.runs(p)} for p in spec.opening]
    return {
        "hdr": common.header(plan, issuer, vn.place_date(place, doc.date, doc.issue_year)),
        "doc": {"number_line": common.number_line(doc.number, symbol(plan)),
                "title": doc.title, "title_rule": common.title_rule(doc.title)},
        "can_cu": can_cu_lines(spec.can_cu),
        "body": opening + body_blocks(spec.body),
        "recipients": common.recipients(spec.recipients),
        "archive": doc.drafting_unit,
        "sig": common.signature(plan),
    }


def units(plan: Plan) -> list[Unit]:
    """Return the one unit of this kind: the plan document."""
    doc = plan.spec.document
    core = {"title": doc.title, "subject": common.number_line(doc.number, symbol(plan)).replace("Số: ", ""),
            "creator": plan.issuer.name, "created": doc.date}
    return [Unit(KIND, None, TEMPLATE, "ke-hoach.docx", context(plan), core, "Kế hoạch", issued=not doc.is_draft)]
