"""Sample render contexts per template, from the bundled example plan (for template lint and docs).

``sample_context(kind)`` returns what the build would give the template ``templates/<kind>.docx``:
the first unit of that kind for the bundled plan; for reminders, which only ``remind`` makes, a
second-round reminder to the first tracked agency.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from khcn_docs.paths import PACKAGE_ROOT

EXAMPLE_SPEC = PACKAGE_ROOT / "variables" / "plans" / "ke-hoach-709.yaml"


@lru_cache(maxsize=1)
def _plan():
    from khcn_docs.spec.load import load_plan

    return load_plan(EXAMPLE_SPEC)


def _reminder_context(plan) -> dict:
    """Return the context of a second reminder (the firmer wording) for the first tracked agency."""
    from khcn_docs.documents import cong_van_don_doc, per_agency

    as_of = dt.date(plan.spec.document.issue_year, plan.spec.reporting.month, plan.spec.reporting.day)
    as_of += dt.timedelta(days=8)
    previous = as_of - dt.timedelta(days=7)
    due = [cong_van_don_doc.Due(per_agency.tracked(plan)[0], as_of.year, 2, previous,
                                previous_by=per_agency.reply_by(plan, previous))]
    return cong_van_don_doc.context(plan, due, as_of, per_agency.reply_by(plan, as_of))


def sample_context(kind: str) -> dict | None:
    """Return a realistic context for the template of ``kind`` (its file stem), or None if unknown."""
    from khcn_docs.build import discover
    from khcn_docs.documents import cong_van_don_doc

    plan = _plan()
    if kind == cong_van_don_doc.KIND:
        return _reminder_context(plan)
    return next((u.context for u in discover(plan) if u.template == f"{kind}.docx"), None)
