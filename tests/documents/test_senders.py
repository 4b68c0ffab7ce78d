"""Who signs and numbers the letters: the dispatch letters are their sender's (``dispatch.sender``),
the reminders the monitor's, whichever body sent the dispatch letters (built and read back)."""

from __future__ import annotations

import pytest
from docx import Document

from tests.documents.conftest import ROOT, ok, texts
from tests.spec.tiny_spec import VALID, write_project

DEPUTY = "  pho-giam-doc-skhcn:\n    name: Trần Thị Lan\n    title: PHÓ GIÁM ĐỐC\n    agency: so-khcn\n"


def signature(path) -> list[str]:
    """Return the lines of the signature block (the signature table's right cell) of the .docx at ``path``."""
    cell = Document(str(path)).tables[-1].rows[0].cells[1]
    return [p.text for p in cell.paragraphs if p.text.strip()]


def build_and_remind(tmp_path, spec: str, signers_extra: str = ""):
    """Build ``spec``, remind on 20/11/2024; return the folder of Sở Nội vụ's documents."""
    path, out = write_project(tmp_path, spec), tmp_path / "out"
    if signers_extra:
        signers = path.parent.parent / "signers.yaml"
        signers.write_text(signers.read_text(encoding="utf-8") + signers_extra, encoding="utf-8")
    ok("build", path, "-o", out, "-q", "--templates", ROOT / "templates")
    ok("remind", path, "--as-of", "20/11/2024", "-o", out, "--templates", ROOT / "templates")
    return out / "plan" / "04-so-noi-vu"


@pytest.fixture(scope="module")
def from_issuer(tmp_path_factory):
    """Sở Nội vụ's folder of a plan whose dispatch letters the issuer sends, with no signature nor unit of their own."""
    return build_and_remind(tmp_path_factory.mktemp("issuer"), VALID + "dispatch:\n  sender: issuer\n")


def test_the_issuers_letters_carry_its_unit_and_the_plans_signature(from_issuer):
    letter = from_issuer / "cong-van-trien-khai.docx"
    assert "Số:       /UBND-KGVX" in texts(letter) and "- Lưu: VT, KGVX." in texts(letter)
    assert signature(letter) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Đức Tiến"]


def test_the_reminders_are_signed_by_the_monitors_head_when_the_issuer_sent_the_letters(from_issuer):
    """The monitor's head is the signer of signers.yaml whose ``agency`` is the monitor and whose
    title is its ``head_title`` (no name to fill in by hand)."""
    reminder = from_issuer / "cong-van-don-doc-2024-lan-1.docx"
    assert "Số:       /SKHCN-QLKH" in texts(reminder)
    assert signature(reminder) == ["GIÁM ĐỐC", "Nguyễn Văn Minh"]


def test_the_reminders_own_signature_wins_over_the_dispatch_letters(tmp_path):
    spec = VALID.replace("  via: so-khcn\n", "  via: so-khcn\n  signature:\n    authority: KT\n"
                                               "    head_title: GIÁM ĐỐC\n    signer: pho-giam-doc-skhcn\n")
    folder = build_and_remind(tmp_path, spec + "dispatch:\n  signature:\n    signer: giam-doc-skhcn\n", DEPUTY)
    assert signature(folder / "cong-van-trien-khai.docx") == ["GIÁM ĐỐC", "Nguyễn Văn Minh"]
    assert signature(folder / "cong-van-don-doc-2024-lan-1.docx") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Lan"]
