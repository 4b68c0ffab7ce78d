"""The signature block (Nơi nhận, the signer's titles and name) never splits across pages and is
never left alone on a page, in every document kind, wherever the body ends (real LibreOffice).

The bundled revision plan's kế hoạch ended with the block split over pages 8 and 9 and the name
alone on page 9. Here each kind is rendered from its real template and context with 0, 2, 4…
one-line paragraphs added before the body: about a page's worth of lines, so the body's end
passes through the bottom of a page whatever the plan's text, and one of the variants ends
where the block no longer fits under it.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pypdf import PdfReader

from khcn_docs import pdf
from tests.pdf.pdfread import body_text

pytestmark = [pytest.mark.soffice, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "variables" / "plans" / "ke-hoach-709-sua-doi-2025.yaml"
KINDS = {"ke-hoach": "body", "cong-van-trien-khai": "body", "bao-cao": "before"}  # kind -> padded list
PADDING = range(0, 34, 2)  # a one-line paragraph is 22 pt; an A4 page holds 33 of them


def padded(context: dict, key: str, lines: int) -> dict:
    """Return ``context`` with ``lines`` one-line body paragraphs put before its ``key`` blocks."""
    out = copy.deepcopy(context)
    out[key] = [{"kind": "body", "runs": [{"text": f"Dòng thêm thứ {n + 1}."}]} for n in range(lines)] + out[key]
    return out


@pytest.fixture(scope="module")
def variants(tmp_path_factory, need_soffice) -> list[tuple[str, int, dict, Path]]:
    """Render every kind with every padding, convert them in one go; return (kind, lines, context, pdf)."""
    from khcn_docs.build import discover
    from khcn_docs.render import compile_template
    from khcn_docs.spec.load import load_plan

    if not SPEC.is_file():
        pytest.skip("the bundled revision plan is not present")
    folder = tmp_path_factory.mktemp("signature")
    units = {}
    for unit in discover(load_plan(SPEC), list(KINDS)):
        units.setdefault(unit.kind, unit)  # the plan, and the first agency's letter and form
    made = []
    for kind, key in KINDS.items():
        template = compile_template(ROOT / "templates" / units[kind].template)
        for lines in PADDING:
            context = padded(units[kind].context, key, lines)
            path = folder / f"{kind}-{lines:02d}.docx"
            path.write_bytes(template.render_bytes(context, units[kind].core))
            made.append((kind, lines, context, path))
    report = pdf.convert([path for *_, path in made])
    assert report.ok, report.failed
    return [(kind, lines, context, path.with_suffix(".pdf")) for kind, lines, context, path in made]


def test_the_bundled_revision_plan_is_one_of_the_cases(variants):
    """The plan as the tester built it (no padding) is among the variants."""
    assert ("ke-hoach", 0) in {(kind, lines) for kind, lines, _, _ in variants}


def test_signature_block_is_on_one_page_with_the_end_of_the_body(variants):
    wrong = []
    for kind, lines, context, path in variants:
        pages = [body_text(page) for page in PdfReader(path).pages]
        title, name = context["sig"]["lines"][0], context["sig"]["name"]
        on = [n for n, text in enumerate(pages) if title in text]
        page = pages[on[-1]] if on else ""
        body_end = page.split("Nơi nhận:")[0]
        if not (len(on) == 1 and name in page and "- Lưu: VT," in page and "./." in body_end):
            wrong.append((kind, lines, [n + 1 for n in on], len(pages)))
    assert wrong == []
