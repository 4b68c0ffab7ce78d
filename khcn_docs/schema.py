"""The JSON Schema of a plan spec, so that editors can check a spec while the clerk types it.

It is pydantic's schema of ``PlanSpec`` plus what the models check in code and editors can check
too: clerk-style dates (``15/11/2024``), exactly one of section/point/item/paragraph per body
entry, ``head_title`` with KT./TL./TUQ./Q., a number with its date, whole numbers also in quotes,
and a short description of each key in the clerk's language (``--lang``, ``KHCN_DOCS_LANG``;
Vietnamese by default: messages ``schema.*`` of the locale files).
"""

from __future__ import annotations

from typing import Any

from khcn_docs.i18n import t
from khcn_docs.spec.models import PlanSpec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "Tệp kế hoạch khcn-docs / khcn-docs plan spec"
NODE_KINDS = ("section", "point", "item", "paragraph")
_ISO = r"^\d{4}-\d{2}-\d{2}$"  # the shape of ``format: date``, for validators that only annotate formats
_DMY = r"^(?:\d{1,2}([/.-])\d{1,2}\1\d{4}|\d{4}-\d{1,2}-\d{1,2})$"
"""15/11/2024, 15-11-2024, 15.11.2024, 2024-11-5 (as ``vn.parse_date``)"""
_DIGITS = r"^\s*\+?\d+\s*$"
"""A whole number written in quotes (``number: "135"``, ``"0135"``), as the loader reads it."""
BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
"""pydantic's names for bounds it leaves untranslated (after a BeforeValidator) -> JSON Schema's."""

# (model, field) described to editors; "" model means the top level. The text is the message
# ``schema.<model or file>.<field>`` of khcn_docs/locale/<lang>.yaml, in the language chosen.
DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    *(("", key) for key in ("variables", "revises", "document", "opening", "can_cu", "body", "reporting",
                            "recipients", "signature", "dispatch")),
    *(("DocumentMeta", key) for key in ("issuer", "number", "date", "year", "place", "title", "drafting_unit")),
    *(("Node", key) for key in ("section", "point", "item", "paragraph", "task", "lead", "support", "deadline",
                                "product", "children")),
    *(("Reporting", key) for key in ("day", "month", "via", "to", "signature", "years")),
    *(("Signature", key) for key in ("collective", "authority", "head_title", "signer")),
    *(("Dispatch", key) for key in ("sender", "unit", "signature", "number", "numbers", "dates", "date",
                                    "reminder_days")),
)

# models described (editors show it over the block); "" is the whole file: message
# ``schema.model.<model or file>``. Without these, pydantic would show each model's docstring:
# English, written for developers.
MODEL_DESCRIPTIONS: tuple[str, ...] = ("", "DocumentMeta", "Node", "Reporting", "Signature", "Dispatch")


def description(model: str, field: str | None = None) -> str:
    """Return the description of ``field`` of ``model`` ("": the top level), or of the model itself
    when ``field`` is None, in the active language."""
    owner = model or "file"
    return t(f"schema.model.{owner}" if field is None else f"schema.{owner}.{field}")


def spec_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a plan spec, as a JSON-ready dict."""
    schema = PlanSpec.model_json_schema()
    defs = schema.get("$defs", {})
    _describe(schema, defs)
    _accept_clerk_dates(schema)
    _json_schema_bounds(schema)
    _accept_quoted_numbers(schema)
    defs["Node"]["oneOf"] = [{"required": [kind]} for kind in NODE_KINDS]
    defs["Signature"]["if"] = {"required": ["authority"], "properties": {"authority": {"type": "string"}}}
    defs["Signature"]["then"] = {"required": ["head_title"]}
    defs["DocumentMeta"]["dependentRequired"] = {"number": ["date"], "date": ["number"]}  # issued: both
    defs["Dispatch"]["dependentRequired"] = {"number": ["date"], "numbers": ["date"]}  # dated, numbered later
    return {"$schema": DRAFT, **schema, "title": TITLE}


def _describe(schema: dict, defs: dict) -> None:
    """Add the descriptions of MODEL_DESCRIPTIONS to the file and its models, and of DESCRIPTIONS to
    their properties, in the active language; a model not in MODEL_DESCRIPTIONS keeps none (never
    its English docstring)."""
    for model in ("", *defs):
        owner = schema if not model else defs[model]
        owner.pop("description", None)
        if model in MODEL_DESCRIPTIONS:
            owner["description"] = description(model)
    for model, field in DESCRIPTIONS:
        owner = schema if not model else defs[model]
        owner["properties"][field]["description"] = description(model, field)


def _json_schema_bounds(node: Any) -> None:
    """Rename pydantic's ``ge``/``le`` left in a number's schema to ``minimum``/``maximum``, which
    editors check (they ignore unknown keywords, so a number out of range went unmarked)."""
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            for ours, theirs in BOUNDS.items():
                if ours in node:
                    node[theirs] = node.pop(ours)
        for value in node.values():
            _json_schema_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _json_schema_bounds(value)


def _accept_quoted_numbers(node: Any) -> None:
    """Let every ``integer`` also be written as quoted decimal digits (``number: "135"``), which
    the loader reads as that number; the bounds are checked on the unquoted form only (the build
    checks both)."""
    if isinstance(node, dict):
        for value in node.values():
            _accept_quoted_numbers(value)
        if node.get("type") == "integer":
            number = {key: node.pop(key) for key in list(node) if key not in ("title", "description", "default")}
            node["anyOf"] = [number, {"type": "string", "pattern": _DIGITS}]
    elif isinstance(node, list):
        for value in node:
            _accept_quoted_numbers(value)


def _accept_clerk_dates(node: Any) -> None:
    """Let every ``format: date`` string also be written ``dd/mm/yyyy`` (as the loader accepts)."""
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            del node["format"]
            node["anyOf"] = [{"format": "date", "pattern": _ISO}, {"pattern": _DMY}]
        for value in node.values():
            _accept_clerk_dates(value)
    elif isinstance(node, list):
        for value in node:
            _accept_clerk_dates(value)
