"""Parsed variables kept between builds: the registry and signers, validated, stored as JSON.

Like Sphinx's pickled environment, but safe to read: the manifest keeps, under one meta key, the
validated registry and signers as JSON, each with the sha256 of the YAML bytes it came from and
the tool's own digest. The next build hands them to ``load_plan``, which takes a model instead of
parsing a file only when the file's bytes have that very hash (the JSON is validated again, so a
stored value can never bypass the models). The spec is always parsed: it is what changes.

The value is a line of JSON naming the tool and the keys, then each stored JSON text on a line of
its own (``encode``): compact JSON holds no line break, and reading the texts back unescapes nothing
(kept as strings inside one JSON text, their quotes escaped, they took 0.6 ms of every rebuild to read).
"""

from __future__ import annotations

import json

from khcn_docs.plan import Plan
from khcn_docs.state import code_digest
from khcn_docs.spec.load import UNBROKEN, WIDE, known_key
from khcn_docs.state import Manifest

KEY = "parsed"


def known(manifest: Manifest) -> dict[str, str]:
    """Return ``load_plan``'s ``known`` from the manifest: {} when none, or stored by another tool."""
    stored = manifest.meta(KEY)
    return {} if stored is None else decode(stored)


def encode(models: dict[str, str]) -> str:
    """Return the meta value keeping ``models`` (key -> compact JSON text) for this tool."""
    head = json.dumps({"tool": code_digest(), "keys": list(models)}, ensure_ascii=False)
    return "\n".join([head, *models.values()])


def decode(stored: str) -> dict[str, str]:
    """Return the models ``encode`` kept in ``stored``: {} when another tool (or another version of
    this one, whatever the form of its value) stored them."""
    head, *texts = stored.split("\n")
    data = json.loads(head)
    keys = data.get("keys") if data.get("tool") == code_digest() else None
    return dict(zip(keys, texts)) if isinstance(keys, list) and len(keys) == len(texts) else {}


def wanted(plan: Plan) -> dict[str, str]:
    """Return the ``known`` entries of ``plan``'s registry and signers (keyed by their files' hashes),
    and of the registry's names no header lines fit and header names too wide (``UNBROKEN``, ``WIDE``)."""
    (_, registry_sha), (_, signers_sha) = plan.sources[1:3]
    registry_json, signers_json = plan.variables_json
    return {known_key(type(plan.registry), registry_sha): registry_json,
            known_key(type(plan.signers), signers_sha): signers_json,
            known_key(UNBROKEN, registry_sha): json.dumps(plan.unbroken_names, ensure_ascii=False),
            known_key(WIDE, registry_sha): json.dumps(plan.wide_header_names, ensure_ascii=False)}


def remember(plan: Plan, manifest: Manifest, before: dict[str, str]) -> None:
    """Store ``plan``'s parsed variables unless ``before`` (what the build started from) is exactly
    that; return None."""
    models = wanted(plan)
    if models != before:
        manifest.set_meta(KEY, encode(models))
