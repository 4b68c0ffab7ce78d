"""``remind --pdf``: reminders become PDFs and join their agency's bundle, after its other documents."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from khcn_docs import reminders
from khcn_docs.build import build
from khcn_docs.documents import per_agency
from tests.documents.conftest import BUNDLED, ROOT, ok

pytestmark = [pytest.mark.soffice, pytest.mark.slow]


def outline_titles(pdf) -> list:
    """Return the bundle's outline as nested lists of titles."""
    def walk(items):
        return [walk(i) if isinstance(i, list) else i.title for i in items]
    return walk(PdfReader(str(pdf)).outline)


def test_reminder_pdf_joins_the_agency_bundle(tmp_path):
    out = tmp_path / "output"
    build(BUNDLED, out, templates=ROOT / "templates", pdf=True)
    with reminders.session(BUNDLED, out, None) as (plan, tracker):
        late = "so-tai-chinh"
        for aid in per_agency.tracked(plan):
            if aid != late:
                reminders.record_report(plan, tracker, aid, dt.date(2024, 11, 10), dt.date(2024, 11, 16))
        folder = reminders.plan_folder(out, plan) / per_agency.folder(plan, late)
    printed = ok("remind", BUNDLED, "--as-of", "16/11/2024", "-o", out, "--pdf", "--templates", ROOT / "templates")
    assert "Đã đôn đốc 1 cơ quan" in printed
    reminder = folder / "cong-van-don-doc-2024-lan-1.pdf"
    assert PdfReader(str(reminder)).pages
    assert outline_titles(folder / "tron-bo.pdf") == [
        "Sở Tài chính", ["Sở Tài chính — công văn triển khai", "Sở Tài chính — báo cáo 2024",
                         "Sở Tài chính — công văn đôn đốc năm 2024 lần 1"]]
    packet = outline_titles(folder.parent / "tron-bo.pdf")
    index = packet.index("Sở Tài chính")
    assert packet[index + 1][-1] == "Sở Tài chính — công văn đôn đốc năm 2024 lần 1"
