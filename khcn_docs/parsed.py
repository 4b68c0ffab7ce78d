"""Parsed variables kept between builds: the registry and signers, validated, stored as JSON.

Like Sphinx's pickled environment, but safe to read: the manifest keeps the validated registry
and signers as JSON, each under a meta key holding the sha256 of the YAML bytes it came from
(``parsed:<known key>``), and the tool's own digest (under ``parsed``). The next build hands them
to ``load_plan``, which takes a model instead of parsing a file only when the file's bytes have
that very hash (the JSON is validated again, so a stored value can never bypass the models). The
spec is always parsed: it is what changes. Each model is a row of its own, read back as it was
stored: no JSON holding the others' JSON as text to decode first.
"""

from __future__ import annotations

import json

from khcn_docs.plan import Plan
from khcn_docs.state import code_digest
from khcn_docs.spec.load import UNBROKEN, WIDE, known_key
from khcn_docs.state import Manifest

KEY = "parsed"
MODELS = KEY + ":"  # the meta keys of the stored models start with it


def known(manifest: Manifest) -> dict[str, bytes]:
    """Return ``load_plan``'s ``known`` from the manifest: {} when none, or stored by another tool.
    The tool's digest and the models are read in one query (the keys under ``KEY``), as UTF-8
    bytes: what pydantic parses JSON from (text would be decoded by SQLite, encoded again by pydantic)."""
    stored = manifest.meta_under(KEY, encoded=True)  # "": the tool's digest; ":<known key>": a model
    if stored.get("") != code_digest().encode():
        return {}
    return {key[1:]: value for key, value in stored.items() if key.startswith(":")}


def wanted(plan: Plan) -> dict[str, bytes]:
    """Return the ``known`` entries of ``plan``'s registry and signers (keyed by their files' hashes),
    and of the registry's names no header lines fit and header names too wide (``UNBROKEN``, ``WIDE``),
    as UTF-8 JSON (``known``'s values)."""
    (_, registry_sha), (_, signers_sha) = plan.sources[1:3]
    registry_json, signers_json = plan.variables_json
    return {known_key(type(plan.registry), registry_sha): registry_json,
            known_key(type(plan.signers), signers_sha): signers_json,
            known_key(UNBROKEN, registry_sha): json.dumps(plan.unbroken_names, ensure_ascii=False).encode(),
            known_key(WIDE, registry_sha): json.dumps(plan.wide_header_names, ensure_ascii=False).encode()}


def remember(plan: Plan, manifest: Manifest, before: dict[str, bytes]) -> None:
    """Store ``plan``'s parsed variables unless ``before`` (what the build started from) is exactly
    that; return None."""
    models = wanted(plan)
    if models != before:
        manifest.replace_meta_under(MODELS, models)
        manifest.set_meta(KEY, code_digest())
