"""Every template lays the signature area out as ND30's sơ đồ does (read back from rendered .docx).

"Nơi nhận:" and the signer's first title line stand level, both one gap under the body (ô 7a,
9b); the further title lines sit under the first and the name has no space above it. A công văn
to several agencies lists them, dash first, right after the colon of "Kính gửi:" (ô 9a).

The space above the first title line was set on the ``{%p for line in sig.lines %}`` control
paragraph, which rendering removes: the title started right under the body's last line, one line
above "Nơi nhận:".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import Length, Pt

from khcn_docs import measure
from khcn_docs.build import discover
from khcn_docs.checks.reader import read
from khcn_docs.documents import per_agency
from khcn_docs.render import compile_template
from khcn_docs.spec.load import load_plan
from tests.render.docx_facts import para_value

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "variables" / "plans" / "ke-hoach-709.yaml"
TEMPLATES = {  # template -> the unit kind whose context renders it (the reminder shares the letter's)
    "ke-hoach.docx": "ke-hoach", "cong-van-trien-khai.docx": "cong-van-trien-khai",
    "bao-cao.docx": "bao-cao", "cong-van-don-doc.docx": "cong-van-trien-khai",
}
AGENCIES = ["Sở Nội vụ", "Sở Tài chính", "Ủy ban nhân dân huyện Vĩnh Linh"]


@pytest.fixture(scope="module")
def contexts() -> dict[str, object]:
    """Return the first unit of each kind of the bundled plan."""
    units = {}
    for unit in discover(load_plan(SPEC), sorted(set(TEMPLATES.values()))):
        units.setdefault(unit.kind, unit)
    return units


def rendered(tmp_path: Path, units, template: str, **changes) -> Path:
    """Return the path of ``template`` rendered with its unit's context updated with ``changes``."""
    unit = units[TEMPLATES[template]]
    path = tmp_path / template
    path.write_bytes(compile_template(ROOT / "templates" / template).render_bytes({**unit.context, **changes}))
    return path


def signature_cells(doc):
    """Return the written paragraphs of the last table's left and right cells."""
    table = max(p.cell[0] for p in doc.paras if p.cell)
    cell = [p for p in doc.paras if p.cell and p.cell[0] == table and p.text.strip()]
    return [p for p in cell if p.cell[2] == 0], [p for p in cell if p.cell[2] == 1]


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_noi_nhan_and_first_title_are_level_under_the_body(tmp_path, contexts, template):
    left, right = signature_cells(read(str(rendered(tmp_path, contexts, template))))
    label, (first, *more, name) = left[0], right
    assert label.text == "Nơi nhận:"
    assert first.space_before == label.space_before >= Pt(6), (first.text, first.space_before.pt)
    for line in more:  # the next titles sit under the first: same style, its space dropped between them
        assert line.style_id == first.style_id and line.contextual and first.contextual, line.text
    assert name.space_before == 0, name.text


@pytest.mark.parametrize("template", ["cong-van-trien-khai.docx", "cong-van-don-doc.docx"])
def test_kinh_gui_list_starts_after_the_colon(tmp_path, contexts, template):
    doc = Document(str(rendered(tmp_path, contexts, template, kg=per_agency.kinh_gui(AGENCIES))))
    texts = [p.text for p in doc.paragraphs]
    head = doc.paragraphs[texts.index("Kính gửi:")]
    items = doc.paragraphs[texts.index("Kính gửi:") + 1:][:len(AGENCIES)]
    assert [p.text.split(" ", 1)[0] for p in items] == ["-"] * len(AGENCIES)
    label = measure.text_width_pt("Kính gửi:", 14)
    space = measure.text_width_pt("Kính gửi: ", 14) - label
    start = para_value(head, "left_indent") + (para_value(head, "first_line_indent") or 0)
    for item in items:
        dash = Length(para_value(item, "left_indent") + para_value(item, "first_line_indent") - start).pt
        assert label + space / 2 <= dash <= label + 2 * space, (item.text, dash, label)
