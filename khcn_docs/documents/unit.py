"""A unit of work: one document kind for one agency (or for the plan), with what it consumes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Unit:
    """One document to produce: kind × agency, its template, output path and full render input."""

    kind: str
    agency: str | None
    template: str               # file name under templates/
    out: str                    # path relative to the plan's output folder (POSIX, ASCII)
    context: dict = field(compare=False)
    core: dict = field(compare=False)
    label: str = ""             # what a clerk calls it ("Kế hoạch", "Sở Nội vụ — công văn")
    variant: str = ""           # tells apart units of one kind and agency (the report form's year)

    @property
    def key(self) -> str:
        """Return the unit's stable identity: ``kind:agency`` (``kind:-`` for plan-level documents),
        then ``:variant`` when the kind has several per agency (``bao-cao:so-noi-vu:2025``)."""
        base = f"{self.kind}:{self.agency or '-'}"
        return f"{base}:{self.variant}" if self.variant else base

    def input_digest(self) -> str:
        """Return a hash of exactly what the unit renders from: its context, core metadata and output path."""
        payload = json.dumps([self.context, self.core, self.out], ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
