"""A unit of work: one document kind for one agency (or for the plan), with what it consumes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable

from khcn_docs.state import canonical_json


@dataclass(frozen=True)
class Unit:
    """One document to produce: kind × agency, its template, output path and full render input.

    The render context is given (``_context``) or made on first use by ``make``; the document
    properties (``_core``) are given, or a function making them on first use. ``inputs`` is a
    cheap key of everything ``make`` reads (see ``per_agency.inputs_key``): while it equals the
    key recorded at the last build, the context — and so the document — is known not to have
    changed, and is not made at all. An empty ``inputs`` means "always make the context".
    """

    kind: str
    agency: str | None
    template: str               # file name under templates/
    out: str                    # path relative to the plan's output folder (POSIX, ASCII)
    _context: dict | None = field(compare=False, repr=False)
    _core: dict | Callable[[], dict] = field(compare=False, repr=False)
    label: str = ""             # what a clerk calls it ("Kế hoạch", "Sở Nội vụ — công văn")
    variant: str = ""           # tells apart units of one kind and agency (the report form's year)
    make: Callable[[], dict] | None = field(default=None, compare=False, repr=False)
    inputs: str = field(default="", compare=False)
    issued: bool = field(default=False, compare=False)
    """True when the document carries its own number and date (the plan's, or the dispatch's for
    the dispatch letters): once written so, a rebuild must not rewrite it (``issued.py``)."""
    key: str = field(init=False, compare=False)
    """The unit's stable identity: ``kind:agency`` (``kind:-`` for plan-level documents), then
    ``:variant`` when the kind has several per agency (``bao-cao:so-noi-vu:2025``)."""

    def __init__(self, kind: str, agency: str | None, template: str, out: str, _context: dict | None,
                 _core: dict | Callable[[], dict], label: str = "", variant: str = "",
                 make: Callable[[], dict] | None = None, inputs: str = "", issued: bool = False) -> None:
        """Set every field at once, ``key`` made from ``kind``, ``agency`` and ``variant``: the
        ``__init__`` a frozen dataclass makes sets each field through ``object.__setattr__``, a
        quarter of what ``discover`` does per unit (the dataclass keeps this one)."""
        base = f"{kind}:{agency or '-'}"
        vars(self).update(kind=kind, agency=agency, template=template, out=out, _context=_context, _core=_core,
                          label=label, variant=variant, make=make, inputs=inputs, issued=issued,
                          key=f"{base}:{variant}" if variant else base)

    @property
    def context(self) -> dict:
        """Return the render context, making it (once) when it was deferred."""
        if self._context is None:
            object.__setattr__(self, "_context", self.make() if self.make else {})
        return self._context

    @property
    def core(self) -> dict:
        """Return the document properties (title, subject, creator, date), making them (once) when
        they were deferred: a unit whose inputs key is unchanged is never rendered, nor digested."""
        if callable(self._core):
            object.__setattr__(self, "_core", self._core())
        return self._core

    def input_digest(self) -> str:
        """Return a hash of exactly what the unit renders from: its context and core metadata (not
        where it is written: a document whose folder was renumbered is moved, not changed)."""
        payload = canonical_json([self.context, self.core])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
